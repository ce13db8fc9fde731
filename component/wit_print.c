/* Prints a decoded component's world as WIT, in the layout `jco wit` (wit-component's
 * printer) uses, and dumps scope trees for tests.
 *
 * The world is read straight off the top-level imports and exports. An interface imported
 * or exported under an interface name prints as its name; one under a plain name prints its
 * body: the instance type for imports, or for an export the instance it names — an imported
 * instance, or an instance of a nested component, whose exports then are the interface.
 * A type reference prints as the name its index space entry carries (export, import or alias
 * name); an unnamed entry prints structurally (list<…>, option<…>, …). A type exported by an
 * interface that traces back, through outer aliases and instantiation arguments, to an export
 * alias of another interface instance prints as `use that-interface.{name}`. */
#include "component.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct pr {
    wit_buf *out;
    cmp_error *err;
    int failed;
    unsigned world_items; /* world items printed so far */
    unsigned depth;       /* nesting of anonymous types being printed */
    const char *self_pkg; /* "ns:pkg" whose interfaces print by bare name, or NULL */
    const char *self_ver; /* its version, or NULL */
    cmp_wit_meta_fn meta; /* docs/attributes before items, or NULL */
    void *meta_ctx;
} pr;

static void meta(pr *p, int ind, const char *kind, const char *name)
{
    if (p->meta)
        p->meta(p->meta_ctx, p->out, ind, kind, name);
}

/* An interface reference: bare when it names an interface of p->self_pkg. */
static void iface_ref(pr *p, const char *name)
{
    size_t n = p->self_pkg ? strlen(p->self_pkg) : 0;
    if (n && strncmp(name, p->self_pkg, n) == 0 && name[n] == '/') {
        const char *at = strchr(name + n + 1, '@');
        bool same = p->self_ver ? at && strcmp(at + 1, p->self_ver) == 0 : !at;
        if (same) {
            wit_buf_append(p->out, name + n + 1, at ? (size_t)(at - name - n - 1) : strlen(name + n + 1));
            return;
        }
    }
    wit_buf_puts(p->out, name);
}

#define MAX_PRINT_DEPTH 100

WIT_PRINTF(2, 3)
static void pfail(pr *p, const char *fmt, ...)
{
    if (!p->failed && p->err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
        va_end(ap);
    }
    p->failed = 1;
}

static void indent(pr *p, int n)
{
    for (int i = 0; i < n; i++)
        wit_buf_putc(p->out, ' ');
}

static const char *const keywords[] = {
    "as", "async", "bool", "borrow", "char", "constructor", "enum", "export", "f32", "f64",
    "flags", "from", "func", "future", "import", "include", "interface", "list", "option",
    "own", "package", "record", "resource", "result", "s16", "s32", "s64", "s8", "static",
    "stream", "string", "tuple", "type", "u16", "u32", "u64", "u8", "use", "variant", "with",
    "world", "error-context", "map", NULL,
};

static void ident(pr *p, const char *s)
{
    for (const char *const *k = keywords; *k; k++)
        if (strcmp(*k, s) == 0) {
            wit_buf_putc(p->out, '%');
            break;
        }
    wit_buf_puts(p->out, s);
}

/* ---- tracing type references ------------------------------------------------------------- */

/* Finds the definition in s->parent that instantiates nested component `c` (a def of the
 * parent), and returns the argument named `name`, or NULL. */
static const cmp_arg *instantiation_arg(const cmp_scope *c, const char *name)
{
    const cmp_scope *ps = c->parent;
    if (!ps)
        return NULL;
    for (uint32_t i = 0; i < ps->ndefs; i++) {
        const cmp_def *d = &ps->defs[i];
        if (d->kind != CMP_DEF_INSTANCE || !d->u.instance.instantiate)
            continue;
        const cmp_item *ci = cmp_scope_item(ps, CMP_SORT_COMPONENT, d->u.instance.component);
        if (!ci || ci->def >= ps->ndefs || ps->defs[ci->def].kind != CMP_DEF_COMPONENT ||
            ps->defs[ci->def].u.component != c)
            continue;
        for (uint32_t j = 0; j < d->u.instance.nargs; j++)
            if (strcmp(d->u.instance.args[j].name, name) == 0)
                return &d->u.instance.args[j];
    }
    return NULL;
}

/* Follows a type index through outer aliases, `eq` imports/exports of type scopes and
 * instantiation arguments to where it comes from. */
