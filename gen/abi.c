/* Canonical-ABI layout and plans for wasm32.
 *
 * Everything follows from three recursive functions over a type — size, alignment and
 * flattening — written once here, so the C emitter and the host-stub emitter never
 * re-derive an offset. The one idea that keeps flattening cheap: it counts with a cap,
 * because a caller only ever needs to know "more than MAX_FLAT" and the first MAX_FLAT
 * slots (a 2^20-element fixed-length list must not be walked element by element). */
#include "abi.h"

#include <string.h>

const char *gen_core_name(gen_core c)
{
    switch (c) {
    case GEN_I32: return "i32";
    case GEN_I64: return "i64";
    case GEN_F32: return "f32";
    case GEN_F64: return "f64";
    }
    return "?";
}

gen_core gen_abi_join(gen_core a, gen_core b)
{
    if (a == b)
        return a;
    if ((a == GEN_I32 && b == GEN_F32) || (a == GEN_F32 && b == GEN_I32))
        return GEN_I32;
    return GEN_I64;
}

uint32_t gen_abi_align_to(uint32_t n, uint32_t align)
{
    return (n + align - 1) & ~(align - 1);
}

uint32_t gen_abi_disc_size(uint32_t ncases)
{
    if (ncases <= 256)
        return 1;
    if (ncases <= 65536)
        return 2;
    return 4;
}

static const wit_typedef *tdef(const wit_resolve *r, wit_type t)
{
    return t.prim == WIT_TYPE_ID ? &r->types[t.id] : NULL;
}

uint32_t gen_abi_ncases(const wit_resolve *r, const wit_typedef *td)
{
    (void)r;
    switch (td->kind) {
    case WIT_TD_VARIANT:
    case WIT_TD_ENUM: return td->u.variant.n;
    case WIT_TD_OPTION:
    case WIT_TD_RESULT: return 2;
    default: return 0;
    }
}

void gen_abi_case(const wit_resolve *r, const wit_typedef *td, uint32_t i, bool *has, wit_type *type)
{
    (void)r;
    *has = false;
    type->prim = WIT_BOOL;
    type->id = WIT_NONE;
    switch (td->kind) {
    case WIT_TD_VARIANT:
        *has = td->u.variant.cases[i].has_type;
        if (*has)
            *type = td->u.variant.cases[i].type;
        break;
    case WIT_TD_OPTION:
        if (i == 1) {
            *has = true;
            *type = td->u.elem;
        }
        break;
    case WIT_TD_RESULT:
        *has = i == 0 ? td->u.result.has_ok : td->u.result.has_err;
        if (*has)
            *type = i == 0 ? td->u.result.ok : td->u.result.err;
        break;
    default: break;
    }
}

static uint32_t flags_words(uint32_t n)
{
    return (n + 31) / 32;
}

static uint32_t max_case_align(const wit_resolve *r, const wit_typedef *td)
{
    uint32_t a = 1, n = gen_abi_ncases(r, td);
    for (uint32_t i = 0; i < n; i++) {
        bool has;
        wit_type t;
        gen_abi_case(r, td, i, &has, &t);
        if (has) {
            uint32_t ca = gen_abi_align(r, t);
            if (ca > a)
                a = ca;
        }
    }
    return a;
}

