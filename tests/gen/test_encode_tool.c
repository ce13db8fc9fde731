/* Test helper for the jco comparison (test_encode_jco.sh): loads a WIT path and writes
 * the encoder's output next to what jco is asked for.
 *
 *   test_encode_tool worlds PATH OUTDIR   for each world of every package, writes
 *                                         OUTDIR/<n>.bin (gen_encode_world) and prints
 *                                         `SELECTOR<TAB>FILE`, SELECTOR being `w` for the
 *                                         root package's worlds, else `ns:pkg/w@ver`
 *   test_encode_tool package PATH OUT     writes the root package (gen_encode_package)
 *   test_encode_tool extract FILE NAME    prints the payload of custom section NAME
 *   test_encode_tool strip FILE OUT       copies a module without its component-type*
 *                                         custom sections
 *
 * Exit 0 ok, 1 load/encode failure, 2 usage. */
#include <stdio.h>
#include <string.h>

#include "encode.h"
#include "wasmbin.h"
#include "wit.h"

static const char *const producers[] = {"wit-component", GEN_ENCODE_WIT_COMPONENT_VERSION};

static int write_all(const char *path, const void *p, size_t n)
{
    FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
    if (!f)
        return -1;
    int rc = fwrite(p, 1, n, f) == n ? 0 : -1;
    if (f != stdout && fclose(f) != 0)
        rc = -1;
    return rc;
}

static int extract(const char *path, const char *name)
{
    char *data;
    size_t len, off = 8;
    gen_wasm_sec s;
    if (wit_read_file(path, &data, &len) < 0)
        return 1;
    int rc = 1, r;
    while ((r = gen_wasm_next_section((const uint8_t *)data, len, &off, &s)) == 1)
        if (s.id == 0 && s.name_len == strlen(name) && memcmp(s.name, name, s.name_len) == 0) {
            rc = write_all("-", data + s.data, s.end - s.data) < 0;
            break;
        }
    wit_free(data);
    return rc;
}

static int strip(const char *path, const char *out)
{
    char *data;
    size_t len, off = 8;
    gen_wasm_sec s;
    if (wit_read_file(path, &data, &len) < 0 || len < 8)
        return 1;
    wit_buf b = WIT_BUF_INIT;
    wit_buf_append(&b, data, 8);
    int r;
    while ((r = gen_wasm_next_section((const uint8_t *)data, len, &off, &s)) == 1)
        if (!(s.id == 0 && s.name_len >= 14 && memcmp(s.name, "component-type", 14) == 0))
            wit_buf_append(&b, data + s.start, s.end - s.start);
    int rc = r < 0 || b.oom || write_all(out, b.data, b.len) < 0;
    wit_buf_free(&b);
    wit_free(data);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 4)
        return 2;
    if (strcmp(argv[1], "extract") == 0)
        return extract(argv[2], argv[3]);
    if (strcmp(argv[1], "strip") == 0)
        return strip(argv[2], argv[3]);
    wit_session s;
    wit_id root;
    int rc = 1;
    wit_buf out = WIT_BUF_INIT;
    if (wit_session_init(&s) < 0)
        goto done;
    if (wit_load_path(&s, argv[2], &root) != WIT_OK) {
        wit_diags_render(&s.diags, &s.srcmap, WIT_DIAG_TEXT, false, stderr);
        goto done;
    }
    gen_encode_opts o;
    memset(&o, 0, sizeof o);
    o.producers = producers;
    o.nproducers = 1;
    if (strcmp(argv[1], "package") == 0) {
        if (gen_encode_package(&s.resolve, root, &o, &out) < 0) {
            fprintf(stderr, "%s: %s\n", argv[2], o.err);
            goto done;
        }
        rc = write_all(argv[3], out.data, out.len) < 0;
        goto done;
    }
    if (strcmp(argv[1], "worlds") != 0) {
        rc = 2;
        goto done;
    }
    rc = 0;
    for (uint32_t k = 0; k < s.resolve.nworlds; k++) {
        const wit_world *w = &s.resolve.worlds[k];
        if (w->package == WIT_NONE)
            continue;
        char file[4096];
        wit_buf sel = WIT_BUF_INIT;
        if (w->package == root) {
            wit_buf_puts(&sel, w->name);
        } else {
            const wit_pkg_name *pn = &s.resolve.packages[w->package].name;
            wit_buf_printf(&sel, "%s:%s/%s", pn->ns, pn->name, w->name);
            if (pn->version)
                wit_buf_printf(&sel, "@%s", pn->version);
        }
        wit_buf_reset(&out);
        if (gen_encode_world(&s.resolve, k, &o, &out) < 0) {
            fprintf(stderr, "%s: world %s: %s\n", argv[2], sel.data, o.err);
            rc = 1;
        } else {
            snprintf(file, sizeof file, "%s/%u.bin", argv[3], (unsigned)k);
            if (write_all(file, out.data, out.len) < 0)
                rc = 1;
            else
                printf("%s\t%s\n", sel.data, file);
        }
        wit_buf_free(&sel);
    }
done:
    wit_buf_free(&out);
    wit_session_free(&s);
    return rc;
}
