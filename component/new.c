/* `witc component new`: a core module carrying a `component-type` section becomes a
 * component, the way wit-component's ComponentEncoder builds one (component-binary.md §4).
 *
 * The idea that keeps this small: the world's component type W (decoded from the payload)
 * already holds, in order, every type, alias and import declarator the component needs on
 * its import side, with the same index spaces a component would have. So the declarators
 * of W up to its first export are copied verbatim as top-level type/alias/import sections,
 * and every index into them stays valid. Only the export side is re-encoded: the types of
 * an exported interface are defined at top level (for `canon lift`) and inside a nested
 * component that imports them back as named types and re-exports them with the lifted
 * functions, so the exported instance has exactly the interface's instance type.
 *
 * Imports that need memory or realloc cannot be lowered before the main module exists:
 * they go through a shim module (a funcref table and call_indirect trampolines); a fixup
 * module fills the table once the real lowerings exist, and runs `_initialize` as its
 * start function. Everything else is lowered directly. Exported resources are defined
 * before main (destructors through the shim). An adapter (--adapt) is included whole, given
 * a stack by an added start function, instantiated after main, and serves main's imports of
 * its module through the shim; its world's import side comes first, the main module's own
 * world's is re-encoded after it. Async (the names wit-bindgen's guests use): async lifts
 * with callback or stackful, async lowerings, task.return (its result's types defined at top
 * level before main, remembered for the interface's export) and the `$root` built-ins; those
 * reading the main module's memory go through the shim like lowerings. Future/stream
 * intrinsics (`[future-new-N]f`…) find the N-th future/stream type of f and define it at top
 * level. Not supported yet (clear errors): several `component-type` sections, adapter GC,
 * trimming unused imports. */
#include "component.h"
#include "new.h"

#include "abi.h"
#include "wasmbin.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifndef WITC_COMPONENT_NEW_VERSION
#define WITC_COMPONENT_NEW_VERSION "0.1.0"
#endif

enum { SEC_CORE_MODULE = 1, SEC_CORE_INSTANCE = 2, SEC_CORE_TYPE = 3, SEC_COMPONENT = 4,
       SEC_INSTANCE = 5, SEC_ALIAS = 6, SEC_TYPE = 7, SEC_CANON = 8, SEC_IMPORT = 10,
       SEC_EXPORT = 11 };

/* a resource an exported interface defines */
typedef struct res {
    const char *iface;   /* ns:pkg/i@v */
    const char *name;
    const cmp_scope *body;
    uint32_t inner;      /* its type index in body */
    bool has_dtor;
    uint32_t shim;       /* shim slot of the destructor */
    uint32_t top;        /* the top-level resource type */
} res;

/* one core import of main, classified */
typedef struct imp {
    const cmp_core_import *ci;
    bool indirect;
    uint32_t func;        /* component func to lower (lowerings) */
    const cmp_def *mod;   /* the importing module (main or the adapter) */
    bool adapt;           /* main's import of an adapter export */
    uint8_t intrinsic;    /* 0, or canon opcode 02 new / 03 drop / 04 rep on type `func` */
    struct res *res;      /* intrinsics of an exported resource: its type is res->top */
    const cmp_type *ft;   /* function type (lowerings) */
    bool memory, realloc, strings;
    bool async;           /* an `[async-lower]` import: canon lower … async */
    const cmp_scope *trbody; /* task.return (intrinsic 09) of an interface's function: its body */
    const struct builtin *bi; /* a `$root` async built-in (waitable-set.new …) */
    uint8_t fsop;          /* a future/stream intrinsic: its canon opcode (0x0E…0x1B), else 0 */
    const cmp_def *fsdecl; /* … of a function of this imported instance (NULL: $root or exported) */
    uint32_t fsidx;        /* … on type fsidx of trbody (or of the world when trbody is NULL) */
    uint32_t core_type;   /* main's type index of the import */
    uint32_t core_func;   /* the core func given to main */
} imp;

typedef struct nw {
    cmp_new_opts *o;
    int failed, oom;
    wit_arena *arena;
    gen_wasm_sections secs;
    uint32_t n[CMP_SORT_COUNT];   /* top-level index counts */
    const cmp_scope *w;           /* the world's component type body */
    uint32_t first_export;        /* index in w->defs of the first export declarator */
    uint32_t *wmap_inst;          /* W instance index -> top-level (exports) */
    uint32_t *wmap_type;          /* W type index -> top-level, UINT32_MAX unknown */
    uint32_t *wmap_func;          /* W func index -> top-level */
    const cmp_def *main;          /* main module as decoded */
    const cmp_def *exp;           /* the module whose exports are lifted (main, or the adapter) */
    uint32_t exp_inst;
    const cmp_def *adapter;       /* the adapter module as decoded, or NULL */
    const cmp_scope *wm;          /* with an adapter: the main module's own world (exports only) */
    bool w_copied;                /* n->w's import side was copied verbatim (identity indices) */
    const uint8_t *core;
    cmp_string_encoding enc;
    uint32_t main_inst;
    uint32_t memory;
    bool have_memory;
    uint32_t exp_realloc, imp_realloc, ad_realloc;
    bool have_exp_realloc, have_imp_realloc, have_ad_realloc;
    const wit_buf *adapter_bytes; /* the adapter as included (component-type cut, stack set up) */
    cmp_wit cw;
    res *res;
    uint32_t nres;
    struct bmemo *memos;          /* exported interfaces' types already defined at top level */
} nw;

/* an exported interface's type index -> top-level index, shared by task.return (before
 * main) and the interface's export (after it) so that each type is defined once */
typedef struct bmemo {
    const cmp_scope *body;
    uint32_t *map;
    struct bmemo *next;
} bmemo;

WIT_PRINTF(2, 3)
static void fail(nw *n, const char *fmt, ...)
{
    if (!n->failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(n->o->err, sizeof n->o->err, fmt, ap);
        va_end(ap);
    }
    n->failed = 1;
}

static wit_buf *item(nw *n, uint8_t sec)
{
    return gen_wasm_sections_item(&n->secs, sec);
}

/* ---- core module helpers ---- */

static const cmp_arg *mod_export(const cmp_def *mod, const char *name, uint8_t sort)
{
    for (uint32_t i = 0; i < mod->u.module.nexports; i++) {
        const cmp_arg *a = &mod->u.module.exports[i];
        if (strcmp(a->name, name) == 0 && (int)a->item.sort == sort)
            return a;
    }
    return NULL;
}

static const cmp_arg *main_export(const nw *n, const char *name, uint8_t sort)
{
    for (uint32_t i = 0; i < n->main->u.module.nexports; i++) {
        const cmp_arg *a = &n->main->u.module.exports[i];
        if (strcmp(a->name, name) == 0 && (int)a->item.sort == sort)
            return a;
    }
    return NULL;
}

static uint8_t core_byte(gen_core c)
{
    switch (c) {
    case GEN_I32: return 0x7F;
    case GEN_I64: return 0x7E;
    case GEN_F32: return 0x7D;
    case GEN_F64: return 0x7C;
    }
    return 0;
}

static void sig_text(wit_buf *b, const uint8_t *p, uint32_t np, const uint8_t *r, uint32_t nr)
{
    static const char *const names[] = {"f64", "f32", "i64", "i32"};
    wit_buf_putc(b, '(');
    for (uint32_t i = 0; i < np; i++)
        wit_buf_printf(b, "%s%s", i ? " " : "", p[i] >= 0x7C && p[i] <= 0x7F ? names[p[i] - 0x7C] : "?");
    wit_buf_puts(b, ") -> (");
    for (uint32_t i = 0; i < nr; i++)
        wit_buf_printf(b, "%s%s", i ? " " : "", r[i] >= 0x7C && r[i] <= 0x7F ? names[r[i] - 0x7C] : "?");
    wit_buf_putc(b, ')');
}

/* true when ct is the core function type (p…) -> (r…); else reports "WHAT: wrong core
 * signature (have), NEEDS (want)" and returns false. */
static bool core_sig_ok(nw *n, const cmp_type *ct, const uint8_t *p, uint32_t np, const uint8_t *r,
                        uint32_t nr, const char *what, const char *needs)
{
    if (ct && ct->kind == CMP_TYPE_CORE_FUNC && ct->u.core_func.nparams == np &&
        ct->u.core_func.nresults == nr && memcmp(ct->u.core_func.params, p, np) == 0 &&
        (nr == 0 || memcmp(ct->u.core_func.results, r, nr) == 0))
        return true;
    wit_buf want = WIT_BUF_INIT, have = WIT_BUF_INIT;
    sig_text(&want, p, np, r, nr);
    if (ct && ct->kind == CMP_TYPE_CORE_FUNC)
        sig_text(&have, ct->u.core_func.params, ct->u.core_func.nparams, ct->u.core_func.results,
                 ct->u.core_func.nresults);
    else
        wit_buf_puts(&have, "(not a function)");
    wit_buf_putc(&want, 0);
    wit_buf_putc(&have, 0);
    fail(n, "%s: wrong core signature %s, %s %s", what, have.data ? have.data : "?", needs,
         want.data ? want.data : "?");
    wit_buf_free(&want);
    wit_buf_free(&have);
    return false;
}

/* true when t contains a string (futures and streams are handles: not looked into) */
static bool has_string(const wit_resolve *r, wit_type t, unsigned depth)
{
    if (t.prim == WIT_STRING)
        return true;
    if (t.prim != WIT_TYPE_ID || depth > 200)
        return false;
    const wit_typedef *td = &r->types[t.id];
    bool any = false;
    switch (td->kind) {
    case WIT_TD_RECORD:
        for (uint32_t i = 0; i < td->u.record.n; i++)
            any |= has_string(r, td->u.record.fields[i].type, depth + 1);
        break;
    case WIT_TD_TUPLE:
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            any |= has_string(r, td->u.tuple.types[i], depth + 1);
        break;
    case WIT_TD_VARIANT:
        for (uint32_t i = 0; i < td->u.variant.n; i++)
            any |= td->u.variant.cases[i].has_type && has_string(r, td->u.variant.cases[i].type, depth + 1);
        break;
    case WIT_TD_OPTION: case WIT_TD_LIST: case WIT_TD_ALIAS: any = has_string(r, td->u.elem, depth + 1); break;
    case WIT_TD_FIXED_LIST: any = has_string(r, td->u.fixed.elem, depth + 1); break;
    case WIT_TD_RESULT:
        any = (td->u.result.has_ok && has_string(r, td->u.result.ok, depth + 1)) ||
              (td->u.result.has_err && has_string(r, td->u.result.err, depth + 1));
        break;
    case WIT_TD_MAP:
        any = has_string(r, td->u.map.key, depth + 1) || has_string(r, td->u.map.value, depth + 1);
        break;
    default:
        break;
    }
    return any;
}

static bool func_has_string(const wit_resolve *r, const wit_func *f)
{
    bool any = f->has_result && has_string(r, f->result, 0);
    for (uint32_t i = 0; i < f->nparams; i++)
        any |= has_string(r, f->params[i].type, 0);
    return any;
}

static int check_sig(nw *n, const cmp_type *ft, const char *name, gen_dir dir, bool async, const cmp_type *ct,
                     const char *what, bool *memory, bool *realloc, bool *post_return, bool *strings)
{
    wit_func f;
    gen_plan plan;
    cmp_error ce;
    int rc = cmp_wit_func(&n->cw, ft, name, &f, &ce);
    if (rc == -2) {
        n->oom = 1;
        fail(n, "out of memory");
        return -1;
    }
    if (rc < 0) {
        fail(n, "%s: %s", what, ce.message);
        return -1;
    }
    if (gen_plan_func(&n->cw.resolve, &f, dir, async, false, n->arena, &plan) < 0) {
        n->oom = 1;
        fail(n, "out of memory");
        return -1;
    }
    uint8_t want_p[GEN_PLAN_MAX_CORE], want_r[1];
    for (uint32_t i = 0; i < plan.ncore_params; i++)
        want_p[i] = core_byte(plan.core_params[i]);
    for (uint32_t i = 0; i < plan.ncore_results; i++)
        want_r[i] = core_byte(plan.core_results[i]);
    if (!core_sig_ok(n, ct, want_p, plan.ncore_params, want_r, plan.ncore_results, what,
                     "the canonical ABI needs"))
        return -1;
    bool pmem = plan.params_indirect, rmem = plan.results_indirect || plan.retptr_param;
    for (uint32_t i = 0; i < f.nparams; i++)
        pmem |= gen_abi_owns_memory(&n->cw.resolve, f.params[i].type);
    bool rowns = f.has_result && gen_abi_owns_memory(&n->cw.resolve, f.result);
    *memory = pmem || rmem || rowns;
    bool pown = plan.params_indirect;
    for (uint32_t i = 0; i < f.nparams; i++)
        pown |= gen_abi_owns_memory(&n->cw.resolve, f.params[i].type);
    *realloc = dir == GEN_IMPORT ? rowns : pown;
    *strings = func_has_string(&n->cw.resolve, &f);
    if (post_return)
        *post_return = plan.post_return;
    return 0;
}

/* ---- type re-encoding ---- */

typedef uint32_t (*map_fn)(nw *n, void *ctx, uint32_t idx);

static void put_vt(nw *n, wit_buf *b, cmp_valtype v, map_fn map, void *ctx)
{
    static const uint8_t prim[] = {0, 0x7F, 0x7E, 0x7D, 0x7C, 0x7B, 0x7A, 0x79, 0x78, 0x77,
                                   0x76, 0x75, 0x74, 0x73, 0x64};
    if (v.prim != CMP_PRIM_NONE) {
        gen_wasm_byte(b, prim[v.prim]);
        return;
    }
    uint32_t m = map(n, ctx, v.index);
    if (m == UINT32_MAX) {
        fail(n, "a type reference cannot be re-encoded");
        m = 0;
    }
    gen_wasm_s64(b, m);
}

static void put_opt_vt(nw *n, wit_buf *b, bool has, cmp_valtype v, map_fn map, void *ctx)
{
    gen_wasm_byte(b, has);
    if (has)
        put_vt(n, b, v, map, ctx);
}

