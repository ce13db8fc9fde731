/* Binary WIT packages back to WIT: reads what gen_encode_package (`wasm-tools component wit
 * --wasm`) and gen_encode_world (the `component-type` payload) write, and produces WIT
 * source text that the ordinary front end parses into the same packages: the main package
 * under a `package` header, the other packages it carries as nested blocks.
 *
 * The idea: a binary package is a list of exported component types, each wrapping exactly
 * one export named `ns:pkg/name@v` — an instance type (an interface) or a component type (a
 * world). Interfaces of other packages appear inside those wrappers as imported instance
 * types; interfaces a world uses appear as its imported/exported instances. Every such
 * instance body is collected once per qualified name (keeping the richest body) and printed
 * with the component printer (cmp_print_wit_iface_body), grouped into nested `package …
 * { }` blocks, the main package last. Going through text keeps one resolver: names, `use`s,
 * world elaboration and the arena order are exactly what a `.wit` file would give. */
#include "component.h"
#include "new.h"

#include <cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct dec_iface {
    const char *qname;       /* ns:pkg/name@v */
    const cmp_scope *body;   /* instance type body */
    uint32_t nexports;
    bool main_item;          /* defined as an item of the main package */
} dec_iface;

typedef struct dec_world {
    const char *name;
    const cmp_scope *body;
} dec_world;

/* ---- package-docs: doc comments and stability attributes of the main package ---- */

static void put_indent(wit_buf *out, int n)
{
    for (int i = 0; i < n; i++)
        wit_buf_putc(out, ' ');
}

static void put_docs(wit_buf *out, int ind, const char *text)
{
    while (text && *text) {
        const char *e = strchr(text, '\n');
        size_t n = e ? (size_t)(e - text) : strlen(text);
        put_indent(out, ind);
        wit_buf_puts(out, "///");
        if (n) {
            wit_buf_putc(out, ' ');
            wit_buf_append(out, text, n);
        }
        wit_buf_putc(out, '\n');
        text += n + (e ? 1 : 0);
    }
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void put_stability(wit_buf *out, int ind, const cJSON *st)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(st, "stable");
    const cJSON *u = cJSON_GetObjectItemCaseSensitive(st, "unstable");
    const char *v;
    if (cJSON_IsObject(s) && (v = jstr(s, "since"))) {
        put_indent(out, ind);
        wit_buf_printf(out, "@since(version = %s)\n", v);
    } else if (cJSON_IsObject(u) && (v = jstr(u, "feature"))) {
        put_indent(out, ind);
        wit_buf_printf(out, "@unstable(feature = %s)\n", v);
        s = u;
    } else {
        return;
    }
    if ((v = jstr(s, "deprecated"))) {
        put_indent(out, ind);
        wit_buf_printf(out, "@deprecated(version = %s)\n", v);
    }
}

/* docs, then stability, of a metadata object {docs?, stability?} */
static void put_meta(wit_buf *out, int ind, const cJSON *m)
{
    if (!cJSON_IsObject(m))
        return;
    put_docs(out, ind, jstr(m, "docs"));
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(m, "stability");
    if (cJSON_IsObject(st))
        put_stability(out, ind, st);
}

typedef struct meta_ctx {
    const cJSON *m;   /* the interface's or world's metadata */
    bool world;
    const char *type; /* the type being printed (its fields' docs) */
} meta_ctx;

static const cJSON *jget(const cJSON *o, const char *a, const char *b)
{
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, a), b);
}

