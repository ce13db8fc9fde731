/* Unit tests of the component decoder and WIT printer: real components built by
 * tests/component/data/gen.sh (clang + jco) checked against facts from `jco print` and
 * `jco wit`, every truncation and many corruptions of small components, and hand-built
 * binaries for the LEB128, index and nesting limits. */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "component.h"

static char *data_path(const char *name)
{
    const char *root = getenv("WITC_SOURCE_ROOT");
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/tests/component/data/%s", root ? root : ".", name);
    return buf;
}

static uint8_t *load(const char *name, size_t *len)
{
    char *d = NULL;
    cr_assert_eq(wit_read_file(data_path(name), &d, len), 0, "cannot read %s", data_path(name));
    return (uint8_t *)d;
}

typedef struct decoded {
    wit_arena *arena;
    uint8_t *data;
    size_t len;
    cmp_component *c;
} decoded;

static decoded decode_file(const char *name)
{
    decoded d;
    cmp_error err;
    d.data = load(name, &d.len);
    d.arena = wit_arena_new();
    cr_assert_not_null(d.arena);
    int rc = cmp_decode(d.data, d.len, d.arena, &d.c, &err);
    cr_assert_eq(rc, 0, "%s: at byte %zu: %s", name, err.offset, err.message);
    return d;
}

static void decoded_free(decoded *d)
{
    wit_arena_free(d->arena);
    wit_free(d->data);
}

/* rc of decoding bytes; err filled */
static int decode_bytes(const uint8_t *b, size_t n, cmp_error *err)
{
    wit_arena *a = wit_arena_new();
    cmp_component *c;
    cr_assert_not_null(a);
    int rc = cmp_decode(b, n, a, &c, err);
    wit_arena_free(a);
    return rc;
}

static uint32_t count_defs(const cmp_scope *s, cmp_def_kind k)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->ndefs; i++)
        n += s->defs[i].kind == k;
    return n;
}

static uint32_t count_canon(const cmp_scope *s, cmp_canon_kind k)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->ndefs; i++)
        n += s->defs[i].kind == CMP_DEF_CANON && s->defs[i].u.canon.kind == k;
    return n;
}

Test(test_component, hello_index_spaces)
{
    decoded d = decode_file("hello.wasm");
    const cmp_scope *s = d.c->root;
    /* from `jco print hello.wasm` */
    cr_expect_eq(s->count[CMP_SORT_CORE_MODULE], 4);
    cr_expect_eq(s->count[CMP_SORT_CORE_INSTANCE], 22);
    cr_expect_eq(s->count[CMP_SORT_CORE_FUNC], 64);
    cr_expect_eq(s->count[CMP_SORT_CORE_MEMORY], 1);
    cr_expect_eq(s->count[CMP_SORT_FUNC], 21);
    cr_expect_eq(s->count[CMP_SORT_TYPE], 35);
    cr_expect_eq(s->count[CMP_SORT_COMPONENT], 1);
    cr_expect_eq(s->count[CMP_SORT_INSTANCE], 17); /* 15 imports, 1 instantiate, 1 export */
    cr_expect_eq(count_canon(s, CMP_CANON_LIFT), 1);
    cr_expect_eq(count_canon(s, CMP_CANON_LOWER), 20);
    cr_expect_eq(count_canon(s, CMP_CANON_RESOURCE_DROP), 7);
    cr_expect_eq(count_defs(s, CMP_DEF_IMPORT), 15);
    const cmp_item *i0 = cmp_scope_item(s, CMP_SORT_INSTANCE, 0);
    cr_assert_not_null(i0);
    cr_expect_str_eq(i0->name, "wasi:cli/environment@0.2.12");
    cr_assert_not_null(i0->type);
    cr_expect_eq(i0->type->kind, CMP_TYPE_INSTANCE);
    const cmp_item *ex = cmp_scope_item(s, CMP_SORT_INSTANCE, 16);
    cr_expect_str_eq(ex->name, "wasi:cli/run@0.2.12");
    cr_expect_eq(s->defs[ex->def].kind, CMP_DEF_EXPORT);
    cr_expect_eq(s->defs[ex->def].u.export.name.kind, CMP_NAME_INTERFACE);
    /* core modules are byte ranges holding complete core modules */
    uint32_t nmod = 0;
    for (uint32_t i = 0; i < s->ndefs; i++) {
        const cmp_def *def = &s->defs[i];
        if (def->kind != CMP_DEF_CORE_MODULE)
            continue;
        cr_expect_eq(def->index, nmod);
        nmod++;
        cr_assert_leq((size_t)def->u.module.offset + def->u.module.len, d.len);
        cr_expect_eq(memcmp(d.data + def->u.module.offset, "\0asm\1\0\0\0", 8), 0);
    }
    cr_expect_eq(nmod, 4);
    /* the adapter (module 1) exports wasi:cli/run@0.2.12#run */
    const cmp_def *adapter = &s->defs[cmp_scope_item(s, CMP_SORT_CORE_MODULE, 1)->def];
    bool found = false;
    for (uint32_t i = 0; i < adapter->u.module.nexports; i++)
        found |= strcmp(adapter->u.module.exports[i].name, "wasi:cli/run@0.2.12#run") == 0;
    cr_expect(found);
    /* instance exports: an imported instance's type body, and the nested component's */
    const cmp_scope *where;
    cmp_sortidx item;
    cr_assert_eq(cmp_instance_export(s, 3, "output-stream", &where, &item), 1);
    cr_expect_eq(item.sort, CMP_SORT_TYPE);
    cr_expect_eq(where, i0->type->scope == s ? cmp_scope_item(s, CMP_SORT_INSTANCE, 3)->type->u.body : NULL);
    cr_assert_eq(cmp_instance_export(s, 15, "run", &where, &item), 1);
    cr_expect_eq(item.sort, CMP_SORT_FUNC);
    cr_expect_eq(where->kind, CMP_SCOPE_COMPONENT);
    cr_expect_eq(where->parent, s);
    cr_expect_eq(cmp_instance_export(s, 15, "nope", &where, &item), -1);
    cr_expect_eq(cmp_instance_export(s, 99, "run", &where, &item), -1);
    /* the nested component: one export, the run function */
    const cmp_def *nested = &s->defs[cmp_scope_item(s, CMP_SORT_COMPONENT, 0)->def];
    cr_assert_eq(nested->kind, CMP_DEF_COMPONENT);
    cr_expect_eq(count_defs(nested->u.component, CMP_DEF_EXPORT), 1);
    cr_expect_eq(nested->u.component->parent, s);
    decoded_free(&d);
}

