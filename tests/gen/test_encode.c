/* Unit tests of the binary WIT encoder over hand-built Resolves: the byte writers, and
 * world/package payloads compared with bytes that jco (wit-component 0.259.0) wrote
 * for the same WIT (component-binary.md §2.4, §3.3). */
#include <criterion/criterion.h>
#include <string.h>

#include "encode.h"
#include "wasmbin.h"

static void expect_bytes(const wit_buf *b, const char *hex)
{
    wit_buf want = WIT_BUF_INIT;
    for (const char *p = hex; *p;) {
        if (*p == ' ' || *p == '\n') {
            p++;
            continue;
        }
        if (*p == '"') { /* "text" inserts its bytes */
            const char *q = strchr(p + 1, '"');
            wit_buf_append(&want, p + 1, (size_t)(q - p - 1));
            p = q + 1;
            continue;
        }
        unsigned v;
        cr_assert(sscanf(p, "%2x", &v) == 1);
        wit_buf_putc(&want, (char)v);
        p += 2;
    }
    size_t first = 0;
    while (first < b->len && first < want.len && b->data[first] == want.data[first])
        first++;
    cr_expect(b->len == want.len && first == b->len, "lengths %zu vs %zu, first difference at %zu",
              b->len, want.len, first);
    wit_buf_free(&want);
}

Test(test_encode, leb128)
{
    wit_buf b = WIT_BUF_INIT;
    gen_wasm_u32(&b, 0);
    gen_wasm_u32(&b, 127);
    gen_wasm_u32(&b, 128);
    gen_wasm_u32(&b, 0xffffffffu);
    gen_wasm_s64(&b, 63);
    gen_wasm_s64(&b, 64);
    gen_wasm_s64(&b, 65);
    gen_wasm_s64(&b, -1);
    expect_bytes(&b, "00 7f 8001 ffffffff0f 3f c000 c100 7f");
    size_t off = 0;
    uint32_t v;
    cr_assert(gen_wasm_read_u32((const uint8_t *)b.data, b.len, &off, &v) == 0 && v == 0);
    cr_assert(gen_wasm_read_u32((const uint8_t *)b.data, b.len, &off, &v) == 0 && v == 127);
    cr_assert(gen_wasm_read_u32((const uint8_t *)b.data, b.len, &off, &v) == 0 && v == 128);
    cr_assert(gen_wasm_read_u32((const uint8_t *)b.data, b.len, &off, &v) == 0 && v == 0xffffffffu);
    off = 2; /* a truncated LEB */
    cr_assert(gen_wasm_read_u32((const uint8_t *)b.data, 3, &off, &v) < 0);
    wit_buf_free(&b);
}

Test(test_encode, section_walker_rejects_truncation)
{
    const uint8_t mod[] = {0, 'a', 's', 'm', 1, 0, 0, 0, 0, 3, 1, 'x', 9, 1, 5, 0};
    size_t off = 8;
    gen_wasm_sec s;
    cr_assert(gen_wasm_kind_of(mod, sizeof mod) == GEN_WASM_CORE);
    cr_assert(gen_wasm_next_section(mod, sizeof mod, &off, &s) == 1);
    cr_assert(s.id == 0 && s.name_len == 1 && s.name[0] == 'x' && s.data == 12);
    cr_assert(gen_wasm_next_section(mod, sizeof mod, &off, &s) == -1); /* size 5 > 1 left */
}

/* package ex:tiny@0.1.0; interface api { f: func(s: string); } world w { export api; } */
typedef struct tiny {
    wit_package pkg;
    wit_named_id pkg_ifaces[1], pkg_worlds[1];
    wit_iface iface;
    wit_func func;
    wit_param param;
    wit_world world;
    wit_world_item export_item;
    wit_resolve r;
} tiny;

static void tiny_build(tiny *t)
{
    memset(t, 0, sizeof *t);
    t->pkg.name = (wit_pkg_name){"ex", "tiny", "0.1.0"};
    t->pkg_ifaces[0] = (wit_named_id){"api", 0};
    t->pkg_worlds[0] = (wit_named_id){"w", 0};
    t->pkg.ifaces = t->pkg_ifaces;
    t->pkg.nifaces = 1;
    t->pkg.worlds = t->pkg_worlds;
    t->pkg.nworlds = 1;
    t->param = (wit_param){.name = "s", .type = {WIT_STRING, WIT_NONE}};
    t->func = (wit_func){.name = "f", .kind = WIT_FN_FREESTANDING, .resource = WIT_NONE,
                         .params = &t->param, .nparams = 1};
    t->iface = (wit_iface){.name = "api", .funcs = &t->func, .nfuncs = 1, .package = 0};
    t->export_item = (wit_world_item){.key = {WIT_KEY_INTERFACE, NULL, 0}, .kind = WIT_ITEM_INTERFACE, .id = 0};
    t->world = (wit_world){.name = "w", .exports = &t->export_item, .nexports = 1, .package = 0};
    t->r = (wit_resolve){.packages = &t->pkg, .npackages = 1, .ifaces = &t->iface, .nifaces = 1,
                         .worlds = &t->world, .nworlds = 1};
}

