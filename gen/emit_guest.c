/* The C guest emitter (`witc bindgen c`): W.h, W.c and W_component_type.c for a world.
 *
 * The idea that keeps this small: the C types it prints have exactly the canonical ABI's
 * memory layout on wasm32 (fixed-width integers, `bool`, integer typedefs for enums and
 * flags, `{ptr, len}`, tag + union), so every value that travels through memory — spilled
 * parameters, return areas, list elements — moves as one `memcpy` of the C value and
 * lists and strings pass in place. Only values that travel as core parameters or core
 * results are converted piece by piece, and that walk follows the flattening computed by
 * gen/abi.c (joins included). Function-level structure comes from gen_plan_func: this file
 * walks the plan's steps and prints each. */
#include "emit_guest.h"

#include <stdlib.h>
#include <string.h>

#include "abi.h"
#include "cnames.h"
#include "cwriter.h"
#include "encode.h"
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

/* Arena strings may be NULL after an allocation failure: record it and carry on with "",
 * so the emitter unwinds normally and reports WIT_ENOMEM at the end. */
static const char *nn(emitter *e, const char *s)
{
    if (!s) {
        if (!e->err)
            e->err = WIT_ENOMEM;
        return "";
    }
    return s;
}

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Adds s; returns 1 if it was new, 0 if present, -1 on OOM. */
static int set_add(emitter *e, strset *set, const char *s)
{
    if (set->n * 2 >= set->cap) {
        uint32_t nc = set->cap ? set->cap * 2 : 256;
        const char **ns = wit_arena_alloc(e->a, sizeof(char *) * nc);
        if (!ns)
            return -1;
        for (uint32_t i = 0; i < set->cap; i++)
            if (set->slots[i]) {
                uint32_t k = hash_str(set->slots[i]) & (nc - 1);
                while (ns[k])
                    k = (k + 1) & (nc - 1);
                ns[k] = set->slots[i];
            }
        set->slots = ns;
        set->cap = nc;
    }
    uint32_t k = hash_str(s) & (set->cap - 1);
    while (set->slots[k]) {
        if (strcmp(set->slots[k], s) == 0)
            return 0;
        k = (k + 1) & (set->cap - 1);
    }
    set->slots[k] = s;
    set->n++;
    return 1;
}

static bool set_has(const strset *set, const char *s)
{
    if (!set->cap)
        return false;
    uint32_t k = hash_str(s) & (set->cap - 1);
    while (set->slots[k]) {
        if (strcmp(set->slots[k], s) == 0)
            return true;
        k = (k + 1) & (set->cap - 1);
    }
    return false;
}

#define P(...) gen_cw_printf(w, __VA_ARGS__)
#define FMT(...) nn(e, wit_arena_printf(e->a, __VA_ARGS__))

static void fail(emitter *e, wit_span span, const char *fmt, const char *arg)
{
    if (!e->err) {
        wit_diags_add(e->diags, WIT_SEV_ERROR, span, fmt, arg);
        e->err = -1;
    }
}

/* Records a global C name; a second definition of the same name is a clash between two
 * WIT items (e.g. function `foo-free` and the free helper of type `foo`). */
static void claim(emitter *e, const char *sym, wit_span span)
{
    if (!sym) {
        e->err = WIT_ENOMEM;
        return;
    }
    int r = set_add(e, &e->symbols, sym);
    if (r < 0)
        e->err = WIT_ENOMEM;
    else if (r == 0)
        fail(e, span, "two WIT items would get the C name `%s`; rename one of them", sym);
}

static const wit_typedef *td_of(const emitter *e, wit_type t)
{
    return t.prim == WIT_TYPE_ID ? &e->r->types[t.id] : NULL;
}

/* Follows aliases. */
static wit_type dealias(const emitter *e, wit_type t)
{
    while (t.prim == WIT_TYPE_ID && e->r->types[t.id].kind == WIT_TD_ALIAS)
        t = e->r->types[t.id].u.elem;
    return t;
}

static const char *ctype(emitter *e, wit_type t, bool exp)
{
    return nn(e, gen_cnames_type(&e->n, t, exp));
}

/* "P_name" for "P_name_t". */
static const char *base_of(emitter *e, const char *tname)
{
    size_t n = strlen(tname);
    return nn(e, wit_arena_strndup(e->a, tname, n >= 2 ? n - 2 : n));
}

static const char *shouty(emitter *e, const char *s)
{
    return nn(e, gen_c_shouty(e->a, s));
}

static const char *cident(emitter *e, const char *s)
{
    return nn(e, gen_c_ident(e->a, s));
}

/* Is the exported copy of resource `res` the one implemented by this component? */
static bool resource_is_local(emitter *e, wit_id res, bool exp)
{
    return gen_cnames_is_export_copy(&e->n, res, exp);
}

static char *replace_all(const char *text, const char *from, const char *to);

/* The async ABI's types and built-in wrappers (templates/guest_async.*), once per world. */
static void ensure_async(emitter *e)
{
    if (e->async_done || e->err)
        return;
    e->async_done = true;
    int hs = e->h.cur, cs = e->c.cur;
    char *h1 = replace_all(gen_tpl_guest_async_h, "WORLDU_", FMT("%s_", e->n.world_shouty));
    char *h2 = h1 ? replace_all(h1, "WORLD_", FMT("%s_", e->W)) : NULL;
    char *c1 = replace_all(gen_tpl_guest_async, "WORLD_", FMT("%s_", e->W));
    if (!h2 || !c1) {
        e->err = WIT_ENOMEM;
    } else {
        gen_cw_section(&e->h, H_ASYNC);
        gen_cw_raw(&e->h, h2);
        gen_cw_raw(&e->h, "\n");
        gen_cw_section(&e->c, C_HELPERS);
        gen_cw_raw(&e->c, c1);
        gen_cw_raw(&e->c, "\n");
    }
    wit_free(h1);
    wit_free(h2);
    wit_free(c1);
    gen_cw_section(&e->h, hs);
    gen_cw_section(&e->c, cs);
}

/* ---- type definitions ---- */

static void need_type(emitter *e, wit_type t, bool exp);
static const char *need_free(emitter *e, wit_type t, bool exp);
static void need_resource(emitter *e, wit_id res, bool exp);

static void emit_docs(gen_cwriter *w, const wit_docs *d)
{
    if (!d->contents)
        return;
    const char *p = d->contents;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
            n--;
        /* a trailing backslash would continue the comment onto the next line of code */
        bool bs = n > 0 && p[n - 1] == '\\';
        gen_cw_printf(w, "//%s%.*s%s\n", n ? " " : "", (int)n, p, bs ? " (backslash)" : "");
        if (!nl)
            break;
        p = nl + 1;
    }
}

static void emit_case_defines(emitter *e, const char *base, const wit_typedef *td, bool flags)
{
    gen_cwriter *w = &e->h;
    for (uint32_t i = 0; i < td->u.variant.n; i++) {
        const char *cn = shouty(e, td->u.variant.cases[i].name);
        if (flags)
            P("#define %s_%s (UINT%u_C(1) << %u)\n", shouty(e, base), cn,
              td->u.variant.n <= 8 ? 8u : td->u.variant.n <= 16 ? 16u : 32u, i);
        else
            P("#define %s_%s %u\n", shouty(e, base), cn, i);
    }
}

static const char *disc_ctype(uint32_t ncases)
{
    uint32_t d = gen_abi_disc_size(ncases);
    return d == 1 ? "uint8_t" : d == 2 ? "uint16_t" : "uint32_t";
}

static void define_type(emitter *e, wit_type t, bool exp)
{
    const wit_typedef *td = td_of(e, t);
    bool copy = gen_cnames_is_export_copy(&e->n, t.id, exp);
    const char *name = ctype(e, t, exp);
    const char *base = base_of(e, name);
    gen_cwriter *w = &e->h;
    gen_cw_section(w, H_TYPES);
    switch (td->kind) {
    case WIT_TD_RECORD:
        if (td->u.record.n == 0) {
            /* size 0 in the ABI; C has no empty struct (and C++ would give it size 1) */
            fail(e, td->span, "record `%s` has no fields: empty records have no C representation",
                 td->name ? td->name : "");
            return;
        }
        for (uint32_t i = 0; i < td->u.record.n; i++)
            need_type(e, td->u.record.fields[i].type, copy);
        emit_docs(w, &td->docs);
        P("typedef struct %s {\n", name);
        for (uint32_t i = 0; i < td->u.record.n; i++) {
            emit_docs(w, &td->u.record.fields[i].docs);
            P("%s %s;\n", ctype(e, td->u.record.fields[i].type, copy), cident(e, td->u.record.fields[i].name));
        }
        P("} %s;\n\n", name);
        break;
    case WIT_TD_TUPLE:
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            need_type(e, td->u.tuple.types[i], copy);
        if (td->u.tuple.n == 0) {
            fail(e, td->span, "%s: empty tuples have no C representation", "tuple<>");
            return;
        }
        P("typedef struct %s {\n", name);
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            P("%s f%u;\n", ctype(e, td->u.tuple.types[i], copy), i);
        P("} %s;\n\n", name);
        break;
    case WIT_TD_FLAGS: {
        uint32_t n = td->u.variant.n;
        if (n == 0) {
            fail(e, td->span, "flags `%s` has no members: empty flags have no C representation",
                 td->name ? td->name : "");
            return;
        }
        if (n > 32) {
            fail(e, td->span, "flags `%s` has more than 32 members (the component model allows at most 32)",
                 td->name ? td->name : "");
            return;
        }
        emit_docs(w, &td->docs);
        P("typedef %s %s;\n\n", n <= 8 ? "uint8_t" : n <= 16 ? "uint16_t" : "uint32_t", name);
        emit_case_defines(e, base, td, true);
        P("\n");
        break;
    }
    case WIT_TD_ENUM:
        emit_docs(w, &td->docs);
        P("typedef %s %s;\n\n", disc_ctype(td->u.variant.n), name);
        emit_case_defines(e, base, td, false);
        P("\n");
        break;
    case WIT_TD_VARIANT: {
        bool any = false;
        for (uint32_t i = 0; i < td->u.variant.n; i++)
            if (td->u.variant.cases[i].has_type) {
                need_type(e, td->u.variant.cases[i].type, copy);
                any = true;
            }
        emit_docs(w, &td->docs);
        P("typedef struct %s {\n", name);
        P("%s tag;\n", disc_ctype(td->u.variant.n));
        if (any) {
            P("union {\n");
            for (uint32_t i = 0; i < td->u.variant.n; i++)
                if (td->u.variant.cases[i].has_type)
                    P("%s %s;\n", ctype(e, td->u.variant.cases[i].type, copy),
                      cident(e, td->u.variant.cases[i].name));
            P("} val;\n");
        }
        P("} %s;\n\n", name);
        emit_case_defines(e, base, td, false);
        P("\n");
        break;
    }
    case WIT_TD_OPTION:
        need_type(e, td->u.elem, copy);
        P("typedef struct %s {\n", name);
        P("bool is_some;\n");
        P("%s val;\n", ctype(e, td->u.elem, copy));
        P("} %s;\n\n", name);
        break;
    case WIT_TD_RESULT:
        if (td->u.result.has_ok)
            need_type(e, td->u.result.ok, copy);
        if (td->u.result.has_err)
            need_type(e, td->u.result.err, copy);
        P("typedef struct %s {\n", name);
        P("bool is_err;\n");
        if (td->u.result.has_ok || td->u.result.has_err) {
            P("union {\n");
            if (td->u.result.has_ok)
                P("%s ok;\n", ctype(e, td->u.result.ok, copy));
            if (td->u.result.has_err)
                P("%s err;\n", ctype(e, td->u.result.err, copy));
            P("} val;\n");
        }
        P("} %s;\n\n", name);
        break;
    case WIT_TD_LIST:
        need_type(e, td->u.elem, copy);
        emit_docs(w, &td->docs);
        P("typedef struct %s {\n", name);
        P("%s *ptr;\n", ctype(e, td->u.elem, copy));
        P("size_t len;\n");
        P("} %s;\n\n", name);
        break;
    case WIT_TD_MAP:
        need_type(e, td->u.map.key, copy);
        need_type(e, td->u.map.value, copy);
        P("typedef struct %s_entry_t {\n", base);
        P("%s key;\n", ctype(e, td->u.map.key, copy));
        P("%s value;\n", ctype(e, td->u.map.value, copy));
        P("} %s_entry_t;\n\n", base);
        P("typedef struct %s {\n", name);
        P("%s_entry_t *ptr;\n", base);
        P("size_t len;\n");
        P("} %s;\n\n", name);
        break;
    case WIT_TD_FIXED_LIST:
        need_type(e, td->u.fixed.elem, copy);
        if (td->u.fixed.len == 0) {
            fail(e, td->span, "%s: zero-length lists have no C representation", "list<T, 0>");
            return;
        }
        P("typedef struct %s {\n", name);
        P("%s elems[%u];\n", ctype(e, td->u.fixed.elem, copy), td->u.fixed.len);
        P("} %s;\n\n", name);
        break;
    case WIT_TD_ALIAS: {
        wit_type tgt = dealias(e, t);
        if (tgt.prim == WIT_TYPE_ID && e->r->types[tgt.id].kind == WIT_TD_RESOURCE) {
            need_resource(e, tgt.id, copy);
            break;
        }
        need_type(e, td->u.elem, copy);
        emit_docs(w, &td->docs);
        P("typedef %s %s;\n\n", ctype(e, td->u.elem, copy), name);
        break;
    }
    case WIT_TD_HANDLE:
        need_resource(e, gen_cnames_handle_resource(&e->n, td), copy);
        break;
    case WIT_TD_RESOURCE:
        need_resource(e, t.id, copy);
        break;
    case WIT_TD_FUTURE:
    case WIT_TD_STREAM:
        if (td->u.async.has)
            need_type(e, td->u.async.elem, copy);
        ensure_async(e);
        gen_cw_section(w, H_TYPES);
        P("// The readable end of a %s; the writable end is %s_writer_t.\n",
          td->kind == WIT_TD_FUTURE ? "future" : "stream", base);
        P("typedef uint32_t %s;\n", name);
        P("typedef uint32_t %s_writer_t;\n\n", base);
        break;
    case WIT_TD_UNKNOWN:
        fail(e, td->span, "%s: unresolved type", td->name ? td->name : "?");
        break;
    }
}

