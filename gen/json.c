/* The Resolve as JSON in wit-parser's schema.
 *
 * Two steps: build a cJSON tree whose objects hold their keys in the order wit-parser's
 * serde derive emits the struct fields (cJSON keeps insertion order), then print that
 * tree with our own serializer, because cJSON's printer formats differently from
 * serde_json's PrettyFormatter and exact textual equality with `.wit.json` files is
 * the goal. Optional fields follow serde's skip rules: `docs` when there are no
 * contents, `stability` when unknown, a function's `result` when absent, `deprecated`
 * when unset. */
#include "json.h"

#include <string.h>

typedef struct ctx {
    const wit_resolve *r;
    bool oom;
} ctx;

static void *hook_malloc(size_t n)
{
    return wit_malloc(n);
}

static void hook_free(void *p)
{
    wit_free(p);
}

static void install_hooks(void)
{
    static bool done;
    if (!done) {
        cJSON_Hooks h = {hook_malloc, hook_free};
        cJSON_InitHooks(&h);
        done = true;
    }
}

/* Adds v under key k; records OOM (and drops v) when anything failed. */
static void put(ctx *c, cJSON *o, const char *k, cJSON *v)
{
    if (!o || !v || !cJSON_AddItemToObject(o, k, v)) {
        cJSON_Delete(v);
        c->oom = true;
    }
}

static void push(ctx *c, cJSON *a, cJSON *v)
{
    if (!a || !v || !cJSON_AddItemToArray(a, v)) {
        cJSON_Delete(v);
        c->oom = true;
    }
}

