/* Binary WIT encoder: worlds and packages as component types, exactly as
 * wit-component writes them (component-binary.md §2–§3).
 *
 * The one idea: a scope (the world's component type, or one instance type inside
 * it) is a list of declarators plus the maps that make wit-component's output what
 * it is — a type already encoded in this scope is referenced, never re-declared; a
 * type owned by another interface is aliased out of that interface's instance (one
 * `alias export` per type at world level, one `alias outer` per scope); anonymous
 * types and function types are reused when structurally equal within one scope.
 * Those last two are keyed by their encoded bytes, which is equivalent to
 * wit-parser's interning of anonymous types per package, since a scope only ever
 * holds the types of one package. Declaration order follows the Resolve's orders,
 * so the output is deterministic. */
#include "encode.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasmbin.h"

/* ---- a map from byte strings to u32 (open addressing, keys in one buffer) ---- */

typedef struct bm_slot {
    uint32_t hash, off, len, val;
    bool used;
} bm_slot;

typedef struct bytemap {
    wit_buf keys;
    bm_slot *slots;
    uint32_t cap, n;
    bool oom;
} bytemap;

static uint32_t fnv1a(const void *p, size_t n)
{
    const uint8_t *s = p;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ s[i]) * 16777619u;
    return h;
}

static void bm_free(bytemap *m)
{
    wit_buf_free(&m->keys);
    wit_free(m->slots);
    memset(m, 0, sizeof *m);
}

static bm_slot *bm_find(bytemap *m, const void *k, size_t n, uint32_t h)
{
    if (!m->cap)
        return NULL;
    for (uint32_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        bm_slot *s = &m->slots[i];
        if (!s->used)
            return s;
        if (s->hash == h && s->len == n && memcmp(m->keys.data + s->off, k, n) == 0)
            return s;
    }
}

static bool bm_get(bytemap *m, const void *k, size_t n, uint32_t *val)
{
    bm_slot *s = bm_find(m, k, n, fnv1a(k, n));
    if (!s || !s->used)
        return false;
    *val = s->val;
    return true;
}

static void bm_put(bytemap *m, const void *k, size_t n, uint32_t val)
{
    if (m->oom)
        return;
    if ((m->n + 1) * 2 > m->cap) {
        uint32_t ncap = m->cap ? m->cap * 2 : 16;
        bm_slot *ns = wit_calloc(ncap, sizeof *ns);
        if (!ns) {
            m->oom = true;
            return;
        }
        for (uint32_t i = 0; i < m->cap; i++) {
            bm_slot *o = &m->slots[i];
            if (!o->used)
                continue;
            uint32_t j = o->hash & (ncap - 1);
            while (ns[j].used)
                j = (j + 1) & (ncap - 1);
            ns[j] = *o;
        }
        wit_free(m->slots);
        m->slots = ns;
        m->cap = ncap;
    }
    uint32_t h = fnv1a(k, n);
    bm_slot *s = bm_find(m, k, n, h);
    if (s->used) {
        s->val = val;
        return;
    }
    s->used = true;
    s->hash = h;
    s->off = (uint32_t)m->keys.len;
    s->len = (uint32_t)n;
    s->val = val;
    wit_buf_append(&m->keys, k, n);
    if (m->keys.oom)
        m->oom = true;
    m->n++;
}

/* ---- scopes and the encoder ---- */

typedef struct scope {
    wit_buf body;       /* the declarators */
    uint32_t ndecls;
    uint32_t ntypes;    /* size of the scope's type index space */
    uint32_t *type_map; /* resolve type id -> index in this scope, or WIT_NONE */
    bytemap anon;       /* encoded anonymous defvaltype -> index */
    bytemap funcs;      /* encoded func type -> index */
} scope;

typedef struct enc {
    const wit_resolve *r;
    scope outer;
    scope inner;
    bool in_inner;
    uint32_t *import_map;     /* interface id -> instance index in the outer scope */
    uint32_t *outer_type_map; /* type id -> outer index of its `alias export` */
    uint32_t instances;
    wit_id iface;             /* the interface being encoded, or WIT_NONE */
    bool import_types;        /* world-level types become `import "t" (type (eq …))` */
    bool failed;
    char *err;                /* 256 bytes, or NULL */
} enc;

/* A valtype: a primitive byte or a type index. */
typedef struct vt {
    bool is_prim;
    uint8_t prim;
    uint32_t idx;
} vt;

static void fail(enc *e, const char *fmt, ...) WIT_PRINTF(2, 3);
static void fail(enc *e, const char *fmt, ...)
{
    if (!e->failed && e->err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->err, 256, fmt, ap);
        va_end(ap);
    }
    e->failed = true;
}

static uint32_t *id_array(uint32_t n)
{
    uint32_t *a = wit_malloc((size_t)(n ? n : 1) * sizeof *a);
    if (a)
        memset(a, 0xff, (size_t)(n ? n : 1) * sizeof *a);
    return a;
}

static int scope_init(enc *e, scope *s)
{
    memset(s, 0, sizeof *s);
    s->type_map = id_array(e->r->ntypes);
    if (!s->type_map) {
        fail(e, "out of memory");
        return -1;
    }
    return 0;
}

static void scope_free(scope *s)
{
    wit_buf_free(&s->body);
    wit_free(s->type_map);
    bm_free(&s->anon);
    bm_free(&s->funcs);
    memset(s, 0, sizeof *s);
}

static bool scope_oom(const scope *s)
{
    return s->body.oom || s->anon.oom || s->funcs.oom;
}

static scope *cur(enc *e)
{
    return e->in_inner ? &e->inner : &e->outer;
}

static int enc_init(enc *e, const wit_resolve *r, char *err)
{
    memset(e, 0, sizeof *e);
    e->r = r;
    e->err = err;
    e->iface = WIT_NONE;
    e->import_map = id_array(r->nifaces);
    e->outer_type_map = id_array(r->ntypes);
    if (!e->import_map || !e->outer_type_map) {
        fail(e, "out of memory");
        return -1;
    }
    return scope_init(e, &e->outer);
}

static void enc_free(enc *e)
{
    scope_free(&e->outer);
    scope_free(&e->inner);
    wit_free(e->import_map);
    wit_free(e->outer_type_map);
}