Test(test_component, demo_canon_and_resources)
{
    decoded d = decode_file("demo.wasm");
    const cmp_scope *s = d.c->root;
    cr_expect_eq(s->count[CMP_SORT_CORE_MODULE], 3);
    cr_expect_eq(s->count[CMP_SORT_COMPONENT], 2);
    cr_expect_eq(count_canon(s, CMP_CANON_LIFT), 7);
    cr_expect_eq(count_canon(s, CMP_CANON_LOWER), 8);
    cr_expect_eq(count_canon(s, CMP_CANON_RESOURCE_NEW), 1);
    cr_expect_eq(count_canon(s, CMP_CANON_RESOURCE_REP), 1);
    cr_expect_eq(count_canon(s, CMP_CANON_RESOURCE_DROP), 2);
    bool lift_with_all = false;
    uint32_t nres = 0;
    for (uint32_t i = 0; i < s->ndefs; i++) {
        const cmp_def *def = &s->defs[i];
        if (def->kind == CMP_DEF_CANON && def->u.canon.kind == CMP_CANON_LIFT) {
            const cmp_canon_opts *o = &def->u.canon.opts;
            if (o->has_memory && o->has_realloc && o->has_post_return && o->has_string_encoding &&
                o->string_encoding == CMP_STRING_UTF8)
                lift_with_all = true;
            cr_expect_eq(cmp_scope_item(s, CMP_SORT_FUNC, def->index)->type->kind, CMP_TYPE_FUNC);
        }
        if (def->kind == CMP_DEF_TYPE && def->u.type->kind == CMP_TYPE_RESOURCE) {
            nres++;
            cr_expect_eq(def->u.type->u.resource.rep, 0x7F);
            cr_expect(def->u.type->u.resource.has_dtor);
        }
    }
    cr_expect(lift_with_all, "greet is lifted with memory, realloc, utf8 and post-return");
    /* debug names from the component-name section, as `jco print` shows them */
    cr_expect_str_eq(cmp_debug_name(s, CMP_SORT_CORE_MODULE, 0), "main");
    cr_expect_str_eq(cmp_debug_name(s, CMP_SORT_CORE_MODULE, 1), "wit-component-shim-module");
    cr_expect_str_eq(cmp_debug_name(s, CMP_SORT_CORE_MODULE, 2), "wit-component-fixup");
    cr_expect_str_eq(cmp_debug_name(s, CMP_SORT_COMPONENT, 0), "ex:demo/api@0.1.0-shim-component");
    cr_expect_null(cmp_debug_name(s, CMP_SORT_CORE_MODULE, 3));
    cr_expect_eq(nres, 1, "one exported resource (counter) is defined");
    /* the world-level import `tick` is func 0 */
    const cmp_item *tick = cmp_scope_item(s, CMP_SORT_FUNC, 0);
    cr_expect_str_eq(tick->name, "tick");
    cr_expect_eq(tick->type->kind, CMP_TYPE_FUNC);
    cr_expect(tick->type->u.func.has_result);
    cr_expect_eq(tick->type->u.func.result.prim, CMP_PRIM_CHAR);
    /* alias export of `point` from the types instance denotes the record */
    const cmp_item *pt = cmp_scope_item(s, CMP_SORT_TYPE, 1);
    cr_expect_str_eq(pt->name, "point");
    cr_expect_eq(pt->type->kind, CMP_TYPE_RECORD);
    cr_expect_eq(pt->type->u.record.n, 2);
    decoded_free(&d);
}

static char *read_text(const char *name)
{
    size_t n;
    return (char *)load(name, &n);
}

static void expect_wit(const char *wasm, const char *wit)
{
    decoded d = decode_file(wasm);
    wit_buf out = WIT_BUF_INIT;
    cmp_error err;
    int rc = cmp_print_wit(d.c, &out, &err);
    cr_assert_eq(rc, 0, "%s: %s", wasm, err.message);
    cr_assert(!out.oom);
    char *want = read_text(wit);
    cr_expect_str_eq(out.data, want, "%s differs from jco wit", wasm);
    wit_free(want);
    wit_buf_free(&out);
    decoded_free(&d);
}

Test(test_component, wit_matches_jco_hello) { expect_wit("hello.wasm", "hello.wit"); }
Test(test_component, wit_matches_jco_demo) { expect_wit("demo.wasm", "demo.wit"); }
Test(test_component, wit_matches_jco_types) { expect_wit("types.wasm", "types.wit"); }
Test(test_component, wit_matches_jco_world) { expect_wit("world.wasm", "world.wit"); }
Test(test_component, wit_matches_jco_reactor) { expect_wit("reactor.wasm", "reactor.wit"); }
Test(test_component, wit_matches_jco_utf16) { expect_wit("utf16.wasm", "utf16.wit"); }
Test(test_component, wit_matches_jco_proxy) { expect_wit("proxy.wasm", "proxy.wit"); }

Test(test_component, utf16_string_encoding)
{
    decoded d = decode_file("utf16.wasm");
    const cmp_scope *s = d.c->root;
    unsigned n16 = 0, n8 = 0;
    for (uint32_t i = 0; i < s->ndefs; i++) {
        const cmp_def *def = &s->defs[i];
        if (def->kind != CMP_DEF_CANON || !def->u.canon.opts.has_string_encoding)
            continue;
        if (def->u.canon.opts.string_encoding == CMP_STRING_UTF16)
            n16++;
        else
            n8++;
    }
    cr_expect_gt(n16, 0u);
    cr_expect_eq(n8, 0u);
    decoded_free(&d);
}

/* Every core module is instantiated once, and every instantiation argument names a core
 * instance defined before it (the order a runtime instantiates in). */