uint32_t gen_abi_align(const wit_resolve *r, wit_type t)
{
    switch (t.prim) {
    case WIT_BOOL: case WIT_U8: case WIT_S8: return 1;
    case WIT_U16: case WIT_S16: return 2;
    case WIT_U32: case WIT_S32: case WIT_CHAR: case WIT_F32: return 4;
    case WIT_U64: case WIT_S64: case WIT_F64: return 8;
    case WIT_STRING: case WIT_ERROR_CONTEXT: return 4;
    case WIT_TYPE_ID: break;
    }
    const wit_typedef *td = tdef(r, t);
    switch (td->kind) {
    case WIT_TD_RECORD: {
        uint32_t a = 1;
        for (uint32_t i = 0; i < td->u.record.n; i++) {
            uint32_t fa = gen_abi_align(r, td->u.record.fields[i].type);
            if (fa > a)
                a = fa;
        }
        return a;
    }
    case WIT_TD_TUPLE: {
        uint32_t a = 1;
        for (uint32_t i = 0; i < td->u.tuple.n; i++) {
            uint32_t fa = gen_abi_align(r, td->u.tuple.types[i]);
            if (fa > a)
                a = fa;
        }
        return a;
    }
    case WIT_TD_FLAGS: {
        uint32_t n = td->u.variant.n;
        return n <= 8 ? 1 : n <= 16 ? 2 : 4;
    }
    case WIT_TD_VARIANT: case WIT_TD_ENUM: case WIT_TD_OPTION: case WIT_TD_RESULT: {
        uint32_t d = gen_abi_disc_size(gen_abi_ncases(r, td));
        uint32_t m = max_case_align(r, td);
        return d > m ? d : m;
    }
    case WIT_TD_LIST: case WIT_TD_MAP: return 4;
    case WIT_TD_FIXED_LIST: return gen_abi_align(r, td->u.fixed.elem);
    case WIT_TD_ALIAS: return gen_abi_align(r, td->u.elem);
    case WIT_TD_RESOURCE: case WIT_TD_HANDLE: case WIT_TD_FUTURE: case WIT_TD_STREAM:
    case WIT_TD_UNKNOWN: return 4;
    }
    return 4;
}

uint32_t gen_abi_field_offset(const wit_resolve *r, const wit_typedef *td, uint32_t i)
{
    uint32_t off = 0;
    for (uint32_t k = 0;; k++) {
        wit_type ft = td->kind == WIT_TD_RECORD ? td->u.record.fields[k].type : td->u.tuple.types[k];
        off = gen_abi_align_to(off, gen_abi_align(r, ft));
        if (k == i)
            return off;
        off += gen_abi_size(r, ft);
    }
}

uint32_t gen_abi_payload_offset(const wit_resolve *r, const wit_typedef *td)
{
    uint32_t d = gen_abi_disc_size(gen_abi_ncases(r, td));
    return gen_abi_align_to(d, max_case_align(r, td));
}

uint32_t gen_abi_size(const wit_resolve *r, wit_type t)
{
    switch (t.prim) {
    case WIT_BOOL: case WIT_U8: case WIT_S8: return 1;
    case WIT_U16: case WIT_S16: return 2;
    case WIT_U32: case WIT_S32: case WIT_CHAR: case WIT_F32: return 4;
    case WIT_U64: case WIT_S64: case WIT_F64: return 8;
    case WIT_STRING: return 8;
    case WIT_ERROR_CONTEXT: return 4;
    case WIT_TYPE_ID: break;
    }
    const wit_typedef *td = tdef(r, t);
    switch (td->kind) {
    case WIT_TD_RECORD:
    case WIT_TD_TUPLE: {
        uint32_t n = td->kind == WIT_TD_RECORD ? td->u.record.n : td->u.tuple.n;
        uint32_t off = 0;
        for (uint32_t i = 0; i < n; i++) {
            wit_type ft = td->kind == WIT_TD_RECORD ? td->u.record.fields[i].type : td->u.tuple.types[i];
            off = gen_abi_align_to(off, gen_abi_align(r, ft)) + gen_abi_size(r, ft);
        }
        return gen_abi_align_to(off, gen_abi_align(r, t));
    }
    case WIT_TD_FLAGS: {
        uint32_t n = td->u.variant.n;
        if (n == 0)
            return 0;
        return n <= 8 ? 1 : n <= 16 ? 2 : 4 * flags_words(n);
    }
    case WIT_TD_VARIANT: case WIT_TD_ENUM: case WIT_TD_OPTION: case WIT_TD_RESULT: {
        uint32_t s = gen_abi_payload_offset(r, td), m = 0, n = gen_abi_ncases(r, td);
        for (uint32_t i = 0; i < n; i++) {
            bool has;
            wit_type ct;
            gen_abi_case(r, td, i, &has, &ct);
            if (has) {
                uint32_t cs = gen_abi_size(r, ct);
                if (cs > m)
                    m = cs;
            }
        }
        return gen_abi_align_to(s + m, gen_abi_align(r, t));
    }
    case WIT_TD_LIST: case WIT_TD_MAP: return 8;
    case WIT_TD_FIXED_LIST: return td->u.fixed.len * gen_abi_size(r, td->u.fixed.elem);
    case WIT_TD_ALIAS: return gen_abi_size(r, td->u.elem);
    case WIT_TD_RESOURCE: case WIT_TD_HANDLE: case WIT_TD_FUTURE: case WIT_TD_STREAM:
    case WIT_TD_UNKNOWN: return 4;
    }
    return 4;
}