/* "ns:pkg/name@ver" (wit-parser's id_of / PackageName::interface_id). */
static void put_qualified(wit_buf *b, const wit_resolve *r, wit_id pkg, const char *name)
{
    const wit_pkg_name *pn = &r->packages[pkg].name;
    wit_buf_printf(b, "%s:%s/%s", pn->ns, pn->name, name);
    if (pn->version)
        wit_buf_printf(b, "@%s", pn->version);
}

static void put_vt(wit_buf *b, vt v)
{
    if (v.is_prim)
        gen_wasm_byte(b, v.prim);
    else
        gen_wasm_s64(b, v.idx);
}

static uint8_t prim_byte(wit_prim p)
{
    switch (p) {
    case WIT_BOOL: return 0x7f;
    case WIT_S8: return 0x7e;
    case WIT_U8: return 0x7d;
    case WIT_S16: return 0x7c;
    case WIT_U16: return 0x7b;
    case WIT_S32: return 0x7a;
    case WIT_U32: return 0x79;
    case WIT_S64: return 0x78;
    case WIT_U64: return 0x77;
    case WIT_F32: return 0x76;
    case WIT_F64: return 0x75;
    case WIT_CHAR: return 0x74;
    case WIT_STRING: return 0x73;
    case WIT_ERROR_CONTEXT: return 0x64;
    case WIT_TYPE_ID: break;
    }
    wit_die("encode: not a primitive");
}

/* Appends `01 <deftype bytes>` to the current scope; returns the new type index. */
static uint32_t define(enc *e, const wit_buf *def)
{
    scope *s = cur(e);
    gen_wasm_byte(&s->body, 0x01);
    wit_buf_append(&s->body, def->data, def->len);
    s->ndecls++;
    return s->ntypes++;
}

/* An extern name as written by current encoders: `00 len bytes`. */
static void put_extern_name(wit_buf *b, const char *name)
{
    gen_wasm_byte(b, 0x00);
    gen_wasm_name(b, name);
}

/* A named type: `export "name" (type (eq idx))`, or `import …` at world level while
 * encoding the world's own types. Always true (kept for the caller's shape). */
static bool export_type(enc *e, uint32_t idx, const char *name, uint32_t *out)
{
    scope *s;
    if (e->in_inner) {
        s = &e->inner;
        gen_wasm_byte(&s->body, 0x04);
    } else {
        s = &e->outer;
        gen_wasm_byte(&s->body, e->import_types ? 0x03 : 0x04);
    }
    put_extern_name(&s->body, name);
    gen_wasm_byte(&s->body, 0x03);
    gen_wasm_byte(&s->body, 0x00);
    gen_wasm_u32(&s->body, idx);
    s->ndecls++;
    *out = s->ntypes++;
    return true;
}

static uint32_t export_resource(enc *e, const char *name)
{
    scope *s = cur(e);
    gen_wasm_byte(&s->body, e->in_inner || !e->import_types ? 0x04 : 0x03);
    put_extern_name(&s->body, name);
    gen_wasm_byte(&s->body, 0x03);
    gen_wasm_byte(&s->body, 0x01);
    s->ndecls++;
    return s->ntypes++;
}

/* A type owned by another interface: alias it out of that interface's instance at
 * world level (once), then into the current instance with `alias outer 1`. */
static int import_type(enc *e, wit_id owner, wit_id id, uint32_t *out)
{
    const wit_typedef *td = &e->r->types[id];
    uint32_t outer_idx = e->outer_type_map[id];
    if (outer_idx == WIT_NONE) {
        uint32_t inst = e->import_map[owner];
        if (inst == WIT_NONE) {
            const char *in = e->r->ifaces[owner].name;
            fail(e, "type `%s` of interface `%s` is used before that interface is imported",
                 td->name ? td->name : "?", in ? in : "<inline>");
            return -1;
        }
        if (!td->name) {
            fail(e, "an anonymous type is owned by an interface");
            return -1;
        }
        wit_buf *b = &e->outer.body;
        gen_wasm_byte(b, 0x02); /* alias declarator */
        gen_wasm_byte(b, 0x03); /* sort: type */
        gen_wasm_byte(b, 0x00); /* export of an instance */
        gen_wasm_u32(b, inst);
        gen_wasm_name(b, td->name);
        e->outer.ndecls++;
        outer_idx = e->outer.ntypes++;
        e->outer_type_map[id] = outer_idx;
    }
    if (!e->in_inner) {
        *out = outer_idx;
        return 0;
    }
    wit_buf *b = &e->inner.body;
    gen_wasm_byte(b, 0x02);
    gen_wasm_byte(b, 0x03);
    gen_wasm_byte(b, 0x02); /* outer */
    gen_wasm_u32(b, 1);
    gen_wasm_u32(b, outer_idx);
    e->inner.ndecls++;
    *out = e->inner.ntypes++;
    return 0;
}

static int encode_valtype(enc *e, wit_type t, vt *out);

static int encode_opt_vt(enc *e, wit_buf *def, bool has, wit_type t)
{
    if (!has) {
        gen_wasm_byte(def, 0x00);
        return 0;
    }
    vt v;
    if (encode_valtype(e, t, &v) < 0)
        return -1;
    gen_wasm_byte(def, 0x01);
    put_vt(def, v);
    return 0;
}

/* Builds the defvaltype of td into *def (encoding the types it refers to first, as
 * wit-component does). Sets *alias_out for `type a = b` (no definition of its own). */