/* Appends the defined type t with its type references passed through map. */
static void put_deftype(nw *n, wit_buf *b, const cmp_type *t, map_fn map, void *ctx)
{
    switch (t->kind) {
    case CMP_TYPE_PRIM:
        put_vt(n, b, (cmp_valtype){t->u.prim, 0}, map, ctx);
        break;
    case CMP_TYPE_RECORD:
        gen_wasm_byte(b, 0x72);
        gen_wasm_u32(b, t->u.record.n);
        for (uint32_t i = 0; i < t->u.record.n; i++) {
            gen_wasm_name(b, t->u.record.fields[i].name);
            put_vt(n, b, t->u.record.fields[i].type, map, ctx);
        }
        break;
    case CMP_TYPE_VARIANT:
        gen_wasm_byte(b, 0x71);
        gen_wasm_u32(b, t->u.variant.n);
        for (uint32_t i = 0; i < t->u.variant.n; i++) {
            gen_wasm_name(b, t->u.variant.cases[i].name);
            put_opt_vt(n, b, t->u.variant.cases[i].has_type, t->u.variant.cases[i].type, map, ctx);
            gen_wasm_byte(b, 0);
        }
        break;
    case CMP_TYPE_LIST:
        gen_wasm_byte(b, t->u.list.fixed_len ? 0x67 : 0x70);
        put_vt(n, b, t->u.list.elem, map, ctx);
        if (t->u.list.fixed_len)
            gen_wasm_u32(b, t->u.list.fixed_len);
        break;
    case CMP_TYPE_TUPLE:
        gen_wasm_byte(b, 0x6F);
        gen_wasm_u32(b, t->u.tuple.n);
        for (uint32_t i = 0; i < t->u.tuple.n; i++)
            put_vt(n, b, t->u.tuple.types[i], map, ctx);
        break;
    case CMP_TYPE_FLAGS:
    case CMP_TYPE_ENUM:
        gen_wasm_byte(b, t->kind == CMP_TYPE_FLAGS ? 0x6E : 0x6D);
        gen_wasm_u32(b, t->u.labels.n);
        for (uint32_t i = 0; i < t->u.labels.n; i++)
            gen_wasm_name(b, t->u.labels.names[i]);
        break;
    case CMP_TYPE_OPTION:
        gen_wasm_byte(b, 0x6B);
        put_vt(n, b, t->u.option, map, ctx);
        break;
    case CMP_TYPE_RESULT:
        gen_wasm_byte(b, 0x6A);
        put_opt_vt(n, b, t->u.result.has_ok, t->u.result.ok, map, ctx);
        put_opt_vt(n, b, t->u.result.has_err, t->u.result.err, map, ctx);
        break;
    case CMP_TYPE_OWN:
    case CMP_TYPE_BORROW: {
        uint32_t m = map(n, ctx, t->u.handle);
        if (m == UINT32_MAX)
            fail(n, "a resource reference cannot be re-encoded");
        gen_wasm_byte(b, t->kind == CMP_TYPE_OWN ? 0x69 : 0x68);
        gen_wasm_u32(b, m == UINT32_MAX ? 0 : m);
        break;
    }
    case CMP_TYPE_FUTURE:
    case CMP_TYPE_STREAM:
        gen_wasm_byte(b, t->kind == CMP_TYPE_FUTURE ? 0x65 : 0x66);
        put_opt_vt(n, b, t->u.async_payload.has, t->u.async_payload.elem, map, ctx);
        break;
    case CMP_TYPE_MAP:
        gen_wasm_byte(b, 0x63);
        put_vt(n, b, t->u.map.key, map, ctx);
        put_vt(n, b, t->u.map.value, map, ctx);
        break;
    case CMP_TYPE_FUNC:
        gen_wasm_byte(b, t->u.func.async ? 0x43 : 0x40);
        gen_wasm_u32(b, t->u.func.nparams);
        for (uint32_t i = 0; i < t->u.func.nparams; i++) {
            gen_wasm_name(b, t->u.func.params[i].name);
            put_vt(n, b, t->u.func.params[i].type, map, ctx);
        }
        if (t->u.func.has_result) {
            gen_wasm_byte(b, 0);
            put_vt(n, b, t->u.func.result, map, ctx);
        } else {
            gen_wasm_byte(b, 1);
            gen_wasm_byte(b, 0);
        }
        break;
    default:
        fail(n, "a %s type cannot be re-encoded here",
             t->kind == CMP_TYPE_ABSTRACT_RESOURCE || t->kind == CMP_TYPE_RESOURCE ? "resource" : "non-value");
        break;
    }
}

/* ---- W type indices at top level ---- */

static uint32_t top_type(nw *n, void *ctx, uint32_t idx);

static uint32_t top_type(nw *n, void *ctx, uint32_t idx)
{
    (void)ctx;
    const cmp_item *it = cmp_scope_item(n->w, CMP_SORT_TYPE, idx);
    if (!it || n->failed)
        return UINT32_MAX;
    if (n->wmap_type[idx] != UINT32_MAX)
        return n->wmap_type[idx];
    const cmp_def *d = &n->w->defs[it->def];
    uint32_t r = UINT32_MAX;
    if (n->w_copied && it->def < n->first_export) {
        r = idx; /* copied verbatim */
    } else if (d->kind == CMP_DEF_ALIAS && d->u.alias.kind == CMP_ALIAS_EXPORT) {
        uint32_t inst = d->u.alias.instance;
        uint32_t ti = inst < n->w->count[CMP_SORT_INSTANCE] ? n->wmap_inst[inst] : UINT32_MAX;
        if (ti == UINT32_MAX) {
            fail(n, "type `%s` comes from an instance that is not available yet", d->u.alias.name);
            return UINT32_MAX;
        }
        wit_buf *b = item(n, SEC_ALIAS);
        gen_wasm_byte(b, 0x03);
        gen_wasm_byte(b, 0x00);
        gen_wasm_u32(b, ti);
        gen_wasm_name(b, d->u.alias.name);
        r = n->n[CMP_SORT_TYPE]++;
    } else if (d->kind == CMP_DEF_TYPE) {
        wit_buf tmp = WIT_BUF_INIT;
        put_deftype(n, &tmp, d->u.type, top_type, NULL);
        wit_buf_append(item(n, SEC_TYPE), tmp.data, tmp.len);
        wit_buf_free(&tmp);
        r = n->n[CMP_SORT_TYPE]++;
    } else {
        fail(n, "world type %u cannot be re-encoded", idx);
        return UINT32_MAX;
    }
    n->wmap_type[idx] = r;
    return r;
}

/* ---- core modules written here: shim and fixup ---- */

static void core_section(wit_buf *mod, uint8_t id, const wit_buf *payload)
{
    gen_wasm_section(mod, id, payload->data ? payload->data : "", payload->len);
}

static void put_functype(wit_buf *b, const cmp_type *ct)
{
    gen_wasm_byte(b, 0x60);
    gen_wasm_vec(b, ct->u.core_func.nparams, ct->u.core_func.params, ct->u.core_func.nparams);
    gen_wasm_vec(b, ct->u.core_func.nresults, ct->u.core_func.results, ct->u.core_func.nresults);
}

static const cmp_type *mod_type(const cmp_def *mod, uint32_t ti)
{
    return ti < mod->u.module.ntypes ? mod->u.module.types[ti] : NULL;
}

static void build_shim(const cmp_type *const *sigs, uint32_t nshims, wit_buf *mod)
{
    wit_buf types = WIT_BUF_INIT, funcs = WIT_BUF_INIT, table = WIT_BUF_INIT, exports = WIT_BUF_INIT,
            code = WIT_BUF_INIT;
    gen_wasm_core_preamble(mod);
    gen_wasm_u32(&types, nshims);
    gen_wasm_u32(&funcs, nshims);
    gen_wasm_u32(&exports, nshims + 1);
    gen_wasm_u32(&code, nshims);
    for (uint32_t k = 0; k < nshims; k++) {
        const cmp_type *ct = sigs[k];
        put_functype(&types, ct);
        gen_wasm_u32(&funcs, k);
        char nm[16];
        snprintf(nm, sizeof nm, "%u", k);
        gen_wasm_name(&exports, nm);
        gen_wasm_byte(&exports, 0x00);
        gen_wasm_u32(&exports, k);
        wit_buf body = WIT_BUF_INIT;
        gen_wasm_byte(&body, 0); /* no locals */
        for (uint32_t p = 0; p < ct->u.core_func.nparams; p++) {
            gen_wasm_byte(&body, 0x20);
            gen_wasm_u32(&body, p);
        }
        gen_wasm_byte(&body, 0x41);
        gen_wasm_s64(&body, k);
        gen_wasm_byte(&body, 0x11);
        gen_wasm_u32(&body, k);
        gen_wasm_byte(&body, 0x00);
        gen_wasm_byte(&body, 0x0B);
        gen_wasm_u32(&code, (uint32_t)body.len);
        wit_buf_append(&code, body.data, body.len);
        if (body.oom)
            code.oom = true;
        wit_buf_free(&body);
    }
    gen_wasm_name(&exports, "$imports");
    gen_wasm_byte(&exports, 0x01);
    gen_wasm_u32(&exports, 0);
    gen_wasm_u32(&table, 1);
    gen_wasm_byte(&table, 0x70);
    gen_wasm_byte(&table, 0x01);
    gen_wasm_u32(&table, nshims);
    gen_wasm_u32(&table, nshims);
    core_section(mod, 1, &types);
    core_section(mod, 3, &funcs);
    core_section(mod, 4, &table);
    core_section(mod, 7, &exports);
    core_section(mod, 10, &code);
    if (types.oom || funcs.oom || table.oom || exports.oom || code.oom)
        mod->oom = true;
    wit_buf_free(&types);
    wit_buf_free(&funcs);
    wit_buf_free(&table);
    wit_buf_free(&exports);
    wit_buf_free(&code);
}

static void build_fixup(const cmp_type *const *sigs, uint32_t nshims, bool init, wit_buf *mod)
{
    wit_buf types = WIT_BUF_INIT, imports = WIT_BUF_INIT, elem = WIT_BUF_INIT, start = WIT_BUF_INIT;
    gen_wasm_core_preamble(mod);
    gen_wasm_u32(&types, nshims + (init ? 1 : 0));
    gen_wasm_u32(&imports, nshims + (init ? 1 : 0) + (nshims ? 1 : 0));
    for (uint32_t k = 0; k < nshims; k++) {
        put_functype(&types, sigs[k]);
        char nm[16];
        snprintf(nm, sizeof nm, "%u", k);
        gen_wasm_name(&imports, "actual");
        gen_wasm_name(&imports, nm);
        gen_wasm_byte(&imports, 0x00);
        gen_wasm_u32(&imports, k);
    }
    if (init) {
        gen_wasm_byte(&types, 0x60);
        gen_wasm_byte(&types, 0);
        gen_wasm_byte(&types, 0);
        gen_wasm_name(&imports, "main");
        gen_wasm_name(&imports, "_initialize");
        gen_wasm_byte(&imports, 0x00);
        gen_wasm_u32(&imports, nshims);
    }
    if (nshims) {
        gen_wasm_name(&imports, "shim");
        gen_wasm_name(&imports, "$imports");
        gen_wasm_byte(&imports, 0x01);
        gen_wasm_byte(&imports, 0x70);
        gen_wasm_byte(&imports, 0x01);
        gen_wasm_u32(&imports, nshims);
        gen_wasm_u32(&imports, nshims);
        gen_wasm_u32(&elem, 1);
        gen_wasm_byte(&elem, 0x00); /* active, table 0, func indices */
        gen_wasm_byte(&elem, 0x41);
        gen_wasm_byte(&elem, 0x00);
        gen_wasm_byte(&elem, 0x0B);
        gen_wasm_u32(&elem, nshims);
        for (uint32_t i = 0; i < nshims; i++)
            gen_wasm_u32(&elem, i);
    }
    core_section(mod, 1, &types);
    core_section(mod, 2, &imports);
    if (init) {
        gen_wasm_u32(&start, nshims);
        core_section(mod, 8, &start);
    }
    if (nshims)
        core_section(mod, 9, &elem);
    if (types.oom || imports.oom || elem.oom || start.oom)
        mod->oom = true;
    wit_buf_free(&types);
    wit_buf_free(&imports);
    wit_buf_free(&elem);
    wit_buf_free(&start);
}

/* ---- component items ---- */

/* Sections 1 and 4 hold one whole module/component each, with no item count. */
static void raw_section(nw *n, uint8_t id, const void *data, size_t len)
{
    wit_buf *out = n->secs.out;
    gen_wasm_sections_finish(&n->secs);
    gen_wasm_section(out, id, data, len);
    gen_wasm_sections_init(&n->secs, out);
}

static uint32_t put_core_module(nw *n, const wit_buf *mod)
{
    raw_section(n, SEC_CORE_MODULE, mod->data ? mod->data : "", mod->len);
    if (mod->oom)
        n->secs.out->oom = true;
    return n->n[CMP_SORT_CORE_MODULE]++;
}

static uint32_t alias_core_export(nw *n, uint32_t inst, const char *name, uint8_t core_sort, cmp_sort sort)
{
    wit_buf *b = item(n, SEC_ALIAS);
    gen_wasm_byte(b, 0x00);
    gen_wasm_byte(b, core_sort);
    gen_wasm_byte(b, 0x01);
    gen_wasm_u32(b, inst);
    gen_wasm_name(b, name);
    return n->n[sort]++;
}

static void put_opts_async(nw *n, wit_buf *b, bool memory, bool strings, bool has_realloc, uint32_t realloc, bool post,
                           uint32_t post_fn, bool async, bool has_callback, uint32_t callback)
{
    uint32_t cnt = (memory ? 1u : 0u) + (memory && strings ? 1u : 0u) + (has_realloc ? 1u : 0u) + (post ? 1u : 0u) + (async ? 1u : 0u) +
                   (has_callback ? 1u : 0u);
    gen_wasm_u32(b, cnt);
    /* wit-component's order: memory, realloc, string-encoding (utf8 = 00) */
    if (memory) {
        gen_wasm_byte(b, 0x03);
        gen_wasm_u32(b, n->memory);
    }
    if (has_realloc) {
        gen_wasm_byte(b, 0x04);
        gen_wasm_u32(b, realloc);
    }
    if (memory && strings)
        gen_wasm_byte(b, (uint8_t)n->enc);
    if (post) {
        gen_wasm_byte(b, 0x05);
        gen_wasm_u32(b, post_fn);
    }
    if (async)
        gen_wasm_byte(b, 0x06);
    if (has_callback) {
        gen_wasm_byte(b, 0x07);
        gen_wasm_u32(b, callback);
    }
}


static void put_task_return(nw *n, const imp *im);
static uint32_t fs_type(nw *n, const imp *im);

/* the canonical built-ins async guests import from `$root` (and `[export]$root`): opcode,
 * immediates, whether the main module's memory index follows, core signature */
typedef struct builtin {
    const char *module, *name;
    uint8_t op, nimm, imm[2];
    bool mem;
    const char *params, *results; /* "i" per i32 */
    uint8_t opts;  /* 1: canon options memory + string-encoding `enc`; 2: also realloc */
    uint8_t enc;   /* 00 utf8, 01 utf16, 02 latin1+utf16 */
} builtin;

static const builtin builtins[] = {
    {"$root", "[waitable-set-new]", 0x1F, 0, {0}, false, "", "i", 0, 0},
    {"$root", "[waitable-set-wait]", 0x20, 1, {0x00}, true, "ii", "i", 0, 0},
    {"$root", "[cancellable][waitable-set-wait]", 0x20, 1, {0x01}, true, "ii", "i", 0, 0},
    {"$root", "[waitable-set-poll]", 0x21, 1, {0x00}, true, "ii", "i", 0, 0},
    {"$root", "[cancellable][waitable-set-poll]", 0x21, 1, {0x01}, true, "ii", "i", 0, 0},
    {"$root", "[waitable-set-drop]", 0x22, 0, {0}, false, "i", "", 0, 0},
    {"$root", "[waitable-join]", 0x23, 0, {0}, false, "ii", "", 0, 0},
    {"$root", "[subtask-cancel]", 0x06, 1, {0x00}, false, "i", "i", 0, 0},
    {"$root", "[async-lower][subtask-cancel]", 0x06, 1, {0x01}, false, "i", "i", 0, 0},
    {"$root", "[subtask-drop]", 0x0D, 0, {0}, false, "i", "", 0, 0},
    {"$root", "[backpressure-inc]", 0x24, 0, {0}, false, "", "", 0, 0},
    {"$root", "[backpressure-dec]", 0x25, 0, {0}, false, "", "", 0, 0},
    {"$root", "[context-get-0]", 0x0A, 2, {0x7F, 0x00}, false, "", "i", 0, 0},
    {"$root", "[context-set-0]", 0x0B, 2, {0x7F, 0x00}, false, "i", "", 0, 0},
    {"$root", "[thread-yield]", 0x0C, 1, {0x00}, false, "", "i", 0, 0},
    {"$root", "[cancellable][thread-yield]", 0x0C, 1, {0x01}, false, "", "i", 0, 0},
    {"$root", "[error-context-drop]", 0x1E, 0, {0}, false, "i", "", 0, 0},
    {"[export]$root", "[task-cancel]", 0x05, 0, {0}, false, "", "", 0, 0},
    {"$root", "[error-context-new-utf8]", 0x1C, 0, {0}, false, "ii", "i", 1, 0x00},
    {"$root", "[error-context-new-utf16]", 0x1C, 0, {0}, false, "ii", "i", 1, 0x01},
    {"$root", "[error-context-new-latin1+utf16]", 0x1C, 0, {0}, false, "ii", "i", 1, 0x02},
    {"$root", "[error-context-debug-message-utf8]", 0x1D, 0, {0}, false, "ii", "", 2, 0x00},
    {"$root", "[error-context-debug-message-utf16]", 0x1D, 0, {0}, false, "ii", "", 2, 0x01},
    {"$root", "[error-context-debug-message-latin1+utf16]", 0x1D, 0, {0}, false, "ii", "", 2, 0x02},
};

static const builtin *find_builtin(const char *module, const char *name)
{
    for (size_t i = 0; i < sizeof builtins / sizeof *builtins; i++)
        if (strcmp(builtins[i].module, module) == 0 && strcmp(builtins[i].name, name) == 0)
            return &builtins[i];
    return NULL;
}