/* Appends flat types of t to out[*n...]; stops once *n > cap. */
static void flat(const wit_resolve *r, wit_type t, gen_core *out, uint32_t cap, uint32_t *n)
{
    if (*n > cap)
        return;
#define PUSH(c) do { if (*n < cap) out[*n] = (c); (*n)++; } while (0)
    switch (t.prim) {
    case WIT_BOOL: case WIT_U8: case WIT_S8: case WIT_U16: case WIT_S16:
    case WIT_U32: case WIT_S32: case WIT_CHAR: case WIT_ERROR_CONTEXT:
        PUSH(GEN_I32);
        return;
    case WIT_U64: case WIT_S64: PUSH(GEN_I64); return;
    case WIT_F32: PUSH(GEN_F32); return;
    case WIT_F64: PUSH(GEN_F64); return;
    case WIT_STRING: PUSH(GEN_I32); PUSH(GEN_I32); return;
    case WIT_TYPE_ID: break;
    }
    const wit_typedef *td = tdef(r, t);
    switch (td->kind) {
    case WIT_TD_RECORD:
        for (uint32_t i = 0; i < td->u.record.n && *n <= cap; i++)
            flat(r, td->u.record.fields[i].type, out, cap, n);
        return;
    case WIT_TD_TUPLE:
        for (uint32_t i = 0; i < td->u.tuple.n && *n <= cap; i++)
            flat(r, td->u.tuple.types[i], out, cap, n);
        return;
    case WIT_TD_FLAGS:
        for (uint32_t i = 0; i < flags_words(td->u.variant.n); i++)
            PUSH(GEN_I32);
        return;
    case WIT_TD_VARIANT: case WIT_TD_ENUM: case WIT_TD_OPTION: case WIT_TD_RESULT: {
        uint32_t start = *n;
        PUSH(GEN_I32);
        uint32_t width = 0, nc = gen_abi_ncases(r, td);
        for (uint32_t i = 0; i < nc; i++) {
            bool has;
            wit_type ct;
            gen_abi_case(r, td, i, &has, &ct);
            if (!has)
                continue;
            gen_core tmp[GEN_MAX_FLAT_PARAMS + 2];
            uint32_t m = 0;
            flat(r, ct, tmp, GEN_MAX_FLAT_PARAMS + 1, &m);
            if (m > GEN_MAX_FLAT_PARAMS + 1)
                m = GEN_MAX_FLAT_PARAMS + 2; /* too wide: saturate */
            for (uint32_t k = 0; k < m && k < GEN_MAX_FLAT_PARAMS + 1; k++) {
                uint32_t slot = start + 1 + k;
                if (k < width) {
                    if (slot < cap)
                        out[slot] = gen_abi_join(out[slot], tmp[k]);
                } else if (slot < cap) {
                    out[slot] = tmp[k];
                }
            }
            if (m > width)
                width = m;
        }
        *n = start + 1 + width;
        return;
    }
    case WIT_TD_LIST: case WIT_TD_MAP: PUSH(GEN_I32); PUSH(GEN_I32); return;
    case WIT_TD_FIXED_LIST:
        for (uint32_t i = 0; i < td->u.fixed.len && *n <= cap; i++)
            flat(r, td->u.fixed.elem, out, cap, n);
        return;
    case WIT_TD_ALIAS: flat(r, td->u.elem, out, cap, n); return;
    case WIT_TD_RESOURCE: case WIT_TD_HANDLE: case WIT_TD_FUTURE: case WIT_TD_STREAM:
    case WIT_TD_UNKNOWN: PUSH(GEN_I32); return;
    }
#undef PUSH
}

