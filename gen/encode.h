/* Binary WIT: a world as the `component-type` custom-section payload that
 * wit-component's metadata encoder writes, and a whole WIT package as a component
 * (what `wasm-tools component wit --wasm` writes). Byte-for-byte compatible with
 * wit-component 0.259 (component-binary.md §2–§3). */
#ifndef WITC_GEN_ENCODE_H
#define WITC_GEN_ENCODE_H

#include "base.h"
#include "wit.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gen_string_encoding {
    GEN_STRING_UTF8 = 0,
    GEN_STRING_UTF16 = 1,
    GEN_STRING_COMPACT_UTF16 = 2
} gen_string_encoding;

/* Options of the encoders. Zero-initialise, then set what you need. */
typedef struct gen_encode_opts {
    gen_string_encoding string_encoding; /* recorded in `wit-component-encoding` */
    /* `producers` section, field `processed-by`: nproducers (name, version) pairs in
     * producers[2*i], producers[2*i+1]. When nproducers is 0 the encoders write the
     * single pair ("wit-component", GEN_ENCODE_WIT_COMPONENT_VERSION), which is what
     * jco/wasm-tools write; callers may add their own tool after it. */
    const char *const *producers;
    size_t nproducers;
    /* Written on failure: a one-line message (NUL-terminated). */
    char err[256];
} gen_encode_opts;

/* The wit-component version whose encoding these functions reproduce. */
#define GEN_ENCODE_WIT_COMPONENT_VERSION "0.259.0"

/* Appends to *out the payload of a `component-type` custom section for `world`: a
 * component holding `wit-component-encoding`, the world's component type wrapped as
 * wit-component does, the export of the world's name, and `producers`. opts may be
 * NULL (utf8, default producers). Returns 0, or -1 on OOM or on a Resolve the encoder
 * cannot represent (message in opts->err when opts is given); *out is then left with
 * unspecified extra bytes. Does not modify the Resolve. */
int gen_encode_world(const wit_resolve *r, wit_id world, gen_encode_opts *opts, wit_buf *out);

/* Appends to *out only the world's component type (the `(component …)` type of
 * wit-component's `encode_world`, starting with byte 0x41), without wrapper. Same
 * error behaviour as gen_encode_world. */
int gen_encode_world_type(const wit_resolve *r, wit_id world, gen_encode_opts *opts, wit_buf *out);

/* Appends to *out the WIT package `pkg` encoded as a component: for each interface, then
 * each world, a component type and its export, then `package-docs` and `producers`.
 * Same error behaviour as gen_encode_world. */
int gen_encode_package(const wit_resolve *r, wit_id pkg, gen_encode_opts *opts, wit_buf *out);

/* Appends to *out a dummy core module for `world` (what `wasm-tools component embed
 * --dummy` makes): every core import and export the world needs under wit-component's
 * legacy names, with signatures from the canonical ABI (gen/abi.h) and bodies that trap,
 * plus `memory` and `cabi_realloc`; no component-type section (append one with
 * gen_encode_world). Async functions use the callback ABI's names. Returns 0, or -1
 * with a message in opts->err (when given). */
int gen_encode_dummy_module(const wit_resolve *r, wit_id world, gen_encode_opts *opts, wit_buf *out);

/* The custom-section name wit-bindgen C gives the world's payload: "component-type:W". The
 * result is wit_malloc'd (caller frees), NULL on OOM. */
char *gen_encode_section_name(const wit_resolve *r, wit_id world);

#ifdef __cplusplus
}
#endif
#endif