Test(test_component, reactor_instantiation_order)
{
    decoded d = decode_file("reactor.wasm");
    const cmp_scope *s = d.c->root;
    cr_assert_eq(s->count[CMP_SORT_CORE_MODULE], 4);
    unsigned inst[4] = {0, 0, 0, 0};
    for (uint32_t i = 0; i < s->ndefs; i++) {
        const cmp_def *def = &s->defs[i];
        if (def->kind != CMP_DEF_CORE_INSTANCE || !def->u.core_instance.instantiate)
            continue;
        inst[def->u.core_instance.module]++;
        for (uint32_t j = 0; j < def->u.core_instance.nargs; j++) {
            cr_expect_eq(def->u.core_instance.args[j].item.sort, CMP_SORT_CORE_INSTANCE);
            cr_expect_lt(def->u.core_instance.args[j].item.index, def->index);
        }
    }
    for (int m = 0; m < 4; m++)
        cr_expect_eq(inst[m], 1, "core module %d instantiated %u times", m, inst[m]);
    /* the adapter is instantiated with `env` (memory) and one bag per WASI interface, the
     * preopens one under the adapter's own version (from `jco print reactor.wasm`) */
    bool env = false, mainmod = false;
    for (uint32_t i = 0; i < s->ndefs; i++) {
        const cmp_def *def = &s->defs[i];
        if (def->kind == CMP_DEF_CORE_INSTANCE && def->u.core_instance.instantiate &&
            def->u.core_instance.module == 1)
            for (uint32_t j = 0; j < def->u.core_instance.nargs; j++) {
                env |= strcmp(def->u.core_instance.args[j].name, "env") == 0;
                mainmod |= strcmp(def->u.core_instance.args[j].name, "wasi:filesystem/preopens@0.2.6") == 0;
            }
    }
    cr_expect(env && mainmod);
    decoded_free(&d);
}

/* True when data[0..n) ends exactly after a top-level section. */
static bool is_section_boundary(const uint8_t *data, size_t len, size_t n)
{
    size_t pos = 8;
    while (pos < len) {
        if (pos == n)
            return true;
        size_t p = pos + 1, size = 0;
        for (unsigned shift = 0; p < len; shift += 7) {
            uint8_t b = data[p++];
            size |= (size_t)(b & 0x7F) << shift;
            if (!(b & 0x80))
                break;
        }
        pos = p + size;
    }
    return pos == n;
}

/* Every proper prefix of a valid component is an error naming an offset inside it, except
 * prefixes that end between top-level sections, which are valid components themselves. */
static void truncate_all(const char *name)
{
    size_t len;
    uint8_t *data = load(name, &len);
    unsigned errors = 0;
    for (size_t n = 0; n < len; n++) {
        cmp_error err;
        uint8_t *copy = malloc(n ? n : 1); /* exact size: ASan sees any overread */
        memcpy(copy, data, n);
        int rc = decode_bytes(copy, n, &err);
        free(copy);
        if (rc == 0) {
            cr_assert(is_section_boundary(data, len, n), "%s truncated to %zu bytes decoded", name, n);
            continue;
        }
        errors++;
        cr_assert_eq(rc, -1);
        cr_assert_leq(err.offset, n, "%s[..%zu]: offset %zu", name, n, err.offset);
        cr_assert_neq(err.message[0], '\0');
    }
    cr_expect_gt(errors, len * 9 / 10);
    wit_free(data);
}

Test(test_component, truncated_at_every_offset_demo) { truncate_all("demo.wasm"); }
Test(test_component, truncated_at_every_offset_types) { truncate_all("types.wasm"); }

/* Overwriting any byte with a few values: a clean error or a successful decode (and then
 * the printer and dump run without crashing too). */
Test(test_component, corrupt_every_byte)
{
    size_t len;
    uint8_t *data = load("types.wasm", &len);
    uint8_t *copy = malloc(len);
    unsigned ok = 0, bad = 0;
    for (size_t i = 0; i < len; i++) {
        const uint8_t vals[] = {0x00, 0xFF, 0x80, 0x7F, (uint8_t)(data[i] ^ 0x01), (uint8_t)(data[i] + 1)};
        for (size_t v = 0; v < sizeof vals; v++) {
            cmp_error err;
            cmp_component *c;
            if (vals[v] == data[i])
                continue;
            memcpy(copy, data, len);
            copy[i] = vals[v];
            wit_arena *a = wit_arena_new();
            int rc = cmp_decode(copy, len, a, &c, &err);
            cr_assert(rc == 0 || rc == -1, "byte %zu = 0x%02x: rc %d", i, vals[v], rc);
            if (rc == 0) {
                wit_buf out = WIT_BUF_INIT;
                cmp_error perr;
                (void)cmp_print_wit(c, &out, &perr);
                cmp_dump(c, &out);
                wit_buf_free(&out);
                ok++;
            } else {
                cr_assert_leq(err.offset, len);
                cr_assert_neq(err.message[0], '\0');
                bad++;
            }
            wit_arena_free(a);
        }
    }
    cr_expect_gt(bad, 1000u);
    cr_expect_gt(ok, 0u); /* e.g. bytes inside names and core module bodies */
    free(copy);
    wit_free(data);
}

/* ---- hand-built binaries ---------------------------------------------------------------- */

#define PRE 0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00

static void expect_error(const uint8_t *b, size_t n, size_t offset, const char *needle)
{
    cmp_error err;
    int rc = decode_bytes(b, n, &err);
    cr_assert_eq(rc, -1, "expected an error containing `%s`", needle);
    cr_expect_eq(err.offset, offset, "offset %zu, expected %zu (%s)", err.offset, offset, err.message);
    cr_expect(strstr(err.message, needle) != NULL, "message `%s` lacks `%s`", err.message, needle);
}

Test(test_component, empty_component_decodes)
{
    const uint8_t b[] = {PRE};
    cmp_error err;
    cr_assert_eq(decode_bytes(b, sizeof b, &err), 0, "%s", err.message);
}

Test(test_component, preamble_errors)
{
    const uint8_t core[] = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
    expect_error(core, sizeof core, 4, "core wasm module");
    const uint8_t ver[] = {0x00, 0x61, 0x73, 0x6D, 0x0C, 0x00, 0x01, 0x00};
    expect_error(ver, sizeof ver, 4, "expected component version");
    const uint8_t magic[] = {0x00, 0x62, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00};
    expect_error(magic, sizeof magic, 0, "magic");
    expect_error(magic, 3, 0, "preamble");
}

