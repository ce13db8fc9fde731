/* Decoded component types → the Resolve model, so that what gen/ computes from a Resolve
 * (canonical-ABI sizes, flattening, lift/lower plans) applies to `canon lift` / `canon
 * lower` definitions of a decoded component.
 *
 * Each decoded type (a cmp_type, identified by its address) becomes one wit_typedef the
 * first time it is reached; its children are converted first, so every type follows the
 * types it refers to, as wit_resolve requires. Resources — defined or abstract — become
 * WIT_TD_RESOURCE entries, handles point at them. Names come from the index-space entry
 * the type was reached through (an export, import or alias name), for messages only. */
#include "abi.h"
#include "component.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_DEPTH 100

typedef struct cv {
    cmp_wit *w;
    cmp_error *err;
    int rc; /* 0, -1 unrepresentable, -2 OOM */
    unsigned depth;
} cv;

WIT_PRINTF(2, 3)
static void cfail(cv *c, const char *fmt, ...)
{
    if (c->rc == 0 && c->err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(c->err->message, sizeof c->err->message, fmt, ap);
        va_end(ap);
    }
    if (c->rc == 0)
        c->rc = -1;
}

static void coom(cv *c)
{
    if (c->err && c->rc == 0)
        snprintf(c->err->message, sizeof c->err->message, "out of memory");
    c->rc = -2;
}

int cmp_wit_init(cmp_wit *w, wit_arena *arena)
{
    memset(w, 0, sizeof *w);
    w->arena = arena;
    return 0;
}

static wit_prim prim_to_wit(cmp_prim p)
{
    switch (p) {
    case CMP_PRIM_BOOL: return WIT_BOOL;
    case CMP_PRIM_S8: return WIT_S8;
    case CMP_PRIM_U8: return WIT_U8;
    case CMP_PRIM_S16: return WIT_S16;
    case CMP_PRIM_U16: return WIT_U16;
    case CMP_PRIM_S32: return WIT_S32;
    case CMP_PRIM_U32: return WIT_U32;
    case CMP_PRIM_S64: return WIT_S64;
    case CMP_PRIM_U64: return WIT_U64;
    case CMP_PRIM_F32: return WIT_F32;
    case CMP_PRIM_F64: return WIT_F64;
    case CMP_PRIM_CHAR: return WIT_CHAR;
    case CMP_PRIM_STRING: return WIT_STRING;
    case CMP_PRIM_ERROR_CONTEXT: return WIT_ERROR_CONTEXT;
    case CMP_PRIM_NONE: break;
    }
    return WIT_TYPE_ID;
}

/* Finds the id already given to decoded type t, or WIT_NONE. */
static wit_id lookup(const cmp_wit *w, const cmp_type *t)
{
    /* open addressing on the pointer */
    if (!w->cap_)
        return WIT_NONE;
    uint32_t j = (uint32_t)(((uintptr_t)t >> 4) * 2654435761u) & (w->cap_ - 1);
    while (w->keys_[j]) {
        if (w->keys_[j] == t)
            return w->vals_[j];
        j = (j + 1) & (w->cap_ - 1);
    }
    return WIT_NONE;
}

static int remember(cv *c, const cmp_type *t, wit_id id)
{
    cmp_wit *w = c->w;
    if (w->n_ * 2 >= w->cap_) {
        uint32_t ncap = w->cap_ ? w->cap_ * 2 : 64;
        const cmp_type **nk = wit_arena_alloc(w->arena, sizeof *nk * ncap);
        wit_id *nv = wit_arena_alloc(w->arena, sizeof *nv * ncap);
        if (!nk || !nv) {
            coom(c);
            return -1;
        }
        for (uint32_t i = 0; i < w->cap_; i++) {
            if (!w->keys_[i])
                continue;
            uint32_t j = (uint32_t)(((uintptr_t)w->keys_[i] >> 4) * 2654435761u) & (ncap - 1);
            while (nk[j])
                j = (j + 1) & (ncap - 1);
            nk[j] = w->keys_[i];
            nv[j] = w->vals_[i];
        }
        w->keys_ = nk;
        w->vals_ = nv;
        w->cap_ = ncap;
    }
    uint32_t j = (uint32_t)(((uintptr_t)t >> 4) * 2654435761u) & (w->cap_ - 1);
    while (w->keys_[j])
        j = (j + 1) & (w->cap_ - 1);
    w->keys_[j] = t;
    w->vals_[j] = id;
    w->n_++;
    return 0;
}

