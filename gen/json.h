/* The Resolve as JSON, in wit-parser's serde schema (what `wasm-tools component wit
 * --json` prints): {"worlds", "interfaces", "types", "packages"}, references as arena
 * indices, optional keys (docs, stability, result, deprecated) omitted when absent. */
#ifndef WITC_GEN_JSON_H
#define WITC_GEN_JSON_H

#include "wit.h"

#include <cjson/cJSON.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Builds the Resolve as a cJSON tree whose object keys are in the order serde emits
 * them. The caller owns the tree (free with cJSON_Delete). Returns NULL on OOM.
 * Installs wit_malloc/wit_free as cJSON's allocator hooks (once, process-wide). */
cJSON *gen_json_resolve_tree(const wit_resolve *r);

/* Appends `v` to `out` formatted exactly as serde_json's pretty printer does: two-space
 * indentation, `"key": value`, `[]`/`{}` for empty containers, integers without a
 * fraction, strings escaped like serde_json (control characters as \n, \t, \uXXXX;
 * non-ASCII kept as UTF-8). No trailing newline. OOM is reported through out->oom. */
void gen_json_write(const cJSON *v, wit_buf *out);

/* gen_json_resolve_tree + gen_json_write + a final newline, appended to `out`.
 * Returns 0, or -1 on OOM (out may then hold a partial document). */
int gen_json_resolve(const wit_resolve *r, wit_buf *out);

#ifdef __cplusplus
}
#endif
#endif
