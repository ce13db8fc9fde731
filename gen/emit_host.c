/* emit_host.c — `witc host c`: typed host stubs for a C embedder of a world.
 *
 * W_host.h declares, with the guest bindings' C conventions (gen/cnames.h: `W_string_t`,
 * `bool`, fixed-width integers, strings passed by pointer, results through `ret`):
 * - W_instance (the last trap of a call), and for each export a function
 *   `int W_call_<iface>_<func>(W_instance *, args…, ret *)` returning 0, or -1 when the guest
 *   trapped (inst->err says why); it calls the `witc_export_<iface>__<func>` wrapper that
 *   `witc compile` writes into glue.c (which lowers and lifts through libwitrt's checked helpers);
 * - for each function of a non-WASI imported interface, the prototype the embedder implements
 *   (the same name and signature as the guest's import), and W_host.c defines the core-level
 *   hook `witc_import_<iface>__<func>(wrt_cx *, core args…)` that glue.c calls for its
 *   `canon lower`: arguments are lifted from guest memory with wrt_lift_* (checked: bounds,
 *   alignment, UTF-8, char ranges), results lowered with wrt_lower_string/wrt_store_*.
 * Covered: parameters and results that are primitives (bool, integers, floats, char),
 * strings, lists of numbers, enums and records of those (aliases followed), parameters in flat
 * form (at most 16 core values). Records and enums go through compile.c's witc_raw_<export>
 * entries (exports) and generic hooks (imports) that lower/lift here with gen/abi's plan and
 * field offsets. Other functions are listed as a comment in W_host.h; an import hook for them
 * is still defined (the core signature from gen/abi's plan) and traps WRT_TRAP_HOST, so the
 * program links. WASI imports are libwitrt's. */
#include "emit_host.h"

#include <stdio.h>
#include <string.h>

#include "abi.h"
#include "cnames.h"

typedef struct hx {
    const wit_resolve *r;
    gen_cnames n;
    wit_arena *a;
    const char *W; /* world snake */
    wit_buf *h, *c;
    wit_buf types, tfuncs; /* list typedefs for W_host.h, their free functions for W_host.c */
    uint32_t nstr;         /* lifted-string temporaries */
    gen_host_out *out;
} hx;

/* The interface's name in the component (without version): `ns:pkg/iface`, or the key. */
static void iface_path(hx *x, const wit_world_item *it, wit_buf *b)
{
    if (it->key.kind == WIT_KEY_NAME) {
        wit_buf_puts(b, it->key.name);
        return;
    }
    const wit_iface *in = &x->r->ifaces[it->key.iface];
    const wit_package *p = &x->r->packages[in->package];
    wit_buf_printf(b, "%s:%s/%s", p->name.ns, p->name.name, in->name);
}

/* t with type aliases (`type a = b`, `use`) followed. */
static wit_type deref(const hx *x, wit_type t)
{
    for (int depth = 0; t.prim == WIT_TYPE_ID && depth < 64; depth++) {
        const wit_typedef *td = &x->r->types[t.id];
        if (td->kind != WIT_TD_ALIAS)
            break;
        t = td->u.elem;
    }
    return t;
}

/* A list of numbers (integers, floats): its element, else WIT_TYPE_ID. */
static wit_prim list_elem(const hx *x, wit_type t)
{
    t = deref(x, t);
    if (t.prim != WIT_TYPE_ID)
        return WIT_TYPE_ID;
    const wit_typedef *td = &x->r->types[deref(x, t).id];
    if (td->kind != WIT_TD_LIST || td->u.elem.prim < WIT_U8 || td->u.elem.prim > WIT_F64)
        return WIT_TYPE_ID;
    return td->u.elem.prim;
}

/* Strings and lists of numbers: passed by pointer, two core values, ptr + len. */
static bool is_seq(const hx *x, wit_type t)
{
    return t.prim == WIT_STRING || list_elem(x, t) != WIT_TYPE_ID;
}

static bool covered_type(const hx *x, wit_type t)
{
    return (t.prim != WIT_TYPE_ID && t.prim != WIT_ERROR_CONTEXT) || list_elem(x, t) != WIT_TYPE_ID;
}

static bool covered(const hx *x, const wit_func *f)
{
    uint32_t nflat = 0;
    for (uint32_t i = 0; i < f->nparams; i++) {
        if (!covered_type(x, f->params[i].type))
            return false;
        nflat += is_seq(x, f->params[i].type) ? 2 : 1;
    }
    return nflat <= GEN_MAX_FLAT_PARAMS && (!f->has_result || covered_type(x, f->result));
}

/* The number of cases of an enum, else 0. */
static uint32_t enum_n(const hx *x, wit_type t)
{
    t = deref(x, t);
    if (t.prim != WIT_TYPE_ID || x->r->types[t.id].kind != WIT_TD_ENUM)
        return 0;
    return x->r->types[t.id].u.variant.n;
}

/* A record whose fields are primitives, strings, lists of numbers or enums. */
static bool is_frec(const hx *x, wit_type t)
{
    t = deref(x, t);
    if (t.prim != WIT_TYPE_ID || x->r->types[t.id].kind != WIT_TD_RECORD)
        return false;
    const wit_typedef *td = &x->r->types[deref(x, t).id];
    for (uint32_t i = 0; i < td->u.record.n; i++)
        if (!covered_type(x, td->u.record.fields[i].type) && !enum_n(x, td->u.record.fields[i].type))
            return false;
    return true;
}

/* Covered through the raw entries (records): every type covered or a flat record, the
 * parameters in flat form. */
static bool covered_raw(const hx *x, const wit_func *f, const gen_plan *pl)
{
    if (pl->params_indirect || pl->async)
        return false;
    for (uint32_t i = 0; i < f->nparams; i++)
        if (!covered_type(x, f->params[i].type) && !is_frec(x, f->params[i].type) &&
            !enum_n(x, f->params[i].type))
            return false;
    return !f->has_result || covered_type(x, f->result) || is_frec(x, f->result) ||
           enum_n(x, f->result);
}

/* The C type of a primitive: the guest bindings' names (gen/cnames). */
static const char *ctype(hx *x, wit_prim p)
{
    return p == WIT_TYPE_ID ? "void" : gen_cnames_type(&x->n, (wit_type){p, WIT_NONE}, false);
}

/* The core type a primitive flattens to (strings: two i32). */
static const char *core_ctype(wit_prim p)
{
    switch (p) {
    case WIT_U64: case WIT_S64: return "uint64_t";
    case WIT_F32: return "float";
    case WIT_F64: return "double";
    default: return "uint32_t";
    }
}

static const char *gen_core_ctype(gen_core c)
{
    switch (c) {
    case GEN_I64: return "uint64_t";
    case GEN_F32: return "float";
    case GEN_F64: return "double";
    default: return "uint32_t";
    }
}

/* The wrapper type compile.c uses for a primitive in witc_export_… prototypes. */
static const char *wrapper_ctype(hx *x, wit_prim p)
{
    return p == WIT_BOOL ? "int" : ctype(x, p);
}