static void meta_cb(void *ctx, wit_buf *out, int ind, const char *kind, const char *name)
{
    meta_ctx *c = ctx;
    if (!c->m)
        return;
    if (!c->world) {
        if (strcmp(kind, "func") == 0) {
            put_meta(out, ind, jget(c->m, "funcs", name));
        } else if (strcmp(kind, "item") == 0) {
            const cJSON *d = c->type ? jget(jget(c->m, "types", c->type), "items", name) : NULL;
            put_docs(out, ind, cJSON_IsString(d) ? d->valuestring : NULL);
        } else {
            put_meta(out, ind, jget(c->m, "types", name));
            c->type = name;
        }
        return;
    }
    bool imp = strcmp(kind, "import ") == 0;
    if (!imp && strcmp(kind, "export ") != 0)
        return;
    if (strchr(name, ':')) {
        const cJSON *d = jget(c->m, imp ? "interface_import_docs" : "interface_export_docs", name);
        put_docs(out, ind, cJSON_IsString(d) ? d->valuestring : NULL);
        const cJSON *st = jget(c->m, imp ? "interface_import_stability" : "interface_export_stability", name);
        if (cJSON_IsObject(st))
            put_stability(out, ind, st);
        return;
    }
    const cJSON *m = jget(c->m, imp ? "interfaces" : "interface_exports", name);
    put_meta(out, ind, m ? m : jget(c->m, imp ? "funcs" : "func_exports", name));
}

typedef struct dec {
    dec_iface *ifaces;
    uint32_t nifaces, capifaces;
    dec_world *worlds;
    uint32_t nworlds, capworlds;
    char *main_pkg;          /* "ns:pkg" */
    char *main_ver;          /* or NULL */
    char *err;
    size_t errlen;
    int failed;
    cJSON *docs;             /* package-docs JSON, or NULL */
} dec;

WIT_PRINTF(2, 3)
static void fail(dec *d, const char *fmt, ...)
{
    if (!d->failed && d->err && d->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->err, d->errlen, fmt, ap);
        va_end(ap);
    }
    d->failed = 1;
}

/* Splits "ns:pkg/name@ver" into its package ("ns:pkg", malloc'd), name and version
 * (pointers into q, name not terminated: *name_len). Returns 0, or -1 when q has no '/'. */
static int split_qname(const char *q, char **pkg, const char **name, size_t *name_len, const char **ver)
{
    const char *slash = strchr(q, '/');
    if (!slash || !strchr(q, ':'))
        return -1;
    const char *at = strchr(slash, '@');
    *pkg = wit_malloc((size_t)(slash - q) + 1);
    if (!*pkg)
        return -1;
    memcpy(*pkg, q, (size_t)(slash - q));
    (*pkg)[slash - q] = 0;
    *name = slash + 1;
    *name_len = at ? (size_t)(at - slash - 1) : strlen(slash + 1);
    *ver = at ? at + 1 : NULL;
    return 0;
}

/* "ns:pkg@ver" key of a qualified name: writes into buf. */
static void pkg_key(const char *q, wit_buf *b)
{
    const char *slash = strchr(q, '/');
    const char *at = slash ? strchr(slash, '@') : NULL;
    wit_buf_append(b, q, slash ? (size_t)(slash - q) : strlen(q));
    if (at)
        wit_buf_puts(b, at);
}

static uint32_t count_exports(const cmp_scope *s)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->ndefs; i++)
        n += s->defs[i].kind == CMP_DEF_EXPORT;
    return n;
}

static void add_iface(dec *d, const char *qname, const cmp_scope *body, bool main_item)
{
    uint32_t n = count_exports(body);
    for (uint32_t i = 0; i < d->nifaces; i++)
        if (strcmp(d->ifaces[i].qname, qname) == 0) {
            if (n > d->ifaces[i].nexports) {
                d->ifaces[i].body = body;
                d->ifaces[i].nexports = n;
            }
            d->ifaces[i].main_item |= main_item;
            return;
        }
    if (d->nifaces == d->capifaces) {
        uint32_t nc = d->capifaces ? d->capifaces * 2 : 8;
        dec_iface *ni = wit_realloc(d->ifaces, nc * sizeof *ni);
        if (!ni) {
            fail(d, "out of memory");
            return;
        }
        d->ifaces = ni;
        d->capifaces = nc;
    }
    d->ifaces[d->nifaces++] = (dec_iface){qname, body, n, main_item};
}