static uint32_t lower(nw *n, const imp *im, uint32_t realloc)
{
    if (im->intrinsic == 0x09) {
        put_task_return(n, im);
        return n->n[CMP_SORT_CORE_FUNC]++;
    }
    if (im->fsop) {
        uint32_t t = fs_type(n, im);
        if (t == UINT32_MAX && !n->failed)
            fail(n, "import `%s::%s`: its future/stream type cannot be re-encoded", im->ci->module, im->ci->field);
        wit_buf *fb = item(n, SEC_CANON);
        gen_wasm_byte(fb, im->fsop);
        gen_wasm_u32(fb, t == UINT32_MAX ? 0 : t);
        uint8_t k = (uint8_t)((im->fsop - 0x0E) % 7); /* new read write cancel-read cancel-write drop drop */
        if (k == 1 || k == 2)
            put_opts_async(n, fb, true, im->strings, im->realloc, realloc, false, 0, im->async, false, 0);
        else if (k == 3 || k == 4)
            gen_wasm_byte(fb, im->async);
        return n->n[CMP_SORT_CORE_FUNC]++;
    }
    wit_buf *b = item(n, SEC_CANON);
    if (im->bi) {
        gen_wasm_byte(b, im->bi->op);
        wit_buf_append(b, im->bi->imm, im->bi->nimm);
        if (im->bi->mem)
            gen_wasm_u32(b, n->memory);
        if (im->bi->opts) {
            gen_wasm_u32(b, im->bi->opts == 2 ? 3u : 2u);
            gen_wasm_byte(b, 0x03);
            gen_wasm_u32(b, n->memory);
            if (im->bi->opts == 2) {
                gen_wasm_byte(b, 0x04);
                gen_wasm_u32(b, realloc);
            }
            gen_wasm_byte(b, im->bi->enc);
        }
        return n->n[CMP_SORT_CORE_FUNC]++;
    }
    if (im->intrinsic) {
        gen_wasm_byte(b, im->intrinsic);
        gen_wasm_u32(b, im->res ? im->res->top : im->func);
    } else {
        gen_wasm_byte(b, 0x01);
        gen_wasm_byte(b, 0x00);
        gen_wasm_u32(b, im->func);
        put_opts_async(n, b, im->memory, im->strings, im->realloc, realloc, false, 0, im->async, false, 0);
    }
    return n->n[CMP_SORT_CORE_FUNC]++;
}

/* realloc for a direction: the first of the names module `mod` (instance `inst`) exports */
static int find_realloc(nw *n, const cmp_def *mod, uint32_t inst, const char *pref, uint32_t *out, bool *have)
{
    const cmp_arg *a = mod_export(mod, pref, CMP_SORT_CORE_FUNC);
    if (!a)
        a = mod_export(mod, "cabi_realloc", CMP_SORT_CORE_FUNC);
    if (!a) {
        fail(n, "the core module must export `cabi_realloc` (or `%s`): some function passes strings or lists",
             pref);
        return -1;
    }
    if (!*have) {
        *out = alias_core_export(n, inst, a->name, 0x00, CMP_SORT_CORE_FUNC);
        *have = true;
    }
    return 0;
}

/* canon lift of main's export `core_name` (function `fname` of type ft) with top-level
 * func type `ty`. Returns the new func index, or UINT32_MAX after fail(). */
static uint32_t lift(nw *n, const cmp_type *ft, const char *core_name, const char *fname, uint32_t ty)
{
    /* an async export: `[async-lift]` with its `[callback][async-lift]` (stackless), or
     * `[async-lift-stackful]`; else the plain name, lifted synchronously */
    char aname[600], cbname[600];
    snprintf(aname, sizeof aname, "[async-lift]%s", core_name);
    snprintf(cbname, sizeof cbname, "[callback][async-lift]%s", core_name);
    bool async = false, callback = false;
    if (mod_export(n->exp, aname, CMP_SORT_CORE_FUNC)) {
        async = callback = true;
    } else {
        snprintf(aname, sizeof aname, "[async-lift-stackful]%s", core_name);
        async = mod_export(n->exp, aname, CMP_SORT_CORE_FUNC) != NULL;
    }
    if (async && (!ft || ft->kind != CMP_TYPE_FUNC || !ft->u.func.async)) {
        fail(n, "export `%s`: `%s` is not an async function in the world, so it cannot be lifted async", aname,
             fname);
        return UINT32_MAX;
    }
    if (async)
        core_name = aname;
    const cmp_arg *ca = mod_export(n->exp, core_name, CMP_SORT_CORE_FUNC);
    bool mem = false, rea = false, post = false, str = false;
    char what[700];
    snprintf(what, sizeof what, "export `%s`", core_name);
    if (!ca) {
        fail(n, "the core module does not export `%s` (function `%s` of the world)", core_name, fname);
        return UINT32_MAX;
    }
    const cmp_type *ct = cmp_core_func_type(n->exp, ca->item.index);
    if (async && !callback) {
        /* stackful: the callback ABI's parameters, no results */
        if (!ct || ct->kind != CMP_TYPE_CORE_FUNC || ct->u.core_func.nresults != 0) {
            fail(n, "%s: wrong core signature, a stackful async export returns nothing", what);
            return UINT32_MAX;
        }
        cmp_type t = *ct;
        static const uint8_t i32 = 0x7F;
        t.u.core_func.nresults = 1;
        t.u.core_func.results = (uint8_t *)&i32;
        if (check_sig(n, ft, fname, GEN_EXPORT, true, &t, what, &mem, &rea, NULL, &str) < 0)
            return UINT32_MAX;
    } else if (check_sig(n, ft, fname, GEN_EXPORT, async, ct, what, &mem, &rea, async ? NULL : &post, &str) < 0) {
        return UINT32_MAX;
    }
    uint32_t cbf = 0;
    if (callback) {
        const cmp_arg *cb = mod_export(n->exp, cbname, CMP_SORT_CORE_FUNC);
        const cmp_type *cbt = cb ? cmp_core_func_type(n->exp, cb->item.index) : NULL;
        static const uint8_t i3[] = {0x7F, 0x7F, 0x7F};
        if (!cb) {
            fail(n, "%s: the core module does not export its callback `%s`", what, cbname);
            return UINT32_MAX;
        }
        const char *cbwhat = wit_arena_printf(n->arena, "export `%s`", cbname);
        if (!cbwhat || !core_sig_ok(n, cbt, i3, 3, i3, 1, cbwhat, "a callback needs"))
            return UINT32_MAX;
    }
    if (rea && find_realloc(n, n->exp, n->exp_inst, "cabi_export_realloc", &n->exp_realloc, &n->have_exp_realloc) < 0)
        return UINT32_MAX;
    if (mem && !n->have_memory) {
        fail(n, "%s passes values through memory, but the core module exports no `memory`", what);
        return UINT32_MAX;
    }
    uint32_t cf = alias_core_export(n, n->exp_inst, core_name, 0x00, CMP_SORT_CORE_FUNC);
    if (callback)
        cbf = alias_core_export(n, n->exp_inst, cbname, 0x00, CMP_SORT_CORE_FUNC);
    wit_buf pname = WIT_BUF_INIT;
    wit_buf_printf(&pname, "cabi_post_%s", core_name);
    wit_buf_putc(&pname, 0);
    bool has_post = !async && pname.data && mod_export(n->exp, pname.data, CMP_SORT_CORE_FUNC);
    uint32_t pf = has_post ? alias_core_export(n, n->exp_inst, pname.data, 0x00, CMP_SORT_CORE_FUNC) : 0;
    wit_buf_free(&pname);
    if (n->failed || ty == UINT32_MAX)
        return UINT32_MAX;
    wit_buf *b = item(n, SEC_CANON);
    gen_wasm_byte(b, 0x00);
    gen_wasm_byte(b, 0x00);
    gen_wasm_u32(b, cf);
    put_opts_async(n, b, mem, str, rea, n->exp_realloc, has_post, pf, async, callback, cbf);
    gen_wasm_u32(b, ty);
    return n->n[CMP_SORT_FUNC]++;
}

/* ---- exported interfaces ---- */

typedef struct ictx {
    const cmp_scope *body;
    const cmp_def *impdecl; /* iface_type: the world's import of this instance, NULL: exported */
    uint32_t *map;   /* inner type index -> target index */
    uint32_t *emap;  /* nested: inner type index -> exported index (named types) */
    wit_buf *sec;    /* nested: where new type defs go */
    uint32_t *ntypes;
    gen_wasm_sections *nsecs;
} ictx;

static uint32_t inner_map(nw *n, void *ctx, uint32_t idx)
{
    (void)n;
    ictx *c = ctx;
    return idx < c->body->count[CMP_SORT_TYPE] ? c->map[idx] : UINT32_MAX;
}

/* nested ascriptions: named types map to their export, anonymous ones are re-defined */
static uint32_t export_map(nw *n, void *ctx, uint32_t idx)
{
    ictx *c = ctx;
    if (idx >= c->body->count[CMP_SORT_TYPE])
        return UINT32_MAX;
    if (c->emap[idx] != UINT32_MAX)
        return c->emap[idx];
    const cmp_item *it = &c->body->space[CMP_SORT_TYPE][idx];
    const cmp_def *d = &c->body->defs[it->def];
    if (d->kind != CMP_DEF_TYPE)
        return c->map[idx];
    wit_buf tmp = WIT_BUF_INIT;
    put_deftype(n, &tmp, d->u.type, export_map, ctx);
    wit_buf_append(gen_wasm_sections_item(c->nsecs, SEC_TYPE), tmp.data, tmp.len);
    wit_buf_free(&tmp);
    c->emap[idx] = (*c->ntypes)++;
    return c->emap[idx];
}

static uint32_t *umap(nw *n, uint32_t count)
{
    uint32_t *m = wit_arena_alloc(n->arena, (count ? count : 1) * sizeof *m);
    if (!m) {
        n->oom = 1;
        fail(n, "out of memory");
        return NULL;
    }
    for (uint32_t i = 0; i < count; i++)
        m[i] = UINT32_MAX;
    return m;
}


/* The world's import of a semver-compatible version of interface `name` (ns:pkg/i@x.y.z):
 * same name, same major version (same minor below 1.0), as wit-component merges them. */
static const cmp_def *find_compatible(nw *n, const char *name)
{
    const char *at = strchr(name, '@');
    if (!at)
        return NULL;
    size_t base = (size_t)(at - name);
    const char *dot = strchr(at + 1, '.');
    if (!dot)
        return NULL;
    size_t key = strncmp(at + 1, "0.", 2) == 0 && strchr(dot + 1, '.') ? (size_t)(strchr(dot + 1, '.') - name)
                                                                        : (size_t)(dot - name);
    for (uint32_t i = 0; i < n->first_export && i < n->w->ndefs; i++) {
        const cmp_def *d = &n->w->defs[i];
        if (d->kind != CMP_DEF_IMPORT || d->sort != CMP_SORT_INSTANCE)
            continue;
        const char *o = d->u.import.name.name;
        if (strlen(o) > key && strncmp(o, name, base + 1) == 0 && strncmp(o, name, key) == 0 &&
            (o[key] == '.' || o[key] == '-' || o[key] == '+'))
            return d;
    }
    return NULL;
}

static uint32_t alias_export(nw *n, uint32_t inst, const char *name, uint8_t sort_byte, cmp_sort sort)
{
    wit_buf *b = item(n, SEC_ALIAS);
    gen_wasm_byte(b, sort_byte);
    gen_wasm_byte(b, 0x00);
    gen_wasm_u32(b, inst);
    gen_wasm_name(b, name);
    return n->n[sort]++;
}

/* ---- foreign types in a nested component: imported by name, with what they refer to ---- */

typedef struct fimp {
    uint32_t inst;     /* W instance index */
    const char *name;
    uint32_t nidx;     /* nested type index */
} fimp;

typedef struct nest {
    nw *n;
    gen_wasm_sections *ns;
    uint32_t *ntypes;
    wit_buf *args;
    uint32_t *nargs;
    fimp *f;
    uint32_t nf, capf;
} nest;

static const cmp_scope *w_inst_body(nw *n, uint32_t j)
{
    const cmp_item *it = cmp_scope_item(n->w, CMP_SORT_INSTANCE, j);
    return it && it->type && it->type->kind == CMP_TYPE_INSTANCE ? it->type->u.body : NULL;
}

static uint32_t foreign(nest *c, uint32_t j, const char *name, int depth);

typedef struct fmap {
    nest *c;
    uint32_t j;             /* W instance whose body `body` is */
    const cmp_scope *body;
    int depth;
} fmap;

/* A type index of instance j's body, in the nested component: named types are imported
 * (foreign), anonymous ones re-defined there. */
static uint32_t fmap_idx(nw *n, void *ctx, uint32_t idx)
{
    fmap *m = ctx;
    const cmp_item *it = cmp_scope_item(m->body, CMP_SORT_TYPE, idx);
    if (!it || m->depth > 64 || n->failed)
        return UINT32_MAX;
    const cmp_def *d = &m->body->defs[it->def];
    if (d->kind == CMP_DEF_EXPORT)
        return foreign(m->c, m->j, d->u.export.name.name, m->depth + 1);
    if (d->kind == CMP_DEF_ALIAS && d->u.alias.kind == CMP_ALIAS_OUTER && d->u.alias.count == 1) {
        const cmp_item *wi = cmp_scope_item(n->w, CMP_SORT_TYPE, d->u.alias.index);
        const cmp_def *wd = wi ? &n->w->defs[wi->def] : NULL;
        if (wd && wd->kind == CMP_DEF_ALIAS && wd->u.alias.kind == CMP_ALIAS_EXPORT)
            return foreign(m->c, wd->u.alias.instance, wd->u.alias.name, m->depth + 1);
        return UINT32_MAX;
    }
    if (d->kind == CMP_DEF_TYPE) {
        fmap sub = {m->c, m->j, m->body, m->depth + 1};
        wit_buf tmp = WIT_BUF_INIT;
        put_deftype(n, &tmp, d->u.type, fmap_idx, &sub);
        wit_buf_append(gen_wasm_sections_item(m->c->ns, SEC_TYPE), tmp.data, tmp.len);
        wit_buf_free(&tmp);
        return (*m->c->ntypes)++;
    }
    return UINT32_MAX;
}

/* The nested type index of type `name` exported by W instance j, imported on first use
 * (after everything it refers to). */
static uint32_t foreign(nest *c, uint32_t j, const char *name, int depth)
{
    nw *n = c->n;
    for (uint32_t i = 0; i < c->nf; i++)
        if (c->f[i].inst == j && strcmp(c->f[i].name, name) == 0)
            return c->f[i].nidx;
    const cmp_scope *body = w_inst_body(n, j);
    const cmp_def *d = NULL;
    for (uint32_t i = 0; body && i < body->ndefs; i++)
        if (body->defs[i].kind == CMP_DEF_EXPORT && body->defs[i].sort == CMP_SORT_TYPE &&
            strcmp(body->defs[i].u.export.name.name, name) == 0)
            d = &body->defs[i];
    uint32_t ti = j < n->w->count[CMP_SORT_INSTANCE] ? n->wmap_inst[j] : UINT32_MAX;
    if (!d || ti == UINT32_MAX || depth > 64) {
        fail(n, "type `%s` of instance %u cannot be imported into a nested component", name, j);
        return UINT32_MAX;
    }
    uint32_t eq_to = UINT32_MAX;
    if (d->u.export.desc.eq) {
        fmap m = {c, j, body, depth + 1};
        eq_to = fmap_idx(n, &m, d->u.export.desc.type);
        if (eq_to == UINT32_MAX)
            fail(n, "type `%s` cannot be re-defined in a nested component", name);
    }
    if (n->failed)
        return UINT32_MAX;
    uint32_t top = alias_export(n, ti, name, 0x03, CMP_SORT_TYPE);
    char nm[32];
    snprintf(nm, sizeof nm, "import-foreign-%u", c->nf);
    wit_buf *b = gen_wasm_sections_item(c->ns, SEC_IMPORT);
    gen_wasm_byte(b, 0x00);
    gen_wasm_name(b, nm);
    gen_wasm_byte(b, 0x03);
    if (d->u.export.desc.eq) {
        gen_wasm_byte(b, 0x00);
        gen_wasm_u32(b, eq_to);
    } else {
        gen_wasm_byte(b, 0x01);
    }
    uint32_t idx = (*c->ntypes)++;
    gen_wasm_name(c->args, nm);
    gen_wasm_byte(c->args, 0x03);
    gen_wasm_u32(c->args, top);
    (*c->nargs)++;
    if (c->nf == c->capf) {
        uint32_t nc = c->capf ? c->capf * 2 : 8;
        fimp *nf = wit_arena_grow(n->arena, c->f, c->nf, nc, sizeof *nf);
        if (!nf) {
            n->oom = 1;
            fail(n, "out of memory");
            return UINT32_MAX;
        }
        c->f = nf;
        c->capf = nc;
    }
    c->f[c->nf++] = (fimp){j, name, idx};
    return idx;
}