/* The embedder-facing C type of t (a covered type); list types get their typedef and free
 * function once (x->types, x->tfuncs). */
static const char *tname(hx *x, wit_type t)
{
    wit_prim e = list_elem(x, t);
    uint32_t ne = enum_n(x, t);
    if (ne) {
        x->n.cur_iface = WIT_NONE;
        const char *nm = gen_cnames_type(&x->n, deref(x, t), false);
        if (!nm)
            return "void";
        char *key = wit_arena_printf(x->a, " %s;\n", nm);
        if (key && (!x->types.data || !strstr(x->types.data, key))) {
            const wit_typedef *td = &x->r->types[deref(x, t).id];
            const char *up = gen_c_shouty(x->a, wit_arena_strndup(x->a, nm, strlen(nm) - 2));
            wit_buf_printf(&x->types, "typedef %s %s;\n", ne <= 256 ? "uint8_t" : ne <= 65536 ? "uint16_t"
                                                                            : "uint32_t", nm);
            for (uint32_t i = 0; i < ne; i++)
                wit_buf_printf(&x->types, "#define %s_%s %u\n", up,
                               gen_c_shouty(x->a, td->u.variant.cases[i].name), i);
            wit_buf_puts(&x->types, "\n");
        }
        return nm;
    }
    if (is_frec(x, t)) {
        x->n.cur_iface = WIT_NONE;
        const char *nm = gen_cnames_type(&x->n, deref(x, t), false);
        if (!nm)
            return "void";
        char *key = wit_arena_printf(x->a, "} %s;", nm);
        if (key && (!x->types.data || !strstr(x->types.data, key))) {
            const wit_typedef *td = &x->r->types[deref(x, t).id];
            const char *base = wit_arena_strndup(x->a, nm, strlen(nm) - 2);
            wit_buf fields = WIT_BUF_INIT, frees = WIT_BUF_INIT;
            for (uint32_t i = 0; i < td->u.record.n; i++) {
                wit_type ft = td->u.record.fields[i].type;
                const char *fn = gen_c_ident(x->a, td->u.record.fields[i].name);
                wit_buf_printf(&fields, "  %s %s;\n", tname(x, ft), fn);
                if (is_seq(x, ft))
                    wit_buf_printf(&frees, "  free(ptr->%s.ptr);\n  ptr->%s.ptr = NULL;\n"
                                           "  ptr->%s.len = 0;\n", fn, fn, fn);
            }
            wit_buf_printf(&x->types, "typedef struct %s {\n%.*s} %s;\n"
                                      "/* Frees the strings and lists of *ptr (malloc'd). */\n"
                                      "void %s_free(%s *ptr);\n\n", nm, (int)fields.len,
                           fields.data ? fields.data : "", nm, base, nm);
            wit_buf_printf(&x->tfuncs, "void %s_free(%s *ptr) {\n  (void)ptr;\n%.*s}\n\n", base, nm,
                           (int)frees.len, frees.data ? frees.data : "");
            wit_buf_free(&fields);
            wit_buf_free(&frees);
        }
        return nm;
    }
    if (e == WIT_TYPE_ID)
        return ctype(x, t.prim);
    x->n.cur_iface = WIT_NONE;
    const char *nm = gen_cnames_type(&x->n, deref(x, t), false);
    if (!nm)
        return "void";
    char *key = wit_arena_printf(x->a, "} %s;", nm);
    if (key && (!x->types.data || !strstr(x->types.data, key))) {
        const char *base = wit_arena_strndup(x->a, nm, strlen(nm) - 2); /* drop _t */
        wit_buf_printf(&x->types, "typedef struct %s {\n  %s *ptr;\n  size_t len;\n} %s;\n"
                                  "/* Frees ret->ptr (malloc'd) and empties *ret. */\n"
                                  "void %s_free(%s *ret);\n\n", nm, ctype(x, e), nm, base, nm);
        wit_buf_printf(&x->tfuncs, "void %s_free(%s *ret) {\n  free(ret->ptr);\n  ret->ptr = NULL;\n"
                                   "  ret->len = 0;\n}\n\n", base, nm);
    }
    return nm;
}

/* The element type of a sequence as compile.c's wrappers pass it ("char" for strings). */
static const char *seq_elem(hx *x, wit_type t)
{
    return t.prim == WIT_STRING ? "char" : ctype(x, list_elem(x, t));
}

/* The embedder-facing parameters: by value for primitives, by pointer for sequences. */
static void user_params(hx *x, wit_buf *b, const wit_func *f, bool first)
{
    for (uint32_t i = 0; i < f->nparams; i++) {
        wit_type t = f->params[i].type;
        wit_buf_printf(b, "%s%s %s%s", first && i == 0 ? "" : ", ", tname(x, t),
                       is_seq(x, t) || is_frec(x, t) ? "*" : "", gen_c_ident(x->a, f->params[i].name));
    }
}

/* ---- generic lowering and lifting (records of primitives, strings, lists of numbers) ---- */
static const char *prim_lift(hx *x, wit_prim p, const char *src)
{
    switch (p) {
    case WIT_BOOL: return wit_arena_printf(x->a, "(%s) != 0", src);
    case WIT_CHAR: return wit_arena_printf(x->a, "wrt_lift_char(%s)", src);
    case WIT_F32: return wit_arena_printf(x->a, "wrt_lift_f32(%s)", src);
    case WIT_F64: return wit_arena_printf(x->a, "wrt_lift_f64(%s)", src);
    default: return wit_arena_printf(x->a, "(%s)(%s)", ctype(x, p), src);
    }
}

/* e (host value of t) -> core values v[*i…] (export arguments; runs inside the guard). */
static void lower_flat(hx *x, wit_buf *b, const char *e, wit_type t, uint32_t *i)
{
    if (is_frec(x, t)) {
        const wit_typedef *td = &x->r->types[deref(x, t).id];
        for (uint32_t k = 0; k < td->u.record.n; k++)
            lower_flat(x, b, wit_arena_printf(x->a, "%s.%s", e,
                                              gen_c_ident(x->a, td->u.record.fields[k].name)),
                       td->u.record.fields[k].type, i);
        return;
    }
    wit_prim el = list_elem(x, t);
    if (t.prim == WIT_STRING) {
        wit_buf_printf(b, "  wrt_lower_string(cx, (const char *)%s.ptr, %s.len, &v[%u].i32, "
                          "&v[%u].i32);\n", e, e, *i, *i + 1);
        *i += 2;
    } else if (el != WIT_TYPE_ID) {
        const char *et = ctype(x, el);
        wit_buf_printf(b, "  if (%s.len > WRT_MAX_BYTE_LENGTH / sizeof(%s))\n"
                          "    wrt_trap(WRT_TRAP_LENGTH, \"list too long\");\n"
                          "  v[%u].i32 = (uint32_t)%s.len;\n"
                          "  v[%u].i32 = wrt_lower_bytes(cx, %s.ptr, v[%u].i32, sizeof(%s), sizeof(%s));\n",
                       e, et, *i + 1, e, *i, e, *i + 1, et, et);
        *i += 2;
    } else {
        switch (t.prim) {
        case WIT_U64: case WIT_S64: wit_buf_printf(b, "  v[%u].i64 = (uint64_t)%s;\n", *i, e); break;
        case WIT_F32: wit_buf_printf(b, "  v[%u].f32 = %s;\n", *i, e); break;
        case WIT_F64: wit_buf_printf(b, "  v[%u].f64 = %s;\n", *i, e); break;
        case WIT_BOOL: wit_buf_printf(b, "  v[%u].i32 = %s ? 1u : 0u;\n", *i, e); break;
        default: wit_buf_printf(b, "  v[%u].i32 = (uint32_t)%s;\n", *i, e); break;
        }
        *i += 1;
    }
}

