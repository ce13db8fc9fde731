/* The WIT resolver, phase two: appends each package that phase one resolved to the
 * session's Resolve in dependency order (wit-parser's Remap::append), then the public
 * entry point that orders packages and the small Resolve helpers.
 *
 * Appending maps local ids to global ones (a NONE entry means "dropped by a feature
 * gate", and any later reference to it is an error), turns references to resources
 * into anonymous `own<r>` handles, merges `include`d worlds (cloning world-owned
 * types under their new names) and elaborates every world so that each interface an
 * import or export depends on is imported, rejecting worlds that would need an
 * interface both imported and exported. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "resolve_int.h"

rs_upkg *rs_new_upkg(rs_ctx *c)
{
    if (rs_reserve(c->a, (void **)&c->pkgs, c->npkgs, &c->cappkgs, sizeof(*c->pkgs)) < 0)
        return NULL;
    rs_upkg *u = wit_arena_alloc(c->a, sizeof(*u));
    if (!u)
        return NULL;
    u->id = WIT_NONE;
    u->idx = c->npkgs;
    c->pkgs[c->npkgs++] = u;
    return u;
}

void rs_free_upkg(rs_upkg *u)
{
    wit_free(u->types);
    u->types = NULL;
    u->ntypes = u->captypes = 0;
    wit_arena_free(u->scratch);
    u->scratch = NULL;
    u->ifaces = NULL;
    u->worlds = NULL;
    u->fdeps = NULL;
    u->req_res = NULL;
    u->nifaces = u->nworlds = u->nfdeps = u->nreq_res = 0;
}

/* ------------------------------------------------------------------------- */
/* global arenas                                                             */

static bool typedef_has_borrow(const rs_ctx *c, const wit_typedef *td);

static uint32_t g_new_type(rs_ctx *c, const wit_typedef *td)
{
    wit_resolve *r = &c->s->resolve;
    if (rs_reserve(c->a, (void **)&r->types, r->ntypes, &c->captypes, sizeof(*r->types)) < 0)
        return WIT_NONE;
    if (r->ntypes >= c->caphb) {
        uint32_t ncap = c->caphb ? c->caphb * 2 : 64;
        int8_t *nh = wit_arena_grow(c->a, c->has_borrow, c->caphb, ncap, 1);
        if (!nh)
            return WIT_NONE;
        c->has_borrow = nh;
        c->caphb = ncap;
    }
    c->has_borrow[r->ntypes] = typedef_has_borrow(c, td) ? 1 : 0;
    r->types[r->ntypes] = *td;
    return r->ntypes++;
}

static uint32_t g_new_iface(rs_ctx *c, const wit_iface *f)
{
    wit_resolve *r = &c->s->resolve;
    if (rs_reserve(c->a, (void **)&r->ifaces, r->nifaces, &c->capifaces, sizeof(*r->ifaces)) < 0)
        return WIT_NONE;
    r->ifaces[r->nifaces] = *f;
    return r->nifaces++;
}

static uint32_t g_new_world(rs_ctx *c, const wit_world *w)
{
    wit_resolve *r = &c->s->resolve;
    if (rs_reserve(c->a, (void **)&r->worlds, r->nworlds, &c->capworlds, sizeof(*r->worlds)) < 0)
        return WIT_NONE;
    r->worlds[r->nworlds] = *w;
    return r->nworlds++;
}

/* ------------------------------------------------------------------------- */
/* remap                                                                     */

typedef struct remap {
    rs_ctx *c;
    rs_upkg *u;
    wit_id pkg;
    uint32_t *types, *ifaces, *worlds; /* local -> global, WIT_NONE = gated away, POISON = failed */
    uint32_t ntypes, nifaces, nworlds; /* how many are mapped so far */
    rs_umap own;                       /* resource -> own<resource> */
} remap;

/* An item whose own error was already reported: whatever refers to it fails quietly. */
#define POISON 0xFFFFFFFDu

static int map_id(remap *m, uint32_t *map, uint32_t n, uint32_t id, const char *desc, wit_span span,
                  const char *ctx, uint32_t *out)
{
    if (id >= n)
        return rs_error(m->c, span, "internal error: %s %u mapped before registration", desc, id);
    if (map[id] == POISON)
        return -1;
    if (map[id] == WIT_NONE) {
        if (ctx)
            return rs_error(m->c, span,
                            "found a reference to a %s which is excluded due to its feature not being activated; %s",
                            desc, ctx);
        return rs_error(m->c, span,
                        "found a reference to a %s which is excluded due to its feature not being activated", desc);
    }
    *out = map[id];
    return 0;
}

static int map_type(remap *m, uint32_t id, wit_span span, uint32_t *out)
{
    return map_id(m, m->types, m->ntypes, id, "type", span, NULL, out);
}

static int map_iface(remap *m, uint32_t id, wit_span span, uint32_t *out)
{
    return map_id(m, m->ifaces, m->nifaces, id, "interface", span, NULL, out);
}

static int map_world(remap *m, uint32_t id, wit_span span, uint32_t *out)
{
    return map_id(m, m->worlds, m->nworlds, id, "world", span, NULL, out);
}

/* include_stability: whether an item with this gate stays; errors for bad @since. */
static int include_stability(rs_ctx *c, const wit_stability *st, wit_id pkg, wit_span span, bool *out)
{
    *out = true;
    if (st->kind == WIT_STAB_UNKNOWN)
        return 0;
    if (st->kind == WIT_STAB_UNSTABLE) {
        bool on = c->s->all_features;
        for (uint32_t i = 0; i < c->s->nfeatures && !on; i++)
            if (strcmp(c->s->features[i], st->feature) == 0)
                on = true;
        *out = on;
        return 0;
    }
    const wit_package *p = &c->s->resolve.packages[pkg];
    const char *pname = rs_pkg_name_str(c, &p->name);
    if (!pname)
        return -1;
    if (!p->name.version)
        return rs_error(c, span,
                        "package [%s] contains a feature gate with a version specifier, so it must have a version",
                        pname);
    wit_semver a, b;
    const char *why;
    if (wit_semver_parse(st->since, strlen(st->since), &a, &why) < 0 ||
        wit_semver_parse(p->name.version, strlen(p->name.version), &b, &why) < 0)
        return rs_error(c, span, "invalid version in feature gate: %s", why);
    if (wit_semver_cmp(&a, &b) > 0) {
        wit_buf sb = WIT_BUF_INIT;
        wit_semver_format(&a, &sb);
        int rc = rs_error(c, span,
                          "feature gate cannot reference unreleased version %s of package [%s] (current version %s)",
                          sb.data ? sb.data : st->since, pname, p->name.version);
        wit_buf_free(&sb);
        return rc;
    }
    return 0;
}

static bool points_to_resource(const wit_resolve *r, uint32_t id)
{
    for (uint32_t guard = 0; guard <= r->ntypes; guard++) {
        const wit_typedef *td = &r->types[id];
        if (td->kind == WIT_TD_RESOURCE)
            return true;
        if (td->kind == WIT_TD_ALIAS && td->u.elem.prim == WIT_TYPE_ID) {
            id = td->u.elem.id;
            continue;
        }
        return false;
    }
    return false;
}

static int update_ty(remap *m, wit_type *t, wit_span span)
{
    if (t->prim != WIT_TYPE_ID)
        return 0;
    if (map_type(m, t->id, span, &t->id) < 0)
        return -1;
    wit_resolve *r = &m->c->s->resolve;
    if (!points_to_resource(r, t->id))
        return 0;
    uint32_t h;
    if (!rs_umap_get(&m->own, t->id, &h)) {
        wit_typedef td;
        memset(&td, 0, sizeof(td));
        td.kind = WIT_TD_HANDLE;
        td.u.handle.borrow = false;
        td.u.handle.resource = t->id;
        td.owner.kind = WIT_OWNER_NONE;
        td.owner.id = WIT_NONE;
        td.span = span;
        h = g_new_type(m->c, &td);
        if (h == WIT_NONE || rs_umap_put(m->c->tmp, &m->own, t->id, h) < 0)
            return -1;
    }
    t->id = h;
    return 0;
}

static void *dup_arr(rs_ctx *c, const void *p, size_t n, size_t elem)
{
    void *q = wit_arena_alloc(c->a, elem * (n ? n : 1));
    if (q && n)
        memcpy(q, p, elem * n);
    return q;
}

static int update_typedef(remap *m, wit_typedef *td, wit_span span)
{
    switch (td->kind) {
    case WIT_TD_HANDLE:
        return map_type(m, td->u.handle.resource, span, &td->u.handle.resource);
    case WIT_TD_RESOURCE:
    case WIT_TD_FLAGS:
    case WIT_TD_ENUM:
        return 0;
    case WIT_TD_RECORD:
        for (uint32_t i = 0; i < td->u.record.n; i++)
            if (update_ty(m, &td->u.record.fields[i].type, td->u.record.fields[i].span) < 0)
                return -1;
        return 0;
    case WIT_TD_TUPLE:
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            if (update_ty(m, &td->u.tuple.types[i], span) < 0)
                return -1;
        return 0;
    case WIT_TD_VARIANT:
        for (uint32_t i = 0; i < td->u.variant.n; i++)
            if (td->u.variant.cases[i].has_type &&
                update_ty(m, &td->u.variant.cases[i].type, td->u.variant.cases[i].span) < 0)
                return -1;
        return 0;
    case WIT_TD_OPTION:
    case WIT_TD_LIST:
        return update_ty(m, &td->u.elem, span);
    case WIT_TD_FIXED_LIST:
        return update_ty(m, &td->u.fixed.elem, span);
    case WIT_TD_FUTURE:
    case WIT_TD_STREAM:
        return td->u.async.has ? update_ty(m, &td->u.async.elem, span) : 0;
    case WIT_TD_MAP:
        if (update_ty(m, &td->u.map.key, span) < 0)
            return -1;
        return update_ty(m, &td->u.map.value, span);
    case WIT_TD_RESULT:
        if (td->u.result.has_ok && update_ty(m, &td->u.result.ok, span) < 0)
            return -1;
        if (td->u.result.has_err && update_ty(m, &td->u.result.err, span) < 0)
            return -1;
        return 0;
    case WIT_TD_ALIAS:
        if (td->u.elem.prim == WIT_TYPE_ID)
            return map_type(m, td->u.elem.id, span, &td->u.elem.id);
        return 0;
    case WIT_TD_UNKNOWN:
        break;
    }
    return rs_error(m->c, span, "internal error: unknown type while appending");
}

