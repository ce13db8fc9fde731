/* `witc check`: parse, resolve and validate WIT packages, and report every problem.
 *
 * Each PATH is loaded in its own session (a directory with deps/, or one .wit file), so
 * one broken package does not hide the diagnostics of the next. Text diagnostics go to
 * stderr with a one-line summary per path on stdout; the json and github forms, meant
 * for machines and CI annotations, go to stdout. */
#include "common.h"

#include <string.h>

static void help(FILE *out)
{
    fputs("usage: witc check [options] PATH...\n\n"
          "Parses, resolves and validates WIT the way wit-parser does. PATH is a directory\n"
          "(its *.wit files are one package; deps/ holds dependencies) or a single .wit file.\n\n"
          "options:\n"
          "  --features A,B        enable @unstable features (repeatable; comma or space separated)\n"
          "  --all-features        enable every @unstable feature\n"
          "  --format FMT          text (default), json (one record per line), github (annotations)\n"
          "  --color WHEN          auto (default), always, never\n"
          "  -q, --quiet           print nothing on success\n"
          "  -h, --help            show this help\n\n"
          "exit status: 0 valid, 1 diagnostics reported, 2 usage error, 3 I/O failure\n",
          out);
}

static void summary(const char *path, const wit_resolve *r, wit_id root)
{
    const wit_package *p = &r->packages[root];
    printf("%s: ok: %s:%s%s%s (%u package%s, %u interface%s, %u world%s, %u type%s)\n", path,
           p->name.ns, p->name.name, p->name.version ? "@" : "", p->name.version ? p->name.version : "",
           r->npackages, r->npackages == 1 ? "" : "s", r->nifaces, r->nifaces == 1 ? "" : "s",
           r->nworlds, r->nworlds == 1 ? "" : "s", r->ntypes, r->ntypes == 1 ? "" : "s");
}

int cmd_check(int argc, char **argv)
{
    cli_features feats = {0};
    wit_diag_format fmt = WIT_DIAG_TEXT;
    int color = 0;
    bool quiet = false;
    const char **paths = wit_malloc((size_t)argc * sizeof *paths);
    int npaths = 0, rc = EXIT_OK;
    if (!paths) {
        fprintf(stderr, "witc: out of memory\n");
        return EXIT_ENV;
    }
    for (int i = 1; i < argc;) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (cli_is_help(a)) {
            help(stdout);
            goto done;
        }
        if ((r = cli_parse_features("check", argc, argv, &i, &feats)) != 0) {
            if (r < 0) {
                rc = EXIT_USAGE;
                goto done;
            }
            continue;
        }
        if ((r = cli_flag_value("check", "--format", argc, argv, &i, &v)) != 0) {
            if (r < 0 || cli_parse_format(v, &fmt) < 0) {
                rc = r < 0 ? EXIT_USAGE : cli_usage_error("check", "unknown format `%s` (text, json, github)", v);
                goto done;
            }
            continue;
        }
        if ((r = cli_flag_value("check", "--color", argc, argv, &i, &v)) != 0) {
            if (r < 0 || (color = cli_parse_color(v)) == -2) {
                rc = r < 0 ? EXIT_USAGE : cli_usage_error("check", "unknown --color value `%s`", v);
                goto done;
            }
            continue;
        }
        if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            quiet = true;
            i++;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            for (i++; i < argc; i++)
                paths[npaths++] = argv[i];
            break;
        }
        if (a[0] == '-' && a[1] != '\0') {
            rc = cli_usage_error("check", "unknown option `%s`", a);
            goto done;
        }
        paths[npaths++] = a;
        i++;
    }
    if (npaths == 0) {
        rc = cli_usage_error("check", "no PATH given");
        goto done;
    }
    FILE *dout = fmt == WIT_DIAG_TEXT ? stderr : stdout;
    for (int k = 0; k < npaths; k++) {
        wit_session s;
        wit_id root = WIT_NONE;
        int one = EXIT_OK;
        if (wit_session_init(&s) < 0 || cli_apply_features(&s, &feats) < 0) {
            fprintf(stderr, "witc: out of memory\n");
            one = EXIT_ENV;
        } else {
            int lr = wit_load_path(&s, paths[k], &root);
            if (s.diags.n > 0)
                wit_diags_render(&s.diags, &s.srcmap, fmt, fmt == WIT_DIAG_TEXT && cli_use_color(color, dout),
                                 dout);
            if (lr == WIT_OK) {
                if (fmt == WIT_DIAG_TEXT && !quiet && root != WIT_NONE)
                    summary(paths[k], &s.resolve, root);
            } else if (lr == WIT_EINPUT) {
                one = EXIT_INPUT;
            } else {
                if (s.diags.n == 0)
                    fprintf(stderr, "witc: %s: %s\n", paths[k],
                            lr == WIT_ENOMEM ? "out of memory" : "cannot be read");
                one = EXIT_ENV;
            }
        }
        wit_session_free(&s);
        if (one > rc)
            rc = one;
    }
    fflush(stdout);
done:
    wit_free(paths);
    return rc;
}