static void trace_type(const cmp_scope **sc, uint32_t *idx)
{
    for (int guard = 0; guard < 16; guard++) {
        const cmp_item *it = cmp_scope_item(*sc, CMP_SORT_TYPE, *idx);
        if (!it || it->def >= (*sc)->ndefs)
            return;
        const cmp_def *d = &(*sc)->defs[it->def];
        if (d->kind == CMP_DEF_ALIAS && d->u.alias.kind == CMP_ALIAS_OUTER) {
            const cmp_scope *o = *sc;
            for (uint32_t i = 0; i < d->u.alias.count && o; i++)
                o = o->parent;
            if (!o)
                return;
            *sc = o;
            *idx = d->u.alias.index;
        } else if (d->kind == CMP_DEF_IMPORT && (*sc)->kind == CMP_SCOPE_COMPONENT && (*sc)->parent) {
            const cmp_arg *a = instantiation_arg(*sc, d->u.import.name.name);
            if (!a || a->item.sort != CMP_SORT_TYPE)
                return;
            *sc = (*sc)->parent;
            *idx = a->item.index;
        } else if (d->kind == CMP_DEF_EXPORT && d->u.export.has_desc && d->u.export.desc.eq &&
                   (*sc)->kind != CMP_SCOPE_COMPONENT) {
            *idx = d->u.export.desc.type;
        } else if (d->kind == CMP_DEF_EXPORT && (*sc)->kind == CMP_SCOPE_COMPONENT) {
            *idx = d->u.export.item.index;
        } else {
            return;
        }
    }
}

/* If type index idx of sc comes from an export alias of an interface instance, returns the
 * interface name and sets *tname to the type's name there. */
static const char *used_from(const cmp_scope *sc, uint32_t idx, const char **tname)
{
    trace_type(&sc, &idx);
    const cmp_item *it = cmp_scope_item(sc, CMP_SORT_TYPE, idx);
    if (!it || it->def >= sc->ndefs)
        return NULL;
    const cmp_def *d = &sc->defs[it->def];
    if (d->kind != CMP_DEF_ALIAS || d->u.alias.kind != CMP_ALIAS_EXPORT)
        return NULL;
    const cmp_item *inst = cmp_scope_item(sc, CMP_SORT_INSTANCE, d->u.alias.instance);
    if (!inst || !inst->name)
        return NULL;
    *tname = d->u.alias.name;
    return inst->name;
}

/* ---- types --------------------------------------------------------------------------------- */

static void print_valtype(pr *p, const cmp_scope *sc, cmp_valtype v);

/* The name an unnamed entry's type is known by elsewhere in the scope, or NULL. */
static const char *name_of_type(const cmp_scope *sc, const cmp_type *t)
{
    for (uint32_t i = 0; i < sc->count[CMP_SORT_TYPE]; i++)
        if (sc->space[CMP_SORT_TYPE][i].type == t && sc->space[CMP_SORT_TYPE][i].name)
            return sc->space[CMP_SORT_TYPE][i].name;
    return NULL;
}

static void print_structural_at(pr *p, const cmp_type *t);

static void print_structural(pr *p, const cmp_type *t)
{
    if (p->depth >= MAX_PRINT_DEPTH) {
        pfail(p, "types nested deeper than %d levels", MAX_PRINT_DEPTH);
        return;
    }
    p->depth++;
    print_structural_at(p, t);
    p->depth--;
}