static cJSON *str(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *num(uint64_t n)
{
    return cJSON_CreateNumber((double)n);
}

static cJSON *type_ref(wit_type t)
{
    if (t.prim == WIT_TYPE_ID)
        return num(t.id);
    return cJSON_CreateString(wit_prim_name(t.prim));
}

static cJSON *opt_type(bool has, wit_type t)
{
    return has ? type_ref(t) : cJSON_CreateNull();
}

static void put_docs(ctx *c, cJSON *o, wit_docs d)
{
    if (!d.contents)
        return;
    cJSON *docs = cJSON_CreateObject();
    put(c, docs, "contents", str(d.contents));
    put(c, o, "docs", docs);
}

static void put_stability(ctx *c, cJSON *o, const wit_stability *s)
{
    if (s->kind == WIT_STAB_UNKNOWN)
        return;
    cJSON *outer = cJSON_CreateObject();
    cJSON *inner = cJSON_CreateObject();
    if (s->kind == WIT_STAB_STABLE)
        put(c, inner, "since", str(s->since));
    else
        put(c, inner, "feature", str(s->feature));
    if (s->deprecated)
        put(c, inner, "deprecated", str(s->deprecated));
    put(c, outer, s->kind == WIT_STAB_STABLE ? "stable" : "unstable", inner);
    put(c, o, "stability", outer);
}

static cJSON *owner_json(ctx *c, wit_owner ow)
{
    if (ow.kind == WIT_OWNER_NONE)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    put(c, o, ow.kind == WIT_OWNER_INTERFACE ? "interface" : "world", num(ow.id));
    return o;
}

static cJSON *one(ctx *c, const char *key, cJSON *v)
{
    cJSON *o = cJSON_CreateObject();
    put(c, o, key, v);
    return o;
}

static cJSON *pair(ctx *c, cJSON *a, cJSON *b)
{
    cJSON *arr = cJSON_CreateArray();
    push(c, arr, a);
    push(c, arr, b);
    return arr;
}

static cJSON *kind_json(ctx *c, const wit_typedef *t)
{
    switch (t->kind) {
    case WIT_TD_RESOURCE:
        return cJSON_CreateString("resource");
    case WIT_TD_ALIAS:
        return one(c, "type", type_ref(t->u.elem));
    case WIT_TD_LIST:
        return one(c, "list", type_ref(t->u.elem));
    case WIT_TD_OPTION:
        return one(c, "option", type_ref(t->u.elem));
    case WIT_TD_FUTURE:
        return one(c, "future", opt_type(t->u.async.has, t->u.async.elem));
    case WIT_TD_STREAM:
        return one(c, "stream", opt_type(t->u.async.has, t->u.async.elem));
    case WIT_TD_MAP:
        return one(c, "map", pair(c, type_ref(t->u.map.key), type_ref(t->u.map.value)));
    case WIT_TD_FIXED_LIST:
        return one(c, "fixed-length-list", pair(c, type_ref(t->u.fixed.elem), num(t->u.fixed.len)));
    case WIT_TD_HANDLE:
        return one(c, "handle", one(c, t->u.handle.borrow ? "borrow" : "own", num(t->u.handle.resource)));
    case WIT_TD_RESULT: {
        cJSON *o = cJSON_CreateObject();
        put(c, o, "ok", opt_type(t->u.result.has_ok, t->u.result.ok));
        put(c, o, "err", opt_type(t->u.result.has_err, t->u.result.err));
        return one(c, "result", o);
    }
    case WIT_TD_TUPLE: {
        cJSON *arr = cJSON_CreateArray();
        for (uint32_t i = 0; i < t->u.tuple.n; i++)
            push(c, arr, type_ref(t->u.tuple.types[i]));
        return one(c, "tuple", one(c, "types", arr));
    }
    case WIT_TD_RECORD: {
        cJSON *arr = cJSON_CreateArray();
        for (uint32_t i = 0; i < t->u.record.n; i++) {
            const wit_field *f = &t->u.record.fields[i];
            cJSON *o = cJSON_CreateObject();
            put(c, o, "name", str(f->name));
            put(c, o, "type", type_ref(f->type));
            put_docs(c, o, f->docs);
            push(c, arr, o);
        }
        return one(c, "record", one(c, "fields", arr));
    }
    case WIT_TD_VARIANT:
    case WIT_TD_ENUM:
    case WIT_TD_FLAGS: {
        cJSON *arr = cJSON_CreateArray();
        for (uint32_t i = 0; i < t->u.variant.n; i++) {
            const wit_case *k = &t->u.variant.cases[i];
            cJSON *o = cJSON_CreateObject();
            put(c, o, "name", str(k->name));
            if (t->kind == WIT_TD_VARIANT)
                put(c, o, "type", opt_type(k->has_type, k->type));
            put_docs(c, o, k->docs);
            push(c, arr, o);
        }
        if (t->kind == WIT_TD_VARIANT)
            return one(c, "variant", one(c, "cases", arr));
        if (t->kind == WIT_TD_ENUM)
            return one(c, "enum", one(c, "cases", arr));
        return one(c, "flags", one(c, "flags", arr));
    }
    case WIT_TD_UNKNOWN:
        break;
    }
    return cJSON_CreateString("unknown");
}

static cJSON *func_json(ctx *c, const wit_func *f)
{
    cJSON *o = cJSON_CreateObject();
    put(c, o, "name", str(f->name));
    switch (f->kind) {
    case WIT_FN_FREESTANDING:
        put(c, o, "kind", cJSON_CreateString("freestanding"));
        break;
    case WIT_FN_ASYNC_FREESTANDING:
        put(c, o, "kind", cJSON_CreateString("async-freestanding"));
        break;
    case WIT_FN_METHOD:
        put(c, o, "kind", one(c, "method", num(f->resource)));
        break;
    case WIT_FN_ASYNC_METHOD:
        put(c, o, "kind", one(c, "async-method", num(f->resource)));
        break;
    case WIT_FN_STATIC:
        put(c, o, "kind", one(c, "static", num(f->resource)));
        break;
    case WIT_FN_ASYNC_STATIC:
        put(c, o, "kind", one(c, "async-static", num(f->resource)));
        break;
    case WIT_FN_CONSTRUCTOR:
        put(c, o, "kind", one(c, "constructor", num(f->resource)));
        break;
    }
    cJSON *params = cJSON_CreateArray();
    for (uint32_t i = 0; i < f->nparams; i++) {
        cJSON *p = cJSON_CreateObject();
        put(c, p, "name", str(f->params[i].name));
        put(c, p, "type", type_ref(f->params[i].type));
        push(c, params, p);
    }
    put(c, o, "params", params);
    if (f->has_result)
        put(c, o, "result", type_ref(f->result));
    put_docs(c, o, f->docs);
    put_stability(c, o, &f->stability);
    return o;
}

static cJSON *world_items(ctx *c, const wit_world_item *items, uint32_t n)
{
    cJSON *o = cJSON_CreateObject();
    char key[32];
    for (uint32_t i = 0; i < n; i++) {
        const wit_world_item *it = &items[i];
        const char *k = it->key.name;
        if (it->key.kind == WIT_KEY_INTERFACE) {
            snprintf(key, sizeof key, "interface-%u", (unsigned)it->key.iface);
            k = key;
        }
        cJSON *v = NULL;
        switch (it->kind) {
        case WIT_ITEM_INTERFACE: {
            cJSON *in = cJSON_CreateObject();
            put(c, in, "id", num(it->id));
            put_stability(c, in, &it->stability);
            put_docs(c, in, it->docs);
            v = one(c, "interface", in);
            break;
        }
        case WIT_ITEM_FUNCTION:
            v = one(c, "function", func_json(c, &it->func));
            break;
        case WIT_ITEM_TYPE:
            v = one(c, "type", num(it->id));
            break;
        }
        put(c, o, k ? k : "", v);
    }
    return o;
}

static cJSON *named_ids(ctx *c, const wit_named_id *ids, uint32_t n)
{
    cJSON *o = cJSON_CreateObject();
    for (uint32_t i = 0; i < n; i++)
        put(c, o, ids[i].name ? ids[i].name : "", num(ids[i].id));
    return o;
}

cJSON *gen_json_resolve_tree(const wit_resolve *r)
{
    install_hooks();
    ctx c = {r, false};
    cJSON *root = cJSON_CreateObject();

    cJSON *worlds = cJSON_CreateArray();
    for (uint32_t i = 0; i < r->nworlds; i++) {
        const wit_world *w = &r->worlds[i];
        cJSON *o = cJSON_CreateObject();
        put(&c, o, "name", str(w->name));
        put(&c, o, "imports", world_items(&c, w->imports, w->nimports));
        put(&c, o, "exports", world_items(&c, w->exports, w->nexports));
        put(&c, o, "package", w->package == WIT_NONE ? cJSON_CreateNull() : num(w->package));
        put_docs(&c, o, w->docs);
        put_stability(&c, o, &w->stability);
        push(&c, worlds, o);
    }
    put(&c, root, "worlds", worlds);

    cJSON *ifaces = cJSON_CreateArray();
    for (uint32_t i = 0; i < r->nifaces; i++) {
        const wit_iface *it = &r->ifaces[i];
        cJSON *o = cJSON_CreateObject();
        put(&c, o, "name", str(it->name));
        put(&c, o, "types", named_ids(&c, it->types, it->ntypes));
        cJSON *funcs = cJSON_CreateObject();
        for (uint32_t j = 0; j < it->nfuncs; j++)
            put(&c, funcs, it->funcs[j].name, func_json(&c, &it->funcs[j]));
        put(&c, o, "functions", funcs);
        put_docs(&c, o, it->docs);
        put_stability(&c, o, &it->stability);
        put(&c, o, "package", it->package == WIT_NONE ? cJSON_CreateNull() : num(it->package));
        push(&c, ifaces, o);
    }
    put(&c, root, "interfaces", ifaces);

    cJSON *types = cJSON_CreateArray();
    for (uint32_t i = 0; i < r->ntypes; i++) {
        const wit_typedef *t = &r->types[i];
        cJSON *o = cJSON_CreateObject();
        put(&c, o, "name", str(t->name));
        put(&c, o, "kind", kind_json(&c, t));
        put(&c, o, "owner", owner_json(&c, t->owner));
        put_docs(&c, o, t->docs);
        put_stability(&c, o, &t->stability);
        push(&c, types, o);
    }
    put(&c, root, "types", types);

    cJSON *pkgs = cJSON_CreateArray();
    wit_buf name = WIT_BUF_INIT;
    for (uint32_t i = 0; i < r->npackages; i++) {
        const wit_package *p = &r->packages[i];
        cJSON *o = cJSON_CreateObject();
        wit_buf_reset(&name);
        wit_buf_printf(&name, "%s:%s", p->name.ns, p->name.name);
        if (p->name.version)
            wit_buf_printf(&name, "@%s", p->name.version);
        if (name.oom)
            c.oom = true;
        put(&c, o, "name", str(name.data ? name.data : ""));
        put_docs(&c, o, p->docs);
        put(&c, o, "interfaces", named_ids(&c, p->ifaces, p->nifaces));
        put(&c, o, "worlds", named_ids(&c, p->worlds, p->nworlds));
        push(&c, pkgs, o);
    }
    wit_buf_free(&name);
    put(&c, root, "packages", pkgs);

    if (c.oom) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

/* ---- serde_json-compatible pretty printer ---- */

static void indent(wit_buf *out, int depth)
{
    for (int i = 0; i < depth; i++)
        wit_buf_append(out, "  ", 2);
}

static void write_string(const char *s, wit_buf *out)
{
    static const char hex[] = "0123456789abcdef";
    wit_buf_putc(out, '"');
    const char *run = s;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        const char *esc = NULL;
        char u[7];
        switch (*p) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        default:
            if (*p < 0x20) {
                u[0] = '\\', u[1] = 'u', u[2] = '0', u[3] = '0';
                u[4] = hex[*p >> 4], u[5] = hex[*p & 15], u[6] = 0;
                esc = u;
            }
        }
        if (esc) {
            wit_buf_append(out, run, (size_t)((const char *)p - run));
            wit_buf_puts(out, esc);
            run = (const char *)p + 1;
        }
    }
    wit_buf_puts(out, run);
    wit_buf_putc(out, '"');
}

