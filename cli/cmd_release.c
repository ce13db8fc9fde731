/* `witc release`: the next `X.Y.Z-rc-YYYY-MM-DD.N`, WIT bumped, validated, committed and
 * tagged `v<version>` (annotated). Refusals exit 1 with nothing changed. */
#include "cli.h"
#include "vcs.h"

#include <stdio.h>
#include <string.h>

static void help(FILE *out)
{
    fputs("usage: witc release [--base X.Y.Z] [--date YYYY-MM-DD] [--dry-run] [--no-tag]\n"
          "                    [--wit DIR]... [--remote NAME] [PATH]\n\n"
          "Cuts the next release candidate <base>-rc-<date>.<N> of the repository at PATH\n"
          "(default: the current folder). N is one more than the highest N tagged for that\n"
          "base and date, locally or on the remote (default: origin). Rewrites the `package`\n"
          "lines, references between the repository's packages and release-candidate\n"
          "@since versions in wit/ and wit-*/ (never deps/), validates, commits\n"
          "\"Release <version>\" and creates the annotated tag v<version>.\n\n"
          "  --base X.Y.Z      the release being prepared (default: the package version\n"
          "                    without its pre-release part)\n"
          "  --date DATE       the candidate's date (default: today, UTC)\n"
          "  --dry-run         print the diff and the tag, write nothing\n"
          "  --no-tag          stop after the commit\n"
          "  --wit DIR         a WIT folder to bump (repeatable; default wit and wit-*)\n"
          "  --remote NAME     the remote whose tags count too\n",
          out);
}

int cmd_release(int argc, char **argv)
{
    vcs_release_opts o;
    const char *dirs[16];
    memset(&o, 0, sizeof o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            help(stdout);
            return EXIT_OK;
        } else if (strcmp(a, "--dry-run") == 0) {
            o.dry_run = true;
        } else if (strcmp(a, "--no-tag") == 0) {
            o.no_tag = true;
        } else if (strcmp(a, "--base") == 0 || strcmp(a, "--date") == 0 ||
                   strcmp(a, "--wit") == 0 || strcmp(a, "--remote") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("release", "%s needs a value", a);
            const char *v = argv[++i];
            if (strcmp(a, "--base") == 0)
                o.base = v;
            else if (strcmp(a, "--date") == 0)
                o.date = v;
            else if (strcmp(a, "--remote") == 0)
                o.remote = v;
            else if (o.nwit_dirs < 16)
                dirs[o.nwit_dirs++] = v;
            else
                return cli_usage_error("release", "too many --wit folders");
        } else if (a[0] == '-') {
            return cli_usage_error("release", "unknown option `%s`", a);
        } else if (!o.repo_path) {
            o.repo_path = a;
        } else {
            return cli_usage_error("release", "unexpected argument `%s`", a);
        }
    }
    if (o.nwit_dirs)
        o.wit_dirs = dirs;
    o.validate = vcs_validate_wit;
    o.out = stdout;
    vcs_ctx cx;
    vcs_ctx_init(&cx);
    cx.progress = stderr;
    char *version = NULL;
    int rc = vcs_release(&o, &version, &cx);
    if (rc == VCS_ENOMEM)
        fprintf(stderr, "witc: release: out of memory\n");
    else if (rc)
        fprintf(stderr, "witc: release: %s\n", cx.msg.data ? cx.msg.data : "failed");
    else if (!o.dry_run)
        printf("released %s\n", version);
    wit_free(version);
    vcs_ctx_free(&cx);
    return rc == VCS_OK ? EXIT_OK : rc == VCS_EINPUT ? EXIT_INPUT : EXIT_ENV;
}