Test(test_component, leb128_limits)
{
    /* section size with 6 bytes: too long */
    const uint8_t overlong[] = {PRE, 0x07, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
    expect_error(overlong, sizeof overlong, 9, "too long");
    /* 5th byte sets bits above 32 */
    const uint8_t big[] = {PRE, 0x07, 0xFF, 0xFF, 0xFF, 0xFF, 0x1F};
    expect_error(big, sizeof big, 9, "too large");
    /* section size past the end */
    const uint8_t past[] = {PRE, 0x07, 0x05, 0x01};
    expect_error(past, sizeof past, 9, "runs past the end");
    /* a count larger than the bytes left: nothing is allocated for it */
    const uint8_t count[] = {PRE, 0x07, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
    expect_error(count, sizeof count, 10, "larger than");
    /* unread bytes at the end of a section */
    const uint8_t extra[] = {PRE, 0x07, 0x03, 0x01, 0x7F, 0x00};
    expect_error(extra, sizeof extra, 12, "unread bytes");
}

Test(test_component, index_out_of_range)
{
    /* export "f" (func 0) with no funcs */
    const uint8_t b[] = {PRE, 0x0B, 0x06, 0x01, 0x00, 0x01, 'f', 0x01, 0x00, 0x00};
    expect_error(b, sizeof b - 1, 15, "func index 0 out of range");
    /* list of type 0 before any type exists */
    const uint8_t l[] = {PRE, 0x07, 0x03, 0x01, 0x70, 0x00};
    expect_error(l, sizeof l, 12, "type index 0 out of range");
    /* own of a non-resource */
    const uint8_t o[] = {PRE, 0x07, 0x04, 0x02, 0x7F, 0x69, 0x00};
    expect_error(o, sizeof o, 13, "not a resource");
}

Test(test_component, s33_type_index)
{
    /* 66 types: (type bool) x 65, then (list 64) encoded 70 C0 00 */
    uint8_t b[8 + 2 + 1 + 65 + 3];
    size_t n = 0;
    const uint8_t pre[] = {PRE};
    memcpy(b, pre, 8);
    n = 8;
    b[n++] = 0x07;
    b[n++] = 1 + 65 + 3;
    b[n++] = 66;
    for (int i = 0; i < 65; i++)
        b[n++] = 0x7F;
    b[n++] = 0x70;
    b[n++] = 0xC0;
    b[n++] = 0x00;
    wit_arena *a = wit_arena_new();
    cmp_component *c;
    cmp_error err;
    cr_assert_eq(cmp_decode(b, n, a, &c, &err), 0, "%s", err.message);
    const cmp_type *t = cmp_scope_type(c->root, 65);
    cr_assert_eq(t->kind, CMP_TYPE_LIST);
    cr_expect_eq(t->u.list.elem.prim, CMP_PRIM_NONE);
    cr_expect_eq(t->u.list.elem.index, 64);
    wit_arena_free(a);
    /* a negative s33 index is rejected */
    const uint8_t neg[] = {PRE, 0x07, 0x04, 0x01, 0x70, 0xC0, 0x7F};
    expect_error(neg, sizeof neg, 12, "negative");
}

Test(test_component, deep_nesting_is_bounded)
{
    /* 1000 nested instance types: 42 01 01 ... 7F */
    enum { DEPTH = 1000 };
    static uint8_t b[8 + 1 + 5 + 1 + DEPTH * 3 + 1];
    const uint8_t pre[] = {PRE};
    size_t n = 0, body = 1 + DEPTH * 3 + 1;
    memcpy(b, pre, 8);
    n = 8;
    b[n++] = 0x07;
    b[n++] = (uint8_t)(0x80 | (body & 0x7F));
    b[n++] = (uint8_t)(body >> 7);
    b[n++] = 0x01;
    for (int i = 0; i < DEPTH; i++) {
        b[n++] = 0x42;
        b[n++] = 0x01;
        b[n++] = 0x01;
    }
    b[n++] = 0x7F;
    cmp_error err;
    cr_assert_eq(decode_bytes(b, n, &err), -1);
    cr_expect(strstr(err.message, "nested deeper") != NULL, "%s", err.message);
}

static size_t put_s33(uint8_t *b, uint32_t v)
{
    if (v < 64) {
        b[0] = (uint8_t)v;
        return 1;
    }
    b[0] = (uint8_t)(0x80 | (v & 0x7F));
    b[1] = (uint8_t)(v >> 7);
    return 2;
}

/* A function whose parameter is list<list<…u8…>> 150 deep decodes, and printing it fails
 * cleanly instead of recursing without bound. */
Test(test_component, deep_anonymous_type_print_is_bounded)
{
    enum { N = 150 };
    uint8_t body[4 + N * 3 + 16], b[8 + 3 + sizeof body + 16];
    size_t n = 0, m = 0;
    body[n++] = 0x80 | ((N + 1) & 0x7F); /* type count N + 1 as LEB */
    body[n++] = (N + 1) >> 7;
    body[n++] = 0x70;
    body[n++] = 0x7D; /* type 0 = list<u8> */
    for (uint32_t i = 1; i < N; i++) {
        body[n++] = 0x70;
        n += put_s33(body + n, i - 1);
    }
    body[n++] = 0x40; /* type N = func(x: type N-1) */
    body[n++] = 0x01;
    body[n++] = 0x01;
    body[n++] = 'x';
    n += put_s33(body + n, N - 1);
    body[n++] = 0x01;
    body[n++] = 0x00;
    const uint8_t pre[] = {PRE};
    memcpy(b, pre, 8);
    m = 8;
    b[m++] = 0x07;
    b[m++] = (uint8_t)(0x80 | (n & 0x7F));
    b[m++] = (uint8_t)(n >> 7);
    memcpy(b + m, body, n);
    m += n;
    const uint8_t imp[] = {0x0A, 0x07, 0x01, 0x00, 0x01, 'f', 0x01, 0x80 | (N & 0x7F), N >> 7};
    memcpy(b + m, imp, sizeof imp);
    m += sizeof imp;
    wit_arena *a = wit_arena_new();
    cmp_component *c;
    cmp_error err;
    cr_assert_eq(cmp_decode(b, m, a, &c, &err), 0, "at %zu: %s", err.offset, err.message);
    wit_buf out = WIT_BUF_INIT;
    cr_expect_eq(cmp_print_wit(c, &out, &err), -1);
    cr_expect(strstr(err.message, "nested deeper") != NULL, "%s", err.message);
    wit_buf_free(&out);
    wit_arena_free(a);
}

Test(test_component, outer_alias_too_far)
{
    /* alias outer 1 0 (type) at the top level: there is no enclosing scope */
    const uint8_t b[] = {PRE, 0x06, 0x05, 0x01, 0x03, 0x02, 0x01, 0x00};
    expect_error(b, sizeof b, 13, "exceeds");
}

Test(test_component, duplicate_names_rejected)
{
    /* (type (func)) (import "f" (func (type 0))) twice */
    const uint8_t imp[] = {PRE, 0x07, 0x05, 0x01, 0x40, 0x00, 0x01, 0x00,
                           0x0A, 0x0B, 0x02, 0x00, 0x01, 'f', 0x01, 0x00, 0x00, 0x01, 'f', 0x01, 0x00};
    expect_error(imp, sizeof imp, 23, "duplicate import name `f`");
    /* the same name once imported and once exported is fine */
    const uint8_t both[] = {PRE, 0x07, 0x05, 0x01, 0x40, 0x00, 0x01, 0x00,
                            0x0A, 0x06, 0x01, 0x00, 0x01, 'f', 0x01, 0x00,
                            0x0B, 0x07, 0x01, 0x00, 0x01, 'f', 0x01, 0x00, 0x00};
    cmp_error err;
    cr_expect_eq(decode_bytes(both, sizeof both, &err), 0, "%s", err.message);
}

/* core module: (type (func)) (import "m" "f" (func (type 0))) */
#define CORE_MOD 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, \
                 0x02, 0x07, 0x01, 0x01, 'm', 0x01, 'f', 0x00, 0x00

Test(test_component, core_instantiate_checks_imports)
{
    const uint8_t none[] = {PRE, 0x01, 23, CORE_MOD, 0x02, 0x04, 0x01, 0x00, 0x00, 0x00};
    expect_error(none, sizeof none, 36, "no instantiation argument is named `m`");
    /* argument `m` is a bag without `f` */
    const uint8_t nof[] = {PRE, 0x01, 23, CORE_MOD,
                           0x02, 0x0A, 0x02, 0x01, 0x00, 0x00, 0x00, 0x01, 0x01, 'm', 0x12, 0x00};
    expect_error(nof, sizeof nof, 38, "does not export");
    /* the module's imports are recorded */
    wit_arena *a = wit_arena_new();
    cmp_component *c;
    cmp_error err;
    cr_assert_eq(cmp_decode(nof, 33, a, &c, &err), 0, "%s", err.message);
    const cmp_def *m = &c->root->defs[0];
    cr_assert_eq(m->u.module.nimports, 1);
    cr_expect_str_eq(m->u.module.imports[0].module, "m");
    cr_expect_str_eq(m->u.module.imports[0].field, "f");
    cr_expect_eq(m->u.module.imports[0].kind, CMP_SORT_CORE_FUNC);
    wit_arena_free(a);
}

/* The async, error-context and thread built-ins decode into core functions. */
Test(test_component, async_builtins)
{
    const uint8_t canon[] = {
        16,
        0x1F,             /* waitable-set.new */
        0x23,             /* waitable.join */
        0x24,             /* backpressure.inc */
        0x05,             /* task.cancel */
        0x0D,             /* subtask.drop */
        0x0E, 0x00,       /* stream.new (stream u8) */
        0x13, 0x00,       /* stream.drop-readable */
        0x11, 0x00, 0x01, /* stream.cancel-read async */
        0x15, 0x01,       /* future.new (future) */
        0x1B, 0x01,       /* future.drop-writable */
        0x0A, 0x7F, 0x00, /* context.get i32 0 */
        0x0C, 0x00,       /* thread.yield */
        0x09, 0x01, 0x00, 0x00, /* task.return, no result, no options */
        0x1C, 0x00,       /* error-context.new, no options */
        0x1E,             /* error-context.drop */
        0x06, 0x01,       /* subtask.cancel async */
    };
    const uint8_t pre[] = {PRE, 0x07, 0x06, 0x02, 0x66, 0x01, 0x7D, 0x65, 0x00, 0x08, sizeof canon};
    uint8_t b[sizeof pre + sizeof canon];
    memcpy(b, pre, sizeof pre);
    memcpy(b + sizeof pre, canon, sizeof canon);
    wit_arena *a = wit_arena_new();
    cmp_component *c;
    cmp_error err;
    cr_assert_eq(cmp_decode(b, sizeof b, a, &c, &err), 0, "at %zu: %s", err.offset, err.message);
    cr_expect_eq(c->root->count[CMP_SORT_CORE_FUNC], 16);
    const cmp_canon_kind want[] = {
        CMP_CANON_WAITABLE_SET_NEW, CMP_CANON_WAITABLE_JOIN, CMP_CANON_BACKPRESSURE_INC,
        CMP_CANON_TASK_CANCEL, CMP_CANON_SUBTASK_DROP, CMP_CANON_STREAM_NEW,
        CMP_CANON_STREAM_DROP_READABLE, CMP_CANON_STREAM_CANCEL_READ, CMP_CANON_FUTURE_NEW,
        CMP_CANON_FUTURE_DROP_WRITABLE, CMP_CANON_CONTEXT_GET, CMP_CANON_THREAD_YIELD,
        CMP_CANON_TASK_RETURN, CMP_CANON_ERROR_CONTEXT_NEW, CMP_CANON_ERROR_CONTEXT_DROP,
        CMP_CANON_SUBTASK_CANCEL,
    };
    uint32_t k = 0;
    for (uint32_t i = 0; i < c->root->ndefs; i++)
        if (c->root->defs[i].kind == CMP_DEF_CANON) {
            cr_assert_lt(k, 16u);
            cr_expect_eq(c->root->defs[i].u.canon.kind, want[k], "canon %u: %s", k,
                         cmp_canon_name(c->root->defs[i].u.canon.kind));
            k++;
        }
    cr_expect_eq(k, 16u);
    wit_arena_free(a);
    /* stream.new on a future type, and an unknown opcode */
    const uint8_t bad[] = {PRE, 0x07, 0x06, 0x02, 0x66, 0x01, 0x7D, 0x65, 0x00, 0x08, 0x03, 0x01, 0x0E, 0x01};
    expect_error(bad, sizeof bad, 20, "not a stream type");
    const uint8_t unk[] = {PRE, 0x08, 0x02, 0x01, 0x2F};
    expect_error(unk, sizeof unk, 11, "unknown canonical definition opcode 0x2f");
}

Test(test_component, core_instantiate_checks_func_types)
{
    /* module A exports f: [] -> []; module B imports a.f: [i32] -> [] */
    const uint8_t b[] = {PRE,
        0x01, 31, 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
                  0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00,
                  0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B,
        0x01, 24, 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x01, 0x7F, 0x00,
                  0x02, 0x07, 0x01, 0x01, 'a', 0x01, 'f', 0x00, 0x00,
        0x02, 0x0B, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x01, 0x01, 'a', 0x12, 0x00};
    expect_error(b, sizeof b, 73, "different type");
    /* module A alone decodes, with its function's type recorded */
    wit_arena *a = wit_arena_new();
    cmp_component *c;
    cmp_error err;
    cr_assert_eq(cmp_decode(b, 8 + 2 + 31, a, &c, &err), 0, "%s", err.message);
    const cmp_type *ft = cmp_core_func_type(&c->root->defs[0], 0);
    cr_assert_not_null(ft);
    cr_expect_eq(ft->u.core_func.nparams, 0);
    cr_expect_eq(ft->u.core_func.nresults, 0);
    cr_expect_null(cmp_core_func_type(&c->root->defs[0], 1));
    wit_arena_free(a);
}

Test(test_component, alias_and_option_errors)
{
    /* (type (instance (export "f" (func (type 0)))))-less: instance type with no exports,
     * imported as "i", then (alias export 0 "g" (func)) */
    const uint8_t noexp[] = {PRE, 0x07, 0x03, 0x01, 0x42, 0x00,
                             0x0A, 0x06, 0x01, 0x00, 0x01, 'i', 0x05, 0x00,
                             0x06, 0x06, 0x01, 0x01, 0x00, 0x00, 0x01, 'g'};
    expect_error(noexp, sizeof noexp, 27, "instance 0 has no export named `g`");
    /* canon lower whose realloc option names a core function that does not exist */
    const uint8_t realloc_only[] = {PRE, 0x07, 0x05, 0x01, 0x40, 0x00, 0x01, 0x00,
                                    0x0A, 0x06, 0x01, 0x00, 0x01, 'f', 0x01, 0x00,
                                    0x08, 0x07, 0x01, 0x01, 0x00, 0x00, 0x01, 0x04, 0x00};
    expect_error(realloc_only, sizeof realloc_only, 31, "core func index 0 out of range");
    /* canon option given twice */
    const uint8_t twice[] = {PRE, 0x07, 0x05, 0x01, 0x40, 0x00, 0x01, 0x00,
                             0x0A, 0x06, 0x01, 0x00, 0x01, 'f', 0x01, 0x00,
                             0x08, 0x07, 0x01, 0x01, 0x00, 0x00, 0x02, 0x00, 0x01};
    expect_error(twice, sizeof twice, 31, "string-encoding given twice");
    /* export ascription of a different sort */
    const uint8_t asc[] = {PRE, 0x07, 0x05, 0x01, 0x40, 0x00, 0x01, 0x00,
                           0x0A, 0x06, 0x01, 0x00, 0x01, 'f', 0x01, 0x00,
                           0x0B, 0x09, 0x01, 0x00, 0x01, 'g', 0x01, 0x00, 0x01, 0x03, 0x01};
    expect_error(asc, sizeof asc, 32, "ascription is a type");
    /* a record field that is not a kebab-case label */
    const uint8_t kebab[] = {PRE, 0x07, 0x06, 0x01, 0x72, 0x01, 0x01, 'A', 0x7F};
    cmp_error err;
    cr_expect_eq(decode_bytes(kebab, sizeof kebab, &err), 0, "%s", err.message); /* `A` is kebab */
    const uint8_t bad[] = {PRE, 0x07, 0x07, 0x01, 0x72, 0x01, 0x02, 'a', '_', 0x7F};
    expect_error(bad, sizeof bad, 13, "not a kebab-case label");
}

Test(test_component, value_section_rejected)
{
    const uint8_t b[] = {PRE, 0x0C, 0x01, 0x00};
    expect_error(b, sizeof b, 8, "value sections");
}

Test(test_component, allocation_failure_is_reported)
{
    size_t len;
    uint8_t *data = load("demo.wasm", &len);
    bool succeeded = false;
    for (unsigned long n = 1; n < 5000 && !succeeded; n++) {
        wit_arena *a = wit_arena_new();
        if (!a)
            continue;
        cmp_component *c;
        cmp_error err;
        wit_alloc_fail_after(n);
        int rc = cmp_decode(data, len, a, &c, &err);
        wit_alloc_fail_after(0);
        cr_assert(rc == 0 || rc == -2, "n=%lu: rc %d (%s)", n, rc, err.message);
        if (rc == -2)
            cr_expect_str_eq(err.message, "out of memory");
        succeeded = rc == 0;
        wit_arena_free(a);
    }
    cr_expect(succeeded);
    wit_free(data);
}

/* ---- decoded types through gen/abi ------------------------------------------------------ */

static void plan_sig(const gen_plan *pl, char *buf, size_t n)
{
    size_t k = (size_t)snprintf(buf, n, "(");
    for (uint32_t i = 0; i < pl->ncore_params; i++)
        k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? "," : "", gen_core_name(pl->core_params[i]));
    k += (size_t)snprintf(buf + k, n - k, ")->");
    if (pl->ncore_results)
        snprintf(buf + k, n - k, "%s", gen_core_name(pl->core_results[0]));
    else
        snprintf(buf + k, n - k, "()");
}

static const char *expected_sig(const char *const (*table)[2], const char *name)
{
    for (; (*table)[0]; table++)
        if (strcmp((*table)[0], name) == 0)
            return (*table)[1];
    return NULL;
}

/* Every canon lift and lower of demo.wasm, planned by gen/abi from the decoded types, has
 * the core signature the main module declares for it (from `jco print demo.wasm`). */
Test(test_component, canon_signatures_via_gen_abi)
{
    static const char *const lifts[][2] = {
        {"run", "(i32,i32)->i32"}, {"[constructor]counter", "(i32)->i32"},
        {"[method]counter.bump", "(i32)->i32"}, {"greet", "(i32,i32)->i32"},
        {"area", "(i32,i64,i32,i32)->f32"}, {"wrap", "(i32)->i32"}, {"get", "()->i32"},
        {NULL, NULL},
    };
    static const char *const lowers[][2] = {
        {"[constructor]blob", "(i32,i32)->i32"}, {"[method]blob.size", "(i32)->i64"},
        {"[static]blob.merge", "(i32,i32)->i32"}, {"log", "(i32,i32)->()"}, {"now", "()->i64"},
        {"paint", "(i32,i32,i32,i32)->()"}, {"warn", "(i32,i32,i32,i32)->()"},
        {"tick", "()->i32"}, {NULL, NULL},
    };
    decoded d = decode_file("demo.wasm");
    const cmp_scope *s = d.c->root;
    cmp_wit w;
    cmp_wit_init(&w, d.arena);
    unsigned nlift = 0, nlower = 0;
    for (uint32_t i = 0; i < s->ndefs; i++) {
        const cmp_def *def = &s->defs[i];
        if (def->kind != CMP_DEF_CANON ||
            (def->u.canon.kind != CMP_CANON_LIFT && def->u.canon.kind != CMP_CANON_LOWER))
            continue;
        bool lift = def->u.canon.kind == CMP_CANON_LIFT;
        const char *name;
        const cmp_type *ft;
        if (lift) {
            const cmp_item *cf = cmp_scope_item(s, CMP_SORT_CORE_FUNC, def->u.canon.func);
            const cmp_def *al = &s->defs[cf->def];
            cr_assert_eq(al->kind, CMP_DEF_ALIAS);
            name = strrchr(al->u.alias.name, '|') + 1;
            ft = cmp_scope_type(s, def->u.canon.type);
        } else {
            const cmp_item *f = cmp_scope_item(s, CMP_SORT_FUNC, def->u.canon.func);
            name = f->name;
            ft = f->type;
        }
        wit_func wf;
        cmp_error err;
        cr_assert_eq(cmp_wit_func(&w, ft, name, &wf, &err), 0, "%s: %s", name, err.message);
        gen_plan pl;
        cr_assert_eq(gen_plan_func(&w.resolve, &wf, lift ? GEN_EXPORT : GEN_IMPORT, false, false,
                                   d.arena, &pl), 0);
        char got[128];
        plan_sig(&pl, got, sizeof got);
        const char *want = expected_sig(lift ? lifts : lowers, name);
        cr_assert_not_null(want, "unexpected %s `%s`", lift ? "lift" : "lower", name);
        cr_expect_str_eq(got, want, "%s `%s`", lift ? "lift" : "lower", name);
        if (lift)
            nlift++;
        else
            nlower++;
        if (strcmp(name, "[method]counter.bump") == 0) {
            cr_expect_eq(wf.kind, WIT_FN_METHOD);
            cr_assert_neq(wf.resource, WIT_NONE);
            cr_expect_eq(w.resolve.types[wf.resource].kind, WIT_TD_RESOURCE);
        }
        if (strcmp(name, "greet") == 0)
            cr_expect(pl.post_return);
    }
    cr_expect_eq(nlift, 7);
    cr_expect_eq(nlower, 8);
    decoded_free(&d);
}

static void core_sig(const cmp_type *t, char *buf, size_t n)
{
    size_t k = (size_t)snprintf(buf, n, "(");
    for (uint32_t i = 0; i < t->u.core_func.nparams; i++) {
        uint8_t b = t->u.core_func.params[i];
        k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? "," : "",
                              b == 0x7F ? "i32" : b == 0x7E ? "i64" : b == 0x7D ? "f32" : b == 0x7C ? "f64" : "?");
    }
    k += (size_t)snprintf(buf + k, n - k, ")->");
    if (t->u.core_func.nresults) {
        uint8_t b = t->u.core_func.results[0];
        snprintf(buf + k, n - k, "%s",
                 b == 0x7F ? "i32" : b == 0x7E ? "i64" : b == 0x7D ? "f32" : b == 0x7C ? "f64" : "?");
    } else {
        snprintf(buf + k, n - k, "()");
    }
}