/* Whether a type contains a `borrow<T>`. Every global type is appended after the
 * types it refers to, so the answer is computed once, at append time, from answers
 * already known: no recursion, whatever the depth of the type graph. */
static bool type_has_borrow(const rs_ctx *c, wit_type t)
{
    return t.prim == WIT_TYPE_ID && t.id < c->caphb && c->has_borrow[t.id] > 0;
}

static bool typedef_has_borrow(const rs_ctx *c, const wit_typedef *td)
{
    switch (td->kind) {
    case WIT_TD_ALIAS:
    case WIT_TD_LIST:
    case WIT_TD_OPTION:
        return type_has_borrow(c, td->u.elem);
    case WIT_TD_FIXED_LIST:
        return type_has_borrow(c, td->u.fixed.elem);
    case WIT_TD_VARIANT:
        for (uint32_t i = 0; i < td->u.variant.n; i++)
            if (td->u.variant.cases[i].has_type && type_has_borrow(c, td->u.variant.cases[i].type))
                return true;
        return false;
    case WIT_TD_HANDLE:
        return td->u.handle.borrow;
    case WIT_TD_RECORD:
        for (uint32_t i = 0; i < td->u.record.n; i++)
            if (type_has_borrow(c, td->u.record.fields[i].type))
                return true;
        return false;
    case WIT_TD_TUPLE:
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            if (type_has_borrow(c, td->u.tuple.types[i]))
                return true;
        return false;
    case WIT_TD_FUTURE:
    case WIT_TD_STREAM:
        return td->u.async.has && type_has_borrow(c, td->u.async.elem);
    case WIT_TD_MAP:
        return type_has_borrow(c, td->u.map.key) || type_has_borrow(c, td->u.map.value);
    case WIT_TD_RESULT:
        return (td->u.result.has_ok && type_has_borrow(c, td->u.result.ok)) ||
               (td->u.result.has_err && type_has_borrow(c, td->u.result.err));
    default:
        return false;
    }
}

static int update_function(remap *m, wit_func *f, wit_span span)
{
    if (f->kind != WIT_FN_FREESTANDING && f->kind != WIT_FN_ASYNC_FREESTANDING &&
        map_type(m, f->resource, span, &f->resource) < 0)
        return -1;
    /* phase one's params are appended exactly once: update them in place */
    for (uint32_t i = 0; i < f->nparams; i++)
        if (update_ty(m, &f->params[i].type, span) < 0)
            return -1;
    if (f->has_result && update_ty(m, &f->result, span) < 0)
        return -1;
    if (f->has_result && type_has_borrow(m->c, f->result))
        return rs_error(m->c, span, "function `%s` returns a type which contains a `borrow<T>` which is not supported",
                        f->name);
    return 0;
}

/* ---- foreign deps ---- */

static int package_not_found(rs_ctx *c, const char *name, wit_span span)
{
    if (rs_smap_get(&c->failed_names, name, NULL))
        return -1; /* that package already failed and said why: stay quiet */
    wit_buf b = WIT_BUF_INIT;
    wit_buf_printf(&b, "package '%s' not found. ", name);
    if (c->s->resolve.npackages == 0) {
        wit_buf_puts(&b, "no known packages.");
    } else {
        wit_buf_puts(&b, "known packages:");
        for (uint32_t i = 0; i < c->s->resolve.npackages; i++)
            wit_buf_printf(&b, "\n    %s", c->pkg_keys[i]);
    }
    int rc = rs_error(c, span, "%s", b.data ? b.data : name);
    wit_buf_free(&b);
    /* the most common cause: the same package at another version */
    const char *at = strchr(name, '@');
    size_t base = at ? (size_t)(at - name) : strlen(name);
    wit_buf o = WIT_BUF_INIT;
    for (uint32_t i = 0; i < c->npkgs; i++) {
        const char *k = c->pkgs[i]->key;
        if (strncmp(k, name, base) == 0 && (k[base] == '@' || k[base] == '\0'))
            wit_buf_printf(&o, "%s`%s`", o.len ? ", " : "", k);
    }
    if (o.len && o.data)
        rs_note(c, WIT_NO_SPAN,
                "references must name the exact version of a package; this one is available as %s", o.data);
    wit_buf_free(&o);
    return rc;
}

/* The type of global interface gi named `name`, or WIT_NONE (for `use` across packages). */
static uint32_t iface_type_named(const rs_ctx *c, uint32_t gi, const char *name)
{
    /* a short scan (interned names mostly match by pointer) instead of a map per
     * interface that would live as long as the session */
    const wit_iface *f = &c->s->resolve.ifaces[gi];
    for (uint32_t k = f->ntypes; k-- > 0;) {
        const char *n = f->types[k].name;
        if (n && (n == name || (n[0] == name[0] && strcmp(n, name) == 0)))
            return f->types[k].id;
    }
    return WIT_NONE;
}

static int process_foreign(remap *m)
{
    rs_ctx *c = m->c;
    rs_upkg *u = m->u;
    bool failed = false;
    /* which dependency item each foreign placeholder stands for */
    uint32_t nowner[2] = {u->nifaces, u->nworlds};
    uint32_t *owner_dep[2], *owner_item[2];
    for (int pass = 0; pass < 2; pass++) {
        owner_dep[pass] = wit_arena_alloc(c->tmp, sizeof(uint32_t) * (nowner[pass] + 1));
        owner_item[pass] = wit_arena_alloc(c->tmp, sizeof(uint32_t) * (nowner[pass] + 1));
        if (!owner_dep[pass] || !owner_item[pass])
            return -1;
        for (uint32_t i = 0; i < nowner[pass]; i++)
            owner_dep[pass][i] = WIT_NONE;
    }
    for (uint32_t k = 0; k < u->nfdeps; k++)
        for (uint32_t j = 0; j < u->fdeps[k].nitems; j++) {
            const rs_ufdep_item *fi = &u->fdeps[k].items[j];
            int pass = fi->is_world ? 1 : 0;
            if (fi->id < nowner[pass]) {
                owner_dep[pass][fi->id] = k;
                owner_item[pass][fi->id] = j;
            }
        }
    /* interfaces, then worlds, in local order (foreign ones come first) */
    for (int pass = 0; pass < 2; pass++) {
        uint32_t n = pass == 0 ? u->nifaces : u->nworlds;
        for (uint32_t id = 0; id < n; id++) {
            bool foreign = pass == 0 ? u->ifaces[id].foreign : u->worlds[id].foreign;
            if (!foreign)
                break;
            const rs_ufdep *d = NULL;
            const rs_ufdep_item *it = NULL;
            if (id < nowner[pass] && owner_dep[pass][id] != WIT_NONE) {
                d = &u->fdeps[owner_dep[pass][id]];
                it = &d->items[owner_item[pass][id]];
            }
            if (!it)
                return rs_error(c, WIT_NO_SPAN, "internal error: foreign item without a dependency");
            uint32_t pid = 0, gid = WIT_NONE;
            wit_span span = pass == 0 ? u->ifaces[id].iface.span : u->worlds[id].world.span;
            bool enabled = false;
            if (!rs_smap_get(&c->pkg_names, d->key, &pid)) {
                package_not_found(c, d->key, d->span); /* reported once per package */
                gid = POISON;
            }
            for (uint32_t k = 0; k < it->nstabs && !enabled && gid != POISON; k++)
                if (include_stability(c, &it->stabs[k], m->pkg, span, &enabled) < 0)
                    gid = POISON;
            if (enabled && gid != POISON) {
                rs_smap *names = pass == 0 ? &c->pkg_ifaces[pid] : &c->pkg_worlds[pid];
                if (!rs_smap_get(names, it->name, &gid)) {
                    rs_error(c, span, "%s '%s' not found in package '%s'", pass == 0 ? "interface" : "world",
                             it->name, d->key);
                    const wit_package *fp = &c->s->resolve.packages[pid];
                    const wit_named_id *v = pass == 0 ? fp->ifaces : fp->worlds;
                    uint32_t nv = pass == 0 ? fp->nifaces : fp->nworlds;
                    wit_buf o = WIT_BUF_INIT;
                    for (uint32_t k = 0; k < nv && k < 12; k++)
                        wit_buf_printf(&o, "%s`%s`", k ? ", " : "", v[k].name);
                    if (nv > 12)
                        wit_buf_puts(&o, ", ...");
                    if (o.len && o.data)
                        rs_note(c, WIT_NO_SPAN, "package '%s' has %s %s", d->key,
                                pass == 0 ? "the interfaces" : "the worlds", o.data);
                    else
                        rs_note(c, WIT_NO_SPAN, "package '%s' has no %s", d->key,
                                pass == 0 ? "interfaces" : "worlds");
                    wit_buf_free(&o);
                    gid = POISON;
                }
            }
            if (gid == POISON)
                failed = true;
            if (pass == 0)
                m->ifaces[m->nifaces++] = gid;
            else
                m->worlds[m->nworlds++] = gid;
        }
    }
    /* types: the Unknown placeholders come first */
    wit_resolve *r = &c->s->resolve;
    for (uint32_t id = 0; id < u->ntypes; id++) {
        wit_typedef *td = &u->types[id];
        if (td->kind != WIT_TD_UNKNOWN)
            break;
        bool inc;
        uint32_t gi = 0;
        if (include_stability(c, &td->stability, m->pkg, td->span, &inc) < 0) {
            m->types[m->ntypes++] = POISON;
            failed = true;
            continue;
        }
        if (!inc) {
            m->types[m->ntypes++] = WIT_NONE;
            continue;
        }
        if (map_iface(m, td->owner.id, td->span, &gi) < 0) {
            m->types[m->ntypes++] = POISON;
            failed = true;
            continue;
        }
        uint32_t found = iface_type_named(c, gi, td->name);
        if (found == WIT_NONE) {
            rs_error(c, td->span, "type `%s` not defined in interface", td->name);
            found = POISON;
            failed = true;
        }
        m->types[m->ntypes++] = found;
    }
    for (uint32_t i = 0; i < u->nreq_res; i++) {
        uint32_t id = u->req_res[i].id;
        if (id >= m->ntypes || m->types[id] == WIT_NONE || m->types[id] == POISON)
            continue;
        id = m->types[id];
        for (uint32_t guard = 0; guard <= r->ntypes; guard++) {
            const wit_typedef *td = &r->types[id];
            if (td->kind == WIT_TD_ALIAS && td->u.elem.prim == WIT_TYPE_ID) {
                id = td->u.elem.id;
                continue;
            }
            if (td->kind == WIT_TD_RESOURCE)
                break;
            rs_error(c, u->req_res[i].span, "type used in a handle must be a resource");
            failed = true;
            break;
        }
    }
    return failed ? -1 : 0;
}