/* dst (host lvalue of t) <- guest memory at addr (export results: strings and lists are
 * copied into malloc'd memory). */
static void lift_mem(hx *x, wit_buf *b, const char *dst, wit_type t, const char *addr)
{
    if (is_frec(x, t)) {
        const wit_typedef *td = &x->r->types[deref(x, t).id];
        for (uint32_t k = 0; k < td->u.record.n; k++)
            lift_mem(x, b, wit_arena_printf(x->a, "%s.%s", dst,
                                            gen_c_ident(x->a, td->u.record.fields[k].name)),
                     td->u.record.fields[k].type,
                     wit_arena_printf(x->a, "%s + %u", addr, gen_abi_field_offset(x->r, td, k)));
        return;
    }
    wit_prim el = list_elem(x, t);
    if (t.prim == WIT_STRING) {
        wit_buf_printf(b, "  {\n    wrt_str s = wrt_lift_string(cx, wrt_load_u32(cx->mem, %s), "
                          "wrt_load_u32(cx->mem, %s + 4));\n"
                          "    %s.ptr = malloc(s.len + 1);\n"
                          "    if (!%s.ptr)\n      wrt_trap(WRT_TRAP_RESOURCE_LIMIT, \"out of memory\");\n"
                          "    memcpy(%s.ptr, s.data, s.len);\n    %s.ptr[s.len] = 0;\n"
                          "    %s.len = s.len;\n    wrt_str_free(&s);\n  }\n",
                       addr, addr, dst, dst, dst, dst, dst);
    } else if (el != WIT_TYPE_ID) {
        const char *et = ctype(x, el);
        wit_buf_printf(b, "  {\n    uint32_t lp = wrt_load_u32(cx->mem, %s), ln = wrt_load_u32(cx->mem, %s + 4);\n"
                          "    const uint8_t *src = wrt_lift_list(cx->mem, lp, ln, sizeof(%s), sizeof(%s));\n"
                          "    %s.ptr = malloc((size_t)ln * sizeof(%s) + 1);\n"
                          "    if (!%s.ptr)\n      wrt_trap(WRT_TRAP_RESOURCE_LIMIT, \"out of memory\");\n"
                          "    memcpy(%s.ptr, src, (size_t)ln * sizeof(%s));\n    %s.len = ln;\n  }\n",
                       addr, addr, et, et, dst, et, dst, dst, et, dst);
    } else if (enum_n(x, t)) {
        uint32_t ne = enum_n(x, t);
        wit_buf_printf(b, "  %s = (%s)wrt_check_discriminant(wrt_load_%s(cx->mem, %s), %u);\n", dst,
                       tname(x, t), ne <= 256 ? "u8" : ne <= 65536 ? "u16" : "u32", addr, ne);
    } else {
        const char *ld;
        switch (t.prim) {
        case WIT_BOOL: case WIT_U8: ld = "u8"; break;
        case WIT_S8: ld = "i8"; break;
        case WIT_U16: ld = "u16"; break;
        case WIT_S16: ld = "i16"; break;
        case WIT_S32: ld = "i32"; break;
        case WIT_U64: ld = "u64"; break;
        case WIT_S64: ld = "i64"; break;
        case WIT_F32: ld = "f32"; break;
        case WIT_F64: ld = "f64"; break;
        default: ld = "u32"; break;
        }
        wit_buf_printf(b, "  %s = %s;\n", dst,
                       prim_lift(x, t.prim, wit_arena_printf(x->a, "wrt_load_%s(cx->mem, %s)", ld, addr)));
    }
}

/* dst (host lvalue of t) <- core values src(*i…) (import arguments: strings and lists are lent
 * from guest memory; `cleanup` gets what frees them). */
static void lift_flat(hx *x, wit_buf *b, wit_buf *cleanup, const char *dst, wit_type t,
                      const char *fmt, uint32_t *i)
{
    if (is_frec(x, t)) {
        const wit_typedef *td = &x->r->types[deref(x, t).id];
        for (uint32_t k = 0; k < td->u.record.n; k++)
            lift_flat(x, b, cleanup, wit_arena_printf(x->a, "%s.%s", dst,
                                                      gen_c_ident(x->a, td->u.record.fields[k].name)),
                      td->u.record.fields[k].type, fmt, i);
        return;
    }
    wit_prim el = list_elem(x, t);
    const char *s0 = wit_arena_printf(x->a, fmt, *i), *s1 = wit_arena_printf(x->a, fmt, *i + 1);
    if (t.prim == WIT_STRING) {
        uint32_t n = x->nstr++;
        wit_buf_printf(b, "  wrt_str ls%u = wrt_lift_string(cx, %s, %s);\n"
                          "  %s.ptr = (uint8_t *)(uintptr_t)ls%u.data;\n  %s.len = ls%u.len;\n",
                       n, s0, s1, dst, n, dst, n);
        wit_buf_printf(cleanup, "  wrt_str_free(&ls%u);\n", n);
        *i += 2;
    } else if (el != WIT_TYPE_ID) {
        const char *et = ctype(x, el);
        wit_buf_printf(b, "  %s.ptr = (void *)wrt_lift_list(cx->mem, %s, %s, sizeof(%s), sizeof(%s));\n"
                          "  %s.len = %s;\n", dst, s0, s1, et, et, dst, s1);
        *i += 2;
    } else if (enum_n(x, t)) {
        wit_buf_printf(b, "  %s = (%s)wrt_check_discriminant(%s, %u);\n", dst, tname(x, t), s0,
                       enum_n(x, t));
        *i += 1;
    } else {
        wit_buf_printf(b, "  %s = %s;\n", dst, prim_lift(x, t.prim, s0));
        *i += 1;
    }
}