/* The core module definition a core instance instantiates, or NULL. */
static const cmp_def *instantiated_module(const cmp_scope *s, uint32_t inst)
{
    const cmp_def *d = &s->defs[cmp_scope_item(s, CMP_SORT_CORE_INSTANCE, inst)->def];
    if (d->kind != CMP_DEF_CORE_INSTANCE || !d->u.core_instance.instantiate)
        return NULL;
    const cmp_def *m = &s->defs[cmp_scope_item(s, CMP_SORT_CORE_MODULE, d->u.core_instance.module)->def];
    return m->kind == CMP_DEF_CORE_MODULE ? m : NULL;
}

static void plan_canon(cmp_wit *w, wit_arena *arena, const cmp_scope *s, const cmp_def *canon,
                       char *got, size_t n)
{
    bool lift = canon->u.canon.kind == CMP_CANON_LIFT;
    const cmp_type *ft;
    const char *name;
    if (lift) {
        ft = cmp_scope_type(s, canon->u.canon.type);
        name = NULL;
    } else {
        const cmp_item *f = cmp_scope_item(s, CMP_SORT_FUNC, canon->u.canon.func);
        ft = f->type;
        name = f->name;
    }
    wit_func wf;
    cmp_error err;
    cr_assert_eq(cmp_wit_func(w, ft, name, &wf, &err), 0, "%s", err.message);
    gen_plan pl;
    cr_assert_eq(gen_plan_func(&w->resolve, &wf, lift ? GEN_EXPORT : GEN_IMPORT,
                               canon->u.canon.opts.async, false, arena, &pl), 0);
    plan_sig(&pl, got, n);
}