static void emit_import_decl(emitter *e, const char *module, const char *field, const char *ret,
                             const char *cname, const char *params);

/* The error-context built-ins, once per world that uses error-context. */
static void ensure_error_context(emitter *e)
{
    if (e->errctx_done || e->err)
        return;
    e->errctx_done = true;
    int hs = e->h.cur, cs = e->c.cur;
    const char *W = e->W, *enc = e->o->utf16 ? "utf16" : "utf8";
    const char *imp = FMT("__wasm_import_%s_error_context", W);
    gen_cwriter *w = &e->h;
    gen_cw_section(w, H_HELPERS);
    P("// A new error-context with a debug message (copied by the host).\n");
    P("%s_error_context_t %s_error_context_new(%s_string_t *debug_message);\n", W, W, W);
    P("// The debug message of an error-context (the string is yours to free).\n");
    P("void %s_error_context_debug_message(%s_error_context_t ctx, %s_string_t *ret);\n", W, W, W);
    P("void %s_error_context_drop(%s_error_context_t ctx);\n\n", W, W);
    emit_import_decl(e, "$root", FMT("[error-context-new-%s]", enc), "int32_t", FMT("%s_new", imp),
                     "int32_t ptr, int32_t len");
    emit_import_decl(e, "$root", FMT("[error-context-debug-message-%s]", enc), "void",
                     FMT("%s_debug_message", imp), "int32_t handle, int32_t ret");
    emit_import_decl(e, "$root", "[error-context-drop]", "void", FMT("%s_drop", imp), "int32_t handle");
    w = &e->c;
    gen_cw_section(w, C_HELPERS);
    P("%s_error_context_t %s_error_context_new(%s_string_t *debug_message) {\n", W, W, W);
    P("return (%s_error_context_t)%s_new((int32_t)(uintptr_t)debug_message->ptr, (int32_t)debug_message->len);\n",
      W, imp);
    P("}\n\n");
    P("void %s_error_context_debug_message(%s_error_context_t ctx, %s_string_t *ret) {\n", W, W, W);
    P("%s_debug_message((int32_t)ctx, (int32_t)(uintptr_t)ret);\n", imp);
    P("}\n\n");
    P("void %s_error_context_drop(%s_error_context_t ctx) {\n", W, W);
    P("%s_drop((int32_t)ctx);\n", imp);
    P("}\n\n");
    gen_cw_section(&e->h, hs);
    gen_cw_section(&e->c, cs);
}

static void need_type(emitter *e, wit_type t, bool exp)
{
    if (e->err)
        return;
    if (t.prim == WIT_ERROR_CONTEXT)
        ensure_error_context(e);
    if (t.prim != WIT_TYPE_ID)
        return; /* string and error-context are defined up front */
    const wit_typedef *td = td_of(e, t);
    if (td->kind == WIT_TD_RESOURCE) {
        need_resource(e, t.id, exp);
        return;
    }
    const char *name = ctype(e, t, exp);
    if (!name) {
        e->err = WIT_ENOMEM;
        return;
    }
    if (set_has(&e->defined, name))
        return;
    /* handles are defined with their resource; mark after, the resource marks them */
    if (td->kind == WIT_TD_HANDLE) {
        define_type(e, t, exp);
        return;
    }
    if (set_add(e, &e->defined, name) < 0) {
        e->err = WIT_ENOMEM;
        return;
    }
    claim(e, name, td->span);
    define_type(e, t, exp);
    /* every type that owns memory gets its free helper, as wit-bindgen does */
    if (td->kind != WIT_TD_ALIAS)
        need_free(e, t, exp);
}

static void emit_import_decl_body(emitter *e, const char *module, const char *field, const char *ret,
                             const char *cname, const char *params)
{
    gen_cwriter *w = &e->c;
    gen_cw_section(w, C_DECLS);
    P("__attribute__((__import_module__(\"%s\"), __import_name__(\"%s\")))\n", module, field);
    P("extern %s %s(%s);\n\n", ret, cname, params);
}

static void emit_import_decl(emitter *e, const char *module, const char *field, const char *ret,
                             const char *cname, const char *params)
{
    int hs = e->h.cur, cs = e->c.cur;
    emit_import_decl_body(e, module, field, ret, cname, params);
    gen_cw_section(&e->h, hs);
    gen_cw_section(&e->c, cs);
}

static void need_resource_body(emitter *e, wit_id res, bool exp)
{
    if (e->err)
        return;
    bool local = resource_is_local(e, res, exp);
    const char *rp = nn(e, gen_cnames_resource_prefix(&e->n, res, exp));
    const char *key = FMT("%s#resource", rp);
    if (!rp || !key) {
        e->err = WIT_ENOMEM;
        return;
    }
    int added = set_add(e, &e->defined, key);
    if (added <= 0) {
        if (added < 0)
            e->err = WIT_ENOMEM;
        return;
    }
    const wit_typedef *td = &e->r->types[res];
    const char *pfx = nn(e, gen_cnames_owner_prefix(&e->n, td->owner, local));
    const char *rs = nn(e, gen_c_snake(e->a, td->name));
    const char *own = FMT("%s_own_%s_t", pfx, rs), *borrow = FMT("%s_borrow_%s_t", pfx, rs);
    set_add(e, &e->defined, own);
    set_add(e, &e->defined, borrow);
    claim(e, own, td->span);
    claim(e, borrow, td->span);
    claim(e, FMT("%s_drop_own", rp), td->span);
    if (local) {
        claim(e, FMT("%s_t", rp), td->span);
        claim(e, FMT("%s_new", rp), td->span);
        claim(e, FMT("%s_rep", rp), td->span);
        claim(e, FMT("%s_destructor", rp), td->span);
    } else {
        claim(e, FMT("%s_borrow_%s", pfx, rs), td->span);
        if (!e->o->autodrop_borrows)
            claim(e, FMT("%s_drop_borrow", rp), td->span);
    }
    const char *module = nn(e, gen_cnames_core_module(&e->n, td->owner));
    gen_cwriter *w = &e->h;
    gen_cw_section(w, H_TYPES);
    emit_docs(w, &td->docs);
    if (!local) {
        P("typedef struct %s {\n", own);
        P("int32_t __handle;\n");
        P("} %s;\n\n", own);
        P("typedef struct %s {\n", borrow);
        P("int32_t __handle;\n");
        P("} %s;\n\n", borrow);
        gen_cw_section(w, H_HELPERS);
        P("// Drops an owned handle of `%s`: the host runs its destructor.\n", td->name);
        P("extern void %s_drop_own(%s handle);\n\n", rp, own);
        if (!e->o->autodrop_borrows) {
            P("// Drops a borrowed handle received as an argument of an export; every one must be\n");
            P("// dropped before the export returns.\n");
            P("extern void %s_drop_borrow(%s handle);\n\n", rp, borrow);
        }
        P("// Borrows an owned handle for a call; the result must not be dropped.\n");
        P("extern %s %s_borrow_%s(%s handle);\n\n", borrow, pfx, rs, own);
        const char *imp = FMT("__wasm_import_%s_drop", rp);
        emit_import_decl(e, module, FMT("[resource-drop]%s", td->name), "void", imp, "int32_t handle");
        w = &e->c;
        gen_cw_section(w, C_HELPERS);
        P("void %s_drop_own(%s handle) {\n", rp, own);
        P("%s(handle.__handle);\n", imp);
        P("}\n\n");
        if (!e->o->autodrop_borrows) {
            P("void %s_drop_borrow(%s handle) {\n", rp, borrow);
            P("%s(handle.__handle);\n", imp);
            P("}\n\n");
        }
        P("%s %s_borrow_%s(%s handle) {\n", borrow, pfx, rs, own);
        P("%s ret;\n", borrow);
        P("ret.__handle = handle.__handle;\n");
        P("return ret;\n");
        P("}\n\n");
    } else {
        const char *rep = FMT("%s_t", rp);
        P("// The representation of `%s`: define `struct %s` in your code.\n", td->name, rep);
        P("typedef struct %s %s;\n\n", rep, rep);
        P("typedef struct %s {\n", own);
        P("int32_t __handle;\n");
        P("} %s;\n\n", own);
        P("typedef %s *%s;\n\n", rep, borrow);
        gen_cw_section(w, H_HELPERS);
        P("// Creates an owned handle for `rep` (which the component keeps alive until the destructor runs).\n");
        P("extern %s %s_new(%s *rep);\n", own, rp, rep);
        P("// The representation behind an owned handle this component holds.\n");
        P("extern %s *%s_rep(%s handle);\n", rep, rp, own);
        P("// Drops an owned handle this component holds (the destructor runs when it was the last).\n");
        P("extern void %s_drop_own(%s handle);\n\n", rp, own);
        gen_cw_section(w, H_EXPORTS);
        P("// Implement: called when the last handle to `rep` is dropped.\n");
        P("void %s_destructor(%s *rep);\n\n", rp, rep);
        const char *emod = FMT("[export]%s", module);
        emit_import_decl(e, emod, FMT("[resource-new]%s", td->name), "int32_t", FMT("__wasm_import_%s_new", rp),
                         "int32_t rep");
        emit_import_decl(e, emod, FMT("[resource-rep]%s", td->name), "int32_t", FMT("__wasm_import_%s_rep", rp),
                         "int32_t handle");
        emit_import_decl(e, emod, FMT("[resource-drop]%s", td->name), "void", FMT("__wasm_import_%s_drop", rp),
                         "int32_t handle");
        w = &e->c;
        gen_cw_section(w, C_HELPERS);
        P("%s %s_new(%s *rep) {\n", own, rp, rep);
        P("%s ret;\n", own);
        P("ret.__handle = __wasm_import_%s_new((int32_t)(uintptr_t)rep);\n", rp);
        P("return ret;\n");
        P("}\n\n");
        P("%s *%s_rep(%s handle) {\n", rep, rp, own);
        P("return (%s *)(uintptr_t)__wasm_import_%s_rep(handle.__handle);\n", rep, rp);
        P("}\n\n");
        P("void %s_drop_own(%s handle) {\n", rp, own);
        P("__wasm_import_%s_drop(handle.__handle);\n", rp);
        P("}\n\n");
        gen_cw_section(w, C_EXPORTS);
        P("__attribute__((__export_name__(\"%s#[dtor]%s\")))\n", module, td->name);
        P("void __wasm_export_%s_dtor(int32_t arg) {\n", rp);
        P("%s_destructor((%s *)(uintptr_t)arg);\n", rp, rep);
        P("}\n\n");
    }
}