/* ---- worlds: includes and elaboration ---- */

typedef struct cloner {
    rs_ctx *c;
    wit_owner prev, next;
    rs_umap map;
    uint32_t depth;
} cloner;

static bool owner_eq(wit_owner a, wit_owner b)
{
    return a.kind == b.kind && (a.kind == WIT_OWNER_NONE || a.id == b.id);
}

static int clone_type_id(cloner *cl, uint32_t *id);

static int clone_ty(cloner *cl, wit_type *t)
{
    if (t->prim != WIT_TYPE_ID)
        return 0;
    return clone_type_id(cl, &t->id);
}

static int clone_type_def(cloner *cl, wit_typedef *td)
{
    rs_ctx *c = cl->c;
    if (td->owner.kind != WIT_OWNER_NONE)
        td->owner = cl->next;
    switch (td->kind) {
    case WIT_TD_ALIAS:
        if (td->u.elem.prim == WIT_TYPE_ID && owner_eq(c->s->resolve.types[td->u.elem.id].owner, cl->prev))
            return clone_type_id(cl, &td->u.elem.id);
        return 0;
    case WIT_TD_HANDLE:
        return clone_type_id(cl, &td->u.handle.resource);
    case WIT_TD_OPTION:
    case WIT_TD_LIST:
        return clone_ty(cl, &td->u.elem);
    case WIT_TD_FIXED_LIST:
        return clone_ty(cl, &td->u.fixed.elem);
    case WIT_TD_MAP:
        if (clone_ty(cl, &td->u.map.key) < 0)
            return -1;
        return clone_ty(cl, &td->u.map.value);
    case WIT_TD_TUPLE:
        td->u.tuple.types = dup_arr(c, td->u.tuple.types, td->u.tuple.n, sizeof(wit_type));
        if (!td->u.tuple.types)
            return -1;
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            if (clone_ty(cl, &td->u.tuple.types[i]) < 0)
                return -1;
        return 0;
    case WIT_TD_RECORD:
        td->u.record.fields = dup_arr(c, td->u.record.fields, td->u.record.n, sizeof(wit_field));
        if (!td->u.record.fields)
            return -1;
        for (uint32_t i = 0; i < td->u.record.n; i++)
            if (clone_ty(cl, &td->u.record.fields[i].type) < 0)
                return -1;
        return 0;
    case WIT_TD_VARIANT:
        td->u.variant.cases = dup_arr(c, td->u.variant.cases, td->u.variant.n, sizeof(wit_case));
        if (!td->u.variant.cases)
            return -1;
        for (uint32_t i = 0; i < td->u.variant.n; i++)
            if (td->u.variant.cases[i].has_type && clone_ty(cl, &td->u.variant.cases[i].type) < 0)
                return -1;
        return 0;
    case WIT_TD_RESULT:
        if (td->u.result.has_ok && clone_ty(cl, &td->u.result.ok) < 0)
            return -1;
        if (td->u.result.has_err && clone_ty(cl, &td->u.result.err) < 0)
            return -1;
        return 0;
    case WIT_TD_FUTURE:
    case WIT_TD_STREAM:
        return td->u.async.has ? clone_ty(cl, &td->u.async.elem) : 0;
    default:
        return 0;
    }
}

static int clone_type_id(cloner *cl, uint32_t *id)
{
    uint32_t nid;
    if (!rs_umap_get(&cl->map, *id, &nid)) {
        wit_typedef td = cl->c->s->resolve.types[*id];
        if (++cl->depth > 2000)
            return rs_error(cl->c, td.span, "type nesting too deep to include this world");
        int rc = clone_type_def(cl, &td);
        cl->depth--;
        if (rc < 0)
            return -1;
        nid = g_new_type(cl->c, &td);
        if (nid == WIT_NONE || rs_umap_put(cl->c->tmp, &cl->map, *id, nid) < 0)
            return -1;
    }
    *id = nid;
    return 0;
}

static int clone_function(cloner *cl, wit_func *f)
{
    if (f->kind != WIT_FN_FREESTANDING && f->kind != WIT_FN_ASYNC_FREESTANDING &&
        clone_type_id(cl, &f->resource) < 0)
        return -1;
    f->params = dup_arr(cl->c, f->params, f->nparams, sizeof(*f->params));
    if (!f->params)
        return -1;
    for (uint32_t i = 0; i < f->nparams; i++)
        if (clone_ty(cl, &f->params[i].type) < 0)
            return -1;
    if (f->has_result && clone_ty(cl, &f->result) < 0)
        return -1;
    return 0;
}

static int clone_interface(cloner *cl, uint32_t *id)
{
    rs_ctx *c = cl->c;
    wit_iface nf = c->s->resolve.ifaces[*id];
    cloner sub;
    memset(&sub, 0, sizeof(sub));
    sub.c = c;
    sub.prev.kind = WIT_OWNER_INTERFACE;
    sub.prev.id = *id;
    sub.next.kind = WIT_OWNER_INTERFACE;
    sub.next.id = c->s->resolve.nifaces;
    nf.types = dup_arr(c, nf.types, nf.ntypes, sizeof(*nf.types));
    nf.funcs = dup_arr(c, nf.funcs, nf.nfuncs, sizeof(*nf.funcs));
    if (!nf.types || !nf.funcs)
        return -1;
    for (uint32_t i = 0; i < nf.ntypes; i++)
        if (clone_type_id(&sub, &nf.types[i].id) < 0)
            return -1;
    for (uint32_t i = 0; i < nf.nfuncs; i++)
        if (clone_function(&sub, &nf.funcs[i]) < 0)
            return -1;
    if (cl->next.kind == WIT_OWNER_INTERFACE)
        nf.package = c->s->resolve.ifaces[cl->next.id].package;
    else
        nf.package = c->s->resolve.worlds[cl->next.id].package;
    uint32_t nid = g_new_iface(c, &nf);
    if (nid == WIT_NONE)
        return -1;
    *id = nid;
    return 0;
}

static const char *rename_item(rs_ctx *c, const char *orig, const wit_ast_include_name *n)
{
    if (strcmp(orig, n->name.name) == 0)
        return n->as.name;
    const char *rb = strchr(orig, ']');
    if (!rb)
        return NULL;
    const char *rest = rb + 1;
    const char *dot = strchr(rest, '.');
    size_t kl = (size_t)(rb - orig);
    if (dot && (size_t)(dot - rest) == strlen(n->name.name) && strncmp(rest, n->name.name, (size_t)(dot - rest)) == 0)
        return wit_arena_printf(c->a, "%.*s]%s%s", (int)kl, orig, n->as.name, dot);
    if (strcmp(rest, n->name.name) == 0)
        return wit_arena_printf(c->a, "%.*s]%s", (int)kl, orig, n->as.name);
    return NULL;
}

/* A world's import or export list with a lazily built index by key, so that
 * elaborating a world of thousands of interfaces stays linear. */
typedef struct witems {
    wit_world_item *v;
    uint32_t n, cap;
    bool indexed;
    rs_smap names;
    rs_umap ifaces;
} witems;

static int witems_index_one(rs_ctx *c, witems *w, uint32_t i)
{
    if (w->v[i].key.kind == WIT_KEY_NAME)
        return rs_smap_put(c->tmp, &w->names, w->v[i].key.name, i);
    return rs_umap_put(c->tmp, &w->ifaces, w->v[i].key.iface, i);
}

/* Index of the item with key k, -1 when absent, -2 on OOM. */
static int witems_find(rs_ctx *c, witems *w, const wit_world_key *k)
{
    if (!w->indexed) {
        w->indexed = true;
        for (uint32_t i = 0; i < w->n; i++)
            if (witems_index_one(c, w, i) < 0)
                return -2;
    }
    uint32_t i;
    bool found = k->kind == WIT_KEY_NAME ? rs_smap_get(&w->names, k->name, &i) : rs_umap_get(&w->ifaces, k->iface, &i);
    return found ? (int)i : -1;
}

static int witems_add(rs_ctx *c, witems *w, const wit_world_item *it)
{
    if (rs_reserve(c->a, (void **)&w->v, w->n, &w->cap, sizeof(*w->v)) < 0)
        return -1;
    w->v[w->n++] = *it;
    if (w->indexed && witems_index_one(c, w, w->n - 1) < 0)
        return -1;
    return 0;
}