static int build_def(enc *e, const wit_typedef *td, wit_buf *def, bool *is_alias, vt *alias_out)
{
    *is_alias = false;
    switch (td->kind) {
    case WIT_TD_RECORD: {
        vt *vs = wit_malloc((size_t)(td->u.record.n ? td->u.record.n : 1) * sizeof *vs);
        if (!vs) {
            fail(e, "out of memory");
            return -1;
        }
        for (uint32_t i = 0; i < td->u.record.n; i++)
            if (encode_valtype(e, td->u.record.fields[i].type, &vs[i]) < 0) {
                wit_free(vs);
                return -1;
            }
        gen_wasm_byte(def, 0x72);
        gen_wasm_u32(def, td->u.record.n);
        for (uint32_t i = 0; i < td->u.record.n; i++) {
            gen_wasm_name(def, td->u.record.fields[i].name);
            put_vt(def, vs[i]);
        }
        wit_free(vs);
        return 0;
    }
    case WIT_TD_VARIANT: {
        uint32_t n = td->u.variant.n;
        vt *vs = wit_malloc((size_t)(n ? n : 1) * sizeof *vs);
        if (!vs) {
            fail(e, "out of memory");
            return -1;
        }
        for (uint32_t i = 0; i < n; i++)
            if (td->u.variant.cases[i].has_type &&
                encode_valtype(e, td->u.variant.cases[i].type, &vs[i]) < 0) {
                wit_free(vs);
                return -1;
            }
        gen_wasm_byte(def, 0x71);
        gen_wasm_u32(def, n);
        for (uint32_t i = 0; i < n; i++) {
            const wit_case *c = &td->u.variant.cases[i];
            gen_wasm_name(def, c->name);
            if (c->has_type) {
                gen_wasm_byte(def, 0x01);
                put_vt(def, vs[i]);
            } else {
                gen_wasm_byte(def, 0x00);
            }
            gen_wasm_byte(def, 0x00); /* no `refines` */
        }
        wit_free(vs);
        return 0;
    }
    case WIT_TD_ENUM:
    case WIT_TD_FLAGS:
        gen_wasm_byte(def, td->kind == WIT_TD_ENUM ? 0x6d : 0x6e);
        gen_wasm_u32(def, td->u.variant.n);
        for (uint32_t i = 0; i < td->u.variant.n; i++)
            gen_wasm_name(def, td->u.variant.cases[i].name);
        return 0;
    case WIT_TD_TUPLE: {
        uint32_t n = td->u.tuple.n;
        vt *vs = wit_malloc((size_t)(n ? n : 1) * sizeof *vs);
        if (!vs) {
            fail(e, "out of memory");
            return -1;
        }
        for (uint32_t i = 0; i < n; i++)
            if (encode_valtype(e, td->u.tuple.types[i], &vs[i]) < 0) {
                wit_free(vs);
                return -1;
            }
        gen_wasm_byte(def, 0x6f);
        gen_wasm_u32(def, n);
        for (uint32_t i = 0; i < n; i++)
            put_vt(def, vs[i]);
        wit_free(vs);
        return 0;
    }
    case WIT_TD_OPTION:
    case WIT_TD_LIST: {
        vt v;
        if (encode_valtype(e, td->u.elem, &v) < 0)
            return -1;
        gen_wasm_byte(def, td->kind == WIT_TD_OPTION ? 0x6b : 0x70);
        put_vt(def, v);
        return 0;
    }
    case WIT_TD_FIXED_LIST: {
        vt v;
        if (encode_valtype(e, td->u.fixed.elem, &v) < 0)
            return -1;
        gen_wasm_byte(def, 0x67);
        put_vt(def, v);
        gen_wasm_u32(def, td->u.fixed.len);
        return 0;
    }
    case WIT_TD_MAP: {
        vt k, v;
        if (encode_valtype(e, td->u.map.key, &k) < 0 || encode_valtype(e, td->u.map.value, &v) < 0)
            return -1;
        gen_wasm_byte(def, 0x63);
        put_vt(def, k);
        put_vt(def, v);
        return 0;
    }
    case WIT_TD_RESULT: {
        wit_buf tmp = WIT_BUF_INIT;
        int rc = encode_opt_vt(e, &tmp, td->u.result.has_ok, td->u.result.ok);
        if (rc == 0)
            rc = encode_opt_vt(e, &tmp, td->u.result.has_err, td->u.result.err);
        gen_wasm_byte(def, 0x6a);
        wit_buf_append(def, tmp.data, tmp.len);
        if (tmp.oom)
            def->oom = true;
        wit_buf_free(&tmp);
        return rc;
    }
    case WIT_TD_FUTURE:
    case WIT_TD_STREAM: {
        wit_buf tmp = WIT_BUF_INIT;
        int rc = encode_opt_vt(e, &tmp, td->u.async.has, td->u.async.elem);
        gen_wasm_byte(def, td->kind == WIT_TD_FUTURE ? 0x65 : 0x66);
        wit_buf_append(def, tmp.data, tmp.len);
        if (tmp.oom)
            def->oom = true;
        wit_buf_free(&tmp);
        return rc;
    }
    case WIT_TD_HANDLE: {
        vt v;
        wit_type rt = {WIT_TYPE_ID, td->u.handle.resource};
        if (encode_valtype(e, rt, &v) < 0)
            return -1;
        if (v.is_prim) {
            fail(e, "a handle does not name a resource");
            return -1;
        }
        gen_wasm_byte(def, td->u.handle.borrow ? 0x68 : 0x69);
        gen_wasm_u32(def, v.idx);
        return 0;
    }
    case WIT_TD_ALIAS:
        *is_alias = true;
        return encode_valtype(e, td->u.elem, alias_out);
    case WIT_TD_RESOURCE:
    case WIT_TD_UNKNOWN:
        break;
    }
    fail(e, "type `%s` cannot be encoded", td->name ? td->name : "<anonymous>");
    return -1;
}