static void need_resource(emitter *e, wit_id res, bool exp)
{
    int hs = e->h.cur, cs = e->c.cur;
    need_resource_body(e, res, exp);
    gen_cw_section(&e->h, hs);
    gen_cw_section(&e->c, cs);
}

/* ---- free helpers ---- */


static void free_value(emitter *e, gen_cwriter *w, wit_type t, bool exp, const char *lv)
{
    const char *fn = need_free(e, t, exp);
    if (fn)
        P("%s(&%s);\n", fn, lv);
}

static const char *need_free_body(emitter *e, wit_type t, bool exp)
{
    if (e->err || !gen_abi_owns_memory(e->r, t))
        return NULL;
    if (t.prim == WIT_STRING)
        return FMT("%s_string_free", e->W);
    const wit_typedef *td = td_of(e, t);
    bool copy = gen_cnames_is_export_copy(&e->n, t.id, exp);
    const char *name = ctype(e, t, exp);
    const char *base = base_of(e, name);
    const char *fn = FMT("%s_free", base);
    if (td->kind == WIT_TD_ALIAS)
        return need_free(e, td->u.elem, copy);
    int added = set_add(e, &e->defined, fn);
    if (added <= 0) {
        if (added < 0)
            e->err = WIT_ENOMEM;
        return fn;
    }
    claim(e, fn, td->span);
    need_type(e, t, exp);
    /* the helpers of the parts first, so the prototypes read bottom-up */
    gen_cwriter body;
    gen_cw_init(&body);
    gen_cwriter *w = &body;
    P("void %s(%s *ptr) {\n", fn, name);
    switch (td->kind) {
    case WIT_TD_RECORD:
        for (uint32_t i = 0; i < td->u.record.n; i++)
            free_value(e, w, td->u.record.fields[i].type, copy,
                       FMT("ptr->%s", cident(e, td->u.record.fields[i].name)));
        break;
    case WIT_TD_TUPLE:
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            free_value(e, w, td->u.tuple.types[i], copy, FMT("ptr->f%u", i));
        break;
    case WIT_TD_LIST:
        if (gen_abi_owns_memory(e->r, td->u.elem)) {
            P("for (size_t i = 0; i < ptr->len; i++) {\n");
            free_value(e, w, td->u.elem, copy, "ptr->ptr[i]");
            P("}\n");
        }
        P("if (ptr->len > 0) {\n");
        P("free(ptr->ptr);\n");
        P("}\n");
        P("ptr->ptr = NULL;\n");
        P("ptr->len = 0;\n");
        break;
    case WIT_TD_MAP:
        if (gen_abi_owns_memory(e->r, td->u.map.key) || gen_abi_owns_memory(e->r, td->u.map.value)) {
            P("for (size_t i = 0; i < ptr->len; i++) {\n");
            free_value(e, w, td->u.map.key, copy, "ptr->ptr[i].key");
            free_value(e, w, td->u.map.value, copy, "ptr->ptr[i].value");
            P("}\n");
        }
        P("if (ptr->len > 0) {\n");
        P("free(ptr->ptr);\n");
        P("}\n");
        P("ptr->ptr = NULL;\n");
        P("ptr->len = 0;\n");
        break;
    case WIT_TD_FIXED_LIST:
        P("for (size_t i = 0; i < %u; i++) {\n", td->u.fixed.len);
        free_value(e, w, td->u.fixed.elem, copy, "ptr->elems[i]");
        P("}\n");
        break;
    case WIT_TD_OPTION:
        P("if (ptr->is_some) {\n");
        free_value(e, w, td->u.elem, copy, "ptr->val");
        P("}\n");
        break;
    case WIT_TD_RESULT:
        if (td->u.result.has_ok && gen_abi_owns_memory(e->r, td->u.result.ok)) {
            P("if (!ptr->is_err) {\n");
            free_value(e, w, td->u.result.ok, copy, "ptr->val.ok");
            P("}\n");
        }
        if (td->u.result.has_err && gen_abi_owns_memory(e->r, td->u.result.err)) {
            P("if (ptr->is_err) {\n");
            free_value(e, w, td->u.result.err, copy, "ptr->val.err");
            P("}\n");
        }
        break;
    case WIT_TD_VARIANT:
        P("switch ((int32_t)ptr->tag) {\n");
        for (uint32_t i = 0; i < td->u.variant.n; i++) {
            const wit_case *cs = &td->u.variant.cases[i];
            if (!cs->has_type || !gen_abi_owns_memory(e->r, cs->type))
                continue;
            P("case %u: {\n", i);
            free_value(e, w, cs->type, copy, FMT("ptr->val.%s", cident(e, cs->name)));
            P("break;\n");
            P("}\n");
        }
        P("default: break;\n");
        P("}\n");
        break;
    default: break;
    }
    P("}\n\n");
    gen_cwriter *hw = &e->h;
    gen_cw_section(hw, H_HELPERS);
    gen_cw_printf(hw, "// Frees the memory owned by *ptr (not ptr itself; handles are not dropped).\n");
    gen_cw_printf(hw, "void %s(%s *ptr);\n\n", fn, name);
    gen_cw_section(&e->c, C_HELPERS);
    if (body.sec[0].oom)
        e->err = WIT_ENOMEM;
    else if (body.sec[0].data)
        gen_cw_raw(&e->c, body.sec[0].data);
    gen_cw_free(&body);
    return fn;
}

/* Keeps the writers' current sections as they were. */
static const char *need_free(emitter *e, wit_type t, bool exp)
{
    int hs = e->h.cur, cs = e->c.cur;
    const char * r = need_free_body(e, t, exp);
    gen_cw_section(&e->h, hs);
    gen_cw_section(&e->c, cs);
    return r;
}

/* ---- flat lowering and lifting ---- */

typedef struct slot {
    const char *var;
    gen_core core;
} slot;

static const char *core_ctype(gen_core c)
{
    switch (c) {
    case GEN_I32: return "int32_t";
    case GEN_I64: return "int64_t";
    case GEN_F32: return "float";
    case GEN_F64: return "double";
    }
    return "int32_t";
}

static void assign_slot(emitter *e, gen_cwriter *w, slot s, gen_core nat, const char *v)
{
    if (nat == s.core)
        P("%s = %s;\n", s.var, v);
    else if (nat == GEN_I32 && s.core == GEN_I64)
        /* the ABI ignores the high bits; sign extension is what wit-bindgen emits and
         * what jco's range checks of narrow signed payloads accept */
        P("%s = (int64_t)(int32_t)(%s);\n", s.var, v);
    else if (nat == GEN_F32 && s.core == GEN_I32)
        e->bits |= 1, P("%s = witc_f32_to_i32(%s);\n", s.var, v);
    else if (nat == GEN_F32 && s.core == GEN_I64)
        e->bits |= 1, P("%s = (int64_t)(uint32_t)witc_f32_to_i32(%s);\n", s.var, v);
    else if (nat == GEN_F64 && s.core == GEN_I64)
        e->bits |= 4, P("%s = witc_f64_to_i64(%s);\n", s.var, v);
    else
        wit_die("emit_guest: bad join %d -> %d", (int)nat, (int)s.core);
}

static const char *slot_as(emitter *e, slot s, gen_core nat)
{
    if (nat == s.core)
        return s.var;
    if (nat == GEN_I32 && s.core == GEN_I64)
        return FMT("(int32_t)(%s)", s.var);
    e->bits |= nat == GEN_F64 ? 8u : 2u;
    if (nat == GEN_F32 && s.core == GEN_I32)
        return FMT("witc_i32_to_f32(%s)", s.var);
    if (nat == GEN_F32 && s.core == GEN_I64)
        return FMT("witc_i32_to_f32((int32_t)(%s))", s.var);
    if (nat == GEN_F64 && s.core == GEN_I64)
        return FMT("witc_i64_to_f64(%s)", s.var);
    wit_die("emit_guest: bad join %d <- %d", (int)nat, (int)s.core);
}

/* Lowers the C value `v` (an lvalue of t's C type) into slots[k..]. Returns the number of
 * slots the type occupies. */
static uint32_t lower_flat(emitter *e, gen_cwriter *w, wit_type t, bool exp, const char *v, slot *slots)
{
    switch (t.prim) {
    case WIT_BOOL: case WIT_U8: case WIT_S8: case WIT_U16: case WIT_S16: case WIT_U32: case WIT_S32:
    case WIT_CHAR: case WIT_ERROR_CONTEXT:
        assign_slot(e, w, slots[0], GEN_I32, FMT("(int32_t)(%s)", v));
        return 1;
    case WIT_U64: case WIT_S64:
        assign_slot(e, w, slots[0], GEN_I64, FMT("(int64_t)(%s)", v));
        return 1;
    case WIT_F32: assign_slot(e, w, slots[0], GEN_F32, v); return 1;
    case WIT_F64: assign_slot(e, w, slots[0], GEN_F64, v); return 1;
    case WIT_STRING:
        assign_slot(e, w, slots[0], GEN_I32, FMT("(int32_t)(uintptr_t)(%s).ptr", v));
        assign_slot(e, w, slots[1], GEN_I32, FMT("(int32_t)(%s).len", v));
        return 2;
    case WIT_TYPE_ID: break;
    }
    const wit_typedef *td = td_of(e, t);
    bool copy = gen_cnames_is_export_copy(&e->n, t.id, exp);
    uint32_t k = 0;
    switch (td->kind) {
    case WIT_TD_RECORD:
        for (uint32_t i = 0; i < td->u.record.n; i++)
            k += lower_flat(e, w, td->u.record.fields[i].type, copy,
                            FMT("(%s).%s", v, cident(e, td->u.record.fields[i].name)), slots + k);
        return k;
    case WIT_TD_TUPLE:
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            k += lower_flat(e, w, td->u.tuple.types[i], copy, FMT("(%s).f%u", v, i), slots + k);
        return k;
    case WIT_TD_FIXED_LIST:
        for (uint32_t i = 0; i < td->u.fixed.len; i++)
            k += lower_flat(e, w, td->u.fixed.elem, copy, FMT("(%s).elems[%u]", v, i), slots + k);
        return k;
    case WIT_TD_FLAGS: case WIT_TD_ENUM: case WIT_TD_FUTURE: case WIT_TD_STREAM:
        assign_slot(e, w, slots[0], GEN_I32, FMT("(int32_t)(%s)", v));
        return 1;
    case WIT_TD_HANDLE: {
        wit_id res = gen_cnames_handle_resource(&e->n, td);
        if (td->u.handle.borrow && resource_is_local(e, res, copy))
            assign_slot(e, w, slots[0], GEN_I32, FMT("(int32_t)(uintptr_t)(%s)", v));
        else
            assign_slot(e, w, slots[0], GEN_I32, FMT("(%s).__handle", v));
        return 1;
    }
    case WIT_TD_LIST: case WIT_TD_MAP:
        assign_slot(e, w, slots[0], GEN_I32, FMT("(int32_t)(uintptr_t)(%s).ptr", v));
        assign_slot(e, w, slots[1], GEN_I32, FMT("(int32_t)(%s).len", v));
        return 2;
    case WIT_TD_ALIAS: return lower_flat(e, w, td->u.elem, copy, v, slots);
    case WIT_TD_OPTION: case WIT_TD_RESULT: case WIT_TD_VARIANT: {
        gen_core tmp[GEN_MAX_FLAT_PARAMS + 2];
        uint32_t n = gen_abi_flatten(e->r, t, tmp, GEN_MAX_FLAT_PARAMS + 1);
        if (td->kind == WIT_TD_OPTION) {
            assign_slot(e, w, slots[0], GEN_I32, FMT("(int32_t)(%s).is_some", v));
            P("if ((%s).is_some) {\n", v);
            lower_flat(e, w, td->u.elem, copy, FMT("(%s).val", v), slots + 1);
            P("}\n");
        } else if (td->kind == WIT_TD_RESULT) {
            assign_slot(e, w, slots[0], GEN_I32, FMT("(int32_t)(%s).is_err", v));
            if (td->u.result.has_ok) {
                P("if (!(%s).is_err) {\n", v);
                lower_flat(e, w, td->u.result.ok, copy, FMT("(%s).val.ok", v), slots + 1);
                P("}\n");
            }
            if (td->u.result.has_err) {
                P("if ((%s).is_err) {\n", v);
                lower_flat(e, w, td->u.result.err, copy, FMT("(%s).val.err", v), slots + 1);
                P("}\n");
            }
        } else {
            assign_slot(e, w, slots[0], GEN_I32, FMT("(int32_t)(%s).tag", v));
            P("switch ((int32_t)(%s).tag) {\n", v);
            for (uint32_t i = 0; i < td->u.variant.n; i++) {
                const wit_case *cs = &td->u.variant.cases[i];
                if (!cs->has_type)
                    continue;
                P("case %u: {\n", i);
                lower_flat(e, w, cs->type, copy, FMT("(%s).val.%s", v, cident(e, cs->name)), slots + 1);
                P("break;\n");
                P("}\n");
            }
            P("default: break;\n");
            P("}\n");
        }
        return n;
    }
    default:
        assign_slot(e, w, slots[0], GEN_I32, FMT("(int32_t)(%s)", v));
        return 1;
    }
}