/* Appends a typedef; returns its id or WIT_NONE on OOM. */
static wit_id push_typedef(cv *c, const wit_typedef *td)
{
    cmp_wit *w = c->w;
    wit_resolve *r = &w->resolve;
    if (r->ntypes == w->types_cap_) {
        uint32_t ncap = w->types_cap_ ? w->types_cap_ * 2 : 32;
        wit_typedef *nt = wit_arena_grow(w->arena, r->types, r->ntypes, ncap, sizeof *nt);
        if (!nt) {
            coom(c);
            return WIT_NONE;
        }
        r->types = nt;
        w->types_cap_ = ncap;
    }
    r->types[r->ntypes] = *td;
    return r->ntypes++;
}

static wit_type conv_valtype(cv *c, const cmp_scope *sc, cmp_valtype v);

static void *cv_alloc(cv *c, size_t n)
{
    void *p = wit_arena_alloc(c->w->arena, n ? n : 1);
    if (!p)
        coom(c);
    return p;
}

/* Converts decoded type t (reached under `name`, may be NULL) and returns its id. */
static wit_id conv_type(cv *c, const cmp_type *t, const char *name)
{
    wit_id id = lookup(c->w, t);
    wit_typedef td;
    if (id != WIT_NONE || c->rc)
        return id;
    if (c->depth >= MAX_DEPTH) {
        cfail(c, "types nested deeper than %d levels", MAX_DEPTH);
        return WIT_NONE;
    }
    c->depth++;
    memset(&td, 0, sizeof td);
    td.name = name;
    td.owner.kind = WIT_OWNER_NONE;
    td.owner.id = WIT_NONE;
    td.span.start = td.span.end = UINT32_MAX;
    const cmp_scope *sc = t->scope;
    switch (t->kind) {
    case CMP_TYPE_PRIM:
        td.kind = WIT_TD_ALIAS;
        td.u.elem.prim = prim_to_wit(t->u.prim);
        td.u.elem.id = WIT_NONE;
        break;
    case CMP_TYPE_RECORD:
        td.kind = WIT_TD_RECORD;
        td.u.record.n = t->u.record.n;
        if (!(td.u.record.fields = cv_alloc(c, sizeof(wit_field) * t->u.record.n)))
            break;
        for (uint32_t i = 0; i < t->u.record.n; i++) {
            td.u.record.fields[i].name = t->u.record.fields[i].name;
            td.u.record.fields[i].type = conv_valtype(c, sc, t->u.record.fields[i].type);
            td.u.record.fields[i].span = td.span;
        }
        break;
    case CMP_TYPE_VARIANT:
        td.kind = WIT_TD_VARIANT;
        td.u.variant.n = t->u.variant.n;
        if (!(td.u.variant.cases = cv_alloc(c, sizeof(wit_case) * t->u.variant.n)))
            break;
        for (uint32_t i = 0; i < t->u.variant.n; i++) {
            wit_case *wc = &td.u.variant.cases[i];
            wc->name = t->u.variant.cases[i].name;
            wc->has_type = t->u.variant.cases[i].has_type;
            if (wc->has_type)
                wc->type = conv_valtype(c, sc, t->u.variant.cases[i].type);
            wc->span = td.span;
        }
        break;
    case CMP_TYPE_FLAGS:
    case CMP_TYPE_ENUM:
        td.kind = t->kind == CMP_TYPE_FLAGS ? WIT_TD_FLAGS : WIT_TD_ENUM;
        td.u.variant.n = t->u.labels.n;
        if (!(td.u.variant.cases = cv_alloc(c, sizeof(wit_case) * t->u.labels.n)))
            break;
        for (uint32_t i = 0; i < t->u.labels.n; i++) {
            td.u.variant.cases[i].name = t->u.labels.names[i];
            td.u.variant.cases[i].span = td.span;
        }
        break;
    case CMP_TYPE_LIST:
        if (t->u.list.fixed_len) {
            td.kind = WIT_TD_FIXED_LIST;
            td.u.fixed.elem = conv_valtype(c, sc, t->u.list.elem);
            td.u.fixed.len = t->u.list.fixed_len;
        } else {
            td.kind = WIT_TD_LIST;
            td.u.elem = conv_valtype(c, sc, t->u.list.elem);
        }
        break;
    case CMP_TYPE_TUPLE:
        td.kind = WIT_TD_TUPLE;
        td.u.tuple.n = t->u.tuple.n;
        if (!(td.u.tuple.types = cv_alloc(c, sizeof(wit_type) * t->u.tuple.n)))
            break;
        for (uint32_t i = 0; i < t->u.tuple.n; i++)
            td.u.tuple.types[i] = conv_valtype(c, sc, t->u.tuple.types[i]);
        break;
    case CMP_TYPE_OPTION:
        td.kind = WIT_TD_OPTION;
        td.u.elem = conv_valtype(c, sc, t->u.option);
        break;
    case CMP_TYPE_RESULT:
        td.kind = WIT_TD_RESULT;
        td.u.result.has_ok = t->u.result.has_ok;
        td.u.result.has_err = t->u.result.has_err;
        if (t->u.result.has_ok)
            td.u.result.ok = conv_valtype(c, sc, t->u.result.ok);
        if (t->u.result.has_err)
            td.u.result.err = conv_valtype(c, sc, t->u.result.err);
        break;
    case CMP_TYPE_OWN:
    case CMP_TYPE_BORROW: {
        const cmp_item *it = cmp_scope_item(sc, CMP_SORT_TYPE, t->u.handle);
        td.kind = WIT_TD_HANDLE;
        td.u.handle.borrow = t->kind == CMP_TYPE_BORROW;
        td.u.handle.resource = it ? conv_type(c, it->type, it->name) : WIT_NONE;
        break;
    }
    case CMP_TYPE_FUTURE:
    case CMP_TYPE_STREAM:
        td.kind = t->kind == CMP_TYPE_FUTURE ? WIT_TD_FUTURE : WIT_TD_STREAM;
        td.u.async.has = t->u.async_payload.has;
        if (t->u.async_payload.has)
            td.u.async.elem = conv_valtype(c, sc, t->u.async_payload.elem);
        break;
    case CMP_TYPE_MAP:
        td.kind = WIT_TD_MAP;
        td.u.map.key = conv_valtype(c, sc, t->u.map.key);
        td.u.map.value = conv_valtype(c, sc, t->u.map.value);
        break;
    case CMP_TYPE_RESOURCE:
    case CMP_TYPE_ABSTRACT_RESOURCE:
        td.kind = WIT_TD_RESOURCE;
        break;
    default:
        cfail(c, "type `%s` (decoded kind %d) is not a value type that WIT can express",
              name ? name : "?", (int)t->kind);
        break;
    }
    c->depth--;
    if (c->rc)
        return WIT_NONE;
    /* children may have converted t already through another path: no, types are acyclic
     * and t is only converted here; remember it now */
    id = push_typedef(c, &td);
    if (id == WIT_NONE || remember(c, t, id) < 0)
        return WIT_NONE;
    return id;
}

