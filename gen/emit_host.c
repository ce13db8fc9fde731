/* emit_host.c — `witc host c`: typed host stubs for a C embedder of a world.
 *
 * W_host.h declares, with the guest bindings' C type conventions (gen/cnames.h: `W_string_t`,
 * `bool`, fixed-width integers, `P_name_t` structs for records, variants (`tag` + `val`),
 * options (`is_some` + `val`), results (`is_err` + `val.ok`/`val.err`), tuples (`f0`…),
 * lists (`ptr` + `len`), maps (`ptr` + `len` of `key`/`value` entries), fixed-size lists
 * (`elems[N]`), enums and flags as integers with SHOUTY case macros):
 * - W_instance (its own compiled component instance, struct witc_component, and the last trap
 *   of a call) with W_instance_init/_fini, any number per program, and W_current_instance()
 *   for import implementations (the instance whose W_call_…, W_instance_init or <r>_drop is
 *   running on this thread; kept in a thread-local, saved and restored around each entry, so
 *   nested calls into other instances and traps leave it right);
 * - per exported function `int W_call_<iface>_<func>(W_instance *, args…, R *ret)`: 0, or -1
 *   when the guest trapped or handed back an invalid value (inst->err says why). Arguments are
 *   the caller's (scalars by value, the rest by pointer, only read); *ret is zeroed, then filled
 *   with malloc'd memory the caller frees with the type's `_free` function (W_string_free,
 *   P_name_free, W_list_x_free), also after -1 (a partly lifted result is freed by the call);
 * - per imported function (interface or world level) the prototype the embedder implements:
 *   scalars (bool, numbers, char, enums, flags, handles) by value and returned by value; the rest
 *   passed by pointer and lent for the call (the glue frees the copies afterwards), and
 *   returned through a last `R *ret` argument (zeroed) which the embedder fills with malloc'd
 *   memory the glue frees (with the `_free` function) after lowering it.
 * W_host.c holds, per WIT type, static lift/lower functions between those C values and the
 * guest's linear memory (lo_/li_: in memory at an address; lof_/lif_: flat, every core value
 * kept as a uint64_t with the raw bits zero-extended, so the canonical ABI's variant joins are
 * the identity and only the core signature needs a conversion). Every load is checked through
 * libwitrt (bounds, alignment, UTF-8, char ranges, discriminants); strings and lists are
 * allocated in the guest with its realloc. Exports go through `witc compile`'s witc_raw_<name>
 * entries (lower the arguments, flat or spilled into a realloc'd block when more than 16 core
 * values; call; lift the result, flat or from the return area; post-return), imports through
 * the witc_import_<iface@version>__<func> (world-level: witc_import_<func>) hooks the glue calls
 * for each `canon lower`, named by gen_c_import_hook_symbol (arguments flat
 * or through the guest's pointer, the result flat or stored at the guest's return pointer;
 * lifting and lowering run in a nested guard so a trap frees what was allocated).
 * Resources: one the embedder implements (a resource of an imported interface) is a `void *rep`
 * of the embedder's inside its own/borrow types; the guest holds handles to it in the instance's
 * table (g_rt_<r>, whose destructor calls the embedder's <r>_destroy), its drops come through
 * the witc_import_<iface>__resource_drop_<r> hook, and borrows lent to an export live in a call
 * scope the guest must have emptied when it returns. One the guest implements (a resource of an
 * exported interface) is the guest's handle (`handle`); a borrow passed to the guest is lowered
 * as its rep, <r>_drop runs the guest's destructor.
 * Names: the guest bindings' (gen/cnames.c), seen from the side that uses them (hx.ex): the
 * exported copy of an interface has its own `exports_` types, free functions and case macros,
 * distinct from the imported copy's when a world imports and exports one interface, and its
 * resources are the guest's there while the imported copy's are the embedder's.
 * W_call_<iface>_<func> takes gen_cnames_export_short (package-qualified when two exports
 * share a short name), and `_2`, `_3`… when another export's name joins to the same one;
 * import hooks carry the whole interface name.
 * Not covered (listed in W_host.h; such an import's hook traps WRT_TRAP_HOST so the program
 * links): futures, streams, error-context, async functions. WASI imports
 * are libwitrt's (an embedder overrides one with the linker's --wrap, see the README). */
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
    wit_buf types;  /* W_host.h: type definitions and their _free prototypes */
    wit_buf tfuncs; /* W_host.c: _free definitions */
    wit_buf sdecl;  /* W_host.c: prototypes of the static lift/lower functions */
    wit_buf sfuncs; /* W_host.c: their definitions */
    wit_buf seen;   /* "\x01key\x01" for every type already defined */
    gen_host_out *out;
    /* Names and resources are seen from an export (true: a W_call_… and what it passes) or
     * from an import (false): the exported copy of an interface that is also imported has
     * its own C types (`exports_` prefix, as in the guest bindings) and, for resources, the
     * guest implements them there while the embedder implements the imported copy's. */
    bool ex;
    char msg[256];  /* why the world cannot be generated (rc -1) */
    bool oom;       /* an arena allocation failed: the output is incomplete */
} hx;

/* s, or "" after recording the failure when an arena allocation returned NULL. */
static const char *nn(hx *x, const char *s)
{
    if (s)
        return s;
    x->oom = true;
    return "";
}

/* arena printf that never yields NULL (records OOM instead) */
#define AP(...) nn(x, wit_arena_printf(x->a, __VA_ARGS__))

/* ---- types ---------------------------------------------------------------------------- */

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

/* Who implements a resource in the current context: 1 the embedder (the imported copy of a
 * non-WASI interface), 2 the guest (the exported copy), 0 neither (WASI's). */
static int res_kind(const hx *x, wit_id res)
{
    const wit_typedef *rt = &x->r->types[res];
    if (rt->owner.kind != WIT_OWNER_INTERFACE)
        return 0;
    const wit_iface *in = &x->r->ifaces[rt->owner.id];
    if (in->package != WIT_NONE && strcmp(x->r->packages[in->package].name.ns, "wasi") == 0)
        return 0;
    return gen_cnames_is_export_copy(&x->n, res, x->ex) ? 2 : 1;
}

/* True when the stubs can carry t. */
static bool supported(const hx *x, wit_type t)
{
    t = deref(x, t);
    if (t.prim == WIT_ERROR_CONTEXT)
        return false;
    if (t.prim != WIT_TYPE_ID)
        return true;
    const wit_typedef *td = &x->r->types[t.id];
    switch (td->kind) {
    case WIT_TD_RECORD:
        if (td->u.record.n == 0)
            return false;
        for (uint32_t i = 0; i < td->u.record.n; i++)
            if (!supported(x, td->u.record.fields[i].type))
                return false;
        return true;
    case WIT_TD_TUPLE:
        if (td->u.tuple.n == 0)
            return false;
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            if (!supported(x, td->u.tuple.types[i]))
                return false;
        return true;
    case WIT_TD_FLAGS:
        return td->u.variant.n > 0 && td->u.variant.n <= 32;
    case WIT_TD_ENUM:
        return td->u.variant.n > 0;
    case WIT_TD_VARIANT:
        for (uint32_t i = 0; i < td->u.variant.n; i++)
            if (td->u.variant.cases[i].has_type && !supported(x, td->u.variant.cases[i].type))
                return false;
        return td->u.variant.n > 0;
    case WIT_TD_OPTION:
    case WIT_TD_LIST:
        return supported(x, td->u.elem);
    case WIT_TD_MAP:
        return supported(x, td->u.map.key) && supported(x, td->u.map.value);
    case WIT_TD_FIXED_LIST:
        return td->u.fixed.len > 0 && supported(x, td->u.fixed.elem);
    case WIT_TD_RESULT:
        return (!td->u.result.has_ok || supported(x, td->u.result.ok)) &&
               (!td->u.result.has_err || supported(x, td->u.result.err));
    case WIT_TD_HANDLE:
        return res_kind(x, gen_cnames_handle_resource(&x->n, td)) != 0;
    default:
        return false;
    }
}

static bool is_async(const wit_func *f)
{
    return f->kind == WIT_FN_ASYNC_FREESTANDING || f->kind == WIT_FN_ASYNC_METHOD ||
           f->kind == WIT_FN_ASYNC_STATIC;
}

static bool func_supported(const hx *x, const wit_func *f)
{
    if (is_async(f))
        return false;
    for (uint32_t i = 0; i < f->nparams; i++)
        if (!supported(x, f->params[i].type))
            return false;
    return !f->has_result || supported(x, f->result);
}

/* Scalars travel by value: bool, numbers, char, enums, flags. */
static bool is_scalar(const hx *x, wit_type t)
{
    t = deref(x, t);
    if (t.prim != WIT_TYPE_ID)
        return t.prim != WIT_STRING;
    int k = (int)x->r->types[t.id].kind;
    return k == WIT_TD_ENUM || k == WIT_TD_FLAGS || k == WIT_TD_HANDLE;
}

static bool owns(const hx *x, wit_type t)
{
    return gen_abi_owns_memory(x->r, deref(x, t));
}

static bool seen_add(hx *x, const char *key)
{
    const char *k = AP("\x01%s\x01", key);
    if (!*k)
        return false;
    size_t kl = strlen(k);
    for (size_t i = 0; x->seen.data && i + kl <= x->seen.len; i++)
        if (memcmp(x->seen.data + i, k, kl) == 0)
            return false;
    wit_buf_puts(&x->seen, k);
    return true;
}

/* The C type of t (guest conventions). */
static const char *cty(hx *x, wit_type t)
{
    const char *nm = gen_cnames_type(&x->n, deref(x, t), x->ex);
    return nm ? nm : nn(x, NULL);
}

/* `P_name` of `P_name_t`. */
static const char *base_of(hx *x, const char *name)
{
    size_t n = strlen(name);
    return n > 2 ? nn(x, wit_arena_strndup(x->a, name, n - 2)) : name;
}

static const char *cident(hx *x, const char *s)
{
    return nn(x, gen_c_ident(x->a, s));
}

/* The name a type's static functions share: its base. */
static const char *fkey(hx *x, wit_type t)
{
    return base_of(x, cty(x, t));
}

static void need_type(hx *x, wit_type t);

/* ---- statement generators (host value <-> guest memory / flat slots) ---- */

