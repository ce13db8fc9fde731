/* Unit tests of the canonical-ABI planner (gen/abi.c) on hand-built Resolves: layout and
 * flattening of the worked examples in reference/wit-and-abi.md §2.2, and function plans
 * (spilling, return areas, post-return) — without looking at any C text. */
#include <criterion/criterion.h>
#include <string.h>

#include "abi.h"

static wit_typedef types[64];
static wit_resolve R;

static void reset(void)
{
    memset(types, 0, sizeof types);
    memset(&R, 0, sizeof R);
    R.types = types;
}

static wit_type P(wit_prim p)
{
    wit_type t = {p, WIT_NONE};
    return t;
}

static wit_type add(wit_typedef td)
{
    types[R.ntypes] = td;
    wit_type t = {WIT_TYPE_ID, R.ntypes++};
    return t;
}

static wit_type option_of(wit_type e)
{
    wit_typedef td = {0};
    td.kind = WIT_TD_OPTION;
    td.u.elem = e;
    return add(td);
}

static wit_type list_of(wit_type e)
{
    wit_typedef td = {0};
    td.kind = WIT_TD_LIST;
    td.u.elem = e;
    return add(td);
}

static wit_type result_of(bool ho, wit_type ok, bool he, wit_type err)
{
    wit_typedef td = {0};
    td.kind = WIT_TD_RESULT;
    td.u.result.has_ok = ho;
    td.u.result.ok = ok;
    td.u.result.has_err = he;
    td.u.result.err = err;
    return add(td);
}

static wit_field fbuf[64];
static uint32_t nf;

static wit_type record_of(uint32_t n, const wit_type *ft)
{
    wit_typedef td = {0};
    td.kind = WIT_TD_RECORD;
    td.name = "r";
    td.u.record.fields = &fbuf[nf];
    td.u.record.n = n;
    for (uint32_t i = 0; i < n; i++) {
        fbuf[nf].name = "f";
        fbuf[nf++].type = ft[i];
    }
    return add(td);
}

static wit_type tbuf[64];
static uint32_t nt;

static wit_type tuple_of(uint32_t n, const wit_type *et)
{
    wit_typedef td = {0};
    td.kind = WIT_TD_TUPLE;
    td.u.tuple.types = &tbuf[nt];
    td.u.tuple.n = n;
    for (uint32_t i = 0; i < n; i++)
        tbuf[nt++] = et[i];
    return add(td);
}

static void check_flat(wit_type t, uint32_t n, const gen_core *want)
{
    gen_core got[32];
    cr_assert_eq(gen_abi_flatten(&R, t, got, 32), n);
    for (uint32_t i = 0; i < n; i++)
        cr_assert_eq(got[i], want[i], "slot %u: %s != %s", i, gen_core_name(got[i]), gen_core_name(want[i]));
}

Test(gen_abi, join_rules)
{
    cr_assert_eq(gen_abi_join(GEN_I32, GEN_I32), GEN_I32);
    cr_assert_eq(gen_abi_join(GEN_I32, GEN_F32), GEN_I32);
    cr_assert_eq(gen_abi_join(GEN_F32, GEN_I32), GEN_I32);
    cr_assert_eq(gen_abi_join(GEN_F32, GEN_I64), GEN_I64);
    cr_assert_eq(gen_abi_join(GEN_F64, GEN_I32), GEN_I64);
    cr_assert_eq(gen_abi_join(GEN_F64, GEN_F64), GEN_F64);
    cr_assert_eq(gen_abi_disc_size(256), 1);
    cr_assert_eq(gen_abi_disc_size(257), 2);
    cr_assert_eq(gen_abi_disc_size(65537), 4);
}