static wit_type conv_valtype(cv *c, const cmp_scope *sc, cmp_valtype v)
{
    wit_type out;
    out.id = WIT_NONE;
    if (v.prim != CMP_PRIM_NONE) {
        out.prim = prim_to_wit(v.prim);
        return out;
    }
    out.prim = WIT_TYPE_ID;
    const cmp_item *it = cmp_scope_item(sc, CMP_SORT_TYPE, v.index);
    if (!it) {
        cfail(c, "type index %u out of range", v.index);
        return out;
    }
    out.id = conv_type(c, it->type, it->name);
    return out;
}

int cmp_wit_func(cmp_wit *w, const cmp_type *ft, const char *name, wit_func *out, cmp_error *err)
{
    cv c = {w, err, 0, 0};
    if (err)
        memset(err, 0, sizeof *err);
    memset(out, 0, sizeof *out);
    out->resource = WIT_NONE;
    out->span.start = out->span.end = UINT32_MAX;
    if (!ft || ft->kind != CMP_TYPE_FUNC) {
        cfail(&c, "`%s` is not of a known function type", name ? name : "?");
        return c.rc;
    }
    out->name = name ? name : "";
    cmp_name_kind nk = CMP_NAME_LABEL;
    if (name) {
        if (strncmp(name, "[constructor]", 13) == 0)
            nk = CMP_NAME_CONSTRUCTOR;
        else if (strncmp(name, "[method]", 8) == 0)
            nk = CMP_NAME_METHOD;
        else if (strncmp(name, "[static]", 8) == 0)
            nk = CMP_NAME_STATIC;
    }
    out->kind = nk == CMP_NAME_CONSTRUCTOR ? WIT_FN_CONSTRUCTOR
                : nk == CMP_NAME_METHOD ? (ft->u.func.async ? WIT_FN_ASYNC_METHOD : WIT_FN_METHOD)
                : nk == CMP_NAME_STATIC ? (ft->u.func.async ? WIT_FN_ASYNC_STATIC : WIT_FN_STATIC)
                : (ft->u.func.async ? WIT_FN_ASYNC_FREESTANDING : WIT_FN_FREESTANDING);
    out->nparams = ft->u.func.nparams;
    if (!(out->params = cv_alloc(&c, sizeof(wit_param) * ft->u.func.nparams)))
        return c.rc;
    for (uint32_t i = 0; i < ft->u.func.nparams && !c.rc; i++) {
        out->params[i].name = ft->u.func.params[i].name;
        out->params[i].type = conv_valtype(&c, ft->scope, ft->u.func.params[i].type);
        out->params[i].span = out->span;
    }
    out->has_result = ft->u.func.has_result;
    if (out->has_result && !c.rc)
        out->result = conv_valtype(&c, ft->scope, ft->u.func.result);
    if (c.rc)
        return c.rc;
    /* the resource of a method (self: borrow<r>) or constructor (own<r> or result<own<r>, E>) */
    wit_type rt = out->result;
    if (nk == CMP_NAME_METHOD && out->nparams)
        rt = out->params[0].type;
    if ((nk == CMP_NAME_METHOD || nk == CMP_NAME_CONSTRUCTOR) && rt.prim == WIT_TYPE_ID &&
        rt.id < w->resolve.ntypes) {
        const wit_typedef *td = &w->resolve.types[rt.id];
        if (td->kind == WIT_TD_RESULT && td->u.result.has_ok && td->u.result.ok.prim == WIT_TYPE_ID)
            td = &w->resolve.types[td->u.result.ok.id];
        if (td->kind == WIT_TD_HANDLE)
            out->resource = td->u.handle.resource;
    }
    return 0;
}