static void print_structural_at(pr *p, const cmp_type *t)
{
    const cmp_scope *sc = t->scope;
    if (p->failed)
        return;
    switch (t->kind) {
    case CMP_TYPE_PRIM:
        wit_buf_puts(p->out, cmp_prim_name(t->u.prim));
        return;
    case CMP_TYPE_LIST:
        wit_buf_puts(p->out, "list<");
        print_valtype(p, sc, t->u.list.elem);
        if (t->u.list.fixed_len)
            wit_buf_printf(p->out, ", %u", t->u.list.fixed_len);
        wit_buf_putc(p->out, '>');
        return;
    case CMP_TYPE_OPTION:
        wit_buf_puts(p->out, "option<");
        print_valtype(p, sc, t->u.option);
        wit_buf_putc(p->out, '>');
        return;
    case CMP_TYPE_RESULT:
        wit_buf_puts(p->out, "result");
        if (t->u.result.has_ok || t->u.result.has_err) {
            wit_buf_putc(p->out, '<');
            if (t->u.result.has_ok)
                print_valtype(p, sc, t->u.result.ok);
            else
                wit_buf_putc(p->out, '_');
            if (t->u.result.has_err) {
                wit_buf_puts(p->out, ", ");
                print_valtype(p, sc, t->u.result.err);
            }
            wit_buf_putc(p->out, '>');
        }
        return;
    case CMP_TYPE_TUPLE:
        wit_buf_puts(p->out, "tuple<");
        for (uint32_t i = 0; i < t->u.tuple.n; i++) {
            if (i)
                wit_buf_puts(p->out, ", ");
            print_valtype(p, sc, t->u.tuple.types[i]);
        }
        wit_buf_putc(p->out, '>');
        return;
    case CMP_TYPE_OWN:
    case CMP_TYPE_BORROW: {
        const cmp_item *it = cmp_scope_item(sc, CMP_SORT_TYPE, t->u.handle);
        const char *n = it ? it->name : NULL;
        if (!n && it)
            n = name_of_type(sc, it->type);
        if (!n) {
            pfail(p, "a handle refers to a resource without a name");
            return;
        }
        if (t->kind == CMP_TYPE_BORROW)
            wit_buf_puts(p->out, "borrow<");
        ident(p, n);
        if (t->kind == CMP_TYPE_BORROW)
            wit_buf_putc(p->out, '>');
        return;
    }
    case CMP_TYPE_FUTURE:
    case CMP_TYPE_STREAM:
        wit_buf_puts(p->out, t->kind == CMP_TYPE_FUTURE ? "future" : "stream");
        if (t->u.async_payload.has) {
            wit_buf_putc(p->out, '<');
            print_valtype(p, sc, t->u.async_payload.elem);
            wit_buf_putc(p->out, '>');
        }
        return;
    case CMP_TYPE_MAP:
        wit_buf_puts(p->out, "map<");
        print_valtype(p, sc, t->u.map.key);
        wit_buf_puts(p->out, ", ");
        print_valtype(p, sc, t->u.map.value);
        wit_buf_putc(p->out, '>');
        return;
    default: {
        const char *n = name_of_type(sc, t);
        if (n) {
            ident(p, n);
            return;
        }
        pfail(p, "an anonymous %s type cannot be written in WIT",
              t->kind == CMP_TYPE_RECORD    ? "record"
              : t->kind == CMP_TYPE_VARIANT ? "variant"
              : t->kind == CMP_TYPE_ENUM    ? "enum"
              : t->kind == CMP_TYPE_FLAGS   ? "flags"
                                            : "non-value");
        return;
    }
    }
}

static void print_valtype(pr *p, const cmp_scope *sc, cmp_valtype v)
{
    if (v.prim != CMP_PRIM_NONE) {
        wit_buf_puts(p->out, cmp_prim_name(v.prim));
        return;
    }
    const cmp_item *it = cmp_scope_item(sc, CMP_SORT_TYPE, v.index);
    if (!it) {
        pfail(p, "type index %u out of range", v.index);
        return;
    }
    if (it->name) {
        ident(p, it->name);
        return;
    }
    print_structural(p, it->type);
}

static void print_params(pr *p, const cmp_type *ft, uint32_t skip)
{
    wit_buf_putc(p->out, '(');
    for (uint32_t i = skip; i < ft->u.func.nparams; i++) {
        if (i > skip)
            wit_buf_puts(p->out, ", ");
        ident(p, ft->u.func.params[i].name);
        wit_buf_puts(p->out, ": ");
        print_valtype(p, ft->scope, ft->u.func.params[i].type);
    }
    wit_buf_putc(p->out, ')');
}

static void print_result(pr *p, const cmp_type *ft)
{
    if (ft->u.func.has_result) {
        wit_buf_puts(p->out, " -> ");
        print_valtype(p, ft->scope, ft->u.func.result);
    }
}

/* `func(…) -> R` */
static void print_functype(pr *p, const cmp_type *ft)
{
    if (!ft || ft->kind != CMP_TYPE_FUNC) {
        pfail(p, "a function of unknown type");
        return;
    }
    wit_buf_puts(p->out, ft->u.func.async ? "async func" : "func");
    print_params(p, ft, 0);
    print_result(p, ft);
}

/* ---- interface bodies ------------------------------------------------------------------------- */

/* The type index an export of `body` names (target of eq, or the exported item). */
static bool export_target(const cmp_scope *body, const cmp_def *d, uint32_t *idx)
{
    if (body->kind == CMP_SCOPE_COMPONENT) {
        *idx = d->u.export.item.index;
        return true;
    }
    if (d->u.export.desc.eq) {
        *idx = d->u.export.desc.type;
        return true;
    }
    return false;
}

