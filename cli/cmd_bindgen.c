/* `witc bindgen c`: guest bindings for C. Loads a WIT path, selects a world and writes
 * W.h, W.c and W_component_type.c (gen/emit_guest.c) into --out-dir, each atomically.
 * Only the `c` language exists; the word is kept so other languages can join later. */
#include "cli.h"
#include "common.h"
#include "emit_guest.h"
#include "wit.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void help(FILE *out)
{
    fputs("usage: witc bindgen c [options] PATH\n\n"
          "Writes C guest bindings for a world of the WIT at PATH (a package directory with\n"
          "optional deps/, or a .wit file): W.h, W.c and W_component_type.c.\n\n"
          "options:\n"
          "  --world W, -w W             the world (default: the root package's only world)\n"
          "  --out-dir DIR               where to write (default: .)\n"
          "  --string-encoding E         utf8 (default) or utf16\n"
          "  --autodrop-borrows yes|no   drop borrowed handles exports receive (default: no)\n"
          "  --async FILTER              which functions use the async ABI (repeatable, comma\n"
          "                              separated): all, -all, ns:pkg/iface#f, f, with optional\n"
          "                              import: or export: (default: the WIT `async` functions)\n"
          "  --no-component-type         do not write W_component_type.c\n"
          "  --no-sig-flattening         option parameters as pointers to the option, option and\n"
          "                              result returns through one out-parameter\n"
          "  --rename-world NAME         C prefix and file names (default: the world's name)\n"
          "  --rename KEY=NAME           C prefix NAME for the interface KEY (ns:pkg/iface or a\n"
          "                              plain name; repeatable)\n"
          "  --type-section-suffix S     append S to the component-type section's name\n"
          "  --features A,B              enable @unstable features (repeatable)\n"
          "  --all-features              enable every @unstable feature\n"
          "  -h, --help                  show this help\n\n"
          "exit status: 0 ok, 1 the WIT is invalid or cannot be generated, 2 usage error,\n"
          "3 I/O failure\n",
          out);
}