/* The body of the instance/component type an import/export declarator of scope s names. */
static const cmp_scope *decl_body(const cmp_scope *s, const cmp_def *def, cmp_type_kind want)
{
    const cmp_externdesc *desc = def->kind == CMP_DEF_IMPORT ? &def->u.import.desc : &def->u.export.desc;
    const cmp_type *t = cmp_scope_type(s, desc->type);
    return t && t->kind == want ? t->u.body : NULL;
}

/* Records every interface-named instance imported or exported by scope s (a wrapper
 * component type or a world body). */
static void collect_instances(dec *d, const cmp_scope *s)
{
    for (uint32_t i = 0; i < s->ndefs && !d->failed; i++) {
        const cmp_def *def = &s->defs[i];
        if ((def->kind != CMP_DEF_IMPORT && def->kind != CMP_DEF_EXPORT) || def->sort != CMP_SORT_INSTANCE)
            continue;
        const cmp_extern_name *n = def->kind == CMP_DEF_IMPORT ? &def->u.import.name : &def->u.export.name;
        if (n->kind != CMP_NAME_INTERFACE)
            continue;
        const cmp_scope *body = decl_body(s, def, CMP_TYPE_INSTANCE);
        if (body)
            add_iface(d, n->name, body, false);
    }
}

static void set_main(dec *d, const char *qname)
{
    char *pkg;
    const char *name, *ver;
    size_t nl;
    if (split_qname(qname, &pkg, &name, &nl, &ver) < 0) {
        fail(d, "`%s` is not a package-qualified name", qname);
        return;
    }
    if (!d->main_pkg) {
        d->main_pkg = pkg;
        d->main_ver = ver ? wit_strdup(ver) : NULL;
        return;
    }
    bool same = strcmp(pkg, d->main_pkg) == 0 &&
                ((!ver && !d->main_ver) || (ver && d->main_ver && strcmp(ver, d->main_ver) == 0));
    wit_free(pkg);
    if (!same)
        fail(d, "item `%s` defined with mismatched package name", qname);
}

static void print_name(wit_buf *out, const char *s, size_t n)
{
    wit_buf_putc(out, '%');
    wit_buf_append(out, s, n);
}

/* Prints the nested package block holding the interfaces of package `key` (and, for the
 * main package, its worlds). */
static void print_package(dec *d, const char *key, bool main, wit_buf *out)
{
    wit_buf k = WIT_BUF_INIT;
    char *pkg = NULL;
    cmp_error e;
    if (!main)
        wit_buf_printf(out, "package %s {\n", key);
    for (uint32_t i = 0; i < d->nifaces && !d->failed; i++) {
        const char *name, *ver;
        size_t nl;
        wit_buf_reset(&k);
        pkg_key(d->ifaces[i].qname, &k);
        wit_buf_putc(&k, 0);
        if (k.oom || strcmp(k.data, key) != 0)
            continue;
        if (split_qname(d->ifaces[i].qname, &pkg, &name, &nl, &ver) < 0) {
            fail(d, "`%s` is not a package-qualified name", d->ifaces[i].qname);
            break;
        }
        meta_ctx mc = {NULL, false, NULL};
        if (main && d->docs) {
            char *iname = wit_malloc(nl + 1);
            if (iname) {
                memcpy(iname, name, nl);
                iname[nl] = 0;
                mc.m = jget(d->docs, "interfaces", iname);
                wit_free(iname);
            }
        }
        put_meta(out, 2, mc.m);
        wit_buf_puts(out, "  interface ");
        print_name(out, name, nl);
        wit_buf_puts(out, " {\n");
        if (cmp_print_wit_iface_body(d->ifaces[i].body, pkg, ver, 4, mc.m ? meta_cb : NULL, &mc, out, &e) < 0)
            fail(d, "interface `%s`: %s", d->ifaces[i].qname, e.message);
        wit_buf_puts(out, "  }\n");
        wit_free(pkg);
        pkg = NULL;
    }
    for (uint32_t i = 0; main && i < d->nworlds && !d->failed; i++) {
        meta_ctx mc = {d->docs ? jget(d->docs, "worlds", d->worlds[i].name) : NULL, true, NULL};
        put_meta(out, 2, mc.m);
        wit_buf_puts(out, "  world ");
        print_name(out, d->worlds[i].name, strlen(d->worlds[i].name));
        wit_buf_puts(out, " {\n");
        if (cmp_print_wit_world_body(d->worlds[i].body, d->main_pkg, d->main_ver, mc.m ? meta_cb : NULL, &mc,
                                     out, &e) < 0)
            fail(d, "world `%s`: %s", d->worlds[i].name, e.message);
        wit_buf_puts(out, "  }\n");
    }
    if (!main)
        wit_buf_puts(out, "}\n");
    wit_free(pkg);
    wit_buf_free(&k);
}

