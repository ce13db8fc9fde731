/* The C guest emitter: `witc bindgen c`. From a resolved world it writes W.h (types,
 * prototypes of imports to call and exports to implement, helpers), W.c (canonical-ABI
 * glue, cabi_realloc, post-return functions, resource intrinsics) and
 * W_component_type.c (the `component-type:W` custom section). */
#ifndef WITC_GEN_EMIT_GUEST_H
#define WITC_GEN_EMIT_GUEST_H

#include "wit.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gen_guest_opts {
    bool utf16;              /* --string-encoding utf16 */
    bool autodrop_borrows;   /* --autodrop-borrows yes */
    bool no_component_type;  /* do not write W_component_type.c */
    bool no_sig_flattening;  /* --no-sig-flattening: option params as pointers to the option,
                                option/result returns through one `ret` out-param */
    const char *rename_world;       /* --rename-world: C prefix and file names, or NULL */
    const char *type_section_suffix; /* --type-section-suffix: appended to the section name, or NULL */
    /* --async: which functions use the async ABI. Default: those WIT marks `async`. Each
     * entry is `[-][import:|export:](all|ns:pkg/iface[@ver]#f|f)`; later entries win. */
    const char *const *async_filters;
    size_t nasync_filters;
    /* --rename KEY=NAME: the C prefix of the interface whose world key is KEY
     * (`ns:pkg/iface`, with or without `@version`, or a plain name) becomes NAME. A KEY that
     * matches nothing gets a warning. renames[2*i] = KEY, renames[2*i+1] = NAME. */
    const char *const *renames;
    size_t nrenames;
} gen_guest_opts;

/* One generated file: name (e.g. "w.h") and contents, both wit_malloc'd. */
typedef struct gen_file {
    char *name;
    char *data;
    size_t len;
} gen_file;

typedef struct gen_guest_out {
    gen_file files[3]; /* W.h, W.c, W_component_type.c (the last may be empty: name NULL) */
    uint32_t nfiles;
} gen_guest_out;

/* Generates the bindings of `world`. On success fills *out (free with gen_guest_out_free)
 * and returns 0. A world the emitter cannot represent gets a diagnostic in `diags` and
 * -1; OOM returns -3 (WIT_ENOMEM). *out is empty after a failure. */
int gen_guest_emit(const wit_resolve *r, wit_id world, const gen_guest_opts *opts, wit_diags *diags,
                   gen_guest_out *out);

/* Frees what gen_guest_emit produced; safe on a zeroed struct. */
void gen_guest_out_free(gen_guest_out *out);

#ifdef __cplusplus
}
#endif
#endif