/* Names that go into C identifiers, file names and an assembler string. */
static bool valid_name(const char *v)
{
    if (!*v)
        return false;
    for (; *v; v++)
        if (!((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') || (*v >= '0' && *v <= '9') || *v == '-' ||
              *v == '_'))
            return false;
    return true;
}

int cmd_bindgen(int argc, char **argv)
{
    const char *path = NULL, *world = NULL, *out_dir = ".";
    cli_features features = {0};
    const char *async_filters[64];
    const char *renames[64];
    char rename_store[4096];
    size_t nrenames = 0, rename_used = 0;
    char async_store[4096]; /* the filters, NUL-separated: no allocation to leak on usage errors */
    size_t nasync = 0, store_used = 0;
    gen_guest_opts opts;
    memset(&opts, 0, sizeof opts);
    static const char *const cmd = "bindgen";
    if (argc >= 2 && cli_is_help(argv[1])) {
        help(stdout);
        return EXIT_OK;
    }
    if (argc < 2 || strcmp(argv[1], "c") != 0)
        return cli_usage_error("bindgen", "expected a language: `witc bindgen c …`");
    for (int i = 2; i < argc;) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (cli_is_help(a)) {
            help(stdout);
            return EXIT_OK;
        }
        if ((r = cli_flag_value(cmd, "--world", argc, argv, &i, &v)) != 0 ||
            (r = cli_flag_value(cmd, "-w", argc, argv, &i, &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            world = v;
        } else if ((r = cli_flag_value(cmd, "--out-dir", argc, argv, &i, &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            out_dir = v;
        } else if ((r = cli_flag_value(cmd, "--string-encoding", argc, argv, &i, &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            if (strcmp(v, "utf8") == 0)
                opts.utf16 = false;
            else if (strcmp(v, "utf16") == 0)
                opts.utf16 = true;
            else
                return cli_usage_error("bindgen", "unsupported --string-encoding `%s` (utf8 or utf16)", v);
        } else if ((r = cli_flag_value(cmd, "--autodrop-borrows", argc, argv, &i, &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            if (strcmp(v, "yes") == 0)
                opts.autodrop_borrows = true;
            else if (strcmp(v, "no") == 0)
                opts.autodrop_borrows = false;
            else
                return cli_usage_error("bindgen", "--autodrop-borrows takes yes or no, not `%s`", v);
        } else if ((r = cli_parse_features(cmd, argc, argv, &i, &features)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
        } else if ((r = cli_flag_value(cmd, "--rename-world", argc, argv, &i, &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            if (!valid_name(v) || (v[0] >= '0' && v[0] <= '9') || v[0] == '-')
                return cli_usage_error("bindgen", "--rename-world needs a name of letters, digits, `-` and `_`");
            opts.rename_world = v;
        } else if ((r = cli_flag_value(cmd, "--type-section-suffix", argc, argv, &i, &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            if (!valid_name(v))
                return cli_usage_error("bindgen", "--type-section-suffix needs letters, digits, `-` and `_`");
            opts.type_section_suffix = v;
        } else if ((r = cli_flag_value(cmd, "--rename", argc, argv, &i, &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            const char *eq = strchr(v, '=');
            if (!eq || eq == v || !valid_name(eq + 1))
                return cli_usage_error("bindgen", "--rename takes KEY=NAME (NAME: letters, digits, `-`, `_`)");
            size_t kl = (size_t)(eq - v);
            if (nrenames == 32 || rename_used + kl + 1 > sizeof rename_store)
                return cli_usage_error("bindgen", "too many --rename flags");
            memcpy(rename_store + rename_used, v, kl);
            rename_store[rename_used + kl] = '\0';
            renames[2 * nrenames] = rename_store + rename_used;
            renames[2 * nrenames + 1] = eq + 1;
            nrenames++;
            rename_used += kl + 1;
        } else if ((r = cli_flag_value(cmd, "--async", argc, argv, &i, &v)) != 0) {
            if (r < 0)
                return EXIT_USAGE;
            for (const char *p = v; *p;) {
                size_t n = strcspn(p, ",");
                if (n > 0) {
                    if (nasync == 64 || store_used + n + 1 > sizeof async_store)
                        return cli_usage_error("bindgen", "too many --async filters");
                    memcpy(async_store + store_used, p, n);
                    async_store[store_used + n] = '\0';
                    async_filters[nasync++] = async_store + store_used;
                    store_used += n + 1;
                }
                p += n;
                if (*p == ',')
                    p++;
            }
        } else if (strcmp(a, "--no-sig-flattening") == 0) {
            opts.no_sig_flattening = true;
            i++;
        } else if (strcmp(a, "--no-component-type") == 0) {
            opts.no_component_type = true;
            i++;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage_error("bindgen", "unknown option `%s`", a);
        } else {
            if (path)
                return cli_usage_error("bindgen", "only one PATH may be given");
            path = a;
            i++;
        }
    }
    opts.async_filters = async_filters;
    opts.nasync_filters = nasync;
    opts.renames = renames;
    opts.nrenames = nrenames;
    if (!path)
        return cli_usage_error("bindgen", "no PATH given");

    int rc = EXIT_OK;
    wit_session s;
    gen_guest_out out;
    memset(&out, 0, sizeof out);
    wit_id w = WIT_NONE;
    if ((rc = cli_load_world(&s, &features, path, world, 0, &w)) != EXIT_OK)
        goto done;
    size_t before = s.diags.n;
    int er = gen_guest_emit(&s.resolve, w, &opts, &s.diags, &out);
    if (er < 0) {
        if (s.diags.n > before)
            cli_render_since(&s, before, 0);
        else
            fprintf(stderr, "witc: bindgen: out of memory\n");
        rc = er == WIT_ENOMEM ? EXIT_ENV : EXIT_INPUT;
        goto done;
    }
    if (wit_mkdirs(out_dir) < 0) {
        fprintf(stderr, "witc: bindgen: cannot create %s: %s\n", out_dir, strerror(errno));
        rc = EXIT_ENV;
        goto done;
    }
    cli_render_since(&s, before, 0); /* warnings */
    for (uint32_t i = 0; i < out.nfiles; i++) {
        char file[4096];
        snprintf(file, sizeof file, "%s/%s", out_dir, out.files[i].name);
        if (wit_write_file_atomic(file, out.files[i].data, out.files[i].len) < 0) {
            fprintf(stderr, "witc: bindgen: cannot write %s: %s\n", file, strerror(errno));
            rc = EXIT_ENV;
            goto done;
        }
    }
done:
    gen_guest_out_free(&out);
    wit_session_free(&s);
    return rc;
}