/* Lifts slots[0..] into the lvalue `d` of t's C type. Returns the number of slots used. */
static uint32_t lift_flat(emitter *e, gen_cwriter *w, wit_type t, bool exp, const char *d, slot *slots)
{
    switch (t.prim) {
    case WIT_BOOL: P("%s = %s != 0;\n", d, slot_as(e, slots[0], GEN_I32)); return 1;
    case WIT_U8: case WIT_S8: case WIT_U16: case WIT_S16: case WIT_U32: case WIT_S32: case WIT_CHAR:
    case WIT_ERROR_CONTEXT:
        P("%s = (%s)(%s);\n", d, ctype(e, t, exp), slot_as(e, slots[0], GEN_I32));
        return 1;
    case WIT_U64: case WIT_S64:
        P("%s = (%s)(%s);\n", d, ctype(e, t, exp), slot_as(e, slots[0], GEN_I64));
        return 1;
    case WIT_F32: P("%s = %s;\n", d, slot_as(e, slots[0], GEN_F32)); return 1;
    case WIT_F64: P("%s = %s;\n", d, slot_as(e, slots[0], GEN_F64)); return 1;
    case WIT_STRING:
        P("(%s).ptr = (%s *)(uintptr_t)(%s);\n", d, e->o->utf16 ? "char16_t" : "uint8_t",
          slot_as(e, slots[0], GEN_I32));
        P("(%s).len = (size_t)(uint32_t)(%s);\n", d, slot_as(e, slots[1], GEN_I32));
        return 2;
    case WIT_TYPE_ID: break;
    }
    const wit_typedef *td = td_of(e, t);
    bool copy = gen_cnames_is_export_copy(&e->n, t.id, exp);
    uint32_t k = 0;
    switch (td->kind) {
    case WIT_TD_RECORD:
        for (uint32_t i = 0; i < td->u.record.n; i++)
            k += lift_flat(e, w, td->u.record.fields[i].type, copy,
                           FMT("(%s).%s", d, cident(e, td->u.record.fields[i].name)), slots + k);
        return k;
    case WIT_TD_TUPLE:
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            k += lift_flat(e, w, td->u.tuple.types[i], copy, FMT("(%s).f%u", d, i), slots + k);
        return k;
    case WIT_TD_FIXED_LIST:
        for (uint32_t i = 0; i < td->u.fixed.len; i++)
            k += lift_flat(e, w, td->u.fixed.elem, copy, FMT("(%s).elems[%u]", d, i), slots + k);
        return k;
    case WIT_TD_FLAGS: case WIT_TD_ENUM: case WIT_TD_FUTURE: case WIT_TD_STREAM:
        P("%s = (%s)(%s);\n", d, ctype(e, t, exp), slot_as(e, slots[0], GEN_I32));
        return 1;
    case WIT_TD_HANDLE: {
        wit_id res = gen_cnames_handle_resource(&e->n, td);
        if (td->u.handle.borrow && resource_is_local(e, res, copy))
            P("%s = (%s)(uintptr_t)(%s);\n", d, ctype(e, t, exp), slot_as(e, slots[0], GEN_I32));
        else
            P("(%s).__handle = %s;\n", d, slot_as(e, slots[0], GEN_I32));
        return 1;
    }
    case WIT_TD_LIST: case WIT_TD_MAP: {
        const char *elem = td->kind == WIT_TD_LIST ? ctype(e, td->u.elem, copy)
                                                   : FMT("%s_entry_t", base_of(e, ctype(e, t, exp)));
        P("(%s).ptr = (%s *)(uintptr_t)(%s);\n", d, elem, slot_as(e, slots[0], GEN_I32));
        P("(%s).len = (size_t)(uint32_t)(%s);\n", d, slot_as(e, slots[1], GEN_I32));
        return 2;
    }
    case WIT_TD_ALIAS: return lift_flat(e, w, td->u.elem, copy, d, slots);
    case WIT_TD_OPTION: case WIT_TD_RESULT: case WIT_TD_VARIANT: {
        gen_core tmp[GEN_MAX_FLAT_PARAMS + 2];
        uint32_t n = gen_abi_flatten(e->r, t, tmp, GEN_MAX_FLAT_PARAMS + 1);
        const char *disc = slot_as(e, slots[0], GEN_I32);
        if (td->kind == WIT_TD_OPTION) {
            P("(%s).is_some = %s != 0;\n", d, disc);
            P("if ((%s).is_some) {\n", d);
            lift_flat(e, w, td->u.elem, copy, FMT("(%s).val", d), slots + 1);
            P("}\n");
        } else if (td->kind == WIT_TD_RESULT) {
            P("(%s).is_err = %s != 0;\n", d, disc);
            if (td->u.result.has_ok) {
                P("if (!(%s).is_err) {\n", d);
                lift_flat(e, w, td->u.result.ok, copy, FMT("(%s).val.ok", d), slots + 1);
                P("}\n");
            }
            if (td->u.result.has_err) {
                P("if ((%s).is_err) {\n", d);
                lift_flat(e, w, td->u.result.err, copy, FMT("(%s).val.err", d), slots + 1);
                P("}\n");
            }
        } else {
            P("(%s).tag = (%s)(%s);\n", d, disc_ctype(td->u.variant.n), disc);
            P("switch ((int32_t)(%s).tag) {\n", d);
            for (uint32_t i = 0; i < td->u.variant.n; i++) {
                const wit_case *cs = &td->u.variant.cases[i];
                if (!cs->has_type)
                    continue;
                P("case %u: {\n", i);
                lift_flat(e, w, cs->type, copy, FMT("(%s).val.%s", d, cident(e, cs->name)), slots + 1);
                P("break;\n");
                P("}\n");
            }
            P("default: break;\n");
            P("}\n");
        }
        return n;
    }
    default:
        P("%s = (%s)(%s);\n", d, ctype(e, t, exp), slot_as(e, slots[0], GEN_I32));
        return 1;
    }
}

/* ---- signatures ---- */

typedef enum pass { PASS_VALUE, PASS_PTR, PASS_MAYBE } pass;
typedef enum retk { RET_NONE, RET_VALUE, RET_PTR, RET_OPTION, RET_RESULT } retk;

static bool by_value(const emitter *e, wit_type t)
{
    t = dealias(e, t);
    if (t.prim != WIT_TYPE_ID)
        return t.prim != WIT_STRING;
    switch (e->r->types[t.id].kind) {
    case WIT_TD_ENUM: case WIT_TD_FLAGS: case WIT_TD_HANDLE: case WIT_TD_FUTURE: case WIT_TD_STREAM:
    case WIT_TD_RESOURCE:
        return true;
    default: return false;
    }
}

static pass param_pass(const emitter *e, wit_type t)
{
    if (by_value(e, t))
        return PASS_VALUE;
    if (e->o->no_sig_flattening)
        return PASS_PTR;
    const wit_typedef *td = td_of(e, t);
    if (td && !td->name && td->kind == WIT_TD_OPTION)
        return PASS_MAYBE;
    return PASS_PTR;
}

static retk result_kind(const emitter *e, const wit_func *f)
{
    if (!f->has_result)
        return RET_NONE;
    if (by_value(e, f->result))
        return RET_VALUE;
    if (e->o->no_sig_flattening)
        return RET_PTR;
    const wit_typedef *td = td_of(e, f->result);
    if (td && !td->name && td->kind == WIT_TD_OPTION)
        return RET_OPTION;
    if (td && !td->name && td->kind == WIT_TD_RESULT)
        return RET_RESULT;
    return RET_PTR;
}

/* The user-facing prototype, without `extern` and `;`. */
static const char *prototype(emitter *e, const wit_func *f, const char *cname, bool exp)
{
    wit_buf b = WIT_BUF_INIT;
    retk rk = result_kind(e, f);
    const char *ret = "void";
    if (rk == RET_VALUE)
        ret = ctype(e, f->result, exp);
    else if (rk == RET_OPTION || rk == RET_RESULT)
        ret = "bool";
    wit_buf_printf(&b, "%s %s(", ret, cname);
    bool first = true;
    for (uint32_t i = 0; i < f->nparams; i++) {
        wit_type t = f->params[i].type;
        const char *pn = cident(e, f->params[i].name);
        wit_buf_puts(&b, first ? "" : ", ");
        first = false;
        switch (param_pass(e, t)) {
        case PASS_VALUE: wit_buf_printf(&b, "%s %s", ctype(e, t, exp), pn); break;
        case PASS_PTR: wit_buf_printf(&b, "%s *%s", ctype(e, t, exp), pn); break;
        case PASS_MAYBE: wit_buf_printf(&b, "%s *maybe_%s", ctype(e, td_of(e, t)->u.elem, exp), pn); break;
        }
    }
    const wit_typedef *rtd = f->has_result ? td_of(e, f->result) : NULL;
    if (rk == RET_PTR) {
        wit_buf_printf(&b, "%s%s *ret", first ? "" : ", ", ctype(e, f->result, exp));
        first = false;
    } else if (rk == RET_OPTION) {
        wit_buf_printf(&b, "%s%s *ret", first ? "" : ", ", ctype(e, rtd->u.elem, exp));
        first = false;
    } else if (rk == RET_RESULT) {
        if (rtd->u.result.has_ok) {
            wit_buf_printf(&b, "%s%s *ret", first ? "" : ", ", ctype(e, rtd->u.result.ok, exp));
            first = false;
        }
        if (rtd->u.result.has_err) {
            wit_buf_printf(&b, "%s%s *err", first ? "" : ", ", ctype(e, rtd->u.result.err, exp));
            first = false;
        }
    }
    if (first)
        wit_buf_puts(&b, "void");
    wit_buf_putc(&b, ')');
    const char *s = b.oom ? NULL : wit_arena_strdup(e->a, b.data);
    wit_buf_free(&b);
    if (!s)
        e->err = WIT_ENOMEM;
    return s ? s : "";
}

static const char *core_params_decl(emitter *e, const gen_plan *p)
{
    if (p->ncore_params == 0)
        return "void";
    wit_buf b = WIT_BUF_INIT;
    for (uint32_t i = 0; i < p->ncore_params; i++)
        wit_buf_printf(&b, "%s%s arg%u", i ? ", " : "", core_ctype(p->core_params[i]), i);
    const char *s = b.oom ? NULL : wit_arena_strdup(e->a, b.data);
    wit_buf_free(&b);
    return s ? s : "void";
}

static void need_sig_types(emitter *e, const wit_func *f, bool exp)
{
    for (uint32_t i = 0; i < f->nparams; i++)
        need_type(e, f->params[i].type, exp);
    if (f->has_result)
        need_type(e, f->result, exp);
}

/* ---- futures and streams ---- */

/* The future/stream intrinsics for the types in f's signature (index N as wit-parser's
 * find_futures_and_streams orders them), wrapped per C type: T_new, T_read, T_write,
 * T_cancel_read, T_cancel_write, T_drop_readable, T_drop_writable. A type appearing in
 * several functions gets one set, from the first. */
