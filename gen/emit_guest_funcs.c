/* The C guest emitter, part 3: functions. For each import, a wrapper that lowers the C
 * arguments to core values (or a spilled block), calls the core import and lifts the
 * result; for each export, a trampoline that lifts core values into C arguments, calls
 * the user's function and lowers the result (static return area and post-return when it
 * owns memory); the async variants (callback ABI, task.return) and the future/stream
 * intrinsics.
 *
 * The walk follows gen_plan_func's steps; values in memory move as one memcpy (C layout
 * = ABI layout), values in core parameters are converted leaf by leaf along gen/abi.c's
 * flattening, joins included. */
#include "emit_guest_int.h"

/* A core value: the C variable holding it and its core type. */
typedef struct slot {
    const char *var;
    gen_core core;
} slot;

/* How a parameter is passed (by value, by pointer, option as maybe_ pointer) and how a
 * result is returned. */
typedef enum pass { PASS_VALUE, PASS_PTR, PASS_MAYBE } pass;
typedef enum retk { RET_NONE, RET_VALUE, RET_PTR, RET_OPTION, RET_RESULT } retk;

static const char *core_ctype(gen_core c);
static void assign_slot(emitter *e, gen_cwriter *w, slot s, gen_core nat, const char *v);
static const char *slot_as(emitter *e, slot s, gen_core nat);
static uint32_t lower_flat(emitter *e, gen_cwriter *w, wit_type t, bool exp, const char *v, slot *slots);
static uint32_t lift_flat(emitter *e, gen_cwriter *w, wit_type t, bool exp, const char *d, slot *slots);
static bool by_value(const emitter *e, wit_type t);
static pass param_pass(const emitter *e, wit_type t);
static retk result_kind(const emitter *e, const wit_func *f);
static const char *prototype(emitter *e, const wit_func *f, const char *cname, bool exp);
static const char *core_params_decl(emitter *e, const gen_plan *p);
static void need_sig_types(emitter *e, const wit_func *f, bool exp);
static void emit_fs_intrinsics(emitter *e, wit_owner owner, const wit_func *f, bool exp);
static bool is_async(const wit_func *f);
static bool use_async(emitter *e, wit_owner owner, const wit_func *f, bool exp);
static void params_decl(emitter *e, wit_buf *b, const wit_func *f, bool exp, bool *first);
static bool param_named(emitter *e, const wit_func *f, const char *ident);
static bool has_import_borrow(emitter *e, wit_type t, unsigned depth);
static void ownership_note(emitter *e, gen_cwriter *w, const wit_func *f, bool exp);
static void drop_borrows(emitter *e, gen_cwriter *w, wit_type t, const char *v, unsigned depth);
static void emit_async_import_func(emitter *e, wit_owner owner, const wit_func *f);
static void zero_local(emitter *e, gen_cwriter *w, wit_type t, bool exp, const char *name);
static void emit_async_export_extras(emitter *e, wit_owner owner, const wit_func *f, const char *cname,
                                     const char *export_name);

/* Declares a zeroed local of t's C type: `= 0` for scalars, memset for structs. */
static void zero_local(emitter *e, gen_cwriter *w, wit_type t, bool exp, const char *name)
{
    if (t.prim != WIT_TYPE_ID && t.prim != WIT_STRING) {
        P("%s %s = 0;\n", gen_guest__ctype(e, t, exp), name);
    } else {
        P("%s %s;\n", gen_guest__ctype(e, t, exp), name);
        P("memset(&%s, 0, sizeof %s);\n", name, name);
    }
}