static const char *resource_of(const char *fname, cmp_name_kind k, const char **member)
{
    /* [constructor]r, [method]r.m, [static]r.m → r (and m) */
    static char buf[256];
    const char *s = strchr(fname, ']') + 1;
    const char *dot = k == CMP_NAME_CONSTRUCTOR ? NULL : strchr(s, '.');
    size_t n = dot ? (size_t)(dot - s) : strlen(s);
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    *member = dot ? dot + 1 : NULL;
    return buf;
}

static const cmp_type *export_func_type(const cmp_scope *body, const cmp_def *d)
{
    const cmp_item *it = cmp_scope_item(body, CMP_SORT_FUNC, d->index);
    return it ? it->type : NULL;
}

static void print_resource(pr *p, const cmp_scope *body, const char *rname, int ind, cmp_def_kind dk)
{
    uint32_t nfuncs = 0;
    indent(p, ind);
    wit_buf_puts(p->out, "resource ");
    ident(p, rname);
    for (uint32_t i = 0; i < body->ndefs; i++) {
        const cmp_def *d = &body->defs[i];
        const char *member;
        if (d->kind != dk || d->sort != CMP_SORT_FUNC)
            continue;
        const cmp_extern_name *en = dk == CMP_DEF_IMPORT ? &d->u.import.name : &d->u.export.name;
        cmp_name_kind k = en->kind;
        if (k != CMP_NAME_CONSTRUCTOR && k != CMP_NAME_METHOD && k != CMP_NAME_STATIC)
            continue;
        if (strcmp(resource_of(en->name, k, &member), rname) != 0)
            continue;
        const cmp_type *ft = export_func_type(body, d);
        if (!ft || ft->kind != CMP_TYPE_FUNC) {
            pfail(p, "resource function `%s` of unknown type", en->name);
            return;
        }
        wit_buf_puts(p->out, nfuncs++ ? "\n" : " {\n");
        meta(p, ind + 2, "func", en->name);
        indent(p, ind + 2);
        if (k == CMP_NAME_CONSTRUCTOR) {
            wit_buf_puts(p->out, "constructor");
            print_params(p, ft, 0);
            /* a fallible constructor returns result<own r, E>: print `-> result<_, E>`… as
             * wit-parser spells it only when the result is not plain own r */
            if (ft->u.func.has_result) {
                const cmp_item *ri = ft->u.func.result.prim ? NULL
                                     : cmp_scope_item(ft->scope, CMP_SORT_TYPE, ft->u.func.result.index);
                if (ri && ri->type->kind == CMP_TYPE_RESULT)
                    print_result(p, ft);
            }
        } else {
            ident(p, member);
            wit_buf_puts(p->out, k == CMP_NAME_STATIC ? ": static " : ": ");
            wit_buf_puts(p->out, ft->u.func.async ? "async func" : "func");
            print_params(p, ft, k == CMP_NAME_METHOD ? 1 : 0);
            print_result(p, ft);
        }
        wit_buf_putc(p->out, ';');
    }
    wit_buf_puts(p->out, nfuncs ? "\n" : ";\n");
    if (nfuncs) {
        indent(p, ind);
        wit_buf_puts(p->out, "}\n");
    }
}

static void print_labels_block(pr *p, const char *kw, const char *name, const cmp_type *t, int ind)
{
    indent(p, ind);
    wit_buf_printf(p->out, "%s ", kw);
    ident(p, name);
    wit_buf_puts(p->out, " {\n");
    for (uint32_t i = 0; i < t->u.labels.n; i++) {
        meta(p, ind + 2, "item", t->u.labels.names[i]);
        indent(p, ind + 2);
        ident(p, t->u.labels.names[i]);
        wit_buf_puts(p->out, ",\n");
    }
    indent(p, ind);
    wit_buf_puts(p->out, "}\n");
}