uint32_t gen_abi_flatten(const wit_resolve *r, wit_type t, gen_core *out, uint32_t cap)
{
    uint32_t n = 0;
    flat(r, t, out, cap, &n);
    return n;
}

uint32_t gen_abi_flat_count(const wit_resolve *r, wit_type t, uint32_t limit)
{
    gen_core tmp[64];
    uint32_t cap = limit < 63 ? limit : 63;
    uint32_t n = 0;
    flat(r, t, tmp, cap, &n);
    return n > limit ? limit + 1 : n;
}

static bool walk_any(const wit_resolve *r, wit_type t, bool borrow, unsigned depth)
{
    if (depth > 200)
        return false;
    if (t.prim == WIT_STRING)
        return !borrow;
    if (t.prim != WIT_TYPE_ID)
        return false;
    const wit_typedef *td = tdef(r, t);
    switch (td->kind) {
    case WIT_TD_RECORD:
        for (uint32_t i = 0; i < td->u.record.n; i++)
            if (walk_any(r, td->u.record.fields[i].type, borrow, depth + 1))
                return true;
        return false;
    case WIT_TD_TUPLE:
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            if (walk_any(r, td->u.tuple.types[i], borrow, depth + 1))
                return true;
        return false;
    case WIT_TD_VARIANT: case WIT_TD_OPTION: case WIT_TD_RESULT: {
        uint32_t nc = gen_abi_ncases(r, td);
        for (uint32_t i = 0; i < nc; i++) {
            bool has;
            wit_type ct;
            gen_abi_case(r, td, i, &has, &ct);
            if (has && walk_any(r, ct, borrow, depth + 1))
                return true;
        }
        return false;
    }
    case WIT_TD_LIST: return !borrow || walk_any(r, td->u.elem, borrow, depth + 1);
    case WIT_TD_MAP:
        return !borrow || walk_any(r, td->u.map.key, borrow, depth + 1) ||
               walk_any(r, td->u.map.value, borrow, depth + 1);
    case WIT_TD_FIXED_LIST: return walk_any(r, td->u.fixed.elem, borrow, depth + 1);
    case WIT_TD_ALIAS: return walk_any(r, td->u.elem, borrow, depth + 1);
    case WIT_TD_HANDLE: return borrow && td->u.handle.borrow;
    default: return false;
    }
}

bool gen_abi_owns_memory(const wit_resolve *r, wit_type t)
{
    return walk_any(r, t, false, 0);
}

bool gen_abi_has_borrow(const wit_resolve *r, wit_type t)
{
    return walk_any(r, t, true, 0);
}

