/* The WIT printer: walks a Resolve and writes normalized WIT.
 *
 * The layout follows wit-component's WitPrinter so that `witc print` output can be
 * compared byte for byte with upstream expectations: in an interface, `use` statements
 * first (consecutive types from one interface with one gate share a statement), then
 * type definitions (resources with their functions inline), then freestanding
 * functions, items separated by blank lines; in a world, interface imports, then types,
 * then function imports, then a blank line and the exports. The one idea: a tiny line
 * writer that knows whether it stands at the start of a line (and indents lazily), plus
 * an `any_items` flag that decides whether the next item needs a blank line first. */
#include "print.h"

#include <errno.h>
#include <string.h>

typedef struct pr {
    const wit_resolve *r;
    wit_buf *out;
    int indent;
    bool bol;       /* at the beginning of a line: indent before the next text */
    bool any_items; /* something was printed in the current block */
    bool docs;
} pr;

static const char *const keywords[] = {
    "use", "type", "func", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "f32", "f64",
    "float32", "float64", "char", "resource", "record", "flags", "variant", "enum", "bool",
    "string", "option", "result", "future", "stream", "list", "own", "borrow", "_", "as", "from",
    "static", "interface", "tuple", "world", "import", "export", "package", "with", "include",
    "constructor", "error-context", "async", "map",
};

bool gen_print_is_keyword(const char *name)
{
    for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
        if (strcmp(name, keywords[i]) == 0)
            return true;
    return false;
}

/* ---- the line writer ---- */

static void lead(pr *p)
{
    if (p->bol) {
        for (int i = 0; i < p->indent; i++)
            wit_buf_append(p->out, "  ", 2);
        p->bol = false;
    }
}

static void put(pr *p, const char *s)
{
    lead(p);
    wit_buf_puts(p->out, s);
}

static void nl(pr *p)
{
    wit_buf_putc(p->out, '\n');
    p->bol = true;
}

static void semi(pr *p)
{
    put(p, ";");
    nl(p);
}

static void block_open(pr *p)
{
    wit_buf_puts(p->out, " {");
    p->indent++;
    nl(p);
}

static void block_close(pr *p)
{
    p->indent--;
    put(p, "}");
    nl(p);
}

/* An identifier, %-escaped when it is a keyword. */
static void ident(pr *p, const char *name)
{
    lead(p);
    if (gen_print_is_keyword(name))
        wit_buf_putc(p->out, '%');
    wit_buf_puts(p->out, name ? name : "");
}

static void new_item(pr *p)
{
    if (p->any_items)
        nl(p);
    p->any_items = true;
}

static void docs(pr *p, wit_docs d)
{
    if (!p->docs || !d.contents)
        return;
    const char *s = d.contents;
    while (*s) {
        const char *e = strchr(s, '\n');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        size_t len = n;
        if (len > 0 && s[len - 1] == '\r')
            len--;
        lead(p);
        wit_buf_puts(p->out, "///");
        if (len > 0) {
            wit_buf_putc(p->out, ' ');
            wit_buf_append(p->out, s, len);
        }
        nl(p);
        s += n;
        if (*s == '\n')
            s++;
    }
}

static void stability(pr *p, const wit_stability *st)
{
    if (st->kind == WIT_STAB_UNKNOWN)
        return;
    if (st->kind == WIT_STAB_STABLE) {
        put(p, "@since(version = ");
        put(p, st->since ? st->since : "");
    } else {
        put(p, "@unstable(feature = ");
        ident(p, st->feature ? st->feature : "");
    }
    put(p, ")");
    nl(p);
    if (st->deprecated) {
        put(p, "@deprecated(version = ");
        put(p, st->deprecated);
        put(p, ")");
        nl(p);
    }
}

