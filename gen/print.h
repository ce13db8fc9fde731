/* The WIT printer: a Resolve back to normalized WIT text, in the layout of
 * wit-component's WitPrinter (what `wasm-tools component wit` prints). */
#ifndef WITC_GEN_PRINT_H
#define WITC_GEN_PRINT_H

#include "wit.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gen_print_opts {
    bool no_docs; /* leave doc comments out */
} gen_print_opts;

/* Appends package `pkg` to `out` as a WIT file (`package ns:name@ver;` header, then
 * its interfaces and worlds), followed by each package of `nested` as a
 * `package … { … }` block. opts may be NULL. Returns 0, or -1 on OOM (out->oom). */
int gen_print_wit(const wit_resolve *r, wit_id pkg, const wit_id *nested, uint32_t nnested,
                  const gen_print_opts *opts, wit_buf *out);

/* Writes every package as its own WIT file, the layout of `wasm-tools component wit
 * --out-dir`: `dir/<name>.wit` for `main`, `dir/deps/<name>.wit` for each other package
 * (`<name>@<version>.wit` when names collide, `<ns>:<name>[@version].wit` when those
 * collide too). Files are written atomically; directories are created. Each written path
 * is appended to `written` (one per line) when it is non-NULL. Returns 0, or -1 with
 * errno set on an I/O error or OOM. */
int gen_print_out_dir(const wit_resolve *r, wit_id main, const char *dir, const gen_print_opts *opts,
                      wit_buf *written);

/* True when `name` must be written `%name` in WIT (it is a keyword). */
bool gen_print_is_keyword(const char *name);

#ifdef __cplusplus
}
#endif
#endif
