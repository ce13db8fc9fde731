/* `witc component embed`: adds the `component-type` custom section for a world to a core
 * wasm module, as `wasm-tools component embed` / `jco embed` do, so that `component new`
 * can turn the module into a component. The core module is checked to be a well-formed
 * sequence of sections (not a component, not truncated); its bytes are copied unchanged
 * and the section is appended at the end. With `--dummy` no module is read: the section
 * goes into a dummy module that has every core import and export of the world
 * (gen_encode_dummy_module), as `wasm-tools component embed --dummy` makes. */
#include "cmd_component_embed.h"

#include <errno.h>
#include <string.h>

#include "cli.h"
#include "common.h"
#include "encode.h"
#include "wasmbin.h"
#include "wit.h"

static void help(FILE *out)
{
    fputs("usage: witc component embed [options] --wit PATH (CORE.wasm | --dummy) -o OUT.wasm\n\n"
          "Appends the `component-type` custom section holding the binary encoding of a world\n"
          "to a core wasm module (what `wasm-tools component embed` writes).\n\n"
          "options:\n"
          "  --wit PATH              the WIT package (directory with deps/, or a .wit file)\n"
          "  --world W               the world: `w` of the root package, or `ns:pkg/w@ver`\n"
          "                          (default: the root package's only world)\n"
          "  --string-encoding ENC   utf8 (default), utf16 or compact-utf16\n"
          "  --section-name NAME     custom section name (default `component-type`)\n"
          "  --dummy                 instead of CORE.wasm, make a module with every core import\n"
          "                          and export of the world (bodies trap), as wasm-tools does\n"
          "  -o, --output OUT        where to write the module (required)\n"
          "  --features A,B          enable @unstable features; --all-features enables all\n"
          "  -h, --help              show this help\n\n"
          "exit status: 0 ok, 1 bad WIT or bad core module, 2 usage error, 3 I/O failure\n",
          out);
}

static int check_core(const char *path, const uint8_t *data, size_t len)
{
    switch (gen_wasm_kind_of(data, len)) {
    case GEN_WASM_CORE:
        break;
    case GEN_WASM_COMPONENT:
        fprintf(stderr, "%s: error: this is a component, not a core module; `embed` takes the "
                        "core module that `component new` turns into a component\n", path);
        return -1;
    case GEN_WASM_NOT_WASM:
        fprintf(stderr, "%s: error: not a wasm binary (no `\\0asm` header)\n", path);
        return -1;
    case GEN_WASM_OTHER:
        fprintf(stderr, "%s: error: unsupported wasm version or layer (expected a core module, "
                        "version 1)\n", path);
        return -1;
    }
    size_t off = 8;
    gen_wasm_sec s;
    int r;
    while ((r = gen_wasm_next_section(data, len, &off, &s)) == 1) {
        if (s.id > 13) {
            fprintf(stderr, "%s: error: at byte %zu: unknown core section id %u\n", path, s.start,
                    (unsigned)s.id);
            return -1;
        }
    }
    if (r < 0) {
        fprintf(stderr, "%s: error: at byte %zu: section runs past the end of the file\n", path,
                off);
        return -1;
    }
    return 0;
}