static bool str_eq(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool stability_eq(const wit_stability *a, const wit_stability *b)
{
    return a->kind == b->kind && str_eq(a->since, b->since) && str_eq(a->feature, b->feature) &&
           str_eq(a->deprecated, b->deprecated);
}

/* ---- types ---- */

static void type_name(pr *p, wit_type t);

static void handle(pr *p, const wit_typedef *td, bool force)
{
    const char *res = p->r->types[td->u.handle.resource].name;
    if (td->u.handle.borrow) {
        put(p, "borrow<");
        ident(p, res);
        put(p, ">");
    } else if (force) {
        put(p, "own<");
        ident(p, res);
        put(p, ">");
    } else {
        ident(p, res);
    }
}

/* The anonymous form of a type definition: `list<u8>`, `result<_, e>`, `tuple<a, b>`. */
static void anon_type(pr *p, const wit_typedef *td)
{
    switch (td->kind) {
    case WIT_TD_HANDLE:
        handle(p, td, false);
        break;
    case WIT_TD_TUPLE:
        put(p, "tuple<");
        for (uint32_t i = 0; i < td->u.tuple.n; i++) {
            if (i > 0)
                put(p, ", ");
            type_name(p, td->u.tuple.types[i]);
        }
        put(p, ">");
        break;
    case WIT_TD_OPTION:
        put(p, "option<");
        type_name(p, td->u.elem);
        put(p, ">");
        break;
    case WIT_TD_RESULT:
        if (!td->u.result.has_ok && !td->u.result.has_err) {
            put(p, "result");
            break;
        }
        put(p, "result<");
        if (td->u.result.has_ok)
            type_name(p, td->u.result.ok);
        else
            put(p, "_");
        if (td->u.result.has_err) {
            put(p, ", ");
            type_name(p, td->u.result.err);
        }
        put(p, ">");
        break;
    case WIT_TD_LIST:
        put(p, "list<");
        type_name(p, td->u.elem);
        put(p, ">");
        break;
    case WIT_TD_FIXED_LIST: {
        char n[16];
        put(p, "list<");
        type_name(p, td->u.fixed.elem);
        snprintf(n, sizeof n, ", %u>", (unsigned)td->u.fixed.len);
        put(p, n);
        break;
    }
    case WIT_TD_MAP:
        put(p, "map<");
        type_name(p, td->u.map.key);
        put(p, ", ");
        type_name(p, td->u.map.value);
        put(p, ">");
        break;
    case WIT_TD_ALIAS:
        type_name(p, td->u.elem);
        break;
    case WIT_TD_FUTURE:
    case WIT_TD_STREAM:
        put(p, td->kind == WIT_TD_FUTURE ? "future" : "stream");
        if (td->u.async.has) {
            put(p, "<");
            type_name(p, td->u.async.elem);
            put(p, ">");
        }
        break;
    default:
        /* records, variants, enums, flags and resources are always named */
        put(p, "<anonymous>");
        break;
    }
}

static void type_name(pr *p, wit_type t)
{
    if (t.prim != WIT_TYPE_ID) {
        put(p, wit_prim_name(t.prim));
        return;
    }
    const wit_typedef *td = &p->r->types[t.id];
    if (td->name)
        ident(p, td->name);
    else
        anon_type(p, td);
}

/* Cases of a record, variant, enum or flags, one per line with a trailing comma. */
static void declare_body(pr *p, const wit_typedef *td)
{
    block_open(p);
    if (td->kind == WIT_TD_RECORD) {
        for (uint32_t i = 0; i < td->u.record.n; i++) {
            const wit_field *f = &td->u.record.fields[i];
            docs(p, f->docs);
            ident(p, f->name);
            put(p, ": ");
            type_name(p, f->type);
            put(p, ",");
            nl(p);
        }
    } else {
        for (uint32_t i = 0; i < td->u.variant.n; i++) {
            const wit_case *c = &td->u.variant.cases[i];
            docs(p, c->docs);
            ident(p, c->name);
            if (td->kind == WIT_TD_VARIANT && c->has_type) {
                put(p, "(");
                type_name(p, c->type);
                put(p, ")");
            }
            put(p, ",");
            nl(p);
        }
    }
    block_close(p);
}

static void declare_type(pr *p, const wit_typedef *td)
{
    switch (td->kind) {
    case WIT_TD_RECORD:
        put(p, "record ");
        ident(p, td->name);
        declare_body(p, td);
        return;
    case WIT_TD_VARIANT:
        put(p, "variant ");
        ident(p, td->name);
        declare_body(p, td);
        return;
    case WIT_TD_ENUM:
        put(p, "enum ");
        ident(p, td->name);
        declare_body(p, td);
        return;
    case WIT_TD_FLAGS:
        put(p, "flags ");
        ident(p, td->name);
        declare_body(p, td);
        return;
    default:
        break;
    }
    put(p, "type ");
    ident(p, td->name);
    put(p, " = ");
    if (td->kind == WIT_TD_HANDLE)
        handle(p, td, true);
    else
        anon_type(p, td);
    semi(p);
}

/* ---- functions ---- */

static bool is_async(wit_func_kind k)
{
    return k == WIT_FN_ASYNC_FREESTANDING || k == WIT_FN_ASYNC_METHOD || k == WIT_FN_ASYNC_STATIC;
}

/* A constructor whose result is `own<its resource>` prints without `-> …`. */
static bool constructor_shorthand(pr *p, const wit_func *f)
{
    if (f->kind != WIT_FN_CONSTRUCTOR || !f->has_result || f->result.prim != WIT_TYPE_ID)
        return false;
    const wit_typedef *td = &p->r->types[f->result.id];
    return td->kind == WIT_TD_HANDLE && !td->u.handle.borrow && td->u.handle.resource == f->resource;
}

/* The name after `[method]r.`, `[static]r.`, …; the whole name otherwise. */
static const char *item_name(const wit_func *f)
{
    if (f->name[0] == '[') {
        const char *dot = strchr(f->name, '.');
        if (dot)
            return dot + 1;
        const char *close = strchr(f->name, ']');
        if (close)
            return close + 1;
    }
    return f->name;
}

static void function(pr *p, const wit_func *f)
{
    if (is_async(f->kind))
        put(p, "async ");
    put(p, f->kind == WIT_FN_CONSTRUCTOR ? "constructor(" : "func(");
    uint32_t skip = (f->kind == WIT_FN_METHOD || f->kind == WIT_FN_ASYNC_METHOD) ? 1 : 0;
    for (uint32_t i = skip; i < f->nparams; i++) {
        if (i > skip)
            put(p, ", ");
        ident(p, f->params[i].name);
        put(p, ": ");
        type_name(p, f->params[i].type);
    }
    put(p, ")");
    if (constructor_shorthand(p, f))
        return;
    if (f->has_result) {
        put(p, " -> ");
        type_name(p, f->result);
    }
}

static bool is_resource_func(const wit_func *f)
{
    return f->kind != WIT_FN_FREESTANDING && f->kind != WIT_FN_ASYNC_FREESTANDING;
}

/* A resource, and its functions inline: funcs[0..n) filtered to this resource. */
static void resource(pr *p, wit_id id, const wit_func *const *funcs, uint32_t n)
{
    const wit_typedef *td = &p->r->types[id];
    uint32_t count = 0;
    for (uint32_t i = 0; i < n; i++)
        count += funcs[i]->resource == id;
    put(p, "resource ");
    ident(p, td->name);
    if (count == 0) {
        semi(p);
        return;
    }
    block_open(p);
    for (uint32_t i = 0; i < n; i++) {
        const wit_func *f = funcs[i];
        if (f->resource != id)
            continue;
        docs(p, f->docs);
        stability(p, &f->stability);
        if (f->kind == WIT_FN_METHOD || f->kind == WIT_FN_ASYNC_METHOD) {
            ident(p, item_name(f));
            put(p, ": ");
        } else if (f->kind == WIT_FN_STATIC || f->kind == WIT_FN_ASYNC_STATIC) {
            ident(p, item_name(f));
            put(p, ": static ");
        }
        function(p, f);
        semi(p);
    }
    block_close(p);
}

static void iface_path(pr *p, wit_id iface, wit_id cur_pkg)
{
    const wit_iface *it = &p->r->ifaces[iface];
    if (it->package == cur_pkg || it->package == WIT_NONE) {
        ident(p, it->name);
        return;
    }
    const wit_package *pkg = &p->r->packages[it->package];
    put(p, pkg->name.ns);
    put(p, ":");
    put(p, pkg->name.name);
    put(p, "/");
    ident(p, it->name);
    if (pkg->name.version) {
        put(p, "@");
        put(p, pkg->name.version);
    }
}

static bool owner_eq(wit_owner a, wit_owner b)
{
    return a.kind == b.kind && a.id == b.id;
}

/* `use` statements for types that alias another owner's type, then declarations. */
static int types(pr *p, wit_owner owner, wit_id cur_pkg, const wit_named_id *tys, uint32_t n,
                 const wit_func *const *rfuncs, uint32_t nrfuncs)
{
    const wit_resolve *r = p->r;
    /* groups of imports: start index into tys, in order; a type joins the previous
     * group when it has the same source owner and the same gate */
    wit_id *decl = wit_malloc((n + 1) * sizeof *decl);
    uint32_t *grp = wit_malloc((n + 1) * sizeof *grp);
    uint32_t ndecl = 0, nimp = 0;
    if (!decl || !grp) {
        wit_free(decl);
        wit_free(grp);
        p->out->oom = true;
        return -1;
    }
    for (uint32_t i = 0; i < n; i++) {
        const wit_typedef *td = &r->types[tys[i].id];
        if (td->kind == WIT_TD_ALIAS && td->u.elem.prim == WIT_TYPE_ID) {
            const wit_typedef *other = &r->types[td->u.elem.id];
            if (other->owner.kind != WIT_OWNER_NONE && !owner_eq(other->owner, owner) && other->name) {
                grp[nimp++] = i;
                continue;
            }
        }
        decl[ndecl++] = tys[i].id;
    }
    for (uint32_t g = 0; g < nimp;) {
        const wit_typedef *first = &r->types[tys[grp[g]].id];
        wit_owner src = r->types[first->u.elem.id].owner;
        uint32_t end = g + 1;
        while (end < nimp) {
            const wit_typedef *td = &r->types[tys[grp[end]].id];
            if (!owner_eq(r->types[td->u.elem.id].owner, src) ||
                !stability_eq(&td->stability, &first->stability))
                break;
            end++;
        }
        p->any_items = true;
        stability(p, &first->stability);
        put(p, "use ");
        if (src.kind == WIT_OWNER_INTERFACE)
            iface_path(p, src.id, cur_pkg);
        put(p, ".{");
        for (uint32_t k = g; k < end; k++) {
            const wit_typedef *td = &r->types[tys[grp[k]].id];
            const char *mine = tys[grp[k]].name;
            const char *theirs = r->types[td->u.elem.id].name;
            if (k > g)
                put(p, ", ");
            if (str_eq(mine, theirs)) {
                ident(p, mine);
            } else {
                ident(p, theirs);
                put(p, " as ");
                ident(p, mine);
            }
        }
        put(p, "}");
        semi(p);
        g = end;
    }
    for (uint32_t i = 0; i < ndecl; i++) {
        const wit_typedef *td = &r->types[decl[i]];
        new_item(p);
        docs(p, td->docs);
        stability(p, &td->stability);
        if (td->kind == WIT_TD_RESOURCE)
            resource(p, decl[i], rfuncs, nrfuncs);
        else
            declare_type(p, td);
    }
    wit_free(decl);
    wit_free(grp);
    return 0;
}

/* ---- interfaces and worlds ---- */

static int interface(pr *p, wit_id id)
{
    const wit_iface *it = &p->r->ifaces[id];
    bool prev = p->any_items;
    int rc = 0;
    p->any_items = false;
    const wit_func **rf = wit_malloc((it->nfuncs + 1) * sizeof *rf);
    if (!rf) {
        p->out->oom = true;
        return -1;
    }
    uint32_t nrf = 0;
    for (uint32_t i = 0; i < it->nfuncs; i++)
        if (is_resource_func(&it->funcs[i]))
            rf[nrf++] = &it->funcs[i];
    wit_owner owner = {WIT_OWNER_INTERFACE, id};
    rc = types(p, owner, it->package, it->types, it->ntypes, rf, nrf);
    for (uint32_t i = 0; i < it->nfuncs; i++) {
        const wit_func *f = &it->funcs[i];
        if (is_resource_func(f))
            continue;
        new_item(p);
        docs(p, f->docs);
        stability(p, &f->stability);
        ident(p, f->name);
        put(p, ": ");
        function(p, f);
        semi(p);
    }
    wit_free(rf);
    p->any_items = prev;
    return rc;
}

static int world_item(pr *p, const wit_world_item *it, wit_id cur_pkg, const char *dir)
{
    int rc = 0;
    const wit_iface *iface = it->kind == WIT_ITEM_INTERFACE ? &p->r->ifaces[it->id] : NULL;
    if (it->key.kind == WIT_KEY_NAME) {
        wit_docs d = it->docs;
        if (!d.contents && it->kind == WIT_ITEM_FUNCTION)
            d = it->func.docs;
        if (!d.contents && iface && !iface->name)
            d = iface->docs;
        docs(p, d);
    } else {
        docs(p, it->docs);
    }
    const wit_stability *st = &it->stability;
    if (st->kind == WIT_STAB_UNKNOWN && it->kind == WIT_ITEM_FUNCTION)
        st = &it->func.stability;
    stability(p, st);
    put(p, dir);
    put(p, " ");
    if (it->key.kind == WIT_KEY_NAME) {
        ident(p, it->key.name);
        put(p, ": ");
        if (iface && !iface->name) {
            put(p, "interface");
            block_open(p);
            rc = interface(p, it->id);
            block_close(p);
        } else if (iface) {
            iface_path(p, it->id, cur_pkg);
            semi(p);
        } else {
            function(p, &it->func);
            semi(p);
        }
    } else {
        iface_path(p, it->key.iface, cur_pkg);
        semi(p);
    }
    return rc;
}

static int world(pr *p, wit_id id)
{
    const wit_world *w = &p->r->worlds[id];
    bool prev = p->any_items;
    int rc = 0;
    p->any_items = false;
    wit_named_id *tys = wit_malloc((w->nimports + 1) * sizeof *tys);
    const wit_func **rf = wit_malloc((w->nimports + 1) * sizeof *rf);
    uint32_t ntys = 0, nrf = 0;
    if (!tys || !rf) {
        p->out->oom = true;
        rc = -1;
        goto done;
    }
    for (uint32_t i = 0; i < w->nimports; i++) {
        const wit_world_item *it = &w->imports[i];
        if (it->kind == WIT_ITEM_TYPE) {
            tys[ntys].name = it->key.name;
            tys[ntys++].id = it->id;
        } else if (it->kind == WIT_ITEM_FUNCTION) {
            if (is_resource_func(&it->func))
                rf[nrf++] = &it->func;
        } else {
            if (world_item(p, it, w->package, "import") < 0)
                rc = -1;
            p->any_items = true;
        }
    }
    wit_owner owner = {WIT_OWNER_WORLD, id};
    if (types(p, owner, w->package, tys, ntys, rf, nrf) < 0)
        rc = -1;
    for (uint32_t i = 0; i < w->nimports; i++) {
        const wit_world_item *it = &w->imports[i];
        if (it->kind != WIT_ITEM_FUNCTION || is_resource_func(&it->func))
            continue;
        if (world_item(p, it, w->package, "import") < 0)
            rc = -1;
        p->any_items = true;
    }
    if (w->nexports > 0)
        new_item(p);
    for (uint32_t i = 0; i < w->nexports; i++)
        if (world_item(p, &w->exports[i], w->package, "export") < 0)
            rc = -1;
done:
    wit_free(tys);
    wit_free(rf);
    p->any_items = prev;
    return rc;
}

static int package(pr *p, wit_id id, bool is_main)
{
    const wit_package *pkg = &p->r->packages[id];
    int rc = 0;
    docs(p, pkg->docs);
    put(p, "package ");
    ident(p, pkg->name.ns);
    put(p, ":");
    ident(p, pkg->name.name);
    if (pkg->name.version) {
        put(p, "@");
        put(p, pkg->name.version);
    }
    if (is_main) {
        semi(p);
        nl(p);
    } else {
        block_open(p);
    }
    for (uint32_t i = 0; i < pkg->nifaces; i++) {
        const wit_iface *it = &p->r->ifaces[pkg->ifaces[i].id];
        docs(p, it->docs);
        stability(p, &it->stability);
        put(p, "interface ");
        ident(p, pkg->ifaces[i].name);
        block_open(p);
        if (interface(p, pkg->ifaces[i].id) < 0)
            rc = -1;
        block_close(p);
        if (is_main)
            nl(p);
    }
    for (uint32_t i = 0; i < pkg->nworlds; i++) {
        const wit_world *w = &p->r->worlds[pkg->worlds[i].id];
        docs(p, w->docs);
        stability(p, &w->stability);
        put(p, "world ");
        ident(p, pkg->worlds[i].name);
        block_open(p);
        if (world(p, pkg->worlds[i].id) < 0)
            rc = -1;
        block_close(p);
    }
    if (!is_main)
        block_close(p);
    return rc;
}

int gen_print_wit(const wit_resolve *r, wit_id pkg, const wit_id *nested, uint32_t nnested,
                  const gen_print_opts *opts, wit_buf *out)
{
    pr p = {r, out, 0, true, false, !(opts && opts->no_docs)};
    int rc = package(&p, pkg, true);
    for (uint32_t i = 0; i < nnested; i++) {
        if (nested[i] == pkg)
            continue;
        nl(&p);
        if (package(&p, nested[i], false) < 0)
            rc = -1;
    }
    return (rc < 0 || out->oom) ? -1 : 0;
}

/* ---- --out-dir ---- */

static uint32_t count_same(const wit_resolve *r, const wit_pkg_name *n, bool by_version, bool by_ns)
{
    uint32_t c = 0;
    for (uint32_t i = 0; i < r->npackages; i++) {
        const wit_pkg_name *o = &r->packages[i].name;
        if (strcmp(o->name, n->name) != 0)
            continue;
        if (by_version && !str_eq(o->version, n->version))
            continue;
        if (by_ns && strcmp(o->ns, n->ns) != 0)
            continue;
        c++;
    }
    return c;
}

int gen_print_out_dir(const wit_resolve *r, wit_id main, const char *dir, const gen_print_opts *opts,
                      wit_buf *written)
{
    wit_buf text = WIT_BUF_INIT, path = WIT_BUF_INIT;
    int rc = -1;
    for (uint32_t i = 0; i < r->npackages; i++) {
        const wit_pkg_name *n = &r->packages[i].name;
        wit_buf_reset(&path);
        wit_buf_puts(&path, dir);
        if (i != main)
            wit_buf_puts(&path, "/deps");
        if (path.oom) {
            errno = ENOMEM;
            goto done;
        }
        if (wit_mkdirs(path.data) < 0)
            goto done;
        wit_buf_putc(&path, '/');
        if (count_same(r, n, false, false) == 1)
            wit_buf_printf(&path, "%s", n->name);
        else if (n->version && count_same(r, n, true, false) == 1)
            wit_buf_printf(&path, "%s@%s", n->name, n->version);
        else
            wit_buf_printf(&path, "%s:%s%s%s", n->ns, n->name, n->version ? "@" : "",
                           n->version ? n->version : "");
        wit_buf_puts(&path, ".wit");
        wit_buf_reset(&text);
        if (gen_print_wit(r, i, NULL, 0, opts, &text) < 0 || path.oom) {
            errno = ENOMEM;
            goto done;
        }
        if (wit_write_file_atomic(path.data, text.data, text.len) < 0)
            goto done;
        if (written) {
            wit_buf_puts(written, path.data);
            wit_buf_putc(written, '\n');
        }
    }
    rc = 0;
done:
    wit_buf_free(&text);
    wit_buf_free(&path);
    return rc;
}