static void find_fs(const wit_resolve *r, wit_type t, wit_id *out, uint32_t cap, uint32_t *n, unsigned depth)
{
    if (t.prim != WIT_TYPE_ID || depth > 200)
        return;
    const wit_typedef *td = tdef(r, t);
    switch (td->kind) {
    case WIT_TD_RECORD:
        for (uint32_t i = 0; i < td->u.record.n; i++)
            find_fs(r, td->u.record.fields[i].type, out, cap, n, depth + 1);
        break;
    case WIT_TD_TUPLE:
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            find_fs(r, td->u.tuple.types[i], out, cap, n, depth + 1);
        break;
    case WIT_TD_VARIANT:
        for (uint32_t i = 0; i < td->u.variant.n; i++)
            if (td->u.variant.cases[i].has_type)
                find_fs(r, td->u.variant.cases[i].type, out, cap, n, depth + 1);
        break;
    case WIT_TD_OPTION: case WIT_TD_LIST: case WIT_TD_ALIAS: find_fs(r, td->u.elem, out, cap, n, depth + 1); break;
    case WIT_TD_FIXED_LIST: find_fs(r, td->u.fixed.elem, out, cap, n, depth + 1); break;
    case WIT_TD_RESULT:
        if (td->u.result.has_ok)
            find_fs(r, td->u.result.ok, out, cap, n, depth + 1);
        if (td->u.result.has_err)
            find_fs(r, td->u.result.err, out, cap, n, depth + 1);
        break;
    case WIT_TD_MAP:
        find_fs(r, td->u.map.key, out, cap, n, depth + 1);
        find_fs(r, td->u.map.value, out, cap, n, depth + 1);
        break;
    case WIT_TD_FUTURE: case WIT_TD_STREAM:
        if (td->u.async.has)
            find_fs(r, td->u.async.elem, out, cap, n, depth + 1);
        if (*n < cap)
            out[*n] = t.id;
        (*n)++;
        break;
    default: break;
    }
}

uint32_t gen_abi_futures_streams(const wit_resolve *r, const wit_func *f, wit_id *out, uint32_t cap)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < f->nparams; i++)
        find_fs(r, f->params[i].type, out, cap, &n, 0);
    if (f->has_result)
        find_fs(r, f->result, out, cap, &n, 0);
    return n;
}

/* ---- plans ---- */

static gen_step *push_step(gen_plan *p, gen_step_kind k, uint32_t arg, uint32_t fl, uint32_t nfl, uint32_t off)
{
    gen_step *s = &p->steps[p->nsteps++];
    s->kind = k;
    s->arg = arg;
    s->flat = fl;
    s->nflat = nfl;
    s->offset = off;
    return s;
}