static int resolve_include(remap *m, uint32_t wid, const rs_uinclude *inc)
{
    rs_ctx *c = m->c;
    wit_resolve *r = &c->s->resolve;
    uint32_t from = 0;
    if (map_world(m, inc->world, inc->span, &from) < 0)
        return -1;
    wit_world src = r->worlds[from];
    bool external = r->worlds[wid].package != src.package;
    for (uint32_t k = 0; k < inc->nnames; k++) {
        bool found = false;
        for (int pass = 0; pass < 2 && !found; pass++) {
            const wit_world_item *v = pass ? src.exports : src.imports;
            uint32_t n = pass ? src.nexports : src.nimports;
            for (uint32_t i = 0; i < n && !found; i++)
                if (v[i].key.kind == WIT_KEY_NAME && rename_item(c, v[i].key.name, &inc->names[k]))
                    found = true;
        }
        if (!found)
            return rs_error(c, inc->span, "no import or export kebab-name `%s`. Note that an ID does not support renaming",
                            inc->names[k].name.name);
    }
    cloner cl;
    memset(&cl, 0, sizeof(cl));
    cl.c = c;
    cl.prev.kind = WIT_OWNER_WORLD;
    cl.prev.id = from;
    cl.next.kind = WIT_OWNER_WORLD;
    cl.next.id = wid;
    for (int pass = 0; pass < 2; pass++) {
        const wit_world_item *v = pass ? src.exports : src.imports;
        uint32_t n = pass ? src.nexports : src.nimports;
        const char *desc = pass ? "export" : "import";
        wit_world *dst = &r->worlds[wid];
        witems w;
        memset(&w, 0, sizeof(w));
        w.v = pass ? dst->exports : dst->imports;
        w.n = w.cap = pass ? dst->nexports : dst->nimports;
        for (uint32_t i = 0; i < n; i++) {
            wit_world_item it = v[i];
            if (it.key.kind == WIT_KEY_NAME) {
                const char *nn = NULL;
                for (uint32_t k = 0; k < inc->nnames && !nn; k++)
                    nn = rename_item(c, it.key.name, &inc->names[k]);
                if (!nn)
                    nn = it.key.name;
                it.key.name = nn;
                if (it.kind == WIT_ITEM_TYPE) {
                    if (clone_type_id(&cl, &it.id) < 0)
                        return -1;
                    r->types[it.id].name = nn;
                } else if (it.kind == WIT_ITEM_FUNCTION) {
                    if (clone_function(&cl, &it.func) < 0)
                        return -1;
                    it.func.name = nn;
                } else {
                    if (clone_interface(&cl, &it.id) < 0)
                        return -1;
                }
                int prev = witems_find(c, &w, &it.key);
                if (prev == -2)
                    return -1;
                if (prev >= 0)
                    return rs_error(c, inc->span, "%s of `%s` shadows previously %sed items", desc, nn, desc);
                if (witems_add(c, &w, &it) < 0)
                    return -1;
            } else {
                if (external && it.stability.kind == WIT_STAB_STABLE)
                    memset(&it.stability, 0, sizeof(it.stability));
                int prev = witems_find(c, &w, &it.key);
                if (prev == -2)
                    return -1;
                if (prev >= 0) {
                    if (w.v[prev].stability.kind == WIT_STAB_UNKNOWN)
                        w.v[prev].stability = it.stability;
                    continue;
                }
                if (witems_add(c, &w, &it) < 0)
                    return -1;
            }
        }
        dst = &r->worlds[wid];
        if (pass) {
            dst->exports = w.v;
            dst->nexports = w.n;
        } else {
            dst->imports = w.v;
            dst->nimports = w.n;
        }
    }
    return 0;
}