static void emit_fs_intrinsics(emitter *e, wit_owner owner, const wit_func *f, bool exp)
{
    wit_id ids[256];
    uint32_t n = gen_abi_futures_streams(e->r, f, ids, 256);
    if (n == 0)
        return;
    if (n > 256) {
        fail(e, f->span, "function `%s` has more than 256 futures and streams", f->name);
        return;
    }
    int hs = e->h.cur, cs = e->c.cur;
    const char *module = nn(e, gen_cnames_core_module(&e->n, owner));
    if (exp)
        module = FMT("[export]%s", module);
    for (uint32_t i = 0; i < n && !e->err; i++) {
        wit_type t = {WIT_TYPE_ID, ids[i]};
        const wit_typedef *td = td_of(e, t);
        need_type(e, t, exp);
        const char *name = ctype(e, t, exp);
        int added = set_add(e, &e->defined, FMT("%s#intrinsics", name));
        if (added <= 0) {
            if (added < 0)
                e->err = WIT_ENOMEM;
            continue;
        }
        bool fut = td->kind == WIT_TD_FUTURE;
        const char *kind = fut ? "future" : "stream";
        const char *base = base_of(e, name);
        const char *wr = FMT("%s_writer_t", base);
        const char *elem = td->u.async.has ? ctype(e, td->u.async.elem, exp) : NULL;
        const char *st = FMT("%s_waitable_status_t", e->W);
        const char *imp = FMT("__wasm_import_%s", base);
        const char *rw_params = fut ? "int32_t handle, int32_t ptr" : "int32_t handle, int32_t ptr, int32_t len";
        emit_import_decl(e, module, FMT("[%s-new-%u]%s", kind, i, f->name), "int64_t", FMT("%s_new", imp), "void");
        emit_import_decl(e, module, FMT("[async-lower][%s-read-%u]%s", kind, i, f->name), "int32_t",
                         FMT("%s_read", imp), rw_params);
        emit_import_decl(e, module, FMT("[async-lower][%s-write-%u]%s", kind, i, f->name), "int32_t",
                         FMT("%s_write", imp), rw_params);
        emit_import_decl(e, module, FMT("[%s-cancel-read-%u]%s", kind, i, f->name), "int32_t",
                         FMT("%s_cancel_read", imp), "int32_t handle");
        emit_import_decl(e, module, FMT("[%s-cancel-write-%u]%s", kind, i, f->name), "int32_t",
                         FMT("%s_cancel_write", imp), "int32_t handle");
        emit_import_decl(e, module, FMT("[%s-drop-readable-%u]%s", kind, i, f->name), "void",
                         FMT("%s_drop_readable", imp), "int32_t handle");
        emit_import_decl(e, module, FMT("[%s-drop-writable-%u]%s", kind, i, f->name), "void",
                         FMT("%s_drop_writable", imp), "int32_t handle");
        const char *buf = elem ? FMT(", %s *buf", elem) : "";
        const char *amt = fut ? "" : ", size_t amt";
        const char *bufarg = elem ? "(int32_t)(uintptr_t)buf" : "0";
        const char *amtarg = fut ? "" : ", (int32_t)amt";
        gen_cwriter *w = &e->h;
        gen_cw_section(w, H_HELPERS);
        P("// %s: a new %s; returns the readable end and stores the writable end in *writer.\n", name, kind);
        P("%s %s_new(%s *writer);\n", name, base, wr);
        P("// Reads %s into buf (it must stay valid until the read completes).\n",
          fut ? "the value" : "up to amt values");
        P("%s %s_read(%s reader%s%s);\n", st, base, name, buf, amt);
        P("%s %s_write(%s writer%s%s);\n", st, base, wr, buf, amt);
        P("%s %s_cancel_read(%s reader);\n", st, base, name);
        P("%s %s_cancel_write(%s writer);\n", st, base, wr);
        P("void %s_drop_readable(%s reader);\n", base, name);
        P("void %s_drop_writable(%s writer);\n\n", base, wr);
        w = &e->c;
        gen_cw_section(w, C_HELPERS);
        P("%s %s_new(%s *writer) {\n", name, base, wr);
        P("uint64_t packed = (uint64_t)%s_new();\n", imp);
        P("*writer = (%s)(packed >> 32);\n", wr);
        P("return (%s)(uint32_t)packed;\n", name);
        P("}\n\n");
        P("%s %s_read(%s reader%s%s) {\n", st, base, name, buf, amt);
        P("return (%s)%s_read((int32_t)reader, %s%s);\n", st, imp, bufarg, amtarg);
        P("}\n\n");
        P("%s %s_write(%s writer%s%s) {\n", st, base, wr, buf, amt);
        P("return (%s)%s_write((int32_t)writer, %s%s);\n", st, imp, bufarg, amtarg);
        P("}\n\n");
        P("%s %s_cancel_read(%s reader) {\n", st, base, name);
        P("return (%s)%s_cancel_read((int32_t)reader);\n", st, imp);
        P("}\n\n");
        P("%s %s_cancel_write(%s writer) {\n", st, base, wr);
        P("return (%s)%s_cancel_write((int32_t)writer);\n", st, imp);
        P("}\n\n");
        P("void %s_drop_readable(%s reader) {\n", base, name);
        P("%s_drop_readable((int32_t)reader);\n", imp);
        P("}\n\n");
        P("void %s_drop_writable(%s writer) {\n", base, wr);
        P("%s_drop_writable((int32_t)writer);\n", imp);
        P("}\n\n");
    }
    gen_cw_section(&e->h, hs);
    gen_cw_section(&e->c, cs);
}

static bool is_async(const wit_func *f)
{
    return f->kind == WIT_FN_ASYNC_FREESTANDING || f->kind == WIT_FN_ASYNC_METHOD ||
           f->kind == WIT_FN_ASYNC_STATIC;
}

/* Whether f (imported or exported, owned by `owner`) uses the async ABI: WIT's `async`,
 * then the --async filters in order. */
static bool use_async(emitter *e, wit_owner owner, const wit_func *f, bool exp)
{
    bool on = is_async(f);
    const char *module = owner.kind == WIT_OWNER_INTERFACE ? nn(e, gen_cnames_core_module(&e->n, owner)) : NULL;
    for (size_t i = 0; i < e->o->nasync_filters; i++) {
        const char *p = e->o->async_filters[i];
        bool neg = *p == '-';
        if (neg)
            p++;
        if (strncmp(p, "import:", 7) == 0) {
            if (exp)
                continue;
            p += 7;
        } else if (strncmp(p, "export:", 7) == 0) {
            if (!exp)
                continue;
            p += 7;
        }
        bool match = strcmp(p, "all") == 0;
        if (!match) {
            const char *hash = strchr(p, '#');
            if (!hash) {
                match = !module && strcmp(p, f->name) == 0;
            } else if (module && strcmp(hash + 1, f->name) == 0) {
                size_t n = (size_t)(hash - p);
                /* with or without the version */
                match = (strlen(module) == n && strncmp(module, p, n) == 0) ||
                        (strncmp(module, p, n) == 0 && module[n] == '@');
            }
        }
        if (match)
            on = !neg;
    }
    return on;
}

/* The parameter list of a prototype with the sync conventions (by value, pointer, maybe_). */
static void params_decl(emitter *e, wit_buf *b, const wit_func *f, bool exp, bool *first)
{
    for (uint32_t i = 0; i < f->nparams; i++) {
        wit_type t = f->params[i].type;
        const char *pn = cident(e, f->params[i].name);
        wit_buf_puts(b, *first ? "" : ", ");
        *first = false;
        switch (param_pass(e, t)) {
        case PASS_VALUE: wit_buf_printf(b, "%s %s", ctype(e, t, exp), pn); break;
        case PASS_PTR: wit_buf_printf(b, "%s *%s", ctype(e, t, exp), pn); break;
        case PASS_MAYBE: wit_buf_printf(b, "%s *maybe_%s", ctype(e, td_of(e, t)->u.elem, exp), pn); break;
        }
    }
}

static bool param_named(emitter *e, const wit_func *f, const char *ident)
{
    for (uint32_t i = 0; i < f->nparams; i++)
        if (strcmp(cident(e, f->params[i].name), ident) == 0)
            return true;
    return false;
}

/* The ownership note of a sync function: what the caller/implementer must free. Written
 * only when something owns memory or a handle is involved (wit-bindgen's most asked
 * question, #1329). */
/* Does a value of t (export side) hold a borrow of an imported resource, which the
 * receiver must drop? Borrows of this component's own resources are bare pointers. */
static bool has_import_borrow(emitter *e, wit_type t, unsigned depth)
{
    if (t.prim != WIT_TYPE_ID || depth > 100 || !gen_abi_has_borrow(e->r, t))
        return false;
    const wit_typedef *td = td_of(e, t);
    switch (td->kind) {
    case WIT_TD_HANDLE:
        return td->u.handle.borrow && !resource_is_local(e, gen_cnames_handle_resource(&e->n, td), true);
    case WIT_TD_ALIAS: case WIT_TD_OPTION: case WIT_TD_LIST: return has_import_borrow(e, td->u.elem, depth + 1);
    case WIT_TD_FIXED_LIST: return has_import_borrow(e, td->u.fixed.elem, depth + 1);
    case WIT_TD_MAP:
        return has_import_borrow(e, td->u.map.key, depth + 1) || has_import_borrow(e, td->u.map.value, depth + 1);
    case WIT_TD_RECORD:
        for (uint32_t i = 0; i < td->u.record.n; i++)
            if (has_import_borrow(e, td->u.record.fields[i].type, depth + 1))
                return true;
        return false;
    case WIT_TD_TUPLE:
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            if (has_import_borrow(e, td->u.tuple.types[i], depth + 1))
                return true;
        return false;
    case WIT_TD_VARIANT:
        for (uint32_t i = 0; i < td->u.variant.n; i++)
            if (td->u.variant.cases[i].has_type && has_import_borrow(e, td->u.variant.cases[i].type, depth + 1))
                return true;
        return false;
    case WIT_TD_RESULT:
        return (td->u.result.has_ok && has_import_borrow(e, td->u.result.ok, depth + 1)) ||
               (td->u.result.has_err && has_import_borrow(e, td->u.result.err, depth + 1));
    default: return false;
    }
}

static void ownership_note(emitter *e, gen_cwriter *w, const wit_func *f, bool exp)
{
    bool args_own = false, borrows = false;
    for (uint32_t i = 0; i < f->nparams; i++) {
        args_own |= gen_abi_owns_memory(e->r, f->params[i].type);
        borrows |= exp && has_import_borrow(e, f->params[i].type, 0);
    }
    bool res_own = f->has_result && gen_abi_owns_memory(e->r, f->result);
    const char *free_fn = res_own ? need_free(e, f->result, exp) : NULL;
    if (!exp) {
        if (res_own)
            P("// Ownership: the arguments stay yours; the result is yours, free it with %s.\n", free_fn);
        return;
    }
    if (args_own)
        P("// Ownership: the arguments are yours (free what they own when done).\n");
    if (res_own)
        P("// The result must be heap-allocated: the bindings free it (%s) after the host read it.\n", free_fn);
    if (borrows && !e->o->autodrop_borrows)
        P("// Drop every borrowed handle of an imported resource before returning.\n");
}

/* ---- imports ---- */

static void emit_async_import_func(emitter *e, wit_owner owner, const wit_func *f);