Test(gen_abi, worked_examples)
{
    reset();
    nf = nt = 0;
    wit_type o64 = option_of(P(WIT_U64));
    cr_assert_eq(gen_abi_size(&R, o64), 16);
    cr_assert_eq(gen_abi_align(&R, o64), 8);
    cr_assert_eq(gen_abi_payload_offset(&R, &types[o64.id]), 8);
    check_flat(o64, 2, (gen_core[]){GEN_I32, GEN_I64});

    wit_type of32 = option_of(P(WIT_F32));
    cr_assert_eq(gen_abi_size(&R, of32), 8);
    check_flat(of32, 2, (gen_core[]){GEN_I32, GEN_F32});

    wit_type rs = result_of(true, P(WIT_STRING), true, P(WIT_U32));
    cr_assert_eq(gen_abi_size(&R, rs), 12);
    cr_assert_eq(gen_abi_align(&R, rs), 4);
    check_flat(rs, 3, (gen_core[]){GEN_I32, GEN_I32, GEN_I32});

    wit_type rf = result_of(true, P(WIT_F32), true, P(WIT_U64));
    cr_assert_eq(gen_abi_size(&R, rf), 16);
    check_flat(rf, 2, (gen_core[]){GEN_I32, GEN_I64});

    wit_type rec = record_of(3, (wit_type[]){P(WIT_U8), P(WIT_U32), P(WIT_U16)});
    cr_assert_eq(gen_abi_size(&R, rec), 12);
    cr_assert_eq(gen_abi_field_offset(&R, &types[rec.id], 1), 4);
    cr_assert_eq(gen_abi_field_offset(&R, &types[rec.id], 2), 8);
    check_flat(rec, 3, (gen_core[]){GEN_I32, GEN_I32, GEN_I32});

    /* variant {a, b(tuple<u8, f64>)} */
    wit_type tup = tuple_of(2, (wit_type[]){P(WIT_U8), P(WIT_F64)});
    wit_case cases[2] = {{.name = "a"}, {.name = "b", .has_type = true, .type = tup}};
    wit_typedef vd = {0};
    vd.kind = WIT_TD_VARIANT;
    vd.u.variant.cases = cases;
    vd.u.variant.n = 2;
    wit_type v = add(vd);
    cr_assert_eq(gen_abi_size(&R, v), 24);
    cr_assert_eq(gen_abi_align(&R, v), 8);
    cr_assert_eq(gen_abi_payload_offset(&R, &types[v.id]), 8);
    check_flat(v, 3, (gen_core[]){GEN_I32, GEN_I32, GEN_F64});

    wit_type ls = list_of(P(WIT_STRING));
    cr_assert_eq(gen_abi_size(&R, ls), 8);
    cr_assert(gen_abi_owns_memory(&R, ls));
    cr_assert_not(gen_abi_owns_memory(&R, o64));
}

Test(gen_abi, variant_join_and_empty_cases)
{
    reset();
    nf = nt = 0;
    /* variant { a(f32), b(u32), c(f64), d } -> [i32, i64] */
    wit_case cases[4] = {{.name = "a", .has_type = true, .type = {WIT_F32, WIT_NONE}},
                         {.name = "b", .has_type = true, .type = {WIT_U32, WIT_NONE}},
                         {.name = "c", .has_type = true, .type = {WIT_F64, WIT_NONE}},
                         {.name = "d"}};
    wit_typedef vd = {0};
    vd.kind = WIT_TD_VARIANT;
    vd.u.variant.cases = cases;
    vd.u.variant.n = 4;
    wit_type v = add(vd);
    check_flat(v, 2, (gen_core[]){GEN_I32, GEN_I64});
    /* variant { a(f32), b(u32) } -> [i32, i32] */
    vd.u.variant.n = 2;
    wit_type v2 = add(vd);
    check_flat(v2, 2, (gen_core[]){GEN_I32, GEN_I32});
    wit_type r0 = result_of(false, P(WIT_BOOL), false, P(WIT_BOOL));
    cr_assert_eq(gen_abi_size(&R, r0), 1);
    check_flat(r0, 1, (gen_core[]){GEN_I32});
}

Test(gen_abi, flags_and_fixed_lists)
{
    reset();
    wit_case fl[33];
    memset(fl, 0, sizeof fl);
    wit_typedef td = {0};
    td.kind = WIT_TD_FLAGS;
    td.u.variant.cases = fl;
    uint32_t ns[] = {1, 8, 9, 16, 17, 32};
    uint32_t sz[] = {1, 1, 2, 2, 4, 4};
    for (int i = 0; i < 6; i++) {
        td.u.variant.n = ns[i];
        wit_type t = add(td);
        cr_assert_eq(gen_abi_size(&R, t), sz[i]);
        cr_assert_eq(gen_abi_align(&R, t), sz[i]);
        check_flat(t, 1, (gen_core[]){GEN_I32});
    }
    wit_typedef fx = {0};
    fx.kind = WIT_TD_FIXED_LIST;
    fx.u.fixed.elem = P(WIT_U16);
    fx.u.fixed.len = 3;
    wit_type f3 = add(fx);
    cr_assert_eq(gen_abi_size(&R, f3), 6);
    cr_assert_eq(gen_abi_align(&R, f3), 2);
    check_flat(f3, 3, (gen_core[]){GEN_I32, GEN_I32, GEN_I32});
    fx.u.fixed.len = 1u << 20;
    wit_type big = add(fx);
    cr_assert_eq(gen_abi_flat_count(&R, big, 16), 17);
    cr_assert_eq(gen_abi_size(&R, big), 2u << 20);
}

