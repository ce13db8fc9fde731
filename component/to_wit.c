/* Decoded component types → the Resolve model, so that what gen/ computes from a Resolve
 * (canonical-ABI sizes, flattening, lift/lower plans) applies to `canon lift` / `canon
 * lower` definitions of a decoded component.
 *
 * Each decoded type (a cmp_type, identified by its address) becomes one wit_typedef the
 * first time it is reached; its children are converted first, so every type follows the
 * types it refers to, as wit_resolve requires. Resources — defined or abstract — become
 * WIT_TD_RESOURCE entries, handles point at them. Names come from the index-space entry
 * the type was reached through (an export, import or alias name), for messages only. */
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