Test(test_encode, world_payload_matches_jco)
{
    tiny t;
    tiny_build(&t);
    wit_buf b = WIT_BUF_INIT;
    gen_encode_opts o = {0};
    cr_assert(gen_encode_world(&t.r, 0, &o, &b) == 0, "%s", o.err);
    expect_bytes(&b, "0061736d 0d000100"
                     "00 19 16 \"wit-component-encoding\" 04 00"
                     "07 41 01 41 02 01 41 02 01 42 02 01 40 01 01 73 73 01 00"
                     "04 00 01 66 01 00 04 00 11 \"ex:tiny/api@0.1.0\" 05 00"
                     "04 00 0f \"ex:tiny/w@0.1.0\" 04 00"
                     "0b 07 01 00 01 77 03 00 00"
                     "00 2f 09 \"producers\" 01 0c \"processed-by\" 01 0d \"wit-component\" 07 \"0.259.0\"");
    wit_buf_free(&b);
}

Test(test_encode, package_matches_wit_component)
{
    tiny t;
    tiny_build(&t);
    wit_buf b = WIT_BUF_INIT;
    gen_encode_opts o = {0};
    static const char *const none[] = {"x", "1"};
    o.producers = none;
    o.nproducers = 1;
    cr_assert(gen_encode_package(&t.r, 0, &o, &b) == 0, "%s", o.err);
    expect_bytes(&b, "0061736d 0d000100"
                     "07 2a 01 41 02 01 42 02 01 40 01 01 73 73 01 00 04 00 01 66 01 00"
                     "04 00 11 \"ex:tiny/api@0.1.0\" 05 00"
                     "0b 09 01 00 03 \"api\" 03 00 00"
                     "07 41 01 41 02 01 41 02 01 42 02 01 40 01 01 73 73 01 00 04 00 01 66 01 00"
                     "04 00 11 \"ex:tiny/api@0.1.0\" 05 00"
                     "04 00 0f \"ex:tiny/w@0.1.0\" 04 00"
                     "0b 07 01 00 01 \"w\" 03 02 00"
                     "00 10 0c \"package-docs\" 01 7b 7d"
                     "00 1d 09 \"producers\" 01 0c \"processed-by\" 01 01 \"x\" 01 \"1\"");
    wit_buf_free(&b);
}

Test(test_encode, oom_is_reported_and_leak_free)
{
    tiny t;
    tiny_build(&t);
    for (unsigned long n = 1; n < 200; n++) {
        wit_buf b = WIT_BUF_INIT;
        gen_encode_opts o = {0};
        wit_alloc_fail_after(n);
        int rc = gen_encode_world(&t.r, 0, &o, &b);
        wit_alloc_fail_after(0);
        wit_buf_free(&b);
        if (rc == 0)
            break;
        cr_assert(o.err[0] != '\0', "failure %lu without a message", n);
    }
}

Test(test_encode, package_oom_is_reported_and_leak_free)
{
    tiny t;
    tiny_build(&t);
    t.iface.docs.contents = "docs \"quoted\"\n\x01";
    for (unsigned long n = 1; n < 400; n++) {
        wit_buf b = WIT_BUF_INIT;
        gen_encode_opts o = {0};
        wit_alloc_fail_after(n);
        int rc = gen_encode_package(&t.r, 0, &o, &b);
        wit_alloc_fail_after(0);
        wit_buf_free(&b);
        if (rc == 0)
            break;
        cr_assert(o.err[0] != '\0', "failure %lu without a message", n);
    }
}

Test(test_encode, package_docs_json_escapes)
{
    tiny t;
    tiny_build(&t);
    t.iface.docs.contents = "a \"b\"\n\\c\x01";
    t.func.stability = (wit_stability){.kind = WIT_STAB_UNSTABLE, .feature = "fancy"};
    wit_buf b = WIT_BUF_INIT;
    cr_assert(gen_encode_package(&t.r, 0, NULL, &b) == 0);
    const char *want = "\x01{\"interfaces\":{\"api\":{\"docs\":\"a \\\"b\\\"\\n\\\\c\\u0001\","
                       "\"funcs\":{\"f\":{\"stability\":{\"unstable\":{\"feature\":\"fancy\"}}}}}}}";
    size_t wl = strlen(want), i = 0;
    while (i + wl <= b.len && memcmp(b.data + i, want, wl) != 0)
        i++;
    cr_assert(i + wl <= b.len, "package-docs JSON not found");
    wit_buf_free(&b);
}

Test(test_encode, sections_batch_consecutive_items)
{
    wit_buf b = WIT_BUF_INIT;
    gen_wasm_sections s;
    gen_wasm_sections_init(&s, &b);
    gen_wasm_byte(gen_wasm_sections_item(&s, 7), 0xaa);
    gen_wasm_byte(gen_wasm_sections_item(&s, 11), 0xbb);
    gen_wasm_byte(gen_wasm_sections_item(&s, 11), 0xcc);
    gen_wasm_byte(gen_wasm_sections_item(&s, 7), 0xdd);
    gen_wasm_sections_finish(&s);
    expect_bytes(&b, "07 02 01 aa  0b 03 02 bb cc  07 02 01 dd");
    wit_buf_free(&b);
}
