/* Writers and a small reader for the WebAssembly binary format (core modules and
 * components): LEB128 integers, names, vectors, sections, custom sections, and a
 * section walker. Shared by the binary WIT encoder (encode.c), `witc component embed`
 * and a later `component new`.
 *
 * Writers append to a wit_buf and never fail loudly: on OOM the buffer's `oom` flag is
 * set and later appends are ignored, so callers check once at the end. */
#ifndef WITC_GEN_WASMBIN_H
#define WITC_GEN_WASMBIN_H

#include <stddef.h>
#include <stdint.h>

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Section ids of a component (component-binary.md §1.2); core modules share 0 (custom). */
enum {
    GEN_WASM_SEC_CUSTOM = 0,
    GEN_WASM_SEC_COMPONENT_TYPE = 7,
    GEN_WASM_SEC_COMPONENT_EXPORT = 11
};

void gen_wasm_byte(wit_buf *b, uint8_t v);
/* Unsigned LEB128 (u32: at most 5 bytes). */
void gen_wasm_u32(wit_buf *b, uint32_t v);
/* Signed LEB128 of a 64-bit value (s33 for component valtype indices). */
void gen_wasm_s64(wit_buf *b, int64_t v);
/* `name`: u32 byte length + the bytes of the NUL-terminated string s. */
void gen_wasm_name(wit_buf *b, const char *s);
/* Appends `id size payload`. */
void gen_wasm_section(wit_buf *b, uint8_t id, const void *payload, size_t n);
/* Appends a custom section: id 0, size, name, data. */
void gen_wasm_custom(wit_buf *b, const char *name, const void *data, size_t n);
/* Preambles: core module `\0asm 01 00 00 00`, component `\0asm 0d 00 01 00`. */
void gen_wasm_core_preamble(wit_buf *b);
void gen_wasm_component_preamble(wit_buf *b);
/* A `producers` custom section with one field `processed-by` holding the n
 * (name, version) pairs tools[2*i], tools[2*i+1]. Nothing is written when n == 0. */
void gen_wasm_producers(wit_buf *b, const char *const *tools, size_t n);

/* `vec(X)`: the count, then the n bytes of already-encoded items. */
void gen_wasm_vec(wit_buf *b, uint32_t count, const void *items, size_t n);

/* Batches consecutive items of one kind into one section, as wasm-encoder's
 * ComponentBuilder does (`component new` needs it: a change of kind opens a new
 * section, and the index spaces follow the order of the items). Usage: init, then for
 * each item append its bytes to gen_wasm_sections_item(&s, id), then finish. */
typedef struct gen_wasm_sections {
    wit_buf *out;     /* where finished sections go (not owned) */
    int id;           /* id of the open section, or -1 */
    uint32_t count;   /* items in the open section */
    wit_buf items;    /* their bytes (owned) */
} gen_wasm_sections;

void gen_wasm_sections_init(gen_wasm_sections *s, wit_buf *out);
/* The buffer to append one item of section `id` to; writes out the open section first
 * when its id differs. Never NULL. */
wit_buf *gen_wasm_sections_item(gen_wasm_sections *s, uint8_t id);
/* Writes out the open section (if any) and frees the batch; s may be reused after init.
 * Carries an allocation failure of the batch into out->oom. */
void gen_wasm_sections_finish(gen_wasm_sections *s);

/* One section of a binary, as found by gen_wasm_next_section. */
typedef struct gen_wasm_sec {
    uint8_t id;
    size_t start;          /* offset of the id byte */
    size_t end;            /* offset just past the payload */
    size_t payload;        /* offset of the payload (for custom sections: of the name) */
    const char *name;      /* custom sections: the name (not NUL-terminated), else NULL */
    size_t name_len;
    size_t data;           /* custom sections: offset of the data after the name */
} gen_wasm_sec;

/* Kinds of binary, from the 8-byte preamble. */
typedef enum gen_wasm_kind { GEN_WASM_NOT_WASM, GEN_WASM_CORE, GEN_WASM_COMPONENT, GEN_WASM_OTHER } gen_wasm_kind;
gen_wasm_kind gen_wasm_kind_of(const uint8_t *p, size_t n);

/* Walks sections: *off starts at 8 (after the preamble). Returns 1 and fills *s with the
 * section at *off, advancing *off past it; 0 at the end; -1 if the section is truncated
 * or malformed (a size or custom-section name running past the end). Never reads
 * outside p[0..n). */
int gen_wasm_next_section(const uint8_t *p, size_t n, size_t *off, gen_wasm_sec *s);

/* Reads an unsigned LEB128 u32 at p[*off..n); advances *off. Returns 0, or -1 when it
 * is truncated or too long. */
int gen_wasm_read_u32(const uint8_t *p, size_t n, size_t *off, uint32_t *out);

#ifdef __cplusplus
}
#endif
#endif
