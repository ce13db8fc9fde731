/* `witc host c`: host stubs for a C embedder. Loads a WIT path, selects a world and writes
 * W_host.h and W_host.c (gen/emit_host.c) into --out-dir, each atomically. */
#include "cli.h"
#include "emit_host.h"
#include "wit.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void help(FILE *out)
{
    fputs("usage: witc host c [--world W] [--out-dir DIR] PATH\n\n"
          "Writes C host stubs for a world of the WIT at PATH: W_host.h and W_host.c, to be\n"
          "compiled with the output of `witc compile` and linked with libwitrt:\n"
          "W_call_<iface>_<func>(inst, args…, &ret) per export, and per non-WASI import (of an\n"
          "interface or world-level) the function the embedder implements, with the guest\n"
          "bindings' C types. Every value type and resources (the embedder's and the guest's)\n"
          "are covered; futures, streams, error-context and async functions are not (listed\n"
          "in W_host.h, and counted on stderr).\n\n"
          "options:\n"
          "  --world W, -w W   the world (default: the root package's only world)\n"
          "  --out-dir DIR     where to write (default: .)\n"
          "  -h, --help        show this help\n\n"
          "exit status: 0 ok, 1 the WIT is invalid, 2 usage error, 3 I/O failure\n",
          out);
}

int cmd_host(int argc, char **argv)
{
    const char *path = NULL, *world = NULL, *out_dir = ".";
    if (argc >= 2 && cli_is_help(argv[1])) {
        help(stdout);
        return EXIT_OK;
    }
    if (argc < 2 || strcmp(argv[1], "c") != 0)
        return cli_usage_error("host", "expected a language: `witc host c …`");
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            help(stdout);
            return EXIT_OK;
        }
        if (strcmp(a, "--world") == 0 || strcmp(a, "-w") == 0 || strcmp(a, "--out-dir") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("host", "option needs a value");
            if (a[2] == 'o')
                out_dir = argv[++i];
            else
                world = argv[++i];
        } else if (strncmp(a, "--world=", 8) == 0) {
            world = a + 8;
        } else if (strncmp(a, "--out-dir=", 10) == 0) {
            out_dir = a + 10;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error("host", "unknown option");
        } else if (path) {
            return cli_usage_error("host", "expected one PATH");
        } else {
            path = a;
        }
    }
    if (!path)
        return cli_usage_error("host", "expected a PATH");
    int rc = EXIT_OK;
    wit_session s;
    gen_host_out out;
    memset(&out, 0, sizeof out);
    if (wit_session_init(&s) < 0) {
        fprintf(stderr, "witc: host: out of memory\n");
        return EXIT_ENV;
    }
    wit_id root = WIT_NONE;
    int lr = wit_load_path(&s, path, &root);
    if (lr != WIT_OK) {
        wit_diags_render(&s.diags, &s.srcmap, WIT_DIAG_TEXT, false, stderr);
        rc = lr == WIT_EINPUT ? EXIT_INPUT : EXIT_ENV;
        goto done;
    }
    wit_id w = wit_select_world(&s, root, world);
    if (w == WIT_NONE) {
        wit_diags_render(&s.diags, &s.srcmap, WIT_DIAG_TEXT, false, stderr);
        rc = EXIT_INPUT;
        goto done;
    }
    char err[256] = "";
    int er = gen_host_emit(&s.resolve, w, &out, err, sizeof err);
    if (er < 0) {
        fprintf(stderr, "witc: host: %s\n", er == -2 ? "out of memory" : err);
        rc = er == -2 ? EXIT_ENV : EXIT_INPUT;
        goto done;
    }
    if (wit_mkdirs(out_dir) < 0) {
        fprintf(stderr, "witc: host: cannot create %s: %s\n", out_dir, strerror(errno));
        rc = EXIT_ENV;
        goto done;
    }
    const char *names[2] = {out.h_name, out.c_name};
    const wit_buf *bufs[2] = {&out.h, &out.c};
    for (int i = 0; i < 2; i++) {
        char file[4096];
        snprintf(file, sizeof file, "%s/%s", out_dir, names[i]);
        if (wit_write_file_atomic(file, bufs[i]->data ? bufs[i]->data : "", bufs[i]->len) < 0) {
            fprintf(stderr, "witc: host: cannot write %s: %s\n", file, strerror(errno));
            rc = EXIT_ENV;
            goto done;
        }
    }
    if (out.nskipped)
        fprintf(stderr, "witc: host: %u function(s) not covered (listed in %s)\n", out.nskipped,
                out.h_name);
done:
    gen_host_out_free(&out);
    wit_session_free(&s);
    return rc;
}