/* For every core instantiation, each imported function that is a `canon lower`, and every
 * `canon lift` of a core export, the signature gen/abi plans from the decoded component type
 * equals the core function type the module itself declares. Returns the number checked. */
static unsigned check_signatures(const char *file)
{
    decoded d = decode_file(file);
    const cmp_scope *s = d.c->root;
    cmp_wit w;
    unsigned checked = 0;
    char got[256], want[256];
    cmp_wit_init(&w, d.arena);
    for (uint32_t i = 0; i < s->ndefs; i++) {
        const cmp_def *ci = &s->defs[i];
        if (ci->kind == CMP_DEF_CANON && ci->u.canon.kind == CMP_CANON_LIFT) {
            const cmp_def *al = &s->defs[cmp_scope_item(s, CMP_SORT_CORE_FUNC, ci->u.canon.func)->def];
            if (al->kind != CMP_DEF_ALIAS || al->u.alias.kind != CMP_ALIAS_CORE_EXPORT)
                continue;
            const cmp_def *m = instantiated_module(s, al->u.alias.instance);
            if (!m)
                continue;
            for (uint32_t e = 0; e < m->u.module.nexports; e++)
                if (strcmp(m->u.module.exports[e].name, al->u.alias.name) == 0) {
                    const cmp_type *ct = cmp_core_func_type(m, m->u.module.exports[e].item.index);
                    cr_assert_not_null(ct, "%s: no type for export %s", file, al->u.alias.name);
                    core_sig(ct, want, sizeof want);
                    plan_canon(&w, d.arena, s, ci, got, sizeof got);
                    cr_expect_str_eq(got, want, "%s: lift of %s", file, al->u.alias.name);
                    checked++;
                }
            continue;
        }
        if (ci->kind != CMP_DEF_CORE_INSTANCE || !ci->u.core_instance.instantiate)
            continue;
        const cmp_def *m = &s->defs[cmp_scope_item(s, CMP_SORT_CORE_MODULE, ci->u.core_instance.module)->def];
        if (m->kind != CMP_DEF_CORE_MODULE)
            continue;
        for (uint32_t k = 0; k < m->u.module.nimports; k++) {
            const cmp_core_import *im = &m->u.module.imports[k];
            if (im->kind != CMP_SORT_CORE_FUNC)
                continue;
            const cmp_arg *arg = NULL;
            for (uint32_t j = 0; j < ci->u.core_instance.nargs; j++)
                if (strcmp(ci->u.core_instance.args[j].name, im->module) == 0)
                    arg = &ci->u.core_instance.args[j];
            cr_assert_not_null(arg);
            const cmp_def *bag = &s->defs[cmp_scope_item(s, CMP_SORT_CORE_INSTANCE, arg->item.index)->def];
            if (bag->u.core_instance.instantiate)
                continue;
            for (uint32_t j = 0; j < bag->u.core_instance.nargs; j++) {
                const cmp_arg *e = &bag->u.core_instance.args[j];
                if (strcmp(e->name, im->field) != 0)
                    continue;
                const cmp_def *cd = &s->defs[cmp_scope_item(s, CMP_SORT_CORE_FUNC, e->item.index)->def];
                if (cd->kind != CMP_DEF_CANON || cd->u.canon.kind != CMP_CANON_LOWER)
                    continue;
                cr_assert_lt(im->type, m->u.module.ntypes);
                core_sig(m->u.module.types[im->type], want, sizeof want);
                plan_canon(&w, d.arena, s, cd, got, sizeof got);
                cr_expect_str_eq(got, want, "%s: lower for %s::%s", file, im->module, im->field);
                checked++;
            }
        }
    }
    decoded_free(&d);
    return checked;
}