/* wit-component's ValtypeEncoder::encode_valtype. */
static int encode_valtype(enc *e, wit_type t, vt *out)
{
    memset(out, 0, sizeof *out);
    if (t.prim != WIT_TYPE_ID) {
        out->is_prim = true;
        out->prim = prim_byte(t.prim);
        return 0;
    }
    wit_id id = t.id;
    if (id >= e->r->ntypes) {
        fail(e, "type index %u out of range", (unsigned)id);
        return -1;
    }
    scope *s = cur(e);
    if (s->type_map[id] != WIT_NONE) {
        out->idx = s->type_map[id];
        return 0;
    }
    const wit_typedef *td = &e->r->types[id];
    if (td->owner.kind == WIT_OWNER_INTERFACE && td->owner.id != e->iface) {
        if (import_type(e, td->owner.id, id, &out->idx) < 0)
            return -1;
        cur(e)->type_map[id] = out->idx;
        return 0;
    }
    if (td->kind == WIT_TD_RESOURCE) {
        if (!td->name) {
            fail(e, "anonymous resource");
            return -1;
        }
        out->idx = export_resource(e, td->name);
        cur(e)->type_map[id] = out->idx;
        return 0;
    }
    wit_buf def = WIT_BUF_INIT;
    bool is_alias;
    int rc = build_def(e, td, &def, &is_alias, out);
    if (rc < 0)
        goto done;
    if (def.oom) {
        fail(e, "out of memory");
        rc = -1;
        goto done;
    }
    if (!is_alias) {
        s = cur(e);
        uint32_t idx;
        if (td->name) {
            idx = define(e, &def);
        } else if (!bm_get(&s->anon, def.data, def.len, &idx)) {
            idx = define(e, &def);
            bm_put(&s->anon, def.data, def.len, idx);
        }
        out->is_prim = false;
        out->idx = idx;
    }
    if (td->name) {
        if (out->is_prim) {
            wit_buf_reset(&def);
            gen_wasm_byte(&def, out->prim);
            out->is_prim = false;
            out->idx = define(e, &def);
        }
        uint32_t exported;
        if (export_type(e, out->idx, td->name, &exported))
            out->idx = exported;
    }
    if (!out->is_prim)
        cur(e)->type_map[id] = out->idx;
done:
    wit_buf_free(&def);
    return rc;
}

static bool func_is_async(const wit_func *f)
{
    return f->kind == WIT_FN_ASYNC_FREESTANDING || f->kind == WIT_FN_ASYNC_METHOD ||
           f->kind == WIT_FN_ASYNC_STATIC;
}

/* wit-component's encode_func_type: params, then result, then the (deduplicated) type. */
static int encode_func_type(enc *e, const wit_func *f, uint32_t *out)
{
    int rc = -1;
    wit_buf def = WIT_BUF_INIT;
    vt *ps = wit_malloc((size_t)(f->nparams ? f->nparams : 1) * sizeof *ps);
    vt res;
    if (!ps) {
        fail(e, "out of memory");
        goto done;
    }
    for (uint32_t i = 0; i < f->nparams; i++)
        if (encode_valtype(e, f->params[i].type, &ps[i]) < 0)
            goto done;
    if (f->has_result && encode_valtype(e, f->result, &res) < 0)
        goto done;
    gen_wasm_byte(&def, func_is_async(f) ? 0x43 : 0x40);
    gen_wasm_u32(&def, f->nparams);
    for (uint32_t i = 0; i < f->nparams; i++) {
        gen_wasm_name(&def, f->params[i].name);
        put_vt(&def, ps[i]);
    }
    if (f->has_result) {
        gen_wasm_byte(&def, 0x00);
        put_vt(&def, res);
    } else {
        gen_wasm_byte(&def, 0x01);
        gen_wasm_byte(&def, 0x00);
    }
    if (def.oom) {
        fail(e, "out of memory");
        goto done;
    }
    scope *s = cur(e);
    if (!bm_get(&s->funcs, def.data, def.len, out)) {
        *out = define(e, &def);
        bm_put(&s->funcs, def.data, def.len, *out);
    }
    rc = 0;
done:
    wit_free(ps);
    wit_buf_free(&def);
    return rc;
}

static int push_instance(enc *e)
{
    e->in_inner = true;
    return scope_init(e, &e->inner);
}

/* Closes the instance scope: defines `(type (instance …))` at world level. */
static uint32_t pop_instance(enc *e)
{
    wit_buf def = WIT_BUF_INIT;
    gen_wasm_byte(&def, 0x42);
    gen_wasm_u32(&def, e->inner.ndecls);
    wit_buf_append(&def, e->inner.body.data, e->inner.body.len);
    if (scope_oom(&e->inner))
        def.oom = true;
    scope_free(&e->inner);
    e->in_inner = false;
    if (def.oom)
        fail(e, "out of memory");
    uint32_t idx = define(e, &def);
    wit_buf_free(&def);
    return idx;
}

typedef struct func_ord {
    uint32_t key, pos;
} func_ord;