/* ---- checking canon definitions against the canonical ABI ------------------------------ */

static void sig_text(char *buf, size_t n, const gen_core *params, uint32_t np, const gen_core *res,
                     uint32_t nr)
{
    size_t k = (size_t)snprintf(buf, n, "(");
    for (uint32_t i = 0; i < np && k < n; i++)
        k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? ", " : "", gen_core_name(params[i]));
    if (k < n)
        k += (size_t)snprintf(buf + k, n - k, ") -> (");
    for (uint32_t i = 0; i < nr && k < n; i++)
        k += (size_t)snprintf(buf + k, n - k, "%s%s", i ? ", " : "", gen_core_name(res[i]));
    if (k < n)
        snprintf(buf + k, n - k, ")");
}

static bool core_of(uint8_t b, gen_core *out)
{
    switch (b) {
    case 0x7F: *out = GEN_I32; return true;
    case 0x7E: *out = GEN_I64; return true;
    case 0x7D: *out = GEN_F32; return true;
    case 0x7C: *out = GEN_F64; return true;
    default: return false;
    }
}

/* Compares a plan's core signature with a core function type; on a mismatch writes both. */
static bool same_signature(const gen_plan *pl, const cmp_type *ct, char *why, size_t n)
{
    gen_core cp[256], cr[8];
    uint32_t np = ct->u.core_func.nparams, nr = ct->u.core_func.nresults;
    bool ok = np <= 256 && nr <= 8;
    for (uint32_t i = 0; ok && i < np; i++)
        ok = core_of(ct->u.core_func.params[i], &cp[i]);
    for (uint32_t i = 0; ok && i < nr; i++)
        ok = core_of(ct->u.core_func.results[i], &cr[i]);
    ok = ok && np == pl->ncore_params && nr == pl->ncore_results &&
         memcmp(cp, pl->core_params, sizeof(gen_core) * np) == 0 &&
         (nr == 0 || cr[0] == pl->core_results[0]);
    if (!ok) {
        char have[160], want[160];
        sig_text(have, sizeof have, cp, np <= 256 ? np : 0, cr, nr <= 8 ? nr : 0);
        sig_text(want, sizeof want, pl->core_params, pl->ncore_params, pl->core_results,
                 pl->ncore_results);
        if (snprintf(why, n, "the core function has type %s, but the canonical ABI needs %s", have,
                     want) < 0)
            why[0] = '\0';
    }
    return ok;
}