/* e (host value of t) -> guest memory at addr (import results through the return pointer). */
static void lower_mem(hx *x, wit_buf *b, const char *e, wit_type t, const char *addr)
{
    if (is_frec(x, t)) {
        const wit_typedef *td = &x->r->types[deref(x, t).id];
        for (uint32_t k = 0; k < td->u.record.n; k++)
            lower_mem(x, b, wit_arena_printf(x->a, "%s.%s", e,
                                             gen_c_ident(x->a, td->u.record.fields[k].name)),
                      td->u.record.fields[k].type,
                      wit_arena_printf(x->a, "%s + %u", addr, gen_abi_field_offset(x->r, td, k)));
        return;
    }
    wit_prim el = list_elem(x, t);
    if (t.prim == WIT_STRING) {
        wit_buf_printf(b, "  {\n    uint32_t p_, l_;\n"
                          "    wrt_lower_string(cx, (const char *)%s.ptr, %s.len, &p_, &l_);\n"
                          "    wrt_store_u32(cx->mem, %s, p_);\n    wrt_store_u32(cx->mem, %s + 4, l_);\n  }\n",
                       e, e, addr, addr);
    } else if (el != WIT_TYPE_ID) {
        const char *et = ctype(x, el);
        wit_buf_printf(b, "  {\n    if (%s.len > WRT_MAX_BYTE_LENGTH / sizeof(%s))\n"
                          "      wrt_trap(WRT_TRAP_LENGTH, \"list too long\");\n"
                          "    uint32_t p_ = wrt_lower_bytes(cx, %s.ptr, (uint32_t)%s.len, sizeof(%s), sizeof(%s));\n"
                          "    wrt_store_u32(cx->mem, %s, p_);\n"
                          "    wrt_store_u32(cx->mem, %s + 4, (uint32_t)%s.len);\n  }\n",
                       e, et, e, e, et, et, addr, addr, e);
    } else if (enum_n(x, t)) {
        uint32_t ne = enum_n(x, t);
        const char *sz = ne <= 256 ? "u8" : ne <= 65536 ? "u16" : "u32";
        wit_buf_printf(b, "  wrt_store_%s(cx->mem, %s, (%s_t)wrt_check_discriminant(%s, %u));\n", sz,
                       addr, ne <= 256 ? "uint8" : ne <= 65536 ? "uint16" : "uint32", e, ne);
    } else {
        switch (t.prim) {
        case WIT_BOOL: wit_buf_printf(b, "  wrt_store_u8(cx->mem, %s, %s ? 1 : 0);\n", addr, e); break;
        case WIT_U8: case WIT_S8: wit_buf_printf(b, "  wrt_store_u8(cx->mem, %s, (uint8_t)%s);\n", addr, e); break;
        case WIT_U16: case WIT_S16: wit_buf_printf(b, "  wrt_store_u16(cx->mem, %s, (uint16_t)%s);\n", addr, e); break;
        case WIT_U64: case WIT_S64: wit_buf_printf(b, "  wrt_store_u64(cx->mem, %s, (uint64_t)%s);\n", addr, e); break;
        case WIT_F32: wit_buf_printf(b, "  wrt_store_f32(cx->mem, %s, %s);\n", addr, e); break;
        case WIT_F64: wit_buf_printf(b, "  wrt_store_f64(cx->mem, %s, %s);\n", addr, e); break;
        case WIT_CHAR: wit_buf_printf(b, "  wrt_store_u32(cx->mem, %s, wrt_lift_char(%s));\n", addr, e); break;
        default: wit_buf_printf(b, "  wrt_store_u32(cx->mem, %s, (uint32_t)%s);\n", addr, e); break;
        }
    }
}

static const char *core_field(gen_core c)
{
    return c == GEN_I64 ? "i64" : c == GEN_F32 ? "f32" : c == GEN_F64 ? "f64" : "i32";
}

/* An export with records: through compile.c's witc_raw_<suffix> entry, lowering and lifting
 * here (gen/abi's plan: flat parameters; the result flat or in memory). */
static void emit_export_raw(hx *x, const wit_func *f, const char *suffix, const char *call,
                            const char *ishort, const gen_plan *pl)
{
    wit_buf proto = WIT_BUF_INIT;
    x->out->nexports++;
    wit_buf_printf(&proto, "int %s(%s_instance *inst", call, x->W);
    user_params(x, &proto, f, false);
    if (f->has_result)
        wit_buf_printf(&proto, ", %s *ret", tname(x, f->result));
    wit_buf_putc(&proto, ')');
    bool owns = f->has_result && !covered_type(x, f->result) ? true
                : f->has_result && is_seq(x, f->result);
    const char *rtn = f->has_result ? tname(x, f->result) : NULL;
    wit_buf_printf(x->h, "/* export `%s%s%s`: 0, or -1 when the guest trapped (inst->err)%s%s%s */\n"
                         "%.*s;\n", ishort ? ishort : "", ishort ? "#" : "", f->name,
                   owns ? "; free *ret with " : "",
                   owns ? wit_arena_strndup(x->a, rtn, strlen(rtn) - 2) : "", owns ? "_free" : "",
                   (int)proto.len, proto.data);
    wit_buf *c = x->c;
    wit_buf_printf(c, "int witc_raw_%s(wrt_error *err, void (*lower)(wrt_cx *, void *, witc_val *), "
                      "void (*lift)(wrt_cx *, void *, witc_val), void *ud);\n", suffix);
    wit_buf_printf(c, "struct %s_ud {\n", call);
    for (uint32_t i = 0; i < f->nparams; i++) {
        wit_type t = f->params[i].type;
        bool ptr = is_seq(x, t) || is_frec(x, t);
        wit_buf_printf(c, "  %s %sp%u;\n", tname(x, t), ptr ? "*" : "", i);
    }
    if (f->has_result)
        wit_buf_printf(c, "  %s *ret;\n", rtn);
    wit_buf_puts(c, "  int unused;\n};\n");
    wit_buf_printf(c, "static void %s_lower(wrt_cx *cx, void *ud, witc_val *v) {\n"
                      "  struct %s_ud *u = ud;\n  (void)cx;\n  (void)u;\n  (void)v;\n", call, call);
    uint32_t idx = 0;
    for (uint32_t i = 0; i < f->nparams; i++) {
        wit_type t = f->params[i].type;
        bool ptr = is_seq(x, t) || is_frec(x, t);
        lower_flat(x, c, wit_arena_printf(x->a, ptr ? "(*u->p%u)" : "u->p%u", i), t, &idx);
    }
    wit_buf_puts(c, "}\n");
    wit_buf_printf(c, "static void %s_lift(wrt_cx *cx, void *ud, witc_val r) {\n"
                      "  struct %s_ud *u = ud;\n  (void)cx;\n  (void)u;\n  (void)r;\n", call, call);
    if (f->has_result) {
        if (pl->results_indirect) {
            wit_buf_puts(c, "  uint32_t base = r.i32;\n");
            lift_mem(x, c, "(*u->ret)", f->result, "base");
        } else {
            wit_buf *scratch = wit_malloc(sizeof *scratch);
            if (scratch) {
                wit_buf_init(scratch);
                uint32_t k = 0;
                lift_flat(x, c, scratch, "(*u->ret)", f->result,
                          wit_arena_printf(x->a, "r.%s", core_field(pl->core_results[0])), &k);
                wit_buf_free(scratch);
                wit_free(scratch);
            }
        }
    }
    wit_buf_puts(c, "}\n");
    wit_buf_printf(c, "%.*s {\n  struct %s_ud u;\n  memset(&u, 0, sizeof u);\n", (int)proto.len,
                   proto.data, call);
    for (uint32_t i = 0; i < f->nparams; i++)
        wit_buf_printf(c, "  u.p%u = %s;\n", i, gen_c_ident(x->a, f->params[i].name));
    if (f->has_result)
        wit_buf_puts(c, "  u.ret = ret;\n");
    wit_buf_printf(c, "  return witc_raw_%s(&inst->err, %s_lower, %s_lift, &u) != 0 ? -1 : 0;\n}\n\n",
                   suffix, call, call);
    wit_buf_free(&proto);
}

