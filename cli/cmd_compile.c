/* `witc compile COMPONENT.wasm --out-dir DIR [--build]`: writes the C project that runs the
 * component natively (component/compile.c: wasm2c per core module + glue on libwitrt, a
 * main.c for commands, a Makefile); --build also compiles it into DIR/app with cc. */
#include "cli.h"
#include "common.h"
#include "compile.h"
#include "component.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#ifndef WITRT_SOURCE_DIR
#define WITRT_SOURCE_DIR ""
#endif
#ifndef WITRT_BUILD_DIR
#define WITRT_BUILD_DIR ""
#endif

int cmd_compile(int argc, char **argv)
{
    const char *path = NULL, *out_dir = NULL;
    bool build = false, quiet = false;
    int rc = EXIT_OK;
    char *data = NULL;
    size_t len = 0;
    cmp_component *c = NULL;
    cmp_error err;
    wit_arena *arena = NULL;
    char store[8192];
    for (int i = 1; i < argc; i++) {
        const char *v;
        int r;
        if (cli_is_help(argv[i])) {
            puts("usage: witc compile COMPONENT.wasm --out-dir DIR [--build] [--quiet]\n\n"
                 "Writes a C project that runs the component natively: each core module\n"
                 "through wasm2c, glue.c (instantiation, wiring, canonical ABI on libwitrt),\n"
                 "witc_component.h (the exports as C functions), main.c for a command, and a\n"
                 "Makefile. --build compiles it into DIR/app (commands) with cc.\n"
                 "WASI 0.2 imports are served by libwitrt; other imports call the hooks\n"
                 "witc_import_<iface@version>__<func> that `witc host c` output defines.");
            return EXIT_OK;
        } else if ((r = cli_flag_value("compile", "--out-dir", argc, argv, &i, &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            out_dir = v;
            i--; /* cli_flag_value advanced past the value */
        } else if (strcmp(argv[i], "--build") == 0) {
            build = true;
        } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
            quiet = true;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error("compile", "unknown option `%s`", argv[i]);
        } else if (path) {
            return cli_usage_error("compile", "only one component file may be given");
        } else {
            path = argv[i];
        }
    }
    if (!path)
        return cli_usage_error("compile", "missing the component file");
    if (!out_dir)
        return cli_usage_error("compile", "missing --out-dir DIR");
    if (!(arena = wit_arena_new())) {
        fputs("witc: out of memory\n", stderr);
        return EXIT_ENV;
    }
    if (wit_read_file(path, &data, &len) < 0) {
        fprintf(stderr, "witc: %s: %s\n", path, strerror(errno));
        rc = EXIT_ENV;
        goto done;
    }
    int r = cmp_decode((const uint8_t *)data, len, arena, &c, &err);
    if (r < 0) {
        fprintf(stderr, "%s: error: at byte %zu (0x%zx): %s\n", path, err.offset, err.offset,
                err.message);
        rc = r == -2 ? EXIT_ENV : EXIT_INPUT;
        goto done;
    }
    cmp_compile_opts opts;
    memset(&opts, 0, sizeof opts);
    opts.quiet = quiet;
    cmp_runtime_paths rt;
    bool have_rt = cmp_runtime_locate(&rt, WITRT_SOURCE_DIR, WITRT_BUILD_DIR, store, sizeof store,
                                      &err) == 0;
    if (have_rt)
        opts.rt = rt;
    else if (build) {
        fprintf(stderr, "witc: %s\n", err.message);
        rc = EXIT_ENV;
        goto done;
    }
    cmp_compile_info info;
    r = cmp_compile(c, out_dir, &opts, &info, &err);
    if (r < 0) {
        fprintf(stderr, "%s: error: %s\n", path, err.message);
        rc = r == -2 ? EXIT_ENV : EXIT_INPUT;
        goto done;
    }
    if (build) {
        if (!info.command) {
            fprintf(stderr, "witc: %s is not a command (no wasi:cli/run export): wrote the project; "
                            "link libcomponent.a (`make -C %s libcomponent.a`) with your host\n",
                    path, out_dir);
        } else if (cmp_build(out_dir, &rt, &err) < 0) {
            fprintf(stderr, "witc: %s\n", err.message);
            rc = EXIT_ENV;
            goto done;
        }
    }
    if (!quiet)
        fprintf(stderr, "witc: wrote %s (%u core modules, %s, %u export wrappers)\n", out_dir,
                info.nmodules, info.command ? "command" : "library", info.nexports);
    if (info.nskipped)
        fprintf(stderr, "witc: note: %u export(s) have types the typed C wrappers do not cover (they "
                        "get a raw witc_raw_* entry; `witc host c` generates typed stubs); see "
                        "%s/witc_component.h\n",
                info.nskipped, out_dir);
done:
    wit_free(data);
    wit_arena_free(arena);
    return rc;
}