/* ---- flat lowering and lifting ---- */


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
    const wit_typedef *td = gen_guest__td_of(e, t);
    bool copy = gen_cnames_is_export_copy(&e->n, t.id, exp);
    uint32_t k = 0;
    switch (td->kind) {
    case WIT_TD_RECORD:
        for (uint32_t i = 0; i < td->u.record.n; i++)
            k += lower_flat(e, w, td->u.record.fields[i].type, copy,
                            FMT("(%s).%s", v, gen_guest__cident(e, td->u.record.fields[i].name)), slots + k);
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
        if (td->u.handle.borrow && gen_guest__resource_is_local(e, res, copy))
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
                lower_flat(e, w, cs->type, copy, FMT("(%s).val.%s", v, gen_guest__cident(e, cs->name)), slots + 1);
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
        P("%s = (%s)(%s);\n", d, gen_guest__ctype(e, t, exp), slot_as(e, slots[0], GEN_I32));
        return 1;
    case WIT_U64: case WIT_S64:
        P("%s = (%s)(%s);\n", d, gen_guest__ctype(e, t, exp), slot_as(e, slots[0], GEN_I64));
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
    const wit_typedef *td = gen_guest__td_of(e, t);
    bool copy = gen_cnames_is_export_copy(&e->n, t.id, exp);
    uint32_t k = 0;
    switch (td->kind) {
    case WIT_TD_RECORD:
        for (uint32_t i = 0; i < td->u.record.n; i++)
            k += lift_flat(e, w, td->u.record.fields[i].type, copy,
                           FMT("(%s).%s", d, gen_guest__cident(e, td->u.record.fields[i].name)), slots + k);
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
        P("%s = (%s)(%s);\n", d, gen_guest__ctype(e, t, exp), slot_as(e, slots[0], GEN_I32));
        return 1;
    case WIT_TD_HANDLE: {
        wit_id res = gen_cnames_handle_resource(&e->n, td);
        if (td->u.handle.borrow && gen_guest__resource_is_local(e, res, copy))
            P("%s = (%s)(uintptr_t)(%s);\n", d, gen_guest__ctype(e, t, exp), slot_as(e, slots[0], GEN_I32));
        else
            P("(%s).__handle = %s;\n", d, slot_as(e, slots[0], GEN_I32));
        return 1;
    }
    case WIT_TD_LIST: case WIT_TD_MAP: {
        const char *elem = td->kind == WIT_TD_LIST ? gen_guest__ctype(e, td->u.elem, copy)
                                                   : FMT("%s_entry_t", gen_guest__base_of(e, gen_guest__ctype(e, t, exp)));
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
            P("(%s).tag = (%s)(%s);\n", d, gen_guest__disc_ctype(td->u.variant.n), disc);
            P("switch ((int32_t)(%s).tag) {\n", d);
            for (uint32_t i = 0; i < td->u.variant.n; i++) {
                const wit_case *cs = &td->u.variant.cases[i];
                if (!cs->has_type)
                    continue;
                P("case %u: {\n", i);
                lift_flat(e, w, cs->type, copy, FMT("(%s).val.%s", d, gen_guest__cident(e, cs->name)), slots + 1);
                P("break;\n");
                P("}\n");
            }
            P("default: break;\n");
            P("}\n");
        }
        return n;
    }
    default:
        P("%s = (%s)(%s);\n", d, gen_guest__ctype(e, t, exp), slot_as(e, slots[0], GEN_I32));
        return 1;
    }
}

/* ---- signatures ---- */