static const char *ld_name(wit_prim p)
{
    switch (p) {
    case WIT_BOOL: case WIT_U8: return "u8";
    case WIT_S8: return "i8";
    case WIT_U16: return "u16";
    case WIT_S16: return "i16";
    case WIT_S32: return "i32";
    case WIT_U64: return "u64";
    case WIT_S64: return "i64";
    case WIT_F32: return "f32";
    case WIT_F64: return "f64";
    default: return "u32";
    }
}

/* guest memory at `addr` <- host value `v` (an lvalue) of t */
static void g_store(hx *x, wit_buf *b, wit_type t, const char *v, const char *addr)
{
    t = deref(x, t);
    switch (t.prim) {
    case WIT_TYPE_ID:
        need_type(x, t);
        wit_buf_printf(b, "  lo_%s(cx, &(%s), %s);\n", fkey(x, t), v, addr);
        return;
    case WIT_STRING:
        wit_buf_printf(b, "  {\n    uint32_t p_, l_;\n    wrt_lower_string(cx, (const char *)(%s).ptr, "
                          "(%s).len, &p_, &l_);\n    wrt_store_u32(cx->mem, %s, p_);\n"
                          "    wrt_store_u32(cx->mem, (%s) + 4, l_);\n  }\n", v, v, addr, addr);
        return;
    case WIT_BOOL:
        wit_buf_printf(b, "  wrt_store_u8(cx->mem, %s, (%s) ? 1 : 0);\n", addr, v);
        return;
    case WIT_CHAR:
        wit_buf_printf(b, "  wrt_store_u32(cx->mem, %s, wrt_lift_char(%s));\n", addr, v);
        return;
    case WIT_F32: case WIT_F64:
        wit_buf_printf(b, "  wrt_store_%s(cx->mem, %s, %s);\n", ld_name(t.prim), addr, v);
        return;
    default: {
        const char *ld = ld_name(t.prim);
        const char *ct = ld[0] == 'i' ? (ld[1] == '8' ? "int8_t" : ld[1] == '1' ? "int16_t" : ld[1] == '3' ? "int32_t" : "int64_t")
                                      : (ld[1] == '8' ? "uint8_t" : ld[1] == '1' ? "uint16_t" : ld[1] == '3' ? "uint32_t" : "uint64_t");
        wit_buf_printf(b, "  wrt_store_%s(cx->mem, %s, (%s)(%s));\n", ld, addr, ct, v);
        return;
    }
    }
}

/* host lvalue `dst` of t <- guest memory at `addr` (checked; strings and lists copied into
 * malloc'd memory; dst starts zeroed and stays freeable when a trap interrupts) */
static void g_load(hx *x, wit_buf *b, wit_type t, const char *dst, const char *addr)
{
    t = deref(x, t);
    switch (t.prim) {
    case WIT_TYPE_ID:
        need_type(x, t);
        wit_buf_printf(b, "  li_%s(cx, %s, &(%s));\n", fkey(x, t), addr, dst);
        return;
    case WIT_STRING:
        wit_buf_printf(b, "  wh_lift_str(cx, wrt_load_u32(cx->mem, %s), wrt_load_u32(cx->mem, (%s) + 4), "
                          "&(%s));\n", addr, addr, dst);
        return;
    case WIT_BOOL:
        wit_buf_printf(b, "  %s = wrt_load_u8(cx->mem, %s) != 0;\n", dst, addr);
        return;
    case WIT_CHAR:
        wit_buf_printf(b, "  %s = wrt_lift_char(wrt_load_u32(cx->mem, %s));\n", dst, addr);
        return;
    case WIT_F32: case WIT_F64:
        wit_buf_printf(b, "  %s = wrt_lift_%s(wrt_load_%s(cx->mem, %s));\n", dst, ld_name(t.prim),
                       ld_name(t.prim), addr);
        return;
    default:
        wit_buf_printf(b, "  %s = (%s)wrt_load_%s(cx->mem, %s);\n", dst, cty(x, t), ld_name(t.prim), addr);
        return;
    }
}

/* flat slots f[0…] (a `uint64_t *` expression) <- host value `v` of t */
static void g_lowerf(hx *x, wit_buf *b, wit_type t, const char *v, const char *f)
{
    t = deref(x, t);
    switch (t.prim) {
    case WIT_TYPE_ID:
        need_type(x, t);
        wit_buf_printf(b, "  lof_%s(cx, &(%s), %s);\n", fkey(x, t), v, f);
        return;
    case WIT_STRING:
        wit_buf_printf(b, "  {\n    uint32_t p_, l_;\n    wrt_lower_string(cx, (const char *)(%s).ptr, "
                          "(%s).len, &p_, &l_);\n    (%s)[0] = p_;\n    (%s)[1] = l_;\n  }\n",
                       v, v, f, f);
        return;
    case WIT_BOOL:
        wit_buf_printf(b, "  (%s)[0] = (%s) ? 1u : 0u;\n", f, v);
        return;
    case WIT_CHAR:
        wit_buf_printf(b, "  (%s)[0] = wrt_lift_char(%s);\n", f, v);
        return;
    case WIT_F32:
        wit_buf_printf(b, "  (%s)[0] = wh_f32_bits(%s);\n", f, v);
        return;
    case WIT_F64:
        wit_buf_printf(b, "  (%s)[0] = wh_f64_bits(%s);\n", f, v);
        return;
    case WIT_U64: case WIT_S64:
        wit_buf_printf(b, "  (%s)[0] = (uint64_t)(%s);\n", f, v);
        return;
    case WIT_S8: case WIT_S16: case WIT_S32:
        wit_buf_printf(b, "  (%s)[0] = (uint64_t)(uint32_t)(int32_t)(%s);\n", f, v);
        return;
    default:
        wit_buf_printf(b, "  (%s)[0] = (uint32_t)(%s);\n", f, v);
        return;
    }
}

/* host lvalue `dst` of t <- flat slots f[0…] (checked) */
static void g_liftf(hx *x, wit_buf *b, wit_type t, const char *dst, const char *f)
{
    t = deref(x, t);
    switch (t.prim) {
    case WIT_TYPE_ID:
        need_type(x, t);
        wit_buf_printf(b, "  lif_%s(cx, %s, &(%s));\n", fkey(x, t), f, dst);
        return;
    case WIT_STRING:
        wit_buf_printf(b, "  wh_lift_str(cx, (uint32_t)(%s)[0], (uint32_t)(%s)[1], &(%s));\n", f, f, dst);
        return;
    case WIT_BOOL:
        wit_buf_printf(b, "  %s = (uint32_t)(%s)[0] != 0;\n", dst, f);
        return;
    case WIT_CHAR:
        wit_buf_printf(b, "  %s = wrt_lift_char((uint32_t)(%s)[0]);\n", dst, f);
        return;
    case WIT_F32:
        wit_buf_printf(b, "  %s = wrt_lift_f32(wh_bits_f32((uint32_t)(%s)[0]));\n", dst, f);
        return;
    case WIT_F64:
        wit_buf_printf(b, "  %s = wrt_lift_f64(wh_bits_f64((%s)[0]));\n", dst, f);
        return;
    case WIT_U64: case WIT_S64:
        wit_buf_printf(b, "  %s = (%s)(%s)[0];\n", dst, cty(x, t), f);
        return;
    default:
        wit_buf_printf(b, "  %s = (%s)(uint32_t)(%s)[0];\n", dst, cty(x, t), f);
        return;
    }
}

/* frees what host lvalue `v` of t owns */
static void g_free(hx *x, wit_buf *b, wit_type t, const char *v)
{
    t = deref(x, t);
    if (!owns(x, t))
        return;
    if (t.prim == WIT_STRING)
        wit_buf_printf(b, "  free((%s).ptr);\n", v);
    else {
        need_type(x, t);
        wit_buf_printf(b, "  %s_free(&(%s));\n", fkey(x, t), v);
    }
}

/* A flat slot's value as core type c, and back. */
static const char *slot_to_core(hx *x, gen_core c, const char *s)
{
    switch (c) {
    case GEN_I64: return s;
    case GEN_F32: return AP("wh_bits_f32((uint32_t)%s)", s);
    case GEN_F64: return AP("wh_bits_f64(%s)", s);
    default: return AP("(uint32_t)%s", s);
    }
}

