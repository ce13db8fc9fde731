/* `witc resolve --json`: load one WIT path and print its whole Resolve as JSON in
 * wit-parser's schema (what `wasm-tools component wit --json` prints), so a resolve can
 * be compared case by case with upstream. Diagnostics go to stderr. */
#include "common.h"
#include "json.h"

#include <string.h>

static void help(FILE *out)
{
    fputs("usage: witc resolve [--json] [options] PATH\n\n"
          "Loads PATH (a directory with optional deps/, or a .wit file) and prints the resolved\n"
          "packages, interfaces, worlds and types as JSON in wit-parser's schema.\n\n"
          "options:\n"
          "  --json                JSON output (the default and only format)\n"
          "  --features A,B        enable @unstable features (repeatable; comma or space separated)\n"
          "  --all-features        enable every @unstable feature\n"
          "  --color WHEN          colour diagnostics: auto (default), always, never\n"
          "  -h, --help            show this help\n\n"
          "exit status: 0 ok, 1 the WIT is invalid, 2 usage error, 3 I/O failure\n",
          out);
}

int cmd_resolve(int argc, char **argv)
{
    cli_features feats = {0};
    const char *path = NULL;
    int color = 0;
    for (int i = 1; i < argc;) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (cli_is_help(a)) {
            help(stdout);
            return EXIT_OK;
        }
        if ((r = cli_parse_features("resolve", argc, argv, &i, &feats)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            continue;
        }
        if ((r = cli_flag_value("resolve", "--color", argc, argv, &i, &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            if ((color = cli_parse_color(v)) == -2)
                return cli_usage_error("resolve", "unknown --color value `%s`", v);
            continue;
        }
        if (strcmp(a, "--json") == 0 || strcmp(a, "-j") == 0) {
            i++;
            continue;
        }
        if (a[0] == '-' && a[1] != '\0')
            return cli_usage_error("resolve", "unknown option `%s`", a);
        if (path)
            return cli_usage_error("resolve", "only one PATH may be given");
        path = a;
        i++;
    }
    if (!path)
        return cli_usage_error("resolve", "no PATH given");

    wit_session s;
    wit_id root = WIT_NONE;
    wit_buf out = WIT_BUF_INIT;
    int rc = cli_load(&s, &feats, path, color, &root);
    if (rc == EXIT_OK) {
        if (gen_json_resolve(&s.resolve, &out) < 0) {
            fprintf(stderr, "witc: out of memory\n");
            rc = EXIT_ENV;
        } else if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
            fprintf(stderr, "witc: cannot write the output\n");
            rc = EXIT_ENV;
        }
    }
    wit_buf_free(&out);
    wit_session_free(&s);
    return rc;
}