static void emit_import_func(emitter *e, wit_owner owner, const wit_func *f)
{
    emit_fs_intrinsics(e, owner, f, false);
    if (use_async(e, owner, f, false)) {
        emit_async_import_func(e, owner, f);
        return;
    }
    need_sig_types(e, f, false);
    if (e->err)
        return;
    gen_plan p;
    if (gen_plan_func(e->r, f, GEN_IMPORT, false, false, e->a, &p) < 0) {
        e->err = WIT_ENOMEM;
        return;
    }
    const char *cname = nn(e, gen_cnames_func(&e->n, owner, f, false));
    claim(e, cname, f->span);
    const char *imp = FMT("__wasm_import_%s", cname);
    const char *module = nn(e, gen_cnames_core_module(&e->n, owner));
    emit_import_decl(e, module, f->name, p.ncore_results ? core_ctype(p.core_results[0]) : "void", imp,
                     core_params_decl(e, &p));
    const char *proto = prototype(e, f, cname, false);
    gen_cwriter *w = &e->h;
    gen_cw_section(w, H_IMPORTS);
    emit_docs(w, &f->docs);
    ownership_note(e, w, f, false);
    P("extern %s;\n\n", proto);

    w = &e->c;
    gen_cw_section(w, C_IMPORTS);
    P("%s {\n", proto);
    /* argument values as C lvalues */
    const char **argv = wit_arena_alloc(e->a, sizeof(char *) * (f->nparams + 1));
    slot *slots = wit_arena_alloc(e->a, sizeof(slot) * (p.ncore_params + 1));
    if (!argv || !slots) {
        e->err = WIT_ENOMEM;
        return;
    }
    for (uint32_t i = 0; i < f->nparams; i++) {
        const char *pn = cident(e, f->params[i].name);
        switch (param_pass(e, f->params[i].type)) {
        case PASS_VALUE: argv[i] = pn; break;
        case PASS_PTR: argv[i] = FMT("(*%s)", pn); break;
        case PASS_MAYBE:
            argv[i] = FMT("_arg%u", i);
            P("%s _arg%u;\n", ctype(e, f->params[i].type, false), i);
            P("memset(&_arg%u, 0, sizeof _arg%u);\n", i, i);
            P("_arg%u.is_some = maybe_%s != NULL;\n", i, pn);
            P("if (maybe_%s) {\n", pn);
            P("_arg%u.val = *maybe_%s;\n", i, pn);
            P("}\n");
            break;
        }
    }
    for (uint32_t i = 0; i < p.ncore_params; i++) {
        slots[i].var = FMT("_a%u", i);
        slots[i].core = p.core_params[i];
        if (!(p.retptr_param && i == p.ncore_params - 1) && !p.params_indirect)
            P("%s _a%u = 0;\n", core_ctype(p.core_params[i]), i);
    }
    for (uint32_t s = 0; s < p.nsteps; s++) {
        const gen_step *st = &p.steps[s];
        wit_type at = st->arg != UINT32_MAX ? f->params[st->arg].type : f->result;
        switch (st->kind) {
        case GEN_STEP_PARAM_AREA:
            P("__attribute__((__aligned__(%u))) uint8_t _params[%u];\n", p.params_align, p.params_size);
            break;
        case GEN_STEP_STORE_ARG:
            P("memcpy(_params + %u, &(%s), sizeof(%s));\n", st->offset, argv[st->arg], ctype(e, at, false));
            break;
        case GEN_STEP_LOWER_FLAT:
            lower_flat(e, w, at, false, argv[st->arg], slots + st->flat);
            break;
        case GEN_STEP_RET_AREA:
            P("__attribute__((__aligned__(%u))) uint8_t _ret_area[%u];\n", p.results_align, p.results_size);
            break;
        case GEN_STEP_CALL_IMPORT: {
            wit_buf b = WIT_BUF_INIT;
            if (p.params_indirect)
                wit_buf_puts(&b, "(int32_t)(uintptr_t)_params");
            else
                for (uint32_t i = 0; i < p.ncore_params - (p.retptr_param ? 1 : 0); i++)
                    wit_buf_printf(&b, "%s_a%u", i ? ", " : "", i);
            if (p.retptr_param)
                wit_buf_printf(&b, "%s(int32_t)(uintptr_t)_ret_area", p.ncore_params > 1 ? ", " : "");
            if (p.ncore_results)
                P("%s _r0 = %s(%s);\n", core_ctype(p.core_results[0]), imp, b.data ? b.data : "");
            else
                P("%s(%s);\n", imp, b.data ? b.data : "");
            wit_buf_free(&b);
            break;
        }
        case GEN_STEP_LOAD_RESULT:
            P("%s _ret;\n", ctype(e, f->result, false));
            P("memcpy(&_ret, _ret_area, sizeof _ret);\n");
            break;
        case GEN_STEP_LIFT_RESULT_FLAT: {
            P("%s _ret;\n", ctype(e, f->result, false));
            P("memset(&_ret, 0, sizeof _ret);\n");
            slot r0 = {"_r0", p.core_results[0]};
            lift_flat(e, w, f->result, false, "_ret", &r0);
            break;
        }
        default: break;
        }
    }
    switch (result_kind(e, f)) {
    case RET_NONE: break;
    case RET_VALUE: P("return _ret;\n"); break;
    case RET_PTR: P("*ret = _ret;\n"); break;
    case RET_OPTION:
        P("if (_ret.is_some) {\n");
        P("*ret = _ret.val;\n");
        P("}\n");
        P("return _ret.is_some;\n");
        break;
    case RET_RESULT: {
        const wit_typedef *rtd = td_of(e, f->result);
        if (rtd->u.result.has_ok) {
            P("if (!_ret.is_err) {\n");
            P("*ret = _ret.val.ok;\n");
            P("}\n");
        }
        if (rtd->u.result.has_err) {
            P("if (_ret.is_err) {\n");
            P("*err = _ret.val.err;\n");
            P("}\n");
        }
        P("return !_ret.is_err;\n");
        break;
    }
    }
    P("}\n\n");
}

/* ---- exports ---- */

static void drop_borrows(emitter *e, gen_cwriter *w, wit_type t, const char *v, unsigned depth)
{
    if (depth > 50 || !gen_abi_has_borrow(e->r, t))
        return;
    const wit_typedef *td = td_of(e, t);
    switch (td->kind) {
    case WIT_TD_HANDLE: {
        wit_id res = gen_cnames_handle_resource(&e->n, td);
        if (td->u.handle.borrow && !resource_is_local(e, res, true))
            P("__wasm_import_%s_drop((%s).__handle);\n", nn(e, gen_cnames_resource_prefix(&e->n, res, true)), v);
        return;
    }
    case WIT_TD_ALIAS: drop_borrows(e, w, td->u.elem, v, depth + 1); return;
    case WIT_TD_RECORD:
        for (uint32_t i = 0; i < td->u.record.n; i++)
            drop_borrows(e, w, td->u.record.fields[i].type,
                         FMT("(%s).%s", v, cident(e, td->u.record.fields[i].name)), depth + 1);
        return;
    case WIT_TD_TUPLE:
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            drop_borrows(e, w, td->u.tuple.types[i], FMT("(%s).f%u", v, i), depth + 1);
        return;
    case WIT_TD_OPTION:
        P("if ((%s).is_some) {\n", v);
        drop_borrows(e, w, td->u.elem, FMT("(%s).val", v), depth + 1);
        P("}\n");
        return;
    case WIT_TD_RESULT:
        if (td->u.result.has_ok) {
            P("if (!(%s).is_err) {\n", v);
            drop_borrows(e, w, td->u.result.ok, FMT("(%s).val.ok", v), depth + 1);
            P("}\n");
        }
        if (td->u.result.has_err) {
            P("if ((%s).is_err) {\n", v);
            drop_borrows(e, w, td->u.result.err, FMT("(%s).val.err", v), depth + 1);
            P("}\n");
        }
        return;
    case WIT_TD_VARIANT:
        P("switch ((int32_t)(%s).tag) {\n", v);
        for (uint32_t i = 0; i < td->u.variant.n; i++) {
            const wit_case *cs = &td->u.variant.cases[i];
            if (!cs->has_type || !gen_abi_has_borrow(e->r, cs->type))
                continue;
            P("case %u: {\n", i);
            drop_borrows(e, w, cs->type, FMT("(%s).val.%s", v, cident(e, cs->name)), depth + 1);
            P("break;\n");
            P("}\n");
        }
        P("default: break;\n");
        P("}\n");
        return;
    case WIT_TD_LIST:
        P("for (size_t _i%u = 0; _i%u < (%s).len; _i%u++) {\n", depth, depth, v, depth);
        drop_borrows(e, w, td->u.elem, FMT("(%s).ptr[_i%u]", v, depth), depth + 1);
        P("}\n");
        return;
    case WIT_TD_FIXED_LIST:
        P("for (size_t _i%u = 0; _i%u < %u; _i%u++) {\n", depth, depth, td->u.fixed.len, depth);
        drop_borrows(e, w, td->u.fixed.elem, FMT("(%s).elems[_i%u]", v, depth), depth + 1);
        P("}\n");
        return;
    case WIT_TD_MAP:
        P("for (size_t _i%u = 0; _i%u < (%s).len; _i%u++) {\n", depth, depth, v, depth);
        drop_borrows(e, w, td->u.map.key, FMT("(%s).ptr[_i%u].key", v, depth), depth + 1);
        drop_borrows(e, w, td->u.map.value, FMT("(%s).ptr[_i%u].value", v, depth), depth + 1);
        P("}\n");
        return;
    default: return;
    }
}

static void emit_async_export_extras(emitter *e, wit_owner owner, const wit_func *f, const char *cname,
                                     const char *export_name);

static void emit_export_func(emitter *e, wit_owner owner, const wit_func *f)
{
    bool async = use_async(e, owner, f, true);
    emit_fs_intrinsics(e, owner, f, true);
    need_sig_types(e, f, true);
    if (e->err)
        return;
    if (async)
        ensure_async(e);
    gen_plan p;
    if (gen_plan_func(e->r, f, GEN_EXPORT, async, !async && e->o->autodrop_borrows, e->a, &p) < 0) {
        e->err = WIT_ENOMEM;
        return;
    }
    const char *cname = nn(e, gen_cnames_func(&e->n, owner, f, true));
    claim(e, cname, f->span);
    if (async) {
        claim(e, FMT("%s_callback", cname), f->span);
        claim(e, FMT("%s_return", cname), f->span);
    }
    const char *module = nn(e, gen_cnames_core_module(&e->n, owner));
    const char *export_name = owner.kind == WIT_OWNER_INTERFACE ? FMT("%s#%s", module, f->name) : f->name;
    const char *proto;
    if (async) {
        wit_buf b = WIT_BUF_INIT;
        bool first = true;
        wit_buf_printf(&b, "%s_callback_code_t %s(", e->W, cname);
        params_decl(e, &b, f, true, &first);
        wit_buf_puts(&b, first ? "void)" : ")");
        proto = b.oom ? NULL : wit_arena_strdup(e->a, b.data);
        wit_buf_free(&b);
        if (!proto) {
            e->err = WIT_ENOMEM;
            return;
        }
    } else {
        proto = prototype(e, f, cname, true);
    }
    gen_cwriter *w = &e->h;
    gen_cw_section(w, H_EXPORTS);
    emit_docs(w, &f->docs);
    if (async)
        P("// Implement (async, callback ABI): start the work, return EXIT, YIELD or WAIT(set); call\n"
          "// %s_return exactly once with the result.\n", cname);
    else
        ownership_note(e, w, f, true);
    gen_cw_section(w, H_EXPORTS);
    P("%s;\n", proto);
    if (async)
        P("%s_callback_code_t %s_callback(%s_event_t *event);\n", e->W, cname, e->W);
    P("\n");

    if (p.results_indirect) {
        if (p.results_size > e->ret_area_size)
            e->ret_area_size = p.results_size;
        if (p.results_align > e->ret_area_align)
            e->ret_area_align = p.results_align;
    }
    w = &e->c;
    gen_cw_section(w, C_EXPORTS);
    P("__attribute__((__export_name__(\"%s%s\")))\n", async ? "[async-lift]" : "", export_name);
    P("%s __wasm_export_%s(%s) {\n", p.ncore_results ? core_ctype(p.core_results[0]) : "void", cname,
      core_params_decl(e, &p));
    slot *slots = wit_arena_alloc(e->a, sizeof(slot) * (p.ncore_params + 1));
    if (!slots) {
        e->err = WIT_ENOMEM;
        return;
    }
    for (uint32_t i = 0; i < p.ncore_params; i++) {
        slots[i].var = FMT("arg%u", i);
        slots[i].core = p.core_params[i];
    }
    for (uint32_t i = 0; i < f->nparams; i++) {
        P("%s _arg%u;\n", ctype(e, f->params[i].type, true), i);
        P("memset(&_arg%u, 0, sizeof _arg%u);\n", i, i);
    }
    for (uint32_t s = 0; s < p.nsteps; s++) {
        const gen_step *st = &p.steps[s];
        switch (st->kind) {
        case GEN_STEP_LIFT_FLAT:
            lift_flat(e, w, f->params[st->arg].type, true, FMT("_arg%u", st->arg), slots + st->flat);
            break;
        case GEN_STEP_LOAD_ARG:
            P("memcpy(&_arg%u, (uint8_t *)(uintptr_t)arg0 + %u, sizeof _arg%u);\n", st->arg, st->offset, st->arg);
            break;
        case GEN_STEP_FREE_PARAM_AREA:
            P("free((void *)(uintptr_t)arg0);\n");
            break;
        case GEN_STEP_CALL_USER: {
            wit_buf b = WIT_BUF_INIT;
            for (uint32_t i = 0; i < f->nparams; i++) {
                wit_buf_puts(&b, i ? ", " : "");
                switch (param_pass(e, f->params[i].type)) {
                case PASS_VALUE: wit_buf_printf(&b, "_arg%u", i); break;
                case PASS_PTR: wit_buf_printf(&b, "&_arg%u", i); break;
                case PASS_MAYBE: wit_buf_printf(&b, "_arg%u.is_some ? &_arg%u.val : NULL", i, i); break;
                }
            }
            const char *args = b.data ? b.data : "";
            const char *sep = f->nparams ? ", " : "";
            if (async) {
                P("return (int32_t)%s(%s);\n", cname, args);
                wit_buf_free(&b);
                break;
            }
            retk rk = result_kind(e, f);
            if (rk != RET_NONE) {
                P("%s _ret;\n", ctype(e, f->result, true));
                P("memset(&_ret, 0, sizeof _ret);\n");
            }
            switch (rk) {
            case RET_NONE: P("%s(%s);\n", cname, args); break;
            case RET_VALUE: P("_ret = %s(%s);\n", cname, args); break;
            case RET_PTR: P("%s(%s%s&_ret);\n", cname, args, sep); break;
            case RET_OPTION: P("_ret.is_some = %s(%s%s&_ret.val);\n", cname, args, sep); break;
            case RET_RESULT: {
                const wit_typedef *rtd = td_of(e, f->result);
                const char *ok = rtd->u.result.has_ok ? "&_ret.val.ok" : NULL;
                const char *er = rtd->u.result.has_err ? "&_ret.val.err" : NULL;
                P("_ret.is_err = !%s(%s%s%s%s%s);\n", cname, args, (ok || er) && f->nparams ? ", " : "",
                  ok ? ok : "", ok && er ? ", " : "", er ? er : "");
                break;
            }
            }
            wit_buf_free(&b);
            break;
        }
        case GEN_STEP_DROP_BORROWS:
            for (uint32_t i = 0; i < f->nparams; i++)
                drop_borrows(e, w, f->params[i].type, FMT("_arg%u", i), 0);
            break;
        case GEN_STEP_LOWER_RESULT_FLAT: {
            P("%s _r0 = 0;\n", core_ctype(p.core_results[0]));
            slot r0 = {"_r0", p.core_results[0]};
            lower_flat(e, w, f->result, true, "_ret", &r0);
            P("return _r0;\n");
            break;
        }
        case GEN_STEP_STORE_RESULT:
            P("memcpy(RET_AREA, &_ret, sizeof _ret);\n");
            P("return (int32_t)(uintptr_t)RET_AREA;\n");
            break;
        default: break;
        }
    }
    P("}\n\n");
    if (async)
        emit_async_export_extras(e, owner, f, cname, export_name);
    if (p.post_return) {
        const char *fn = need_free(e, f->result, true);
        gen_cw_section(w, C_EXPORTS);
        P("__attribute__((__weak__, __export_name__(\"cabi_post_%s\")))\n", export_name);
        P("void __wasm_export_%s_post_return(int32_t arg0) {\n", cname);
        P("%s((%s *)(uintptr_t)arg0);\n", fn, ctype(e, f->result, true));
        P("}\n\n");
    }
}

