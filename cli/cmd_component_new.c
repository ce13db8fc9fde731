/* `witc component new CORE.wasm -o OUT.wasm [--adapt NAME=FILE] [--name N]`: reads a core
 * module that carries a `component-type` section and writes the component
 * (component/new.c does the work; this file parses flags and does the I/O). `--adapt
 * wasi_snapshot_preview1` without a file takes witc's own adapter (adapter/), the command
 * flavour when the module exports `_start`, else the reactor. */
#include "cmd_component_new.h"

#include "cli.h"
#include "new.h"
#include "wasmbin.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* where meson builds and installs witc's preview1 adapters (cli/meson.build) */
#ifndef WITC_ADAPTER_BUILD_DIR
#define WITC_ADAPTER_BUILD_DIR ""
#endif
#ifndef WITC_ADAPTER_INSTALL_DIR
#define WITC_ADAPTER_INSTALL_DIR ""
#endif

static const char usage_text[] =
    "usage: witc component new CORE.wasm -o OUT.wasm [--adapt wasi_snapshot_preview1[=FILE]] [--name N]\n"
    "\n"
    "Turns a core module with a `component-type` custom section (from `witc bindgen c` or\n"
    "`witc component embed`) into a component, as `wasm-tools component new` does.\n"
    "  -o, --output FILE   where to write the component (atomically)\n"
    "  --adapt NAME=FILE   adapter core module serving the imports of module NAME, e.g. the\n"
    "                      preview1 command/reactor adapter for wasi_snapshot_preview1\n"
    "  --adapt wasi_snapshot_preview1\n"
    "                      witc's own preview1 adapter: the command flavour if CORE exports\n"
    "                      `_start`, else the reactor; from $WITC_ADAPTER_DIR when set, else\n"
    "                      the build tree or the install directory (share/witc)\n"
    "  --name N            the component's name (`component-name` section)\n";

/* Whether the core module exports a function `_start` (a command). */
static bool exports_start(const uint8_t *p, size_t n)
{
    size_t off = 8;
    gen_wasm_sec sec;
    while (gen_wasm_next_section(p, n, &off, &sec) == 1) {
        if (sec.id != 7)
            continue;
        size_t q = sec.payload;
        uint32_t cnt, nl, idx;
        if (gen_wasm_read_u32(p, sec.end, &q, &cnt) < 0)
            return false;
        for (uint32_t i = 0; i < cnt; i++) {
            if (gen_wasm_read_u32(p, sec.end, &q, &nl) < 0 || nl >= sec.end - q)
                return false;
            const uint8_t *name = p + q;
            q += nl;
            uint8_t kind = p[q++];
            if (gen_wasm_read_u32(p, sec.end, &q, &idx) < 0)
                return false;
            if (kind == 0 && nl == 6 && memcmp(name, "_start", 6) == 0)
                return true;
        }
        return false;
    }
    return false;
}

/* Writes to path the first readable built-in preview1 adapter of the flavour: in
 * $WITC_ADAPTER_DIR only when that is set, else in the build tree, then the install
 * directory. Returns 0, or -1 when there is none (path then holds the places looked in). */
static int find_adapter(bool command, char *path, size_t cap)
{
    const char *file = command ? "wasi_snapshot_preview1.command.wasm" : "wasi_snapshot_preview1.reactor.wasm";
    const char *env = getenv("WITC_ADAPTER_DIR");
    const char *dirs[2] = {WITC_ADAPTER_BUILD_DIR, WITC_ADAPTER_INSTALL_DIR};
    if (env && *env) {
        dirs[0] = env;
        dirs[1] = "";
    }
    for (int i = 0; i < 2; i++) {
        if (!*dirs[i])
            continue;
        snprintf(path, cap, "%s/%s", dirs[i], file);
        if (access(path, R_OK) == 0)
            return 0;
    }
    snprintf(path, cap, "%s%s%s (%s)", dirs[0], *dirs[0] && *dirs[1] ? ", " : "", dirs[1], file);
    return -1;
}

