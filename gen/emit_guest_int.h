/* Private to the C guest emitter (emit_guest.c, emit_guest_types.c, emit_guest_funcs.c):
 * the emitter state, the output sections, and the helpers the three files share
 * (`gen_guest__` names). Not installed, not included from outside gen/emit_guest*.c. */
#ifndef WITC_GEN_EMIT_GUEST_INT_H
#define WITC_GEN_EMIT_GUEST_INT_H

#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "cnames.h"
#include "cwriter.h"
#include "emit_guest.h"
#include "templates.h"

/* sections of W.h */
enum { H_TOP, H_ASYNC, H_TYPES, H_IMPORTS, H_EXPORTS, H_HELPERS, H_END, H_NSEC };
/* sections of W.c */
enum { C_TOP, C_BITS, C_DECLS, C_HELPERS, C_IMPORTS, C_RETAREA, C_EXPORTS, C_END, C_NSEC };

/* A set of strings (arena keys), for names already defined. */
typedef struct strset {
    const char **slots;
    uint32_t cap, n;
} strset;

typedef struct emitter {
    const wit_resolve *r;
    wit_id world;
    const gen_guest_opts *o;
    wit_arena *a;
    gen_cnames n;
    gen_cwriter h, c;
    strset defined;
    strset symbols; /* every global C name defined, to report clashes */
    wit_diags *diags;
    int err;
    uint32_t ret_area_size, ret_area_align;
    const char *W; /* world snake */
    bool async_done; /* the async helpers were emitted */
    bool errctx_done; /* the error-context built-ins were emitted */
    unsigned bits; /* bit-cast helpers used: 1 f32->i32, 2 i32->f32, 4 f64->i64, 8 i64->f64 */
} emitter;

/* P: print into the writer `w` in scope; FMT: an arena string (never NULL, see nn). */
#define P(...) gen_cw_printf(w, __VA_ARGS__)
#define FMT(...) gen_guest__nn(e, wit_arena_printf(e->a, __VA_ARGS__))

/* ---- emit_guest.c: state and naming helpers ---- */

/* s, or "" after recording WIT_ENOMEM when an arena allocation returned NULL. */
const char *gen_guest__nn(emitter *e, const char *s);
/* Adds s (not copied) to the set: 1 new, 0 present, -1 OOM. */
int gen_guest__set_add(emitter *e, strset *set, const char *s);
bool gen_guest__set_has(const strset *set, const char *s);
/* Records the first error as a diagnostic (fmt has one %s, filled with arg). */
void gen_guest__fail(emitter *e, wit_span span, const char *fmt, const char *arg);
/* Records a global C name; a second definition is reported as a clash. */
void gen_guest__claim(emitter *e, const char *sym, wit_span span);
const wit_typedef *gen_guest__td_of(const emitter *e, wit_type t);
wit_type gen_guest__dealias(const emitter *e, wit_type t);
/* C names (arena strings, never NULL): a type in an import/export context, the `P_name`
 * of `P_name_t`, SHOUTY case, a keyword-safe identifier. */
const char *gen_guest__ctype(emitter *e, wit_type t, bool exp);
const char *gen_guest__base_of(emitter *e, const char *tname);
const char *gen_guest__shouty(emitter *e, const char *s);
const char *gen_guest__cident(emitter *e, const char *s);
/* True when the resource's exported copy is the one this component implements. */
bool gen_guest__resource_is_local(emitter *e, wit_id res, bool exp);
void gen_guest__emit_docs(gen_cwriter *w, const wit_docs *d);
/* Declares a core import `__attribute__((import_module, import_name)) extern ret cname(params)`. */
void gen_guest__emit_import_decl(emitter *e, const char *module, const char *field, const char *ret,
                                 const char *cname, const char *params);
/* text with every `from` replaced by `to`; wit_malloc'd (caller frees), NULL on OOM. */
char *gen_guest__replace_all(const char *text, const char *from, const char *to);

/* ---- emit_guest_types.c: type definitions, resources, free helpers ---- */

/* Defines t's C type (and what it needs) once, in the import or export context. */
void gen_guest__need_type(emitter *e, wit_type t, bool exp);
/* The name of T's free helper (defining it once), or NULL when T owns no memory. */
const char *gen_guest__need_free(emitter *e, wit_type t, bool exp);
/* "uint8_t", "uint16_t" or "uint32_t": the discriminant of a variant with ncases cases. */
const char *gen_guest__disc_ctype(uint32_t ncases);
/* The async ABI's types and built-in wrappers, once per world. */
void gen_guest__ensure_async(emitter *e);

/* ---- emit_guest_funcs.c: functions (sync and async), futures and streams ---- */

void gen_guest__emit_import_func(emitter *e, wit_owner owner, const wit_func *f);
void gen_guest__emit_export_func(emitter *e, wit_owner owner, const wit_func *f);

#endif