static int cmp_func_ord(const void *a, const void *b)
{
    const func_ord *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* wit-component's encode_instance: all types in order, then the functions, those of
 * resources first (in the order the resources were declared), then free ones. */
static int encode_instance(enc *e, wit_id iface_id, uint32_t *out)
{
    const wit_iface *ifc = &e->r->ifaces[iface_id];
    func_ord *ord = NULL;
    if (push_instance(e) < 0)
        return -1;
    for (uint32_t i = 0; i < ifc->ntypes; i++) {
        vt v;
        wit_type t = {WIT_TYPE_ID, ifc->types[i].id};
        if (encode_valtype(e, t, &v) < 0)
            goto fail_;
    }
    ord = wit_malloc((size_t)(ifc->nfuncs ? ifc->nfuncs : 1) * sizeof *ord);
    if (!ord) {
        fail(e, "out of memory");
        goto fail_;
    }
    for (uint32_t i = 0; i < ifc->nfuncs; i++) {
        const wit_func *f = &ifc->funcs[i];
        ord[i].pos = i;
        ord[i].key = ifc->ntypes;
        if (f->kind != WIT_FN_FREESTANDING && f->kind != WIT_FN_ASYNC_FREESTANDING)
            for (uint32_t j = 0; j < ifc->ntypes; j++)
                if (ifc->types[j].id == f->resource) {
                    ord[i].key = j;
                    break;
                }
    }
    qsort(ord, ifc->nfuncs, sizeof *ord, cmp_func_ord);
    for (uint32_t i = 0; i < ifc->nfuncs; i++) {
        const wit_func *f = &ifc->funcs[ord[i].pos];
        uint32_t ft;
        if (encode_func_type(e, f, &ft) < 0)
            goto fail_;
        wit_buf *b = &e->inner.body;
        gen_wasm_byte(b, 0x04);
        put_extern_name(b, f->name);
        gen_wasm_byte(b, 0x01);
        gen_wasm_u32(b, ft);
        e->inner.ndecls++;
    }
    wit_free(ord);
    *out = pop_instance(e);
    e->import_map[iface_id] = e->instances++;
    return e->failed ? -1 : 0;
fail_:
    wit_free(ord);
    scope_free(&e->inner);
    e->in_inner = false;
    return -1;
}

static void put_key_name(wit_buf *b, const wit_resolve *r, const wit_world_key *k)
{
    if (k->kind == WIT_KEY_NAME) {
        wit_buf_puts(b, k->name);
    } else {
        const wit_iface *i = &r->ifaces[k->iface];
        if (i->package == WIT_NONE || !i->name)
            wit_buf_puts(b, "?");
        else
            put_qualified(b, r, i->package, i->name);
    }
}

/* One world item as `import`/`export` of the world's component type. */
static int encode_world_item(enc *e, const wit_world_item *it, bool import)
{
    uint8_t kind;
    uint32_t idx;
    switch (it->kind) {
    case WIT_ITEM_INTERFACE:
        if (it->id >= e->r->nifaces) {
            fail(e, "interface index out of range");
            return -1;
        }
        e->iface = it->id;
        if (encode_instance(e, it->id, &idx) < 0)
            return -1;
        kind = 0x05;
        break;
    case WIT_ITEM_FUNCTION:
        e->iface = WIT_NONE;
        if (encode_func_type(e, &it->func, &idx) < 0)
            return -1;
        kind = 0x01;
        break;
    case WIT_ITEM_TYPE: {
        if (!import) {
            fail(e, "a world cannot export a type");
            return -1;
        }
        vt v;
        wit_type t = {WIT_TYPE_ID, it->id};
        e->iface = WIT_NONE;
        e->import_types = true;
        int rc = encode_valtype(e, t, &v);
        e->import_types = false;
        return rc;
    }
    default:
        fail(e, "bad world item");
        return -1;
    }
    wit_buf name = WIT_BUF_INIT;
    put_key_name(&name, e->r, &it->key);
    wit_buf *b = &e->outer.body;
    gen_wasm_byte(b, import ? 0x03 : 0x04);
    const wit_iface *ifc = it->kind == WIT_ITEM_INTERFACE ? &e->r->ifaces[it->id] : NULL;
    if (ifc && it->key.kind == WIT_KEY_NAME && ifc->name && ifc->package != WIT_NONE) {
        /* `import p: ns:pkg/i;` — the name carries an `implements` attribute */
        wit_buf impl = WIT_BUF_INIT;
        put_qualified(&impl, e->r, ifc->package, ifc->name);
        gen_wasm_byte(b, 0x02);
        gen_wasm_u32(b, (uint32_t)name.len);
        wit_buf_append(b, name.data, name.len);
        gen_wasm_u32(b, 1);
        gen_wasm_byte(b, 0x00);
        gen_wasm_u32(b, (uint32_t)impl.len);
        wit_buf_append(b, impl.data, impl.len);
        if (impl.oom)
            b->oom = true;
        wit_buf_free(&impl);
    } else {
        gen_wasm_byte(b, 0x00);
        gen_wasm_u32(b, (uint32_t)name.len);
        wit_buf_append(b, name.data, name.len);
    }
    gen_wasm_byte(b, kind);
    gen_wasm_u32(b, idx);
    e->outer.ndecls++;
    if (name.oom)
        fail(e, "out of memory");
    wit_buf_free(&name);
    return e->failed ? -1 : 0;
}

/* Appends `41 n decls` of the scope. */
static int finish_component(enc *e, wit_buf *out)
{
    if (scope_oom(&e->outer)) {
        fail(e, "out of memory");
        return -1;
    }
    gen_wasm_byte(out, 0x41);
    gen_wasm_u32(out, e->outer.ndecls);
    wit_buf_append(out, e->outer.body.data, e->outer.body.len);
    return out->oom ? (fail(e, "out of memory"), -1) : 0;
}

static int world_type(const wit_resolve *r, wit_id world, char *err, wit_buf *out)
{
    enc e;
    int rc = -1;
    if (enc_init(&e, r, err) < 0)
        goto done;
    if (world >= r->nworlds) {
        fail(&e, "world index out of range");
        goto done;
    }
    const wit_world *w = &r->worlds[world];
    for (uint32_t i = 0; i < w->nimports; i++)
        if (encode_world_item(&e, &w->imports[i], true) < 0)
            goto done;
    for (uint32_t i = 0; i < w->nexports; i++)
        if (encode_world_item(&e, &w->exports[i], false) < 0)
            goto done;
    rc = finish_component(&e, out);
done:
    enc_free(&e);
    return rc;
}

int gen_encode_world_type(const wit_resolve *r, wit_id world, gen_encode_opts *opts, wit_buf *out)
{
    return world_type(r, world, opts ? opts->err : NULL, out);
}

/* `(component (type <world>) (export "ns:pkg/W@v" (component (type 0))))` */
static int world_wrapper(const wit_resolve *r, wit_id world, char *err, wit_buf *out)
{
    wit_buf inner = WIT_BUF_INIT, name = WIT_BUF_INIT;
    int rc = world_type(r, world, err, &inner);
    if (rc < 0)
        goto done;
    const wit_world *w = &r->worlds[world];
    if (w->package == WIT_NONE || w->package >= r->npackages) {
        if (err)
            snprintf(err, 256, "world `%s` has no package", w->name);
        rc = -1;
        goto done;
    }
    put_qualified(&name, r, w->package, w->name);
    gen_wasm_byte(out, 0x41);
    gen_wasm_u32(out, 2);
    gen_wasm_byte(out, 0x01);
    wit_buf_append(out, inner.data, inner.len);
    gen_wasm_byte(out, 0x04);
    gen_wasm_byte(out, 0x00);
    gen_wasm_u32(out, (uint32_t)name.len);
    wit_buf_append(out, name.data, name.len);
    gen_wasm_byte(out, 0x04);
    gen_wasm_byte(out, 0x00);
    if (name.oom || out->oom) {
        if (err)
            snprintf(err, 256, "out of memory");
        rc = -1;
    }
done:
    wit_buf_free(&inner);
    wit_buf_free(&name);
    return rc;
}

static void put_producers(wit_buf *out, const gen_encode_opts *opts)
{
    static const char *const dflt[] = {"wit-component", GEN_ENCODE_WIT_COMPONENT_VERSION};
    if (opts && opts->nproducers)
        gen_wasm_producers(out, opts->producers, opts->nproducers);
    else
        gen_wasm_producers(out, dflt, 1);
}

/* export `name` = type idx, no ascription, as one item of an export section. */
static void put_type_export(gen_wasm_sections *secs, const char *name, uint32_t idx)
{
    wit_buf *it = gen_wasm_sections_item(secs, GEN_WASM_SEC_COMPONENT_EXPORT);
    put_extern_name(it, name);
    gen_wasm_byte(it, 0x03);
    gen_wasm_u32(it, idx);
    gen_wasm_byte(it, 0x00);
}

/* A component type (bytes in ty) as one item of a type section. */
static void put_type(gen_wasm_sections *secs, const wit_buf *ty)
{
    wit_buf *it = gen_wasm_sections_item(secs, GEN_WASM_SEC_COMPONENT_TYPE);
    wit_buf_append(it, ty->data, ty->len);
    if (ty->oom)
        it->oom = true;
}

int gen_encode_world(const wit_resolve *r, wit_id world, gen_encode_opts *opts, wit_buf *out)
{
    char *err = opts ? opts->err : NULL;
    wit_buf ty = WIT_BUF_INIT;
    int rc = world_wrapper(r, world, err, &ty);
    if (rc < 0)
        goto done;
    gen_wasm_component_preamble(out);
    uint8_t enc_data[2] = {4, (uint8_t)(opts ? opts->string_encoding : GEN_STRING_UTF8)};
    gen_wasm_custom(out, "wit-component-encoding", enc_data, 2);
    gen_wasm_sections secs;
    gen_wasm_sections_init(&secs, out);
    put_type(&secs, &ty);
    put_type_export(&secs, r->worlds[world].name, 0);
    gen_wasm_sections_finish(&secs);
    put_producers(out, opts);
    if (out->oom) {
        if (err)
            snprintf(err, 256, "out of memory");
        rc = -1;
    }
done:
    wit_buf_free(&ty);
    return rc;
}

char *gen_encode_section_name(const wit_resolve *r, wit_id world)
{
    wit_buf b = WIT_BUF_INIT;
    wit_buf_printf(&b, "component-type:%s", r->worlds[world].name);
    return wit_buf_detach(&b, NULL);
}

/* ---- packages ---- */

/* The interface that type `id` is `use`d from, or WIT_NONE (Resolve::type_interface_dep). */
static wit_id type_iface_dep(const wit_resolve *r, wit_id id)
{
    const wit_typedef *td = &r->types[id];
    if (td->kind != WIT_TD_ALIAS || td->u.elem.prim != WIT_TYPE_ID)
        return WIT_NONE;
    const wit_typedef *o = &r->types[td->u.elem.id];
    if (o->owner.kind == td->owner.kind && o->owner.id == td->owner.id)
        return WIT_NONE;
    return o->owner.kind == WIT_OWNER_INTERFACE ? o->owner.id : WIT_NONE;
}

/* Depth-first: an interface after everything it `use`s (add_live_interfaces). */
static void add_live(const wit_resolve *r, wit_id id, wit_id *list, uint32_t *n, bool *seen)
{
    if (seen[id])
        return;
    const wit_iface *ifc = &r->ifaces[id];
    for (uint32_t i = 0; i < ifc->ntypes; i++) {
        wit_id d = type_iface_dep(r, ifc->types[i].id);
        if (d != WIT_NONE)
            add_live(r, d, list, n, seen);
    }
    if (!seen[id]) {
        seen[id] = true;
        list[(*n)++] = id;
    }
}

static int encode_interface_component(const wit_resolve *r, wit_id id, char *err, wit_buf *out)
{
    enc e;
    int rc = -1;
    wit_id *list = NULL;
    bool *seen = NULL;
    wit_buf name = WIT_BUF_INIT;
    if (enc_init(&e, r, err) < 0)
        goto done;
    list = wit_malloc((size_t)(r->nifaces + 1) * sizeof *list);
    seen = wit_calloc(r->nifaces + 1, sizeof *seen);
    if (!list || !seen) {
        fail(&e, "out of memory");
        goto done;
    }
    uint32_t n = 0;
    add_live(r, id, list, &n, seen);
    for (uint32_t k = 0; k < n; k++) {
        wit_id i = list[k];
        const wit_iface *ifc = &r->ifaces[i];
        uint32_t idx;
        e.iface = i;
        wit_buf_reset(&name);
        if (ifc->package == WIT_NONE || !ifc->name) {
            fail(&e, "an inline interface cannot be a dependency");
            goto done;
        }
        put_qualified(&name, r, ifc->package, ifc->name);
        if (i == id) {
            if (encode_instance(&e, i, &idx) < 0)
                goto done;
            gen_wasm_byte(&e.outer.body, 0x04);
        } else {
            if (push_instance(&e) < 0)
                goto done;
            for (uint32_t t = 0; t < ifc->ntypes; t++) {
                vt v;
                wit_type ty = {WIT_TYPE_ID, ifc->types[t].id};
                if (encode_valtype(&e, ty, &v) < 0) {
                    scope_free(&e.inner);
                    e.in_inner = false;
                    goto done;
                }
            }
            idx = pop_instance(&e);
            e.import_map[i] = e.instances++;
            gen_wasm_byte(&e.outer.body, 0x03);
        }
        gen_wasm_byte(&e.outer.body, 0x00);
        gen_wasm_u32(&e.outer.body, (uint32_t)name.len);
        wit_buf_append(&e.outer.body, name.data, name.len);
        gen_wasm_byte(&e.outer.body, 0x05);
        gen_wasm_u32(&e.outer.body, idx);
        e.outer.ndecls++;
    }
    if (e.failed || name.oom)
        goto done;
    rc = finish_component(&e, out);
done:
    if (rc < 0 && !e.failed && err)
        snprintf(err, 256, "out of memory");
    wit_free(list);
    wit_free(seen);
    wit_buf_free(&name);
    enc_free(&e);
    return rc;
}

/* package-docs: format 1 + JSON. See pkgdocs() below. */
static void put_package_docs(wit_buf *out, const wit_resolve *r, wit_id pkg);

int gen_encode_package(const wit_resolve *r, wit_id pkg, gen_encode_opts *opts, wit_buf *out)
{
    char *err = opts ? opts->err : NULL;
    int rc = -1;
    wit_buf ty = WIT_BUF_INIT;
    if (pkg >= r->npackages) {
        if (err)
            snprintf(err, 256, "package index out of range");
        return -1;
    }
    const wit_package *p = &r->packages[pkg];
    uint32_t ntypes = 0; /* the top-level type index space: each type, then its export */
    gen_wasm_sections secs;
    gen_wasm_sections_init(&secs, out);
    gen_wasm_component_preamble(out);
    for (uint32_t i = 0; i < p->nifaces; i++) {
        wit_buf_reset(&ty);
        if (encode_interface_component(r, p->ifaces[i].id, err, &ty) < 0)
            goto done;
        put_type(&secs, &ty);
        put_type_export(&secs, p->ifaces[i].name, ntypes);
        ntypes += 2;
    }
    for (uint32_t i = 0; i < p->nworlds; i++) {
        wit_buf_reset(&ty);
        if (world_wrapper(r, p->worlds[i].id, err, &ty) < 0)
            goto done;
        put_type(&secs, &ty);
        put_type_export(&secs, p->worlds[i].name, ntypes);
        ntypes += 2;
    }
    gen_wasm_sections_finish(&secs);
    put_package_docs(out, r, pkg);
    put_producers(out, opts);
    if (out->oom || ty.oom) {
        if (err)
            snprintf(err, 256, "out of memory");
        goto done;
    }
    rc = 0;
done:
    gen_wasm_sections_finish(&secs); /* no-op after the first call; frees on failure */
    wit_buf_free(&ty);
    return rc;
}

/* ---- package-docs: format byte 1 + JSON, as wit-parser's PackageMetadata serialises
 * it with serde_json (fields in declaration order, empty ones left out, maps in
 * insertion order). Each writer below appends `,"key":value` or nothing. ---- */

static void json_str(wit_buf *b, const char *s)
{
    wit_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': wit_buf_puts(b, "\\\""); break;
        case '\\': wit_buf_puts(b, "\\\\"); break;
        case '\n': wit_buf_puts(b, "\\n"); break;
        case '\r': wit_buf_puts(b, "\\r"); break;
        case '\t': wit_buf_puts(b, "\\t"); break;
        case '\b': wit_buf_puts(b, "\\b"); break;
        case '\f': wit_buf_puts(b, "\\f"); break;
        default:
            if (*p < 0x20)
                wit_buf_printf(b, "\\u%04x", *p);
            else
                wit_buf_putc(b, (char)*p);
        }
    }
    wit_buf_putc(b, '"');
}