/* One named type of an interface body: a definition, or `type name = other`. */
static void print_type_item(pr *p, const cmp_scope *body, const char *name, uint32_t target, int ind,
                            bool world)
{
    const cmp_item *it = cmp_scope_item(body, CMP_SORT_TYPE, target);
    if (!it) {
        pfail(p, "type index %u out of range", target);
        return;
    }
    /* `type name = other`: in a type scope any named entry; in a concrete component only
     * another export (its imports carry generated names like import-type-x) */
    if (it->name && (body->kind != CMP_SCOPE_COMPONENT || world ||
                     (it->def < body->ndefs && body->defs[it->def].kind == CMP_DEF_EXPORT))) {
        indent(p, ind);
        wit_buf_puts(p->out, "type ");
        ident(p, name);
        wit_buf_puts(p->out, " = ");
        ident(p, it->name);
        wit_buf_puts(p->out, ";\n");
        return;
    }
    const cmp_type *t = it->type;
    switch (t->kind) {
    case CMP_TYPE_RECORD:
    case CMP_TYPE_VARIANT:
        indent(p, ind);
        wit_buf_puts(p->out, t->kind == CMP_TYPE_RECORD ? "record " : "variant ");
        ident(p, name);
        wit_buf_puts(p->out, " {\n");
        for (uint32_t i = 0; i < (t->kind == CMP_TYPE_RECORD ? t->u.record.n : t->u.variant.n); i++) {
            meta(p, ind + 2, "item",
                 t->kind == CMP_TYPE_RECORD ? t->u.record.fields[i].name : t->u.variant.cases[i].name);
            indent(p, ind + 2);
            if (t->kind == CMP_TYPE_RECORD) {
                ident(p, t->u.record.fields[i].name);
                wit_buf_puts(p->out, ": ");
                print_valtype(p, t->scope, t->u.record.fields[i].type);
            } else {
                ident(p, t->u.variant.cases[i].name);
                if (t->u.variant.cases[i].has_type) {
                    wit_buf_putc(p->out, '(');
                    print_valtype(p, t->scope, t->u.variant.cases[i].type);
                    wit_buf_putc(p->out, ')');
                }
            }
            wit_buf_puts(p->out, ",\n");
        }
        indent(p, ind);
        wit_buf_puts(p->out, "}\n");
        return;
    case CMP_TYPE_ENUM:
        print_labels_block(p, "enum", name, t, ind);
        return;
    case CMP_TYPE_FLAGS:
        print_labels_block(p, "flags", name, t, ind);
        return;
    case CMP_TYPE_RESOURCE:
    case CMP_TYPE_ABSTRACT_RESOURCE:
        print_resource(p, body, name, ind, world ? CMP_DEF_IMPORT : CMP_DEF_EXPORT);
        return;
    default:
        indent(p, ind);
        wit_buf_puts(p->out, "type ");
        ident(p, name);
        wit_buf_puts(p->out, " = ");
        print_structural(p, t);
        wit_buf_puts(p->out, ";\n");
        return;
    }
}

/* Prints the items of an interface body: `use` lines, types (resources with their
 * functions), then free functions, each separated by a blank line. */
static void print_body(pr *p, const cmp_scope *body, int ind)
{
    bool any = false;
    /* use lines, grouped by interface in first-use order */
    for (uint32_t i = 0; i < body->ndefs; i++) {
        const cmp_def *d = &body->defs[i];
        uint32_t tgt;
        const char *tname, *iface;
        bool seen = false;
        if (d->kind != CMP_DEF_EXPORT || d->sort != CMP_SORT_TYPE || !export_target(body, d, &tgt))
            continue;
        if (!(iface = used_from(body, tgt, &tname)))
            continue;
        for (uint32_t j = 0; j < i && !seen; j++) {
            const cmp_def *e = &body->defs[j];
            uint32_t t2;
            const char *n2, *i2;
            if (e->kind == CMP_DEF_EXPORT && e->sort == CMP_SORT_TYPE && export_target(body, e, &t2) &&
                (i2 = used_from(body, t2, &n2)) && strcmp(i2, iface) == 0)
                seen = true;
        }
        if (seen)
            continue;
        meta(p, ind, "use", d->u.export.name.name);
        indent(p, ind);
        wit_buf_puts(p->out, "use ");
        iface_ref(p, iface);
        wit_buf_puts(p->out, ".{");
        bool first = true;
        for (uint32_t j = i; j < body->ndefs; j++) {
            const cmp_def *e = &body->defs[j];
            uint32_t t2;
            const char *n2, *i2;
            if (e->kind == CMP_DEF_EXPORT && e->sort == CMP_SORT_TYPE && export_target(body, e, &t2) &&
                (i2 = used_from(body, t2, &n2)) && strcmp(i2, iface) == 0) {
                if (!first)
                    wit_buf_puts(p->out, ", ");
                first = false;
                ident(p, n2);
                if (strcmp(n2, e->u.export.name.name) != 0) {
                    wit_buf_puts(p->out, " as ");
                    ident(p, e->u.export.name.name);
                }
            }
        }
        wit_buf_puts(p->out, "};\n");
        any = true;
    }
    /* types */
    for (uint32_t i = 0; i < body->ndefs; i++) {
        const cmp_def *d = &body->defs[i];
        uint32_t tgt;
        const char *tname;
        if (d->kind != CMP_DEF_EXPORT || d->sort != CMP_SORT_TYPE)
            continue;
        if (export_target(body, d, &tgt) && used_from(body, tgt, &tname))
            continue;
        if (any)
            wit_buf_putc(p->out, '\n');
        any = true;
        meta(p, ind, "type", d->u.export.name.name);
        if (!export_target(body, d, &tgt))
            print_resource(p, body, d->u.export.name.name, ind, CMP_DEF_EXPORT);
        else
            print_type_item(p, body, d->u.export.name.name, tgt, ind, false);
    }
    /* free functions */
    for (uint32_t i = 0; i < body->ndefs; i++) {
        const cmp_def *d = &body->defs[i];
        if (d->kind != CMP_DEF_EXPORT || d->sort != CMP_SORT_FUNC ||
            d->u.export.name.kind == CMP_NAME_CONSTRUCTOR || d->u.export.name.kind == CMP_NAME_METHOD ||
            d->u.export.name.kind == CMP_NAME_STATIC)
            continue;
        if (any)
            wit_buf_putc(p->out, '\n');
        any = true;
        meta(p, ind, "func", d->u.export.name.name);
        indent(p, ind);
        ident(p, d->u.export.name.name);
        wit_buf_puts(p->out, ": ");
        print_functype(p, export_func_type(body, d));
        wit_buf_puts(p->out, ";\n");
    }
}