/* An outer alias (count 1) of an instance body that names a W-level `alias export`. */
static const cmp_def *outer_alias_export(nw *n, const cmp_def *d)
{
    if (d->u.alias.kind != CMP_ALIAS_OUTER || d->u.alias.count != 1 || d->sort != CMP_SORT_TYPE)
        return NULL;
    const cmp_item *wi = cmp_scope_item(n->w, CMP_SORT_TYPE, d->u.alias.index);
    const cmp_def *wd = wi ? &n->w->defs[wi->def] : NULL;
    return wd && wd->kind == CMP_DEF_ALIAS && wd->u.alias.kind == CMP_ALIAS_EXPORT ? wd : NULL;
}

/* the memo of exported interface `body`'s top-level type indices (created empty) */
static uint32_t *body_map(nw *n, const cmp_scope *body)
{
    for (bmemo *m = n->memos; m; m = m->next)
        if (m->body == body)
            return m->map;
    bmemo *m = wit_arena_alloc(n->arena, sizeof *m);
    uint32_t *map = umap(n, body->count[CMP_SORT_TYPE]);
    if (!m || !map) {
        n->oom = 1;
        fail(n, "out of memory");
        return NULL;
    }
    *m = (bmemo){body, map, n->memos};
    n->memos = m;
    return map;
}

/* map_fn over an exported interface's types (ctx: ictx with body and its memo): defines
 * each type at top level when first needed */
static uint32_t iface_type(nw *n, void *ctx, uint32_t idx)
{
    ictx *c = ctx;
    const cmp_item *it = cmp_scope_item(c->body, CMP_SORT_TYPE, idx);
    if (!it || n->failed)
        return UINT32_MAX;
    if (c->map[idx] != UINT32_MAX)
        return c->map[idx];
    const cmp_def *d = &c->body->defs[it->def];
    uint32_t r = UINT32_MAX;
    if (d->kind == CMP_DEF_TYPE) {
        wit_buf tmp = WIT_BUF_INIT;
        put_deftype(n, &tmp, d->u.type, iface_type, c);
        wit_buf_append(item(n, SEC_TYPE), tmp.data, tmp.len);
        wit_buf_free(&tmp);
        r = n->n[CMP_SORT_TYPE]++;
    } else if (d->kind == CMP_DEF_ALIAS && d->u.alias.kind == CMP_ALIAS_OUTER && d->u.alias.count == 1 &&
               d->sort == CMP_SORT_TYPE) {
        r = top_type(n, NULL, d->u.alias.index);
    } else if (c->impdecl && d->kind == CMP_DEF_EXPORT && d->sort == CMP_SORT_TYPE) {
        r = alias_export(n, n->wmap_inst[c->impdecl->index], d->u.export.name.name, 0x03, CMP_SORT_TYPE);
    } else if (d->kind == CMP_DEF_EXPORT && d->sort == CMP_SORT_TYPE && d->u.export.desc.eq) {
        r = iface_type(n, c, d->u.export.desc.type);
    } else if (d->kind == CMP_DEF_EXPORT && d->sort == CMP_SORT_TYPE) {
        for (uint32_t k = 0; k < n->nres; k++)
            if (n->res[k].body == c->body && n->res[k].inner == d->index)
                r = n->res[k].top;
    }
    c->map[idx] = r;
    return r;
}

/* the top-level index of a future/stream intrinsic's type */
static uint32_t fs_type(nw *n, const imp *im)
{
    if (!im->trbody)
        return top_type(n, NULL, im->fsidx);
    ictx c = {im->trbody, im->fsdecl, body_map(n, im->trbody), NULL, NULL, NULL, NULL};
    return c.map ? iface_type(n, &c, im->fsidx) : UINT32_MAX;
}

/* canon task.return of im->ft's result (types of an exported interface defined at top
 * level first, remembered for its export) */
static void put_task_return(nw *n, const imp *im)
{
    wit_buf rt = WIT_BUF_INIT;
    const cmp_type *ft = im->ft;
    if (ft->u.func.has_result) {
        gen_wasm_byte(&rt, 0x00);
        if (im->trbody) {
            ictx c = {im->trbody, NULL, body_map(n, im->trbody), NULL, NULL, NULL, NULL};
            if (c.map)
                put_vt(n, &rt, ft->u.func.result, iface_type, &c);
        } else {
            put_vt(n, &rt, ft->u.func.result, top_type, NULL);
        }
    } else {
        gen_wasm_byte(&rt, 0x01);
        gen_wasm_byte(&rt, 0x00);
    }
    if (rt.oom) {
        n->oom = 1;
        fail(n, "out of memory");
    }
    wit_buf *b = item(n, SEC_CANON);
    gen_wasm_byte(b, 0x09);
    wit_buf_append(b, rt.data, rt.len);
    put_opts_async(n, b, im->memory, im->strings, false, 0, false, 0, false, false, 0);
    wit_buf_free(&rt);
}

static void export_iface(nw *n, const cmp_def *ed)
{
    const char *iname = ed->u.export.name.name;
    const cmp_type *it = cmp_scope_type(n->w, ed->u.export.desc.type);
    if (!it || it->kind != CMP_TYPE_INSTANCE) {
        fail(n, "export `%s`: unknown instance type", iname);
        return;
    }
    const cmp_scope *body = it->u.body;
    uint32_t nt = body->count[CMP_SORT_TYPE];
    uint32_t *tmap = body_map(n, body), *nmap = umap(n, nt), *emap = umap(n, nt);
    uint32_t *lifted = umap(n, body->ndefs);
    if (!tmap || !nmap || !emap || !lifted)
        return;
    ictx top = {body, NULL, tmap, NULL, NULL, NULL, NULL};
    /* 1. top level: the interface's types, then one lift per function */
    for (uint32_t i = 0; i < body->ndefs && !n->failed; i++) {
        const cmp_def *d = &body->defs[i];
        if (d->kind == CMP_DEF_TYPE && tmap[d->index] != UINT32_MAX) {
            continue; /* defined for a task.return */
        } else if (d->kind == CMP_DEF_TYPE) {
            wit_buf tmp = WIT_BUF_INIT;
            put_deftype(n, &tmp, d->u.type, inner_map, &top);
            wit_buf_append(item(n, SEC_TYPE), tmp.data, tmp.len);
            wit_buf_free(&tmp);
            tmap[d->index] = n->n[CMP_SORT_TYPE]++;
        } else if (d->kind == CMP_DEF_ALIAS && d->u.alias.kind == CMP_ALIAS_OUTER && d->u.alias.count == 1 &&
                   d->sort == CMP_SORT_TYPE) {
            tmap[d->index] = top_type(n, NULL, d->u.alias.index);
        } else if (d->kind == CMP_DEF_EXPORT && d->sort == CMP_SORT_TYPE) {
            if (!d->u.export.desc.eq) {
                for (uint32_t r = 0; r < n->nres; r++)
                    if (n->res[r].body == body && n->res[r].inner == d->index)
                        tmap[d->index] = n->res[r].top;
            } else {
                tmap[d->index] = tmap[d->u.export.desc.type];
            }
        } else if (d->kind == CMP_DEF_EXPORT && d->sort == CMP_SORT_FUNC) {
            wit_buf core = WIT_BUF_INIT;
            wit_buf_printf(&core, "%s#%s", iname, d->u.export.name.name);
            wit_buf_putc(&core, 0);
            if (core.oom) {
                n->oom = 1;
                fail(n, "out of memory");
            } else {
                lifted[i] = lift(n, cmp_scope_type(body, d->u.export.desc.type), core.data,
                                 d->u.export.name.name, tmap[d->u.export.desc.type]);
            }
            wit_buf_free(&core);
        } else if (d->kind == CMP_DEF_ALIAS) {
            fail(n, "export `%s`: unsupported alias in the instance type", iname);
        } else {
            fail(n, "export `%s`: unsupported declarator in the instance type", iname);
        }
    }
    if (n->failed)
        return;
    /* 2. the nested component: import the types and functions, re-export them */
    wit_buf comp = WIT_BUF_INIT;
    gen_wasm_sections ns;
    uint32_t ntypes = 0, nfuncs = 0;
    gen_wasm_component_preamble(&comp);
    gen_wasm_sections_init(&ns, &comp);
    ictx nc = {body, NULL, nmap, emap, NULL, &ntypes, &ns};
    wit_buf args = WIT_BUF_INIT;
    uint32_t nargs = 0;
    uint32_t *fidx = umap(n, body->ndefs);
    nest fc = {n, &ns, &ntypes, &args, &nargs, NULL, 0, 0};
    for (uint32_t i = 0; fidx && i < body->ndefs && !n->failed; i++) {
        const cmp_def *d = &body->defs[i];
        const cmp_def *wd;
        wit_buf nm = WIT_BUF_INIT;
        if (d->kind == CMP_DEF_TYPE) {
            wit_buf tmp = WIT_BUF_INIT;
            put_deftype(n, &tmp, d->u.type, inner_map, &nc);
            wit_buf_append(gen_wasm_sections_item(&ns, SEC_TYPE), tmp.data, tmp.len);
            wit_buf_free(&tmp);
            nmap[d->index] = ntypes++;
        } else if (d->kind == CMP_DEF_ALIAS && (wd = outer_alias_export(n, d))) {
            nmap[d->index] = foreign(&fc, wd->u.alias.instance, wd->u.alias.name, 0);
            wit_buf_free(&nm);
            continue;
        } else if (d->kind == CMP_DEF_ALIAS) {
            const cmp_item *ti = cmp_scope_item(body, CMP_SORT_TYPE, d->index);
            if (ti && ti->type && ti->type->kind == CMP_TYPE_ABSTRACT_RESOURCE) {
                /* resources cannot cross into a nested component by outer alias */
                wit_buf_printf(&nm, "import-outer-%u", d->index);
                wit_buf_putc(&nm, 0);
                wit_buf *b = gen_wasm_sections_item(&ns, SEC_IMPORT);
                gen_wasm_byte(b, 0x00);
                gen_wasm_name(b, nm.data ? nm.data : "");
                gen_wasm_byte(b, 0x03);
                gen_wasm_byte(b, 0x01);
                gen_wasm_name(&args, nm.data ? nm.data : "");
                gen_wasm_byte(&args, 0x03);
                gen_wasm_u32(&args, tmap[d->index]);
                nargs++;
            } else {
                wit_buf *b = gen_wasm_sections_item(&ns, SEC_ALIAS);
                gen_wasm_byte(b, 0x03);
                gen_wasm_byte(b, 0x02);
                gen_wasm_u32(b, 1);
                gen_wasm_u32(b, tmap[d->index]);
            }
            nmap[d->index] = ntypes++;
        } else if (d->kind == CMP_DEF_EXPORT && d->sort == CMP_SORT_TYPE) {
            wit_buf_printf(&nm, "import-type-%s", d->u.export.name.name);
            wit_buf_putc(&nm, 0);
            wit_buf *b = gen_wasm_sections_item(&ns, SEC_IMPORT);
            gen_wasm_byte(b, 0x00);
            gen_wasm_name(b, nm.data ? nm.data : "");
            gen_wasm_byte(b, 0x03);
            if (d->u.export.desc.eq) {
                gen_wasm_byte(b, 0x00);
                gen_wasm_u32(b, nmap[d->u.export.desc.type]);
            } else {
                gen_wasm_byte(b, 0x01);
            }
            nmap[d->index] = ntypes++;
            gen_wasm_name(&args, nm.data ? nm.data : "");
            gen_wasm_byte(&args, 0x03);
            gen_wasm_u32(&args, tmap[d->index]);
            nargs++;
        } else if (d->kind == CMP_DEF_EXPORT && d->sort == CMP_SORT_FUNC) {
            wit_buf_puts(&nm, "import-func-");
            for (const char *c = d->u.export.name.name; *c; c++)
                if (*c == '[')
                    continue;
                else
                    wit_buf_putc(&nm, *c == ']' || *c == '.' ? '-' : *c);
            wit_buf_putc(&nm, 0);
            wit_buf *b = gen_wasm_sections_item(&ns, SEC_IMPORT);
            gen_wasm_byte(b, 0x00);
            gen_wasm_name(b, nm.data ? nm.data : "");
            gen_wasm_byte(b, 0x01);
            gen_wasm_u32(b, nmap[d->u.export.desc.type]);
            fidx[i] = nfuncs++;
            gen_wasm_name(&args, nm.data ? nm.data : "");
            gen_wasm_byte(&args, 0x01);
            gen_wasm_u32(&args, lifted[i]);
            nargs++;
        }
        wit_buf_free(&nm);
    }
    /* exports: named types first (in order), then functions with ascriptions */
    for (uint32_t i = 0; fidx && i < body->ndefs && !n->failed; i++) {
        const cmp_def *d = &body->defs[i];
        if (d->kind == CMP_DEF_EXPORT && d->sort == CMP_SORT_TYPE) {
            /* a type defined here is re-defined over the exported names (so that everything
             * the exported instance refers to is exported); imported and used types are
             * re-exported as they are */
            uint32_t what = nmap[d->index];
            const cmp_item *ti = d->u.export.desc.eq ? cmp_scope_item(body, CMP_SORT_TYPE, d->u.export.desc.type)
                                                     : NULL;
            if (ti && body->defs[ti->def].kind == CMP_DEF_TYPE) {
                wit_buf tmp = WIT_BUF_INIT;
                put_deftype(n, &tmp, body->defs[ti->def].u.type, export_map, &nc);
                wit_buf_append(gen_wasm_sections_item(&ns, SEC_TYPE), tmp.data, tmp.len);
                wit_buf_free(&tmp);
                what = ntypes++;
            }
            wit_buf *b = gen_wasm_sections_item(&ns, SEC_EXPORT);
            gen_wasm_byte(b, 0x00);
            gen_wasm_name(b, d->u.export.name.name);
            gen_wasm_byte(b, 0x03);
            gen_wasm_u32(b, what);
            gen_wasm_byte(b, 0x00);
            emap[d->index] = ntypes++;
        } else if (d->kind == CMP_DEF_EXPORT && d->sort == CMP_SORT_FUNC) {
            uint32_t asc = export_map(n, &nc, d->u.export.desc.type);
            wit_buf *b = gen_wasm_sections_item(&ns, SEC_EXPORT);
            gen_wasm_byte(b, 0x00);
            gen_wasm_name(b, d->u.export.name.name);
            gen_wasm_byte(b, 0x01);
            gen_wasm_u32(b, fidx[i]);
            gen_wasm_byte(b, 0x01);
            gen_wasm_byte(b, 0x01);
            gen_wasm_u32(b, asc);
            nfuncs++;
        }
    }
    gen_wasm_sections_finish(&ns);
    if (comp.oom || args.oom) {
        n->oom = 1;
        fail(n, "out of memory");
    }
    if (!n->failed)
        raw_section(n, SEC_COMPONENT, comp.data, comp.len);
    wit_buf_free(&comp);
    if (!n->failed) {
        uint32_t ci = n->n[CMP_SORT_COMPONENT]++;
        wit_buf *b = item(n, SEC_INSTANCE);
        gen_wasm_byte(b, 0x00);
        gen_wasm_u32(b, ci);
        gen_wasm_u32(b, nargs);
        wit_buf_append(b, args.data, args.len);
        uint32_t inst = n->n[CMP_SORT_INSTANCE]++;
        b = item(n, SEC_EXPORT);
        gen_wasm_byte(b, 0x00);
        gen_wasm_name(b, iname);
        gen_wasm_byte(b, 0x05);
        gen_wasm_u32(b, inst);
        gen_wasm_byte(b, 0x00);
        n->wmap_inst[ed->index] = n->n[CMP_SORT_INSTANCE]++;
    }
    wit_buf_free(&args);
}