static void expect_checked(const char *file, unsigned min)
{
    unsigned n = check_signatures(file);
    cr_expect_geq(n, min, "%s: only %u signatures checked", file, n);
}

/* every canon lift and lower of each component (jco print counts) is checked */
Test(test_component, canon_signatures_match_core_types)
{
    expect_checked("demo.wasm", 15);
    expect_checked("types.wasm", 10);
    expect_checked("world.wasm", 6);
    expect_checked("utf16.wasm", 15);
    expect_checked("hello.wasm", 21);
    expect_checked("reactor.wasm", 19);
    expect_checked("proxy.wasm", 141);
}

Test(test_component, check_abi_accepts_real_components)
{
    const char *files[] = {"hello.wasm", "reactor.wasm", "demo.wasm", "types.wasm", "world.wasm",
                           "utf16.wasm", "proxy.wasm"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        decoded d = decode_file(files[i]);
        cmp_error err;
        cr_expect_eq(cmp_check_abi(d.c, d.arena, &err), 0, "%s: at %zu: %s", files[i], err.offset,
                     err.message);
        decoded_free(&d);
    }
}

/* A core module exporting f: [i32 i32] -> [], instantiated, f aliased out, and lifted with
 * the component function type given by TYPE (8 bytes) and the options given by OPTS. */