/* Opens `{` or writes `,` before the next member of an object being built in b. */
static void json_key(wit_buf *b, bool *first, const char *key)
{
    wit_buf_putc(b, *first ? '{' : ',');
    *first = false;
    json_str(b, key);
    wit_buf_putc(b, ':');
}

/* Closes an object: `}` when a member was written, else nothing was written at all. */
static bool json_close(wit_buf *b, bool first)
{
    if (first)
        return false;
    wit_buf_putc(b, '}');
    return true;
}

static bool stab_known(const wit_stability *s)
{
    return s->kind != WIT_STAB_UNKNOWN;
}

static void json_stab(wit_buf *b, const wit_stability *s)
{
    if (s->kind == WIT_STAB_STABLE) {
        wit_buf_puts(b, "{\"stable\":{\"since\":");
        json_str(b, s->since ? s->since : "");
    } else {
        wit_buf_puts(b, "{\"unstable\":{\"feature\":");
        json_str(b, s->feature ? s->feature : "");
    }
    if (s->deprecated) {
        wit_buf_puts(b, ",\"deprecated\":");
        json_str(b, s->deprecated);
    }
    wit_buf_puts(b, "}}");
}

/* docs + stability members; returns whether any was written. */
static void json_docs_stab(wit_buf *b, bool *first, const wit_docs *d, const wit_stability *s)
{
    if (d->contents) {
        json_key(b, first, "docs");
        json_str(b, d->contents);
    }
    if (stab_known(s)) {
        json_key(b, first, "stability");
        json_stab(b, s);
    }
}