/* ---- imports ---- */

static const cmp_def *find_decl(const cmp_scope *s, uint32_t upto, cmp_def_kind kind, cmp_sort sort,
                                const char *name)
{
    for (uint32_t i = 0; i < upto && i < s->ndefs; i++) {
        const cmp_def *d = &s->defs[i];
        const cmp_extern_name *en = kind == CMP_DEF_IMPORT ? &d->u.import.name : &d->u.export.name;
        if (d->kind == kind && d->sort == sort && strcmp(en->name, name) == 0)
            return d;
    }
    return NULL;
}


/* `[export]I::[task-return]f` (I = `$root` for a world function): task.return with f's
 * result, its flat values as the core parameters (a pointer past 16). Through the shim when
 * the result is read from memory. */
static void classify_task_return(nw *n, const cmp_core_import *ci, const cmp_type *ct, imp *im, const char *what)
{
    const char *iface = ci->module + 8, *fname = ci->field + 13;
    const cmp_scope *body = NULL;
    const cmp_def *fd = NULL;
    if (strcmp(iface, "$root") == 0) {
        fd = find_decl(n->w, n->w->ndefs, CMP_DEF_EXPORT, CMP_SORT_FUNC, fname);
        if (fd)
            im->ft = cmp_scope_type(n->w, fd->u.export.desc.type);
    } else {
        const cmp_def *d = find_decl(n->w, n->w->ndefs, CMP_DEF_EXPORT, CMP_SORT_INSTANCE, iface);
        const cmp_type *it = d ? cmp_scope_type(n->w, d->u.export.desc.type) : NULL;
        body = it && it->kind == CMP_TYPE_INSTANCE ? it->u.body : NULL;
        fd = body ? find_decl(body, body->ndefs, CMP_DEF_EXPORT, CMP_SORT_FUNC, fname) : NULL;
        if (fd)
            im->ft = cmp_scope_type(body, fd->u.export.desc.type);
    }
    if (!fd || !im->ft || im->ft->kind != CMP_TYPE_FUNC) {
        fail(n, "%s: the world exports no function `%s` in `%s`", what, fname, iface);
        return;
    }
    wit_func f;
    cmp_error ce;
    int rc = cmp_wit_func(&n->cw, im->ft, fname, &f, &ce);
    if (rc < 0) {
        n->oom |= rc == -2;
        fail(n, "%s: %s", what, rc == -2 ? "out of memory" : ce.message);
        return;
    }
    gen_core flat[GEN_MAX_FLAT_PARAMS];
    uint32_t nf = f.has_result ? gen_abi_flatten(&n->cw.resolve, f.result, flat, GEN_MAX_FLAT_PARAMS) : 0;
    uint8_t want[GEN_MAX_FLAT_PARAMS];
    if (nf > GEN_MAX_FLAT_PARAMS) {
        nf = 1;
        flat[0] = GEN_I32;
        im->memory = true;
    }
    for (uint32_t i = 0; i < nf; i++)
        want[i] = core_byte(flat[i]);
    /* wit-component's options for the whole function: memory when any of it is in memory */
    if (f.has_result && gen_abi_owns_memory(&n->cw.resolve, f.result))
        im->memory = true;
    uint32_t nparams = 0;
    for (uint32_t i = 0; i < f.nparams; i++) {
        im->memory |= gen_abi_owns_memory(&n->cw.resolve, f.params[i].type);
        nparams += gen_abi_flat_count(&n->cw.resolve, f.params[i].type, GEN_MAX_FLAT_PARAMS);
    }
    if (nparams > GEN_MAX_FLAT_PARAMS)
        im->memory = true;
    im->strings = func_has_string(&n->cw.resolve, &f);
    const char *needs = wit_arena_printf(n->arena, "task.return of `%s` needs", fname);
    if (!core_sig_ok(n, ct, want, nf, NULL, 0, what, needs ? needs : "task.return needs"))
        return;
    im->intrinsic = 0x09;
    im->trbody = body;
    im->indirect = im->memory;
}

/* the want-th future/stream type (0-based) in s's type v, in wit-parser's
 * find_futures_and_streams order (depth first, payloads before their future/stream);
 * counts in *k, stores the type index in *out */
static bool fs_walk(const cmp_scope *s, cmp_valtype v, uint32_t *k, uint32_t want, uint32_t *out, unsigned depth)
{
    const cmp_item *it = v.prim == CMP_PRIM_NONE ? cmp_scope_item(s, CMP_SORT_TYPE, v.index) : NULL;
    if (!it || depth > 100)
        return false;
    const cmp_def *d = &s->defs[it->def];
    if (d->kind == CMP_DEF_EXPORT && d->u.export.desc.eq)
        return fs_walk(s, (cmp_valtype){CMP_PRIM_NONE, d->u.export.desc.type}, k, want, out, depth + 1);
    if (d->kind != CMP_DEF_TYPE)
        return false;
    const cmp_type *t = d->u.type;
    bool hit = false;
    switch (t->kind) {
    case CMP_TYPE_RECORD:
        for (uint32_t i = 0; i < t->u.record.n && !hit; i++)
            hit = fs_walk(s, t->u.record.fields[i].type, k, want, out, depth + 1);
        break;
    case CMP_TYPE_TUPLE:
        for (uint32_t i = 0; i < t->u.tuple.n && !hit; i++)
            hit = fs_walk(s, t->u.tuple.types[i], k, want, out, depth + 1);
        break;
    case CMP_TYPE_VARIANT:
        for (uint32_t i = 0; i < t->u.variant.n && !hit; i++)
            hit = t->u.variant.cases[i].has_type && fs_walk(s, t->u.variant.cases[i].type, k, want, out, depth + 1);
        break;
    case CMP_TYPE_LIST: hit = fs_walk(s, t->u.list.elem, k, want, out, depth + 1); break;
    case CMP_TYPE_OPTION: hit = fs_walk(s, t->u.option, k, want, out, depth + 1); break;
    case CMP_TYPE_RESULT:
        hit = (t->u.result.has_ok && fs_walk(s, t->u.result.ok, k, want, out, depth + 1)) ||
              (t->u.result.has_err && fs_walk(s, t->u.result.err, k, want, out, depth + 1));
        break;
    case CMP_TYPE_MAP:
        hit = fs_walk(s, t->u.map.key, k, want, out, depth + 1) || fs_walk(s, t->u.map.value, k, want, out, depth + 1);
        break;
    case CMP_TYPE_FUTURE:
    case CMP_TYPE_STREAM:
        hit = t->u.async_payload.has && fs_walk(s, t->u.async_payload.elem, k, want, out, depth + 1);
        if (!hit && (*k)++ == want) {
            *out = v.index;
            hit = true;
        }
        break;
    default:
        break;
    }
    return hit;
}

/* `[future-OP-N]f` / `[stream-OP-N]f` (`[async-lower]` before read/write/cancel): the
 * future/stream built-in on the N-th future/stream type of function f */
static void classify_fs(nw *n, const cmp_core_import *ci, const cmp_type *ct, imp *im, const char *what,
                        const char *fs, bool async)
{
    static const char *const ops[] = {"new", "read", "write", "cancel-read", "cancel-write", "drop-readable",
                                      "drop-writable"};
    static const char *const sigs[] = {"->j", "iii->i", "iii->i", "i->i", "i->i", "i->", "i->"};
    bool future = fs[1] == 'f';
    const char *p = fs + 8; /* past `[future-` / `[stream-` */
    uint32_t op = UINT32_MAX;
    for (uint32_t i = 0; i < 7; i++) {
        size_t l = strlen(ops[i]);
        if (strncmp(p, ops[i], l) == 0 && p[l] == '-' && p[l + 1] >= '0' && p[l + 1] <= '9' &&
            (op == UINT32_MAX || l > strlen(ops[op])))
            op = i;
    }
    if (op == UINT32_MAX) {
        fail(n, "%s: unknown future/stream intrinsic", what);
        return;
    }
    p += strlen(ops[op]) + 1;
    uint32_t want = 0;
    while (*p >= '0' && *p <= '9' && want < 100000)
        want = want * 10 + (uint32_t)(*p++ - '0');
    if (*p != ']') {
        fail(n, "%s: unknown future/stream intrinsic", what);
        return;
    }
    const char *fname = p + 1;
    bool exp = strncmp(ci->module, "[export]", 8) == 0;
    const char *iface = exp ? ci->module + 8 : ci->module;
    const cmp_scope *body = NULL;
    const cmp_type *ft = NULL;
    if (strcmp(iface, "$root") == 0) {
        const cmp_def *fd = exp ? find_decl(n->w, n->w->ndefs, CMP_DEF_EXPORT, CMP_SORT_FUNC, fname)
                                : find_decl(n->w, n->first_export, CMP_DEF_IMPORT, CMP_SORT_FUNC, fname);
        if (fd)
            ft = cmp_scope_type(n->w, exp ? fd->u.export.desc.type : fd->u.import.desc.type);
    } else {
        const cmp_def *d = exp ? find_decl(n->w, n->w->ndefs, CMP_DEF_EXPORT, CMP_SORT_INSTANCE, iface)
                               : find_decl(n->w, n->first_export, CMP_DEF_IMPORT, CMP_SORT_INSTANCE, iface);
        const cmp_type *it = d ? cmp_scope_type(n->w, exp ? d->u.export.desc.type : d->u.import.desc.type) : NULL;
        body = it && it->kind == CMP_TYPE_INSTANCE ? it->u.body : NULL;
        const cmp_def *fd = body ? find_decl(body, body->ndefs, CMP_DEF_EXPORT, CMP_SORT_FUNC, fname) : NULL;
        if (fd)
            ft = cmp_scope_type(body, fd->u.export.desc.type);
        im->fsdecl = exp ? NULL : d;
    }
    if (!ft || ft->kind != CMP_TYPE_FUNC) {
        fail(n, "%s: the world has no function `%s` in `%s`", what, fname, iface);
        return;
    }
    const cmp_scope *s = body ? body : n->w;
    uint32_t k = 0, idx = UINT32_MAX;
    bool hit = false;
    for (uint32_t i = 0; i < ft->u.func.nparams && !hit; i++)
        hit = fs_walk(s, ft->u.func.params[i].type, &k, want, &idx, 0);
    if (!hit && ft->u.func.has_result)
        hit = fs_walk(s, ft->u.func.result, &k, want, &idx, 0);
    const cmp_type *tt = hit ? cmp_scope_type(s, idx) : NULL;
    if (!tt || (tt->kind == CMP_TYPE_FUTURE) != future) {
        fail(n, "%s: function `%s` has no %s number %u", what, fname, future ? "future" : "stream", want);
        return;
    }
    /* core signature: a future's read/write take no length */
    char sig[16];
    snprintf(sig, sizeof sig, "%s", sigs[op]);
    if (future && (op == 1 || op == 2))
        snprintf(sig, sizeof sig, "ii->i");
    uint8_t want_p[3], want_r[1];
    uint32_t np = 0, nr = 0;
    const char *c = sig;
    for (; *c != '-'; c++)
        want_p[np++] = 0x7F;
    for (c += 2; *c; c++)
        want_r[nr++] = *c == 'j' ? 0x7E : 0x7F;
    if (!core_sig_ok(n, ct, want_p, np, want_r, nr, what, "it needs"))
        return;
    if (async && !(op >= 1 && op <= 4)) {
        fail(n, "%s: only read, write and the cancels can be [async-lower]", what);
        return;
    }
    const cmp_type *pl = NULL;
    if (tt->u.async_payload.has) {
        cmp_valtype e = tt->u.async_payload.elem;
        if (e.prim == CMP_PRIM_STRING) {
            im->strings = true;
            im->realloc = op == 1;
        } else if (e.prim == CMP_PRIM_NONE) {
            pl = cmp_scope_type(s, e.index);
        }
    }
    if (pl) {
        /* the payload's strings and lists: through a one-parameter function's view of it */
        cmp_field fp = {"x", tt->u.async_payload.elem};
        cmp_type pf = *ft;
        pf.u.func.nparams = 1;
        pf.u.func.params = &fp;
        pf.u.func.has_result = false;
        wit_func f;
        cmp_error ce;
        if (cmp_wit_func(&n->cw, &pf, fname, &f, &ce) == 0) {
            im->strings = func_has_string(&n->cw.resolve, &f);
            im->realloc = op == 1 && gen_abi_owns_memory(&n->cw.resolve, f.params[0].type);
        }
    }
    im->fsop = (uint8_t)((future ? 0x15 : 0x0E) + op);
    im->intrinsic = im->fsop;
    im->async = async;
    im->trbody = body;
    im->fsidx = idx;
    im->memory = op == 1 || op == 2;
    im->indirect = im->memory;
}

