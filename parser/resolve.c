/* The WIT resolver, phase one: from the AST of one package to an "unresolved package"
 * with package-local arenas, as wit-parser's ast/resolve.rs does it.
 *
 * Interfaces and worlds are ordered topologically (preferring source order), foreign
 * references become placeholder interfaces/worlds/types at the front of the local
 * arenas, types of each interface are toposorted and anonymous types are interned on
 * a structural key. The second phase (resolve_world.c) maps these arenas into the
 * session's Resolve; the order in which this file allocates things is the order the
 * final arenas get, which is why it follows upstream step by step. */
#include <stdlib.h>
#include <string.h>

#include "resolve_int.h"

#include <stdarg.h>

/* ------------------------------------------------------------------------- */
/* hash maps                                                                 */

static uint32_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return (uint32_t)(h ^ (h >> 32));
}

/* the slot holding key (hash h), or the empty slot where it would go */
static inline uint32_t smap_slot(const rs_smap *m, const char *key, uint32_t h)
{
    uint32_t mask = m->cap - 1, i = h & mask;
    for (; m->keys[i]; i = (i + 1) & mask)
        if (m->keys[i] == key || (m->hashes[i] == h && strcmp(m->keys[i], key) == 0))
            break;
    return i;
}

bool rs_smap_get(const rs_smap *m, const char *key, uint32_t *val)
{
    if (!m->cap)
        return false;
    uint32_t i = smap_slot(m, key, hash_str(key));
    if (!m->keys[i])
        return false;
    if (val)
        *val = m->vals[i];
    return true;
}

static int smap_grow(wit_arena *a, rs_smap *m)
{
    uint32_t ncap = m->cap ? m->cap * 2 : 4; /* many maps stay tiny */
    /* one block: keys, then values, then hashes */
    char *blk = wit_arena_alloc(a, (sizeof(char *) + 2 * sizeof(uint32_t)) * ncap);
    if (!blk)
        return -1;
    const char **keys = (const char **)(void *)blk;
    uint32_t *vals = (uint32_t *)(void *)(blk + sizeof(char *) * ncap);
    uint32_t *hashes = vals + ncap;
    for (uint32_t j = 0; j < m->cap; j++) {
        if (!m->keys[j])
            continue;
        uint32_t i = m->hashes[j] & (ncap - 1);
        while (keys[i])
            i = (i + 1) & (ncap - 1);
        keys[i] = m->keys[j];
        vals[i] = m->vals[j];
        hashes[i] = m->hashes[j];
    }
    m->keys = keys;
    m->vals = vals;
    m->hashes = hashes;
    m->cap = ncap;
    return 0;
}

int rs_smap_put(wit_arena *a, rs_smap *m, const char *key, uint32_t val)
{
    if ((m->n + 1) * 2 > m->cap && smap_grow(a, m) < 0)
        return -1;
    uint32_t h = hash_str(key);
    uint32_t i = smap_slot(m, key, h);
    if (!m->keys[i]) {
        m->keys[i] = key;
        m->hashes[i] = h;
        m->n++;
    }
    m->vals[i] = val;
    return 0;
}

static uint32_t hash_u32(uint32_t k)
{
    k ^= k >> 16;
    k *= 0x7feb352dU;
    k ^= k >> 15;
    k *= 0x846ca68bU;
    k ^= k >> 16;
    return k;
}

bool rs_umap_get(const rs_umap *m, uint32_t key, uint32_t *val)
{
    if (!m->cap)
        return false;
    uint32_t mask = m->cap - 1;
    for (uint32_t i = hash_u32(key) & mask;; i = (i + 1) & mask) {
        if (!m->keys[i])
            return false;
        if (m->keys[i] == key + 1) {
            if (val)
                *val = m->vals[i];
            return true;
        }
    }
}

int rs_umap_put(wit_arena *a, rs_umap *m, uint32_t key, uint32_t val)
{
    if ((m->n + 1) * 2 > m->cap) {
        uint32_t ncap = m->cap ? m->cap * 2 : 4;
        uint32_t *keys = wit_arena_alloc(a, sizeof(*keys) * ncap);
        uint32_t *vals = wit_arena_alloc(a, sizeof(*vals) * ncap);
        if (!keys || !vals)
            return -1;
        for (uint32_t j = 0; j < m->cap; j++) {
            if (!m->keys[j])
                continue;
            uint32_t i = hash_u32(m->keys[j] - 1) & (ncap - 1);
            while (keys[i])
                i = (i + 1) & (ncap - 1);
            keys[i] = m->keys[j];
            vals[i] = m->vals[j];
        }
        m->keys = keys;
        m->vals = vals;
        m->cap = ncap;
    }
    uint32_t mask = m->cap - 1;
    uint32_t i = hash_u32(key) & mask;
    for (; m->keys[i]; i = (i + 1) & mask) {
        if (m->keys[i] == key + 1) {
            m->vals[i] = val;
            return 0;
        }
    }
    m->keys[i] = key + 1;
    m->vals[i] = val;
    m->n++;
    return 0;
}

/* Grows arena array *p (n used, *cap allocated) to hold one more element. */
int rs_reserve(wit_arena *a, void **p, uint32_t n, uint32_t *cap, size_t elem)
{
    if (n < *cap)
        return 0;
    uint32_t ncap = *cap ? *cap * 2 : 4;
    void *np = wit_arena_grow(a, *p, *cap, ncap, elem);
    if (!np)
        return -1;
    *p = np;
    *cap = ncap;
    return 0;
}

/* ------------------------------------------------------------------------- */
/* small shared helpers                                                      */

/* Records an error, unless the very same one (place and text) is already recorded:
 * some paths are looked at by more than one pass. */
int rs_error(rs_ctx *c, wit_span span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    wit_diags *d = &c->s->diags;
    size_t before = d->n;
    wit_diag *dg = wit_diags_vadd(d, WIT_SEV_ERROR, span, fmt, ap);
    va_end(ap);
    c->last_added = dg != NULL;
    if (dg && before == d->n - 1) {
        for (size_t i = 0; i < before; i++) {
            const wit_diag *o = &d->items[i];
            if (o->span.start == span.start && o->span.end == span.end && o->message && dg->message &&
                strcmp(o->message, dg->message) == 0) {
                wit_free(dg->message);
                wit_free(dg->note);
                d->n--;
                d->errors--;
                c->last_added = false;
                break;
            }
        }
    }
    return -1;
}

void rs_note(rs_ctx *c, wit_span span, const char *fmt, ...)
{
    wit_diags *d = &c->s->diags;
    if (!c->last_added || d->n == 0 || d->items[d->n - 1].note)
        return;
    va_list ap;
    va_start(ap, fmt);
    wit_buf b = WIT_BUF_INIT;
    wit_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (b.data)
        wit_diag_note(&d->items[d->n - 1], span, "%s", b.data);
    wit_buf_free(&b);
}

/* Edit distance, capped: enough to suggest a near miss in a diagnostic. */
static uint32_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return UINT32_MAX;
    uint32_t prev[65], cur[65];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (uint32_t)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (uint32_t)i;
        for (size_t j = 1; j <= lb; j++) {
            uint32_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            uint32_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, cur, sizeof(uint32_t) * (lb + 1));
    }
    return prev[lb];
}

/* The closest candidate to `name` (ties: the smallest), if close enough to be a typo. */
static const char *closest(const char *name, const char *const *cands, uint32_t n)
{
    const char *best = NULL;
    uint32_t bd = UINT32_MAX, limit = (uint32_t)strlen(name) / 3 + 1;
    for (uint32_t i = 0; i < n; i++) {
        if (!cands[i] || strcmp(cands[i], name) == 0)
            continue;
        uint32_t d = edit_distance(name, cands[i]);
        if (d <= limit && (d < bd || (d == bd && strcmp(cands[i], best) < 0))) {
            bd = d;
            best = cands[i];
        }
    }
    return best;
}

static void suggest(rs_ctx *c, const char *name, const char *const *cands, uint32_t n)
{
    const char *b = closest(name, cands, n);
    if (b)
        rs_note(c, WIT_NO_SPAN, "did you mean `%s`?", b);
}

static void suggest_smap(rs_ctx *c, const char *name, const rs_smap *m)
{
    if (m->cap)
        suggest(c, name, m->keys, m->cap);
}

const char *rs_pkg_name_str(rs_ctx *c, const wit_pkg_name *n)
{
    if (n->version)
        return wit_arena_printf(c->a, "%s:%s@%s", n->ns, n->name, n->version);
    return wit_arena_printf(c->a, "%s:%s", n->ns, n->name);
}

static wit_pkg_name ast_pkg_name(const wit_ast_pkg_name *p)
{
    wit_pkg_name n = {p->ns.name, p->name.name, p->version};
    return n;
}

/* ------------------------------------------------------------------------- */
/* toposort: wit-parser's order (a heap keyed by source index)              */

typedef struct topo_node {
    const char *name;
    wit_span span;
    wit_ast_id *deps;
    uint32_t ndeps, capdeps;
} topo_node;

typedef struct topo_state {
    uint32_t remaining;
    uint32_t *rev;
    uint32_t nrev, caprev;
} topo_state;

static void heap_push(uint32_t *h, uint32_t *n, uint32_t v)
{
    uint32_t i = (*n)++;
    h[i] = v;
    while (i > 0) {
        uint32_t p = (i - 1) / 2;
        if (h[p] <= h[i])
            break;
        uint32_t t = h[p];
        h[p] = h[i];
        h[i] = t;
        i = p;
    }
}

static uint32_t heap_pop(uint32_t *h, uint32_t *n)
{
    uint32_t top = h[0];
    h[0] = h[--*n];
    uint32_t i = 0;
    for (;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < *n && h[l] < h[m])
            m = l;
        if (r < *n && h[r] < h[m])
            m = r;
        if (m == i)
            break;
        uint32_t t = h[m];
        h[m] = h[i];
        h[i] = t;
        i = m;
    }
    return top;
}

/* Sorts nodes (looked up by name through idx) so that each comes after its deps,
 * preferring source order. Writes the order into *out (arena). Returns 0, or -1 with
 * a diagnostic ("<kind> `x` does not exist" / "<kind> `x` depends on itself"). */