/* ---- async functions ---- */

/* An async-lowered import: `W_subtask_status_t P_f(args…, R *result)`; more than 4 flat
 * parameters travel in a caller-owned `P_f_args_t` that must stay valid until the subtask
 * STARTED, and `*result` (C layout = ABI layout, so the host writes it in place) until it
 * RETURNED. */
static void emit_async_import_func(emitter *e, wit_owner owner, const wit_func *f)
{
    need_sig_types(e, f, false);
    ensure_async(e);
    if (e->err)
        return;
    gen_plan p;
    if (gen_plan_func(e->r, f, GEN_IMPORT, true, false, e->a, &p) < 0) {
        e->err = WIT_ENOMEM;
        return;
    }
    const char *cname = nn(e, gen_cnames_func(&e->n, owner, f, false));
    claim(e, cname, f->span);
    if (p.params_indirect)
        claim(e, FMT("%s_args_t", cname), f->span);
    const char *imp = FMT("__wasm_import_%s", cname);
    emit_import_decl(e, nn(e, gen_cnames_core_module(&e->n, owner)), FMT("[async-lower]%s", f->name), "int32_t", imp,
                     core_params_decl(e, &p));
    const char *res = param_named(e, f, "result") ? "result_" : "result";
    const char *args = param_named(e, f, "args") ? "args_" : "args";
    wit_buf b = WIT_BUF_INIT;
    wit_buf_printf(&b, "%s_subtask_status_t %s(", e->W, cname);
    bool first = true;
    gen_cwriter *w = &e->h;
    if (p.params_indirect) {
        gen_cw_section(w, H_TYPES);
        P("// The arguments of %s (more than 4 flat values: passed in memory).\n", cname);
        P("typedef struct %s_args_t {\n", cname);
        for (uint32_t i = 0; i < f->nparams; i++)
            P("%s %s;\n", ctype(e, f->params[i].type, false), cident(e, f->params[i].name));
        P("} %s_args_t;\n\n", cname);
        wit_buf_printf(&b, "%s_args_t *%s", cname, args);
        first = false;
    } else {
        params_decl(e, &b, f, false, &first);
    }
    if (f->has_result) {
        wit_buf_printf(&b, "%s%s *%s", first ? "" : ", ", ctype(e, f->result, false), res);
        first = false;
    }
    wit_buf_puts(&b, first ? "void)" : ")");
    const char *proto = b.oom ? NULL : wit_arena_strdup(e->a, b.data);
    wit_buf_free(&b);
    if (!proto) {
        e->err = WIT_ENOMEM;
        return;
    }
    gen_cw_section(w, H_IMPORTS);
    emit_docs(w, &f->docs);
    P("// Async: returns the subtask status; wait for RETURNED before reading *%s.\n", res);
    P("extern %s;\n\n", proto);

    w = &e->c;
    gen_cw_section(w, C_IMPORTS);
    P("%s {\n", proto);
    slot *slots = wit_arena_alloc(e->a, sizeof(slot) * (p.ncore_params + 1));
    if (!slots) {
        e->err = WIT_ENOMEM;
        return;
    }
    wit_buf call = WIT_BUF_INIT;
    if (p.params_indirect) {
        wit_buf_printf(&call, "(int32_t)(uintptr_t)%s", args);
    } else {
        for (uint32_t i = 0; i < p.ncore_params - (p.retptr_param ? 1 : 0); i++) {
            slots[i].var = FMT("_a%u", i);
            slots[i].core = p.core_params[i];
            P("%s _a%u = 0;\n", core_ctype(p.core_params[i]), i);
            wit_buf_printf(&call, "%s_a%u", i ? ", " : "", i);
        }
        uint32_t k = 0;
        for (uint32_t i = 0; i < f->nparams; i++) {
            const char *pn = cident(e, f->params[i].name);
            const char *v = pn;
            switch (param_pass(e, f->params[i].type)) {
            case PASS_VALUE: break;
            case PASS_PTR: v = FMT("(*%s)", pn); break;
            case PASS_MAYBE:
                v = FMT("_arg%u", i);
                P("%s _arg%u;\n", ctype(e, f->params[i].type, false), i);
                P("memset(&_arg%u, 0, sizeof _arg%u);\n", i, i);
                P("_arg%u.is_some = maybe_%s != NULL;\n", i, pn);
                P("if (maybe_%s) {\n", pn);
                P("_arg%u.val = *maybe_%s;\n", i, pn);
                P("}\n");
                break;
            }
            k += lower_flat(e, w, f->params[i].type, false, v, slots + k);
        }
    }
    if (p.retptr_param)
        wit_buf_printf(&call, "%s(int32_t)(uintptr_t)%s", call.len ? ", " : "", res);
    P("return (%s_subtask_status_t)%s(%s);\n", e->W, imp, call.data ? call.data : "");
    wit_buf_free(&call);
    P("}\n\n");
}

/* For an async export: the callback trampoline, and `P_f_return` wrapping task.return. */
static void emit_async_export_extras(emitter *e, wit_owner owner, const wit_func *f, const char *cname,
                                     const char *export_name)
{
    const char *module = nn(e, gen_cnames_core_module(&e->n, owner));
    const char *emod = FMT("[export]%s", module);
    gen_cwriter *w = &e->c;
    gen_cw_section(w, C_EXPORTS);
    P("__attribute__((__export_name__(\"[callback][async-lift]%s\")))\n", export_name);
    P("int32_t __wasm_export_%s_callback(int32_t event, int32_t waitable, int32_t code) {\n", cname);
    P("%s_event_t _event;\n", e->W);
    P("_event.event = (%s_event_code_t)event;\n", e->W);
    P("_event.waitable = (uint32_t)waitable;\n");
    P("_event.code = (uint32_t)code;\n");
    P("return (int32_t)%s_callback(&_event);\n", cname);
    P("}\n\n");

    /* task.return takes the flattened result (or a pointer to it beyond 16 values) */
    gen_core flat[GEN_MAX_FLAT_PARAMS + 2];
    uint32_t n = f->has_result ? gen_abi_flatten(e->r, f->result, flat, GEN_MAX_FLAT_PARAMS + 1) : 0;
    bool indirect = n > GEN_MAX_FLAT_PARAMS;
    wit_buf decl = WIT_BUF_INIT, call = WIT_BUF_INIT;
    if (indirect) {
        wit_buf_puts(&decl, "int32_t arg0");
        wit_buf_puts(&call, "(int32_t)(uintptr_t)&_ret");
    } else {
        for (uint32_t i = 0; i < n; i++) {
            wit_buf_printf(&decl, "%s%s arg%u", i ? ", " : "", core_ctype(flat[i]), i);
            wit_buf_printf(&call, "%s_a%u", i ? ", " : "", i);
        }
    }
    const char *imp = FMT("__wasm_import_%s_task_return", cname);
    emit_import_decl(e, emod, FMT("[task-return]%s", f->name), "void", imp, decl.data ? decl.data : "void");
    const char *param = "void";
    bool ptr = f->has_result && !by_value(e, f->result);
    if (f->has_result)
        param = FMT("%s %sret", ctype(e, f->result, true), ptr ? "*" : "");
    gen_cwriter *hw = &e->h;
    gen_cw_section(hw, H_HELPERS);
    gen_cw_printf(hw, "// Completes the async export %s (call exactly once); the value stays yours.\n", cname);
    gen_cw_printf(hw, "void %s_return(%s);\n\n", cname, param);
    gen_cw_section(w, C_EXPORTS);
    P("void %s_return(%s) {\n", cname, param);
    if (f->has_result) {
        P("%s _ret = %sret;\n", ctype(e, f->result, true), ptr ? "*" : "");
        if (!indirect) {
            slot *slots = wit_arena_alloc(e->a, sizeof(slot) * (n + 1));
            if (!slots) {
                e->err = WIT_ENOMEM;
                goto done;
            }
            for (uint32_t i = 0; i < n; i++) {
                slots[i].var = FMT("_a%u", i);
                slots[i].core = flat[i];
                P("%s _a%u = 0;\n", core_ctype(flat[i]), i);
            }
            lower_flat(e, w, f->result, true, "_ret", slots);
        }
    }
    P("%s(%s);\n", imp, call.data ? call.data : "");
    P("}\n\n");
done:
    wit_buf_free(&decl);
    wit_buf_free(&call);
}

/* ---- the world ---- */

static void emit_iface(emitter *e, wit_id iface, bool exp)
{
    const wit_iface *in = &e->r->ifaces[iface];
    for (uint32_t i = 0; i < in->ntypes && !e->err; i++) {
        wit_type t = {WIT_TYPE_ID, in->types[i].id};
        need_type(e, t, exp);
    }
    wit_owner owner = {WIT_OWNER_INTERFACE, iface};
    for (uint32_t i = 0; i < in->nfuncs && !e->err; i++) {
        if (exp)
            emit_export_func(e, owner, &in->funcs[i]);
        else
            emit_import_func(e, owner, &in->funcs[i]);
    }
}

static char *replace_all(const char *text, const char *from, const char *to)
{
    wit_buf b = WIT_BUF_INIT;
    size_t fl = strlen(from);
    for (const char *p = text;;) {
        const char *q = strstr(p, from);
        if (!q) {
            wit_buf_puts(&b, p);
            break;
        }
        wit_buf_append(&b, p, (size_t)(q - p));
        wit_buf_puts(&b, to);
        p = q + fl;
    }
    return wit_buf_detach(&b, NULL);
}