static void write_value(const cJSON *v, wit_buf *out, int depth)
{
    if (cJSON_IsNull(v)) {
        wit_buf_puts(out, "null");
    } else if (cJSON_IsTrue(v)) {
        wit_buf_puts(out, "true");
    } else if (cJSON_IsFalse(v)) {
        wit_buf_puts(out, "false");
    } else if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d >= 0 && d < 9007199254740992.0 && (double)(uint64_t)d == d)
            wit_buf_printf(out, "%.0f", d);
        else
            wit_buf_printf(out, "%.17g", d);
    } else if (cJSON_IsString(v)) {
        write_string(v->valuestring ? v->valuestring : "", out);
    } else if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
        bool is_obj = cJSON_IsObject(v);
        const cJSON *child = v->child;
        wit_buf_putc(out, is_obj ? '{' : '[');
        if (child) {
            wit_buf_putc(out, '\n');
            for (; child; child = child->next) {
                indent(out, depth + 1);
                if (is_obj) {
                    write_string(child->string ? child->string : "", out);
                    wit_buf_append(out, ": ", 2);
                }
                write_value(child, out, depth + 1);
                if (child->next)
                    wit_buf_putc(out, ',');
                wit_buf_putc(out, '\n');
            }
            indent(out, depth);
        }
        wit_buf_putc(out, is_obj ? '}' : ']');
    } else {
        wit_buf_puts(out, "null");
    }
}

void gen_json_write(const cJSON *v, wit_buf *out)
{
    write_value(v, out, 0);
}

int gen_json_resolve(const wit_resolve *r, wit_buf *out)
{
    cJSON *tree = gen_json_resolve_tree(r);
    if (!tree)
        return -1;
    gen_json_write(tree, out);
    wit_buf_putc(out, '\n');
    cJSON_Delete(tree);
    return out->oom ? -1 : 0;
}