/* ---- exports ---------------------------------------------------------------------- */
static int emit_export(hx *x, const wit_world_item *it, const wit_func *f)
{
    wit_buf wname = WIT_BUF_INIT, proto = WIT_BUF_INIT;
    const char *ishort = NULL;
    wit_buf path = WIT_BUF_INIT;
    if (it->kind == WIT_ITEM_INTERFACE) {
        iface_path(x, it, &path);
        wit_buf_putc(&path, 0);
        ishort = it->key.kind == WIT_KEY_NAME ? it->key.name : x->r->ifaces[it->key.iface].name;
    }
    gen_c_component_symbol(&wname, "witc_export_", ishort ? path.data : NULL, f->name);
    wit_buf_free(&path);
    wit_buf_putc(&wname, 0);
    const char *fsn = gen_c_snake(x->a, f->name);
    const char *call = ishort ? wit_arena_printf(x->a, "%s_call_%s_%s", x->W,
                                                 gen_c_snake(x->a, ishort), fsn)
                              : wit_arena_printf(x->a, "%s_call_%s", x->W, fsn);
    if (!covered(x, f)) {
        gen_plan pl;
        if (gen_plan_func(x->r, f, GEN_EXPORT, false, false, x->a, &pl) < 0)
            return -2;
        if (covered_raw(x, f, &pl)) {
            emit_export_raw(x, f, wname.data + strlen("witc_export_"), call, ishort, &pl);
            goto done;
        }
        wit_buf_printf(x->h, "/* export `%s%s%s`: its types are not covered by witc host c yet "
                             "(primitives, strings, lists of numbers) */\n",
                       ishort ? ishort : "", ishort ? "#" : "", f->name);
        x->out->nskipped++;
        goto done;
    }
    x->out->nexports++;
    bool sret = f->has_result && is_seq(x, f->result);
    /* the glue's wrapper */
    wit_buf_printf(x->c, "int %s(wrt_error *err", wname.data);
    for (uint32_t i = 0; i < f->nparams; i++) {
        wit_type t = f->params[i].type;
        if (is_seq(x, t))
            wit_buf_printf(x->c, ", const %s *p%u, size_t p%u_len", seq_elem(x, t), i, i);
        else
            wit_buf_printf(x->c, ", %s p%u", wrapper_ctype(x, t.prim), i);
    }
    if (sret)
        wit_buf_printf(x->c, ", %s **ret, size_t *ret_len", seq_elem(x, f->result));
    else if (f->has_result)
        wit_buf_printf(x->c, ", %s *ret", wrapper_ctype(x, f->result.prim));
    wit_buf_puts(x->c, ");\n");
    /* the typed function */
    wit_buf_printf(&proto, "int %s(%s_instance *inst", call, x->W);
    user_params(x, &proto, f, false);
    if (f->has_result)
        wit_buf_printf(&proto, ", %s *ret", tname(x, f->result));
    wit_buf_putc(&proto, ')');
    wit_buf_printf(x->h, "/* export `%s%s%s`: 0, or -1 when the guest trapped (inst->err)%s%s%s */\n"
                         "%.*s;\n",
                   ishort ? ishort : "", ishort ? "#" : "", f->name,
                   sret ? "; ret->ptr is malloc'd: free it with " : "",
                   sret ? wit_arena_strndup(x->a, tname(x, f->result), strlen(tname(x, f->result)) - 2) : "",
                   sret ? "_free" : "", (int)proto.len, proto.data);
    wit_buf_printf(x->c, "%.*s {\n", (int)proto.len, proto.data);
    if (sret)
        wit_buf_printf(x->c, "  %s *r = NULL;\n  size_t r_len = 0;\n", seq_elem(x, f->result));
    else if (f->has_result)
        wit_buf_printf(x->c, "  %s r;\n", wrapper_ctype(x, f->result.prim));
    wit_buf_printf(x->c, "  if (%s(&inst->err", wname.data);
    for (uint32_t i = 0; i < f->nparams; i++) {
        wit_type t = f->params[i].type;
        const char *nm = gen_c_ident(x->a, f->params[i].name);
        if (is_seq(x, t))
            wit_buf_printf(x->c, ", (const %s *)%s->ptr, %s->len", seq_elem(x, t), nm, nm);
        else if (t.prim == WIT_BOOL)
            wit_buf_printf(x->c, ", %s ? 1 : 0", nm);
        else
            wit_buf_printf(x->c, ", %s", nm);
    }
    if (sret)
        wit_buf_puts(x->c, ", &r, &r_len");
    else if (f->has_result)
        wit_buf_puts(x->c, ", &r");
    wit_buf_puts(x->c, ") != 0)\n    return -1;\n");
    if (sret)
        wit_buf_puts(x->c, "  ret->ptr = (void *)r;\n  ret->len = r_len;\n");
    else if (f->has_result && f->result.prim == WIT_BOOL)
        wit_buf_puts(x->c, "  *ret = r != 0;\n");
    else if (f->has_result)
        wit_buf_puts(x->c, "  *ret = r;\n");
    wit_buf_puts(x->c, "  return 0;\n}\n\n");
done:
    wit_buf_free(&wname);
    wit_buf_free(&proto);
    return 0;
}

/* An import with records: the hook lifts the flat core arguments into host values (strings
 * and lists lent from guest memory), calls the embedder, and lowers the result (flat, or into
 * the return area the guest passed). */