static int emit_component_type(emitter *e, gen_file *f)
{
    wit_buf payload = WIT_BUF_INIT, out = WIT_BUF_INIT;
    gen_encode_opts eo;
    memset(&eo, 0, sizeof eo);
    eo.string_encoding = e->o->utf16 ? GEN_STRING_UTF16 : GEN_STRING_UTF8;
    int rc = 0;
    char *sect = NULL;
    if (gen_encode_world(e->r, e->world, &eo, &payload) < 0 || payload.oom) {
        wit_diags_add(e->diags, WIT_SEV_ERROR, WIT_NO_SPAN, "cannot encode world `%s`: %s",
                      e->r->worlds[e->world].name, eo.err[0] ? eo.err : "out of memory");
        rc = -1;
        goto done;
    }
    sect = gen_encode_section_name(e->r, e->world);
    if (sect && e->o->type_section_suffix) {
        /* a distinct name, so wasm-ld does not concatenate this section with another
         * library's section of the same name (wit-bindgen#788) */
        char *full = wit_malloc(strlen(sect) + strlen(e->o->type_section_suffix) + 1);
        if (full) {
            strcpy(full, sect);
            strcat(full, e->o->type_section_suffix);
        }
        wit_free(sect);
        sect = full;
    }
    if (!sect) {
        rc = WIT_ENOMEM;
        goto done;
    }
    wit_buf_printf(&out, "// Generated by witc bindgen. DO NOT EDIT!\n"
                         "// The component type of world `%s` (the binary WIT encoding) in the custom\n"
                         "// section `%s`, which turns the linked module into a component.\n\n",
                   e->r->worlds[e->world].name, sect);
    wit_buf_printf(&out, "void __component_type_object_force_link_%s(void);\n", e->W);
    wit_buf_printf(&out, "void __component_type_object_force_link_%s(void) {\n}\n\n", e->W);
    wit_buf_printf(&out, "__asm__(\".section \\\".custom_section.%s\\\",\\\"\\\",@\\n\"\n", sect);
    for (size_t i = 0; i < payload.len; i += 16) {
        wit_buf_puts(&out, "    \".byte ");
        for (size_t k = i; k < payload.len && k < i + 16; k++)
            wit_buf_printf(&out, "%s0x%02x", k > i ? "," : "", (unsigned char)payload.data[k]);
        wit_buf_puts(&out, "\\n\"\n");
    }
    wit_buf_puts(&out, "    \".text\\n\");\n");
    f->name = wit_strdup(FMT("%s_component_type.c", e->W));
    f->data = wit_buf_detach(&out, &f->len);
    if (!f->name || !f->data)
        rc = WIT_ENOMEM;
done:
    wit_free(sect);
    wit_buf_free(&payload);
    wit_buf_free(&out);
    return rc;
}

static void emit_prelude(emitter *e)
{
    const char *W = e->W, *WS = e->n.world_shouty;
    static const char *const fixed[] = {"string_t", "error_context_t", "string_set", "string_dup", "string_dup_n",
                                        "string_free", "string_len"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        claim(e, FMT("%s_%s", W, fixed[i]), WIT_NO_SPAN);
    gen_cwriter *w = &e->h;
    gen_cw_section(w, H_TOP);
    P("// Generated by witc bindgen. DO NOT EDIT!\n");
    P("#ifndef __BINDINGS_%s_H\n", WS);
    P("#define __BINDINGS_%s_H\n", WS);
    gen_cw_raw(w, "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");
    P("#include <stdint.h>\n");
    P("#include <stdbool.h>\n");
    P("#include <stddef.h>\n");
    if (e->o->utf16)
        P("#include <uchar.h>\n");
    P("\n");
    gen_cw_section(w, H_TYPES);
    P("typedef struct %s_string_t {\n", W);
    P("%s *ptr;\n", e->o->utf16 ? "char16_t" : "uint8_t");
    P("size_t len;\n");
    P("} %s_string_t;\n\n", W);
    P("typedef uint32_t %s_error_context_t;\n\n", W);
    gen_cw_section(w, H_IMPORTS);
    P("// Imported functions: call these.\n\n");
    gen_cw_section(w, H_EXPORTS);
    P("// Exported functions: implement these.\n\n");
    gen_cw_section(w, H_HELPERS);
    P("// Helpers\n\n");
    const char *ch = e->o->utf16 ? "char16_t" : "char";
    if (e->o->utf16)
        P("// The length of a NUL-terminated UTF-16 string, in code units.\nsize_t %s_string_len(const char16_t *s);\n", W);
    P("// Sets `ret` to `s` without copying (do not free it, and do not return it from an export).\n");
    P("void %s_string_set(%s_string_t *ret, const %s *s);\n", W, W, ch);
    P("// Sets `ret` to a heap copy of `s` (allocated with cabi_realloc).\n");
    P("void %s_string_dup(%s_string_t *ret, const %s *s);\n", W, W, ch);
    P("void %s_string_dup_n(%s_string_t *ret, const %s *s, size_t len);\n", W, W, ch);
    P("// Frees a string's memory and zeroes it.\n");
    P("void %s_string_free(%s_string_t *ret);\n\n", W, W);
    gen_cw_section(w, H_END);
    gen_cw_raw(w, "#ifdef __cplusplus\n}\n#endif\n#endif\n");

    w = &e->c;
    gen_cw_section(w, C_TOP);
    P("// Generated by witc bindgen. DO NOT EDIT!\n");
    P("#include \"%s.h\"\n", W);
    P("#include <stdlib.h>\n");
    P("#include <string.h>\n\n");
    gen_cw_section(w, C_HELPERS);
    gen_cw_raw(w, gen_tpl_guest_realloc);
    gen_cw_raw(w, "\n");
    char *s = replace_all(e->o->utf16 ? gen_tpl_guest_string_utf16 : gen_tpl_guest_string_utf8, "WORLD_",
                          FMT("%s_", W));
    if (!s) {
        e->err = WIT_ENOMEM;
        return;
    }
    gen_cw_raw(w, s);
    gen_cw_raw(w, "\n");
    wit_free(s);
}

static void emit_bitcasts(emitter *e)
{
    gen_cwriter *w = &e->c;
    gen_cw_section(w, C_BITS);
    if (!e->bits)
        return;
    P("// Bit casts for joined flat values (canonical ABI).\n");
    static const char *const tys[4][3] = {{"int32_t", "witc_f32_to_i32", "float"},
                                          {"float", "witc_i32_to_f32", "int32_t"},
                                          {"int64_t", "witc_f64_to_i64", "double"},
                                          {"double", "witc_i64_to_f64", "int64_t"}};
    for (int i = 0; i < 4; i++) {
        if (!(e->bits & (1u << i)))
            continue;
        P("static inline %s %s(%s v) {\n", tys[i][0], tys[i][1], tys[i][2]);
        P("%s r;\n", tys[i][0]);
        P("memcpy(&r, &v, sizeof r);\n");
        P("return r;\n");
        P("}\n\n");
    }
}

void gen_guest_out_free(gen_guest_out *out)
{
    for (uint32_t i = 0; i < 3; i++) {
        wit_free(out->files[i].name);
        wit_free(out->files[i].data);
    }
    memset(out, 0, sizeof *out);
}

int gen_guest_emit(const wit_resolve *r, wit_id world, const gen_guest_opts *opts, wit_diags *diags,
                   gen_guest_out *out)
{
    emitter E, *e = &E;
    memset(e, 0, sizeof E);
    memset(out, 0, sizeof *out);
    gen_guest_opts defaults;
    memset(&defaults, 0, sizeof defaults);
    e->r = r;
    e->world = world;
    e->o = opts ? opts : &defaults;
    e->diags = diags;
    e->ret_area_align = 1;
    gen_cw_init(&e->h);
    gen_cw_init(&e->c);
    int rc = 0;
    e->a = wit_arena_new();
    if (!e->a || gen_cnames_init(&e->n, r, world, e->a) < 0) {
        rc = WIT_ENOMEM;
        goto done;
    }
    if (e->o->rename_world) {
        e->n.world_snake = nn(e, gen_c_snake(e->a, e->o->rename_world));
        e->n.world_shouty = gen_c_shouty(e->a, e->o->rename_world);
        if (!e->n.world_snake || !e->n.world_shouty) {
            rc = WIT_ENOMEM;
            goto done;
        }
    }
    e->W = e->n.world_snake;
    emit_prelude(e);
    const wit_world *wd = &r->worlds[world];
    wit_owner wo = {WIT_OWNER_WORLD, world};
    /* `import a: iface; import b: iface;` (wit's `implements`): C names and core module
     * names follow the interface, so two keys for one interface cannot be told apart yet */
    for (int exp = 0; exp < 2 && !e->err; exp++) {
        const wit_world_item *items = exp ? wd->exports : wd->imports;
        uint32_t count = exp ? wd->nexports : wd->nimports;
        for (uint32_t i = 0; i < count && !e->err; i++)
            for (uint32_t j = 0; j < i && !e->err; j++)
                if (items[i].kind == WIT_ITEM_INTERFACE && items[j].kind == WIT_ITEM_INTERFACE &&
                    items[i].id == items[j].id)
                    fail(e, items[i].span, "one interface %s twice under different names is not supported yet",
                         exp ? "exported" : "imported");
    }
    for (uint32_t i = 0; i < wd->nimports && !e->err; i++) {
        const wit_world_item *it = &wd->imports[i];
        if (it->kind == WIT_ITEM_INTERFACE)
            emit_iface(e, it->id, false);
        else if (it->kind == WIT_ITEM_FUNCTION)
            emit_import_func(e, wo, &it->func);
        else {
            wit_type t = {WIT_TYPE_ID, it->id};
            need_type(e, t, false);
        }
    }
    for (uint32_t i = 0; i < wd->nexports && !e->err; i++) {
        const wit_world_item *it = &wd->exports[i];
        if (it->kind == WIT_ITEM_INTERFACE)
            emit_iface(e, it->id, true);
        else if (it->kind == WIT_ITEM_FUNCTION)
            emit_export_func(e, wo, &it->func);
    }
    if (e->ret_area_size) {
        gen_cwriter *w = &e->c;
        gen_cw_section(w, C_RETAREA);
        P("// The return area of exports: results stay here until the post-return function ran.\n");
        P("static __attribute__((__aligned__(%u))) uint8_t RET_AREA[%u];\n\n", e->ret_area_align,
          e->ret_area_size);
    }
    if (!e->o->no_component_type) {
        gen_cwriter *w = &e->c;
        gen_cw_section(w, C_END);
        P("// Keeps %s_component_type.c (the component-type section) in the link.\n", e->W);
        P("void __component_type_object_force_link_%s(void);\n", e->W);
        P("__attribute__((__used__)) void __component_type_object_force_link_%s_public_use_in_this_compilation_unit(void);\n",
          e->W);
        P("void __component_type_object_force_link_%s_public_use_in_this_compilation_unit(void) {\n", e->W);
        P("__component_type_object_force_link_%s();\n", e->W);
        P("}\n");
    }
    emit_bitcasts(e);
    if (!e->err && wit_arena_failed(e->a))
        e->err = WIT_ENOMEM;
    if (e->err) {
        rc = e->err;
        goto done;
    }
    static const int horder[] = {H_TOP, H_ASYNC, H_TYPES, H_IMPORTS, H_EXPORTS, H_HELPERS, H_END};
    static const int corder[] = {C_TOP, C_BITS, C_DECLS, C_HELPERS, C_IMPORTS, C_RETAREA, C_EXPORTS, C_END};
    out->files[0].name = wit_strdup(FMT("%s.h", e->W));
    out->files[1].name = wit_strdup(FMT("%s.c", e->W));
    if (!out->files[0].name || !out->files[1].name ||
        gen_cw_join(&e->h, horder, H_NSEC, &out->files[0].data, &out->files[0].len) < 0 ||
        gen_cw_join(&e->c, corder, C_NSEC, &out->files[1].data, &out->files[1].len) < 0) {
        rc = WIT_ENOMEM;
        goto done;
    }
    out->nfiles = 2;
    if (!e->o->no_component_type) {
        rc = emit_component_type(e, &out->files[2]);
        if (rc < 0)
            goto done;
        out->nfiles = 3;
    }
done:
    if (rc < 0)
        gen_guest_out_free(out);
    gen_cw_free(&e->h);
    gen_cw_free(&e->c);
    wit_arena_free(e->a);
    return rc;
}