static bool func_owns_memory(const wit_resolve *r, const wit_func *f, bool params, bool result)
{
    for (uint32_t i = 0; params && i < f->nparams; i++)
        if (gen_abi_owns_memory(r, f->params[i].type))
            return true;
    return result && f->has_result && gen_abi_owns_memory(r, f->result);
}

/* Plans canon definition d and checks its options and, when known, its core type. */
static int check_canon(cmp_wit *w, const cmp_scope *s, const cmp_def *d, const cmp_type *core,
                       wit_arena *arena, cmp_error *err)
{
    bool lift = d->u.canon.kind == CMP_CANON_LIFT;
    const cmp_canon_opts *o = &d->u.canon.opts;
    const cmp_type *ft;
    const char *name = NULL;
    wit_func wf;
    gen_plan pl;
    char why[200];
    if (lift) {
        ft = cmp_scope_type(s, d->u.canon.type);
    } else {
        const cmp_item *f = cmp_scope_item(s, CMP_SORT_FUNC, d->u.canon.func);
        ft = f ? f->type : NULL;
        name = f ? f->name : NULL;
        if (!ft)
            return 0; /* a function of unknown type (e.g. aliased from an unknown instance) */
    }
    int rc = cmp_wit_func(w, ft, name, &wf, err);
    if (rc < 0) {
        if (err)
            err->offset = d->offset;
        return rc;
    }
    if (gen_plan_func(&w->resolve, &wf, lift ? GEN_EXPORT : GEN_IMPORT, false, false, arena, &pl) < 0) {
        if (err) {
            err->offset = d->offset;
            snprintf(err->message, sizeof err->message, "out of memory");
        }
        return -2;
    }
    bool need_memory = func_owns_memory(&w->resolve, &wf, true, true) || pl.params_indirect ||
                       pl.results_indirect;
    bool need_realloc = lift ? (func_owns_memory(&w->resolve, &wf, true, false) || pl.params_indirect)
                             : func_owns_memory(&w->resolve, &wf, false, true);
    why[0] = '\0';
    if (need_memory && !o->has_memory)
        snprintf(why, sizeof why, "the function passes strings, lists or spilled values, so "
                 "the `memory` option is required");
    else if (need_realloc && !o->has_realloc)
        snprintf(why, sizeof why, "the function %s strings or lists into core memory, so the "
                 "`realloc` option is required", lift ? "receives" : "returns");
    else if (core && !same_signature(&pl, core, why, sizeof why))
        ;
    else
        return 0;
    if (err) {
        err->offset = d->offset;
        if (snprintf(err->message, sizeof err->message, "canon %s%s%s: %s", lift ? "lift" : "lower",
                     name ? " of " : "", name ? name : "", why) < 0)
            err->message[0] = '\0';
    }
    return -1;
}