/* The scope whose exports make up instance `idx` of `sc`: its instance type's body, the
 * nested component it instantiates, or (through an export alias) NULL when unknown. */
static const cmp_scope *instance_body(const cmp_scope *sc, uint32_t idx)
{
    const cmp_item *it = cmp_scope_item(sc, CMP_SORT_INSTANCE, idx);
    if (!it)
        return NULL;
    if (it->type && it->type->kind == CMP_TYPE_INSTANCE)
        return it->type->u.body;
    if (it->def >= sc->ndefs)
        return NULL;
    const cmp_def *d = &sc->defs[it->def];
    if (d->kind == CMP_DEF_EXPORT && d->sort == CMP_SORT_INSTANCE)
        return instance_body(sc, d->u.export.item.index);
    if (d->kind == CMP_DEF_INSTANCE && d->u.instance.instantiate) {
        const cmp_item *ci = cmp_scope_item(sc, CMP_SORT_COMPONENT, d->u.instance.component);
        if (ci && ci->def < sc->ndefs && sc->defs[ci->def].kind == CMP_DEF_COMPONENT)
            return sc->defs[ci->def].u.component;
    }
    return NULL;
}

static void print_world_item(pr *p, const cmp_scope *root, const cmp_def *d, bool import)
{
    const cmp_extern_name *n = import ? &d->u.import.name : &d->u.export.name;
    const char *kw = import ? "import " : "export ";
    switch (d->sort) {
    case CMP_SORT_INSTANCE:
        meta(p, 2, kw, n->name);
        indent(p, 2);
        wit_buf_puts(p->out, kw);
        if (n->kind == CMP_NAME_INTERFACE) {
            iface_ref(p, n->name);
            wit_buf_puts(p->out, ";\n");
            return;
        } else {
            const cmp_scope *body = instance_body(root, d->index);
            if (!body) {
                pfail(p, "the type of %s `%s` is unknown", import ? "import" : "export", n->name);
                return;
            }
            ident(p, n->name);
            wit_buf_puts(p->out, ": interface {\n");
            print_body(p, body, 4);
            indent(p, 2);
            wit_buf_puts(p->out, "}\n");
        }
        return;
    case CMP_SORT_FUNC: {
        const cmp_item *it = cmp_scope_item(root, CMP_SORT_FUNC, d->index);
        if (n->kind == CMP_NAME_CONSTRUCTOR || n->kind == CMP_NAME_METHOD || n->kind == CMP_NAME_STATIC)
            return; /* printed inside its resource */
        meta(p, 2, kw, n->name);
        indent(p, 2);
        wit_buf_puts(p->out, kw);
        ident(p, n->name);
        wit_buf_puts(p->out, ": ");
        print_functype(p, it ? it->type : NULL);
        wit_buf_puts(p->out, ";\n");
        return;
    }
    case CMP_SORT_TYPE: {
        const char *tname, *iface;
        if (!import)
            return; /* exported types are not part of a world */
        if (d->u.import.desc.eq && (iface = used_from(root, d->u.import.desc.type, &tname))) {
            /* one `use` per interface, listing every type the world imports from it */
            const cmp_def *first = NULL;
            for (const cmp_def *e = root->defs; e < root->defs + root->ndefs && !first; e++) {
                const char *n2, *i2;
                if (e->kind == CMP_DEF_IMPORT && e->sort == CMP_SORT_TYPE && e->u.import.desc.eq &&
                    (i2 = used_from(root, e->u.import.desc.type, &n2)) && strcmp(i2, iface) == 0)
                    first = e;
            }
            if (first != d)
                return;
            indent(p, 2);
            wit_buf_puts(p->out, "use ");
            iface_ref(p, iface);
            wit_buf_puts(p->out, ".{");
            bool sep = false;
            for (const cmp_def *e = d; e < root->defs + root->ndefs; e++) {
                const char *n2, *i2;
                if (!(e->kind == CMP_DEF_IMPORT && e->sort == CMP_SORT_TYPE && e->u.import.desc.eq &&
                      (i2 = used_from(root, e->u.import.desc.type, &n2)) && strcmp(i2, iface) == 0))
                    continue;
                if (sep)
                    wit_buf_puts(p->out, ", ");
                sep = true;
                ident(p, n2);
                if (strcmp(n2, e->u.import.name.name) != 0) {
                    wit_buf_puts(p->out, " as ");
                    ident(p, e->u.import.name.name);
                }
            }
            wit_buf_puts(p->out, "};\n");
            return;
        }
        if (p->world_items)
            wit_buf_putc(p->out, '\n');
        if (d->u.import.desc.eq)
            print_type_item(p, root, n->name, d->u.import.desc.type, 2, true);
        else
            print_resource(p, root, n->name, 2, CMP_DEF_IMPORT);
        return;
    }
    default:
        pfail(p, "a world cannot %s a %s (`%s`)", import ? "import" : "export", cmp_sort_name(d->sort),
              n->name);
        return;
    }
}

