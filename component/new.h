/* component/ entry points of `witc component new` (new.c) and of the binary WIT package
 * reader (wit_decode.c). Private to witc: used by cli/ and installed as the loader's
 * reader of `.wasm` packages. */
#ifndef WITC_COMPONENT_NEW_H
#define WITC_COMPONENT_NEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base.h"
#include "wit.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Turns a binary WIT package (what `wasm-tools component wit --wasm` / gen_encode_package
 * write) or a `component-type` payload (a world wrapped as wit-component does) into WIT
 * source text that parses back to the same packages: the main package under a `package`
 * header, other packages as nested `package ns:pkg@v { … }` blocks. Interfaces of other packages that
 * the binary carries (only their types, or for worlds whole) are written as blocks of their
 * own when `with_foreign` is set; otherwise they are left for the caller's other packages
 * (deps/) to provide. Appends to *out (OOM shows as out->oom). Returns 0, or -1 with a
 * one-line message in err[0..errlen) when the binary is malformed or is not a WIT package.
 * Matches the loader's wit_binary_reader_fn. */
int cmp_wit_decode_text(const uint8_t *data, size_t len, bool with_foreign, wit_buf *out, char *err,
                        size_t errlen);

/* Decodes a binary WIT package / component-type payload (as above, foreign packages
 * included) into the session's Resolve under the file name `name` (diagnostics point into
 * the generated text). Stores the main package in *pkg. Returns a WIT_* code; a malformed
 * binary is WIT_EINPUT with a diagnostic. */
int cmp_wit_decode(wit_session *s, const char *name, const uint8_t *data, size_t len, wit_id *pkg);

/* Options of cmp_component_new. Zero-initialise. */
typedef struct cmp_new_opts {
    const char *adapter_name;      /* core import module the adapter satisfies, or NULL */
    const uint8_t *adapter;        /* the adapter core module (borrowed) */
    size_t adapter_len;
    const char *name;              /* component name for `component-name`, or NULL */
    char err[512];                 /* written on failure: a one-line message */
} cmp_new_opts;

/* Builds a component from core module `core` (which carries one or more
 * `component-type*` custom sections) the way wit-component's ComponentEncoder does:
 * validates the module's imports and exports against the world, then writes type/import
 * sections, canon lower/lift, shim and fixup modules, the main module and exports. Appends
 * the component to *out. Returns 0; -1 with opts->err on bad input (missing export, wrong
 * core signature, unknown import, unsupported feature); -2 on OOM. */
int cmp_component_new(const uint8_t *core, size_t len, cmp_new_opts *opts, wit_buf *out);

#ifdef __cplusplus
}
#endif
#endif