static void emit_import_raw(hx *x, const wit_func *f, const char *path, const char *hook,
                            const char *user, const gen_plan *pl)
{
    x->out->nimports++;
    bool byret = f->has_result && (is_seq(x, f->result) || is_frec(x, f->result));
    const char *rtn = f->has_result ? tname(x, f->result) : NULL;
    wit_buf_printf(x->h, "/* import `%s#%s`: implemented by the embedder. Strings and lists passed "
                         "in are lent for the call%s%s%s */\nextern %s %s(",
                   path, f->name, byret ? "; the glue frees *ret with " : "",
                   byret ? wit_arena_strndup(x->a, rtn, strlen(rtn) - 2) : "", byret ? "_free" : "",
                   f->has_result && !byret ? rtn : "void", user);
    user_params(x, x->h, f, true);
    if (byret)
        wit_buf_printf(x->h, "%s%s *ret", f->nparams ? ", " : "", rtn);
    if (f->nparams == 0 && !byret)
        wit_buf_puts(x->h, "void");
    wit_buf_puts(x->h, ");\n");
    wit_buf *c = x->c;
    for (int pass = 0; pass < 2; pass++) {
        wit_buf_printf(c, "%s %s(wrt_cx *cx", pl->ncore_results ? gen_core_ctype(pl->core_results[0])
                                                                : "void", hook);
        for (uint32_t i = 0; i < pl->ncore_params; i++)
            wit_buf_printf(c, ", %s a%u", gen_core_ctype(pl->core_params[i]), i);
        wit_buf_puts(c, pass == 0 ? ");\n" : ") {\n  (void)cx;\n");
    }
    wit_buf cleanup = WIT_BUF_INIT;
    uint32_t idx = 0;
    for (uint32_t i = 0; i < f->nparams; i++) {
        wit_type t = f->params[i].type;
        wit_buf_printf(c, "  %s p%u;\n", tname(x, t), i);
        if (is_seq(x, t) || is_frec(x, t))
            wit_buf_printf(c, "  memset(&p%u, 0, sizeof p%u);\n", i, i);
        lift_flat(x, c, &cleanup, wit_arena_printf(x->a, "p%u", i), t, "a%u", &idx);
    }
    if (byret)
        wit_buf_printf(c, "  %s ret;\n  memset(&ret, 0, sizeof ret);\n  ", rtn);
    else if (f->has_result)
        wit_buf_printf(c, "  %s r = ", rtn);
    else
        wit_buf_puts(c, "  ");
    wit_buf_printf(c, "%s(", user);
    for (uint32_t i = 0; i < f->nparams; i++) {
        wit_type t = f->params[i].type;
        wit_buf_printf(c, "%s%sp%u", i ? ", " : "", is_seq(x, t) || is_frec(x, t) ? "&" : "", i);
    }
    if (byret)
        wit_buf_printf(c, "%s&ret", f->nparams ? ", " : "");
    wit_buf_puts(c, ");\n");
    if (cleanup.len)
        wit_buf_append(c, cleanup.data, cleanup.len);
    wit_buf_free(&cleanup);
    if (byret) {
        /* the return area is the last core parameter */
        lower_mem(x, c, "ret", f->result, wit_arena_printf(x->a, "a%u", pl->ncore_params - 1));
        wit_buf_printf(c, "  %s_free(&ret);\n", wit_arena_strndup(x->a, rtn, strlen(rtn) - 2));
    } else if (f->has_result && enum_n(x, f->result)) {
        wit_buf_printf(c, "  return wrt_check_discriminant(r, %u);\n", enum_n(x, f->result));
    } else if (f->has_result) {
        switch (f->result.prim) {
        case WIT_BOOL: wit_buf_puts(c, "  return r ? 1u : 0u;\n"); break;
        case WIT_CHAR: wit_buf_puts(c, "  return wrt_lift_char(r);\n"); break;
        case WIT_F32: case WIT_F64: wit_buf_puts(c, "  return r;\n"); break;
        default: wit_buf_printf(c, "  return (%s)r;\n", core_ctype(f->result.prim)); break;
        }
    }
    wit_buf_puts(c, "}\n\n");
}

/* ---- imports ---------------------------------------------------------------------- */
static int emit_import(hx *x, const wit_world_item *it, const wit_func *f)
{
    int rc = 0;
    wit_buf hook = WIT_BUF_INIT, path = WIT_BUF_INIT;
    iface_path(x, it, &path);
    wit_buf_putc(&path, 0);
    gen_c_component_symbol(&hook, "witc_import_", path.data, f->name);
    wit_buf_putc(&hook, 0);
    wit_owner owner = {WIT_OWNER_INTERFACE, it->key.kind == WIT_KEY_INTERFACE ? it->key.iface : it->id};
    x->n.cur_iface = owner.id;
    const char *user = gen_cnames_func(&x->n, owner, f, false);
    if (!user) {
        rc = -2;
        goto done;
    }
    if (!covered(x, f)) {
        gen_plan plan;
        if (gen_plan_func(x->r, f, GEN_IMPORT, false, false, x->a, &plan) < 0) {
            rc = -2;
            goto done;
        }
        if (covered_raw(x, f, &plan)) {
            emit_import_raw(x, f, path.data, hook.data, user, &plan);
            goto done;
        }
        wit_buf_printf(x->h, "/* import `%s#%s`: its types are not covered by witc host c yet; "
                             "calling it traps */\n", path.data, f->name);
        x->out->nskipped++;
        for (int pass = 0; pass < 2; pass++) {
            wit_buf_printf(x->c, "%s %s(wrt_cx *cx",
                           plan.ncore_results ? gen_core_ctype(plan.core_results[0]) : "void",
                           hook.data);
            for (uint32_t i = 0; i < plan.ncore_params; i++)
                wit_buf_printf(x->c, ", %s a%u", gen_core_ctype(plan.core_params[i]), i);
            wit_buf_puts(x->c, pass == 0 ? ");\n" : ") {\n  (void)cx;\n");
        }
        for (uint32_t i = 0; i < plan.ncore_params; i++)
            wit_buf_printf(x->c, "  (void)a%u;\n", i);
        wit_buf_printf(x->c, "  wrt_trap(WRT_TRAP_HOST, \"import %s#%s is not covered by witc "
                             "host c\");\n}\n\n", path.data, f->name);
        goto done;
    }
    x->out->nimports++;
    bool sret = f->has_result && is_seq(x, f->result);
    const char *rt = f->has_result && !sret ? ctype(x, f->result.prim) : "void";
    const char *rtn = sret ? tname(x, f->result) : NULL;
    /* the embedder's prototype */
    wit_buf_printf(x->h, "/* import `%s#%s`: implemented by the embedder. Strings and lists passed "
                         "in are lent for the call%s%s%s */\nextern %s %s(",
                   path.data, f->name, sret ? "; ret->ptr must be malloc'd, the glue frees it ("
                                            : "",
                   sret ? wit_arena_strndup(x->a, rtn, strlen(rtn) - 2) : "", sret ? "_free)" : "",
                   rt, user);
    user_params(x, x->h, f, true);
    if (sret)
        wit_buf_printf(x->h, "%s%s *ret", f->nparams ? ", " : "", rtn);
    if (f->nparams == 0 && !sret)
        wit_buf_puts(x->h, "void");
    wit_buf_puts(x->h, ");\n");
    /* the core-level hook */
    uint32_t a = 0;
    for (int pass = 0; pass < 2; pass++) {
        wit_buf_printf(x->c, "%s %s(wrt_cx *cx", f->has_result && !sret ? core_ctype(f->result.prim)
                                                                       : "void", hook.data);
        a = 0;
        for (uint32_t i = 0; i < f->nparams; i++) {
            wit_type t = f->params[i].type;
            if (is_seq(x, t)) {
                wit_buf_printf(x->c, ", uint32_t a%u, uint32_t a%u", a, a + 1);
                a += 2;
            } else
                wit_buf_printf(x->c, ", %s a%u", core_ctype(t.prim), a++);
        }
        if (sret)
            wit_buf_puts(x->c, ", uint32_t retptr");
        wit_buf_puts(x->c, pass == 0 ? ");\n" : ") {\n  (void)cx;\n");
    }
    a = 0;
    for (uint32_t i = 0; i < f->nparams; i++) {
        wit_type t = f->params[i].type;
        wit_prim p = t.prim, e = list_elem(x, t);
        if (e != WIT_TYPE_ID) {
            const char *et = ctype(x, e);
            wit_buf_printf(x->c, "  %s p%u;\n  p%u.ptr = (void *)wrt_lift_list(cx->mem, a%u, a%u, "
                                 "sizeof(%s), sizeof(%s));\n  p%u.len = a%u;\n",
                           tname(x, t), i, i, a, a + 1, et, et, i, a + 1);
            a += 2;
            continue;
        }
        const char *ct = ctype(x, p);
        switch (p) {
        case WIT_STRING:
            wit_buf_printf(x->c, "  wrt_str s%u = wrt_lift_string(cx, a%u, a%u);\n"
                                 "  %s p%u;\n  p%u.ptr = (uint8_t *)(uintptr_t)s%u.data;\n"
                                 "  p%u.len = s%u.len;\n", i, a, a + 1, ct, i, i, i, i, i);
            a += 2;
            continue;
        case WIT_BOOL: wit_buf_printf(x->c, "  bool p%u = wrt_lift_bool(a%u) != 0;\n", i, a); break;
        case WIT_CHAR: wit_buf_printf(x->c, "  uint32_t p%u = wrt_lift_char(a%u);\n", i, a); break;
        case WIT_F32: wit_buf_printf(x->c, "  float p%u = wrt_lift_f32(a%u);\n", i, a); break;
        case WIT_F64: wit_buf_printf(x->c, "  double p%u = wrt_lift_f64(a%u);\n", i, a); break;
        default: wit_buf_printf(x->c, "  %s p%u = (%s)a%u;\n", ct, i, ct, a); break;
        }
        a++;
    }
    if (sret)
        wit_buf_printf(x->c, "  %s ret = {NULL, 0};\n  ", rtn);
    else if (f->has_result)
        wit_buf_printf(x->c, "  %s r = ", rt);
    else
        wit_buf_puts(x->c, "  ");
    wit_buf_printf(x->c, "%s(", user);
    for (uint32_t i = 0; i < f->nparams; i++)
        wit_buf_printf(x->c, "%s%sp%u", i ? ", " : "", is_seq(x, f->params[i].type) ? "&" : "", i);
    if (sret)
        wit_buf_printf(x->c, "%s&ret", f->nparams ? ", " : "");
    wit_buf_puts(x->c, ");\n");
    for (uint32_t i = 0; i < f->nparams; i++)
        if (f->params[i].type.prim == WIT_STRING)
            wit_buf_printf(x->c, "  wrt_str_free(&s%u);\n", i);
    if (sret) {
        /* lowered inside a guard, so the embedder's result is freed on a trap too */
        wit_buf_printf(x->c, "  uint32_t rp, rl;\n"
                             "  wrt_error lerr;\n"
                             "  struct %s_lower la = {cx, ret.ptr, ret.len, %s, &rp, &rl};\n"
                             "  int st = wrt_call(%s_lower_seq, &la, &lerr);\n"
                             "  free(ret.ptr);\n"
                             "  if (st != 0)\n    wrt_trap(lerr.kind, \"%%s\", lerr.message);\n"
                             "  wrt_store_u32(cx->mem, retptr, rp);\n"
                             "  wrt_store_u32(cx->mem, retptr + 4, rl);\n",
                       x->W, f->result.prim == WIT_STRING ? "0"
                           : wit_arena_printf(x->a, "sizeof(%s)", ctype(x, list_elem(x, f->result))),
                       x->W);
    } else if (f->has_result) {
        switch (f->result.prim) {
        case WIT_BOOL: wit_buf_puts(x->c, "  return r ? 1u : 0u;\n"); break;
        case WIT_CHAR: wit_buf_puts(x->c, "  return wrt_lift_char(r);\n"); break;
        case WIT_F32: case WIT_F64: wit_buf_puts(x->c, "  return r;\n"); break;
        default: wit_buf_printf(x->c, "  return (%s)r;\n", core_ctype(f->result.prim)); break;
        }
    }
    wit_buf_puts(x->c, "}\n\n");
done:
    wit_buf_free(&hook);
    wit_buf_free(&path);
    return rc;
}