/* Writes `value` of a map member into b only when non-empty: helpers return false
 * and leave b untouched otherwise. */
static bool func_meta(wit_buf *b, const wit_func *f)
{
    bool first = true;
    json_docs_stab(b, &first, &f->docs, &f->stability);
    return json_close(b, first);
}

static bool type_meta(wit_buf *b, const wit_typedef *td)
{
    bool first = true;
    json_docs_stab(b, &first, &td->docs, &td->stability);
    bool items_first = true;
    wit_buf items = WIT_BUF_INIT;
    if (td->kind == WIT_TD_RECORD) {
        for (uint32_t i = 0; i < td->u.record.n; i++)
            if (td->u.record.fields[i].docs.contents) {
                json_key(&items, &items_first, td->u.record.fields[i].name);
                json_str(&items, td->u.record.fields[i].docs.contents);
            }
    } else if (td->kind == WIT_TD_VARIANT || td->kind == WIT_TD_ENUM || td->kind == WIT_TD_FLAGS) {
        for (uint32_t i = 0; i < td->u.variant.n; i++)
            if (td->u.variant.cases[i].docs.contents) {
                json_key(&items, &items_first, td->u.variant.cases[i].name);
                json_str(&items, td->u.variant.cases[i].docs.contents);
            }
    }
    if (json_close(&items, items_first)) {
        json_key(b, &first, "items");
        wit_buf_append(b, items.data, items.len);
        if (items.oom)
            b->oom = true;
    }
    wit_buf_free(&items);
    return json_close(b, first);
}

/* A member `"key":<value>` whose value is written by fn only when non-empty. */
typedef bool (*meta_fn)(wit_buf *, const void *, const wit_resolve *);

