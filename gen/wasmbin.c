/* LEB128, name, section and custom-section writers over wit_buf, and a bounds-checked
 * section walker. The one idea: every writer appends, and the buffer's sticky `oom`
 * flag carries allocation failure to a single check by the caller; the reader never
 * trusts a length before comparing it with what is left. */
#include "wasmbin.h"

#include <string.h>

void gen_wasm_byte(wit_buf *b, uint8_t v)
{
    wit_buf_append(b, &v, 1);
}

void gen_wasm_u32(wit_buf *b, uint32_t v)
{
    uint8_t tmp[5];
    size_t n = 0;
    do {
        uint8_t byte = v & 0x7f;
        v >>= 7;
        if (v)
            byte |= 0x80;
        tmp[n++] = byte;
    } while (v);
    wit_buf_append(b, tmp, n);
}

void gen_wasm_s64(wit_buf *b, int64_t v)
{
    uint8_t tmp[10];
    size_t n = 0;
    for (;;) {
        uint8_t byte = (uint8_t)(v & 0x7f);
        /* arithmetic shift: implementation-defined in C11 for negatives, so do it by hand */
        v = v < 0 ? ~(~v >> 7) : v >> 7;
        bool done = (v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40));
        if (!done)
            byte |= 0x80;
        tmp[n++] = byte;
        if (done)
            break;
    }
    wit_buf_append(b, tmp, n);
}

void gen_wasm_name(wit_buf *b, const char *s)
{
    size_t n = strlen(s);
    gen_wasm_u32(b, (uint32_t)n);
    wit_buf_append(b, s, n);
}

void gen_wasm_section(wit_buf *b, uint8_t id, const void *payload, size_t n)
{
    gen_wasm_byte(b, id);
    gen_wasm_u32(b, (uint32_t)n);
    wit_buf_append(b, payload, n);
}

void gen_wasm_custom(wit_buf *b, const char *name, const void *data, size_t n)
{
    size_t nl = strlen(name);
    wit_buf hdr = WIT_BUF_INIT;
    gen_wasm_u32(&hdr, (uint32_t)nl);
    gen_wasm_byte(b, GEN_WASM_SEC_CUSTOM);
    gen_wasm_u32(b, (uint32_t)(hdr.len + nl + n));
    wit_buf_append(b, hdr.data, hdr.len);
    wit_buf_append(b, name, nl);
    wit_buf_append(b, data, n);
    if (hdr.oom)
        b->oom = true;
    wit_buf_free(&hdr);
}

void gen_wasm_core_preamble(wit_buf *b)
{
    wit_buf_append(b, "\0asm\x01\0\0\0", 8);
}

void gen_wasm_component_preamble(wit_buf *b)
{
    wit_buf_append(b, "\0asm\x0d\0\x01\0", 8);
}

void gen_wasm_producers(wit_buf *b, const char *const *tools, size_t n)
{
    if (n == 0)
        return;
    wit_buf d = WIT_BUF_INIT;
    gen_wasm_u32(&d, 1);
    gen_wasm_name(&d, "processed-by");
    gen_wasm_u32(&d, (uint32_t)n);
    for (size_t i = 0; i < n; i++) {
        gen_wasm_name(&d, tools[2 * i]);
        gen_wasm_name(&d, tools[2 * i + 1]);
    }
    gen_wasm_custom(b, "producers", d.data, d.len);
    if (d.oom)
        b->oom = true;
    wit_buf_free(&d);
}

void gen_wasm_vec(wit_buf *b, uint32_t count, const void *items, size_t n)
{
    gen_wasm_u32(b, count);
    wit_buf_append(b, items, n);
}

void gen_wasm_sections_init(gen_wasm_sections *s, wit_buf *out)
{
    s->out = out;
    s->id = -1;
    s->count = 0;
    wit_buf_init(&s->items);
}

static void sections_flush(gen_wasm_sections *s)
{
    if (s->id < 0)
        return;
    wit_buf payload = WIT_BUF_INIT;
    gen_wasm_vec(&payload, s->count, s->items.data, s->items.len);
    gen_wasm_section(s->out, (uint8_t)s->id, payload.data, payload.len);
    if (payload.oom || s->items.oom)
        s->out->oom = true;
    wit_buf_free(&payload);
    wit_buf_reset(&s->items);
    s->id = -1;
    s->count = 0;
}

wit_buf *gen_wasm_sections_item(gen_wasm_sections *s, uint8_t id)
{
    if (s->id != (int)id) {
        sections_flush(s);
        s->id = id;
    }
    s->count++;
    return &s->items;
}

void gen_wasm_sections_finish(gen_wasm_sections *s)
{
    sections_flush(s);
    if (s->items.oom)
        s->out->oom = true;
    wit_buf_free(&s->items);
}

gen_wasm_kind gen_wasm_kind_of(const uint8_t *p, size_t n)
{
    if (n < 8 || memcmp(p, "\0asm", 4) != 0)
        return GEN_WASM_NOT_WASM;
    if (memcmp(p + 4, "\x01\0\0\0", 4) == 0)
        return GEN_WASM_CORE;
    if (memcmp(p + 4, "\x0d\0\x01\0", 4) == 0)
        return GEN_WASM_COMPONENT;
    return GEN_WASM_OTHER;
}

int gen_wasm_read_u32(const uint8_t *p, size_t n, size_t *off, uint32_t *out)
{
    uint32_t v = 0;
    for (unsigned shift = 0; shift < 35; shift += 7) {
        if (*off >= n)
            return -1;
        uint8_t byte = p[(*off)++];
        if (shift == 28 && (byte & 0x70))
            return -1; /* more than 32 bits */
        v |= (uint32_t)(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            *out = v;
            return 0;
        }
    }
    return -1;
}

int gen_wasm_next_section(const uint8_t *p, size_t n, size_t *off, gen_wasm_sec *s)
{
    if (*off >= n)
        return 0;
    memset(s, 0, sizeof *s);
    s->start = *off;
    s->id = p[*off];
    size_t o = *off + 1;
    uint32_t size;
    if (gen_wasm_read_u32(p, n, &o, &size) < 0 || size > n - o)
        return -1;
    s->payload = o;
    s->end = o + size;
    if (s->id == GEN_WASM_SEC_CUSTOM) {
        uint32_t nl;
        size_t q = o;
        if (gen_wasm_read_u32(p, s->end, &q, &nl) < 0 || nl > s->end - q)
            return -1;
        s->name = (const char *)p + q;
        s->name_len = nl;
        s->data = q + nl;
    }
    *off = s->end;
    return 1;
}