static bool by_value(const emitter *e, wit_type t)
{
    t = gen_guest__dealias(e, t);
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
    const wit_typedef *td = gen_guest__td_of(e, t);
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
    const wit_typedef *td = gen_guest__td_of(e, f->result);
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
        ret = gen_guest__ctype(e, f->result, exp);
    else if (rk == RET_OPTION || rk == RET_RESULT)
        ret = "bool";
    wit_buf_printf(&b, "%s %s(", ret, cname);
    bool first = true;
    for (uint32_t i = 0; i < f->nparams; i++) {
        wit_type t = f->params[i].type;
        const char *pn = gen_guest__cident(e, f->params[i].name);
        wit_buf_puts(&b, first ? "" : ", ");
        first = false;
        switch (param_pass(e, t)) {
        case PASS_VALUE: wit_buf_printf(&b, "%s %s", gen_guest__ctype(e, t, exp), pn); break;
        case PASS_PTR: wit_buf_printf(&b, "%s *%s", gen_guest__ctype(e, t, exp), pn); break;
        case PASS_MAYBE: wit_buf_printf(&b, "%s *maybe_%s", gen_guest__ctype(e, gen_guest__td_of(e, t)->u.elem, exp), pn); break;
        }
    }
    const wit_typedef *rtd = f->has_result ? gen_guest__td_of(e, f->result) : NULL;
    if (rk == RET_PTR) {
        wit_buf_printf(&b, "%s%s *ret", first ? "" : ", ", gen_guest__ctype(e, f->result, exp));
        first = false;
    } else if (rk == RET_OPTION) {
        wit_buf_printf(&b, "%s%s *ret", first ? "" : ", ", gen_guest__ctype(e, rtd->u.elem, exp));
        first = false;
    } else if (rk == RET_RESULT) {
        if (rtd->u.result.has_ok) {
            wit_buf_printf(&b, "%s%s *ret", first ? "" : ", ", gen_guest__ctype(e, rtd->u.result.ok, exp));
            first = false;
        }
        if (rtd->u.result.has_err) {
            wit_buf_printf(&b, "%s%s *err", first ? "" : ", ", gen_guest__ctype(e, rtd->u.result.err, exp));
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
        gen_guest__need_type(e, f->params[i].type, exp);
    if (f->has_result)
        gen_guest__need_type(e, f->result, exp);
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
        gen_guest__fail(e, f->span, "function `%s` has more than 256 futures and streams", f->name);
        return;
    }
    int hs = e->h.cur, cs = e->c.cur;
    const char *module = gen_guest__nn(e, gen_cnames_core_module(&e->n, owner));
    if (exp)
        module = FMT("[export]%s", module);
    for (uint32_t i = 0; i < n && !e->err; i++) {
        wit_type t = {WIT_TYPE_ID, ids[i]};
        const wit_typedef *td = gen_guest__td_of(e, t);
        gen_guest__need_type(e, t, exp);
        const char *name = gen_guest__ctype(e, t, exp);
        int added = gen_guest__set_add(e, &e->defined, FMT("%s#intrinsics", name));
        if (added <= 0) {
            if (added < 0)
                e->err = WIT_ENOMEM;
            continue;
        }
        bool fut = td->kind == WIT_TD_FUTURE;
        const char *kind = fut ? "future" : "stream";
        const char *base = gen_guest__base_of(e, name);
        const char *wr = FMT("%s_writer_t", base);
        const char *elem = td->u.async.has ? gen_guest__ctype(e, td->u.async.elem, exp) : NULL;
        const char *st = FMT("%s_waitable_status_t", e->W);
        const char *imp = FMT("__wasm_import_%s", base);
        const char *rw_params = fut ? "int32_t handle, int32_t ptr" : "int32_t handle, int32_t ptr, int32_t len";
        gen_guest__emit_import_decl(e, module, FMT("[%s-new-%u]%s", kind, i, f->name), "int64_t", FMT("%s_new", imp), "void");
        gen_guest__emit_import_decl(e, module, FMT("[async-lower][%s-read-%u]%s", kind, i, f->name), "int32_t",
                         FMT("%s_read", imp), rw_params);
        gen_guest__emit_import_decl(e, module, FMT("[async-lower][%s-write-%u]%s", kind, i, f->name), "int32_t",
                         FMT("%s_write", imp), rw_params);
        gen_guest__emit_import_decl(e, module, FMT("[%s-cancel-read-%u]%s", kind, i, f->name), "int32_t",
                         FMT("%s_cancel_read", imp), "int32_t handle");
        gen_guest__emit_import_decl(e, module, FMT("[%s-cancel-write-%u]%s", kind, i, f->name), "int32_t",
                         FMT("%s_cancel_write", imp), "int32_t handle");
        gen_guest__emit_import_decl(e, module, FMT("[%s-drop-readable-%u]%s", kind, i, f->name), "void",
                         FMT("%s_drop_readable", imp), "int32_t handle");
        gen_guest__emit_import_decl(e, module, FMT("[%s-drop-writable-%u]%s", kind, i, f->name), "void",
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
    const char *module = owner.kind == WIT_OWNER_INTERFACE ? gen_guest__nn(e, gen_cnames_core_module(&e->n, owner)) : NULL;
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
        const char *pn = gen_guest__cident(e, f->params[i].name);
        wit_buf_puts(b, *first ? "" : ", ");
        *first = false;
        switch (param_pass(e, t)) {
        case PASS_VALUE: wit_buf_printf(b, "%s %s", gen_guest__ctype(e, t, exp), pn); break;
        case PASS_PTR: wit_buf_printf(b, "%s *%s", gen_guest__ctype(e, t, exp), pn); break;
        case PASS_MAYBE: wit_buf_printf(b, "%s *maybe_%s", gen_guest__ctype(e, gen_guest__td_of(e, t)->u.elem, exp), pn); break;
        }
    }
}

static bool param_named(emitter *e, const wit_func *f, const char *ident)
{
    for (uint32_t i = 0; i < f->nparams; i++)
        if (strcmp(gen_guest__cident(e, f->params[i].name), ident) == 0)
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
    const wit_typedef *td = gen_guest__td_of(e, t);
    switch (td->kind) {
    case WIT_TD_HANDLE:
        return td->u.handle.borrow && !gen_guest__resource_is_local(e, gen_cnames_handle_resource(&e->n, td), true);
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
    const char *free_fn = res_own ? gen_guest__need_free(e, f->result, exp) : NULL;
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


void gen_guest__emit_import_func(emitter *e, wit_owner owner, const wit_func *f)
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
    const char *cname = gen_guest__nn(e, gen_cnames_func(&e->n, owner, f, false));
    gen_guest__claim(e, cname, f->span);
    const char *imp = FMT("__wasm_import_%s", cname);
    const char *module = gen_guest__nn(e, gen_cnames_core_module(&e->n, owner));
    gen_guest__emit_import_decl(e, module, f->name, p.ncore_results ? core_ctype(p.core_results[0]) : "void", imp,
                     core_params_decl(e, &p));
    const char *proto = prototype(e, f, cname, false);
    gen_cwriter *w = &e->h;
    gen_cw_section(w, H_IMPORTS);
    gen_guest__emit_docs(w, &f->docs);
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
        const char *pn = gen_guest__cident(e, f->params[i].name);
        switch (param_pass(e, f->params[i].type)) {
        case PASS_VALUE: argv[i] = pn; break;
        case PASS_PTR: argv[i] = FMT("(*%s)", pn); break;
        case PASS_MAYBE:
            argv[i] = FMT("_arg%u", i);
            P("%s _arg%u;\n", gen_guest__ctype(e, f->params[i].type, false), i);
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
            P("memcpy(_params + %u, &(%s), sizeof(%s));\n", st->offset, argv[st->arg], gen_guest__ctype(e, at, false));
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
            P("%s _ret;\n", gen_guest__ctype(e, f->result, false));
            P("memcpy(&_ret, _ret_area, sizeof _ret);\n");
            break;
        case GEN_STEP_LIFT_RESULT_FLAT: {
            zero_local(e, w, f->result, false, "_ret");
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
        const wit_typedef *rtd = gen_guest__td_of(e, f->result);
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
    const wit_typedef *td = gen_guest__td_of(e, t);
    switch (td->kind) {
    case WIT_TD_HANDLE: {
        wit_id res = gen_cnames_handle_resource(&e->n, td);
        if (td->u.handle.borrow && !gen_guest__resource_is_local(e, res, true))
            P("__wasm_import_%s_drop((%s).__handle);\n", gen_guest__nn(e, gen_cnames_resource_prefix(&e->n, res, true)), v);
        return;
    }
    case WIT_TD_ALIAS: drop_borrows(e, w, td->u.elem, v, depth + 1); return;
    case WIT_TD_RECORD:
        for (uint32_t i = 0; i < td->u.record.n; i++)
            drop_borrows(e, w, td->u.record.fields[i].type,
                         FMT("(%s).%s", v, gen_guest__cident(e, td->u.record.fields[i].name)), depth + 1);
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
            drop_borrows(e, w, cs->type, FMT("(%s).val.%s", v, gen_guest__cident(e, cs->name)), depth + 1);
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


void gen_guest__emit_export_func(emitter *e, wit_owner owner, const wit_func *f)
{
    bool async = use_async(e, owner, f, true);
    emit_fs_intrinsics(e, owner, f, true);
    need_sig_types(e, f, true);
    if (e->err)
        return;
    if (async)
        gen_guest__ensure_async(e);
    gen_plan p;
    if (gen_plan_func(e->r, f, GEN_EXPORT, async, !async && e->o->autodrop_borrows, e->a, &p) < 0) {
        e->err = WIT_ENOMEM;
        return;
    }
    const char *cname = gen_guest__nn(e, gen_cnames_func(&e->n, owner, f, true));
    gen_guest__claim(e, cname, f->span);
    if (async) {
        gen_guest__claim(e, FMT("%s_callback", cname), f->span);
        gen_guest__claim(e, FMT("%s_return", cname), f->span);
    }
    const char *module = gen_guest__nn(e, gen_cnames_core_module(&e->n, owner));
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
    gen_guest__emit_docs(w, &f->docs);
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
    for (uint32_t i = 0; i < f->nparams; i++)
        zero_local(e, w, f->params[i].type, true, FMT("_arg%u", i));
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
            if (rk != RET_NONE)
                zero_local(e, w, f->result, true, "_ret");
            switch (rk) {
            case RET_NONE: P("%s(%s);\n", cname, args); break;
            case RET_VALUE: P("_ret = %s(%s);\n", cname, args); break;
            case RET_PTR: P("%s(%s%s&_ret);\n", cname, args, sep); break;
            case RET_OPTION: P("_ret.is_some = %s(%s%s&_ret.val);\n", cname, args, sep); break;
            case RET_RESULT: {
                const wit_typedef *rtd = gen_guest__td_of(e, f->result);
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
        const char *fn = gen_guest__need_free(e, f->result, true);
        gen_cw_section(w, C_EXPORTS);
        P("__attribute__((__weak__, __export_name__(\"cabi_post_%s\")))\n", export_name);
        P("void __wasm_export_%s_post_return(int32_t arg0) {\n", cname);
        P("%s((%s *)(uintptr_t)arg0);\n", fn, gen_guest__ctype(e, f->result, true));
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
    gen_guest__ensure_async(e);
    if (e->err)
        return;
    gen_plan p;
    if (gen_plan_func(e->r, f, GEN_IMPORT, true, false, e->a, &p) < 0) {
        e->err = WIT_ENOMEM;
        return;
    }
    const char *cname = gen_guest__nn(e, gen_cnames_func(&e->n, owner, f, false));
    gen_guest__claim(e, cname, f->span);
    if (p.params_indirect)
        gen_guest__claim(e, FMT("%s_args_t", cname), f->span);
    const char *imp = FMT("__wasm_import_%s", cname);
    gen_guest__emit_import_decl(e, gen_guest__nn(e, gen_cnames_core_module(&e->n, owner)), FMT("[async-lower]%s", f->name), "int32_t", imp,
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
            P("%s %s;\n", gen_guest__ctype(e, f->params[i].type, false), gen_guest__cident(e, f->params[i].name));
        P("} %s_args_t;\n\n", cname);
        wit_buf_printf(&b, "%s_args_t *%s", cname, args);
        first = false;
    } else {
        params_decl(e, &b, f, false, &first);
    }
    if (f->has_result) {
        wit_buf_printf(&b, "%s%s *%s", first ? "" : ", ", gen_guest__ctype(e, f->result, false), res);
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
    gen_guest__emit_docs(w, &f->docs);
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
            const char *pn = gen_guest__cident(e, f->params[i].name);
            const char *v = pn;
            switch (param_pass(e, f->params[i].type)) {
            case PASS_VALUE: break;
            case PASS_PTR: v = FMT("(*%s)", pn); break;
            case PASS_MAYBE:
                v = FMT("_arg%u", i);
                P("%s _arg%u;\n", gen_guest__ctype(e, f->params[i].type, false), i);
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
    const char *module = gen_guest__nn(e, gen_cnames_core_module(&e->n, owner));
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
    gen_guest__emit_import_decl(e, emod, FMT("[task-return]%s", f->name), "void", imp, decl.data ? decl.data : "void");
    const char *param = "void";
    bool ptr = f->has_result && !by_value(e, f->result);
    if (f->has_result)
        param = FMT("%s %sret", gen_guest__ctype(e, f->result, true), ptr ? "*" : "");
    gen_cwriter *hw = &e->h;
    gen_cw_section(hw, H_HELPERS);
    gen_cw_printf(hw, "// Completes the async export %s (call exactly once); the value stays yours.\n", cname);
    gen_cw_printf(hw, "void %s_return(%s);\n\n", cname, param);
    gen_cw_section(w, C_EXPORTS);
    P("void %s_return(%s) {\n", cname, param);
    if (f->has_result) {
        P("%s _ret = %sret;\n", gen_guest__ctype(e, f->result, true), ptr ? "*" : "");
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