int cmd_component_new(int argc, char **argv)
{
    const char *in = NULL, *outp = NULL, *adapt = NULL;
    cmp_new_opts opts;
    char *data = NULL, *adapter = NULL;
    size_t len = 0, alen = 0;
    wit_buf out = WIT_BUF_INIT;
    int rc = EXIT_OK;
    memset(&opts, 0, sizeof opts);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(usage_text, stdout);
            return EXIT_OK;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (++i >= argc)
                return cli_usage_error("component new", "`%s` needs a file", a);
            outp = argv[i];
        } else if (strcmp(a, "--adapt") == 0) {
            if (++i >= argc)
                return cli_usage_error("component new", "`--adapt` needs NAME=FILE or wasi_snapshot_preview1");
            adapt = argv[i];
        } else if (strcmp(a, "--name") == 0) {
            if (++i >= argc)
                return cli_usage_error("component new", "`--name` needs a name");
            opts.name = argv[i];
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error("component new", "unknown option `%s`", a);
        } else if (in) {
            return cli_usage_error("component new", "only one core module may be given");
        } else {
            in = a;
        }
    }
    if (!in)
        return cli_usage_error("component new", "missing the core module");
    if (!outp)
        return cli_usage_error("component new", "missing `-o OUT.wasm`");
    const char *eq = adapt ? strchr(adapt, '=') : NULL;
    if (adapt && (eq ? eq == adapt || !eq[1] : strcmp(adapt, "wasi_snapshot_preview1") != 0))
        return cli_usage_error("component new", "`--adapt` takes NAME=FILE or wasi_snapshot_preview1, got `%s`",
                               adapt);
    if (wit_read_file(in, &data, &len) < 0) {
        fprintf(stderr, "witc: %s: %s\n", in, strerror(errno));
        rc = EXIT_ENV;
        goto done;
    }
    if (adapt && !eq) {
        /* witc's own adapter, the flavour from the module's exports */
        static char found[4096];
        if (find_adapter(exports_start((const uint8_t *)data, len), found, sizeof found) < 0) {
            fprintf(stderr, "witc: no built-in preview1 adapter found (looked in %s); build witc with "
                            "clang for wasm32, set WITC_ADAPTER_DIR, or pass --adapt wasi_snapshot_preview1=FILE\n",
                    found);
            rc = EXIT_ENV;
            goto done;
        }
        opts.adapter_name = "wasi_snapshot_preview1";
        if (wit_read_file(found, &adapter, &alen) < 0) {
            fprintf(stderr, "witc: %s: %s\n", found, strerror(errno));
            rc = EXIT_ENV;
            goto done;
        }
        opts.adapter = (const uint8_t *)adapter;
        opts.adapter_len = alen;
    } else if (adapt) {
        static char name[256];
        size_t nl = (size_t)(eq - adapt) < sizeof name - 1 ? (size_t)(eq - adapt) : sizeof name - 1;
        memcpy(name, adapt, nl);
        name[nl] = 0;
        opts.adapter_name = name;
        if (wit_read_file(eq + 1, &adapter, &alen) < 0) {
            fprintf(stderr, "witc: %s: %s\n", eq + 1, strerror(errno));
            rc = EXIT_ENV;
            goto done;
        }
        opts.adapter = (const uint8_t *)adapter;
        opts.adapter_len = alen;
    }
    int r = cmp_component_new((const uint8_t *)data, len, &opts, &out);
    if (r == -2) {
        fputs("witc: out of memory\n", stderr);
        rc = EXIT_ENV;
        goto done;
    }
    if (r < 0) {
        fprintf(stderr, "%s: error: %s\n", in, opts.err);
        rc = EXIT_INPUT;
        goto done;
    }
    if (wit_write_file_atomic(outp, out.data, out.len) < 0) {
        fprintf(stderr, "witc: cannot write `%s`: %s\n", outp, strerror(errno));
        rc = EXIT_ENV;
    }
done:
    wit_buf_free(&out);
    wit_free(data);
    wit_free(adapter);
    return rc;
}