int gen_plan_func(const wit_resolve *r, const wit_func *f, gen_dir dir, bool async, bool autodrop,
                  wit_arena *arena, gen_plan *out)
{
    memset(out, 0, sizeof *out);
    out->dir = dir;
    out->async = async;
    out->func = f;
    out->steps = wit_arena_alloc(arena, sizeof(gen_step) * (2u * f->nparams + 8u));
    if (!out->steps)
        return -1;

    /* parameters */
    uint32_t max_params = (async && dir == GEN_IMPORT) ? GEN_MAX_FLAT_ASYNC_PARAMS : GEN_MAX_FLAT_PARAMS;
    uint32_t total = 0;
    for (uint32_t i = 0; i < f->nparams && total <= max_params; i++)
        total += gen_abi_flat_count(r, f->params[i].type, max_params);
    out->params_indirect = total > max_params;
    uint32_t off = 0, align = 1;
    for (uint32_t i = 0; i < f->nparams; i++) {
        uint32_t a = gen_abi_align(r, f->params[i].type);
        off = gen_abi_align_to(off, a) + gen_abi_size(r, f->params[i].type);
        if (a > align)
            align = a;
        if (gen_abi_has_borrow(r, f->params[i].type))
            out->borrows_in_params = true;
    }
    out->params_size = gen_abi_align_to(off, align);
    out->params_align = align;
    if (out->params_indirect) {
        out->core_params[out->ncore_params++] = GEN_I32;
    } else {
        for (uint32_t i = 0; i < f->nparams; i++)
            out->ncore_params += gen_abi_flatten(r, f->params[i].type, out->core_params + out->ncore_params,
                                                 GEN_PLAN_MAX_CORE - out->ncore_params);
    }

    /* results */
    uint32_t nres = f->has_result ? gen_abi_flat_count(r, f->result, GEN_MAX_FLAT_RESULTS) : 0;
    if (f->has_result) {
        out->results_size = gen_abi_size(r, f->result);
        out->results_align = gen_abi_align(r, f->result);
    }
    if (async) {
        /* async-lower: result always through an out-pointer, status i32 result;
         * callback lift: i32 code result, the value goes through task.return */
        out->results_indirect = f->has_result && dir == GEN_IMPORT;
        out->retptr_param = out->results_indirect;
        if (out->retptr_param)
            out->core_params[out->ncore_params++] = GEN_I32;
        out->core_results[0] = GEN_I32;
        out->ncore_results = 1;
    } else if (nres > GEN_MAX_FLAT_RESULTS) {
        out->results_indirect = true;
        if (dir == GEN_IMPORT) {
            out->retptr_param = true;
            out->core_params[out->ncore_params++] = GEN_I32;
        } else {
            out->core_results[0] = GEN_I32;
            out->ncore_results = 1;
        }
    } else if (nres == 1) {
        gen_abi_flatten(r, f->result, out->core_results, 1);
        out->ncore_results = 1;
    }
    out->post_return = dir == GEN_EXPORT && !async && f->has_result && gen_abi_owns_memory(r, f->result);

    /* steps */
    uint32_t noarg = UINT32_MAX;
    if (dir == GEN_IMPORT) {
        if (out->params_indirect)
            push_step(out, GEN_STEP_PARAM_AREA, noarg, 0, 1, 0);
        uint32_t slot = 0;
        off = 0;
        for (uint32_t i = 0; i < f->nparams; i++) {
            wit_type t = f->params[i].type;
            if (out->params_indirect) {
                off = gen_abi_align_to(off, gen_abi_align(r, t));
                push_step(out, GEN_STEP_STORE_ARG, i, 0, 0, off);
                off += gen_abi_size(r, t);
            } else {
                uint32_t n = gen_abi_flat_count(r, t, GEN_MAX_FLAT_PARAMS);
                push_step(out, GEN_STEP_LOWER_FLAT, i, slot, n, 0);
                slot += n;
            }
        }
        if (out->retptr_param)
            push_step(out, GEN_STEP_RET_AREA, noarg, out->ncore_params - 1, 1, 0);
        push_step(out, GEN_STEP_CALL_IMPORT, noarg, 0, 0, 0);
        if (f->has_result && !async) {
            if (out->results_indirect)
                push_step(out, GEN_STEP_LOAD_RESULT, noarg, 0, 0, 0);
            else
                push_step(out, GEN_STEP_LIFT_RESULT_FLAT, noarg, 0, out->ncore_results, 0);
        }
    } else {
        uint32_t slot = 0;
        off = 0;
        for (uint32_t i = 0; i < f->nparams; i++) {
            wit_type t = f->params[i].type;
            if (out->params_indirect) {
                off = gen_abi_align_to(off, gen_abi_align(r, t));
                push_step(out, GEN_STEP_LOAD_ARG, i, 0, 1, off);
                off += gen_abi_size(r, t);
            } else {
                uint32_t n = gen_abi_flat_count(r, t, GEN_MAX_FLAT_PARAMS);
                push_step(out, GEN_STEP_LIFT_FLAT, i, slot, n, 0);
                slot += n;
            }
        }
        if (out->params_indirect)
            push_step(out, GEN_STEP_FREE_PARAM_AREA, noarg, 0, 1, 0);
        push_step(out, GEN_STEP_CALL_USER, noarg, 0, 0, 0);
        if (autodrop && out->borrows_in_params)
            push_step(out, GEN_STEP_DROP_BORROWS, noarg, 0, 0, 0);
        if (f->has_result) {
            if (async)
                push_step(out, GEN_STEP_TASK_RETURN, noarg, 0, 0, 0);
            else if (out->results_indirect)
                push_step(out, GEN_STEP_STORE_RESULT, noarg, 0, 1, 0);
            else
                push_step(out, GEN_STEP_LOWER_RESULT_FLAT, noarg, 0, out->ncore_results, 0);
        }
    }
    return 0;
}