static void check_lift(const uint8_t *type, size_t ntype, const uint8_t *opts, size_t nopts,
                       int want_rc, const char *needle)
{
    const uint8_t head[] = {PRE,
        0x01, 33, 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x02, 0x7F,
                  0x7F, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07, 0x05, 0x01, 0x01, 'f', 0x00, 0x00,
                  0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B,
        0x02, 0x04, 0x01, 0x00, 0x00, 0x00,
        0x06, 0x07, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 'f',
        0x07};
    uint8_t b[256];
    size_t n = 0;
    memcpy(b, head, sizeof head);
    n = sizeof head;
    b[n++] = (uint8_t)ntype;
    memcpy(b + n, type, ntype);
    n += ntype;
    b[n++] = 0x08;
    b[n++] = (uint8_t)(5 + nopts);
    b[n++] = 0x01;
    b[n++] = 0x00;
    b[n++] = 0x00;
    b[n++] = 0x00;
    memcpy(b + n, opts, nopts);
    n += nopts;
    b[n++] = 0x00; /* type 0 */
    wit_arena *a = wit_arena_new();
    cmp_component *c;
    cmp_error err;
    cr_assert_eq(cmp_decode(b, n, a, &c, &err), 0, "at %zu: %s", err.offset, err.message);
    int rc = cmp_check_abi(c, a, &err);
    cr_expect_eq(rc, want_rc, "rc %d: %s", rc, err.message);
    if (needle) {
        cr_expect(strstr(err.message, needle) != NULL, "`%s` lacks `%s`", err.message, needle);
        cr_expect_eq(err.offset, 63u + ntype, "offset %zu", err.offset);
    }
    wit_arena_free(a);
}

Test(test_component, check_abi_rejects_bad_lifts)
{
    /* 01 40 01 01 's' T 01 00: type section with one func(s: T) */
    const uint8_t str[8] = {0x01, 0x40, 0x01, 0x01, 's', 0x73, 0x01, 0x00};
    const uint8_t u64[8] = {0x01, 0x40, 0x01, 0x01, 's', 0x77, 0x01, 0x00};
    /* a string parameter without memory */
    check_lift(str, 8, (const uint8_t[]){0x00}, 1, -1, "`memory` option is required");
    /* u64 flattens to i64, but the core function takes (i32, i32) */
    check_lift(u64, 8, (const uint8_t[]){0x00}, 1, -1, "needs (i64) -> ()");
    /* func(a: u32, b: u32) is exactly (i32, i32) -> () */
    const uint8_t two[11] = {0x01, 0x40, 0x02, 0x01, 'a', 0x79, 0x01, 'b', 0x79, 0x01, 0x00};
    check_lift(two, 11, (const uint8_t[]){0x00}, 1, 0, NULL);
}