int cmp_print_wit(const cmp_component *c, wit_buf *out, cmp_error *err)
{
    pr p = {out, err, 0, 0, 0, NULL, NULL, NULL, NULL};
    const cmp_scope *root = c->root;
    bool any_import = false;
    if (err)
        memset(err, 0, sizeof *err);
    wit_buf_puts(out, "package root:component;\n\nworld root {\n");
    for (uint32_t i = 0; i < root->ndefs && !p.failed; i++)
        if (root->defs[i].kind == CMP_DEF_IMPORT) {
            print_world_item(&p, root, &root->defs[i], true);
            any_import = true;
            p.world_items++;
        }
    bool first_export = true;
    for (uint32_t i = 0; i < root->ndefs && !p.failed; i++) {
        const cmp_def *d = &root->defs[i];
        if (d->kind != CMP_DEF_EXPORT || d->sort == CMP_SORT_TYPE || d->sort == CMP_SORT_CORE_MODULE ||
            d->sort == CMP_SORT_COMPONENT)
            continue;
        if (first_export && any_import)
            wit_buf_putc(out, '\n');
        first_export = false;
        print_world_item(&p, root, d, false);
    }
    wit_buf_puts(out, "}\n");
    return p.failed ? -1 : 0;
}

int cmp_print_wit_iface_body(const cmp_scope *body, const char *self_pkg, const char *self_ver,
                             int indent_by, cmp_wit_meta_fn meta_fn, void *meta_ctx, wit_buf *out,
                             cmp_error *err)
{
    pr p = {out, err, 0, 0, 0, self_pkg, self_ver, meta_fn, meta_ctx};
    if (err)
        memset(err, 0, sizeof *err);
    print_body(&p, body, indent_by);
    return p.failed ? -1 : 0;
}

int cmp_print_wit_world_body(const cmp_scope *body, const char *self_pkg, const char *self_ver,
                             cmp_wit_meta_fn meta_fn, void *meta_ctx, wit_buf *out, cmp_error *err)
{
    pr p = {out, err, 0, 0, 0, self_pkg, self_ver, meta_fn, meta_ctx};
    if (err)
        memset(err, 0, sizeof *err);
    for (int pass = 0; pass < 2 && !p.failed; pass++)
        for (uint32_t i = 0; i < body->ndefs && !p.failed; i++) {
            const cmp_def *d = &body->defs[i];
            if (d->kind != (pass ? CMP_DEF_EXPORT : CMP_DEF_IMPORT))
                continue;
            print_world_item(&p, body, d, pass == 0);
            p.world_items++;
        }
    return p.failed ? -1 : 0;
}