static wit_func mkfunc(wit_param *ps, uint32_t n, bool has_result, wit_type result)
{
    wit_func f;
    memset(&f, 0, sizeof f);
    f.name = "f";
    f.params = ps;
    f.nparams = n;
    f.has_result = has_result;
    f.result = result;
    return f;
}

Test(gen_abi, plan_point_and_option_with_retptr)
{
    reset();
    nf = nt = 0;
    /* params `record pt {x: f32, y: string}`, `option<u64>` -> [f32, i32, i32, i32, i64] (+ retptr) */
    wit_type pt = record_of(2, (wit_type[]){P(WIT_F32), P(WIT_STRING)});
    wit_type o64 = option_of(P(WIT_U64));
    wit_param ps[2] = {{.name = "p", .type = pt}, {.name = "o", .type = o64}};
    wit_func f = mkfunc(ps, 2, true, P(WIT_STRING));
    wit_arena *a = wit_arena_new();
    gen_plan p;
    cr_assert_eq(gen_plan_func(&R, &f, GEN_IMPORT, false, false, a, &p), 0);
    gen_core want[] = {GEN_F32, GEN_I32, GEN_I32, GEN_I32, GEN_I64, GEN_I32};
    cr_assert_eq(p.ncore_params, 6);
    for (int i = 0; i < 6; i++)
        cr_assert_eq(p.core_params[i], want[i]);
    cr_assert_eq(p.ncore_results, 0);
    cr_assert(p.retptr_param);
    cr_assert_eq(p.results_size, 8);
    cr_assert_eq(p.nsteps, 5);
    cr_assert_eq(p.steps[0].kind, GEN_STEP_LOWER_FLAT);
    cr_assert_eq(p.steps[1].kind, GEN_STEP_LOWER_FLAT);
    cr_assert_eq(p.steps[1].flat, 3);
    cr_assert_eq(p.steps[1].nflat, 2);
    cr_assert_eq(p.steps[2].kind, GEN_STEP_RET_AREA);
    cr_assert_eq(p.steps[3].kind, GEN_STEP_CALL_IMPORT);
    cr_assert_eq(p.steps[4].kind, GEN_STEP_LOAD_RESULT);

    cr_assert_eq(gen_plan_func(&R, &f, GEN_EXPORT, false, false, a, &p), 0);
    cr_assert_eq(p.ncore_params, 5);
    cr_assert_eq(p.ncore_results, 1);
    cr_assert_eq(p.core_results[0], GEN_I32);
    cr_assert(p.post_return);
    cr_assert_eq(p.steps[p.nsteps - 1].kind, GEN_STEP_STORE_RESULT);
    wit_arena_free(a);
}

Test(gen_abi, plan_spills_seventeen_params)
{
    reset();
    wit_param ps[17];
    for (int i = 0; i < 17; i++) {
        ps[i].name = "x";
        ps[i].type = P(i == 1 ? WIT_U64 : WIT_U8);
    }
    wit_func f = mkfunc(ps, 16, true, P(WIT_U32));
    wit_arena *a = wit_arena_new();
    gen_plan p;
    cr_assert_eq(gen_plan_func(&R, &f, GEN_IMPORT, false, false, a, &p), 0);
    cr_assert_not(p.params_indirect);
    cr_assert_eq(p.ncore_params, 16);
    cr_assert_eq(p.ncore_results, 1);
    f.nparams = 17;
    cr_assert_eq(gen_plan_func(&R, &f, GEN_IMPORT, false, false, a, &p), 0);
    cr_assert(p.params_indirect);
    cr_assert_eq(p.ncore_params, 1);
    cr_assert_eq(p.params_size, 32);
    cr_assert_eq(p.params_align, 8);
    cr_assert_eq(p.steps[0].kind, GEN_STEP_PARAM_AREA);
    cr_assert_eq(p.steps[2].kind, GEN_STEP_STORE_ARG);
    cr_assert_eq(p.steps[2].offset, 8);
    cr_assert_eq(p.steps[3].offset, 16);
    cr_assert_eq(gen_plan_func(&R, &f, GEN_EXPORT, false, false, a, &p), 0);
    cr_assert(p.params_indirect);
    cr_assert_eq(p.steps[17].kind, GEN_STEP_FREE_PARAM_AREA);
    cr_assert_not(p.post_return);
    /* async lower: more than 4 flat params spill */
    f.nparams = 5;
    cr_assert_eq(gen_plan_func(&R, &f, GEN_IMPORT, true, false, a, &p), 0);
    cr_assert(p.params_indirect);
    cr_assert_eq(p.ncore_params, 2); /* in-pointer + out-pointer */
    cr_assert_eq(p.ncore_results, 1);
    wit_arena_free(a);
}