static void map_member(wit_buf *map, bool *map_first, const char *key, const wit_resolve *r,
                       meta_fn fn, const void *item)
{
    wit_buf v = WIT_BUF_INIT;
    if (fn(&v, item, r)) {
        json_key(map, map_first, key);
        wit_buf_append(map, v.data, v.len);
    }
    if (v.oom)
        map->oom = true;
    wit_buf_free(&v);
}

static bool func_meta_fn(wit_buf *b, const void *f, const wit_resolve *r)
{
    (void)r;
    return func_meta(b, f);
}

static bool type_meta_fn(wit_buf *b, const void *id, const wit_resolve *r)
{
    return type_meta(b, &r->types[*(const wit_id *)id]);
}

/* Ends a nested map: appends `"key":{…}` to the parent when the map is non-empty. */
static void end_map(wit_buf *parent, bool *parent_first, const char *key, wit_buf *map, bool map_first)
{
    if (json_close(map, map_first)) {
        json_key(parent, parent_first, key);
        wit_buf_append(parent, map->data, map->len);
    }
    if (map->oom)
        parent->oom = true;
    wit_buf_free(map);
}

static bool iface_meta(wit_buf *b, const void *ip, const wit_resolve *r)
{
    const wit_iface *ifc = ip;
    bool first = true;
    json_docs_stab(b, &first, &ifc->docs, &ifc->stability);
    wit_buf funcs = WIT_BUF_INIT, types = WIT_BUF_INIT;
    bool ff = true, tf = true;
    for (uint32_t i = 0; i < ifc->nfuncs; i++)
        map_member(&funcs, &ff, ifc->funcs[i].name, r, func_meta_fn, &ifc->funcs[i]);
    end_map(b, &first, "funcs", &funcs, ff);
    for (uint32_t i = 0; i < ifc->ntypes; i++)
        map_member(&types, &tf, ifc->types[i].name, r, type_meta_fn, &ifc->types[i].id);
    end_map(b, &first, "types", &types, tf);
    return json_close(b, first);
}

static bool world_meta(wit_buf *b, const void *wp, const wit_resolve *r)
{
    const wit_world *w = wp;
    bool first = true;
    json_docs_stab(b, &first, &w->docs, &w->stability);
    enum { IFACES, TYPES, FUNCS, IFACE_EXPORTS, FUNC_EXPORTS, IMP_STAB, EXP_STAB, IMP_DOCS, EXP_DOCS, NMAPS };
    static const char *const keys[NMAPS] = {"interfaces", "types", "funcs", "interface_exports",
                                            "func_exports", "interface_import_stability",
                                            "interface_export_stability", "interface_import_docs",
                                            "interface_export_docs"};
    wit_buf maps[NMAPS];
    bool mf[NMAPS];
    for (int i = 0; i < NMAPS; i++) {
        wit_buf_init(&maps[i]);
        mf[i] = true;
    }
    for (int pass = 0; pass < 2; pass++) {
        bool import = pass == 0;
        const wit_world_item *items = import ? w->imports : w->exports;
        uint32_t n = import ? w->nimports : w->nexports;
        for (uint32_t i = 0; i < n; i++) {
            const wit_world_item *it = &items[i];
            bool inline_iface = it->kind == WIT_ITEM_INTERFACE && it->key.kind == WIT_KEY_NAME &&
                                !r->ifaces[it->id].name;
            if (it->kind == WIT_ITEM_INTERFACE && !inline_iface) {
                wit_buf name = WIT_BUF_INIT;
                put_key_name(&name, r, &it->key);
                if (name.data && stab_known(&it->stability)) {
                    int m = import ? IMP_STAB : EXP_STAB;
                    json_key(&maps[m], &mf[m], name.data);
                    json_stab(&maps[m], &it->stability);
                }
                if (name.data && it->docs.contents) {
                    int m = import ? IMP_DOCS : EXP_DOCS;
                    json_key(&maps[m], &mf[m], name.data);
                    json_str(&maps[m], it->docs.contents);
                }
                wit_buf_free(&name);
                continue;
            }
            if (it->key.kind != WIT_KEY_NAME)
                continue;
            switch (it->kind) {
            case WIT_ITEM_INTERFACE: {
                int m = import ? IFACES : IFACE_EXPORTS;
                map_member(&maps[m], &mf[m], it->key.name, r, iface_meta, &r->ifaces[it->id]);
                break;
            }
            case WIT_ITEM_TYPE:
                map_member(&maps[TYPES], &mf[TYPES], it->key.name, r, type_meta_fn, &it->id);
                break;
            case WIT_ITEM_FUNCTION: {
                int m = import ? FUNCS : FUNC_EXPORTS;
                map_member(&maps[m], &mf[m], it->key.name, r, func_meta_fn, &it->func);
                break;
            }
            }
        }
    }
    for (int i = 0; i < NMAPS; i++)
        end_map(b, &first, keys[i], &maps[i], mf[i]);
    return json_close(b, first);
}

static void put_package_docs(wit_buf *out, const wit_resolve *r, wit_id pkg)
{
    const wit_package *p = &r->packages[pkg];
    wit_buf j = WIT_BUF_INIT, worlds = WIT_BUF_INIT, ifaces = WIT_BUF_INIT;
    bool first = true, wf = true, inf = true;
    wit_buf_putc(&j, 0x01);
    if (p->docs.contents) {
        json_key(&j, &first, "docs");
        json_str(&j, p->docs.contents);
    }
    for (uint32_t i = 0; i < p->nworlds; i++)
        map_member(&worlds, &wf, p->worlds[i].name, r, world_meta, &r->worlds[p->worlds[i].id]);
    end_map(&j, &first, "worlds", &worlds, wf);
    for (uint32_t i = 0; i < p->nifaces; i++)
        map_member(&ifaces, &inf, p->ifaces[i].name, r, iface_meta, &r->ifaces[p->ifaces[i].id]);
    end_map(&j, &first, "interfaces", &ifaces, inf);
    if (!json_close(&j, first))
        wit_buf_puts(&j, "{}");
    gen_wasm_custom(out, "package-docs", j.data, j.len);
    if (j.oom)
        out->oom = true;
    wit_buf_free(&j);
}