static bool is_wasi(hx *x, const wit_world_item *it)
{
    if (it->key.kind != WIT_KEY_INTERFACE)
        return false;
    const wit_iface *in = &x->r->ifaces[it->key.iface];
    return strcmp(x->r->packages[in->package].name.ns, "wasi") == 0;
}

int gen_host_emit(const wit_resolve *r, wit_id world, gen_host_out *out, char *err, size_t errn)
{
    int rc = 0;
    hx x;
    wit_buf hb = WIT_BUF_INIT; /* exports and imports: after the list typedefs they use */
    memset(&x, 0, sizeof x);
    x.r = r;
    x.h = &out->h;
    x.c = &out->c;
    x.out = out;
    if (!(x.a = wit_arena_new()))
        return -2;
    if (gen_cnames_init(&x.n, r, world, x.a) < 0) {
        rc = -2;
        goto done;
    }
    x.W = x.n.world_snake;
    const wit_world *w = &r->worlds[world];
    out->h_name = wit_strdup(wit_arena_printf(x.a, "%s_host.h", x.W));
    out->c_name = wit_strdup(wit_arena_printf(x.a, "%s_host.c", x.W));
    if (!out->h_name || !out->c_name) {
        rc = -2;
        goto done;
    }
    const char *W = x.W;
    wit_buf_printf(x.h, "/* Generated by `witc host c` for world `%s`: host stubs for a C embedder "
                        "of components compiled\n * with `witc compile`. Link with the compiled "
                        "component's objects and libwitrt. */\n"
                        "#ifndef WITC_HOST_%s_H\n#define WITC_HOST_%s_H\n\n"
                        "#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n\n"
                        "#include \"witrt.h\"\n\n"
                        "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
                        "typedef struct %s_string_t {\n  uint8_t *ptr;\n  size_t len;\n} %s_string_t;\n\n"
                        "/* *ret = a malloc'd copy of s (NUL-terminated, not counted); aborts on OOM. */\n"
                        "void %s_string_dup(%s_string_t *ret, const char *s);\n"
                        "void %s_string_dup_n(%s_string_t *ret, const char *s, size_t len);\n"
                        "/* Frees ret->ptr (malloc'd) and empties *ret. */\n"
                        "void %s_string_free(%s_string_t *ret);\n\n"
                        "/* The compiled component's instance (one per program, as witc compile's "
                        "glue has it):\n * err holds the outcome of the last call. */\n"
                        "typedef struct %s_instance {\n  wrt_error err;\n  wrt_wasi *wasi;\n} %s_instance;\n\n"
                        "/* Instantiates the compiled component (wasm2c runtime set up on first use); its WASI\n"
                        " * imports are served by libwitrt with cfg (NULL: no arguments, environment or\n"
                        " * preopens). Returns 0, or -1 with inst->err set (a trap in a start function, or\n"
                        " * a WASI setup failure). Release with %s_instance_fini in both cases. */\n"
                        "int %s_instance_init(%s_instance *inst, const wrt_wasi_config *cfg);\n"
                        "void %s_instance_fini(%s_instance *inst);\n\n",
                   w->name, x.n.world_shouty, x.n.world_shouty, W, W, W, W, W, W, W, W, W, W, W, W,
                   W, W, W);
    wit_buf_printf(x.c, "/* Generated by `witc host c` for world `%s`. */\n"
                        "#include \"%s\"\n\n#include <stdio.h>\n#include <stdlib.h>\n"
                        "#include <string.h>\n\n"
                        "void %s_string_dup_n(%s_string_t *ret, const char *s, size_t len) {\n"
                        "  ret->ptr = malloc(len + 1);\n"
                        "  if (!ret->ptr) {\n    fputs(\"out of memory\\n\", stderr);\n    abort();\n  }\n"
                        "  memcpy(ret->ptr, s, len);\n  ret->ptr[len] = 0;\n  ret->len = len;\n}\n\n"
                        "void %s_string_dup(%s_string_t *ret, const char *s) {\n"
                        "  %s_string_dup_n(ret, s, strlen(s));\n}\n\n"
                        "void %s_string_free(%s_string_t *ret) {\n  free(ret->ptr);\n"
                        "  ret->ptr = NULL;\n  ret->len = 0;\n}\n\n",
                   w->name, out->h_name, W, W, W, W, W, W, W);
    wit_buf_printf(x.c, "/* core values of witc compile's raw entries */\n"
                        "typedef union witc_val {\n  uint32_t i32;\n  uint64_t i64;\n  float f32;\n"
                        "  double f64;\n} witc_val;\n\n");
    wit_buf_printf(x.c, "/* the compiled component (witc compile's glue.c) */\n"
                        "int witc_init(wrt_wasi *wasi, wrt_error *err);\nvoid witc_fini(void);\n\n"
                        "static int g_w2c_ready;\n\n"
                        "int %s_instance_init(%s_instance *inst, const wrt_wasi_config *cfg) {\n"
                        "  wrt_wasi_config none;\n  memset(&none, 0, sizeof none);\n"
                        "  memset(&inst->err, 0, sizeof inst->err);\n  inst->wasi = NULL;\n"
                        "  if (wrt_wasi_new(cfg ? cfg : &none, &inst->wasi, inst->err.message,\n"
                        "                   sizeof inst->err.message) != 0) {\n"
                        "    inst->err.kind = WRT_TRAP_HOST;\n    return -1;\n  }\n"
                        "  if (!g_w2c_ready) {\n    wrt_w2c_init();\n    g_w2c_ready = 1;\n  }\n"
                        "  return witc_init(inst->wasi, &inst->err) != 0 ? -1 : 0;\n}\n\n"
                        "void %s_instance_fini(%s_instance *inst) {\n  witc_fini();\n"
                        "  if (inst->wasi)\n    wrt_wasi_free(inst->wasi);\n  inst->wasi = NULL;\n}\n\n",
                   W, W, W, W);
    x.h = &hb;
    wit_buf_puts(x.h, "/* ---- exports: calls into the instance ---- */\n");
    for (uint32_t i = 0; i < w->nexports; i++) {
        const wit_world_item *it = &w->exports[i];
        if (it->kind == WIT_ITEM_FUNCTION) {
            if ((rc = emit_export(&x, it, &it->func)) < 0)
                goto done;
        } else if (it->kind == WIT_ITEM_INTERFACE) {
            const wit_iface *in = &r->ifaces[it->key.kind == WIT_KEY_INTERFACE ? it->key.iface : it->id];
            for (uint32_t j = 0; j < in->nfuncs; j++)
                if ((rc = emit_export(&x, it, &in->funcs[j])) < 0)
                    goto done;
        }
    }
    wit_buf_puts(x.h, "\n/* ---- imports: the embedder implements these ---- */\n");
    bool str_results = false; /* the string-lowering helper is needed */
    for (uint32_t i = 0; i < w->nimports; i++) {
        const wit_world_item *it = &w->imports[i];
        if (it->kind != WIT_ITEM_INTERFACE || is_wasi(&x, it))
            continue;
        const wit_iface *in = &r->ifaces[it->key.kind == WIT_KEY_INTERFACE ? it->key.iface : it->id];
        for (uint32_t j = 0; j < in->nfuncs; j++)
            str_results |= covered(&x, &in->funcs[j]) && in->funcs[j].has_result &&
                           is_seq(&x, in->funcs[j].result);
    }
    if (str_results)
        wit_buf_printf(x.c, "/* lowers a string (size 0) or a list of numbers the embedder returned */\n"
                            "struct %s_lower {\n  const wrt_cx *cx;\n  const void *data;\n"
                            "  size_t len;\n  uint32_t size;\n  uint32_t *p, *l;\n};\n"
                            "static void %s_lower_seq(void *arg) {\n  struct %s_lower *la = arg;\n"
                            "  if (la->size == 0) {\n"
                            "    wrt_lower_string(la->cx, la->data, la->len, la->p, la->l);\n"
                            "    return;\n  }\n"
                            "  if (la->len > WRT_MAX_BYTE_LENGTH / la->size)\n"
                            "    wrt_trap(WRT_TRAP_LENGTH, \"list of %%zu elements is too long\", la->len);\n"
                            "  *la->l = (uint32_t)la->len;\n"
                            "  *la->p = wrt_lower_bytes(la->cx, la->data, *la->l, la->size, la->size);\n"
                            "}\n\n", W, W, W);
    for (uint32_t i = 0; i < w->nimports; i++) {
        const wit_world_item *it = &w->imports[i];
        if (it->kind == WIT_ITEM_FUNCTION) {
            wit_buf_printf(x.h, "/* import `%s`: world-level function imports are not supported "
                                "by witc compile */\n", it->func.name);
            out->nskipped++;
        } else if (it->kind == WIT_ITEM_INTERFACE && !is_wasi(&x, it)) {
            const wit_iface *in = &r->ifaces[it->key.kind == WIT_KEY_INTERFACE ? it->key.iface : it->id];
            for (uint32_t j = 0; j < in->nfuncs; j++)
                if ((rc = emit_import(&x, it, &in->funcs[j])) < 0)
                    goto done;
        }
    }
    wit_buf_puts(x.h, "\n#ifdef __cplusplus\n}\n#endif\n#endif\n");
    if (x.types.len)
        wit_buf_append(&out->h, x.types.data, x.types.len);
    if (hb.len)
        wit_buf_append(&out->h, hb.data, hb.len);
    if (x.tfuncs.len)
        wit_buf_append(&out->c, x.tfuncs.data, x.tfuncs.len);
    if (hb.oom || x.types.oom || x.tfuncs.oom)
        rc = -2;
    if (out->h.oom || out->c.oom)
        rc = -2;
done:
    if (rc == -1 && err && errn)
        snprintf(err, errn, "cannot generate host stubs");
    wit_buf_free(&hb);
    wit_buf_free(&x.types);
    wit_buf_free(&x.tfuncs);
    wit_arena_free(x.a);
    return rc;
}

void gen_host_out_free(gen_host_out *out)
{
    wit_free(out->h_name);
    wit_free(out->c_name);
    wit_buf_free(&out->h);
    wit_buf_free(&out->c);
    memset(out, 0, sizeof *out);
}