int cmd_component_embed(int argc, char **argv)
{
    static const char *const cmd = "component embed";
    cli_features features = {0};
    const char *wit = NULL, *world = NULL, *core = NULL, *out = NULL, *enc = NULL;
    const char *section = "component-type";
    bool dummy = false;
    for (int i = 1; i < argc;) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (cli_is_help(a)) {
            help(stdout);
            return EXIT_OK;
        }
        if ((r = cli_parse_features(cmd, argc, argv, &i, &features)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            continue;
        }
        static const struct { const char *flag; int which; } flags[] = {
            {"--wit", 0}, {"--world", 1}, {"--output", 2}, {"-o", 2},
            {"--string-encoding", 3}, {"--section-name", 4},
        };
        bool matched = false;
        for (size_t k = 0; k < sizeof flags / sizeof flags[0] && !matched; k++) {
            if ((r = cli_flag_value(cmd, flags[k].flag, argc, argv, &i, &v)) == 0)
                continue;
            if (r < 0)
                return EXIT_USAGE;
            matched = true;
            const char **slot[] = {&wit, &world, &out, &enc, &section};
            *slot[flags[k].which] = v;
        }
        if (matched)
            continue;
        if (strcmp(a, "--dummy") == 0) {
            dummy = true;
            i++;
            continue;
        }
        if (a[0] == '-' && a[1] != '\0')
            return cli_usage_error(cmd, "unknown option `%s`", a);
        if (core)
            return cli_usage_error(cmd, "only one core module may be given");
        core = a;
        i++;
    }
    if (!wit)
        return cli_usage_error(cmd, "missing --wit PATH");
    if (!out)
        return cli_usage_error(cmd, "missing -o OUT.wasm");
    if (!core && !dummy)
        return cli_usage_error(cmd, "missing the core module (or --dummy)");
    if (core && dummy)
        return cli_usage_error(cmd, "give either a core module or --dummy, not both");
    gen_encode_opts opts;
    memset(&opts, 0, sizeof opts);
    if (enc) {
        if (strcmp(enc, "utf8") == 0)
            opts.string_encoding = GEN_STRING_UTF8;
        else if (strcmp(enc, "utf16") == 0)
            opts.string_encoding = GEN_STRING_UTF16;
        else if (strcmp(enc, "compact-utf16") == 0 || strcmp(enc, "latin1+utf16") == 0)
            opts.string_encoding = GEN_STRING_COMPACT_UTF16;
        else
            return cli_usage_error(cmd, "unknown string encoding `%s` (utf8, utf16, compact-utf16)",
                                   enc);
    }
    if (!*section)
        return cli_usage_error(cmd, "the section name may not be empty");

    char *data = NULL;
    size_t len = 0;
    wit_buf payload = WIT_BUF_INIT, result = WIT_BUF_INIT;
    wit_session s;
    int rc = EXIT_OK;
    wit_id w = WIT_NONE;
    if ((rc = cli_load_world(&s, &features, wit, world, 0, &w)) != EXIT_OK)
        goto done;
    if (core) {
        if (wit_read_file(core, &data, &len) < 0) {
            fprintf(stderr, "witc: %s: %s\n", core, strerror(errno));
            rc = EXIT_ENV;
            goto done;
        }
        if (check_core(core, (const uint8_t *)data, len) < 0) {
            rc = EXIT_INPUT;
            goto done;
        }
        wit_buf_append(&result, data, len);
    } else if (gen_encode_dummy_module(&s.resolve, w, &opts, &result) < 0) {
        fprintf(stderr, "witc: %s: cannot make a dummy module for world `%s`: %s\n", wit,
                s.resolve.worlds[w].name, opts.err);
        rc = result.oom ? EXIT_ENV : EXIT_INPUT;
        goto done;
    }
    if (gen_encode_world(&s.resolve, w, &opts, &payload) < 0) {
        fprintf(stderr, "witc: %s: cannot encode world `%s`: %s\n", wit, s.resolve.worlds[w].name,
                opts.err);
        rc = payload.oom ? EXIT_ENV : EXIT_INPUT;
        goto done;
    }
    gen_wasm_custom(&result, section, payload.data, payload.len);
    if (result.oom) {
        fputs("witc: out of memory\n", stderr);
        rc = EXIT_ENV;
        goto done;
    }
    if (wit_write_file_atomic(out, result.data, result.len) < 0) {
        fprintf(stderr, "witc: cannot write `%s`: %s\n", out, strerror(errno));
        rc = EXIT_ENV;
    }
done:
    wit_free(data);
    wit_buf_free(&payload);
    wit_buf_free(&result);
    wit_session_free(&s);
    return rc;
}