static int toposort(rs_ctx *c, const char *kind, topo_node *nodes, uint32_t n, const rs_smap *idx,
                    uint32_t **out, const char *(*hint)(rs_ctx *, const char *))
{
    topo_state *st = wit_arena_alloc(c->tmp, sizeof(*st) * (n ? n : 1));
    uint32_t *heap = wit_arena_alloc(c->tmp, sizeof(uint32_t) * (n ? n : 1));
    uint32_t *order = wit_arena_alloc(c->tmp, sizeof(uint32_t) * (n ? n : 1));
    if (!st || !heap || !order)
        return -1;
    for (uint32_t i = 0; i < n; i++) {
        st[i].remaining = nodes[i].ndeps;
        for (uint32_t d = 0; d < nodes[i].ndeps; d++) {
            uint32_t j;
            if (!rs_smap_get(idx, nodes[i].deps[d].name, &j)) {
                rs_error(c, nodes[i].deps[d].span, "%s `%s` does not exist", kind, nodes[i].deps[d].name);
                const char *h = hint ? hint(c, nodes[i].deps[d].name) : NULL;
                if (h)
                    rs_note(c, WIT_NO_SPAN, "%s", h);
                else
                    suggest_smap(c, nodes[i].deps[d].name, idx);
                return -1;
            }
            if (rs_reserve(c->tmp, (void **)&st[j].rev, st[j].nrev, &st[j].caprev, sizeof(uint32_t)) < 0)
                return -1;
            st[j].rev[st[j].nrev++] = i;
        }
    }
    uint32_t nh = 0, no = 0;
    for (uint32_t i = 0; i < n; i++)
        if (st[i].remaining == 0)
            heap_push(heap, &nh, i);
    while (nh) {
        uint32_t i = heap_pop(heap, &nh);
        order[no++] = i;
        for (uint32_t r = 0; r < st[i].nrev; r++) {
            uint32_t k = st[i].rev[r];
            if (--st[k].remaining == 0)
                heap_push(heap, &nh, k);
        }
        st[i].nrev = 0;
    }
    if (no == n) {
        *out = order;
        return 0;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (st[i].remaining == 0)
            continue;
        for (uint32_t d = 0; d < nodes[i].ndeps; d++) {
            uint32_t j;
            rs_smap_get(idx, nodes[i].deps[d].name, &j);
            if (st[j].remaining == 0)
                continue;
            return rs_error(c, nodes[i].deps[d].span, "%s `%s` depends on itself", kind,
                            nodes[i].deps[d].name);
        }
    }
    return rs_error(c, WIT_NO_SPAN, "%s dependency cycle", kind);
}

static int topo_add_dep(rs_ctx *c, topo_node *n, wit_ast_id id)
{
    if (rs_reserve(c->tmp, (void **)&n->deps, n->ndeps, &n->capdeps, sizeof(wit_ast_id)) < 0)
        return -1;
    n->deps[n->ndeps++] = id;
    return 0;
}

/* ------------------------------------------------------------------------- */
/* phase one state                                                           */

#define ITEM_WORLD 1u
#define MK_ITEM(id, world) (((id) << 1) | (world))
#define ITEM_ID(v) ((v) >> 1)
#define ITEM_IS_WORLD(v) ((v)&1u)

#define LOOKUP_FUNC 0xFFFFFFFEu

typedef struct lookup {
    rs_smap idx;       /* name -> entry index */
    const char **names;
    uint32_t *vals;    /* type id, or LOOKUP_FUNC */
    wit_span *spans;
    uint32_t n, cap;
    wit_span dup_prev;  /* after lookup_put reported a duplicate: the earlier one */
} lookup;

typedef struct fdep_item {
    const char *name;
    uint32_t item;
    wit_stability *stabs;
    uint32_t nstabs, capstabs;
} fdep_item;

typedef struct fdep_pkg {
    wit_pkg_name name;
    const char *key;
    wit_span span;
    fdep_item *items;
    uint32_t nitems, capitems;
    rs_smap idx;
} fdep_pkg;

typedef struct p1 {
    rs_ctx *c;
    rs_upkg *u;
    wit_ast_toplevel **lists; /* decl lists */
    uint32_t *nlist;
    uint32_t nlists;
    lookup *itypes;           /* per local interface */
    uint32_t capitypes;
    lookup cur;               /* type_lookup */
    fdep_pkg *fdeps;
    uint32_t nfdeps, capfdeps;
    rs_smap fdep_idx;
    rs_smap *ast_items;       /* per decl list: name -> item */
    rs_smap package_items;
    uint32_t cur_list;
    rs_smap anon;             /* structural key -> type id */
    wit_buf key;
} p1;

static int lookup_put(wit_arena *a, lookup *l, const char *name, uint32_t val, wit_span span, bool *dup)
{
    uint32_t i;
    if (rs_smap_get(&l->idx, name, &i)) {
        *dup = true;
        l->dup_prev = l->spans[i];
        l->vals[i] = val;
        l->spans[i] = span;
        return 0;
    }
    *dup = false;
    if (l->n >= l->cap) {
        uint32_t ncap = l->cap ? l->cap * 2 : 8;
        const char **nn = wit_arena_grow(a, l->names, l->cap, ncap, sizeof(*nn));
        uint32_t *nv = wit_arena_grow(a, l->vals, l->cap, ncap, sizeof(*nv));
        wit_span *ns = wit_arena_grow(a, l->spans, l->cap, ncap, sizeof(*ns));
        if (!nn || !nv || !ns)
            return -1;
        l->names = nn;
        l->vals = nv;
        l->spans = ns;
        l->cap = ncap;
    }
    l->names[l->n] = name;
    l->vals[l->n] = val;
    l->spans[l->n] = span;
    if (rs_smap_put(a, &l->idx, name, l->n) < 0)
        return -1;
    l->n++;
    return 0;
}

static bool lookup_get(const lookup *l, const char *name, uint32_t *val)
{
    uint32_t i;
    if (!rs_smap_get(&l->idx, name, &i))
        return false;
    *val = l->vals[i];
    return true;
}

static uint32_t alloc_iface(p1 *p, wit_span span)
{
    rs_upkg *u = p->u;
    if (rs_reserve(u->scratch, (void **)&u->ifaces, u->nifaces, &u->capifaces, sizeof(*u->ifaces)) < 0)
        return WIT_NONE;
    if (rs_reserve(p->c->tmp, (void **)&p->itypes, u->nifaces, &p->capitypes, sizeof(*p->itypes)) < 0)
        return WIT_NONE;
    rs_uiface *f = &u->ifaces[u->nifaces];
    memset(f, 0, sizeof(*f));
    f->iface.package = WIT_NONE;
    f->iface.span = span;
    memset(&p->itypes[u->nifaces], 0, sizeof(lookup));
    return u->nifaces++;
}

static uint32_t alloc_world(p1 *p, wit_span span)
{
    rs_upkg *u = p->u;
    if (rs_reserve(u->scratch, (void **)&u->worlds, u->nworlds, &u->capworlds, sizeof(*u->worlds)) < 0)
        return WIT_NONE;
    rs_uworld *w = &u->worlds[u->nworlds];
    memset(w, 0, sizeof(*w));
    w->world.span = span;
    w->world.package = WIT_NONE;
    return u->nworlds++;
}

/* Phase one's type array is the largest temporary: it lives on the heap and is freed
 * as soon as the package is appended (rs_free_upkg), instead of doubling in the arena. */
static uint32_t alloc_type(p1 *p, const wit_typedef *td)
{
    rs_upkg *u = p->u;
    if (u->ntypes >= u->captypes) {
        uint32_t ncap = u->captypes ? u->captypes * 2 : 16;
        wit_typedef *nt = wit_realloc(u->types, sizeof(*nt) * ncap);
        if (!nt) {
            wit_diags_add(&p->c->s->diags, WIT_SEV_ERROR, WIT_NO_SPAN, "out of memory");
            p->c->oom = true;
            return WIT_NONE;
        }
        u->types = nt;
        u->captypes = ncap;
    }
    u->types[u->ntypes] = *td;
    return u->ntypes++;
}

/* ---- docs and stability ---- */

static int stability(p1 *p, const wit_ast_attrs *attrs, wit_stability *out)
{
    memset(out, 0, sizeof(*out));
    out->kind = WIT_STAB_UNKNOWN;
    if (attrs->n == 0)
        return 0;
    const wit_ast_attr *a0 = &attrs->items[0];
    if (attrs->n == 1) {
        switch (a0->kind) {
        case WIT_ATTR_SINCE:
            out->kind = WIT_STAB_STABLE;
            out->since = a0->value;
            return 0;
        case WIT_ATTR_UNSTABLE:
            out->kind = WIT_STAB_UNSTABLE;
            out->feature = a0->value;
            return 0;
        case WIT_ATTR_DEPRECATED:
            return rs_error(p->c, a0->span, "must pair @deprecated with either @since or @unstable");
        }
    }
    if (attrs->n == 2) {
        const wit_ast_attr *a1 = &attrs->items[1];
        const wit_ast_attr *dep = NULL, *other = NULL;
        if (a0->kind == WIT_ATTR_DEPRECATED && a1->kind != WIT_ATTR_DEPRECATED) {
            dep = a0;
            other = a1;
        } else if (a1->kind == WIT_ATTR_DEPRECATED && a0->kind != WIT_ATTR_DEPRECATED) {
            dep = a1;
            other = a0;
        }
        if (dep) {
            if (other->kind == WIT_ATTR_SINCE) {
                out->kind = WIT_STAB_STABLE;
                out->since = other->value;
            } else {
                out->kind = WIT_STAB_UNSTABLE;
                out->feature = other->value;
            }
            out->deprecated = dep->value;
            return 0;
        }
    }
    rs_error(p->c, attrs->items[1].span, "unsupported combination of attributes");
    rs_note(p->c, WIT_NO_SPAN,
            "an item takes one @since or one @unstable, optionally with one @deprecated; here it has %u gates",
            attrs->n);
    return -1;
}

/* ---- for_each_path ---- */

typedef enum { WOI_INTERFACE, WOI_WORLD, WOI_UNKNOWN } woi;

typedef int (*path_fn)(p1 *p, const wit_ast_id *owner, const wit_ast_attrs *attrs,
                       const wit_ast_use_path *path, const wit_ast_use_name *names, uint32_t nnames,
                       bool has_names, woi kind);


static int visit_extern(p1 *p, const wit_ast_extern *e, path_fn f)
{
    switch (e->kind) {
    case WIT_EXT_INTERFACE:
        for (uint32_t k = 0; k < e->nitems; k++) {
            const wit_ast_iface_item *it = &e->items[k];
            if (it->kind == WIT_AII_USE &&
                f(p, NULL, &it->u.use->attrs, &it->u.use->from, it->u.use->names, it->u.use->nnames, true,
                  WOI_INTERFACE) < 0)
                return -1;
        }
        return 0;
    case WIT_EXT_PATH:
    case WIT_EXT_NAMED_PATH:
        return f(p, NULL, &e->attrs, &e->path, NULL, 0, false, WOI_INTERFACE);
    case WIT_EXT_FUNC:
        return 0;
    }
    return 0;
}

static int for_each_path(p1 *p, uint32_t list, path_fn f)
{
    const wit_ast_toplevel *items = p->lists[list];
    for (uint32_t i = 0; i < p->nlist[list]; i++) {
        const wit_ast_toplevel *t = &items[i];
        switch (t->kind) {
        case WIT_ATL_USE:
            if (f(p, NULL, &t->u.use.attrs, &t->u.use.item, NULL, 0, false, WOI_UNKNOWN) < 0)
                return -1;
            break;
        case WIT_ATL_INTERFACE:
            for (uint32_t k = 0; k < t->u.iface.nitems; k++) {
                const wit_ast_iface_item *it = &t->u.iface.items[k];
                if (it->kind == WIT_AII_USE &&
                    f(p, &t->u.iface.name, &it->u.use->attrs, &it->u.use->from, it->u.use->names,
                      it->u.use->nnames, true, WOI_INTERFACE) < 0)
                    return -1;
            }
            break;
        case WIT_ATL_WORLD: {
            const wit_ast_world *w = &t->u.world;
            for (uint32_t k = 0; k < w->nitems; k++) {
                const wit_ast_world_item *it = &w->items[k];
                if (it->kind == WIT_AWI_USE) {
                    if (f(p, NULL, &it->u.use.attrs, &it->u.use.from, it->u.use.names, it->u.use.nnames,
                          true, WOI_INTERFACE) < 0)
                        return -1;
                } else if (it->kind == WIT_AWI_INCLUDE) {
                    if (f(p, &w->name, &it->u.inc.attrs, &it->u.inc.from, NULL, 0, false, WOI_WORLD) < 0)
                        return -1;
                }
            }
            for (int pass = 0; pass < 2; pass++)
                for (uint32_t k = 0; k < w->nitems; k++) {
                    const wit_ast_world_item *it = &w->items[k];
                    if (it->kind == WIT_AWI_EXTERN && it->u.ext.is_export == (pass == 1) &&
                        visit_extern(p, &it->u.ext, f) < 0)
                        return -1;
                }
            break;
        }
        case WIT_ATL_PACKAGE:
            break;
        }
    }
    return 0;
}