int cmp_check_abi(const cmp_component *c, wit_arena *arena, cmp_error *err)
{
    const cmp_scope *s = c->root;
    cmp_wit w;
    int rc;
    if (err)
        memset(err, 0, sizeof *err);
    cmp_wit_init(&w, arena);
    /* lowers: find the core module import each lowered function is passed to */
    const cmp_type **lower_core = wit_arena_alloc(arena, sizeof *lower_core * (s->count[CMP_SORT_CORE_FUNC] + 1));
    if (!lower_core) {
        if (err)
            snprintf(err->message, sizeof err->message, "out of memory");
        return -2;
    }
    for (uint32_t i = 0; i < s->ndefs; i++) {
        const cmp_def *ci = &s->defs[i];
        if (ci->kind != CMP_DEF_CORE_INSTANCE || !ci->u.core_instance.instantiate)
            continue;
        const cmp_item *mi = cmp_scope_item(s, CMP_SORT_CORE_MODULE, ci->u.core_instance.module);
        if (!mi || mi->def >= s->ndefs || s->defs[mi->def].kind != CMP_DEF_CORE_MODULE)
            continue;
        const cmp_def *m = &s->defs[mi->def];
        for (uint32_t k = 0; k < m->u.module.nimports; k++) {
            const cmp_core_import *im = &m->u.module.imports[k];
            if (im->kind != CMP_SORT_CORE_FUNC || im->type >= m->u.module.ntypes)
                continue;
            for (uint32_t j = 0; j < ci->u.core_instance.nargs; j++) {
                const cmp_arg *a = &ci->u.core_instance.args[j];
                const cmp_item *bi = cmp_scope_item(s, CMP_SORT_CORE_INSTANCE, a->item.index);
                if (strcmp(a->name, im->module) != 0 || !bi || bi->def >= s->ndefs ||
                    s->defs[bi->def].u.core_instance.instantiate)
                    continue;
                const cmp_def *bag = &s->defs[bi->def];
                for (uint32_t e = 0; e < bag->u.core_instance.nargs; e++)
                    if (bag->u.core_instance.args[e].item.sort == CMP_SORT_CORE_FUNC &&
                        strcmp(bag->u.core_instance.args[e].name, im->field) == 0)
                        lower_core[bag->u.core_instance.args[e].item.index] = m->u.module.types[im->type];
            }
        }
    }
    for (uint32_t i = 0; i < s->ndefs; i++) {
        const cmp_def *d = &s->defs[i];
        if (d->kind != CMP_DEF_CANON || d->u.canon.opts.async ||
            (d->u.canon.kind != CMP_CANON_LIFT && d->u.canon.kind != CMP_CANON_LOWER))
            continue;
        const cmp_type *core = d->u.canon.kind == CMP_CANON_LIFT
                                   ? cmp_core_func_type_of(s, d->u.canon.func)
                                   : lower_core[d->index];
        if ((rc = check_canon(&w, s, d, core, arena, err)) < 0)
            return rc;
    }
    return 0;
}