static const char *core_to_slot(hx *x, gen_core c, const char *v)
{
    switch (c) {
    case GEN_I64: return v;
    case GEN_F32: return AP("wh_f32_bits(%s)", v);
    case GEN_F64: return AP("wh_f64_bits(%s)", v);
    default: return AP("(uint64_t)%s", v);
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

static const char *core_field(gen_core c)
{
    return c == GEN_I64 ? "i64" : c == GEN_F32 ? "f32" : c == GEN_F64 ? "f64" : "i32";
}

static uint32_t nflat(hx *x, wit_type t)
{
    return gen_abi_flat_count(x->r, deref(x, t), 1u << 20);
}

/* ---- per-type definitions ------------------------------------------------------------ */

/* Variant-like access: the case index of *v, setting it, and case i's payload. */
static const char *tag_get(hx *x, const wit_typedef *td, const char *v)
{
    switch (td->kind) {
    case WIT_TD_OPTION: return AP("(%s->is_some ? 1u : 0u)", v);
    case WIT_TD_RESULT: return AP("(%s->is_err ? 1u : 0u)", v);
    case WIT_TD_ENUM: return AP("(uint32_t)*%s", v);
    default: return AP("(uint32_t)%s->tag", v);
    }
}

static void tag_set(hx *x, wit_buf *b, const wit_typedef *td, const char *ty, const char *v)
{
    switch (td->kind) {
    case WIT_TD_OPTION: wit_buf_printf(b, "  %s->is_some = d != 0;\n", v); break;
    case WIT_TD_RESULT: wit_buf_printf(b, "  %s->is_err = d != 0;\n", v); break;
    case WIT_TD_ENUM: wit_buf_printf(b, "  *%s = (%s)d;\n", v, ty); break;
    default: wit_buf_printf(b, "  %s->tag = (%s)d;\n", v, gen_abi_disc_size(td->u.variant.n) == 1
                                                              ? "uint8_t" : gen_abi_disc_size(td->u.variant.n) == 2
                                                              ? "uint16_t" : "uint32_t"); break;
    }
    (void)x;
}

static const char *payload(hx *x, const wit_typedef *td, uint32_t i, const char *v)
{
    switch (td->kind) {
    case WIT_TD_OPTION: return AP("%s->val", v);
    case WIT_TD_RESULT: return AP("%s->val.%s", v, i == 0 ? "ok" : "err");
    default: return AP("%s->val.%s", v, cident(x, td->u.variant.cases[i].name));
    }
}

static const char *disc_name(uint32_t n)
{
    uint32_t d = gen_abi_disc_size(n);
    return d == 1 ? "u8" : d == 2 ? "u16" : "u32";
}

static const char *disc_ctype(uint32_t n)
{
    uint32_t d = gen_abi_disc_size(n);
    return d == 1 ? "uint8_t" : d == 2 ? "uint16_t" : "uint32_t";
}

static bool bytecopy(const hx *x, wit_type e)
{
    e = deref(x, e);
    return e.prim >= WIT_U8 && e.prim <= WIT_F64;
}

/* field i of a record or tuple: its type and C member */
static wit_type field_t(const wit_typedef *td, uint32_t i)
{
    return td->kind == WIT_TD_RECORD ? td->u.record.fields[i].type : td->u.tuple.types[i];
}

static const char *field_m(hx *x, const wit_typedef *td, uint32_t i)
{
    return td->kind == WIT_TD_RECORD ? cident(x, td->u.record.fields[i].name)
                                     : AP("f%u", i);
}

static void case_defines(hx *x, const char *base, const wit_typedef *td, bool flags)
{
    const char *up = nn(x, gen_c_shouty(x->a, base));
    for (uint32_t i = 0; i < td->u.variant.n; i++) {
        const char *cn = nn(x, gen_c_shouty(x->a, td->u.variant.cases[i].name));
        if (flags)
            wit_buf_printf(&x->types, "#define %s_%s (UINT%u_C(1) << %u)\n", up, cn,
                           td->u.variant.n <= 8 ? 8u : td->u.variant.n <= 16 ? 16u : 32u, i);
        else
            wit_buf_printf(&x->types, "#define %s_%s %u\n", up, cn, i);
    }
}

static void sfunc_open(hx *x, const char *proto)
{
    wit_buf_printf(&x->sdecl, "static WH_UNUSED %s;\n", proto);
    wit_buf_printf(&x->sfuncs, "static %s {\n  (void)cx;\n", proto);
}

/* The name of an interface in the component: its world key, or `ns:pkg/iface@version`. */
static void iface_path_id(hx *x, wit_id iid, wit_buf *b)
{
    const char *key = gen_cnames_key_name(&x->n, iid);
    if (key) {
        wit_buf_puts(b, key);
        return;
    }
    const wit_iface *in = &x->r->ifaces[iid];
    const wit_package *p = &x->r->packages[in->package];
    wit_buf_printf(b, "%s:%s/%s", p->name.ns, p->name.name, in->name);
    if (p->name.version)
        wit_buf_printf(b, "@%s", p->name.version);
}

/* own<r> / borrow<r>: the C type, the resource's declarations once, and the functions that
 * turn a handle into a core i32 and back. Embedder resources: the value is the embedder's rep
 * and the guest gets handles in the instance's table (g_rt_<r>, whose destructor calls
 * <r>_destroy). Guest resources: the value is the guest's handle; a borrow lowered into the
 * guest is its rep (the guest implements the resource), an own handle is passed as it is. */
static void need_handle(hx *x, const wit_typedef *td, const char *T, const char *K)
{
    wit_id res = gen_cnames_handle_resource(&x->n, td);
    int kind = res_kind(x, res);
    bool borrow = td->u.handle.borrow;
    const wit_typedef *rt = &x->r->types[res];
    const char *rp = gen_cnames_resource_prefix(&x->n, res, x->ex);
    const char *rname = rt->name ? rt->name : "resource";
    wit_buf *b = &x->sfuncs;
    if (!rp) {
        x->oom = true;
        return;
    }
    if (seen_add(x, AP("resource %s", rp))) {
        wit_buf path = WIT_BUF_INIT;
        iface_path_id(x, rt->owner.id, &path);
        wit_buf_putc(&path, 0);
        if (kind == 1) {
            wit_buf_printf(&x->types,
                           "/* resource `%s#%s`, implemented by the embedder: each %s is a pointer of the\n"
                           " * embedder's (its rep; own and borrow types hold it as `rep`), which the guest\n"
                           " * holds through handles in the instance's table. %s_destroy(rep) runs when the\n"
                           " * guest drops its own handle, and at %s_instance_fini for handles still alive.\n"
                           " * An own<%s> the embedder passes to the guest (an import's result, an export's\n"
                           " * argument) becomes the guest's; one the guest passes to the embedder (an\n"
                           " * import's argument, an export's result) is the embedder's again: no destroy call\n"
                           " * follows for it. One lent to an export (a borrow argument) must be dropped by the\n"
                           " * guest before the export returns. */\n"
                           "extern void %s_destroy(void *rep);\n\n",
                           path.data, rname, rname, rp, x->W, rname, rp);
            wit_buf_printf(&x->sdecl, "static void rt_%s_dtor(void *ctx, uintptr_t rep) {\n  (void)ctx;\n"
                                      "  %s_destroy((void *)rep);\n}\n"
                                      "static const wrt_rtype g_rt_%s = {\"%s\", rt_%s_dtor, NULL, 1};\n",
                           rp, rp, rp, rname, rp);
            wit_buf hook = WIT_BUF_INIT;
            gen_c_import_hook_symbol(&hook, path.data, AP("[resource-drop]%s", rname));
            wit_buf_printf(b, "/* the guest dropped a handle to a `%s` */\n"
                              "void %.*s(wrt_cx *cx, uint32_t a0);\nvoid %.*s(wrt_cx *cx, uint32_t a0) {\n"
                              "  wrt_handle_drop(&cx->inst->handles, &g_rt_%s, a0);\n}\n\n",
                           rname, (int)hook.len, hook.data, (int)hook.len, hook.data, rp);
            wit_buf_free(&hook);
        } else {
            wit_buf_printf(&x->types,
                           "/* resource `%s#%s`, implemented by the guest: the host holds the guest's\n"
                           " * handles (own and borrow types hold it as `handle`); where a borrow is\n"
                           " * expected, pass (borrow type){own.handle}. %s_drop drops an own handle (the\n"
                           " * guest's destructor runs): 0, or -1 when the guest trapped (inst->err). An own\n"
                           " * handle passed to the guest is the guest's again (do not drop it). No check that\n"
                           " * a handle is of this resource type (only that it is the guest's). */\n",
                           path.data, rname, rp);
        }
        wit_buf_free(&path);
    }
    wit_buf_printf(&x->types, "typedef struct %s {\n  %s;\n} %s;\n", T, kind == 1 ? "void *rep" : "uint32_t handle", T);
    if (kind == 2 && !borrow) {
        wit_buf_printf(&x->types, "int %s_drop(%s_instance *inst, %s h);\n", rp, x->W, T);
        wit_buf_printf(&x->tfuncs, "int %s_drop(%s_instance *inst, %s h) {\n"
                                   "  if (!inst->comp)\n    return wh_no_instance(&inst->err);\n"
                                   "  wh_drop d = {&witc_instance(inst->comp)->handles, h.handle};\n"
                                   "  %s_instance *prev = wh_current;\n  wh_current = inst;\n"
                                   "  int rc = wrt_w2c_enter(witc_instance(inst->comp), wh_drop_guest, &d, &inst->err);\n"
                                   "  wh_current = prev;\n  return rc != 0 ? -1 : 0;\n}\n\n",
                       rp, x->W, T, x->W);
    }
    wit_buf_puts(&x->types, "\n");
    const char *lower, *lift; /* formats: %s = the T lvalue; %s = the core i32 */
    if (kind == 1) {
        lower = AP("wrt_handle_new_%s(&cx->inst->handles, &g_rt_%s, (uintptr_t)(%%s).rep)",
                                 borrow ? "borrow" : "own", rp);
        lift = AP("rep = (void *)wrt_handle_%s(&cx->inst->handles, &g_rt_%s, %%s)",
                                borrow ? "rep" : "take_own", rp);
    } else {
        lower = borrow ? "(uint32_t)wh_guest_rep(cx, (%s).handle)" : "(%s).handle";
        lift = borrow ? "handle = %s" : "handle = wh_guest_own(cx, %s)";
    }
    const char *lo_e = strstr(lower, "%s") ? AP(lower, "*v") : lower;
    sfunc_open(x, AP("void lo_%s(wrt_cx *cx, const %s *v, uint32_t addr)", K, T));
    wit_buf_printf(b, "  (void)v;\n  wrt_store_u32(cx->mem, addr, %s);\n}\n\n", lo_e);
    sfunc_open(x, AP("void li_%s(wrt_cx *cx, uint32_t addr, %s *out)", K, T));
    wit_buf_printf(b, "  out->%s;\n}\n\n", AP(lift, "wrt_load_u32(cx->mem, addr)"));
    sfunc_open(x, AP("void lof_%s(wrt_cx *cx, const %s *v, uint64_t *f)", K, T));
    wit_buf_printf(b, "  (void)v;\n  f[0] = %s;\n}\n\n", lo_e);
    sfunc_open(x, AP("void lif_%s(wrt_cx *cx, const uint64_t *f, %s *out)", K, T));
    wit_buf_printf(b, "  out->%s;\n}\n\n", AP(lift, "(uint32_t)f[0]"));
}

static void need_type1(hx *x, wit_type t);

/* Defines t (a type id, dealiased) once: its C type in W_host.h, its _free function when it
 * owns memory, and its lo_/li_/lof_/lif_ functions in W_host.c. The exported copy of a type
 * is a type of its own, whose parts are seen from the export side too. */
static void need_type(hx *x, wit_type t)
{
    t = deref(x, t);
    if (t.prim != WIT_TYPE_ID)
        return;
    bool saved = x->ex;
    x->ex = gen_cnames_is_export_copy(&x->n, t.id, x->ex);
    need_type1(x, t);
    x->ex = saved;
}

static void need_type1(hx *x, wit_type t)
{
    t = deref(x, t);
    if (t.prim != WIT_TYPE_ID)
        return;
    const wit_typedef *td = &x->r->types[t.id];
    const char *T = cty(x, t), *K = base_of(x, T);
    if (!seen_add(x, T))
        return;
    /* anonymous parts of a named type are named after its interface, as the guest does */
    wit_id saved_iface = x->n.cur_iface;
    if (td->name && td->owner.kind == WIT_OWNER_INTERFACE)
        x->n.cur_iface = td->owner.id;
    wit_buf *ty = &x->types;
    wit_buf *b = &x->sfuncs;
    uint32_t size = gen_abi_size(x->r, t), align = gen_abi_align(x->r, t);
    (void)align;
    /* the parts first */
    uint32_t nc = gen_abi_ncases(x->r, td);
    if (td->kind == WIT_TD_RECORD || td->kind == WIT_TD_TUPLE) {
        uint32_t n = td->kind == WIT_TD_RECORD ? td->u.record.n : td->u.tuple.n;
        for (uint32_t i = 0; i < n; i++)
            need_type(x, field_t(td, i));
    } else if (td->kind == WIT_TD_LIST) {
        need_type(x, td->u.elem);
    } else if (td->kind == WIT_TD_MAP) {
        need_type(x, td->u.map.key);
        need_type(x, td->u.map.value);
    } else if (td->kind == WIT_TD_FIXED_LIST) {
        need_type(x, td->u.fixed.elem);
    } else if (nc) {
        for (uint32_t i = 0; i < nc; i++) {
            bool has;
            wit_type ct;
            gen_abi_case(x->r, td, i, &has, &ct);
            if (has)
                need_type(x, ct);
        }
    }
    /* the C type */
    switch (td->kind) {
    case WIT_TD_RECORD:
    case WIT_TD_TUPLE: {
        uint32_t n = td->kind == WIT_TD_RECORD ? td->u.record.n : td->u.tuple.n;
        wit_buf_printf(ty, "typedef struct %s {\n", T);
        for (uint32_t i = 0; i < n; i++)
            wit_buf_printf(ty, "  %s %s;\n", cty(x, field_t(td, i)), field_m(x, td, i));
        wit_buf_printf(ty, "} %s;\n\n", T);
        break;
    }
    case WIT_TD_FLAGS:
        wit_buf_printf(ty, "typedef %s %s;\n", td->u.variant.n <= 8 ? "uint8_t" : td->u.variant.n <= 16
                                                  ? "uint16_t" : "uint32_t", T);
        case_defines(x, K, td, true);
        wit_buf_puts(ty, "\n");
        break;
    case WIT_TD_ENUM:
        wit_buf_printf(ty, "typedef %s %s;\n", disc_ctype(td->u.variant.n), T);
        case_defines(x, K, td, false);
        wit_buf_puts(ty, "\n");
        break;
    case WIT_TD_VARIANT: {
        bool any = false;
        for (uint32_t i = 0; i < td->u.variant.n; i++)
            any |= td->u.variant.cases[i].has_type;
        wit_buf_printf(ty, "typedef struct %s {\n  %s tag;\n", T, disc_ctype(td->u.variant.n));
        if (any) {
            wit_buf_puts(ty, "  union {\n");
            for (uint32_t i = 0; i < td->u.variant.n; i++)
                if (td->u.variant.cases[i].has_type)
                    wit_buf_printf(ty, "    %s %s;\n", cty(x, td->u.variant.cases[i].type),
                                   cident(x, td->u.variant.cases[i].name));
            wit_buf_puts(ty, "  } val;\n");
        }
        wit_buf_printf(ty, "} %s;\n", T);
        case_defines(x, K, td, false);
        wit_buf_puts(ty, "\n");
        break;
    }
    case WIT_TD_OPTION:
        wit_buf_printf(ty, "typedef struct %s {\n  bool is_some;\n  %s val;\n} %s;\n\n", T,
                       cty(x, td->u.elem), T);
        break;
    case WIT_TD_RESULT:
        wit_buf_printf(ty, "typedef struct %s {\n  bool is_err;\n", T);
        if (td->u.result.has_ok || td->u.result.has_err) {
            wit_buf_puts(ty, "  union {\n");
            if (td->u.result.has_ok)
                wit_buf_printf(ty, "    %s ok;\n", cty(x, td->u.result.ok));
            if (td->u.result.has_err)
                wit_buf_printf(ty, "    %s err;\n", cty(x, td->u.result.err));
            wit_buf_puts(ty, "  } val;\n");
        }
        wit_buf_printf(ty, "} %s;\n\n", T);
        break;
    case WIT_TD_LIST:
        wit_buf_printf(ty, "typedef struct %s {\n  %s *ptr;\n  size_t len;\n} %s;\n\n", T,
                       cty(x, td->u.elem), T);
        break;
    case WIT_TD_MAP:
        wit_buf_printf(ty, "typedef struct %s_entry_t {\n  %s key;\n  %s value;\n} %s_entry_t;\n\n"
                           "typedef struct %s {\n  %s_entry_t *ptr;\n  size_t len;\n} %s;\n\n",
                       K, cty(x, td->u.map.key), cty(x, td->u.map.value), K, T, K, T);
        break;
    case WIT_TD_FIXED_LIST:
        wit_buf_printf(ty, "typedef struct %s {\n  %s elems[%u];\n} %s;\n\n", T,
                       cty(x, td->u.fixed.elem), td->u.fixed.len, T);
        break;
    case WIT_TD_HANDLE:
        need_handle(x, td, T, K);
        x->n.cur_iface = saved_iface;
        return;
    default:
        x->n.cur_iface = saved_iface;
        return;
    }
    /* _free */
    if (owns(x, t)) {
        wit_buf_printf(ty, "/* Frees what *ptr owns (malloc'd strings and lists, at any depth) and "
                           "zeroes it. */\nvoid %s_free(%s *ptr);\n\n", K, T);
        wit_buf fb = WIT_BUF_INIT;
        wit_buf_printf(&fb, "void %s_free(%s *ptr) {\n", K, T);
        if (td->kind == WIT_TD_RECORD || td->kind == WIT_TD_TUPLE) {
            uint32_t n = td->kind == WIT_TD_RECORD ? td->u.record.n : td->u.tuple.n;
            for (uint32_t i = 0; i < n; i++)
                g_free(x, &fb, field_t(td, i), AP("ptr->%s", field_m(x, td, i)));
        } else if (td->kind == WIT_TD_LIST) {
            if (owns(x, td->u.elem)) {
                wit_buf_puts(&fb, "  for (size_t i = 0; ptr->ptr && i < ptr->len; i++) {\n");
                g_free(x, &fb, td->u.elem, "ptr->ptr[i]");
                wit_buf_puts(&fb, "  }\n");
            }
            wit_buf_puts(&fb, "  free(ptr->ptr);\n");
        } else if (td->kind == WIT_TD_MAP) {
            wit_buf_puts(&fb, "  for (size_t i = 0; ptr->ptr && i < ptr->len; i++) {\n");
            g_free(x, &fb, td->u.map.key, "ptr->ptr[i].key");
            g_free(x, &fb, td->u.map.value, "ptr->ptr[i].value");
            wit_buf_puts(&fb, "  }\n  free(ptr->ptr);\n");
        } else if (td->kind == WIT_TD_FIXED_LIST) {
            wit_buf_printf(&fb, "  for (size_t i = 0; i < %u; i++) {\n", td->u.fixed.len);
            g_free(x, &fb, td->u.fixed.elem, "ptr->elems[i]");
            wit_buf_puts(&fb, "  }\n");
        } else if (nc) {
            wit_buf_printf(&fb, "  switch (%s) {\n", tag_get(x, td, "ptr"));
            for (uint32_t i = 0; i < nc; i++) {
                bool has;
                wit_type ct;
                gen_abi_case(x->r, td, i, &has, &ct);
                if (has && owns(x, ct)) {
                    wit_buf_printf(&fb, "  case %u:\n", i);
                    g_free(x, &fb, ct, payload(x, td, i, "ptr"));
                    wit_buf_puts(&fb, "    break;\n");
                }
            }
            wit_buf_puts(&fb, "  default:\n    break;\n  }\n");
        }
        wit_buf_puts(&fb, "  memset(ptr, 0, sizeof *ptr);\n}\n\n");
        if (fb.len)
            wit_buf_append(&x->tfuncs, fb.data, fb.len);
        wit_buf_free(&fb);
    }
    /* lift and lower */
    const char *plo = AP("void lo_%s(wrt_cx *cx, const %s *v, uint32_t addr)", K, T);
    const char *pli = AP("void li_%s(wrt_cx *cx, uint32_t addr, %s *out)", K, T);
    const char *plof = AP("void lof_%s(wrt_cx *cx, const %s *v, uint64_t *f)", K, T);
    const char *plif = AP("void lif_%s(wrt_cx *cx, const uint64_t *f, %s *out)", K, T);
    if (td->kind == WIT_TD_RECORD || td->kind == WIT_TD_TUPLE) {
        uint32_t n = td->kind == WIT_TD_RECORD ? td->u.record.n : td->u.tuple.n;
        sfunc_open(x, plo);
        for (uint32_t i = 0; i < n; i++)
            g_store(x, b, field_t(td, i), AP("v->%s", field_m(x, td, i)),
                    AP("addr + %u", gen_abi_field_offset(x->r, td, i)));
        wit_buf_puts(b, "}\n\n");
        sfunc_open(x, pli);
        for (uint32_t i = 0; i < n; i++)
            g_load(x, b, field_t(td, i), AP("out->%s", field_m(x, td, i)),
                   AP("addr + %u", gen_abi_field_offset(x->r, td, i)));
        wit_buf_puts(b, "}\n\n");
        sfunc_open(x, plof);
        for (uint32_t i = 0, s = 0; i < n; s += nflat(x, field_t(td, i)), i++)
            g_lowerf(x, b, field_t(td, i), AP("v->%s", field_m(x, td, i)),
                     AP("f + %u", s));
        wit_buf_puts(b, "}\n\n");
        sfunc_open(x, plif);
        for (uint32_t i = 0, s = 0; i < n; s += nflat(x, field_t(td, i)), i++)
            g_liftf(x, b, field_t(td, i), AP("out->%s", field_m(x, td, i)),
                    AP("f + %u", s));
        wit_buf_puts(b, "}\n\n");
    } else if (td->kind == WIT_TD_FLAGS) {
        uint32_t n = td->u.variant.n;
        const char *mask = n == 32 ? "0xffffffffu" : AP("0x%xu", (1u << n) - 1);
        const char *ld = n <= 8 ? "u8" : n <= 16 ? "u16" : "u32";
        sfunc_open(x, plo);
        wit_buf_printf(b, "  wrt_store_%s(cx->mem, addr, (%s)(*v & %s));\n}\n\n", ld, T, mask);
        sfunc_open(x, pli);
        wit_buf_printf(b, "  *out = (%s)(wrt_load_%s(cx->mem, addr) & %s);\n}\n\n", T, ld, mask);
        sfunc_open(x, plof);
        wit_buf_printf(b, "  (void)cx;\n  f[0] = (uint32_t)*v & %s;\n}\n\n", mask);
        sfunc_open(x, plif);
        wit_buf_printf(b, "  (void)cx;\n  *out = (%s)((uint32_t)f[0] & %s);\n}\n\n", T, mask);
    } else if (td->kind == WIT_TD_LIST || td->kind == WIT_TD_MAP) {
        /* a map is a list of (key, value) records */
        bool map = td->kind == WIT_TD_MAP;
        wit_type e = deref(x, map ? td->u.map.key : td->u.elem);
        uint32_t es = gen_abi_size(x->r, e), ea = gen_abi_align(x->r, e), voff = 0;
        wit_type mv = map ? deref(x, td->u.map.value) : e;
        if (map) {
            uint32_t va = gen_abi_align(x->r, mv);
            voff = gen_abi_align_to(es, va);
            ea = ea > va ? ea : va;
            es = gen_abi_align_to(voff + gen_abi_size(x->r, mv), ea);
        }
        const char *plol = AP("void lol_%s(wrt_cx *cx, const %s *v, uint32_t *pp, uint32_t *pn)", K, T);
        const char *plil = AP("void lil_%s(wrt_cx *cx, uint32_t p, uint32_t n, %s *out)", K, T);
        sfunc_open(x, plol);
        wit_buf_printf(b, "  if (v->len > WRT_MAX_BYTE_LENGTH / %u)\n"
                          "    wrt_trap(WRT_TRAP_LENGTH, \"list of %%zu elements is too long\", v->len);\n"
                          "  uint32_t n = (uint32_t)v->len;\n", es);
        if (!map && bytecopy(x, e)) {
            wit_buf_printf(b, "  uint32_t p = wrt_lower_bytes(cx, v->ptr, n, %u, %u);\n", es, ea);
        } else {
            wit_buf_printf(b, "  uint32_t p = wrt_alloc_list(cx, n, %u, %u);\n"
                              "  for (uint32_t i = 0; i < n; i++) {\n", es, ea);
            g_store(x, b, e, map ? "v->ptr[i].key" : "v->ptr[i]", AP("p + i * %u", es));
            if (map)
                g_store(x, b, mv, "v->ptr[i].value", AP("p + i * %u + %u", es, voff));
            wit_buf_puts(b, "  }\n");
        }
        wit_buf_puts(b, "  *pp = p;\n  *pn = n;\n}\n\n");
        sfunc_open(x, plil);
        wit_buf_printf(b, "  const uint8_t *src = wrt_lift_list(cx->mem, p, n, %u, %u);\n"
                          "  out->ptr = calloc(n ? n : 1, sizeof *out->ptr);\n"
                          "  if (!out->ptr)\n    wrt_trap(WRT_TRAP_RESOURCE_LIMIT, \"out of memory\");\n"
                          "  out->len = n;\n", es, ea);
        if (!map && bytecopy(x, e)) {
            wit_buf_printf(b, "  memcpy(out->ptr, src, (size_t)n * %u);\n", es);
        } else {
            wit_buf_puts(b, "  (void)src;\n  for (uint32_t i = 0; i < n; i++) {\n");
            g_load(x, b, e, map ? "out->ptr[i].key" : "out->ptr[i]", AP("p + i * %u", es));
            if (map)
                g_load(x, b, mv, "out->ptr[i].value", AP("p + i * %u + %u", es, voff));
            wit_buf_puts(b, "  }\n");
        }
        wit_buf_puts(b, "}\n\n");
        sfunc_open(x, plo);
        wit_buf_printf(b, "  uint32_t p, n;\n  lol_%s(cx, v, &p, &n);\n  wrt_store_u32(cx->mem, addr, p);\n"
                          "  wrt_store_u32(cx->mem, addr + 4, n);\n}\n\n", K);
        sfunc_open(x, pli);
        wit_buf_printf(b, "  lil_%s(cx, wrt_load_u32(cx->mem, addr), wrt_load_u32(cx->mem, addr + 4), out);\n}\n\n", K);
        sfunc_open(x, plof);
        wit_buf_printf(b, "  uint32_t p, n;\n  lol_%s(cx, v, &p, &n);\n  f[0] = p;\n  f[1] = n;\n}\n\n", K);
        sfunc_open(x, plif);
        wit_buf_printf(b, "  lil_%s(cx, (uint32_t)f[0], (uint32_t)f[1], out);\n}\n\n", K);
    } else if (td->kind == WIT_TD_FIXED_LIST) {
        wit_type e = deref(x, td->u.fixed.elem);
        uint32_t n = td->u.fixed.len, es = gen_abi_size(x->r, e), nf = nflat(x, e);
        const char *loop = AP("  for (uint32_t i = 0; i < %u; i++) {\n", n);
        sfunc_open(x, plo);
        wit_buf_puts(b, loop);
        g_store(x, b, e, "v->elems[i]", AP("addr + i * %u", es));
        wit_buf_puts(b, "  }\n}\n\n");
        sfunc_open(x, pli);
        wit_buf_puts(b, loop);
        g_load(x, b, e, "out->elems[i]", AP("addr + i * %u", es));
        wit_buf_puts(b, "  }\n}\n\n");
        sfunc_open(x, plof);
        wit_buf_puts(b, loop);
        g_lowerf(x, b, e, "v->elems[i]", AP("f + i * %u", nf));
        wit_buf_puts(b, "  }\n}\n\n");
        sfunc_open(x, plif);
        wit_buf_puts(b, loop);
        g_liftf(x, b, e, "out->elems[i]", AP("f + i * %u", nf));
        wit_buf_puts(b, "  }\n}\n\n");
    } else if (nc) {
        uint32_t po = gen_abi_payload_offset(x->r, td);
        const char *dn = disc_name(nc), *dc = disc_ctype(nc);
        for (int pass = 0; pass < 4; pass++) {
            bool lower = pass == 0 || pass == 2, mem = pass < 2;
            sfunc_open(x, pass == 0 ? plo : pass == 1 ? pli : pass == 2 ? plof : plif);
            if (lower && mem)
                wit_buf_printf(b, "  uint32_t d = wrt_check_discriminant(%s, %u);\n"
                                  "  wrt_store_%s(cx->mem, addr, (%s)d);\n", tag_get(x, td, "v"), nc, dn, dc);
            else if (lower)
                wit_buf_printf(b, "  uint32_t d = wrt_check_discriminant(%s, %u);\n  f[0] = d;\n",
                               tag_get(x, td, "v"), nc);
            else
                wit_buf_printf(b, "  uint32_t d = wrt_check_discriminant(%s, %u);\n",
                               mem ? AP("wrt_load_%s(cx->mem, addr)", dn)
                                   : "(uint32_t)f[0]", nc);
            if (!lower)
                tag_set(x, b, td, T, "out");
            wit_buf_puts(b, "  (void)cx;\n  switch (d) {\n");
            for (uint32_t i = 0; i < nc; i++) {
                bool has;
                wit_type ct;
                gen_abi_case(x->r, td, i, &has, &ct);
                if (!has)
                    continue;
                wit_buf_printf(b, "  case %u: {\n", i);
                const char *pv = payload(x, td, i, lower ? "v" : "out");
                const char *at = mem ? AP("addr + %u", po) : "f + 1";
                if (pass == 0)
                    g_store(x, b, ct, pv, at);
                else if (pass == 1)
                    g_load(x, b, ct, pv, at);
                else if (pass == 2)
                    g_lowerf(x, b, ct, pv, at);
                else
                    g_liftf(x, b, ct, pv, at);
                wit_buf_puts(b, "    break;\n  }\n");
            }
            wit_buf_puts(b, "  default:\n    break;\n  }\n}\n\n");
        }
    }
    (void)size;
    x->n.cur_iface = saved_iface;
}

/* ---- functions ------------------------------------------------------------------------ */

/* The interface's name in the component: `ns:pkg/iface@version`, or the key. */
static void iface_path(hx *x, const wit_world_item *it, wit_buf *b)
{
    if (it->key.kind == WIT_KEY_NAME) {
        wit_buf_puts(b, it->key.name);
        return;
    }
    const wit_iface *in = &x->r->ifaces[it->key.iface];
    const wit_package *p = &x->r->packages[in->package];
    wit_buf_printf(b, "%s:%s/%s", p->name.ns, p->name.name, in->name);
    if (p->name.version)
        wit_buf_printf(b, "@%s", p->name.version);
}

/* The embedder-facing parameters: scalars by value, the rest by pointer. */
static void user_params(hx *x, wit_buf *b, const wit_func *f, bool first)
{
    for (uint32_t i = 0; i < f->nparams; i++) {
        wit_type t = f->params[i].type;
        wit_buf_printf(b, "%s%s %s%s", first && i == 0 ? "" : ", ", cty(x, t),
                       is_scalar(x, t) ? "" : "*", cident(x, f->params[i].name));
    }
}

/* Offsets of the parameters in a spilled block (a tuple of them). */
static uint32_t param_offset(hx *x, const wit_func *f, uint32_t k)
{
    uint32_t off = 0;
    for (uint32_t i = 0; i <= k; i++) {
        wit_type t = deref(x, f->params[i].type);
        off = gen_abi_align_to(off, gen_abi_align(x->r, t));
        if (i == k)
            break;
        off += gen_abi_size(x->r, t);
    }
    return off;
}

static const char *free_name(hx *x, wit_type t)
{
    t = deref(x, t);
    return t.prim == WIT_STRING ? AP("%s_string_free", x->W)
                                : AP("%s_free", fkey(x, t));
}

static void emit_export(hx *x, const char *path, const char *ishort, wit_id iface,
                        const wit_func *f)
{
    wit_buf wname = WIT_BUF_INIT, proto = WIT_BUF_INIT;
    gen_c_component_symbol(&wname, "witc_export_", path, f->name);
    wit_buf_putc(&wname, 0);
    const char *suffix = wname.data ? wname.data + strlen("witc_export_") : "";
    x->n.cur_iface = iface;
    x->ex = true;
    const char *fsn = nn(x, gen_c_snake(x->a, f->name)); /* `[method]r.m` -> `_method_r_m` */
    while (*fsn == '_')
        fsn++;
    const char *call = ishort ? AP("%s_call_%s_%s", x->W,
                                   nn(x, gen_cnames_export_short(&x->n, iface)), fsn)
                              : AP("%s_call_%s", x->W, fsn);
    /* `api`#`x` and a world-level `api-x` both give W_call_api_x: the later one (in world
     * order) gets `_2`, `_3`, … */
    if (!seen_add(x, AP("call %s", call)))
        for (unsigned k = 2; !x->oom; k++) {
            const char *cand = AP("%s_%u", call, k);
            if (seen_add(x, AP("call %s", cand))) {
                call = cand;
                break;
            }
        }
    gen_plan pl;
    if (func_supported(x, f) && gen_plan_func(x->r, f, GEN_EXPORT, false, false, x->a, &pl) < 0) {
        x->oom = true;
        goto done;
    }
    if (!func_supported(x, f)) {
        wit_buf_printf(x->h, "/* export `%s%s%s`: not covered by witc host c (async, futures, "
                             "streams, error-context) */\n",
                       ishort ? ishort : "", ishort ? "#" : "", f->name);
        x->out->nskipped++;
        goto done;
    }
    x->out->nexports++;
    for (uint32_t i = 0; i < f->nparams; i++)
        need_type(x, f->params[i].type);
    if (f->has_result)
        need_type(x, f->result);
    wit_buf_printf(&proto, "int %s(%s_instance *inst", call, x->W);
    user_params(x, &proto, f, false);
    if (f->has_result)
        wit_buf_printf(&proto, ", %s *ret", cty(x, f->result));
    wit_buf_putc(&proto, ')');
    bool rown = f->has_result && owns(x, f->result);
    wit_buf_printf(x->h, "/* export `%s%s%s`: 0, or -1 when the guest trapped or returned an invalid "
                         "value (inst->err).\n * Arguments are only read%s%s%s */\n%.*s;\n",
                   ishort ? ishort : "", ishort ? "#" : "", f->name,
                   rown ? "; *ret is malloc'd, free it with " : ".", rown ? free_name(x, f->result) : "",
                   rown ? " (nothing to free after -1)." : "", (int)proto.len, proto.data);
    wit_buf *c = x->c;
    wit_buf_printf(c, "int witc_raw_%s(struct witc_component *c, wrt_error *err, void (*lower)(wrt_cx *, "
                      "void *, witc_val *), void (*lift)(wrt_cx *, void *, witc_val), void *ud);\n",
                   suffix);
    wit_buf_printf(c, "struct %s_ud {\n", call);
    for (uint32_t i = 0; i < f->nparams; i++) {
        wit_type t = f->params[i].type;
        wit_buf_printf(c, "  %s %sp%u;\n", cty(x, t), is_scalar(x, t) ? "" : "*", i);
    }
    if (f->has_result)
        wit_buf_printf(c, "  %s *ret;\n", cty(x, f->result));
    wit_buf_puts(c, "  int unused;\n};\n");
    wit_buf_printf(c, "static void %s_lower(wrt_cx *cx, void *ud, witc_val *v) {\n"
                      "  struct %s_ud *u = ud;\n  (void)cx;\n  (void)u;\n  (void)v;\n", call, call);
    bool scope = false; /* borrows lent to the guest: a call scope around the call */
    for (uint32_t i = 0; i < f->nparams; i++)
        scope |= gen_abi_has_borrow(x->r, deref(x, f->params[i].type));
    if (scope)
        wit_buf_puts(c, "  wrt_scope_enter(&cx->inst->handles);\n");
    if (pl.params_indirect) {
        wit_buf_printf(c, "  uint32_t area = wrt_realloc(cx, 0, 0, %u, %u);\n", pl.params_align,
                       pl.params_size);
        for (uint32_t i = 0; i < f->nparams; i++)
            g_store(x, c, f->params[i].type,
                    AP(is_scalar(x, f->params[i].type) ? "u->p%u" : "(*u->p%u)", i),
                    AP("area + %u", param_offset(x, f, i)));
        wit_buf_puts(c, "  v[0].i32 = area;\n");
    } else {
        wit_buf_printf(c, "  uint64_t f[%u];\n  memset(f, 0, sizeof f);\n", pl.ncore_params + 1);
        uint32_t s = 0;
        for (uint32_t i = 0; i < f->nparams; i++) {
            g_lowerf(x, c, f->params[i].type,
                     AP(is_scalar(x, f->params[i].type) ? "u->p%u" : "(*u->p%u)", i),
                     AP("f + %u", s));
            s += nflat(x, f->params[i].type);
        }
        for (uint32_t i = 0; i < pl.ncore_params; i++)
            wit_buf_printf(c, "  v[%u].%s = %s;\n", i, core_field(pl.core_params[i]),
                           slot_to_core(x, pl.core_params[i], AP("f[%u]", i)));
    }
    wit_buf_puts(c, "}\n");
    wit_buf_printf(c, "static void %s_lift(wrt_cx *cx, void *ud, witc_val r) {\n"
                      "  struct %s_ud *u = ud;\n  (void)cx;\n  (void)u;\n  (void)r;\n", call, call);
    if (scope)
        wit_buf_puts(c, "  /* the guest must have dropped the borrows it got */\n"
                        "  wrt_scope_exit(&cx->inst->handles);\n");
    if (f->has_result) {
        if (pl.results_indirect) {
            g_load(x, c, f->result, "(*u->ret)", "r.i32");
        } else {
            gen_core rc = pl.core_results[0];
            wit_buf_printf(c, "  uint64_t f[1];\n  f[0] = %s;\n",
                           core_to_slot(x, rc, AP("r.%s", core_field(rc))));
            g_liftf(x, c, f->result, "(*u->ret)", "f");
        }
    }
    wit_buf_puts(c, "}\n");
    wit_buf_printf(c, "%.*s {\n  struct %s_ud u;\n  memset(&u, 0, sizeof u);\n", (int)proto.len,
                   proto.data, call);
    if (f->has_result)
        wit_buf_puts(c, "  memset(ret, 0, sizeof *ret);\n");
    wit_buf_puts(c, "  if (!inst->comp)\n    return wh_no_instance(&inst->err);\n");
    for (uint32_t i = 0; i < f->nparams; i++)
        wit_buf_printf(c, "  u.p%u = %s;\n", i, cident(x, f->params[i].name));
    if (f->has_result)
        wit_buf_puts(c, "  u.ret = ret;\n");
    /* W_current_instance() for the import implementations the guest calls meanwhile */
    wit_buf_printf(c, "  %s_instance *prev = wh_current;\n  wh_current = inst;\n"
                      "  int rc = witc_raw_%s(inst->comp, &inst->err, %s_lower, %s_lift, &u);\n"
                      "  wh_current = prev;\n  if (rc != 0) {\n", x->W, suffix, call, call);
    if (rown) {
        wit_buf_printf(c, "    %s(ret); /* what was lifted before the failure */\n",
                       free_name(x, f->result));
    }
    wit_buf_puts(c, "    return -1;\n  }\n  return 0;\n}\n\n");
done:
    wit_buf_free(&wname);
    wit_buf_free(&proto);
}

/* the core-level hook's signature (both passes: prototype, then definition) */
static void hook_head(hx *x, const char *hook, const gen_plan *pl, bool def)
{
    wit_buf_printf(x->c, "%s %s(wrt_cx *cx", pl->ncore_results ? gen_core_ctype(pl->core_results[0])
                                                                : "void", hook);
    for (uint32_t i = 0; i < pl->ncore_params; i++)
        wit_buf_printf(x->c, ", %s a%u", gen_core_ctype(pl->core_params[i]), i);
    wit_buf_puts(x->c, def ? ") {\n" : ");\n");
}

static int emit_import(hx *x, const char *path, wit_owner owner, const wit_func *f)
{
    int rc = 0;
    wit_buf hook = WIT_BUF_INIT;
    gen_c_import_hook_symbol(&hook, path, f->name);
    wit_buf_putc(&hook, 0);
    x->n.cur_iface = owner.kind == WIT_OWNER_INTERFACE ? owner.id : WIT_NONE;
    x->ex = false;
    const char *user = gen_cnames_func(&x->n, owner, f, false);
    const char *H = hook.data ? hook.data : "";
    const char *shown = path ? path : "";
    gen_plan pl;
    /* `a:b/c-d#f` and `a:b-c/d#f` both give witc_import_a_b_c_d__f (witc compile names the
     * hooks the same way): refuse rather than write two definitions of one symbol */
    if (hook.oom || x->seen.oom) {
        rc = -2;
        goto done;
    }
    if (!x->oom && !seen_add(x, AP("hook %s", H))) {
        if (x->oom) {
            rc = -2;
            goto done;
        }
        snprintf(x->msg, sizeof x->msg, "import %s%s%s: its hook %s is the C symbol of another "
                 "import too (interface names that differ only in `-`, `:`, `/`, `@`)",
                 shown, path ? "#" : "", f->name, H);
        rc = -1;
        goto done;
    }
    if (!user || gen_plan_func(x->r, f, GEN_IMPORT, is_async(f), false, x->a, &pl) < 0) {
        rc = -2;
        goto done;
    }
    if (!func_supported(x, f)) {
        wit_buf_printf(x->h, "/* import `%s%s%s`: not covered by witc host c (async, futures, "
                             "streams, error-context); calling it traps */\n",
                       shown, path ? "#" : "", f->name);
        x->out->nskipped++;
        hook_head(x, H, &pl, false);
        hook_head(x, H, &pl, true);
        wit_buf_puts(x->c, "  (void)cx;\n");
        for (uint32_t i = 0; i < pl.ncore_params; i++)
            wit_buf_printf(x->c, "  (void)a%u;\n", i);
        wit_buf_printf(x->c, "  wrt_trap(WRT_TRAP_HOST, \"import %s%s%s is not covered by witc "
                             "host c\");\n}\n\n", shown, path ? "#" : "", f->name);
        goto done;
    }
    x->out->nimports++;
    for (uint32_t i = 0; i < f->nparams; i++)
        need_type(x, f->params[i].type);
    if (f->has_result)
        need_type(x, f->result);
    bool byret = f->has_result && !is_scalar(x, f->result);
    const char *rt = f->has_result ? cty(x, f->result) : NULL;
    bool rown = f->has_result && owns(x, f->result);
    wit_buf_printf(x->h, "/* import `%s%s%s`: implemented by the embedder. Arguments are lent for the "
                         "call%s%s%s */\nextern %s %s(",
                   shown, path ? "#" : "", f->name,
                   byret ? "; *ret arrives zeroed" : ".",
                   rown ? "; fill it with malloc'd memory, the glue frees it with " : byret ? "." : "",
                   rown ? AP("%s.", free_name(x, f->result)) : "",
                   f->has_result && !byret ? rt : "void", user);
    user_params(x, x->h, f, true);
    if (byret)
        wit_buf_printf(x->h, "%s%s *ret", f->nparams ? ", " : "", rt);
    if (f->nparams == 0 && !byret)
        wit_buf_puts(x->h, "void");
    wit_buf_puts(x->h, ");\n");
    wit_buf *c = x->c;
    /* the state the guarded lift/lower steps share */
    uint32_t nf = pl.params_indirect ? 1 : pl.ncore_params - (pl.retptr_param ? 1 : 0);
    wit_buf_printf(c, "struct %s_st {\n  wrt_cx *cx;\n  uint64_t f[%u];\n  uint64_t rf[1];\n"
                      "  uint32_t retptr;\n", H, nf + 1);
    for (uint32_t i = 0; i < f->nparams; i++)
        wit_buf_printf(c, "  %s p%u;\n", cty(x, f->params[i].type), i);
    if (f->has_result)
        wit_buf_printf(c, "  %s ret;\n", rt);
    wit_buf_puts(c, "};\n");
    wit_buf_printf(c, "static void %s_args(void *arg) {\n  struct %s_st *s = arg;\n"
                      "  wrt_cx *cx = s->cx;\n  (void)cx;\n", H, H);
    uint32_t sl = 0;
    for (uint32_t i = 0; i < f->nparams; i++) {
        wit_type t = f->params[i].type;
        const char *dst = AP("s->p%u", i);
        if (pl.params_indirect)
            g_load(x, c, t, dst, AP("(uint32_t)s->f[0] + %u", param_offset(x, f, i)));
        else
            g_liftf(x, c, t, dst, AP("s->f + %u", sl));
        sl += nflat(x, t);
    }
    wit_buf_puts(c, "}\n");
    if (f->has_result) {
        wit_buf_printf(c, "static void %s_res(void *arg) {\n  struct %s_st *s = arg;\n"
                          "  wrt_cx *cx = s->cx;\n  (void)cx;\n", H, H);
        if (pl.retptr_param)
            g_store(x, c, f->result, "s->ret", "s->retptr");
        else
            g_lowerf(x, c, f->result, "s->ret", "s->rf");
        wit_buf_puts(c, "}\n");
    }
    hook_head(x, H, &pl, false);
    hook_head(x, H, &pl, true);
    wit_buf_printf(c, "  struct %s_st s;\n  wrt_error e;\n  (void)e;\n  memset(&s, 0, sizeof s);\n  s.cx = cx;\n", H);
    for (uint32_t i = 0; i < nf; i++)
        wit_buf_printf(c, "  s.f[%u] = %s;\n", i,
                       core_to_slot(x, pl.core_params[i], AP("a%u", i)));
    if (pl.retptr_param)
        wit_buf_printf(c, "  s.retptr = a%u;\n", pl.ncore_params - 1);
    wit_buf cleanup = WIT_BUF_INIT;
    for (uint32_t i = 0; i < f->nparams; i++)
        g_free(x, &cleanup, f->params[i].type, AP("s.p%u", i));
    /* a guard only where a trap would leave memory behind */
    if (cleanup.len)
        wit_buf_printf(c, "  if (wrt_w2c_call(%s_args, &s, &e) != 0) {\n%.*s"
                          "    wrt_trap(e.kind, \"%%s\", e.message);\n  }\n", H, (int)cleanup.len,
                       cleanup.data);
    else
        wit_buf_printf(c, "  %s_args(&s);\n", H);
    if (f->has_result && !byret)
        wit_buf_puts(c, "  s.ret = ");
    else
        wit_buf_puts(c, "  ");
    wit_buf_printf(c, "%s(", user);
    for (uint32_t i = 0; i < f->nparams; i++)
        wit_buf_printf(c, "%s%ss.p%u", i ? ", " : "", is_scalar(x, f->params[i].type) ? "" : "&", i);
    if (byret)
        wit_buf_printf(c, "%s&s.ret", f->nparams ? ", " : "");
    wit_buf_puts(c, ");\n");
    if (cleanup.len)
        wit_buf_append(c, cleanup.data, cleanup.len);
    wit_buf_free(&cleanup);
    if (f->has_result) {
        if (rown) {
            wit_buf_printf(c, "  int st = wrt_w2c_call(%s_res, &s, &e);\n", H);
            g_free(x, c, f->result, "s.ret");
            wit_buf_puts(c, "  if (st != 0)\n    wrt_trap(e.kind, \"%s\", e.message);\n");
        } else {
            wit_buf_printf(c, "  %s_res(&s);\n", H);
        }
        if (pl.ncore_results)
            wit_buf_printf(c, "  return %s;\n", slot_to_core(x, pl.core_results[0], "s.rf[0]"));
    }
    wit_buf_puts(c, "}\n\n");
done:
    wit_buf_free(&hook);
    return rc;
}

/* The guest bindings' typedef of a named alias (`use other.{t}`, `type t = …`) in one copy:
 * `typedef <its target's name> <P_t>;`, after the target (an alias too, maybe). Resources are
 * not C types here (their own/borrow types are), so their aliases get none. */
static void emit_alias(hx *x, wit_id id, bool ex, int depth)
{
    const wit_typedef *td = &x->r->types[id];
    wit_type self = {WIT_TYPE_ID, id}, tgt = deref(x, self), next = td->u.elem;
    if (depth > 64 || (tgt.prim == WIT_TYPE_ID && x->r->types[tgt.id].kind == WIT_TD_RESOURCE))
        return;
    x->ex = ex;
    if (!supported(x, tgt))
        return;
    const char *a = nn(x, gen_cnames_type(&x->n, self, ex));
    if (!*a || !seen_add(x, AP("alias %s", a)))
        return;
    bool copy = gen_cnames_is_export_copy(&x->n, id, ex);
    if (next.prim == WIT_TYPE_ID && x->r->types[next.id].kind == WIT_TD_ALIAS && x->r->types[next.id].name)
        emit_alias(x, next.id, copy, depth + 1);
    else
        need_type(x, next);
    x->ex = ex;
    wit_buf_printf(&x->types, "typedef %s %s;\n\n", nn(x, gen_cnames_type(&x->n, next, copy)), a);
}

static void emit_aliases(hx *x, wit_id iid, bool ex)
{
    const wit_iface *in = &x->r->ifaces[iid];
    x->n.cur_iface = iid;
    for (uint32_t i = 0; i < in->ntypes; i++) {
        const wit_typedef *td = &x->r->types[in->types[i].id];
        if (td->kind == WIT_TD_ALIAS && td->name)
            emit_alias(x, in->types[i].id, ex, 0);
    }
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
    wit_buf hb = WIT_BUF_INIT; /* W_host.h: exports and imports, after the types they use */
    wit_buf cb = WIT_BUF_INIT; /* W_host.c: the functions, after the type helpers */
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
    const char *hn = wit_arena_printf(x.a, "%s_host.h", x.W), *cn = wit_arena_printf(x.a, "%s_host.c", x.W);
    out->h_name = hn ? wit_strdup(hn) : NULL;
    out->c_name = cn ? wit_strdup(cn) : NULL;
    if (!out->h_name || !out->c_name) {
        rc = -2;
        goto done;
    }
    const char *W = x.W;
    wit_buf_printf(x.h, "/* Generated by `witc host c` for world `%s`: host stubs for a C embedder "
                        "of components compiled\n * with `witc compile`. Link with the compiled "
                        "component's objects and libwitrt.\n *\n"
                        " * Ownership. Calls into the guest (W_call_…): arguments stay the caller's "
                        "(only read); *ret is\n * zeroed, then filled with malloc'd memory the "
                        "caller frees with the type's _free function;\n * after -1 it holds "
                        "nothing to free (the call freed what it had lifted). Imports the embedder\n"
                        " * implements: arguments are lent for the call (copies the glue frees "
                        "afterwards); a result\n * that is not a scalar goes through a last `ret` "
                        "argument (zeroed), filled with malloc'd memory\n * the glue frees with "
                        "the type's _free function once it is in the guest. Scalars (bool,\n"
                        " * numbers, char, enums, flags, handles) travel by value. A call that "
                        "returns -1 leaves the\n * instance unusable: fini and init it again. */\n"
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
                        "/* One instance of the compiled component. A program may have any number: "
                        "each has its own\n * guest memory, globals, handle table and WASI state "
                        "(witc compile's struct witc_component),\n * and a trap in one leaves the "
                        "others usable. err holds the outcome of the last call; comp\n * and wasi "
                        "are the glue's. Instances run on one\n * thread (wasm2c's runtime keeps its "
                        "trap state per process). An instance must not move in\n * memory between "
                        "init and fini (its component points back to it: cx->inst->user). */\n"
                        "struct witc_component;\n"
                        "typedef struct %s_instance {\n  wrt_error err;\n  wrt_wasi *wasi;\n"
                        "  struct witc_component *comp;\n} %s_instance;\n\n"
                        "/* Creates a fresh instance of the compiled component in *inst (wasm2c runtime "
                        "set up on\n * first use); its WASI imports are served by libwitrt with cfg "
                        "(NULL: no arguments,\n * environment or preopens). Returns 0, or -1 with "
                        "inst->err set (a trap in a start function,\n * a WASI setup failure, out "
                        "of memory). Release with %s_instance_fini in both cases. */\n"
                        "int %s_instance_init(%s_instance *inst, const wrt_wasi_config *cfg);\n"
                        "/* Frees the instance (guest memory, handles: host resources still held are "
                        "destroyed). */\n"
                        "void %s_instance_fini(%s_instance *inst);\n\n"
                        "/* The imports below keep the guest bindings' signatures (no instance "
                        "argument): inside one,\n * %s_current_instance() is the instance whose "
                        "guest called it (NULL outside a call into a\n * guest on this thread). "
                        "Code that has the wrt_cx of a call (a WASI override) finds it as\n * "
                        "(%s_instance *)cx->inst->user. */\n"
                        "%s_instance *%s_current_instance(void);\n\n",
                   w->name, x.n.world_shouty, x.n.world_shouty, W, W, W, W, W, W, W, W, W, W, W, W,
                   W, W, W, W, W, W, W);
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
                        "  double f64;\n} witc_val;\n\n"
                        "#if defined(__GNUC__) || defined(__clang__)\n"
                        "#define WH_UNUSED __attribute__((unused))\n#else\n#define WH_UNUSED\n#endif\n\n"
                        "/* flat core values are kept as uint64_t raw bits, zero-extended */\n"
                        "static WH_UNUSED uint64_t wh_f32_bits(float v) {\n  uint32_t u;\n"
                        "  memcpy(&u, &v, 4);\n  return u;\n}\n"
                        "static WH_UNUSED uint64_t wh_f64_bits(double v) {\n  uint64_t u;\n"
                        "  memcpy(&u, &v, 8);\n  return u;\n}\n"
                        "static WH_UNUSED float wh_bits_f32(uint32_t u) {\n  float v;\n"
                        "  memcpy(&v, &u, 4);\n  return v;\n}\n"
                        "static WH_UNUSED double wh_bits_f64(uint64_t u) {\n  double v;\n"
                        "  memcpy(&v, &u, 8);\n  return v;\n}\n"
                        "/* a checked string from guest memory, copied into *out (malloc'd, NUL-terminated) */\n"
                        "static WH_UNUSED void wh_lift_str(wrt_cx *cx, uint32_t p, uint32_t l, %s_string_t *out) {\n"
                        "  wrt_str s = wrt_lift_string(cx, p, l);\n"
                        "  out->ptr = malloc(s.len + 1);\n"
                        "  if (!out->ptr) {\n    wrt_str_free(&s);\n"
                        "    wrt_trap(WRT_TRAP_RESOURCE_LIMIT, \"out of memory\");\n  }\n"
                        "  memcpy(out->ptr, s.data, s.len);\n  out->ptr[s.len] = 0;\n"
                        "  out->len = s.len;\n  wrt_str_free(&s);\n}\n\n", W);
    wit_buf_printf(x.c, "/* the compiled component (witc compile's glue.c) */\n"
                        "int witc_init(struct witc_component **out, wrt_wasi *wasi, void *user, wrt_error *err);\n"
                        "void witc_fini(struct witc_component *c);\n"
                        "wrt_instance *witc_instance(struct witc_component *c);\n\n"
                        "/* the instance whose guest runs on this thread (innermost call) */\n"
                        "static _Thread_local %s_instance *wh_current;\n\n"
                        "%s_instance *%s_current_instance(void) {\n  return wh_current;\n}\n\n"
                        "static WH_UNUSED int wh_no_instance(wrt_error *err) {\n"
                        "  err->kind = WRT_TRAP_HOST;\n  err->exit_code = 0;\n"
                        "  snprintf(err->message, sizeof err->message, \"no component instance (init "
                        "failed or fini was called)\");\n  return -1;\n}\n\n", W, W, W);
    wit_buf_puts(x.c, "/* handles of resources the guest implements, in its instance's table */\n"
                      "static WH_UNUSED const wrt_handle_slot *wh_guest_slot(wrt_handles *t, uint32_t h, int own) {\n"
                      "  if (h == 0 || h >= t->len || !t->slots[h].type || t->slots[h].type->host ||\n"
                      "      (own && t->slots[h].scope))\n"
                      "    wrt_trap(WRT_TRAP_INVALID_HANDLE, \"%u is not a%s handle of a guest resource\",\n"
                      "             (unsigned)h, own ? \"n own\" : \"\");\n"
                      "  return &t->slots[h];\n}\n"
                      "static WH_UNUSED uintptr_t wh_guest_rep(wrt_cx *cx, uint32_t h) {\n"
                      "  return wh_guest_slot(&cx->inst->handles, h, 0)->rep;\n}\n"
                      "static WH_UNUSED uint32_t wh_guest_own(wrt_cx *cx, uint32_t h) {\n"
                      "  (void)wh_guest_slot(&cx->inst->handles, h, 1);\n  return h;\n}\n"
                      "typedef struct wh_drop {\n  wrt_handles *t;\n  uint32_t h;\n} wh_drop;\n"
                      "static WH_UNUSED void wh_drop_guest(void *arg) {\n"
                      "  wh_drop *d = arg;\n"
                      "  wrt_handle_drop(d->t, wh_guest_slot(d->t, d->h, 1)->type, d->h);\n}\n\n");
    wit_buf_printf(x.c, "int %s_instance_init(%s_instance *inst, const wrt_wasi_config *cfg) {\n"
                        "  wrt_wasi_config none;\n  memset(&none, 0, sizeof none);\n"
                        "  memset(&inst->err, 0, sizeof inst->err);\n  inst->wasi = NULL;\n"
                        "  inst->comp = NULL;\n"
                        "  if (wrt_wasi_new(cfg ? cfg : &none, &inst->wasi, inst->err.message,\n"
                        "                   sizeof inst->err.message) != 0) {\n"
                        "    inst->err.kind = WRT_TRAP_HOST;\n    return -1;\n  }\n"
                        "  wrt_w2c_init(); /* once per process; later calls return at once */\n"
                        "  /* start functions may call imports: they see this instance */\n"
                        "  %s_instance *prev = wh_current;\n  wh_current = inst;\n"
                        "  int rc = witc_init(&inst->comp, inst->wasi, inst, &inst->err);\n"
                        "  wh_current = prev;\n  return rc != 0 ? -1 : 0;\n}\n\n"
                        "void %s_instance_fini(%s_instance *inst) {\n  witc_fini(inst->comp);\n"
                        "  inst->comp = NULL;\n"
                        "  if (inst->wasi)\n    wrt_wasi_free(inst->wasi);\n  inst->wasi = NULL;\n}\n\n",
                   W, W, W, W, W);
    x.h = &hb;
    x.c = &cb;
    wit_buf_puts(x.h, "/* ---- exports: calls into the instance ---- */\n");
    for (uint32_t i = 0; i < w->nexports; i++) {
        const wit_world_item *it = &w->exports[i];
        if (it->kind == WIT_ITEM_FUNCTION) {
            emit_export(&x, NULL, NULL, WIT_NONE, &it->func);
        } else if (it->kind == WIT_ITEM_INTERFACE) {
            wit_id iid = it->key.kind == WIT_KEY_INTERFACE ? it->key.iface : it->id;
            const wit_iface *in = &r->ifaces[iid];
            wit_buf path = WIT_BUF_INIT;
            iface_path(&x, it, &path);
            wit_buf_putc(&path, 0);
            const char *ishort = it->key.kind == WIT_KEY_NAME ? it->key.name : in->name;
            for (uint32_t j = 0; j < in->nfuncs; j++)
                emit_export(&x, path.data ? path.data : "", ishort, iid, &in->funcs[j]);
            emit_aliases(&x, iid, true);
            wit_buf_free(&path);
        }
    }
    wit_buf_puts(x.h, "\n/* ---- imports: the embedder implements these ---- */\n");
    for (uint32_t i = 0; i < w->nimports; i++) {
        const wit_world_item *it = &w->imports[i];
        if (it->kind == WIT_ITEM_FUNCTION) {
            wit_owner owner = {WIT_OWNER_WORLD, world};
            if ((rc = emit_import(&x, NULL, owner, &it->func)) < 0)
                goto done;
        } else if (it->kind == WIT_ITEM_INTERFACE && !is_wasi(&x, it)) {
            wit_id iid = it->key.kind == WIT_KEY_INTERFACE ? it->key.iface : it->id;
            const wit_iface *in = &r->ifaces[iid];
            wit_owner owner = {WIT_OWNER_INTERFACE, iid};
            wit_buf path = WIT_BUF_INIT;
            iface_path(&x, it, &path);
            wit_buf_putc(&path, 0);
            for (uint32_t j = 0; j < in->nfuncs && rc == 0; j++)
                rc = emit_import(&x, path.data ? path.data : "", owner, &in->funcs[j]);
            emit_aliases(&x, iid, false);
            wit_buf_free(&path);
            if (rc < 0)
                goto done;
        }
    }
    wit_buf_puts(x.h, "\n#ifdef __cplusplus\n}\n#endif\n#endif\n");
    if (x.types.len)
        wit_buf_append(&out->h, x.types.data, x.types.len);
    if (hb.len)
        wit_buf_append(&out->h, hb.data, hb.len);
    if (x.sdecl.len)
        wit_buf_append(&out->c, x.sdecl.data, x.sdecl.len);
    wit_buf_puts(&out->c, "\n");
    if (x.tfuncs.len)
        wit_buf_append(&out->c, x.tfuncs.data, x.tfuncs.len);
    if (x.sfuncs.len)
        wit_buf_append(&out->c, x.sfuncs.data, x.sfuncs.len);
    if (cb.len)
        wit_buf_append(&out->c, cb.data, cb.len);
    if (x.oom || hb.oom || cb.oom || x.types.oom || x.tfuncs.oom || x.sdecl.oom || x.sfuncs.oom || x.seen.oom)
        rc = -2;
    if (out->h.oom || out->c.oom)
        rc = -2;
done:
    if (rc == -1 && err && errn)
        snprintf(err, errn, "%s", x.msg[0] ? x.msg : "cannot generate host stubs");
    wit_buf_free(&hb);
    wit_buf_free(&cb);
    wit_buf_free(&x.types);
    wit_buf_free(&x.tfuncs);
    wit_buf_free(&x.sdecl);
    wit_buf_free(&x.sfuncs);
    wit_buf_free(&x.seen);
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