/* ---- populate_foreign_deps ---- */

static int cb_foreign_deps(p1 *p, const wit_ast_id *owner, const wit_ast_attrs *attrs,
                           const wit_ast_use_path *path, const wit_ast_use_name *names, uint32_t nnames,
                           bool has_names, woi kind)
{
    (void)owner;
    (void)names;
    (void)nnames;
    (void)has_names;
    if (!path->is_package)
        return 0;
    wit_stability stab;
    size_t nd = p->c->s->diags.n, ne = p->c->s->diags.errors;
    if (stability(p, attrs, &stab) < 0) {
        /* reported again, with the right context, where the item is resolved */
        wit_diags *d = &p->c->s->diags;
        while (d->n > nd) {
            d->n--;
            wit_free(d->items[d->n].message);
            wit_free(d->items[d->n].note);
        }
        d->errors = ne;
        memset(&stab, 0, sizeof(stab));
    }
    wit_pkg_name pn = ast_pkg_name(&path->pkg);
    const char *key = rs_pkg_name_str(p->c, &pn);
    if (!key)
        return -1;
    uint32_t di;
    if (!rs_smap_get(&p->fdep_idx, key, &di)) {
        if (rs_reserve(p->c->tmp, (void **)&p->fdeps, p->nfdeps, &p->capfdeps, sizeof(*p->fdeps)) < 0)
            return -1;
        di = p->nfdeps++;
        fdep_pkg *d = &p->fdeps[di];
        memset(d, 0, sizeof(*d));
        d->name = pn;
        d->key = key;
        d->span = path->pkg.span;
        if (rs_smap_put(p->c->tmp, &p->fdep_idx, key, di) < 0)
            return -1;
    }
    fdep_pkg *d = &p->fdeps[di];
    uint32_t ii;
    if (!rs_smap_get(&d->idx, path->name.name, &ii)) {
        if (rs_reserve(p->c->tmp, (void **)&d->items, d->nitems, &d->capitems, sizeof(*d->items)) < 0)
            return -1;
        ii = d->nitems++;
        fdep_item *it = &d->items[ii];
        memset(it, 0, sizeof(*it));
        it->name = path->name.name;
        if (kind == WOI_WORLD) {
            uint32_t w = alloc_world(p, path->name.span);
            if (w == WIT_NONE)
                return -1;
            p->u->worlds[w].foreign = true;
            it->item = MK_ITEM(w, ITEM_WORLD);
        } else {
            uint32_t f = alloc_iface(p, path->name.span);
            if (f == WIT_NONE)
                return -1;
            p->u->ifaces[f].foreign = true;
            it->item = MK_ITEM(f, 0);
        }
        if (rs_smap_put(p->c->tmp, &d->idx, it->name, ii) < 0)
            return -1;
    }
    fdep_item *it = &d->items[ii];
    if (rs_reserve(p->u->scratch, (void **)&it->stabs, it->nstabs, &it->capstabs, sizeof(*it->stabs)) < 0)
        return -1;
    it->stabs[it->nstabs++] = stab;
    return 0;
}

/* ---- populate_ast_items ---- */

typedef struct ns_entry {
    bool foreign;
    wit_ast_id local;
} ns_entry;

typedef struct ast_items_ctx {
    rs_smap order_idx;  /* name -> topo node */
    topo_node *nodes;
    uint32_t nnodes, capnodes;
    const wit_ast_toplevel **node_item;
    rs_smap list_ns;    /* per list: name -> ns entry index */
    ns_entry *ns;
    uint32_t nns, capns;
} ast_items_ctx;

static ast_items_ctx *g_aic; /* set only during populate_ast_items' path walk */

static int cb_order(p1 *p, const wit_ast_id *owner, const wit_ast_attrs *attrs,
                    const wit_ast_use_path *path, const wit_ast_use_name *names, uint32_t nnames,
                    bool has_names, woi kind)
{
    (void)attrs;
    (void)names;
    (void)nnames;
    (void)has_names;
    (void)kind;
    ast_items_ctx *x = g_aic;
    if (!owner || path->is_package)
        return 0;
    uint32_t node;
    rs_smap_get(&x->order_idx, owner->name, &node);
    uint32_t e;
    if (rs_smap_get(&x->list_ns, path->name.name, &e)) {
        if (x->ns[e].foreign)
            return 0;
        return topo_add_dep(p->c, &x->nodes[node], x->ns[e].local);
    }
    if (rs_smap_get(&p->package_items, path->name.name, NULL))
        return topo_add_dep(p->c, &x->nodes[node], path->name);
    /* not fatal here: the item is resolved again later, which fails (quietly deduplicated)
     * and lets the rest of the package report its own errors */
    rs_error(p->c, path->name.span, "interface or world `%s` does not exist", path->name.name);
    suggest_smap(p->c, path->name.name, &p->package_items);
    return 0;
}

static int populate_ast_items(p1 *p, uint32_t **iface_order, uint32_t *niface_order, uint32_t **world_order,
                              uint32_t *nworld_order)
{
    rs_ctx *c = p->c;
    ast_items_ctx x;
    memset(&x, 0, sizeof(x));
    rs_smap pkg_items = {0};
    for (uint32_t l = 0; l < p->nlists; l++) {
        for (uint32_t i = 0; i < p->nlist[l]; i++) {
            const wit_ast_toplevel *t = &p->lists[l][i];
            const wit_ast_id *name;
            if (t->kind == WIT_ATL_INTERFACE)
                name = &t->u.iface.name;
            else if (t->kind == WIT_ATL_WORLD)
                name = &t->u.world.name;
            else
                continue;
            uint32_t prev;
            if (rs_smap_get(&pkg_items, name->name, &prev)) {
                const wit_ast_toplevel *pt = x.node_item[prev];
                rs_error(c, name->span, "duplicate item named `%s`", name->name);
                rs_note(c, pt->kind == WIT_ATL_INTERFACE ? pt->u.iface.name.span : pt->u.world.name.span,
                        "`%s` is first defined here (interfaces and worlds share one namespace per package)",
                        name->name);
                return -1;
            }
            if (rs_smap_put(c->tmp, &pkg_items, name->name, x.nnodes) < 0)
                return -1;
            uint32_t capitem = x.capnodes;
            if (rs_reserve(c->tmp, (void **)&x.nodes, x.nnodes, &x.capnodes, sizeof(*x.nodes)) < 0 ||
                rs_reserve(c->tmp, (void **)&x.node_item, x.nnodes, &capitem, sizeof(*x.node_item)) < 0)
                return -1;
            memset(&x.nodes[x.nnodes], 0, sizeof(topo_node));
            x.nodes[x.nnodes].name = name->name;
            x.node_item[x.nnodes] = t;
            if (rs_smap_put(c->tmp, &x.order_idx, name->name, x.nnodes) < 0)
                return -1;
            x.nnodes++;
        }
    }
    p->package_items = pkg_items; /* temporarily: names only, for cb_order */
    for (uint32_t l = 0; l < p->nlists; l++) {
        memset(&x.list_ns, 0, sizeof(x.list_ns));
        x.nns = 0;
        for (uint32_t i = 0; i < p->nlist[l]; i++) {
            const wit_ast_toplevel *t = &p->lists[l][i];
            const wit_ast_id *name;
            ns_entry e;
            memset(&e, 0, sizeof(e));
            if (t->kind == WIT_ATL_USE) {
                name = t->u.use.as.name ? &t->u.use.as : &t->u.use.item.name;
                e.foreign = t->u.use.item.is_package;
                e.local = t->u.use.item.name;
            } else if (t->kind == WIT_ATL_INTERFACE) {
                name = &t->u.iface.name;
                e.local = *name;
            } else if (t->kind == WIT_ATL_WORLD) {
                name = &t->u.world.name;
                e.local = *name;
            } else {
                continue;
            }
            if (rs_smap_get(&x.list_ns, name->name, NULL))
                return rs_error(c, name->span, "duplicate name `%s` in this file", name->name);
            if (rs_reserve(c->tmp, (void **)&x.ns, x.nns, &x.capns, sizeof(*x.ns)) < 0)
                return -1;
            x.ns[x.nns] = e;
            if (rs_smap_put(c->tmp, &x.list_ns, name->name, x.nns) < 0)
                return -1;
            x.nns++;
        }
        g_aic = &x;
        int rc = for_each_path(p, l, cb_order);
        g_aic = NULL;
        if (rc < 0)
            return -1;
    }
    uint32_t *order;
    if (toposort(c, "interface or world", x.nodes, x.nnodes, &x.order_idx, &order, NULL) < 0)
        return -1;

    rs_smap ids = {0};
    uint32_t *io = wit_arena_alloc(c->tmp, sizeof(uint32_t) * (x.nnodes + 1));
    uint32_t *wo = wit_arena_alloc(c->tmp, sizeof(uint32_t) * (x.nnodes + 1));
    if (!io || !wo)
        return -1;
    uint32_t nio = 0, nwo = 0;
    for (uint32_t k = 0; k < x.nnodes; k++) {
        const wit_ast_toplevel *t = x.node_item[order[k]];
        if (t->kind == WIT_ATL_INTERFACE) {
            uint32_t id = alloc_iface(p, t->u.iface.name.span);
            if (id == WIT_NONE)
                return -1;
            p->u->ifaces[id].iface.name = t->u.iface.name.name;
            io[nio++] = id;
            if (rs_smap_put(c->tmp, &ids, t->u.iface.name.name, MK_ITEM(id, 0)) < 0)
                return -1;
        } else {
            uint32_t id = alloc_world(p, t->u.world.name.span);
            if (id == WIT_NONE)
                return -1;
            p->u->worlds[id].world.name = t->u.world.name.name;
            wo[nwo++] = id;
            if (rs_smap_put(c->tmp, &ids, t->u.world.name.name, MK_ITEM(id, ITEM_WORLD)) < 0)
                return -1;
        }
    }
    memset(&p->package_items, 0, sizeof(p->package_items));
    p->ast_items = wit_arena_alloc(c->tmp, sizeof(rs_smap) * (p->nlists + 1));
    if (!p->ast_items)
        return -1;
    for (uint32_t l = 0; l < p->nlists; l++) {
        rs_smap *items = &p->ast_items[l];
        for (uint32_t i = 0; i < p->nlist[l]; i++) {
            const wit_ast_toplevel *t = &p->lists[l][i];
            const char *name;
            uint32_t item;
            if (t->kind == WIT_ATL_USE) {
                const wit_ast_toplevel_use *u = &t->u.use;
                if (u->attrs.n)
                    return rs_error(c, u->span, "attributes not allowed on top-level use");
                name = u->as.name ? u->as.name : u->item.name.name;
                if (!u->item.is_package) {
                    if (!rs_smap_get(&ids, u->item.name.name, &item))
                        return rs_error(c, u->item.name.span, "interface or world `%s` does not exist",
                                        u->item.name.name);
                } else {
                    wit_pkg_name pn = ast_pkg_name(&u->item.pkg);
                    const char *key = rs_pkg_name_str(c, &pn);
                    uint32_t di, ii;
                    if (!key || !rs_smap_get(&p->fdep_idx, key, &di) ||
                        !rs_smap_get(&p->fdeps[di].idx, u->item.name.name, &ii))
                        return -1;
                    item = p->fdeps[di].items[ii].item;
                }
            } else if (t->kind == WIT_ATL_INTERFACE) {
                name = t->u.iface.name.name;
                rs_smap_get(&ids, name, &item);
            } else if (t->kind == WIT_ATL_WORLD) {
                name = t->u.world.name.name;
                rs_smap_get(&ids, name, &item);
            } else {
                continue;
            }
            if (rs_smap_put(c->tmp, items, name, item) < 0)
                return -1;
            if (t->kind != WIT_ATL_USE && rs_smap_put(c->tmp, &p->package_items, name, item) < 0)
                return -1;
        }
    }
    *iface_order = io;
    *niface_order = nio;
    *world_order = wo;
    *nworld_order = nwo;
    return 0;
}