static void classify(nw *n, const cmp_def *mod, const cmp_core_import *ci, imp *im)
{
    memset(im, 0, sizeof *im);
    im->ci = ci;
    im->mod = mod;
    im->core_type = ci->type;
    char what[300];
    snprintf(what, sizeof what, "import `%s::%s`%s", ci->module, ci->field, mod == n->adapter ? " of the adapter" : "");
    if (ci->kind != CMP_SORT_CORE_FUNC) {
        fail(n, "%s: only functions can be imported (a core module exports its memory and tables)", what);
        return;
    }
    const cmp_type *ct = mod_type(mod, ci->type);
    if (n->adapter && mod == n->main && strcmp(ci->module, n->o->adapter_name) == 0) {
        const cmp_arg *a = mod_export(n->adapter, ci->field, CMP_SORT_CORE_FUNC);
        const cmp_type *at = a ? cmp_core_func_type(n->adapter, a->item.index) : NULL;
        if (!a || !at) {
            fail(n, "%s: the adapter does not export `%s`", what, ci->field);
            return;
        }
        if (!ct || ct->u.core_func.nparams != at->u.core_func.nparams ||
            ct->u.core_func.nresults != at->u.core_func.nresults ||
            memcmp(ct->u.core_func.params, at->u.core_func.params, ct->u.core_func.nparams) ||
            memcmp(ct->u.core_func.results, at->u.core_func.results, ct->u.core_func.nresults)) {
            fail(n, "%s: the core signature differs from the adapter's `%s`", what, ci->field);
            return;
        }
        im->adapt = true;
        im->indirect = true; /* the adapter is instantiated after main */
        return;
    }
    const builtin *bi = find_builtin(ci->module, ci->field);
    if (bi) {
        uint8_t p[2], r[1];
        uint32_t np = (uint32_t)strlen(bi->params), nr = (uint32_t)strlen(bi->results);
        memset(p, 0x7F, sizeof p);
        r[0] = 0x7F;
        if (!core_sig_ok(n, ct, p, np, r, nr, what, "the built-in needs"))
            return;
        im->bi = bi;
        im->intrinsic = bi->op;
        im->indirect = bi->mem || bi->opts; /* its memory exists only after main */
        im->realloc = bi->opts == 2;
        return;
    }
    const char *fname = ci->field;
    const char *fs = strncmp(fname, "[async-lower][", 14) == 0 ? fname + 13 : fname;
    if (strncmp(fs, "[future-", 8) == 0 || strncmp(fs, "[stream-", 8) == 0) {
        classify_fs(n, ci, ct, im, what, fs, fs != fname);
        return;
    }
    if (strncmp(fs, "[error-context-", 15) == 0) {
        fail(n, "%s: unknown error-context intrinsic (expected [error-context-new-ENC], "
             "[error-context-debug-message-ENC] or [error-context-drop])", what);
        return;
    }
    if (strncmp(fname, "[async-lower]", 13) == 0 && strncmp(ci->module, "[export]", 8) != 0) {
        im->async = true;
        fname += 13;
    }
    if (strcmp(ci->module, "$root") == 0) {
        const cmp_def *d = find_decl(n->w, n->first_export, CMP_DEF_IMPORT, CMP_SORT_FUNC, fname);
        if (!d) {
            fail(n, "%s: the world imports no function `%s`", what, fname);
            return;
        }
        im->func = n->wmap_func[d->index];
        im->ft = cmp_scope_item(n->w, CMP_SORT_FUNC, d->index)->type;
    } else if (strncmp(ci->module, "[export]", 8) == 0 && strncmp(ci->field, "[task-return]", 13) == 0) {
        classify_task_return(n, ci, ct, im, what);
        return;
    } else if (strncmp(ci->module, "[export]", 8) == 0) {
        static const struct { const char *prefix; uint8_t op; uint8_t np, nr; } kinds[] = {
            {"[resource-new]", 0x02, 1, 1}, {"[resource-drop]", 0x03, 1, 0}, {"[resource-rep]", 0x04, 1, 1}};
        for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
            size_t pl = strlen(kinds[k].prefix);
            if (strncmp(ci->field, kinds[k].prefix, pl) != 0)
                continue;
            for (uint32_t r = 0; r < n->nres; r++)
                if (strcmp(n->res[r].iface, ci->module + 8) == 0 && strcmp(n->res[r].name, ci->field + pl) == 0)
                    im->res = &n->res[r];
            if (!im->res) {
                fail(n, "%s: the world exports no resource `%s` in `%s`", what, ci->field + pl, ci->module + 8);
                return;
            }
            if (!ct || ct->kind != CMP_TYPE_CORE_FUNC || ct->u.core_func.nparams != kinds[k].np ||
                ct->u.core_func.params[0] != 0x7F || ct->u.core_func.nresults != kinds[k].nr ||
                (kinds[k].nr && ct->u.core_func.results[0] != 0x7F)) {
                fail(n, "%s: wrong core signature, it needs %s", what, kinds[k].nr ? "(i32) -> (i32)" : "(i32) -> ()");
                return;
            }
            im->intrinsic = kinds[k].op;
            return;
        }
        fail(n, "%s: unknown intrinsic (expected [resource-new], [resource-rep] or [resource-drop])", what);
        return;
    } else {
        const cmp_def *d = find_decl(n->w, n->first_export, CMP_DEF_IMPORT, CMP_SORT_INSTANCE, ci->module);
        if (!d)
            d = find_compatible(n, ci->module);
        if (!d) {
            fail(n, "%s: unknown import module `%s` (the world imports no such interface)", what, ci->module);
            return;
        }
        const cmp_type *it = cmp_scope_type(n->w, d->u.import.desc.type);
        const cmp_scope *body = it && it->kind == CMP_TYPE_INSTANCE ? it->u.body : NULL;
        if (!body) {
            fail(n, "%s: unknown instance type", what);
            return;
        }
        if (strncmp(ci->field, "[resource-drop]", 15) == 0) {
            const char *r = ci->field + 15;
            const cmp_def *rd = find_decl(body, body->ndefs, CMP_DEF_EXPORT, CMP_SORT_TYPE, r);
            if (!rd || rd->u.export.desc.eq) {
                fail(n, "%s: interface `%s` has no resource `%s`", what, ci->module, r);
                return;
            }
            if (!ct || ct->kind != CMP_TYPE_CORE_FUNC || ct->u.core_func.nparams != 1 ||
                ct->u.core_func.params[0] != 0x7F || ct->u.core_func.nresults != 0) {
                fail(n, "%s: wrong core signature, resource.drop needs (i32) -> ()", what);
                return;
            }
            im->intrinsic = 0x03;
            im->func = alias_export(n, n->wmap_inst[d->index], r, 0x03, CMP_SORT_TYPE);
            return;
        }
        const cmp_def *fd = find_decl(body, body->ndefs, CMP_DEF_EXPORT, CMP_SORT_FUNC, fname);
        if (!fd) {
            fail(n, "%s: interface `%s` has no function `%s`", what, ci->module, fname);
            return;
        }
        im->ft = cmp_scope_type(body, fd->u.export.desc.type);
        im->func = alias_export(n, n->wmap_inst[d->index], fname, 0x01, CMP_SORT_FUNC);
    }
    if (im->async && (!im->ft || im->ft->kind != CMP_TYPE_FUNC || !im->ft->u.func.async)) {
        fail(n, "%s: `%s` is not an async function in the world, so it cannot be [async-lower]ed", what, fname);
        return;
    }
    if (check_sig(n, im->ft, fname, GEN_IMPORT, im->async, ct, what, &im->memory, &im->realloc, NULL,
                  &im->strings) < 0)
        return;
    im->indirect = im->memory || im->realloc;
}

/* ---- the whole component ---- */

/* The world body of a decoded component-type payload, and the end of its declarators. */
static const cmp_scope *payload_world(nw *n, const cmp_component *pc, size_t *end)
{
    const cmp_scope *root = pc->root;
    for (uint32_t i = 0; i < root->ndefs; i++) {
        const cmp_def *d = &root->defs[i];
        if (d->kind == CMP_DEF_CUSTOM && strcmp(d->u.custom.name, "wit-component-encoding") == 0 &&
            d->u.custom.data_len >= 2)
            n->enc = (cmp_string_encoding)pc->data[d->u.custom.data_offset + 1];
    }
    for (uint32_t i = 0; i < root->ndefs; i++) {
        const cmp_def *d = &root->defs[i];
        if (d->kind != CMP_DEF_EXPORT || d->sort != CMP_SORT_TYPE)
            continue;
        const cmp_type *t = cmp_scope_type(root, d->u.export.item.index);
        if (!t || t->kind != CMP_TYPE_COMPONENT)
            break;
        const cmp_scope *b = t->u.body;
        for (uint32_t j = 0; j < b->ndefs; j++) {
            const cmp_def *e = &b->defs[j];
            if (e->kind != CMP_DEF_EXPORT || e->sort != CMP_SORT_COMPONENT)
                continue;
            const cmp_type *wt = cmp_scope_type(b, e->u.export.desc.type);
            if (!wt || wt->kind != CMP_TYPE_COMPONENT)
                break;
            for (uint32_t k = 0; k + 1 < b->ndefs; k++)
                if (b->defs[k].kind == CMP_DEF_TYPE && b->defs[k].u.type == wt)
                    *end = b->defs[k + 1].offset;
            return *end ? wt->u.body : NULL;
        }
    }
    fail(n, "the component-type section does not hold a world");
    return NULL;
}

static uint8_t decl_section(cmp_def_kind k)
{
    switch (k) {
    case CMP_DEF_CORE_TYPE: return SEC_CORE_TYPE;
    case CMP_DEF_TYPE: return SEC_TYPE;
    case CMP_DEF_ALIAS: return SEC_ALIAS;
    case CMP_DEF_IMPORT: return SEC_IMPORT;
    default: return 0;
    }
}

static uint32_t bag_sorts(nw *n, const char *const *names, const uint32_t *items, const uint8_t *sorts,
                          uint32_t count)
{
    wit_buf *b = item(n, SEC_CORE_INSTANCE);
    gen_wasm_byte(b, 0x01);
    gen_wasm_u32(b, count);
    for (uint32_t i = 0; i < count; i++) {
        gen_wasm_name(b, names[i]);
        gen_wasm_byte(b, sorts[i]);
        gen_wasm_u32(b, items[i]);
    }
    return n->n[CMP_SORT_CORE_INSTANCE]++;
}

static uint32_t bag(nw *n, const char *const *names, const uint32_t *funcs, uint32_t count)
{
    wit_buf *b = item(n, SEC_CORE_INSTANCE);
    gen_wasm_byte(b, 0x01);
    gen_wasm_u32(b, count);
    for (uint32_t i = 0; i < count; i++) {
        gen_wasm_name(b, names[i]);
        gen_wasm_byte(b, 0x00);
        gen_wasm_u32(b, funcs[i]);
    }
    return n->n[CMP_SORT_CORE_INSTANCE]++;
}

/* The resources of the world's exported interfaces, in export order. */
static void collect_resources(nw *n)
{
    uint32_t cap = 0;
    for (uint32_t i = n->first_export; i < n->w->ndefs && !n->failed; i++) {
        const cmp_def *ed = &n->w->defs[i];
        if (ed->kind != CMP_DEF_EXPORT || ed->sort != CMP_SORT_INSTANCE)
            continue;
        const cmp_type *it = cmp_scope_type(n->w, ed->u.export.desc.type);
        if (!it || it->kind != CMP_TYPE_INSTANCE)
            continue;
        const cmp_scope *body = it->u.body;
        for (uint32_t j = 0; j < body->ndefs; j++) {
            const cmp_def *d = &body->defs[j];
            if (d->kind != CMP_DEF_EXPORT || d->sort != CMP_SORT_TYPE || d->u.export.desc.eq)
                continue;
            if (n->nres == cap) {
                cap = cap ? cap * 2 : 8;
                res *nr = wit_arena_grow(n->arena, n->res, n->nres, cap, sizeof *nr);
                if (!nr) {
                    n->oom = 1;
                    fail(n, "out of memory");
                    return;
                }
                n->res = nr;
            }
            res *r = &n->res[n->nres++];
            memset(r, 0, sizeof *r);
            r->iface = ed->u.export.name.name;
            r->name = d->u.export.name.name;
            r->body = body;
            r->inner = d->index;
            char dn[512];
            snprintf(dn, sizeof dn, "%s#[dtor]%s", r->iface, r->name);
            r->has_dtor = mod_export(n->exp, dn, CMP_SORT_CORE_FUNC) != NULL;
        }
    }
}

/* One bag of core functions per import module of imps[from..to) (first-use order), for
 * the instantiation of their module; returns the number of modules (mods/insts). Entries
 * without a core function (the adapter's env/__main_module__ imports) are skipped. */
static uint32_t instance_args(nw *n, const imp *imps, uint32_t from, uint32_t to, const char **names,
                              uint32_t *funcs, const char **mods, uint32_t *insts)
{
    uint32_t nmods = 0;
    for (uint32_t i = from; i < to; i++) {
        if (!imps[i].ft && !imps[i].indirect && !imps[i].intrinsic)
            continue;
        bool seen = false;
        for (uint32_t m = 0; m < nmods && !seen; m++)
            seen = strcmp(mods[m], imps[i].ci->module) == 0;
        if (seen)
            continue;
        uint32_t cnt = 0;
        for (uint32_t j = i; j < to; j++)
            if ((imps[j].ft || imps[j].indirect || imps[j].intrinsic) &&
                strcmp(imps[j].ci->module, imps[i].ci->module) == 0) {
                names[cnt] = imps[j].ci->field;
                funcs[cnt++] = imps[j].core_func;
            }
        mods[nmods] = imps[i].ci->module;
        insts[nmods++] = bag(n, names, funcs, cnt);
    }
    return nmods;
}

/* A core module exporting `cabi_realloc` over the imported memory (module name
 * `witc-realloc-env`, distinct from the adapter's `env` so that C compilers of components
 * see one importer of each name) that only
 * allocates whole fresh pages (what the adapter needs for its state when the main module
 * has no realloc of its own). */
static void build_realloc_module(wit_buf *mod)
{
    static const uint8_t body[] = {
        0x00,                                     /* no locals */
        0x20, 0x00, 0x04, 0x40, 0x00, 0x0B,       /* if old_ptr: unreachable */
        0x20, 0x03, 0x41, 0xFF, 0xFF, 0x03, 0x6A, /* new_size + 65535 */
        0x41, 0x10, 0x76,                         /* >> 16: pages */
        0x40, 0x00, 0x22, 0x00,                   /* memory.grow; local.tee 0 */
        0x41, 0x7F, 0x46, 0x04, 0x40, 0x00, 0x0B, /* == -1: unreachable */
        0x20, 0x00, 0x41, 0x10, 0x74, 0x0B};      /* page << 16 */
    static const uint8_t types[] = {0x01, 0x60, 0x04, 0x7F, 0x7F, 0x7F, 0x7F, 0x01, 0x7F};
    static const uint8_t funcs[] = {0x01, 0x00};
    wit_buf imports = WIT_BUF_INIT, exports = WIT_BUF_INIT, code = WIT_BUF_INIT;
    gen_wasm_core_preamble(mod);
    gen_wasm_u32(&imports, 1);
    gen_wasm_name(&imports, "witc-realloc-env");
    gen_wasm_name(&imports, "memory");
    gen_wasm_byte(&imports, 0x02);
    gen_wasm_byte(&imports, 0x00);
    gen_wasm_byte(&imports, 0x00);
    gen_wasm_u32(&exports, 1);
    gen_wasm_name(&exports, "cabi_realloc");
    gen_wasm_byte(&exports, 0x00);
    gen_wasm_byte(&exports, 0x00);
    gen_wasm_u32(&code, 1);
    gen_wasm_u32(&code, sizeof body);
    wit_buf_append(&code, body, sizeof body);
    gen_wasm_section(mod, 1, types, sizeof types);
    core_section(mod, 2, &imports);
    gen_wasm_section(mod, 3, funcs, sizeof funcs);
    core_section(mod, 7, &exports);
    core_section(mod, 10, &code);
    if (imports.oom || exports.oom || code.oom)
        mod->oom = true;
    wit_buf_free(&imports);
    wit_buf_free(&exports);
    wit_buf_free(&code);
}

static void emit_exports(nw *n)
{
    const cmp_scope *w = n->w;
    for (uint32_t i = n->first_export; i < w->ndefs && !n->failed; i++) {
        const cmp_def *d = &w->defs[i];
        if (d->kind != CMP_DEF_EXPORT)
            continue; /* types of the export side are re-encoded where used */
        if (d->sort == CMP_SORT_INSTANCE) {
            export_iface(n, d);
        } else if (d->sort == CMP_SORT_FUNC) {
            const char *fname = d->u.export.name.name;
            uint32_t ty = top_type(n, NULL, d->u.export.desc.type);
            uint32_t f = lift(n, cmp_scope_type(w, d->u.export.desc.type), fname, fname, ty);
            if (f == UINT32_MAX)
                return;
            wit_buf *b = item(n, SEC_EXPORT);
            gen_wasm_byte(b, 0x00);
            gen_wasm_name(b, fname);
            gen_wasm_byte(b, 0x01);
            gen_wasm_u32(b, f);
            gen_wasm_byte(b, 0x00);
            n->n[CMP_SORT_FUNC]++;
        } else {
            fail(n, "the world exports a %s (`%s`), which is not supported", cmp_sort_name(d->sort),
                 d->u.export.name.name);
        }
    }
}

/* Makes w the current world: its first export, fresh index maps (identity for the copied
 * import side when `copied`). */
static void switch_world(nw *n, const cmp_scope *w, bool copied)
{
    n->w = w;
    n->w_copied = copied;
    n->first_export = w->ndefs;
    for (uint32_t i = 0; i < w->ndefs; i++)
        if (w->defs[i].kind == CMP_DEF_EXPORT) {
            n->first_export = i;
            break;
        }
    n->wmap_inst = umap(n, w->count[CMP_SORT_INSTANCE]);
    n->wmap_type = umap(n, w->count[CMP_SORT_TYPE]);
    n->wmap_func = umap(n, w->count[CMP_SORT_FUNC]);
    if (!copied || !n->wmap_inst || !n->wmap_func)
        return;
    for (uint32_t i = 0; i < n->first_export; i++) {
        const cmp_def *d = &w->defs[i];
        if (d->sort == CMP_SORT_INSTANCE && d->index < w->count[CMP_SORT_INSTANCE])
            n->wmap_inst[d->index] = d->index;
        if (d->sort == CMP_SORT_FUNC && d->index < w->count[CMP_SORT_FUNC])
            n->wmap_func[d->index] = d->index;
    }
}

typedef struct wsave {
    const cmp_scope *w;
    uint32_t first_export;
    bool copied;
    uint32_t *inst, *type, *func;
} wsave;

static void save_world(const nw *n, wsave *s)
{
    *s = (wsave){n->w, n->first_export, n->w_copied, n->wmap_inst, n->wmap_type, n->wmap_func};
}

static void use_world(nw *n, const wsave *s)
{
    n->w = s->w;
    n->first_export = s->first_export;
    n->w_copied = s->copied;
    n->wmap_inst = s->inst;
    n->wmap_type = s->type;
    n->wmap_func = s->func;
}

static uint32_t ident_map(nw *n, void *ctx, uint32_t idx)
{
    (void)n;
    (void)ctx;
    return idx;
}

/* An instance type (0x42 …) with its inner indices unchanged and its outer aliases
 * (count 1) passed through the current world's type map. */
