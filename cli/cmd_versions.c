/* `witc versions [PATH]`: a repository's tags in semver order, non-versions flagged. */
#include "cli.h"
#include "vcs.h"

#include <stdio.h>
#include <string.h>

int cmd_versions(int argc, char **argv)
{
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            puts("usage: witc versions [PATH]\n\n"
                 "Lists the tags of the repository at PATH (default: the current folder) in\n"
                 "semver order: rc-DATE < rc-DATE.1 < rc-DATE.2 < rc-DATE.10 < a later date <\n"
                 "the release. Tags that are not versions are listed last and flagged.");
            return EXIT_OK;
        }
        if (argv[i][0] == '-')
            return cli_usage_error("versions", "unknown option `%s`", argv[i]);
        if (path)
            return cli_usage_error("versions", "unexpected argument `%s`", argv[i]);
        path = argv[i];
    }
    vcs_ctx cx;
    size_t bad = 0;
    vcs_ctx_init(&cx);
    int rc = vcs_versions(path, stdout, &bad, &cx);
    if (rc)
        fprintf(stderr, "witc: versions: %s\n", cx.msg.data ? cx.msg.data : "failed");
    else if (bad)
        fprintf(stderr, "witc: versions: %zu tag%s not a version\n", bad, bad == 1 ? " is" : "s are");
    vcs_ctx_free(&cx);
    return rc == VCS_OK ? EXIT_OK : rc == VCS_EINPUT ? EXIT_INPUT : EXIT_ENV;
}