/* ---- paths ---- */

static int resolve_ast_item_path(p1 *p, const wit_ast_use_path *path, uint32_t *item, const char **name,
                                 wit_span *span)
{
    if (!path->is_package) {
        if (!rs_smap_get(&p->ast_items[p->cur_list], path->name.name, item) &&
            !rs_smap_get(&p->package_items, path->name.name, item)) {
            rs_error(p->c, path->name.span, "interface or world `%s` does not exist", path->name.name);
            suggest_smap(p->c, path->name.name, &p->package_items);
            return -1;
        }
    } else {
        wit_pkg_name pn = ast_pkg_name(&path->pkg);
        const char *key = rs_pkg_name_str(p->c, &pn);
        uint32_t di, ii;
        if (!key || !rs_smap_get(&p->fdep_idx, key, &di) ||
            !rs_smap_get(&p->fdeps[di].idx, path->name.name, &ii))
            return rs_error(p->c, path->name.span, "internal error: unregistered foreign path");
        *item = p->fdeps[di].items[ii].item;
    }
    *name = path->name.name;
    *span = path->name.span;
    return 0;
}

static int extract_iface(p1 *p, uint32_t item, const char *name, wit_span span, uint32_t *out)
{
    if (ITEM_IS_WORLD(item))
        return rs_error(p->c, span, "name `%s` is defined as a world, not an interface", name);
    *out = ITEM_ID(item);
    return 0;
}

static int extract_world(p1 *p, uint32_t item, const char *name, wit_span span, uint32_t *out)
{
    if (!ITEM_IS_WORLD(item))
        return rs_error(p->c, span, "name `%s` is defined as an interface, not a world", name);
    *out = ITEM_ID(item);
    return 0;
}

/* ---- populate_foreign_types ---- */

static int cb_foreign_types(p1 *p, const wit_ast_id *owner, const wit_ast_attrs *attrs,
                            const wit_ast_use_path *path, const wit_ast_use_name *names, uint32_t nnames,
                            bool has_names, woi kind)
{
    (void)owner;
    (void)kind;
    if (!has_names)
        return 0;
    wit_stability stab;
    if (stability(p, attrs, &stab) < 0)
        return -1;
    uint32_t item = 0, iface = 0;
    const char *name = NULL;
    wit_span span = WIT_NO_SPAN;
    /* a bad path is reported here and again (deduplicated) where its interface or world
     * is resolved, which fails just that item: keep going so the others are checked */
    if (resolve_ast_item_path(p, path, &item, &name, &span) < 0 ||
        extract_iface(p, item, name, span, &iface) < 0)
        return 0;
    if (!p->u->ifaces[iface].foreign)
        return 0;
    for (uint32_t k = 0; k < nnames; k++) {
        uint32_t v;
        if (lookup_get(&p->itypes[iface], names[k].name.name, &v))
            continue;
        wit_typedef td;
        memset(&td, 0, sizeof(td));
        td.name = names[k].name.name;
        td.kind = WIT_TD_UNKNOWN;
        td.owner.kind = WIT_OWNER_INTERFACE;
        td.owner.id = iface;
        td.stability = stab;
        td.span = names[k].name.span;
        uint32_t id = alloc_type(p, &td);
        bool dup;
        if (id == WIT_NONE || lookup_put(p->c->tmp, &p->itypes[iface], td.name, id, td.span, &dup) < 0)
            return -1;
        rs_uiface *f = &p->u->ifaces[iface];
        if (rs_reserve(p->c->a, (void **)&f->iface.types, f->iface.ntypes, &f->captypes,
                       sizeof(wit_named_id)) < 0)
            return -1;
        f->iface.types[f->iface.ntypes].name = td.name;
        f->iface.types[f->iface.ntypes].id = id;
        f->iface.ntypes++;
    }
    return 0;
}

/* ---- types ---- */

static int resolve_type(p1 *p, const wit_ast_type *t, const wit_stability *stab, wit_type *out);