static void put_instance_type(nw *n, wit_buf *b, const cmp_scope *body)
{
    gen_wasm_byte(b, 0x42);
    gen_wasm_u32(b, body->ndefs);
    for (uint32_t i = 0; i < body->ndefs && !n->failed; i++) {
        const cmp_def *d = &body->defs[i];
        if (d->kind == CMP_DEF_TYPE) {
            gen_wasm_byte(b, 0x01);
            put_deftype(n, b, d->u.type, ident_map, NULL);
        } else if (d->kind == CMP_DEF_ALIAS && d->u.alias.kind == CMP_ALIAS_OUTER && d->u.alias.count == 1 &&
                   d->sort == CMP_SORT_TYPE) {
            uint32_t t = top_type(n, NULL, d->u.alias.index);
            gen_wasm_byte(b, 0x02);
            gen_wasm_byte(b, 0x03);
            gen_wasm_byte(b, 0x02);
            gen_wasm_u32(b, 1);
            gen_wasm_u32(b, t == UINT32_MAX ? 0 : t);
        } else if (d->kind == CMP_DEF_EXPORT) {
            const cmp_externdesc *x = &d->u.export.desc;
            gen_wasm_byte(b, 0x04);
            gen_wasm_byte(b, 0x00);
            gen_wasm_name(b, d->u.export.name.name);
            if (x->sort == CMP_SORT_TYPE) {
                gen_wasm_byte(b, 0x03);
                gen_wasm_byte(b, x->eq ? 0x00 : 0x01);
                if (x->eq)
                    gen_wasm_u32(b, x->type);
            } else if (x->sort == CMP_SORT_FUNC) {
                gen_wasm_byte(b, 0x01);
                gen_wasm_u32(b, x->type);
            } else {
                fail(n, "an instance type exports a %s, which cannot be re-encoded", cmp_sort_name(x->sort));
            }
        } else {
            fail(n, "an instance type has a declarator that cannot be re-encoded");
        }
    }
}

/* The main module's own world's import side, after the adapter's: re-encoded with its
 * indices mapped (instances the adapter's world already imports under the same name are
 * shared). n->w is that world, with fresh maps. */
static void import_side_remapped(nw *n, const wsave *first)
{
    const cmp_scope *w = n->w;
    for (uint32_t k = 0; k < n->first_export && !n->failed; k++) {
        const cmp_def *d = &w->defs[k];
        if (d->kind == CMP_DEF_TYPE) {
            wit_buf tmp = WIT_BUF_INIT;
            if (d->u.type->kind == CMP_TYPE_INSTANCE)
                put_instance_type(n, &tmp, d->u.type->u.body);
            else
                put_deftype(n, &tmp, d->u.type, top_type, NULL);
            wit_buf_append(item(n, SEC_TYPE), tmp.data, tmp.len);
            wit_buf_free(&tmp);
            n->wmap_type[d->index] = n->n[CMP_SORT_TYPE]++;
        } else if (d->kind == CMP_DEF_ALIAS && d->u.alias.kind == CMP_ALIAS_EXPORT && d->sort == CMP_SORT_TYPE) {
            n->wmap_type[d->index] = alias_export(n, n->wmap_inst[d->u.alias.instance], d->u.alias.name, 0x03,
                                                  CMP_SORT_TYPE);
        } else if (d->kind == CMP_DEF_IMPORT) {
            const cmp_externdesc *x = &d->u.import.desc;
            const char *nm = d->u.import.name.name;
            const cmp_def *same = find_decl(first->w, first->first_export, CMP_DEF_IMPORT, x->sort, nm);
            if (same && x->sort == CMP_SORT_INSTANCE) {
                n->wmap_inst[d->index] = first->inst[same->index];
                continue;
            }
            if (same) {
                fail(n, "the core module's world and the adapter's both import `%s`", nm);
                return;
            }
            wit_buf *b = item(n, SEC_IMPORT);
            gen_wasm_byte(b, 0x00);
            gen_wasm_name(b, nm);
            if (x->sort == CMP_SORT_INSTANCE) {
                gen_wasm_byte(b, 0x05);
                gen_wasm_u32(b, n->wmap_type[x->type]);
                n->wmap_inst[d->index] = n->n[CMP_SORT_INSTANCE]++;
            } else if (x->sort == CMP_SORT_FUNC) {
                gen_wasm_byte(b, 0x01);
                gen_wasm_u32(b, n->wmap_type[x->type]);
                n->wmap_func[d->index] = n->n[CMP_SORT_FUNC]++;
            } else if (x->sort == CMP_SORT_TYPE) {
                gen_wasm_byte(b, 0x03);
                gen_wasm_byte(b, x->eq ? 0x00 : 0x01);
                if (x->eq)
                    gen_wasm_u32(b, n->wmap_type[x->type]);
                n->wmap_type[d->index] = n->n[CMP_SORT_TYPE]++;
            } else {
                fail(n, "the core module's world imports a %s (`%s`)", cmp_sort_name(x->sort), nm);
            }
        } else {
            fail(n, "the core module's world has a declarator that cannot be merged with the adapter's");
        }
    }
}

static void emit(nw *n, const uint8_t *payload, size_t wend, const wit_buf *mainmod)
{
    const cmp_scope *w = n->w;
    /* 1. the world's import side, verbatim */
    for (uint32_t k = 0; k < n->first_export; k++) {
        const cmp_def *d = &w->defs[k];
        uint8_t sec = decl_section(d->kind);
        size_t end = k + 1 < w->ndefs ? w->defs[k + 1].offset : wend;
        if (!sec) {
            fail(n, "unexpected declarator in the world type");
            return;
        }
        wit_buf_append(item(n, sec), payload + d->offset + 1, end - d->offset - 1);
        if (d->sort != CMP_SORT_NONE && d->index + 1 > n->n[d->sort])
            n->n[d->sort] = d->index + 1;
    }
    /* 1b. with an adapter, the main module's own world: its import side re-encoded after
     * the adapter's */
    wsave wa, wm;
    save_world(n, &wa);
    if (n->wm) {
        switch_world(n, n->wm, false);
        import_side_remapped(n, &wa);
        save_world(n, &wm);
        use_world(n, &wa);
        if (n->failed)
            return;
    }
    /* 2. resources of exported interfaces, then the imports of main and the adapter
     * (aliases the functions they lower) */
    if (n->wm) {
        const cmp_def *e = n->exp;
        use_world(n, &wm);
        n->exp = n->main;
        collect_resources(n);
        n->exp = e;
        use_world(n, &wa);
    } else {
        collect_resources(n);
    }
    const cmp_def *ad = n->adapter;
    uint32_t nmain = n->main->u.module.nimports, nad = ad ? ad->u.module.nimports : 0;
    uint32_t nimps = nmain + nad, nshims = 0;
    imp *imps = wit_arena_alloc(n->arena, (nimps ? nimps : 1) * sizeof *imps);
    const cmp_type **sigs = wit_arena_alloc(n->arena, (nimps + n->nres + 1) * sizeof *sigs);
    bool need_main_start = false, need_main_realloc = false;
    if (!imps || !sigs) {
        n->oom = 1;
        fail(n, "out of memory");
        return;
    }
    for (uint32_t i = 0; i < nimps && !n->failed; i++) {
        const cmp_def *mod = i < nmain ? n->main : ad;
        const cmp_core_import *ci = &mod->u.module.imports[i < nmain ? i : i - nmain];
        if (mod == ad && strcmp(ci->module, "env") == 0 && strcmp(ci->field, "memory") == 0 &&
            ci->kind == CMP_SORT_CORE_MEMORY) {
            memset(&imps[i], 0, sizeof imps[i]);
            imps[i].ci = ci;
            imps[i].mod = mod;
            continue; /* main's memory */
        }
        if (mod == ad && strcmp(ci->module, "__main_module__") == 0) {
            memset(&imps[i], 0, sizeof imps[i]);
            imps[i].ci = ci;
            imps[i].mod = mod;
            if (strcmp(ci->field, "_start") == 0)
                need_main_start = true;
            else if (strcmp(ci->field, "cabi_realloc") == 0)
                need_main_realloc = true;
            else
                fail(n, "the adapter imports `__main_module__::%s`, which is not supported", ci->field);
            continue;
        }
        use_world(n, n->wm && mod == n->main ? &wm : &wa);
        classify(n, mod, ci, &imps[i]);
        use_world(n, &wa);
    }
    /* wit-component's order: per module (main's, then the adapter's imports), the import
     * modules in order of first appearance, each module's imports in order */
    uint32_t *ord = wit_arena_alloc(n->arena, (nimps ? nimps : 1) * sizeof *ord);
    uint8_t *placed = wit_arena_alloc(n->arena, nimps ? nimps : 1);
    if (!ord || !placed) {
        n->oom = 1;
        fail(n, "out of memory");
        return;
    }
    memset(placed, 0, nimps ? nimps : 1);
    uint32_t no = 0;
    for (uint32_t i = 0; i < nimps; i++) {
        uint32_t hi = i < nmain ? nmain : nimps;
        if (placed[i])
            continue;
        for (uint32_t j = i; j < hi; j++)
            if (!placed[j] && strcmp(imps[j].ci->module, imps[i].ci->module) == 0) {
                placed[j] = 1;
                ord[no++] = j;
            }
    }
    for (uint32_t o = 0; o < nimps; o++)
        if (imps[ord[o]].indirect)
            sigs[nshims++] = mod_type(imps[ord[o]].mod, imps[ord[o]].core_type);
    static const uint8_t i32 = 0x7F;
    static const cmp_type dtor_sig = {.kind = CMP_TYPE_CORE_FUNC,
                                      .u.core_func = {1, 0, (uint8_t *)&i32, NULL}};
    for (uint32_t r = 0; r < n->nres; r++)
        if (n->res[r].has_dtor) {
            n->res[r].shim = nshims;
            sigs[nshims++] = &dtor_sig;
        }
    if (need_main_start && !main_export(n, "_start", CMP_SORT_CORE_FUNC))
        fail(n, "the adapter needs the core module's `_start` (a command), which it does not export");
    if (n->failed)
        return;
    /* 3. main, adapter, shim, resource types, direct lowerings, main's instance */
    uint32_t main_mod = put_core_module(n, mainmod), shim_inst = 0, ad_mod = 0, realloc_mod = 0;
    bool realloc_module = need_main_realloc && !main_export(n, "cabi_realloc", CMP_SORT_CORE_FUNC);
    if (ad)
        ad_mod = put_core_module(n, n->adapter_bytes);
    if (realloc_module) {
        wit_buf rm = WIT_BUF_INIT;
        build_realloc_module(&rm);
        realloc_mod = put_core_module(n, &rm);
        wit_buf_free(&rm);
    }
    if (nshims) {
        wit_buf shim = WIT_BUF_INIT;
        build_shim(sigs, nshims, &shim);
        uint32_t sm = put_core_module(n, &shim);
        wit_buf_free(&shim);
        wit_buf *b = item(n, SEC_CORE_INSTANCE);
        gen_wasm_byte(b, 0x00);
        gen_wasm_u32(b, sm);
        gen_wasm_u32(b, 0);
        shim_inst = n->n[CMP_SORT_CORE_INSTANCE]++;
    }
    for (uint32_t r = 0; r < n->nres; r++) {
        uint32_t dtor = 0;
        if (n->res[r].has_dtor) {
            char nm[16];
            snprintf(nm, sizeof nm, "%u", n->res[r].shim);
            dtor = alias_core_export(n, shim_inst, nm, 0x00, CMP_SORT_CORE_FUNC);
        }
        wit_buf *b = item(n, SEC_TYPE);
        gen_wasm_byte(b, 0x3F);
        gen_wasm_byte(b, 0x7F);
        gen_wasm_byte(b, n->res[r].has_dtor);
        if (n->res[r].has_dtor)
            gen_wasm_u32(b, dtor);
        n->res[r].top = n->n[CMP_SORT_TYPE]++;
    }
    uint32_t k = 0;
    for (uint32_t o = 0; o < nimps; o++) {
        uint32_t i = ord[o];
        if (!imps[i].ci || (!imps[i].indirect && !imps[i].ft && !imps[i].intrinsic))
            continue; /* adapter's env/__main_module__ imports */
        if (imps[i].indirect) {
            char nm[16];
            snprintf(nm, sizeof nm, "%u", k++);
            imps[i].core_func = alias_core_export(n, shim_inst, nm, 0x00, CMP_SORT_CORE_FUNC);
        } else {
            imps[i].core_func = lower(n, &imps[i], 0);
        }
    }
    uint32_t cap = nimps + n->nres + 2;
    const char **names = wit_arena_alloc(n->arena, cap * sizeof *names);
    uint32_t *funcs = wit_arena_alloc(n->arena, cap * sizeof *funcs);
    uint8_t *sorts = wit_arena_alloc(n->arena, cap);
    const char **mods = wit_arena_alloc(n->arena, cap * sizeof *mods);
    uint32_t *insts = wit_arena_alloc(n->arena, cap * sizeof *insts);
    if (!names || !funcs || !sorts || !mods || !insts) {
        n->oom = 1;
        fail(n, "out of memory");
        return;
    }
    memset(sorts, 0, cap);
    uint32_t nmods = instance_args(n, imps, 0, nmain, names, funcs, mods, insts);
    wit_buf *b = item(n, SEC_CORE_INSTANCE);
    gen_wasm_byte(b, 0x00);
    gen_wasm_u32(b, main_mod);
    gen_wasm_u32(b, nmods);
    for (uint32_t m = 0; m < nmods; m++) {
        gen_wasm_name(b, mods[m]);
        gen_wasm_byte(b, 0x12);
        gen_wasm_u32(b, insts[m]);
    }
    n->main_inst = n->n[CMP_SORT_CORE_INSTANCE]++;
    if (!ad)
        n->exp_inst = n->main_inst;
    if (main_export(n, "memory", CMP_SORT_CORE_MEMORY)) {
        n->memory = alias_core_export(n, n->main_inst, "memory", 0x02, CMP_SORT_CORE_MEMORY);
        n->have_memory = true;
    }
    /* 3b. the adapter: env (main's memory), __main_module__, its WIT imports */
    uint32_t ad_inst = 0;
    if (ad) {
        if (!n->have_memory) {
            fail(n, "the adapter needs the core module's memory, which it does not export");
            return;
        }
        names[0] = "memory";
        funcs[0] = n->memory;
        sorts[0] = 0x02;
        uint32_t env = bag_sorts(n, names, funcs, sorts, 1);
        uint32_t cnt = 0;
        if (need_main_start) {
            names[cnt] = "_start";
            funcs[cnt++] = alias_core_export(n, n->main_inst, "_start", 0x00, CMP_SORT_CORE_FUNC);
        }
        if (need_main_realloc) {
            uint32_t rf;
            if (realloc_module) {
                wit_buf *rb = item(n, SEC_CORE_INSTANCE);
                gen_wasm_byte(rb, 0x00);
                gen_wasm_u32(rb, realloc_mod);
                gen_wasm_u32(rb, 1);
                gen_wasm_name(rb, "witc-realloc-env");
                gen_wasm_byte(rb, 0x12);
                gen_wasm_u32(rb, env);
                uint32_t ri = n->n[CMP_SORT_CORE_INSTANCE]++;
                rf = alias_core_export(n, ri, "cabi_realloc", 0x00, CMP_SORT_CORE_FUNC);
            } else {
                rf = alias_core_export(n, n->main_inst, "cabi_realloc", 0x00, CMP_SORT_CORE_FUNC);
            }
            names[cnt] = "cabi_realloc";
            funcs[cnt++] = rf;
        }
        memset(sorts, 0, cap);
        uint32_t mm = bag(n, names, funcs, cnt);
        uint32_t na = instance_args(n, imps, nmain, nimps, names, funcs, mods, insts);
        b = item(n, SEC_CORE_INSTANCE);
        gen_wasm_byte(b, 0x00);
        gen_wasm_u32(b, ad_mod);
        gen_wasm_u32(b, na + 2);
        gen_wasm_name(b, "env");
        gen_wasm_byte(b, 0x12);
        gen_wasm_u32(b, env);
        gen_wasm_name(b, "__main_module__");
        gen_wasm_byte(b, 0x12);
        gen_wasm_u32(b, mm);
        for (uint32_t m = 0; m < na; m++) {
            gen_wasm_name(b, mods[m]);
            gen_wasm_byte(b, 0x12);
            gen_wasm_u32(b, insts[m]);
        }
        ad_inst = n->n[CMP_SORT_CORE_INSTANCE]++;
        n->exp_inst = ad_inst;
    }
    /* 4. the real indirect lowerings and destructors, and the fixup that puts them in the
     * table */
    bool init = main_export(n, "_initialize", CMP_SORT_CORE_FUNC) != NULL;
    k = 0;
    for (uint32_t o = 0; o < nimps && !n->failed; o++) {
        uint32_t i = ord[o];
        if (!imps[i].indirect)
            continue;
        if (imps[i].adapt) {
            funcs[k++] = alias_core_export(n, ad_inst, imps[i].ci->field, 0x00, CMP_SORT_CORE_FUNC);
            continue;
        }
        if (!n->have_memory) {
            fail(n, "some imports pass values through memory, but the core module exports no `memory`");
            return;
        }
        uint32_t realloc = 0;
        if (imps[i].realloc) {
            if (imps[i].mod == ad) {
                if (find_realloc(n, ad, ad_inst, "cabi_import_realloc", &n->ad_realloc, &n->have_ad_realloc) < 0)
                    return;
                realloc = n->ad_realloc;
            } else {
                if (find_realloc(n, n->main, n->main_inst, "cabi_import_realloc", &n->imp_realloc,
                                 &n->have_imp_realloc) < 0)
                    return;
                realloc = n->imp_realloc;
            }
        }
        funcs[k++] = lower(n, &imps[i], realloc);
    }
    for (uint32_t r = 0; r < n->nres && !n->failed; r++) {
        if (!n->res[r].has_dtor)
            continue;
        char dn[512];
        snprintf(dn, sizeof dn, "%s#[dtor]%s", n->res[r].iface, n->res[r].name);
        funcs[k++] = alias_core_export(n, n->wm ? n->main_inst : n->exp_inst, dn, 0x00, CMP_SORT_CORE_FUNC);
    }
    for (uint32_t i = 0; i < k; i++) {
        char *nm = wit_arena_alloc(n->arena, 16);
        if (!nm) {
            n->oom = 1;
            fail(n, "out of memory");
            return;
        }
        snprintf(nm, 16, "%u", i);
        names[i] = nm;
    }
    if (nshims || init) {
        uint32_t actual = nshims ? bag(n, names, funcs, nshims) : 0;
        wit_buf fix = WIT_BUF_INIT;
        build_fixup(sigs, nshims, init, &fix);
        uint32_t fm = put_core_module(n, &fix);
        wit_buf_free(&fix);
        b = item(n, SEC_CORE_INSTANCE);
        gen_wasm_byte(b, 0x00);
        gen_wasm_u32(b, fm);
        gen_wasm_u32(b, (nshims ? 2u : 0u) + (init ? 1u : 0u));
        if (nshims) {
            gen_wasm_name(b, "actual");
            gen_wasm_byte(b, 0x12);
            gen_wasm_u32(b, actual);
        }
        if (init) {
            gen_wasm_name(b, "main");
            gen_wasm_byte(b, 0x12);
            gen_wasm_u32(b, n->main_inst);
        }
        if (nshims) {
            gen_wasm_name(b, "shim");
            gen_wasm_byte(b, 0x12);
            gen_wasm_u32(b, shim_inst);
        }
        n->n[CMP_SORT_CORE_INSTANCE]++;
    }
    /* 5. exports, in the world's order: the adapter's (or main's) world, then main's own
     * world when an adapter brought the imports */
    emit_exports(n);
    if (n->wm && !n->failed) {
        use_world(n, &wm);
        n->have_exp_realloc = false;
        n->exp = n->main;
        n->exp_inst = n->main_inst;
        emit_exports(n);
    }
}