int cmp_wit_decode_text(const uint8_t *data, size_t len, bool with_foreign, wit_buf *out, char *err,
                        size_t errlen)
{
    dec d;
    memset(&d, 0, sizeof d);
    d.err = err;
    d.errlen = errlen;
    wit_arena *arena = wit_arena_new();
    cmp_component *c = NULL;
    cmp_error ce;
    wit_buf key = WIT_BUF_INIT, seen = WIT_BUF_INIT;
    if (!arena) {
        fail(&d, "out of memory");
        goto done;
    }
    if (len >= 8 && data[0] == 0 && data[4] != 0x0d) {
        fail(&d, "not a WIT package: a core module or an unsupported binary version");
        goto done;
    }
    if (cmp_decode(data, len, arena, &c, &ce) < 0) {
        fail(&d, "at byte %zu: %s", ce.offset, ce.message);
        goto done;
    }
    const cmp_scope *root = c->root;
    uint32_t nexports = 0;
    for (uint32_t i = 0; i < root->ndefs && !d.failed; i++) {
        const cmp_def *def = &root->defs[i];
        if (def->kind == CMP_DEF_CUSTOM && strcmp(def->u.custom.name, "package-docs") == 0 && !d.docs &&
            def->u.custom.data_len >= 1 && data[def->u.custom.data_offset] == 1) {
            d.docs = cJSON_ParseWithLength((const char *)data + def->u.custom.data_offset + 1,
                                           def->u.custom.data_len - 1);
            continue;
        }
        if (def->kind == CMP_DEF_CUSTOM || def->kind == CMP_DEF_TYPE)
            continue;
        if (def->kind != CMP_DEF_EXPORT || def->sort != CMP_SORT_TYPE) {
            fail(&d, "not a WIT package: the component has %s definitions (a concrete component)",
                 def->kind == CMP_DEF_IMPORT ? "import" : "non-type");
            goto done;
        }
        const cmp_extern_name *en = &def->u.export.name;
        if (nexports++ == 0 && en->kind == CMP_NAME_INTERFACE) {
            fail(&d, "`%s`: legacy (v1) binary WIT packages are not supported", en->name);
            goto done;
        }
        const cmp_type *t = cmp_scope_type(root, def->u.export.item.index);
        if (!t || t->kind != CMP_TYPE_COMPONENT) {
            fail(&d, "export `%s` is not a component type", en->name);
            goto done;
        }
        const cmp_scope *w = t->u.body;
        const cmp_def *inner = NULL;
        uint32_t ninner = 0;
        for (uint32_t j = 0; j < w->ndefs; j++)
            if (w->defs[j].kind == CMP_DEF_EXPORT) {
                inner = &w->defs[j];
                ninner++;
            }
        if (ninner != 1) {
            fail(&d, "export `%s`: expected a component type with exactly one export, found %u", en->name,
                 ninner);
            goto done;
        }
        collect_instances(&d, w);
        set_main(&d, inner->u.export.name.name);
        if (d.failed)
            goto done;
        if (inner->sort == CMP_SORT_INSTANCE) {
            const cmp_scope *body = decl_body(w, inner, CMP_TYPE_INSTANCE);
            if (!body) {
                fail(&d, "`%s`: the interface's instance type is unknown", inner->u.export.name.name);
                goto done;
            }
            add_iface(&d, inner->u.export.name.name, body, true);
        } else if (inner->sort == CMP_SORT_COMPONENT) {
            const cmp_scope *body = decl_body(w, inner, CMP_TYPE_COMPONENT);
            if (!body) {
                fail(&d, "`%s`: the world's component type is unknown", inner->u.export.name.name);
                goto done;
            }
            collect_instances(&d, body);
            if (d.nworlds == d.capworlds) {
                uint32_t nc = d.capworlds ? d.capworlds * 2 : 4;
                dec_world *nw = wit_realloc(d.worlds, nc * sizeof *nw);
                if (!nw) {
                    fail(&d, "out of memory");
                    goto done;
                }
                d.worlds = nw;
                d.capworlds = nc;
            }
            const char *slash = strchr(inner->u.export.name.name, '/');
            char *wname = wit_arena_strdup(arena, slash + 1);
            char *at = wname ? strchr(wname, '@') : NULL;
            if (at)
                *at = 0;
            d.worlds[d.nworlds++] = (dec_world){wname ? wname : "", body};
        } else {
            fail(&d, "`%s`: expected an instance or a component", inner->u.export.name.name);
            goto done;
        }
    }
    if (!d.failed && !d.main_pkg) {
        fail(&d, "not a WIT package: no exported component types");
        goto done;
    }
    /* foreign packages, in first-seen order */
    wit_buf_puts(&key, d.main_pkg);
    if (d.main_ver)
        wit_buf_printf(&key, "@%s", d.main_ver);
    wit_buf_putc(&key, 0);
    wit_buf_putc(&seen, 0);
    if (!key.oom) {
        if (d.docs)
            put_docs(out, 0, jstr(d.docs, "docs"));
        wit_buf_printf(out, "package %s;\n", key.data);
    }
    for (uint32_t i = 0; with_foreign && i < d.nifaces && !d.failed; i++) {
        wit_buf k = WIT_BUF_INIT;
        pkg_key(d.ifaces[i].qname, &k);
        wit_buf_putc(&k, 0);
        bool dup = k.oom || strcmp(k.data, key.data) == 0;
        /* `seen` holds NUL-separated keys already printed */
        for (size_t off = 1; !dup && off < seen.len; off += strlen(seen.data + off) + 1)
            dup = strcmp(seen.data + off, k.data) == 0;
        if (!dup) {
            print_package(&d, k.data, false, out);
            wit_buf_append(&seen, k.data, strlen(k.data) + 1);
        }
        wit_buf_free(&k);
    }
    if (!d.failed)
        print_package(&d, key.data, true, out);
    if (!d.failed && (key.oom || seen.oom || out->oom))
        fail(&d, "out of memory");
done:
    wit_buf_free(&key);
    wit_buf_free(&seen);
    wit_free(d.ifaces);
    wit_free(d.worlds);
    wit_free(d.main_pkg);
    wit_free(d.main_ver);
    cJSON_Delete(d.docs);
    wit_arena_free(arena);
    return d.failed ? -1 : 0;
}

int cmp_wit_decode(wit_session *s, const char *name, const uint8_t *data, size_t len, wit_id *pkg)
{
    wit_buf text = WIT_BUF_INIT;
    char err[256];
    int rc;
    *pkg = WIT_NONE;
    if (cmp_wit_decode_text(data, len, true, &text, err, sizeof err) < 0) {
        wit_diags_add(&s->diags, WIT_SEV_ERROR, WIT_NO_SPAN, "`%s`: %s", name, err);
        rc = text.oom ? WIT_ENOMEM : WIT_EINPUT;
        goto done;
    }
    if (text.oom) {
        rc = WIT_ENOMEM;
        goto done;
    }
    rc = wit_load_source(s, name, text.data ? text.data : "", text.len, pkg);
done:
    wit_buf_free(&text);
    return rc;
}
