/* Golden test of the binary WIT encoder: for each line `PATH WORLD ENCODING` of
 * test_encode_golden/worlds.txt, loads PATH (relative to the source root) and checks
 * that gen_encode_world writes exactly test_encode_golden/<basename>.WORLD.ENCODING.bin — the
 * payload jco (wit-component 0.259.0) embedded for the same world (regenerate with
 * test_encode_golden/update.sh). Needs no jco at test time.
 * Usage: test_encode_golden SOURCE_ROOT. Exit 0 when all match, 1 otherwise. */
#include <stdio.h>
#include <string.h>

#include "encode.h"
#include "wit.h"

static int check(const char *root, const char *rel, const char *world, const char *enc)
{
    static const char *const producers[] = {"wit-component", GEN_ENCODE_WIT_COMPONENT_VERSION};
    char path[4096], golden[4096];
    wit_session s;
    wit_id rootpkg;
    wit_buf out = WIT_BUF_INIT;
    char *want = NULL;
    size_t want_len = 0;
    int rc = 1;
    const char *fixture = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
    snprintf(path, sizeof path, "%s/%s", root, rel);
    snprintf(golden, sizeof golden, "%s/tests/gen/test_encode_golden/%s.%s.%s.bin", root, fixture,
             world, enc);
    if (wit_session_init(&s) < 0)
        goto done;
    if (wit_load_path(&s, path, &rootpkg) != WIT_OK) {
        wit_diags_render(&s.diags, &s.srcmap, WIT_DIAG_TEXT, false, stderr);
        goto done;
    }
    wit_id w = wit_select_world(&s, rootpkg, world);
    if (w == WIT_NONE) {
        fprintf(stderr, "%s: no world %s\n", path, world);
        goto done;
    }
    gen_encode_opts o;
    memset(&o, 0, sizeof o);
    o.producers = producers;
    o.nproducers = 1;
    o.string_encoding = strcmp(enc, "utf16") == 0           ? GEN_STRING_UTF16
                        : strcmp(enc, "compact-utf16") == 0 ? GEN_STRING_COMPACT_UTF16
                                                            : GEN_STRING_UTF8;
    if (gen_encode_world(&s.resolve, w, &o, &out) < 0) {
        fprintf(stderr, "%s %s: %s\n", fixture, world, o.err);
        goto done;
    }
    if (wit_read_file(golden, &want, &want_len) < 0) {
        fprintf(stderr, "cannot read %s\n", golden);
        goto done;
    }
    size_t i = 0;
    while (i < out.len && i < want_len && out.data[i] == want[i])
        i++;
    if (out.len != want_len || i != out.len) {
        fprintf(stderr, "MISMATCH %s %s %s: %zu bytes vs %zu expected, first difference at %zu\n",
                fixture, world, enc, out.len, want_len, i);
        goto done;
    }
    printf("ok %s %s %s (%zu bytes)\n", fixture, world, enc, out.len);
    rc = 0;
done:
    wit_free(want);
    wit_buf_free(&out);
    wit_session_free(&s);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: test_encode_golden SOURCE_ROOT\n", stderr);
        return 2;
    }
    char list[4096];
    snprintf(list, sizeof list, "%s/tests/gen/test_encode_golden/worlds.txt", argv[1]);
    FILE *f = fopen(list, "r");
    if (!f) {
        perror(list);
        return 1;
    }
    char line[512];
    int bad = 0, n = 0;
    while (fgets(line, sizeof line, f)) {
        char rel[256], world[128], enc[32];
        if (line[0] == '#' || sscanf(line, "%255s %127s %31s", rel, world, enc) != 3)
            continue;
        n++;
        bad += check(argv[1], rel, world, enc);
    }
    fclose(f);
    printf("%d of %d worlds match\n", n - bad, n);
    return bad || n == 0 ? 1 : 0;
}