/* The adapter as included: its component-type sections cut, and a start function added that
 * gives it a stack (its __stack_pointer, global 0, starts at 0): one page from
 * __main_module__::cabi_realloc. */
static int prepare_adapter(nw *n, const uint8_t *p, size_t len, const cmp_def *ad, wit_buf *out)
{
    uint32_t realloc_idx = UINT32_MAX, fi = 0;
    for (uint32_t i = 0; i < ad->u.module.nimports; i++) {
        const cmp_core_import *ci = &ad->u.module.imports[i];
        if (ci->kind != CMP_SORT_CORE_FUNC)
            continue;
        if (strcmp(ci->module, "__main_module__") == 0 && strcmp(ci->field, "cabi_realloc") == 0)
            realloc_idx = fi;
        fi++;
    }
    gen_wasm_core_preamble(out);
    size_t off = 8;
    gen_wasm_sec sec;
    int r;
    bool stack = false;
    /* the globals `__stack_pointer` and `allocation_state` (by the name section), and a
     * realloc to allocate the stack from */
    uint32_t sp = UINT32_MAX, as = UINT32_MAX;
    while (realloc_idx != UINT32_MAX && (r = gen_wasm_next_section(p, len, &off, &sec)) == 1) {
        if (sec.id != 0 || sec.name_len != 4 || memcmp(sec.name, "name", 4) != 0)
            continue;
        size_t q = sec.data;
        while (q < sec.end) {
            uint8_t sub = p[q++];
            uint32_t sz, cnt;
            if (gen_wasm_read_u32(p, sec.end, &q, &sz) < 0 || sz > sec.end - q)
                break;
            size_t e = q + sz;
            if (sub == 7 && gen_wasm_read_u32(p, e, &q, &cnt) == 0) {
                for (uint32_t i = 0; i < cnt; i++) {
                    uint32_t idx, nl;
                    if (gen_wasm_read_u32(p, e, &q, &idx) < 0 || gen_wasm_read_u32(p, e, &q, &nl) < 0 || nl > e - q)
                        break;
                    if (nl == 15 && memcmp(p + q, "__stack_pointer", 15) == 0)
                        sp = idx;
                    if (nl == 16 && memcmp(p + q, "allocation_state", 16) == 0)
                        as = idx;
                    q += nl;
                }
            }
            q = e;
        }
    }
    stack = sp != UINT32_MAX;
    off = 8;
    while ((r = gen_wasm_next_section(p, len, &off, &sec)) == 1) {
        if (sec.id == 0 && sec.name_len >= 14 && memcmp(sec.name, "component-type", 14) == 0)
            continue;
        if (sec.id == 8) {
            fail(n, "the adapter already has a start function; adapters are supported only without one");
            return -1;
        }
        if (stack && (sec.id == 1 || sec.id == 3 || sec.id == 10)) {
            size_t q = sec.payload;
            uint32_t cnt;
            if (gen_wasm_read_u32(p, sec.end, &q, &cnt) < 0) {
                fail(n, "the adapter is malformed");
                return -1;
            }
            wit_buf pl = WIT_BUF_INIT;
            gen_wasm_u32(&pl, cnt + 1);
            wit_buf_append(&pl, p + q, sec.end - q);
            if (sec.id == 1) {
                static const uint8_t ft[] = {0x60, 0x00, 0x00};
                wit_buf_append(&pl, ft, sizeof ft);
            } else if (sec.id == 3) {
                gen_wasm_u32(&pl, ad->u.module.ntypes);
            } else {
                /* allocation_state = 1 (stack allocating); sp = realloc(0, 0, 16, 64 KiB) +
                 * 64 KiB; allocation_state = 2 (stack allocated), as the adapter expects */
                wit_buf body = WIT_BUF_INIT;
                static const uint8_t pre[] = {0x41, 0x00, 0x41, 0x00, 0x41, 0x10, 0x41, 0x80, 0x80, 0x04, 0x10};
                static const uint8_t post[] = {0x41, 0x80, 0x80, 0x04, 0x6A, 0x24};
                gen_wasm_byte(&body, 0x00);
                if (as != UINT32_MAX) {
                    gen_wasm_byte(&body, 0x41);
                    gen_wasm_byte(&body, 0x01);
                    gen_wasm_byte(&body, 0x24);
                    gen_wasm_u32(&body, as);
                }
                wit_buf_append(&body, pre, sizeof pre);
                gen_wasm_u32(&body, realloc_idx);
                wit_buf_append(&body, post, sizeof post);
                gen_wasm_u32(&body, sp);
                if (as != UINT32_MAX) {
                    gen_wasm_byte(&body, 0x41);
                    gen_wasm_byte(&body, 0x02);
                    gen_wasm_byte(&body, 0x24);
                    gen_wasm_u32(&body, as);
                }
                gen_wasm_byte(&body, 0x0B);
                gen_wasm_u32(&pl, (uint32_t)body.len);
                wit_buf_append(&pl, body.data, body.len);
                wit_buf_free(&body);
            }
            gen_wasm_section(out, sec.id, pl.data, pl.len);
            wit_buf_free(&pl);
        } else {
            wit_buf_append(out, p + sec.start, sec.end - sec.start);
        }
        if (stack && sec.id == 7) {
            wit_buf st = WIT_BUF_INIT;
            gen_wasm_u32(&st, ad->u.module.nfuncs);
            gen_wasm_section(out, 8, st.data, st.len);
            wit_buf_free(&st);
        }
    }
    if (r < 0) {
        fail(n, "the adapter is truncated or malformed");
        return -1;
    }
    return 0;
}

/* Decodes core module bytes (wrapped in a component) into *def. */
static int decode_module(nw *n, const uint8_t *p, size_t len, wit_buf *wrap, const cmp_def **def, const char *what)
{
    cmp_component *c = NULL;
    cmp_error ce;
    gen_wasm_component_preamble(wrap);
    gen_wasm_section(wrap, 1, p, len);
    if (wrap->oom) {
        n->oom = 1;
        fail(n, "out of memory");
        return -1;
    }
    if (cmp_decode((const uint8_t *)wrap->data, wrap->len, n->arena, &c, &ce) < 0) {
        fail(n, "%s: at byte %zu: %s", what, ce.offset >= 8 ? ce.offset - 8 : ce.offset, ce.message);
        return -1;
    }
    *def = &c->root->defs[0];
    return 0;
}

int cmp_component_new(const uint8_t *core, size_t len, cmp_new_opts *o, wit_buf *out)
{
    nw n;
    memset(&n, 0, sizeof n);
    n.o = o;
    o->err[0] = 0;
    wit_buf mainmod = WIT_BUF_INIT, wrap = WIT_BUF_INIT, awrap = WIT_BUF_INIT, abytes = WIT_BUF_INIT;
    const uint8_t *payload = NULL, *apayload = NULL;
    size_t payload_len = 0, apayload_len = 0, wend = 0;
    uint32_t npayloads = 0;
    cmp_component *pc = NULL;
    cmp_error ce;
    if (!(n.arena = wit_arena_new())) {
        n.oom = 1;
        fail(&n, "out of memory");
        goto done;
    }
    if (gen_wasm_kind_of(core, len) != GEN_WASM_CORE) {
        fail(&n, "the input is not a core WebAssembly module");
        goto done;
    }
    if (o->adapter && (gen_wasm_kind_of(o->adapter, o->adapter_len) != GEN_WASM_CORE || !o->adapter_name)) {
        fail(&n, "the adapter is not a core WebAssembly module");
        goto done;
    }
    /* 1. cut the component-type sections out of the module (and the adapter) */
    gen_wasm_core_preamble(&mainmod);
    size_t off = 8;
    gen_wasm_sec sec;
    int r;
    while ((r = gen_wasm_next_section(core, len, &off, &sec)) == 1) {
        if (sec.id == 0 && sec.name_len >= 14 && memcmp(sec.name, "component-type", 14) == 0) {
            payload = core + sec.data;
            payload_len = sec.end - sec.data;
            npayloads++;
            continue;
        }
        wit_buf_append(&mainmod, core + sec.start, sec.end - sec.start);
    }
    if (r < 0) {
        fail(&n, "the core module is truncated or malformed (at byte %zu)", off);
        goto done;
    }
    if (npayloads == 0 && !o->adapter) {
        fail(&n, "the core module has no `component-type` custom section (add one with `witc component embed`)");
        goto done;
    }
    if (npayloads > 1) {
        fail(&n, "the core module has %u `component-type` sections; merging several worlds is not supported yet",
             npayloads);
        goto done;
    }
    if (o->adapter) {
        uint32_t na = 0;
        off = 8;
        while ((r = gen_wasm_next_section(o->adapter, o->adapter_len, &off, &sec)) == 1)
            if (sec.id == 0 && sec.name_len >= 14 && memcmp(sec.name, "component-type", 14) == 0) {
                apayload = o->adapter + sec.data;
                apayload_len = sec.end - sec.data;
                na++;
            }
        if (r < 0 || na != 1) {
            fail(&n, "the adapter must be a core module with one `component-type` section");
            goto done;
        }
    }
    const uint8_t *wp = o->adapter ? apayload : payload;
    size_t wl = o->adapter ? apayload_len : payload_len;
    if (wl && wp[0] != 0) {
        fail(&n, "the `component-type` section uses the historical format (first byte 0x%02x)", wp[0]);
        goto done;
    }
    if (o->adapter && npayloads) {
        /* the main module's own world must be empty: its imports come through the adapter */
        cmp_component *mc0 = NULL;
        size_t e0 = 0;
        if (cmp_decode(payload, payload_len, n.arena, &mc0, &ce) < 0) {
            fail(&n, "component-type section: at byte %zu: %s", ce.offset, ce.message);
            goto done;
        }
        const cmp_scope *w0 = payload_world(&n, mc0, &e0);
        if (!w0)
            goto done;
        bool items = false;
        for (uint32_t i = 0; i < w0->ndefs; i++)
            items |= w0->defs[i].kind == CMP_DEF_EXPORT || w0->defs[i].kind == CMP_DEF_IMPORT;
        if (items)
            n.wm = w0;
    }
    if (cmp_decode(wp, wl, n.arena, &pc, &ce) < 0) {
        fail(&n, "%scomponent-type section: at byte %zu: %s", o->adapter ? "adapter's " : "", ce.offset, ce.message);
        goto done;
    }
    if (!(n.w = payload_world(&n, pc, &wend)))
        goto done;
    /* 2. imports, exports and types of the modules, through the component decoder */
    if (mainmod.oom || decode_module(&n, (const uint8_t *)mainmod.data, mainmod.len, &wrap, &n.main, "core module") < 0)
        goto done;
    n.exp = n.main;
    if (o->adapter) {
        const cmp_def *ad0;
        if (decode_module(&n, o->adapter, o->adapter_len, &awrap, &ad0, "adapter") < 0 ||
            prepare_adapter(&n, o->adapter, o->adapter_len, ad0, &abytes) < 0)
            goto done;
        wit_buf_free(&awrap);
        if (abytes.oom || decode_module(&n, (const uint8_t *)abytes.data, abytes.len, &awrap, &n.adapter, "adapter") < 0)
            goto done;
        n.adapter_bytes = &abytes;
        n.exp = n.adapter;
    }
    switch_world(&n, n.w, true);
    if (n.failed || cmp_wit_init(&n.cw, n.arena) < 0)
        goto done;
    /* 3. the component */
    gen_wasm_component_preamble(out);
    gen_wasm_sections_init(&n.secs, out);
    emit(&n, wp, wend, &mainmod);
    gen_wasm_sections_finish(&n.secs);
    if (!n.failed && o->name) {
        /* component-name: subsection 0, the component's own name */
        wit_buf cn = WIT_BUF_INIT, sub = WIT_BUF_INIT;
        gen_wasm_name(&sub, o->name);
        gen_wasm_byte(&cn, 0x00);
        gen_wasm_u32(&cn, (uint32_t)sub.len);
        wit_buf_append(&cn, sub.data, sub.len);
        gen_wasm_custom(out, "component-name", cn.data, cn.len);
        if (cn.oom || sub.oom)
            out->oom = true;
        wit_buf_free(&cn);
        wit_buf_free(&sub);
    }
    if (!n.failed) {
        static const char *const tools[] = {"witc", WITC_COMPONENT_NEW_VERSION};
        gen_wasm_producers(out, tools, 1);
    }
    if (!n.failed && out->oom) {
        n.oom = 1;
        fail(&n, "out of memory");
    }
done:
    wit_buf_free(&mainmod);
    wit_buf_free(&wrap);
    wit_buf_free(&awrap);
    wit_buf_free(&abytes);
    wit_arena_free(n.arena);
    return n.failed ? (n.oom ? -2 : -1) : 0;
}