Test(gen_abi, futures_and_streams_in_dfs_post_order)
{
    reset();
    /* f: func(x: future<future<u32>>, y: u32) -> stream<u8>  =>  [future<u32>, future<future<u32>>, stream<u8>] */
    wit_typedef fu = {0};
    fu.kind = WIT_TD_FUTURE;
    fu.u.async.has = true;
    fu.u.async.elem = P(WIT_U32);
    wit_type inner = add(fu);
    fu.u.async.elem = inner;
    wit_type outer = add(fu);
    wit_typedef st = {0};
    st.kind = WIT_TD_STREAM;
    st.u.async.has = true;
    st.u.async.elem = P(WIT_U8);
    wit_type s8 = add(st);
    wit_param ps[2] = {{.name = "x", .type = outer}, {.name = "y", .type = P(WIT_U32)}};
    wit_func f = mkfunc(ps, 2, true, s8);
    wit_id ids[8];
    cr_assert_eq(gen_abi_futures_streams(&R, &f, ids, 8), 3);
    cr_assert_eq(ids[0], inner.id);
    cr_assert_eq(ids[1], outer.id);
    cr_assert_eq(ids[2], s8.id);
    cr_assert_eq(gen_abi_size(&R, outer), 4);
    check_flat(s8, 1, (gen_core[]){GEN_I32});
}

Test(gen_abi, plan_async_export_and_import)
{
    reset();
    wit_param ps[2] = {{.name = "a", .type = P(WIT_STRING)}, {.name = "b", .type = P(WIT_U64)}};
    wit_func f = mkfunc(ps, 2, true, P(WIT_STRING));
    wit_arena *a = wit_arena_new();
    gen_plan p;
    /* callback-lifted export: flat params (<= 16), an i32 code result, the value through task.return */
    cr_assert_eq(gen_plan_func(&R, &f, GEN_EXPORT, true, false, a, &p), 0);
    cr_assert_eq(p.ncore_params, 3);
    cr_assert_eq(p.ncore_results, 1);
    cr_assert_not(p.post_return);
    cr_assert_not(p.retptr_param);
    cr_assert_eq(p.steps[p.nsteps - 1].kind, GEN_STEP_TASK_RETURN);
    /* async-lowered import: 3 flat params fit in 4; the result always through an out-pointer */
    cr_assert_eq(gen_plan_func(&R, &f, GEN_IMPORT, true, false, a, &p), 0);
    cr_assert_not(p.params_indirect);
    cr_assert_eq(p.ncore_params, 4);
    cr_assert(p.retptr_param);
    cr_assert_eq(p.ncore_results, 1);
    /* no result: no out-pointer */
    f.has_result = false;
    cr_assert_eq(gen_plan_func(&R, &f, GEN_IMPORT, true, false, a, &p), 0);
    cr_assert_eq(p.ncore_params, 3);
    cr_assert_not(p.retptr_param);
    wit_arena_free(a);
}

Test(gen_abi, plan_autodrop_only_with_borrows)
{
    reset();
    wit_typedef res = {0};
    res.kind = WIT_TD_RESOURCE;
    res.name = "r";
    wit_type rt = add(res);
    wit_typedef h = {0};
    h.kind = WIT_TD_HANDLE;
    h.u.handle.borrow = true;
    h.u.handle.resource = rt.id;
    wit_type bt = add(h);
    wit_type lb = list_of(bt);
    wit_param ps[1] = {{.name = "x", .type = lb}};
    wit_func f = mkfunc(ps, 1, false, P(WIT_U8));
    wit_arena *a = wit_arena_new();
    gen_plan p;
    cr_assert_eq(gen_plan_func(&R, &f, GEN_EXPORT, false, true, a, &p), 0);
    cr_assert(p.borrows_in_params);
    cr_assert_eq(p.steps[p.nsteps - 1].kind, GEN_STEP_DROP_BORROWS);
    ps[0].type = list_of(P(WIT_STRING));
    cr_assert_eq(gen_plan_func(&R, &f, GEN_EXPORT, false, true, a, &p), 0);
    cr_assert_not(p.borrows_in_params);
    cr_assert_eq(p.steps[p.nsteps - 1].kind, GEN_STEP_CALL_USER);
    wit_arena_free(a);
}
