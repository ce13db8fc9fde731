/* `witc component new CORE.wasm -o OUT.wasm [--adapt NAME=FILE] [--name N]`: reads a core
 * module that carries a `component-type` section and writes the component
 * (component/new.c does the work; this file parses flags and does the I/O). */
#include "cmd_component_new.h"

#include "cli.h"
#include "new.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char usage_text[] =
    "usage: witc component new CORE.wasm -o OUT.wasm [--adapt wasi_snapshot_preview1=FILE] [--name N]\n"
    "\n"
    "Turns a core module with a `component-type` custom section (from `witc bindgen c` or\n"
    "`witc component embed`) into a component, as `wasm-tools component new` does.\n"
    "  -o, --output FILE   where to write the component (atomically)\n"
    "  --adapt NAME=FILE   adapter core module serving the imports of module NAME, e.g. the\n"
    "                      preview1 command/reactor adapter for wasi_snapshot_preview1\n"
    "  --name N            the component's name (`component-name` section)\n";

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
                return cli_usage_error("component new", "`--adapt` needs NAME=FILE");
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
    if (adapt) {
        const char *eq = strchr(adapt, '=');
        if (!eq || eq == adapt || !eq[1])
            return cli_usage_error("component new", "`--adapt` takes NAME=FILE, got `%s`", adapt);
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
    if (wit_read_file(in, &data, &len) < 0) {
        fprintf(stderr, "witc: %s: %s\n", in, strerror(errno));
        rc = EXIT_ENV;
        goto done;
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
