/* `witc print`: load one WIT path and print it back as normalized WIT, the way
 * `wasm-tools component wit` does: by default the root package only (what
 * wit-component's printer tests expect), `--all` adds every other package as a nested
 * `package … { … }` block, and `--out-dir DIR` writes one file per package (the root as
 * DIR/<name>.wit, dependencies under DIR/deps/), so that the directory loads again. */
#include "common.h"
#include "encode.h"
#include "print.h"

#include <errno.h>
#include <string.h>

static void help(FILE *out)
{
    fputs("usage: witc print [options] PATH\n\n"
          "Loads PATH (a directory with optional deps/, or a .wit file) and prints the root\n"
          "package as normalized WIT.\n\n"
          "options:\n"
          "  --all                 also print every dependency as a nested `package … { }` block\n"
          "  --out-dir DIR         write DIR/<name>.wit and DIR/deps/<dep>.wit instead of stdout\n"
          "  --no-docs             leave doc comments out\n"
          "  --wasm                write the root package as a binary WIT package (a component,\n"
          "                        as `wasm-tools component wit --wasm`) to stdout\n"
          "  --features A,B        enable @unstable features (repeatable; comma or space separated)\n"
          "  --all-features        enable every @unstable feature\n"
          "  --color WHEN          colour diagnostics: auto (default), always, never\n"
          "  -h, --help            show this help\n\n"
          "exit status: 0 ok, 1 the WIT is invalid, 2 usage error, 3 I/O failure\n",
          out);
}

int cmd_print(int argc, char **argv)
{
    cli_features feats = {0};
    const char *path = NULL, *out_dir = NULL;
    bool all = false, wasm = false;
    gen_print_opts opts = {false};
    int color = 0;
    for (int i = 1; i < argc;) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (cli_is_help(a)) {
            help(stdout);
            return EXIT_OK;
        }
        if ((r = cli_parse_features("print", argc, argv, &i, &feats)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            continue;
        }
        if ((r = cli_flag_value("print", "--out-dir", argc, argv, &i, &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            out_dir = v;
            continue;
        }
        if ((r = cli_flag_value("print", "--color", argc, argv, &i, &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            if ((color = cli_parse_color(v)) == -2)
                return cli_usage_error("print", "unknown --color value `%s`", v);
            continue;
        }
        if (strcmp(a, "--all") == 0) {
            all = true;
            i++;
            continue;
        }
        if (strcmp(a, "--no-docs") == 0) {
            opts.no_docs = true;
            i++;
            continue;
        }
        if (strcmp(a, "--wasm") == 0) { /* binary WIT (gen/encode.h) */
            wasm = true;
            i++;
            continue;
        }
        if (a[0] == '-' && a[1] != '\0')
            return cli_usage_error("print", "unknown option `%s`", a);
        if (path)
            return cli_usage_error("print", "only one PATH may be given");
        path = a;
        i++;
    }
    if (!path)
        return cli_usage_error("print", "no PATH given");
    if (out_dir && all)
        return cli_usage_error("print", "`--all` and `--out-dir` cannot be combined");
    if (wasm && (out_dir || all))
        return cli_usage_error("print", "`--wasm` writes one package to stdout: no `--all`/`--out-dir`");

    wit_session s;
    wit_id root = WIT_NONE;
    wit_buf out = WIT_BUF_INIT;
    wit_id *nested = NULL;
    int rc = cli_load(&s, &feats, path, color, &root);
    if (rc != EXIT_OK)
        goto done;
    if (wasm) {
        gen_encode_opts eo;
        memset(&eo, 0, sizeof eo);
        if (gen_encode_package(&s.resolve, root, &eo, &out) < 0) {
            fprintf(stderr, "witc: print: %s\n", eo.err);
            rc = out.oom ? EXIT_ENV : EXIT_INPUT;
        } else if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
            fprintf(stderr, "witc: cannot write the output\n");
            rc = EXIT_ENV;
        }
        goto done;
    }
    if (out_dir) {
        if (gen_print_out_dir(&s.resolve, root, out_dir, &opts, &out) < 0) {
            fprintf(stderr, "witc: print: cannot write to `%s`: %s\n", out_dir, strerror(errno));
            rc = EXIT_ENV;
            goto done;
        }
        fwrite(out.data ? out.data : "", 1, out.len, stderr);
        goto done;
    }
    uint32_t nnested = 0;
    if (all) {
        nested = wit_malloc((s.resolve.npackages + 1) * sizeof *nested);
        if (!nested) {
            rc = EXIT_ENV;
            goto done;
        }
        for (uint32_t i = 0; i < s.resolve.npackages; i++)
            if (i != root)
                nested[nnested++] = i;
    }
    if (gen_print_wit(&s.resolve, root, nested, nnested, &opts, &out) < 0) {
        fprintf(stderr, "witc: out of memory\n");
        rc = EXIT_ENV;
    } else if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
        fprintf(stderr, "witc: cannot write the output\n");
        rc = EXIT_ENV;
    }
done:
    wit_free(nested);
    wit_buf_free(&out);
    wit_session_free(&s);
    return rc;
}