static void key_type(wit_buf *b, wit_type t)
{
    /* "#<id>," or "p<prim>,", formatted by hand: this runs for every anonymous type */
    char tmp[16];
    size_t n = sizeof tmp;
    uint32_t v = t.prim == WIT_TYPE_ID ? (uint32_t)t.id : (uint32_t)t.prim;
    tmp[--n] = ',';
    do {
        tmp[--n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    tmp[--n] = t.prim == WIT_TYPE_ID ? '#' : 'p';
    wit_buf_append(b, tmp + n, sizeof tmp - n);
}

static void key_opt(wit_buf *b, bool has, wit_type t)
{
    if (has)
        key_type(b, t);
    else
        wit_buf_puts(b, "-,");
}

/* Interns an anonymous type as wit-parser's anon_type_def does. */
static int anon_type_def(p1 *p, wit_typedef *td, wit_type *out)
{
    wit_buf *b = &p->key;
    wit_buf_reset(b);
    switch (td->kind) {
    case WIT_TD_ALIAS:
        *out = td->u.elem;
        return 0;
    case WIT_TD_HANDLE:
        if (!td->u.handle.borrow) {
            out->prim = WIT_TYPE_ID;
            out->id = td->u.handle.resource;
            return 0;
        }
        wit_buf_puts(b, "B"); /* "B#<resource>,": key_type's digits, no printf */
        key_type(b, (wit_type){.prim = WIT_TYPE_ID, .id = td->u.handle.resource});
        break;
    case WIT_TD_VARIANT:
        wit_buf_puts(b, "V");
        for (uint32_t i = 0; i < td->u.variant.n; i++) {
            wit_buf_printf(b, "%s:", td->u.variant.cases[i].name);
            key_opt(b, td->u.variant.cases[i].has_type, td->u.variant.cases[i].type);
        }
        break;
    case WIT_TD_RECORD:
        wit_buf_puts(b, "R");
        for (uint32_t i = 0; i < td->u.record.n; i++) {
            wit_buf_printf(b, "%s:", td->u.record.fields[i].name);
            key_type(b, td->u.record.fields[i].type);
        }
        break;
    case WIT_TD_FLAGS:
    case WIT_TD_ENUM:
        wit_buf_puts(b, td->kind == WIT_TD_FLAGS ? "F" : "E");
        for (uint32_t i = 0; i < td->u.variant.n; i++)
            wit_buf_printf(b, "%s,", td->u.variant.cases[i].name);
        break;
    case WIT_TD_TUPLE:
        wit_buf_puts(b, "T");
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            key_type(b, td->u.tuple.types[i]);
        break;
    case WIT_TD_LIST:
        wit_buf_puts(b, "L");
        key_type(b, td->u.elem);
        break;
    case WIT_TD_OPTION:
        wit_buf_puts(b, "O");
        key_type(b, td->u.elem);
        break;
    case WIT_TD_MAP:
        wit_buf_puts(b, "M");
        key_type(b, td->u.map.key);
        key_type(b, td->u.map.value);
        break;
    case WIT_TD_FIXED_LIST:
        wit_buf_puts(b, "X"); /* "X#<len>,<elem>" */
        key_type(b, (wit_type){.prim = WIT_TYPE_ID, .id = td->u.fixed.len});
        key_type(b, td->u.fixed.elem);
        break;
    case WIT_TD_RESULT:
        wit_buf_puts(b, "Z");
        key_opt(b, td->u.result.has_ok, td->u.result.ok);
        key_opt(b, td->u.result.has_err, td->u.result.err);
        break;
    case WIT_TD_FUTURE:
    case WIT_TD_STREAM:
        wit_buf_puts(b, td->kind == WIT_TD_FUTURE ? "U" : "S");
        key_opt(b, td->u.async.has, td->u.async.elem);
        break;
    case WIT_TD_RESOURCE:
    case WIT_TD_UNKNOWN:
        return rs_error(p->c, td->span, "internal error: anonymous resource");
    }
    if (b->oom)
        return -1;
    uint32_t id;
    if (!rs_smap_get(&p->anon, b->data, &id)) {
        const char *k = wit_arena_strdup(p->c->tmp, b->data);
        if (!k)
            return -1;
        id = alloc_type(p, td);
        if (id == WIT_NONE || rs_smap_put(p->c->tmp, &p->anon, k, id) < 0)
            return -1;
    }
    out->prim = WIT_TYPE_ID;
    out->id = id;
    return 0;
}

static int resolve_type_name(p1 *p, const wit_ast_id *name, uint32_t *out)
{
    uint32_t v;
    if (!lookup_get(&p->cur, name->name, &v)) {
        rs_error(p->c, name->span, "name `%s` does not exist", name->name);
        suggest(p->c, name->name, p->cur.names, p->cur.n);
        return -1;
    }
    if (v == LOOKUP_FUNC)
        return rs_error(p->c, name->span, "cannot use function `%s` as a type", name->name);
    *out = v;
    return 0;
}

static int validate_resource(p1 *p, const wit_ast_id *name, uint32_t *out)
{
    uint32_t id;
    if (resolve_type_name(p, name, &id) < 0)
        return -1;
    uint32_t cur = id;
    for (uint32_t guard = 0; guard <= p->u->ntypes; guard++) {
        wit_typedef *td = &p->u->types[cur];
        if (td->kind == WIT_TD_RESOURCE)
            break;
        if (td->kind == WIT_TD_ALIAS && td->u.elem.prim == WIT_TYPE_ID) {
            cur = td->u.elem.id;
            continue;
        }
        if (td->kind == WIT_TD_UNKNOWN) {
            rs_upkg *u = p->u;
            if (rs_reserve(u->scratch, (void **)&u->req_res, u->nreq_res, &u->capreq_res, sizeof(*u->req_res)) < 0)
                return -1;
            u->req_res[u->nreq_res].id = cur;
            u->req_res[u->nreq_res].span = name->span;
            u->nreq_res++;
            break;
        }
        return rs_error(p->c, name->span, "type `%s` used in a handle must be a resource", name->name);
    }
    *out = id;
    return 0;
}

static bool is_map_key(wit_type t)
{
    switch (t.prim) {
    case WIT_BOOL: case WIT_U8: case WIT_U16: case WIT_U32: case WIT_U64: case WIT_S8: case WIT_S16:
    case WIT_S32: case WIT_S64: case WIT_CHAR: case WIT_STRING:
        return true;
    default:
        return false;
    }
}

static int resolve_opt(p1 *p, const wit_ast_type *t, const wit_stability *stab, bool *has, wit_type *out)
{
    *has = t != NULL;
    out->prim = WIT_TYPE_ID;
    out->id = WIT_NONE;
    if (!t)
        return 0;
    return resolve_type(p, t, stab, out);
}

/* resolve_type_def for the anonymous-type forms (and aliases). */
static int type_kind_from_ast(p1 *p, const wit_ast_type *t, const wit_stability *stab, wit_typedef *td)
{
    if (!t)
        return rs_error(p->c, WIT_NO_SPAN, "internal error: missing type");
    switch (t->kind) {
    case WIT_AT_PRIM:
        td->kind = WIT_TD_ALIAS;
        td->u.elem.prim = t->prim;
        td->u.elem.id = WIT_NONE;
        return 0;
    case WIT_AT_NAME: {
        uint32_t id;
        if (resolve_type_name(p, &t->name, &id) < 0)
            return -1;
        td->kind = WIT_TD_ALIAS;
        td->u.elem.prim = WIT_TYPE_ID;
        td->u.elem.id = id;
        return 0;
    }
    case WIT_AT_LIST:
        td->kind = WIT_TD_LIST;
        return resolve_type(p, t->a, stab, &td->u.elem);
    case WIT_AT_OPTION:
        td->kind = WIT_TD_OPTION;
        return resolve_type(p, t->a, stab, &td->u.elem);
    case WIT_AT_FIXED_LIST:
        td->kind = WIT_TD_FIXED_LIST;
        td->u.fixed.len = t->len;
        return resolve_type(p, t->a, stab, &td->u.fixed.elem);
    case WIT_AT_MAP:
        td->kind = WIT_TD_MAP;
        if (resolve_type(p, t->a, stab, &td->u.map.key) < 0 || resolve_type(p, t->b, stab, &td->u.map.value) < 0)
            return -1;
        if (!is_map_key(td->u.map.key))
            return rs_error(p->c, t->span,
                            "invalid map key type: map keys must be bool, u8, u16, u32, u64, s8, s16, s32, "
                            "s64, char, or string");
        return 0;
    case WIT_AT_HANDLE:
        td->kind = WIT_TD_HANDLE;
        td->u.handle.borrow = t->borrow;
        return validate_resource(p, &t->name, &td->u.handle.resource);
    case WIT_AT_TUPLE: {
        td->kind = WIT_TD_TUPLE;
        td->u.tuple.n = t->ntypes;
        td->u.tuple.types = wit_arena_alloc(p->c->a, sizeof(wit_type) * (t->ntypes + 1));
        if (!td->u.tuple.types)
            return -1;
        for (uint32_t i = 0; i < t->ntypes; i++)
            if (resolve_type(p, t->types[i], stab, &td->u.tuple.types[i]) < 0)
                return -1;
        return 0;
    }
    case WIT_AT_RESULT:
        td->kind = WIT_TD_RESULT;
        if (resolve_opt(p, t->a, stab, &td->u.result.has_ok, &td->u.result.ok) < 0 ||
            resolve_opt(p, t->b, stab, &td->u.result.has_err, &td->u.result.err) < 0)
            return -1;
        return 0;
    case WIT_AT_FUTURE:
    case WIT_AT_STREAM:
        td->kind = t->kind == WIT_AT_FUTURE ? WIT_TD_FUTURE : WIT_TD_STREAM;
        return resolve_opt(p, t->a, stab, &td->u.async.has, &td->u.async.elem);
    }
    return rs_error(p->c, t->span, "internal error: unknown type kind");
}

static const wit_stability *stab_of_type(p1 *p, wit_type t)
{
    if (t.prim != WIT_TYPE_ID)
        return NULL;
    const wit_typedef *td = &p->u->types[t.id];
    return td->stability.kind != WIT_STAB_UNKNOWN ? &td->stability : NULL;
}

static wit_stability find_stability(p1 *p, const wit_typedef *td, const wit_stability *stab)
{
    if (stab->kind != WIT_STAB_UNKNOWN)
        return *stab;
    const wit_stability *r = NULL;
    switch (td->kind) {
    case WIT_TD_ALIAS:
    case WIT_TD_LIST:
    case WIT_TD_OPTION:
        r = stab_of_type(p, td->u.elem);
        break;
    case WIT_TD_FIXED_LIST:
        r = stab_of_type(p, td->u.fixed.elem);
        break;
    case WIT_TD_HANDLE: {
        wit_type t = {WIT_TYPE_ID, td->u.handle.resource};
        r = stab_of_type(p, t);
        break;
    }
    case WIT_TD_TUPLE:
        for (uint32_t i = 0; i < td->u.tuple.n && !r; i++)
            r = stab_of_type(p, td->u.tuple.types[i]);
        break;
    case WIT_TD_MAP:
        r = stab_of_type(p, td->u.map.key);
        if (!r)
            r = stab_of_type(p, td->u.map.value);
        break;
    case WIT_TD_FUTURE:
    case WIT_TD_STREAM:
        if (td->u.async.has)
            r = stab_of_type(p, td->u.async.elem);
        break;
    case WIT_TD_RESULT:
        if (td->u.result.has_ok)
            r = stab_of_type(p, td->u.result.ok);
        if (!r && td->u.result.has_err)
            r = stab_of_type(p, td->u.result.err);
        break;
    default:
        break;
    }
    if (r)
        return *r;
    wit_stability u;
    memset(&u, 0, sizeof(u));
    return u;
}

static int resolve_type(p1 *p, const wit_ast_type *t, const wit_stability *stab, wit_type *out)
{
    wit_typedef td;
    memset(&td, 0, sizeof(td));
    if (type_kind_from_ast(p, t, stab, &td) < 0)
        return -1;
    td.stability = find_stability(p, &td, stab);
    td.span = t->span;
    td.owner.kind = WIT_OWNER_NONE;
    td.owner.id = WIT_NONE;
    return anon_type_def(p, &td, out);
}

/* resolve_type_def for a named definition. */
static int resolve_named_def(p1 *p, const wit_ast_typedef *d, const wit_stability *stab, wit_typedef *td)
{
    switch (d->kind) {
    case WIT_ATD_ALIAS:
        return type_kind_from_ast(p, d->alias, stab, td);
    case WIT_ATD_RESOURCE: {
        uint32_t ctors = 0;
        rs_smap names = {0};
        for (uint32_t i = 0; i < d->nfuncs; i++) {
            const wit_ast_rfunc *f = &d->funcs[i];
            if (f->kind == WIT_RF_CONSTRUCTOR) {
                if (++ctors > 1)
                    return rs_error(p->c, f->name.span, "duplicate constructors");
                continue;
            }
            if (d->nfuncs <= 16) { /* the usual case: no map */
                for (uint32_t j = 0; j < i; j++)
                    if (d->funcs[j].kind != WIT_RF_CONSTRUCTOR && strcmp(d->funcs[j].name.name, f->name.name) == 0)
                        return rs_error(p->c, f->name.span, "duplicate function name `%s`", f->name.name);
                continue;
            }
            if (rs_smap_get(&names, f->name.name, NULL))
                return rs_error(p->c, f->name.span, "duplicate function name `%s`", f->name.name);
            if (rs_smap_put(p->c->tmp, &names, f->name.name, i) < 0)
                return -1;
        }
        td->kind = WIT_TD_RESOURCE;
        return 0;
    }
    case WIT_ATD_RECORD:
        td->kind = WIT_TD_RECORD;
        td->u.record.n = d->nfields;
        td->u.record.fields = wit_arena_alloc(p->c->a, sizeof(wit_field) * (d->nfields + 1));
        if (!td->u.record.fields)
            return -1;
        for (uint32_t i = 0; i < d->nfields; i++) {
            wit_field *f = &td->u.record.fields[i];
            f->name = d->fields[i].name.name;
            f->docs = d->fields[i].docs;
            f->span = d->fields[i].name.span;
            if (resolve_type(p, d->fields[i].type, stab, &f->type) < 0)
                return -1;
        }
        return 0;
    case WIT_ATD_FLAGS:
    case WIT_ATD_ENUM:
    case WIT_ATD_VARIANT:
        if (d->kind == WIT_ATD_VARIANT && d->nfields == 0)
            return rs_error(p->c, d->name.span, "empty variant");
        if (d->kind == WIT_ATD_ENUM && d->nfields == 0)
            return rs_error(p->c, d->name.span, "empty enum");
        td->kind = d->kind == WIT_ATD_FLAGS ? WIT_TD_FLAGS : d->kind == WIT_ATD_ENUM ? WIT_TD_ENUM : WIT_TD_VARIANT;
        td->u.variant.n = d->nfields;
        td->u.variant.cases = wit_arena_alloc(p->c->a, sizeof(wit_case) * (d->nfields + 1));
        if (!td->u.variant.cases)
            return -1;
        for (uint32_t i = 0; i < d->nfields; i++) {
            wit_case *cs = &td->u.variant.cases[i];
            cs->name = d->fields[i].name.name;
            cs->docs = d->fields[i].docs;
            cs->span = d->fields[i].name.span;
            cs->type.prim = WIT_TYPE_ID;
            cs->type.id = WIT_NONE;
            if (d->kind == WIT_ATD_VARIANT &&
                resolve_opt(p, d->fields[i].type, stab, &cs->has_type, &cs->type) < 0)
                return -1;
        }
        return 0;
    }
    return rs_error(p->c, d->span, "internal error: unknown definition");
}

static void collect_deps_type(rs_ctx *c, const wit_ast_type *t, topo_node *n, int *err)
{
    if (!t || *err)
        return;
    switch (t->kind) {
    case WIT_AT_PRIM:
        break;
    case WIT_AT_NAME:
    case WIT_AT_HANDLE:
        if (topo_add_dep(c, n, t->name) < 0)
            *err = 1;
        break;
    case WIT_AT_LIST:
    case WIT_AT_OPTION:
    case WIT_AT_FIXED_LIST:
    case WIT_AT_FUTURE:
    case WIT_AT_STREAM:
        collect_deps_type(c, t->a, n, err);
        break;
    case WIT_AT_MAP:
    case WIT_AT_RESULT:
        collect_deps_type(c, t->a, n, err);
        collect_deps_type(c, t->b, n, err);
        break;
    case WIT_AT_TUPLE:
        for (uint32_t i = 0; i < t->ntypes; i++)
            collect_deps_type(c, t->types[i], n, err);
        break;
    }
}

static int define_name(p1 *p, const wit_ast_id *name, uint32_t val)
{
    bool dup;
    if (lookup_put(p->c->tmp, &p->cur, name->name, val, name->span, &dup) < 0)
        return -1;
    if (dup) {
        rs_error(p->c, name->span, "name `%s` is defined more than once", name->name);
        rs_note(p->c, p->cur.dup_prev, "`%s` is first defined here", name->name);
        return -1;
    }
    return 0;
}

typedef struct titem {
    const wit_ast_use *use;
    const wit_ast_typedef *def;
} titem;

static int resolve_use(p1 *p, wit_owner owner, const wit_ast_use *u)
{
    uint32_t item = 0, from = 0;
    const char *name = NULL;
    wit_span span = WIT_NO_SPAN;
    if (resolve_ast_item_path(p, &u->from, &item, &name, &span) < 0 ||
        extract_iface(p, item, name, span, &from) < 0)
        return -1;
    if (p->u->ifaces[from].failed)
        return -1; /* already reported where that interface went wrong */
    wit_stability stab;
    if (stability(p, &u->attrs, &stab) < 0)
        return -1;
    for (uint32_t k = 0; k < u->nnames; k++) {
        const wit_ast_use_name *n = &u->names[k];
        uint32_t v;
        if (!lookup_get(&p->itypes[from], n->name.name, &v)) {
            rs_error(p->c, n->name.span, "name `%s` does not exist", n->name.name);
            suggest(p->c, n->name.name, p->itypes[from].names, p->itypes[from].n);
            return -1;
        }
        if (v == LOOKUP_FUNC)
            return rs_error(p->c, n->name.span, "cannot import function `%s`", n->name.name);
        const wit_ast_id *as = n->as.name ? &n->as : &n->name;
        wit_typedef td;
        memset(&td, 0, sizeof(td));
        td.stability = stab;
        td.kind = WIT_TD_ALIAS;
        td.u.elem.prim = WIT_TYPE_ID;
        td.u.elem.id = v;
        td.name = as->name;
        td.owner = owner;
        td.span = n->name.span;
        uint32_t id = alloc_type(p, &td);
        if (id == WIT_NONE || define_name(p, as, id) < 0)
            return -1;
    }
    return 0;
}

static const char *float_hint(rs_ctx *c, const char *name)
{
    (void)c;
    if (strcmp(name, "float32") == 0)
        return "the `float32` type has been renamed to `f32` and is no longer accepted, but the "
               "`WIT_REQUIRE_F32_F64=0` environment variable can be used to temporarily disable this error";
    if (strcmp(name, "float64") == 0)
        return "the `float64` type has been renamed to `f64` and is no longer accepted, but the "
               "`WIT_REQUIRE_F32_F64=0` environment variable can be used to temporarily disable this error";
    return NULL;
}

static int resolve_types(p1 *p, wit_owner owner, const titem *items, uint32_t n)
{
    rs_ctx *c = p->c;
    for (uint32_t i = 0; i < n; i++)
        if (items[i].use && resolve_use(p, owner, items[i].use) < 0)
            return -1;
    rs_smap idx = {0};
    uint32_t capn = 1;
    for (uint32_t i = 0; i < n; i++)
        capn += items[i].def ? 1 : items[i].use->nnames;
    topo_node *nodes = wit_arena_alloc(c->tmp, sizeof(topo_node) * capn);
    const wit_ast_typedef **defs = NULL;
    uint32_t nn = 0;
    if (!nodes)
        return -1;
    defs = wit_arena_alloc(c->tmp, sizeof(*defs) * capn);
    if (!defs)
        return -1;
    for (uint32_t i = 0; i < n; i++) {
        if (items[i].def) {
            const wit_ast_typedef *d = items[i].def;
            uint32_t j;
            if (rs_smap_get(&idx, d->name.name, &j)) {
                rs_error(c, d->name.span, "name `%s` is defined more than once", d->name.name);
                rs_note(c, nodes[j].span, "`%s` is first defined here", d->name.name);
                return -1;
            }
            j = nn++;
            if (nn > capn) {
                nodes = wit_arena_grow(c->tmp, nodes, capn, capn * 2, sizeof(*nodes));
                defs = wit_arena_grow(c->tmp, (void *)defs, capn, capn * 2, sizeof(*defs));
                capn *= 2;
                if (!nodes || !defs)
                    return -1;
            }
            memset(&nodes[j], 0, sizeof(nodes[j]));
            nodes[j].name = d->name.name;
            nodes[j].span = d->name.span;
            defs[j] = d;
            int err = 0;
            if (d->kind == WIT_ATD_ALIAS) {
                collect_deps_type(c, d->alias, &nodes[j], &err);
            } else if (d->kind == WIT_ATD_RECORD || d->kind == WIT_ATD_VARIANT) {
                for (uint32_t f = 0; f < d->nfields; f++)
                    collect_deps_type(c, d->fields[f].type, &nodes[j], &err);
            }
            if (err || rs_smap_put(c->tmp, &idx, d->name.name, j) < 0)
                return -1;
        } else {
            const wit_ast_use *u = items[i].use;
            for (uint32_t k = 0; k < u->nnames; k++) {
                const wit_ast_id *as = u->names[k].as.name ? &u->names[k].as : &u->names[k].name;
                uint32_t j;
                if (rs_smap_get(&idx, as->name, &j)) {
                    nodes[j].ndeps = 0;
                    defs[j] = NULL;
                    continue;
                }
                j = nn++;
                if (nn > capn) {
                    nodes = wit_arena_grow(c->tmp, nodes, capn, capn * 2, sizeof(*nodes));
                    defs = wit_arena_grow(c->tmp, (void *)defs, capn, capn * 2, sizeof(*defs));
                    capn *= 2;
                    if (!nodes || !defs)
                        return -1;
                }
                memset(&nodes[j], 0, sizeof(nodes[j]));
                nodes[j].name = as->name;
                nodes[j].span = as->span;
                defs[j] = NULL;
                if (rs_smap_put(c->tmp, &idx, as->name, j) < 0)
                    return -1;
            }
        }
    }
    uint32_t *order;
    if (toposort(c, "type", nodes, nn, &idx, &order, float_hint) < 0)
        return -1;
    for (uint32_t k = 0; k < nn; k++) {
        const wit_ast_typedef *d = defs[order[k]];
        if (!d)
            continue;
        wit_typedef td;
        memset(&td, 0, sizeof(td));
        td.docs = d->docs;
        if (stability(p, &d->attrs, &td.stability) < 0)
            return -1;
        if (resolve_named_def(p, d, &td.stability, &td) < 0)
            return -1;
        td.name = d->name.name;
        td.owner = owner;
        td.span = d->name.span;
        uint32_t id = alloc_type(p, &td);
        if (id == WIT_NONE || define_name(p, &d->name, id) < 0)
            return -1;
    }
    return 0;
}

/* ---- functions ---- */

static int resolve_function(p1 *p, const wit_docs *docs, const wit_ast_attrs *attrs, const char *name,
                            wit_span name_span, const wit_ast_func *f, wit_func_kind kind, uint32_t resource,
                            wit_func *out)
{
    memset(out, 0, sizeof(*out));
    out->docs = *docs;
    if (stability(p, attrs, &out->stability) < 0)
        return -1;
    out->name = name;
    out->kind = kind;
    out->resource = resource;
    out->span = name_span;
    bool method = kind == WIT_FN_METHOD || kind == WIT_FN_ASYNC_METHOD;
    out->params = wit_arena_alloc(p->c->a, sizeof(wit_param) * (f->nparams + 2));
    if (!out->params)
        return -1;
    uint32_t np = 0;
    if (method) {
        wit_typedef td;
        memset(&td, 0, sizeof(td));
        td.kind = WIT_TD_HANDLE;
        td.u.handle.borrow = true;
        td.u.handle.resource = resource;
        wit_stability unk;
        memset(&unk, 0, sizeof(unk));
        td.stability = find_stability(p, &td, &unk);
        td.span = f->span;
        td.owner.kind = WIT_OWNER_NONE;
        td.owner.id = WIT_NONE;
        out->params[0].name = "self";
        out->params[0].span = f->span;
        if (anon_type_def(p, &td, &out->params[0].type) < 0)
            return -1;
        np = 1;
    }
    wit_stability unk;
    memset(&unk, 0, sizeof(unk));
    for (uint32_t i = 0; i < f->nparams; i++) {
        for (uint32_t j = 0; j < np; j++)
            if (strcmp(out->params[j].name, f->params[i].name.name) == 0)
                return rs_error(p->c, f->params[i].name.span, "param `%s` is defined more than once",
                                f->params[i].name.name);
        out->params[np].name = f->params[i].name.name;
        out->params[np].span = f->params[i].name.span;
        if (resolve_type(p, f->params[i].type, &unk, &out->params[np].type) < 0)
            return -1;
        np++;
    }
    out->nparams = np;
    if (kind == WIT_FN_CONSTRUCTOR) {
        out->has_result = true;
        if (!f->result) {
            out->result.prim = WIT_TYPE_ID;
            out->result.id = resource;
            return 0;
        }
        if (resolve_type(p, f->result, &unk, &out->result) < 0)
            return -1;
        const wit_typedef *rt = out->result.prim == WIT_TYPE_ID ? &p->u->types[out->result.id] : NULL;
        if (!rt || rt->kind != WIT_TD_RESULT)
            return rs_error(p->c, f->result->span, "if a constructor return type is declared it must be a `result`");
        if (!rt->u.result.has_ok || rt->u.result.ok.prim != WIT_TYPE_ID || rt->u.result.ok.id != resource) {
            wit_span sp = f->result->kind == WIT_AT_RESULT && f->result->a ? f->result->a->span : f->result->span;
            return rs_error(p->c, sp, "the `ok` type must be the resource being constructed");
        }
        return 0;
    }
    if (f->result) {
        out->has_result = true;
        if (resolve_type(p, f->result, &unk, &out->result) < 0)
            return -1;
    }
    return 0;
}

static int resolve_resource_func(p1 *p, const wit_ast_rfunc *f, const wit_ast_id *resource, wit_func *out)
{
    uint32_t rid;
    if (!lookup_get(&p->cur, resource->name, &rid) || rid == LOOKUP_FUNC)
        return rs_error(p->c, resource->span, "internal error: resource lookup failed");
    const char *name;
    wit_func_kind kind;
    switch (f->kind) {
    case WIT_RF_METHOD:
        name = wit_arena_printf(p->c->a, "[method]%s.%s", resource->name, f->name.name);
        kind = f->func.is_async ? WIT_FN_ASYNC_METHOD : WIT_FN_METHOD;
        break;
    case WIT_RF_STATIC:
        name = wit_arena_printf(p->c->a, "[static]%s.%s", resource->name, f->name.name);
        kind = f->func.is_async ? WIT_FN_ASYNC_STATIC : WIT_FN_STATIC;
        break;
    default:
        name = wit_arena_printf(p->c->a, "[constructor]%s", resource->name);
        kind = WIT_FN_CONSTRUCTOR;
        break;
    }
    if (!name)
        return -1;
    return resolve_function(p, &f->docs, &f->attrs, name, f->name.span, &f->func, kind, rid, out);
}

static int push_func(rs_ctx *c, wit_arena *scratch, rs_uiface *f, const wit_func *fn, wit_span span)
{
    if (f->iface.nfuncs >= f->capfuncs) {
        uint32_t ncap = f->capfuncs ? f->capfuncs * 2 : 4;
        wit_func *nf = wit_arena_grow(c->a, f->iface.funcs, f->capfuncs, ncap, sizeof(*nf));
        wit_span *ns = wit_arena_grow(scratch, f->func_spans, f->capfuncs, ncap, sizeof(*ns));
        if (!nf || !ns)
            return -1;
        f->iface.funcs = nf;
        f->func_spans = ns;
        f->capfuncs = ncap;
    }
    f->iface.funcs[f->iface.nfuncs] = *fn;
    f->func_spans[f->iface.nfuncs] = span;
    f->iface.nfuncs++;
    return 0;
}

static int resolve_interface(p1 *p, uint32_t id, const wit_ast_iface_item *items, uint32_t n,
                             const wit_docs *docs, const wit_ast_attrs *attrs)
{
    rs_ctx *c = p->c;
    p->u->ifaces[id].iface.docs = *docs;
    wit_stability st;
    if (stability(p, attrs, &st) < 0)
        return -1;
    p->u->ifaces[id].iface.stability = st;
    titem *ti = wit_arena_alloc(c->tmp, sizeof(titem) * (n + 1));
    if (!ti)
        return -1;
    uint32_t nt = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (items[i].kind == WIT_AII_USE)
            ti[nt++].use = items[i].u.use;
        else if (items[i].kind == WIT_AII_TYPEDEF)
            ti[nt++].def = &items[i].u.td;
    }
    wit_owner owner = {WIT_OWNER_INTERFACE, id};
    if (resolve_types(p, owner, ti, nt) < 0)
        return -1;
    rs_uiface *f = &p->u->ifaces[id];
    { /* size types and funcs once: doubling leaves every old copy behind in the arena */
        uint32_t want_fn = f->iface.nfuncs, want_ty = f->iface.ntypes + p->cur.n;
        for (uint32_t i = 0; i < n; i++)
            want_fn += items[i].kind == WIT_AII_FUNC ? 1
                       : items[i].kind == WIT_AII_TYPEDEF && items[i].u.td.kind == WIT_ATD_RESOURCE ? items[i].u.td.nfuncs
                                                                                                    : 0;
        if (want_ty > f->captypes) {
            wit_named_id *gt = wit_arena_grow(c->a, f->iface.types, f->captypes, want_ty, sizeof(*gt));
            if (!gt)
                return -1;
            f->iface.types = gt;
            f->captypes = want_ty;
        }
        if (want_fn > f->capfuncs) {
            wit_func *gf = wit_arena_grow(c->a, f->iface.funcs, f->capfuncs, want_fn, sizeof(*gf));
            wit_span *gs = wit_arena_grow(p->u->scratch, f->func_spans, f->capfuncs, want_fn, sizeof(*gs));
            if (!gf || !gs)
                return -1;
            f->iface.funcs = gf;
            f->func_spans = gs;
            f->capfuncs = want_fn;
        }
    }
    for (uint32_t i = 0; i < p->cur.n; i++) {
        if (rs_reserve(c->a, (void **)&f->iface.types, f->iface.ntypes, &f->captypes, sizeof(wit_named_id)) < 0)
            return -1;
        f->iface.types[f->iface.ntypes].name = p->cur.names[i];
        f->iface.types[f->iface.ntypes].id = p->cur.vals[i];
        f->iface.ntypes++;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (items[i].kind == WIT_AII_FUNC) {
            const wit_ast_named_func *nf = &items[i].u.func;
            if (define_name(p, &nf->name, LOOKUP_FUNC) < 0)
                return -1;
            wit_func fn;
            if (resolve_function(p, &nf->docs, &nf->attrs, nf->name.name, nf->name.span, &nf->func,
                                 nf->func.is_async ? WIT_FN_ASYNC_FREESTANDING : WIT_FN_FREESTANDING, WIT_NONE,
                                 &fn) < 0)
                return -1;
            if (push_func(c, p->u->scratch, &p->u->ifaces[id], &fn, nf->name.span) < 0)
                return -1;
        } else if (items[i].kind == WIT_AII_TYPEDEF && items[i].u.td.kind == WIT_ATD_RESOURCE) {
            const wit_ast_typedef *d = &items[i].u.td;
            for (uint32_t k = 0; k < d->nfuncs; k++) {
                wit_func fn;
                if (resolve_resource_func(p, &d->funcs[k], &d->name, &fn) < 0)
                    return -1;
                if (push_func(c, p->u->scratch, &p->u->ifaces[id], &fn, d->funcs[k].name.span) < 0)
                    return -1;
            }
        }
    }
    p->itypes[id] = p->cur;
    memset(&p->cur, 0, sizeof(p->cur));
    return 0;
}

/* ---- worlds ---- */

/* phase one's world items: appending copies them (upkg scratch) */
static int witems_push(p1 *p, wit_world_item **v, uint32_t *n, uint32_t *cap, const wit_world_item *it)
{
    if (rs_reserve(p->u->scratch, (void **)v, *n, cap, sizeof(**v)) < 0)
        return -1;
    (*v)[(*n)++] = *it;
    return 0;
}

static const char *item_desc(const wit_world_item *it)
{
    return it->kind == WIT_ITEM_INTERFACE ? "interface" : it->kind == WIT_ITEM_FUNCTION ? "func" : "type";
}

static int resolve_world(p1 *p, uint32_t wid, const wit_ast_world *w)
{
    rs_ctx *c = p->c;
    rs_uworld *uw = &p->u->worlds[wid];
    uw->world.docs = w->docs;
    if (stability(p, &w->attrs, &uw->world.stability) < 0)
        return -1;
    titem *ti = wit_arena_alloc(c->tmp, sizeof(titem) * (w->nitems + 1));
    if (!ti)
        return -1;
    uint32_t nt = 0;
    for (uint32_t i = 0; i < w->nitems; i++) {
        if (w->items[i].kind == WIT_AWI_USE)
            ti[nt++].use = &w->items[i].u.use;
        else if (w->items[i].kind == WIT_AWI_TYPEDEF)
            ti[nt++].def = &w->items[i].u.td;
    }
    wit_owner owner = {WIT_OWNER_WORLD, wid};
    if (resolve_types(p, owner, ti, nt) < 0)
        return -1;
    for (uint32_t i = 0; i < w->nitems; i++) {
        if (w->items[i].kind != WIT_AWI_INCLUDE)
            continue;
        const wit_ast_include *inc = &w->items[i].u.inc;
        rs_uinclude ui;
        memset(&ui, 0, sizeof(ui));
        if (stability(p, &inc->attrs, &ui.stability) < 0)
            return -1;
        uint32_t item = 0;
        const char *name = NULL;
        if (resolve_ast_item_path(p, &inc->from, &item, &name, &ui.span) < 0 ||
            extract_world(p, item, name, ui.span, &ui.world) < 0)
            return -1;
        if (p->u->worlds[ui.world].failed)
            return -1;
        ui.names = inc->with;
        ui.nnames = inc->nwith;
        uw = &p->u->worlds[wid];
        if (rs_reserve(p->u->scratch, (void **)&uw->incs, uw->nincs, &uw->capincs, sizeof(*uw->incs)) < 0)
            return -1;
        uw->incs[uw->nincs++] = ui;
    }
    uw = &p->u->worlds[wid];
    for (uint32_t i = 0; i < p->cur.n; i++) {
        wit_world_item it;
        memset(&it, 0, sizeof(it));
        it.key.kind = WIT_KEY_NAME;
        it.key.name = p->cur.names[i];
        it.kind = WIT_ITEM_TYPE;
        it.id = p->cur.vals[i];
        it.span = p->cur.spans[i];
        if (witems_push(p, &uw->world.imports, &uw->world.nimports, &uw->capimports, &it) < 0)
            return -1;
    }
    rs_umap imported = {0}, exported = {0};
    rs_smap keyidx[2] = {{0}, {0}}; /* name keys of imports / exports -> index */
    for (uint32_t i = 0; i < uw->world.nimports; i++)
        if (rs_smap_put(c->tmp, &keyidx[0], uw->world.imports[i].key.name, i) < 0)
            return -1;
    for (uint32_t i = 0; i < w->nitems; i++) {
        const wit_ast_world_item *wi = &w->items[i];
        if (wi->kind == WIT_AWI_TYPEDEF && wi->u.td.kind == WIT_ATD_RESOURCE) {
            const wit_ast_typedef *d = &wi->u.td;
            for (uint32_t k = 0; k < d->nfuncs; k++) {
                wit_world_item it;
                memset(&it, 0, sizeof(it));
                if (resolve_resource_func(p, &d->funcs[k], &d->name, &it.func) < 0)
                    return -1;
                it.key.kind = WIT_KEY_NAME;
                it.key.name = it.func.name;
                it.kind = WIT_ITEM_FUNCTION;
                it.id = WIT_NONE;
                it.span = d->funcs[k].name.span;
                it.docs = it.func.docs;
                it.stability = it.func.stability;
                uw = &p->u->worlds[wid];
                if (rs_smap_put(c->tmp, &keyidx[0], it.key.name, uw->world.nimports) < 0 ||
                    witems_push(p, &uw->world.imports, &uw->world.nimports, &uw->capimports, &it) < 0)
                    return -1;
            }
            continue;
        }
        if (wi->kind != WIT_AWI_EXTERN)
            continue;
        const wit_ast_extern *e = &wi->u.ext;
        const char *desc = e->is_export ? "export" : "import";
        wit_world_item it;
        memset(&it, 0, sizeof(it));
        it.docs = e->docs;
        wit_span kspan;
        switch (e->kind) {
        case WIT_EXT_INTERFACE: {
            lookup prev = p->cur;
            memset(&p->cur, 0, sizeof(p->cur));
            uint32_t id = alloc_iface(p, e->name.span);
            if (id == WIT_NONE)
                return -1;
            if (resolve_interface(p, id, e->items, e->nitems, &e->docs, &e->attrs) < 0)
                return -1;
            p->cur = prev;
            it.kind = WIT_ITEM_INTERFACE;
            it.id = id;
            it.stability = p->u->ifaces[id].iface.stability;
            it.key.kind = WIT_KEY_NAME;
            it.key.name = e->name.name;
            kspan = e->name.span;
            break;
        }
        case WIT_EXT_PATH:
        case WIT_EXT_NAMED_PATH: {
            if (stability(p, &e->attrs, &it.stability) < 0)
                return -1;
            uint32_t item = 0, id = 0;
            const char *name = NULL;
            wit_span sp = WIT_NO_SPAN;
            if (resolve_ast_item_path(p, &e->path, &item, &name, &sp) < 0 ||
                extract_iface(p, item, name, sp, &id) < 0)
                return -1;
            it.kind = WIT_ITEM_INTERFACE;
            it.id = id;
            if (e->kind == WIT_EXT_PATH) {
                it.key.kind = WIT_KEY_INTERFACE;
                it.key.iface = id;
                kspan = sp;
            } else {
                it.key.kind = WIT_KEY_NAME;
                it.key.name = e->name.name;
                kspan = e->name.span;
            }
            break;
        }
        case WIT_EXT_FUNC:
        default:
            if (resolve_function(p, &e->docs, &e->attrs, e->name.name, e->name.span, &e->func,
                                 e->func.is_async ? WIT_FN_ASYNC_FREESTANDING : WIT_FN_FREESTANDING, WIT_NONE,
                                 &it.func) < 0)
                return -1;
            it.kind = WIT_ITEM_FUNCTION;
            it.id = WIT_NONE;
            it.stability = it.func.stability;
            it.key.kind = WIT_KEY_NAME;
            it.key.name = it.func.name;
            kspan = e->name.span;
            break;
        }
        it.span = kspan;
        if (it.kind == WIT_ITEM_INTERFACE && e->kind != WIT_EXT_NAMED_PATH) {
            rs_umap *set = e->is_export ? &exported : &imported;
            if (rs_umap_get(set, it.id, NULL))
                return rs_error(c, kspan, "interface cannot be %sed more than once", desc);
            if (rs_umap_put(c->tmp, set, it.id, 1) < 0)
                return -1;
        }
        uw = &p->u->worlds[wid];
        wit_world_item **v = e->is_export ? &uw->world.exports : &uw->world.imports;
        uint32_t *nv = e->is_export ? &uw->world.nexports : &uw->world.nimports;
        uint32_t *cv = e->is_export ? &uw->capexports : &uw->capimports;
        if (it.key.kind == WIT_KEY_NAME) {
            uint32_t prev;
            if (rs_smap_get(&keyidx[e->is_export], it.key.name, &prev))
                return rs_error(c, kspan, "%s `%s` conflicts with prior %s of same name", desc, it.key.name,
                                item_desc(&(*v)[prev]));
            if (rs_smap_put(c->tmp, &keyidx[e->is_export], it.key.name, *nv) < 0)
                return -1;
        }
        /* an interface key is unique here: "imported more than once" was checked above */
        if (witems_push(p, v, nv, cv, &it) < 0)
            return -1;
    }
    memset(&p->cur, 0, sizeof(p->cur));
    return 0;
}

/* ------------------------------------------------------------------------- */
/* phase one entry                                                           */

int rs_phase1(rs_ctx *c, rs_upkg *u, wit_ast_toplevel **lists, uint32_t *nlist, uint32_t nlists)
{
    p1 p;
    memset(&p, 0, sizeof(p));
    /* maps, lookups and toposort state live in a scratch arena that dies with this
     * call; only what phase two reads goes to the session arena */
    c->tmp = wit_arena_new_child(c->a);
    if (!u->scratch)
        u->scratch = wit_arena_new_child(c->a);
    if (!c->tmp || !u->scratch) {
        c->oom = true;
        wit_arena_free(c->tmp);
        c->tmp = NULL;
        return -1;
    }
    p.c = c;
    p.u = u;
    p.lists = lists;
    p.nlist = nlist;
    p.nlists = nlists;
    wit_buf_init(&p.key);
    int rc = -1;
    for (uint32_t l = 0; l < nlists; l++)
        if (for_each_path(&p, l, cb_foreign_deps) < 0)
            goto done;
    uint32_t *io = NULL, nio = 0, *wo = NULL, nwo = 0;
    if (populate_ast_items(&p, &io, &nio, &wo, &nwo) < 0)
        goto done;
    for (uint32_t l = 0; l < nlists; l++) {
        p.cur_list = l;
        if (for_each_path(&p, l, cb_foreign_types) < 0)
            goto done;
    }
    /* id -> ast maps */
    const wit_ast_interface **iface_ast = wit_arena_alloc(c->tmp, sizeof(void *) * (u->nifaces + 1));
    uint32_t *iface_list = wit_arena_alloc(c->tmp, sizeof(uint32_t) * (u->nifaces + 1));
    const wit_ast_world **world_ast = wit_arena_alloc(c->tmp, sizeof(void *) * (u->nworlds + 1));
    uint32_t *world_list = wit_arena_alloc(c->tmp, sizeof(uint32_t) * (u->nworlds + 1));
    if (!iface_ast || !iface_list || !world_ast || !world_list)
        goto done;
    for (uint32_t l = 0; l < nlists; l++) {
        for (uint32_t i = 0; i < nlist[l]; i++) {
            const wit_ast_toplevel *t = &lists[l][i];
            uint32_t item;
            if (t->kind == WIT_ATL_INTERFACE) {
                rs_smap_get(&p.ast_items[l], t->u.iface.name.name, &item);
                iface_ast[ITEM_ID(item)] = &t->u.iface;
                iface_list[ITEM_ID(item)] = l;
            } else if (t->kind == WIT_ATL_WORLD) {
                rs_smap_get(&p.ast_items[l], t->u.world.name.name, &item);
                world_ast[ITEM_ID(item)] = &t->u.world;
                world_list[ITEM_ID(item)] = l;
            }
        }
    }
    /* An interface or world with an error is marked and skipped, so that the others
     * still report theirs; whatever uses a failed one fails quietly (no cascade). */
    bool any_failed = false;
    for (uint32_t k = 0; k < nio; k++) {
        uint32_t id = io[k];
        p.cur_list = iface_list[id];
        memset(&p.cur, 0, sizeof(p.cur));
        if (resolve_interface(&p, id, iface_ast[id]->items, iface_ast[id]->nitems, &iface_ast[id]->docs,
                              &iface_ast[id]->attrs) < 0) {
            u->ifaces[id].failed = true;
            any_failed = true;
        }
        if (wit_arena_failed(c->a))
            goto done;
    }
    for (uint32_t k = 0; k < nwo; k++) {
        uint32_t id = wo[k];
        p.cur_list = world_list[id];
        memset(&p.cur, 0, sizeof(p.cur));
        if (resolve_world(&p, id, world_ast[id]) < 0) {
            u->worlds[id].failed = true;
            any_failed = true;
        }
        if (wit_arena_failed(c->a))
            goto done;
    }
    if (any_failed)
        goto done;
    /* foreign deps, flattened for phase two */
    u->fdeps = wit_arena_alloc(u->scratch, sizeof(rs_ufdep) * (p.nfdeps + 1));
    if (!u->fdeps)
        goto done;
    for (uint32_t d = 0; d < p.nfdeps; d++) {
        rs_ufdep *o = &u->fdeps[d];
        o->name = p.fdeps[d].name;
        o->key = p.fdeps[d].key;
        o->span = p.fdeps[d].span;
        o->nitems = p.fdeps[d].nitems;
        o->items = wit_arena_alloc(u->scratch, sizeof(rs_ufdep_item) * (o->nitems + 1));
        if (!o->items)
            goto done;
        for (uint32_t i = 0; i < o->nitems; i++) {
            o->items[i].name = p.fdeps[d].items[i].name;
            o->items[i].is_world = ITEM_IS_WORLD(p.fdeps[d].items[i].item);
            o->items[i].id = ITEM_ID(p.fdeps[d].items[i].item);
            o->items[i].stabs = p.fdeps[d].items[i].stabs;
            o->items[i].nstabs = p.fdeps[d].items[i].nstabs;
        }
    }
    u->nfdeps = p.nfdeps;
    rc = 0;
done:
    if (wit_arena_failed(c->tmp) || wit_arena_failed(u->scratch) || p.key.oom) {
        c->oom = true;
        rc = -1;
    }
    wit_buf_free(&p.key);
    wit_arena_free(c->tmp);
    c->tmp = NULL;
    return rc;
}

/* Splits a group into its packages: nested blocks (in file order), then the main
 * package made of every file's other items. Checks the main package's headers. */
int rs_group_packages(rs_ctx *c, wit_ast_group *g, uint32_t gi)
{
    /* the list arrays are tiny: the session arena (a group arena would start a block) */
    wit_arena *ga = c->a;
    wit_ast_pkg_name *main_name = NULL;
    wit_docs main_docs = {NULL};
    uint32_t nmain = 0;
    for (uint32_t f = 0; f < g->nfiles; f++) {
        wit_ast_file *file = g->files[f];
        if (!file)
            continue;
        if (file->has_package) {
            if (main_name) {
                wit_pkg_name a = ast_pkg_name(main_name), b = ast_pkg_name(&file->package);
                const char *sa = rs_pkg_name_str(c, &a), *sb = rs_pkg_name_str(c, &b);
                if (!sa || !sb)
                    return -1;
                if (strcmp(sa, sb) != 0)
                    return rs_error(c, file->package.span,
                                    "package identifier `%s` does not match previous package name of `%s`", sb,
                                    sa);
            }
            main_name = &file->package;
            if (file->package_docs.contents) {
                if (main_docs.contents) {
                    const wit_srcfile *sf = &c->s->srcmap.files[file->file];
                    wit_span sp = {sf->base, sf->base};
                    return rs_error(c, sp, "found doc comments on multiple 'package' items");
                }
                main_docs = file->package_docs;
            }
        }
        for (uint32_t i = 0; i < file->nitems; i++) {
            if (file->items[i].kind == WIT_ATL_PACKAGE) {
                wit_ast_package_block *b = file->items[i].u.pkg;
                rs_upkg *u = rs_new_upkg(c);
                if (!u)
                    return -1;
                u->name = ast_pkg_name(&b->name);
                u->name_span = b->name.span;
                u->docs = b->docs;
                u->group = gi;
                u->nlists = 1;
                u->lists = wit_arena_alloc(ga, sizeof(*u->lists));
                u->nlist = wit_arena_alloc(ga, sizeof(*u->nlist));
                if (!u->lists || !u->nlist)
                    return -1;
                u->lists[0] = b->items;
                u->nlist[0] = b->nitems;
            } else {
                nmain++;
            }
        }
    }
    if (!main_name)
        return rs_error(c, WIT_NO_SPAN, "no `package` header was found in any WIT file for this package");
    rs_upkg *u = rs_new_upkg(c);
    if (!u)
        return -1;
    u->name = ast_pkg_name(main_name);
    u->name_span = main_name->span;
    u->docs = main_docs;
    u->group = gi;
    u->is_main = true;
    u->lists = wit_arena_alloc(ga, sizeof(*u->lists) * (g->nfiles + 1));
    u->nlist = wit_arena_alloc(ga, sizeof(*u->nlist) * (g->nfiles + 1));
    if (!u->lists || !u->nlist)
        return -1;
    for (uint32_t f = 0; f < g->nfiles; f++) {
        wit_ast_file *file = g->files[f];
        if (!file)
            continue;
        uint32_t nblocks = 0;
        for (uint32_t i = 0; i < file->nitems; i++)
            nblocks += file->items[i].kind == WIT_ATL_PACKAGE;
        wit_ast_toplevel *items = file->items;
        uint32_t n = file->nitems;
        if (nblocks) { /* the main package's items without the nested blocks */
            items = wit_arena_alloc(g->arena ? g->arena : c->a, sizeof(*items) * (file->nitems + 1));
            if (!items)
                return -1;
            n = 0;
            for (uint32_t i = 0; i < file->nitems; i++)
                if (file->items[i].kind != WIT_ATL_PACKAGE)
                    items[n++] = file->items[i];
        }
        u->lists[u->nlists] = items;
        u->nlist[u->nlists] = n;
        u->nlists++;
    }
    return 0;
}