/* ---- dump ----------------------------------------------------------------------------------------- */

static const char *def_kind_name(cmp_def_kind k)
{
    static const char *const names[] = {"custom", "core module", "core instance", "core type",
                                        "component", "instance", "alias", "type", "canon",
                                        "start", "import", "export"};
    return names[k];
}

static void dump_scope(const cmp_scope *s, wit_buf *out, int ind)
{
    for (int i = 0; i < ind; i++)
        wit_buf_putc(out, ' ');
    wit_buf_printf(out, "%s @%u:",
                   s->kind == CMP_SCOPE_COMPONENT        ? "component"
                   : s->kind == CMP_SCOPE_COMPONENT_TYPE ? "component-type"
                                                         : "instance-type",
                   s->offset);
    for (int k = 0; k < CMP_SORT_COUNT; k++)
        if (s->count[k])
            wit_buf_printf(out, " %s=%u", cmp_sort_name((cmp_sort)k), s->count[k]);
    wit_buf_putc(out, '\n');
    for (uint32_t i = 0; i < s->ndefs; i++) {
        const cmp_def *d = &s->defs[i];
        for (int j = 0; j < ind + 2; j++)
            wit_buf_putc(out, ' ');
        wit_buf_printf(out, "%s", def_kind_name(d->kind));
        if (d->sort != CMP_SORT_NONE) {
            const char *dn = cmp_debug_name(s, d->sort, d->index);
            wit_buf_printf(out, " -> %s %u", cmp_sort_name(d->sort), d->index);
            if (dn)
                wit_buf_printf(out, " $%s", dn);
        }
        switch (d->kind) {
        case CMP_DEF_CUSTOM:
            wit_buf_printf(out, " \"%s\" (%u bytes)", d->u.custom.name, d->u.custom.data_len);
            break;
        case CMP_DEF_CORE_MODULE:
            wit_buf_printf(out, " @%u+%u exports=%u", d->u.module.offset, d->u.module.len,
                           d->u.module.nexports);
            break;
        case CMP_DEF_IMPORT:
            wit_buf_printf(out, " \"%s\"", d->u.import.name.name);
            break;
        case CMP_DEF_EXPORT:
            wit_buf_printf(out, " \"%s\"", d->u.export.name.name);
            break;
        case CMP_DEF_ALIAS:
            if (d->u.alias.kind == CMP_ALIAS_OUTER)
                wit_buf_printf(out, " outer %u %u", d->u.alias.count, d->u.alias.index);
            else
                wit_buf_printf(out, " %sexport %u \"%s\"",
                               d->u.alias.kind == CMP_ALIAS_CORE_EXPORT ? "core " : "",
                               d->u.alias.instance, d->u.alias.name);
            break;
        case CMP_DEF_CANON:
            wit_buf_printf(out, " %s", cmp_canon_name(d->u.canon.kind));
            break;
        case CMP_DEF_CORE_INSTANCE:
            if (d->u.core_instance.instantiate)
                wit_buf_printf(out, " instantiate module %u args=%u", d->u.core_instance.module,
                               d->u.core_instance.nargs);
            else
                wit_buf_printf(out, " exports=%u", d->u.core_instance.nargs);
            break;
        case CMP_DEF_INSTANCE:
            if (d->u.instance.instantiate)
                wit_buf_printf(out, " instantiate component %u args=%u", d->u.instance.component,
                               d->u.instance.nargs);
            else
                wit_buf_printf(out, " exports=%u", d->u.instance.nargs);
            break;
        default:
            break;
        }
        wit_buf_putc(out, '\n');
        if (d->kind == CMP_DEF_COMPONENT)
            dump_scope(d->u.component, out, ind + 4);
        if (d->kind == CMP_DEF_TYPE &&
            (d->u.type->kind == CMP_TYPE_COMPONENT || d->u.type->kind == CMP_TYPE_INSTANCE))
            dump_scope(d->u.type->u.body, out, ind + 4);
    }
}

void cmp_dump(const cmp_component *c, wit_buf *out)
{
    dump_scope(c->root, out, 0);
}