static char *lower_dup(rs_ctx *c, const char *s)
{
    char *d = wit_arena_strdup(c->tmp, s);
    if (d)
        for (char *p = d; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
    return d;
}

static int validate_case(rs_ctx *c, uint32_t wid, wit_span span)
{
    const wit_world *w = &c->s->resolve.worlds[wid];
    for (int pass = 0; pass < 2; pass++) {
        const wit_world_item *v = pass ? w->exports : w->imports;
        uint32_t n = pass ? w->nexports : w->nimports;
        const char *desc = pass ? "export" : "import";
        rs_smap seen = {0};
        for (uint32_t i = 0; i < n; i++) {
            if (v[i].key.kind != WIT_KEY_NAME)
                continue;
            char *l = lower_dup(c, v[i].key.name);
            if (!l)
                return -1;
            uint32_t j;
            if (rs_smap_get(&seen, l, &j) && strcmp(v[j].key.name, v[i].key.name) != 0)
                return rs_error(c, span,
                                "%s `%s` in world `%s` conflicts with %s `%s` (kebab-case identifiers are "
                                "case-insensitive)",
                                desc, v[i].key.name, w->name, desc, v[j].key.name);
            if (rs_smap_put(c->tmp, &seen, l, i) < 0)
                return -1;
        }
    }
    return 0;
}

/* The interface whose type `id` re-exports (a `use`), or WIT_NONE. */
static uint32_t type_iface_dep(const wit_resolve *r, uint32_t id)
{
    const wit_typedef *td = &r->types[id];
    if (td->kind != WIT_TD_ALIAS || td->u.elem.prim != WIT_TYPE_ID)
        return WIT_NONE;
    const wit_typedef *o = &r->types[td->u.elem.id];
    if (owner_eq(td->owner, o->owner) || o->owner.kind != WIT_OWNER_INTERFACE)
        return WIT_NONE;
    return o->owner.id;
}

/* Adds `top` to the imports after every interface it depends on (depth first, in
 * type order), skipping what is already imported: wit-parser's elaborate_world_import,
 * with an explicit stack so that long `use` chains cannot exhaust the C stack. */
typedef struct elab_frame {
    wit_world_item item;
    uint32_t next; /* next type of item.id to look at */
} elab_frame;

static int elab_import_item(rs_ctx *c, witems *imps, const wit_world_item *top)
{
    wit_resolve *r = &c->s->resolve;
    int have = witems_find(c, imps, &top->key);
    if (have == -2)
        return -1;
    if (have >= 0)
        return 0;
    elab_frame *st = NULL;
    uint32_t n = 0, cap = 0;
    if (rs_reserve(c->tmp, (void **)&st, n, &cap, sizeof(*st)) < 0)
        return -1;
    st[n].item = *top;
    st[n].next = 0;
    n++;
    while (n) {
        elab_frame *f = &st[n - 1];
        const wit_iface *fi = &r->ifaces[f->item.id];
        bool pushed = false;
        while (f->next < fi->ntypes && !pushed) {
            uint32_t dep = type_iface_dep(r, fi->types[f->next++].id);
            if (dep == WIT_NONE)
                continue;
            wit_world_item it;
            memset(&it, 0, sizeof(it));
            it.key.kind = WIT_KEY_INTERFACE;
            it.key.iface = dep;
            it.kind = WIT_ITEM_INTERFACE;
            it.id = dep;
            it.stability = top->stability;
            it.span = WIT_NO_SPAN;
            have = witems_find(c, imps, &it.key);
            if (have == -2)
                return -1;
            if (have >= 0)
                continue;
            if (rs_reserve(c->tmp, (void **)&st, n, &cap, sizeof(*st)) < 0)
                return -1;
            st[n].item = it;
            st[n].next = 0;
            n++;
            pushed = true;
        }
        if (pushed)
            continue;
        wit_world_item done = st[n - 1].item;
        n--;
        if (witems_add(c, imps, &done) < 0)
            return -1;
    }
    return 0;
}

static int elab_import(rs_ctx *c, witems *imps, uint32_t iface, const wit_stability *st)
{
    wit_world_item it;
    memset(&it, 0, sizeof(it));
    it.key.kind = WIT_KEY_INTERFACE;
    it.key.iface = iface;
    it.kind = WIT_ITEM_INTERFACE;
    it.id = iface;
    it.stability = *st;
    it.span = WIT_NO_SPAN;
    return elab_import_item(c, imps, &it);
}

static int sort_class(const wit_resolve *r, const wit_world_item *it)
{
    if (it->kind == WIT_ITEM_INTERFACE)
        return 0;
    if (it->kind == WIT_ITEM_TYPE) {
        const wit_typedef *td = &r->types[it->id];
        if (td->kind == WIT_TD_ALIAS && td->u.elem.prim == WIT_TYPE_ID &&
            !owner_eq(r->types[td->u.elem.id].owner, td->owner))
            return 1;
        return 2;
    }
    return it->func.kind == WIT_FN_FREESTANDING || it->func.kind == WIT_FN_ASYNC_FREESTANDING ? 3 : 4;
}

static int stable_sort(rs_ctx *c, wit_world_item *v, uint32_t n)
{
    if (n < 2)
        return 0;
    wit_world_item *tmp = wit_arena_alloc(c->tmp, sizeof(*tmp) * n);
    if (!tmp)
        return -1;
    uint32_t k = 0;
    for (int cls = 0; cls <= 4; cls++)
        for (uint32_t i = 0; i < n; i++)
            if (sort_class(&c->s->resolve, &v[i]) == cls)
                tmp[k++] = v[i];
    memcpy(v, tmp, sizeof(*tmp) * n);
    return 0;
}

typedef struct exp_ctx {
    rs_ctx *c;
    witems *imps, *exps;
    const wit_world_item *eifaces; /* exported interfaces in order */
    uint32_t neifaces;
    rs_umap eidx;                  /* interface -> index in eifaces */
    uint32_t conflict;             /* the interface needed both imported and exported */
    rs_umap required;
} exp_ctx;

static bool is_exported_iface(exp_ctx *x, uint32_t id)
{
    return rs_umap_get(&x->eidx, id, NULL);
}

/* wit-parser's add_world_export, with an explicit stack: adds interface `id` (and,
 * first, what it depends on) to the exports when add_export, else to the imports as a
 * required import. Returns 1 ok, 0 when an interface would be both (the caller's
 * "incompatible ways" error), -1 on OOM. */
typedef struct exp_frame {
    uint32_t id;
    wit_world_key key;
    bool add_export;
    uint32_t next;
} exp_frame;

/* The entry checks of one call: 1 or 0 = the call's result without going deeper,
 * 2 = go deeper, -1 = OOM. */
static int export_enter(exp_ctx *x, uint32_t id, const wit_world_key *key, bool add_export)
{
    int have = witems_find(x->c, x->exps, key);
    if (have == -2)
        return -1;
    if (have >= 0) {
        if (!add_export)
            x->conflict = id;
        return add_export ? 1 : 0;
    }
    if (!add_export && rs_umap_get(&x->required, id, NULL))
        return 1;
    return 2;
}

static int export_leave(exp_ctx *x, const exp_frame *f, const wit_stability *st)
{
    rs_ctx *c = x->c;
    wit_world_item it;
    memset(&it, 0, sizeof(it));
    it.key = f->key;
    it.kind = WIT_ITEM_INTERFACE;
    it.id = f->id;
    it.stability = *st;
    it.span = WIT_NO_SPAN;
    if (f->add_export) {
        if (rs_umap_get(&x->required, f->id, NULL)) {
            x->conflict = f->id;
            return 0;
        }
        return witems_add(c, x->exps, &it) < 0 ? -1 : 1;
    }
    if (rs_umap_put(c->tmp, &x->required, f->id, 1) < 0)
        return -1;
    int prev = witems_find(c, x->imps, &f->key);
    if (prev == -2)
        return -1;
    if (prev >= 0) {
        x->imps->v[prev] = it;
        return 1;
    }
    return witems_add(c, x->imps, &it) < 0 ? -1 : 1;
}

static int add_world_export(exp_ctx *x, uint32_t id, const wit_world_key *key, bool add_export,
                            const wit_stability *st)
{
    rs_ctx *c = x->c;
    wit_resolve *r = &c->s->resolve;
    int rc = export_enter(x, id, key, add_export);
    if (rc != 2)
        return rc;
    exp_frame *stk = NULL;
    uint32_t n = 0, cap = 0;
    if (rs_reserve(c->tmp, (void **)&stk, n, &cap, sizeof(*stk)) < 0)
        return -1;
    stk[0].id = id;
    stk[0].key = *key;
    stk[0].add_export = add_export;
    stk[0].next = 0;
    n = 1;
    while (n) {
        exp_frame *f = &stk[n - 1];
        const wit_iface *fi = &r->ifaces[f->id];
        bool pushed = false;
        while (f->next < fi->ntypes && !pushed) {
            uint32_t dep = type_iface_dep(r, fi->types[f->next++].id);
            if (dep == WIT_NONE)
                continue;
            wit_world_key dk = {WIT_KEY_INTERFACE, NULL, dep};
            bool dadd = f->add_export && is_exported_iface(x, dep);
            rc = export_enter(x, dep, &dk, dadd);
            if (rc <= 0)
                return rc; /* a failure anywhere fails the whole chain */
            if (rc == 1)
                continue;
            if (rs_reserve(c->tmp, (void **)&stk, n, &cap, sizeof(*stk)) < 0)
                return -1;
            f = &stk[n - 1];
            stk[n].id = dep;
            stk[n].key = dk;
            stk[n].add_export = dadd;
            stk[n].next = 0;
            n++;
            pushed = true;
        }
        if (pushed)
            continue;
        rc = export_leave(x, &stk[n - 1], st);
        if (rc <= 0)
            return rc;
        n--;
    }
    return 1;
}

static const char *world_key_name(rs_ctx *c, const wit_world_key *k)
{
    if (k->kind == WIT_KEY_NAME)
        return k->name;
    return wit_iface_qualified_name(c->s, k->iface);
}

static int elaborate_world(rs_ctx *c, uint32_t wid, wit_span span)
{
    wit_resolve *r = &c->s->resolve;
    wit_world *w = &r->worlds[wid];
    wit_world_item *src = wit_arena_alloc(c->tmp, sizeof(*src) * (w->nimports + 1));
    if (src && w->nimports)
        memcpy(src, w->imports, sizeof(*src) * w->nimports);
    if (!src)
        return -1;
    uint32_t nsrc = w->nimports;
    if (stable_sort(c, src, nsrc) < 0)
        return -1;
    witems imps = {0}, exps = {0};
    for (uint32_t i = 0; i < nsrc; i++) {
        const wit_world_item *it = &src[i];
        if (it->kind == WIT_ITEM_INTERFACE) {
            if (elab_import_item(c, &imps, it) < 0)
                return -1;
        } else if (it->kind == WIT_ITEM_FUNCTION) {
            if (witems_add(c, &imps, it) < 0)
                return -1;
        } else {
            uint32_t dep = type_iface_dep(r, it->id);
            if (dep != WIT_NONE && elab_import(c, &imps, dep, &r->types[it->id].stability) < 0)
                return -1;
            if (witems_add(c, &imps, it) < 0)
                return -1;
        }
    }
    w = &r->worlds[wid];
    wit_world_item *eifaces = wit_arena_alloc(c->tmp, sizeof(*eifaces) * (w->nexports + 1));
    if (!eifaces)
        return -1;
    uint32_t ne = 0;
    for (uint32_t i = 0; i < w->nexports; i++) {
        if (w->exports[i].kind == WIT_ITEM_INTERFACE)
            eifaces[ne++] = w->exports[i];
        else if (witems_add(c, &exps, &w->exports[i]) < 0)
            return -1;
    }
    exp_ctx x;
    memset(&x, 0, sizeof(x));
    x.c = c;
    x.imps = &imps;
    x.exps = &exps;
    x.eifaces = eifaces;
    x.neifaces = ne;
    x.conflict = WIT_NONE;
    for (uint32_t i = 0; i < ne; i++)
        if (!rs_umap_get(&x.eidx, eifaces[i].id, NULL) && rs_umap_put(c->tmp, &x.eidx, eifaces[i].id, i) < 0)
            return -1;
    for (uint32_t i = 0; i < ne; i++) {
        int rc = add_world_export(&x, eifaces[i].id, &eifaces[i].key, true, &eifaces[i].stability);
        if (rc < 0)
            return -1;
        if (rc == 0) {
            const char *n = world_key_name(c, &eifaces[i].key);
            rs_error(c, span, "interface `%s` transitively depends on an interface in incompatible ways",
                     n ? n : "?");
            const char *d = x.conflict < r->nifaces ? wit_iface_qualified_name(c->s, x.conflict) : NULL;
            if (d)
                rs_note(c, WIT_NO_SPAN,
                        "`%s` is exported, but an interface this world imports (or must import for `%s`) uses it, "
                        "so it would be both imported and exported; export the interfaces between them too, or "
                        "import `%s` instead of exporting it",
                        d, n ? n : "?", d);
            return -1;
        }
    }
    /* exported items keep their docs/spans from the source list */
    witems ew;
    memset(&ew, 0, sizeof(ew));
    ew.v = eifaces;
    ew.n = ew.cap = ne;
    for (uint32_t i = 0; i < exps.n; i++) {
        if (exps.v[i].kind != WIT_ITEM_INTERFACE)
            continue;
        int j = witems_find(c, &ew, &exps.v[i].key); /* by key: `export a: i; export b: i;` */
        if (j == -2)
            return -1;
        if (j >= 0)
            exps.v[i] = eifaces[j];
    }
    witems srcw;
    memset(&srcw, 0, sizeof(srcw));
    srcw.v = src;
    srcw.n = srcw.cap = nsrc;
    for (uint32_t i = 0; i < imps.n; i++) {
        int j = witems_find(c, &srcw, &imps.v[i].key);
        if (j == -2)
            return -1;
        if (j >= 0 && imps.v[i].kind == WIT_ITEM_INTERFACE && src[j].kind == WIT_ITEM_INTERFACE) {
            wit_stability st = imps.v[i].stability;
            imps.v[i] = src[j];
            imps.v[i].stability = st;
        }
    }
    if (stable_sort(c, imps.v, imps.n) < 0)
        return -1;
    w = &r->worlds[wid];
    w->imports = imps.v;
    w->nimports = imps.n;
    w->exports = exps.v;
    w->nexports = exps.n;
    return 0;
}

/* ---- append ---- */

static int update_world(remap *m, wit_world *w, const rs_uworld *uw)
{
    rs_ctx *c = m->c;
    witems imps = {0}, exps = {0};
    for (int pass = 0; pass < 2; pass++) {
        const wit_world_item *v = pass ? uw->world.exports : uw->world.imports;
        uint32_t n = pass ? uw->world.nexports : uw->world.nimports;
        for (uint32_t i = 0; i < n; i++) {
            wit_world_item it = v[i];
            if (it.kind == WIT_ITEM_TYPE && map_type(m, it.id, it.span, &it.id) < 0)
                return -1;
            const wit_stability *st = it.kind == WIT_ITEM_TYPE ? &c->s->resolve.types[it.id].stability
                                      : it.kind == WIT_ITEM_FUNCTION ? &it.func.stability
                                                                      : &it.stability;
            bool inc;
            if (include_stability(c, st, m->pkg, it.span, &inc) < 0)
                return -1;
            if (!inc)
                continue;
            if (it.key.kind == WIT_KEY_INTERFACE && map_iface(m, it.key.iface, it.span, &it.key.iface) < 0)
                return -1;
            if (it.kind == WIT_ITEM_INTERFACE && map_iface(m, it.id, it.span, &it.id) < 0)
                return -1;
            if (it.kind == WIT_ITEM_FUNCTION && update_function(m, &it.func, it.span) < 0)
                return -1;
            if (witems_add(c, pass ? &exps : &imps, &it) < 0)
                return -1;
        }
    }
    w->imports = imps.v;
    w->nimports = imps.n;
    w->exports = exps.v;
    w->nexports = exps.n;
    return 0;
}

static int append_pkg(rs_ctx *c, rs_upkg *u);

int rs_append(rs_ctx *c, rs_upkg *u)
{
    /* remap tables, indexes and stacks live in a scratch arena that dies here */
    c->tmp = wit_arena_new_child(c->a);
    if (!c->tmp) {
        c->oom = true;
        return -1;
    }
    int rc = append_pkg(c, u);
    if (wit_arena_failed(c->tmp)) {
        c->oom = true;
        rc = -1;
    }
    wit_arena_free(c->tmp);
    c->tmp = NULL;
    return rc;
}

static int append_pkg(rs_ctx *c, rs_upkg *u)
{
    wit_resolve *r = &c->s->resolve;
    remap m;
    memset(&m, 0, sizeof(m));
    m.c = c;
    m.u = u;
    m.types = wit_arena_alloc(c->tmp, sizeof(uint32_t) * (u->ntypes + 1));
    m.ifaces = wit_arena_alloc(c->tmp, sizeof(uint32_t) * (u->nifaces + 1));
    m.worlds = wit_arena_alloc(c->tmp, sizeof(uint32_t) * (u->nworlds + 1));
    if (!m.types || !m.ifaces || !m.worlds)
        return -1;
    /* the package */
    if (rs_reserve(c->a, (void **)&r->packages, r->npackages, &c->cappackages, sizeof(*r->packages)) < 0)
        return -1;
    uint32_t cap = c->cappackages;
    if (cap != c->cappkgarr) { /* the per-package arrays follow the packages' capacity */
        rs_smap *pi = wit_arena_grow(c->a, c->pkg_ifaces, r->npackages, cap, sizeof(rs_smap));
        rs_smap *pw = wit_arena_grow(c->a, c->pkg_worlds, r->npackages, cap, sizeof(rs_smap));
        const char **pk = wit_arena_grow(c->a, c->pkg_keys, r->npackages, cap, sizeof(char *));
        if (!pi || !pw || !pk)
            return -1;
        c->pkg_ifaces = pi;
        c->pkg_worlds = pw;
        c->pkg_keys = pk;
        c->cappkgarr = cap;
    }
    wit_package *pkg = &r->packages[r->npackages];
    memset(pkg, 0, sizeof(*pkg));
    pkg->name = u->name;
    pkg->docs = u->docs;
    pkg->span = u->name_span;
    m.pkg = r->npackages;
    c->pkg_keys[m.pkg] = u->key;
    r->npackages++;
    if (rs_smap_put(c->a, &c->pkg_names, u->key, m.pkg) < 0)
        return -1;
    u->id = m.pkg;

    /* Each error poisons its item and the work goes on, so that one package reports
     * all its problems; whatever refers to a poisoned item fails without a word. */
    bool failed = process_foreign(&m) < 0;
    if (wit_arena_failed(c->a))
        return -1;
    uint32_t ftypes = m.ntypes, fifaces = m.nifaces, fworlds = m.nworlds;

    for (uint32_t id = ftypes; id < u->ntypes; id++) {
        wit_typedef td = u->types[id];
        bool inc;
        if (include_stability(c, &td.stability, m.pkg, td.span, &inc) < 0 ||
            (inc && update_typedef(&m, &td, td.span) < 0)) {
            m.types[m.ntypes++] = POISON;
            failed = true;
            continue;
        }
        if (!inc) {
            m.types[m.ntypes++] = WIT_NONE;
            continue;
        }
        uint32_t nid = g_new_type(c, &td);
        if (nid == WIT_NONE)
            return -1;
        m.types[m.ntypes++] = nid;
    }

    for (uint32_t id = fifaces; id < u->nifaces; id++) {
        rs_uiface *uf = &u->ifaces[id];
        wit_iface f = uf->iface;
        bool inc;
        if (include_stability(c, &f.stability, m.pkg, f.span, &inc) < 0) {
            m.ifaces[m.nifaces++] = POISON;
            failed = true;
            continue;
        }
        if (!inc) {
            m.ifaces[m.nifaces++] = WIT_NONE;
            continue;
        }
        f.package = m.pkg;
        /* phase one's arrays are appended exactly once: compact them in place */
        wit_named_id *types = f.types ? f.types : wit_arena_alloc(c->a, sizeof(*types));
        wit_func *funcs = f.funcs ? f.funcs : wit_arena_alloc(c->a, sizeof(*funcs));
        if (!types || !funcs)
            return -1;
        uint32_t nt = 0, nfn = 0;
        for (uint32_t i = 0; i < f.ntypes; i++) {
            if (m.types[f.types[i].id] == WIT_NONE || m.types[f.types[i].id] == POISON)
                continue;
            types[nt] = f.types[i];
            types[nt].id = m.types[f.types[i].id];
            nt++;
        }
        for (uint32_t i = 0; i < f.nfuncs; i++) {
            wit_func fn = f.funcs[i];
            if (include_stability(c, &fn.stability, m.pkg, uf->func_spans[i], &inc) < 0) {
                failed = true;
                continue;
            }
            if (!inc)
                continue;
            if (update_function(&m, &fn, uf->func_spans[i]) < 0) {
                failed = true;
                continue;
            }
            funcs[nfn++] = fn;
        }
        f.types = types;
        f.ntypes = nt;
        f.funcs = funcs;
        f.nfuncs = nfn;
        uint32_t nid = g_new_iface(c, &f);
        if (nid == WIT_NONE)
            return -1;
        m.ifaces[m.nifaces++] = nid;
    }

    for (uint32_t id = ftypes; id < u->ntypes; id++) {
        if (m.types[id] == WIT_NONE || m.types[id] == POISON)
            continue;
        wit_typedef *td = &r->types[m.types[id]];
        if (td->owner.kind == WIT_OWNER_INTERFACE &&
            map_id(&m, m.ifaces, m.nifaces, td->owner.id, "interface", u->types[id].span,
                   "this type is not gated by a feature but its interface is", &td->owner.id) < 0)
            failed = true;
    }

    for (uint32_t id = fworlds; id < u->nworlds; id++) {
        rs_uworld *uw = &u->worlds[id];
        bool inc;
        wit_world w = uw->world;
        w.package = m.pkg;
        if (include_stability(c, &uw->world.stability, m.pkg, uw->world.span, &inc) < 0 ||
            (inc && update_world(&m, &w, uw) < 0)) {
            m.worlds[m.nworlds++] = POISON;
            failed = true;
            continue;
        }
        if (!inc) {
            m.worlds[m.nworlds++] = WIT_NONE;
            continue;
        }
        uint32_t nid = g_new_world(c, &w);
        if (nid == WIT_NONE)
            return -1;
        m.worlds[m.nworlds++] = nid;
    }

    for (uint32_t id = ftypes; id < u->ntypes; id++) {
        if (m.types[id] == WIT_NONE || m.types[id] == POISON)
            continue;
        wit_typedef *td = &r->types[m.types[id]];
        if (td->owner.kind == WIT_OWNER_WORLD &&
            map_id(&m, m.worlds, m.nworlds, td->owner.id, "world", u->types[id].span,
                   "this type is not gated by a feature but its interface is", &td->owner.id) < 0)
            failed = true;
    }

    for (uint32_t id = fworlds; id < u->nworlds; id++) {
        uint32_t wid = m.worlds[id];
        if (wid == WIT_NONE || wid == POISON)
            continue;
        const rs_uworld *uw = &u->worlds[id];
        bool ok = true;
        for (uint32_t k = 0; k < uw->nincs && ok; k++) {
            bool inc;
            if (include_stability(c, &uw->incs[k].stability, m.pkg, uw->incs[k].span, &inc) < 0 ||
                (inc && resolve_include(&m, wid, &uw->incs[k]) < 0))
                ok = false;
        }
        if (!ok || validate_case(c, wid, uw->world.span) < 0 || elaborate_world(c, wid, uw->world.span) < 0) {
            m.worlds[id] = POISON; /* worlds including this one stay quiet */
            failed = true;
        }
        if (wit_arena_failed(c->a))
            return -1;
    }

    pkg = &r->packages[m.pkg];
    uint32_t capi = 0;
    rs_smap *ifn = &c->pkg_ifaces[m.pkg], *wfn = &c->pkg_worlds[m.pkg];
    memset(ifn, 0, sizeof(*ifn));
    memset(wfn, 0, sizeof(*wfn));
    if (failed)
        return -1;
    for (uint32_t id = fifaces; id < u->nifaces; id++) {
        uint32_t gid = m.ifaces[id];
        if (gid == WIT_NONE)
            continue;
        r->ifaces[gid].package = m.pkg;
        if (!r->ifaces[gid].name)
            continue;
        if (rs_reserve(c->a, (void **)&pkg->ifaces, pkg->nifaces, &capi, sizeof(*pkg->ifaces)) < 0)
            return -1;
        pkg->ifaces[pkg->nifaces].name = r->ifaces[gid].name;
        pkg->ifaces[pkg->nifaces].id = gid;
        pkg->nifaces++;
        if (rs_smap_put(c->a, ifn, r->ifaces[gid].name, gid) < 0)
            return -1;
    }
    uint32_t capw = 0;
    for (uint32_t id = fworlds; id < u->nworlds; id++) {
        uint32_t gid = m.worlds[id];
        if (gid == WIT_NONE)
            continue;
        if (rs_reserve(c->a, (void **)&pkg->worlds, pkg->nworlds, &capw, sizeof(*pkg->worlds)) < 0)
            return -1;
        pkg->worlds[pkg->nworlds].name = r->worlds[gid].name;
        pkg->worlds[pkg->nworlds].id = gid;
        pkg->nworlds++;
        if (rs_smap_put(c->a, wfn, r->worlds[gid].name, gid) < 0)
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------------- */
/* entry point                                                               */

static int cmp_ver(const char *a, const char *b)
{
    if (!a || !b)
        return a ? 1 : b ? -1 : 0;
    wit_semver va, vb;
    const char *why;
    if (wit_semver_parse(a, strlen(a), &va, &why) < 0 || wit_semver_parse(b, strlen(b), &vb, &why) < 0)
        return strcmp(a, b);
    int r = wit_semver_cmp(&va, &vb);
    if (r)
        return r;
    return strcmp(a, b);
}

static int cmp_pkg(const rs_upkg *a, const rs_upkg *b)
{
    int r = strcmp(a->name.ns, b->name.ns);
    if (r)
        return r;
    r = strcmp(a->name.name, b->name.name);
    if (r)
        return r;
    return cmp_ver(a->name.version, b->name.version);
}

/* The packages are ordered depth first over their foreign deps, in name order, as
 * wit-parser does; the walk also runs each package's phase one when it first reaches it
 * and appends the package when it leaves it, so that a package's scratch memory and AST
 * die as soon as it is appended instead of all packages' being alive together. The
 * diagnostics come out as if every phase one had run before the walk (the order
 * wit-parser reports them in): each is tagged with its phase and package and sorted at
 * the end. */
typedef struct sorter {
    rs_ctx *c;
    rs_upkg **sorted;
    uint32_t n;
    rs_smap by_key;    /* key -> index in sorted */
    uint8_t *done;
    uint8_t *visiting;
    uint32_t *order;
    uint32_t norder;
    uint8_t *p1done;   /* per sorted index: phase one ran */
    wit_ast_group *groups;
    uint32_t *left;    /* per group: packages not yet appended (or skipped) */
    size_t diag0;      /* diagnostics before the walk */
    uint32_t *dkey;    /* per diagnostic since diag0: sort key (see tag) */
    uint32_t ndkey, capdkey;
    bool failed;       /* a package failed */
    bool oom;
} sorter;

/* Tags the diagnostics recorded since `before` with key: a package's index for phase one
 * (all of those first, in package order), npkgs for the walk's own errors, npkgs + 1 + k
 * for the k-th append. */
static void tag(sorter *st, size_t before, uint32_t key)
{
    wit_diags *d = &st->c->s->diags;
    for (size_t i = before; i < d->n; i++) {
        uint32_t j = (uint32_t)(i - st->diag0);
        while (j >= st->capdkey) {
            uint32_t nc = st->capdkey ? st->capdkey * 2 : 16;
            uint32_t *g = wit_realloc(st->dkey, sizeof(uint32_t) * nc);
            if (!g) {
                st->oom = true;
                return;
            }
            st->dkey = g;
            st->capdkey = nc;
        }
        st->dkey[j] = key;
        if (j + 1 > st->ndkey)
            st->ndkey = j + 1;
    }
}

static int phase1_one(sorter *st, rs_upkg *u)
{
    rs_ctx *c = st->c;
    size_t before = c->s->diags.n;
    if (rs_phase1(c, u, u->lists, u->nlist, u->nlists) < 0) {
        /* the others still get appended and checked; its dependents stay quiet */
        u->failed = true;
        st->failed = true;
        if (rs_smap_put(c->a, &c->failed_names, u->key, 1) < 0)
            st->oom = true;
    }
    tag(st, before, u->idx);
    if (wit_arena_failed(c->a) || c->oom)
        st->oom = true;
    return st->oom ? -1 : 0;
}

/* Appends u (unless it or a dependency failed), then frees its scratch and, once every
 * package of its group is done, the group's AST. */
static int append_one(sorter *st, rs_upkg *u)
{
    rs_ctx *c = st->c;
    size_t before = c->s->diags.n;
    if (!u->failed) {
        bool dep_failed = false;
        for (uint32_t d = 0; d < u->nfdeps; d++)
            if (rs_smap_get(&c->failed_names, u->fdeps[d].key, NULL))
                dep_failed = true;
        /* a dependency already failed: skip quietly to avoid cascades; phase two
         * allocates into the global arenas; on failure keep going with the other
         * packages, but remember the name so dependents stay quiet */
        if (dep_failed || rs_append(c, u) < 0) {
            u->failed = true;
            st->failed = true;
            if (rs_smap_put(c->a, &c->failed_names, u->key, 1) < 0)
                st->oom = true;
        }
    }
    tag(st, before, c->npkgs + 1 + st->norder);
    rs_free_upkg(u);
    if (st->groups && --st->left[u->group] == 0) {
        wit_ast_group *g = &st->groups[u->group];
        wit_arena_free(g->arena);
        g->arena = NULL;
        g->files = NULL;
        g->nfiles = 0;
    }
    if (wit_arena_failed(c->a) || c->oom)
        st->oom = true;
    return st->oom ? -1 : 0;
}

/* -1: an error in the order (recorded), or OOM (st->oom) */
static int visit_pkg(sorter *st, uint32_t i, uint32_t depth)
{
    if (st->done[i])
        return 0;
    rs_upkg *u = st->sorted[i];
    if (!st->p1done[i]) {
        st->p1done[i] = 1;
        if (phase1_one(st, u) < 0)
            return -1;
    }
    if (depth > st->n + 1)
        return rs_error(st->c, u->name_span, "package dependency chain too deep");
    for (uint32_t d = 0; d < u->nfdeps; d++) {
        uint32_t j;
        bool known = rs_smap_get(&st->by_key, u->fdeps[d].key, &j);
        if (known && st->visiting[j])
            return rs_error(st->c, u->fdeps[d].span, "package `%s` creates a dependency cycle", u->fdeps[d].key);
        if (!known)
            continue;
        st->visiting[j] = 1;
        if (visit_pkg(st, j, depth + 1) < 0)
            return -1;
        st->visiting[j] = 0;
    }
    if (!st->done[i]) {
        st->done[i] = 1;
        if (append_one(st, u) < 0)
            return -1;
        st->order[st->norder++] = i;
    }
    return 0;
}

typedef struct dref {
    uint32_t key, pos;
} dref;

static int cmp_dref(const void *a, const void *b)
{
    const dref *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Puts the walk's diagnostics in the order of their keys (stable); with drop_appends,
 * drops the appends' ones (an error in the order means nothing was to be appended). */
static int sort_diags(sorter *st, bool drop_appends)
{
    wit_diags *d = &st->c->s->diags;
    size_t n = d->n - st->diag0;
    if (n == 0)
        return 0;
    if (n != st->ndkey)
        return -1; /* untagged: cannot happen */
    dref *r = wit_malloc(sizeof(dref) * n);
    wit_diag *tmp = wit_malloc(sizeof(wit_diag) * n);
    if (!r || !tmp) {
        wit_free(r);
        wit_free(tmp);
        return -1;
    }
    for (uint32_t i = 0; i < n; i++)
        r[i] = (dref){st->dkey[i], i};
    qsort(r, n, sizeof(dref), cmp_dref);
    wit_diag *items = d->items + st->diag0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        wit_diag *it = &items[r[i].pos];
        if (drop_appends && r[i].key > st->c->npkgs) {
            if (it->severity == WIT_SEV_ERROR)
                d->errors--;
            wit_free(it->message);
            wit_free(it->note);
            continue;
        }
        tmp[k++] = *it;
    }
    memcpy(items, tmp, sizeof(wit_diag) * k);
    d->n = st->diag0 + k;
    wit_free(r);
    wit_free(tmp);
    return 0;
}

static int resolve_groups(rs_ctx *pc, wit_session *s, wit_ast_group *groups, uint32_t ngroups,
                          uint32_t root_group, wit_id *root);

int wit_resolve_groups(wit_session *s, wit_ast_group *groups, uint32_t ngroups, uint32_t root_group, wit_id *root)
{
    rs_ctx c;
    int rc = resolve_groups(&c, s, groups, ngroups, root_group, root);
    for (uint32_t i = 0; i < c.npkgs; i++)
        rs_free_upkg(c.pkgs[i]);
    if (c.oom && rc != WIT_OK)
        rc = WIT_ENOMEM;
    return rc;
}

/* A session may load more than once (as wit-parser's Resolve takes several pushes):
 * pick up what earlier loads appended, so new packages can refer to them. */
static int seed_existing(rs_ctx *c)
{
    wit_resolve *r = &c->s->resolve;
    c->cappackages = r->npackages;
    c->captypes = r->ntypes;
    c->capifaces = r->nifaces;
    c->capworlds = r->nworlds;
    if (r->npackages == 0)
        return 0;
    c->pkg_keys = wit_arena_alloc(c->a, sizeof(char *) * r->npackages);
    c->pkg_ifaces = wit_arena_alloc(c->a, sizeof(rs_smap) * r->npackages);
    c->pkg_worlds = wit_arena_alloc(c->a, sizeof(rs_smap) * r->npackages);
    c->has_borrow = wit_arena_alloc(c->a, r->ntypes + 1);
    if (!c->pkg_keys || !c->pkg_ifaces || !c->pkg_worlds || !c->has_borrow)
        return -1;
    c->caphb = r->ntypes + 1;
    for (uint32_t i = 0; i < r->ntypes; i++) /* types are in dependency order */
        c->has_borrow[i] = typedef_has_borrow(c, &r->types[i]) ? 1 : 0;
    for (uint32_t i = 0; i < r->npackages; i++) {
        const wit_package *p = &r->packages[i];
        c->pkg_keys[i] = rs_pkg_name_str(c, &p->name);
        if (!c->pkg_keys[i] || rs_smap_put(c->a, &c->pkg_names, c->pkg_keys[i], i) < 0)
            return -1;
        for (uint32_t k = 0; k < p->nifaces; k++)
            if (rs_smap_put(c->a, &c->pkg_ifaces[i], p->ifaces[k].name, p->ifaces[k].id) < 0)
                return -1;
        for (uint32_t k = 0; k < p->nworlds; k++)
            if (rs_smap_put(c->a, &c->pkg_worlds[i], p->worlds[k].name, p->worlds[k].id) < 0)
                return -1;
    }
    return 0;
}

static int resolve_groups(rs_ctx *pc, wit_session *s, wit_ast_group *groups, uint32_t ngroups,
                          uint32_t root_group, wit_id *root)
{
    memset(pc, 0, sizeof(*pc));
    rs_ctx *c = pc;
    c->s = s;
    c->a = s->arena;
    size_t errors0 = s->diags.errors;
    bool failed = false;
    if (seed_existing(c) < 0)
        return WIT_ENOMEM;
    if (root)
        *root = WIT_NONE;
    /* packages of the main group first, then the deps, as wit-parser inserts them */
    for (uint32_t k = 0; k < ngroups; k++) {
        uint32_t gi = k == 0 ? root_group : (k <= root_group ? k - 1 : k);
        if (gi >= ngroups)
            continue;
        if (rs_group_packages(c, &groups[gi], gi) < 0)
            failed = true;
    }
    if (wit_arena_failed(c->a))
        return WIT_ENOMEM;
    for (uint32_t i = 0; i < c->npkgs; i++) {
        rs_upkg *u = c->pkgs[i];
        u->key = rs_pkg_name_str(c, &u->name);
        if (!u->key)
            return WIT_ENOMEM;
    }
    /* duplicate names */
    rs_smap seen = {0};
    for (uint32_t i = 0; i < c->npkgs; i++) {
        uint32_t j;
        if (rs_smap_get(&c->pkg_names, c->pkgs[i]->key, NULL)) {
            rs_error(c, c->pkgs[i]->name_span, "package `%s` is already loaded in this session", c->pkgs[i]->key);
            failed = true;
            continue;
        }
        if (rs_smap_get(&seen, c->pkgs[i]->key, &j)) {
            wit_diag *d = wit_diags_add(&s->diags, WIT_SEV_ERROR, c->pkgs[i]->name_span,
                                        "package `%s` is defined in two different locations", c->pkgs[i]->key);
            wit_diag_note(d, c->pkgs[j]->name_span, "previously defined here");
            failed = true;
            continue;
        }
        if (rs_smap_put(c->a, &seen, c->pkgs[i]->key, i) < 0)
            return WIT_ENOMEM;
    }
    if (failed)
        return s->diags.oom || wit_arena_failed(c->a) ? WIT_ENOMEM : WIT_EINPUT;
    /* order: sorted by name, depth-first over foreign deps; phase one and append as the
     * walk enters and leaves each package */
    sorter st;
    memset(&st, 0, sizeof(st));
    st.c = c;
    st.n = c->npkgs;
    st.sorted = wit_arena_alloc(c->a, sizeof(*st.sorted) * (c->npkgs + 1));
    st.done = wit_arena_alloc(c->a, c->npkgs + 1);
    st.visiting = wit_arena_alloc(c->a, c->npkgs + 1);
    st.p1done = wit_arena_alloc(c->a, c->npkgs + 1);
    st.order = wit_arena_alloc(c->a, sizeof(uint32_t) * (c->npkgs + 1));
    st.left = wit_arena_alloc(c->a, sizeof(uint32_t) * (ngroups + 1));
    if (!st.sorted || !st.done || !st.visiting || !st.p1done || !st.order || !st.left)
        return WIT_ENOMEM;
    st.groups = groups;
    for (uint32_t i = 0; i < c->npkgs; i++)
        st.left[c->pkgs[i]->group]++;
    memcpy(st.sorted, c->pkgs, sizeof(*st.sorted) * c->npkgs);
    for (uint32_t i = 1; i < c->npkgs; i++) { /* insertion sort: stable, small n */
        rs_upkg *x = st.sorted[i];
        uint32_t j = i;
        while (j > 0 && cmp_pkg(st.sorted[j - 1], x) > 0) {
            st.sorted[j] = st.sorted[j - 1];
            j--;
        }
        st.sorted[j] = x;
    }
    for (uint32_t i = 0; i < c->npkgs; i++)
        if (rs_smap_put(c->a, &st.by_key, st.sorted[i]->key, i) < 0)
            return WIT_ENOMEM;
    wit_resolve *r = &s->resolve;
    /* size the type arena once from the parser's count (doubling would leave copies
     * behind and touch the pages of the unused half); the rest grows by doubling */
    if (r->ntypes == 0 && c->captypes == 0) {
        uint64_t nt = 16;
        for (uint32_t g = 0; g < ngroups; g++)
            for (uint32_t f = 0; f < groups[g].nfiles; f++)
                if (groups[g].files[f])
                    nt += groups[g].files[f]->ntypes_hint;
        nt += nt / 8;
        if (nt < UINT32_MAX / 2) {
            r->types = wit_arena_alloc(c->a, sizeof(*r->types) * nt);
            c->has_borrow = wit_arena_alloc(c->a, nt);
            if (!r->types || !c->has_borrow)
                return WIT_ENOMEM;
            c->captypes = c->caphb = (uint32_t)nt;
        }
    }
    uint32_t np0 = r->npackages, nt0 = r->ntypes, ni0 = r->nifaces, nw0 = r->nworlds;
    st.diag0 = s->diags.n;
    int rc = WIT_OK;
    for (uint32_t i = 0; i < c->npkgs; i++) {
        if (visit_pkg(&st, i, 0) == 0)
            continue;
        if (st.oom) {
            rc = WIT_ENOMEM;
            break;
        }
        /* an error in the order: nothing is appended, but every package's phase one
         * still reports its errors first */
        tag(&st, st.diag0 + st.ndkey, c->npkgs);
        for (uint32_t j = 0; j < c->npkgs && !st.oom; j++)
            if (!st.p1done[j]) {
                st.p1done[j] = 1;
                phase1_one(&st, st.sorted[j]);
            }
        r->npackages = np0;
        r->ntypes = nt0;
        r->nifaces = ni0;
        r->nworlds = nw0;
        rc = st.oom || sort_diags(&st, true) < 0 ? WIT_ENOMEM : WIT_EINPUT;
        break;
    }
    if (rc == WIT_OK && sort_diags(&st, false) < 0)
        rc = WIT_ENOMEM;
    wit_free(st.dkey);
    if (rc != WIT_OK)
        return rc;
    failed = failed || st.failed;
    if (s->diags.oom || wit_arena_failed(c->a))
        return WIT_ENOMEM;
    if (failed || s->diags.errors > errors0)
        return WIT_EINPUT;
    for (uint32_t i = 0; i < c->npkgs; i++)
        if (c->pkgs[i]->is_main && c->pkgs[i]->group == root_group && root)
            *root = c->pkgs[i]->id;
    return WIT_OK;
}

/* ------------------------------------------------------------------------- */
/* helpers on a finished Resolve                                             */

const char *wit_prim_name(wit_prim p)
{
    static const char *const names[] = {"bool", "u8",  "u16", "u32",  "u64",    "s8",           "s16",
                                        "s32",  "s64", "f32", "f64",  "char",   "string",       "error-context"};
    if ((unsigned)p < sizeof(names) / sizeof(names[0]))
        return names[p];
    return "";
}

const char *wit_iface_qualified_name(wit_session *s, wit_id iface)
{
    const wit_resolve *r = &s->resolve;
    if (iface >= r->nifaces)
        return NULL;
    const wit_iface *f = &r->ifaces[iface];
    if (!f->name || f->package >= r->npackages)
        return NULL;
    const wit_pkg_name *n = &r->packages[f->package].name;
    if (n->version)
        return wit_arena_printf(s->arena, "%s:%s/%s@%s", n->ns, n->name, f->name, n->version);
    return wit_arena_printf(s->arena, "%s:%s/%s", n->ns, n->name, f->name);
}

wit_type wit_type_dealias(const wit_resolve *r, wit_type t)
{
    for (uint32_t guard = 0; guard <= r->ntypes && t.prim == WIT_TYPE_ID && t.id < r->ntypes; guard++) {
        const wit_typedef *td = &r->types[t.id];
        if (td->kind != WIT_TD_ALIAS || td->u.elem.prim != WIT_TYPE_ID)
            break;
        t = td->u.elem;
    }
    return t;
}

wit_id wit_select_world(wit_session *s, wit_id root, const char *name)
{
    const wit_resolve *r = &s->resolve;
    if (root >= r->npackages) {
        wit_diags_add(&s->diags, WIT_SEV_ERROR, WIT_NO_SPAN, "no package to select a world from");
        return WIT_NONE;
    }
    const wit_package *p = &r->packages[root];
    if (!name) {
        if (p->nworlds == 1)
            return p->worlds[0].id;
        if (p->nworlds == 0)
            wit_diags_add(&s->diags, WIT_SEV_ERROR, WIT_NO_SPAN, "no worlds found in package `%s:%s`", p->name.ns,
                          p->name.name);
        else
            wit_diags_add(&s->diags, WIT_SEV_ERROR, WIT_NO_SPAN,
                          "multiple worlds found in package `%s:%s`: one must be explicitly chosen", p->name.ns,
                          p->name.name);
        return WIT_NONE;
    }
    const char *slash = strchr(name, '/');
    if (!slash) {
        for (uint32_t i = 0; i < p->nworlds; i++)
            if (strcmp(p->worlds[i].name, name) == 0)
                return p->worlds[i].id;
        wit_diags_add(&s->diags, WIT_SEV_ERROR, WIT_NO_SPAN, "world `%s` not found in package `%s:%s`", name,
                      p->name.ns, p->name.name);
        return WIT_NONE;
    }
    /* ns:pkg/world[@version] */
    const char *colon = memchr(name, ':', (size_t)(slash - name));
    if (!colon) {
        wit_diags_add(&s->diags, WIT_SEV_ERROR, WIT_NO_SPAN, "invalid world name `%s`", name);
        return WIT_NONE;
    }
    const char *at = strchr(slash, '@');
    size_t nsl = (size_t)(colon - name), pl = (size_t)(slash - colon - 1);
    size_t wl = at ? (size_t)(at - slash - 1) : strlen(slash + 1);
    const char *ver = at ? at + 1 : NULL;
    wit_id found_pkg = WIT_NONE;
    uint32_t nmatch = 0;
    const char *v1 = NULL, *v2 = NULL;
    for (uint32_t i = 0; i < r->npackages; i++) {
        const wit_pkg_name *n = &r->packages[i].name;
        if (strlen(n->ns) != nsl || strncmp(n->ns, name, nsl) != 0 || strlen(n->name) != pl ||
            strncmp(n->name, colon + 1, pl) != 0)
            continue;
        if (ver) {
            if (n->version && strcmp(n->version, ver) == 0)
                found_pkg = i;
            continue;
        }
        nmatch++;
        if (!v1)
            v1 = n->version;
        else
            v2 = n->version;
        found_pkg = i;
    }
    if (!ver && nmatch > 1) {
        wit_diags_add(&s->diags, WIT_SEV_ERROR, WIT_NO_SPAN,
                      "package name `%.*s:%.*s` is available at both versions %s and %s but which is not specified",
                      (int)nsl, name, (int)pl, colon + 1, v1 ? v1 : "(none)", v2 ? v2 : "(none)");
        return WIT_NONE;
    }
    if (found_pkg == WIT_NONE) {
        wit_diags_add(&s->diags, WIT_SEV_ERROR, WIT_NO_SPAN, "no package found for world `%s`", name);
        return WIT_NONE;
    }
    const wit_package *fp = &r->packages[found_pkg];
    for (uint32_t i = 0; i < fp->nworlds; i++)
        if (strlen(fp->worlds[i].name) == wl && strncmp(fp->worlds[i].name, slash + 1, wl) == 0)
            return fp->worlds[i].id;
    wit_diags_add(&s->diags, WIT_SEV_ERROR, WIT_NO_SPAN, "world `%.*s` not found in package `%s:%s`", (int)wl,
                  slash + 1, fp->name.ns, fp->name.name);
    return WIT_NONE;
}
