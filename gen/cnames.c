/* C naming for generated bindings, as wit-bindgen's C backend names things, plus the
 * fixes witc documents in docs/bindgen-c.md (exports_ for plain-named exported
 * interfaces, unsigned flag masks, version in prefixes only when needed).
 *
 * The idea: every C name is a pure function of (WIT item, import-or-export copy), cached
 * per type id, so the same WIT type always prints the same way and anonymous types built
 * from the same parts get the same name — which is what lets the emitter deduplicate
 * their definitions by name. */
#include "cnames.h"

#include <ctype.h>
#include <string.h>

static char *conv(wit_arena *a, const char *name, bool upper)
{
    size_t n = strlen(name);
    char *s = wit_arena_alloc(a, n + 1);
    if (!s)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (isalnum(c) || c == '_')
            s[i] = (char)(upper ? toupper(c) : tolower(c));
        else
            s[i] = '_';
    }
    return s;
}

char *gen_c_snake(wit_arena *a, const char *name)
{
    return conv(a, name, false);
}

char *gen_c_shouty(wit_arena *a, const char *name)
{
    return conv(a, name, true);
}

static const char *const reserved[] = {
    /* C11 */
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
    "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
    "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
    "volatile", "while", "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic",
    "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local",
    /* C++ */
    "alignas", "alignof", "and", "and_eq", "asm", "bitand", "bitor", "bool", "catch", "char8_t",
    "char16_t", "char32_t", "class", "compl", "concept", "consteval", "constexpr", "constinit",
    "const_cast", "co_await", "co_return", "co_yield", "decltype", "delete", "dynamic_cast",
    "explicit", "export", "false", "friend", "mutable", "namespace", "new", "noexcept", "not",
    "not_eq", "nullptr", "operator", "or", "or_eq", "private", "protected", "public",
    "reinterpret_cast", "requires", "static_assert", "static_cast", "template", "this",
    "thread_local", "throw", "true", "try", "typeid", "typename", "using", "virtual", "wchar_t",
    "xor", "xor_eq",
    /* wit-bindgen's extra list, and macros of <stdbool.h>/<stddef.h>/<stdio.h> */
    "ret", "err", "stdin", "stdout", "stderr", "NULL", "errno", "assert", "offsetof",
    NULL,
};

bool gen_c_is_reserved(const char *ident)
{
    for (int i = 0; reserved[i]; i++)
        if (strcmp(reserved[i], ident) == 0)
            return true;
    return false;
}

char *gen_c_ident(wit_arena *a, const char *name)
{
    char *s = gen_c_snake(a, name);
    if (s && gen_c_is_reserved(s))
        s = wit_arena_printf(a, "%s_", s);
    return s;
}

/* ---- context ---- */

static int unique_prefixes(gen_cnames *n);

int gen_cnames_init(gen_cnames *n, const wit_resolve *r, wit_id world, wit_arena *a)
{
    memset(n, 0, sizeof *n);
    n->r = r;
    n->world = world;
    n->a = a;
    n->cur_iface = WIT_NONE;
    n->world_snake = gen_c_snake(a, r->worlds[world].name);
    n->world_shouty = gen_c_shouty(a, r->worlds[world].name);
    for (int k = 0; k < 2; k++) {
        n->iface_prefix[k] = wit_arena_alloc(a, sizeof(char *) * (r->nifaces + 1));
        n->type_name[k] = wit_arena_alloc(a, sizeof(char *) * (r->ntypes + 1));
    }
    n->pkg_multi = wit_arena_alloc(a, sizeof(bool) * (r->npackages + 1));
    if (!n->world_snake || !n->world_shouty || !n->iface_prefix[0] || !n->iface_prefix[1] ||
        !n->type_name[0] || !n->type_name[1] || !n->pkg_multi)
        return -1;
    for (uint32_t i = 0; i < r->npackages; i++)
        for (uint32_t j = 0; j < r->npackages; j++)
            if (i != j && strcmp(r->packages[i].name.ns, r->packages[j].name.ns) == 0 &&
                strcmp(r->packages[i].name.name, r->packages[j].name.name) == 0)
                n->pkg_multi[i] = true;
    return unique_prefixes(n);
}

static const wit_world_item *find_item(const gen_cnames *n, wit_id iface, bool exported)
{
    const wit_world *w = &n->r->worlds[n->world];
    const wit_world_item *items = exported ? w->exports : w->imports;
    uint32_t count = exported ? w->nexports : w->nimports;
    for (uint32_t i = 0; i < count; i++)
        if (items[i].kind == WIT_ITEM_INTERFACE && items[i].id == iface)
            return &items[i];
    return NULL;
}

const char *gen_cnames_key_name(const gen_cnames *n, wit_id iface)
{
    const wit_world_item *it = find_item(n, iface, false);
    if (!it)
        it = find_item(n, iface, true);
    if (it && it->key.kind == WIT_KEY_NAME)
        return it->key.name;
    return NULL;
}

bool gen_cnames_iface_exported(const gen_cnames *n, wit_id iface)
{
    return find_item(n, iface, true) != NULL;
}

static char *iface_base(gen_cnames *n, wit_id iface)
{
    const wit_iface *in = &n->r->ifaces[iface];
    const char *key = gen_cnames_key_name(n, iface);
    if (key || in->package == WIT_NONE)
        return gen_c_snake(n->a, key ? key : (in->name ? in->name : "anon"));
    const wit_package *p = &n->r->packages[in->package];
    char *ns = gen_c_snake(n->a, p->name.ns), *pk = gen_c_snake(n->a, p->name.name);
    char *nm = gen_c_snake(n->a, in->name);
    if (!ns || !pk || !nm)
        return NULL;
    if (n->pkg_multi[in->package] && p->name.version)
        return wit_arena_printf(n->a, "%s_%s_%s_%s", ns, pk, gen_c_snake(n->a, p->name.version), nm);
    return wit_arena_printf(n->a, "%s_%s_%s", ns, pk, nm);
}

const char *gen_cnames_iface_prefix(gen_cnames *n, wit_id iface, bool exported)
{
    char **slot = &n->iface_prefix[exported][iface];
    if (*slot)
        return *slot;
    char *base = n->iface_prefix[0][iface];
    if (!base)
        base = n->iface_prefix[0][iface] = iface_base(n, iface);
    if (!base)
        return NULL;
    *slot = exported ? wit_arena_printf(n->a, "exports_%s", base) : base;
    return *slot;
}

/* Two interfaces of the world must not share a prefix (`a:b/c-d` and `a:b-c/d` both give
 * `a_b_c_d`): the later one, in world order, gets `_2`, `_3`, … Imports are compared with
 * imports and exports with exports (whose C names all start with `exports_`), so a
 * plain-named `import x` and `export x` both keep `x`. */
static bool base_taken(gen_cnames *n, const wit_id *seen, uint32_t nseen, const char *cand)
{
    for (uint32_t j = 0; j < nseen; j++)
        if (strcmp(n->iface_prefix[0][seen[j]], cand) == 0)
            return true;
    return false;
}

static int assign_base(gen_cnames *n, wit_id iface, const wit_id *seen, uint32_t nseen)
{
    char *base = iface_base(n, iface), *cand = base;
    for (unsigned k = 2; cand && base_taken(n, seen, nseen, cand); k++)
        cand = wit_arena_printf(n->a, "%s_%u", base, k);
    n->iface_prefix[0][iface] = cand;
    return cand ? 0 : -1;
}

static int unique_prefixes(gen_cnames *n)
{
    const wit_world *w = &n->r->worlds[n->world];
    wit_id *imp = wit_arena_alloc(n->a, sizeof(wit_id) * (w->nimports + 1));
    wit_id *exp = wit_arena_alloc(n->a, sizeof(wit_id) * (w->nexports + 1));
    uint32_t ni = 0, ne = 0;
    if (!imp || !exp)
        return -1;
    for (uint32_t i = 0; i < w->nimports; i++) {
        const wit_world_item *it = &w->imports[i];
        if (it->kind != WIT_ITEM_INTERFACE || n->iface_prefix[0][it->id])
            continue;
        if (assign_base(n, it->id, imp, ni) < 0)
            return -1;
        imp[ni++] = it->id;
    }
    /* exported interfaces that are also imported keep their base */
    for (uint32_t i = 0; i < w->nexports; i++)
        if (w->exports[i].kind == WIT_ITEM_INTERFACE && n->iface_prefix[0][w->exports[i].id])
            exp[ne++] = w->exports[i].id;
    for (uint32_t i = 0; i < w->nexports; i++) {
        const wit_world_item *it = &w->exports[i];
        if (it->kind != WIT_ITEM_INTERFACE || n->iface_prefix[0][it->id])
            continue;
        if (assign_base(n, it->id, exp, ne) < 0)
            return -1;
        exp[ne++] = it->id;
    }
    return 0;
}

int gen_cnames_set_prefix(gen_cnames *n, wit_id iface, const char *prefix)
{
    char *p = gen_c_snake(n->a, prefix);
    if (!p)
        return -1;
    n->iface_prefix[0][iface] = p;
    n->iface_prefix[1][iface] = NULL;
    return 0;
}

const char *gen_cnames_owner_prefix(gen_cnames *n, wit_owner owner, bool exported)
{
    if (owner.kind == WIT_OWNER_INTERFACE)
        return gen_cnames_iface_prefix(n, owner.id,
                                       exported && gen_cnames_iface_exported(n, owner.id));
    return n->world_snake;
}

static const char *short_of(gen_cnames *n, wit_id iface)
{
    const char *key = gen_cnames_key_name(n, iface);
    const char *nm = n->r->ifaces[iface].name;
    return gen_c_snake(n->a, key ? key : nm ? nm : "anon");
}

const char *gen_cnames_export_short(gen_cnames *n, wit_id iface)
{
    const wit_world *w = &n->r->worlds[n->world];
    const char *mine = short_of(n, iface);
    if (!mine)
        return NULL;
    for (uint32_t i = 0; i < w->nexports; i++) {
        const wit_world_item *it = &w->exports[i];
        if (it->kind != WIT_ITEM_INTERFACE || it->id == iface)
            continue;
        const char *other = short_of(n, it->id);
        if (!other)
            return NULL;
        if (strcmp(other, mine) == 0)
            return gen_cnames_iface_prefix(n, iface, false);
    }
    return mine;
}

const char *gen_cnames_core_module(gen_cnames *n, wit_owner owner)
{
    if (owner.kind != WIT_OWNER_INTERFACE)
        return "$root";
    const wit_iface *in = &n->r->ifaces[owner.id];
    const char *key = gen_cnames_key_name(n, owner.id);
    if (key || in->package == WIT_NONE)
        return key ? key : in->name;
    const wit_package *p = &n->r->packages[in->package];
    if (p->name.version)
        return wit_arena_printf(n->a, "%s:%s/%s@%s", p->name.ns, p->name.name, in->name, p->name.version);
    return wit_arena_printf(n->a, "%s:%s/%s", p->name.ns, p->name.name, in->name);
}

const char *gen_cnames_func(gen_cnames *n, wit_owner owner, const wit_func *f, bool exported)
{
    char *fn = gen_c_snake(n->a, f->name);
    if (!fn)
        return NULL;
    /* "[method]r.m" -> "_method_r_m" -> drop the leading '_' */
    char *s = fn;
    if (*s == '_')
        s++;
    if (owner.kind == WIT_OWNER_INTERFACE)
        return wit_arena_printf(n->a, "%s_%s", gen_cnames_iface_prefix(n, owner.id, exported), s);
    return wit_arena_printf(n->a, "%s%s_%s", exported ? "exports_" : "", n->world_snake, s);
}

/* ---- types ---- */

static wit_id dealias_id(const wit_resolve *r, wit_id id)
{
    while (r->types[id].kind == WIT_TD_ALIAS && r->types[id].u.elem.prim == WIT_TYPE_ID)
        id = r->types[id].u.elem.id;
    return id;
}

wit_id gen_cnames_handle_resource(const gen_cnames *n, const wit_typedef *handle)
{
    return dealias_id(n->r, handle->u.handle.resource);
}

/* Calls fn on each named type (or handle's resource) directly inside anonymous type t,
 * descending through anonymous parts; stops when fn returns true. */
static bool any_part(const gen_cnames *n, wit_type t, bool (*fn)(const gen_cnames *, wit_id, void *), void *ctx)
{
    if (t.prim != WIT_TYPE_ID)
        return false;
    const wit_typedef *td = &n->r->types[t.id];
    if (td->name)
        return fn(n, t.id, ctx);
    switch (td->kind) {
    case WIT_TD_TUPLE:
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            if (any_part(n, td->u.tuple.types[i], fn, ctx))
                return true;
        return false;
    case WIT_TD_OPTION: case WIT_TD_LIST: case WIT_TD_ALIAS: return any_part(n, td->u.elem, fn, ctx);
    case WIT_TD_FIXED_LIST: return any_part(n, td->u.fixed.elem, fn, ctx);
    case WIT_TD_MAP: return any_part(n, td->u.map.key, fn, ctx) || any_part(n, td->u.map.value, fn, ctx);
    case WIT_TD_RESULT:
        return (td->u.result.has_ok && any_part(n, td->u.result.ok, fn, ctx)) ||
               (td->u.result.has_err && any_part(n, td->u.result.err, fn, ctx));
    case WIT_TD_FUTURE: case WIT_TD_STREAM: return td->u.async.has && any_part(n, td->u.async.elem, fn, ctx);
    case WIT_TD_HANDLE: return fn(n, dealias_id(n->r, td->u.handle.resource), ctx);
    default: return false;
    }
}

static bool part_is_export_copy(const gen_cnames *n, wit_id id, void *ctx)
{
    (void)ctx;
    return gen_cnames_is_export_copy(n, id, true);
}

bool gen_cnames_is_export_copy(const gen_cnames *n, wit_id type, bool exported)
{
    if (!exported)
        return false;
    const wit_typedef *td = &n->r->types[type];
    if (!td->name) {
        /* anonymous types have no owner: they are the exported copy when a named part is */
        wit_type t = {WIT_TYPE_ID, type};
        return any_part(n, t, part_is_export_copy, NULL);
    }
    return td->owner.kind == WIT_OWNER_INTERFACE && gen_cnames_iface_exported(n, td->owner.id);
}

const char *gen_cnames_resource_prefix(gen_cnames *n, wit_id resource, bool exported)
{
    const wit_typedef *td = &n->r->types[resource];
    bool copy = gen_cnames_is_export_copy(n, resource, exported);
    return wit_arena_printf(n->a, "%s_%s", gen_cnames_owner_prefix(n, td->owner, copy),
                            gen_c_snake(n->a, td->name));
}

static bool only_prims(const wit_resolve *r, wit_type t)
{
    if (t.prim != WIT_TYPE_ID)
        return true;
    const wit_typedef *td = &r->types[t.id];
    if (td->name)
        return false;
    switch (td->kind) {
    case WIT_TD_TUPLE:
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            if (!only_prims(r, td->u.tuple.types[i]))
                return false;
        return true;
    case WIT_TD_OPTION: case WIT_TD_LIST: return only_prims(r, td->u.elem);
    case WIT_TD_FIXED_LIST: return only_prims(r, td->u.fixed.elem);
    case WIT_TD_MAP: return only_prims(r, td->u.map.key) && only_prims(r, td->u.map.value);
    case WIT_TD_RESULT:
        return (!td->u.result.has_ok || only_prims(r, td->u.result.ok)) &&
               (!td->u.result.has_err || only_prims(r, td->u.result.err));
    case WIT_TD_FUTURE: case WIT_TD_STREAM:
        return !td->u.async.has || only_prims(r, td->u.async.elem);
    default: return false; /* handles name a resource */
    }
}

static const char *prim_enc(wit_prim p)
{
    switch (p) {
    case WIT_BOOL: return "bool";
    case WIT_U8: return "u8";
    case WIT_U16: return "u16";
    case WIT_U32: return "u32";
    case WIT_U64: return "u64";
    case WIT_S8: return "s8";
    case WIT_S16: return "s16";
    case WIT_S32: return "s32";
    case WIT_S64: return "s64";
    case WIT_F32: return "f32";
    case WIT_F64: return "f64";
    case WIT_CHAR: return "char32";
    case WIT_STRING: return "string";
    case WIT_ERROR_CONTEXT: return "error_context";
    case WIT_TYPE_ID: break;
    }
    return "?";
}

/* enc, or with full = true the structural signature: named parts by their full C names. */
static const char *enc2(gen_cnames *n, wit_type t, bool exported, bool full)
{
    wit_arena *a = n->a;
    if (t.prim != WIT_TYPE_ID)
        return prim_enc(t.prim);
    const wit_typedef *td = &n->r->types[t.id];
    if (td->name)
        return full ? gen_cnames_type(n, t, exported) : gen_c_snake(a, td->name);
    bool copy = gen_cnames_is_export_copy(n, t.id, exported);
    switch (td->kind) {
    case WIT_TD_LIST: return wit_arena_printf(a, "list_%s", enc2(n, td->u.elem, copy, full));
    case WIT_TD_OPTION: return wit_arena_printf(a, "option_%s", enc2(n, td->u.elem, copy, full));
    case WIT_TD_FIXED_LIST:
        return wit_arena_printf(a, "array%u_%s", td->u.fixed.len, enc2(n, td->u.fixed.elem, copy, full));
    case WIT_TD_MAP:
        return wit_arena_printf(a, "map_%s_%s", enc2(n, td->u.map.key, copy, full),
                                enc2(n, td->u.map.value, copy, full));
    case WIT_TD_RESULT:
        return wit_arena_printf(a, "result_%s_%s",
                                td->u.result.has_ok ? enc2(n, td->u.result.ok, copy, full) : "void",
                                td->u.result.has_err ? enc2(n, td->u.result.err, copy, full) : "void");
    case WIT_TD_TUPLE: {
        wit_buf b = WIT_BUF_INIT;
        wit_buf_printf(&b, "tuple%u", td->u.tuple.n);
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            wit_buf_printf(&b, "_%s", enc2(n, td->u.tuple.types[i], copy, full));
        char *s = b.oom ? NULL : wit_arena_strdup(a, b.data);
        wit_buf_free(&b);
        return s;
    }
    case WIT_TD_HANDLE: {
        wit_id res = gen_cnames_handle_resource(n, td);
        if (full)
            return gen_cnames_type(n, t, exported);
        return wit_arena_printf(a, "%s_%s", td->u.handle.borrow ? "borrow" : "own",
                                gen_c_snake(a, n->r->types[res].name));
    }
    case WIT_TD_FUTURE: case WIT_TD_STREAM:
        return wit_arena_printf(a, "%s_%s", td->kind == WIT_TD_FUTURE ? "future" : "stream",
                                td->u.async.has ? enc2(n, td->u.async.elem, copy, full) : "void");
    case WIT_TD_ALIAS: return enc2(n, td->u.elem, copy, full);
    default: return "unknown";
    }
}

const char *gen_cnames_enc(gen_cnames *n, wit_type t, bool exported)
{
    return enc2(n, t, exported, false);
}

/* cand, or cand with `_2`, `_3`… before `_t` when another structure already has it. */
static const char *unique_anon(gen_cnames *n, const char *base, const char *sig)
{
    if (!base || !sig)
        return NULL;
    for (unsigned k = 1;; k++) {
        const char *cand = k == 1 ? wit_arena_printf(n->a, "%s_t", base) : wit_arena_printf(n->a, "%s_%u_t", base, k);
        if (!cand)
            return NULL;
        bool taken = false, same = false;
        for (uint32_t i = 0; i < n->nanon && !taken; i++)
            if (strcmp(n->anon_names[i], cand) == 0) {
                taken = true;
                same = strcmp(n->anon_sigs[i], sig) == 0;
            }
        if (same)
            return cand;
        if (taken)
            continue;
        if (n->nanon == n->capanon) {
            uint32_t nc = n->capanon ? n->capanon * 2 : 64;
            n->anon_names = wit_arena_grow(n->a, n->anon_names, n->capanon, nc, sizeof(char *));
            n->anon_sigs = wit_arena_grow(n->a, n->anon_sigs, n->capanon, nc, sizeof(char *));
            if (!n->anon_names || !n->anon_sigs)
                return NULL;
            n->capanon = nc;
        }
        n->anon_names[n->nanon] = cand;
        n->anon_sigs[n->nanon++] = sig;
        return cand;
    }
}

static const char *prim_c(gen_cnames *n, wit_prim p)
{
    switch (p) {
    case WIT_BOOL: return "bool";
    case WIT_U8: return "uint8_t";
    case WIT_U16: return "uint16_t";
    case WIT_U32: return "uint32_t";
    case WIT_U64: return "uint64_t";
    case WIT_S8: return "int8_t";
    case WIT_S16: return "int16_t";
    case WIT_S32: return "int32_t";
    case WIT_S64: return "int64_t";
    case WIT_F32: return "float";
    case WIT_F64: return "double";
    case WIT_CHAR: return "uint32_t";
    case WIT_STRING: return wit_arena_printf(n->a, "%s_string_t", n->world_snake);
    case WIT_ERROR_CONTEXT: return wit_arena_printf(n->a, "%s_error_context_t", n->world_snake);
    case WIT_TYPE_ID: break;
    }
    return "?";
}

const char *gen_cnames_type(gen_cnames *n, wit_type t, bool exported)
{
    if (t.prim != WIT_TYPE_ID)
        return prim_c(n, t.prim);
    bool copy = gen_cnames_is_export_copy(n, t.id, exported);
    char **slot = &n->type_name[copy][t.id];
    if (*slot)
        return *slot;
    const wit_typedef *td = &n->r->types[t.id];
    char *s;
    if (td->kind == WIT_TD_HANDLE) {
        wit_id res = gen_cnames_handle_resource(n, td);
        const wit_typedef *rd = &n->r->types[res];
        bool rcopy = gen_cnames_is_export_copy(n, res, copy);
        s = wit_arena_printf(n->a, "%s_%s_%s_t", gen_cnames_owner_prefix(n, rd->owner, rcopy),
                             td->u.handle.borrow ? "borrow" : "own", gen_c_snake(n->a, rd->name));
    } else if (td->name) {
        s = wit_arena_printf(n->a, "%s_%s_t", gen_cnames_owner_prefix(n, td->owner, copy),
                             gen_c_snake(n->a, td->name));
    } else if (only_prims(n->r, t)) {
        s = wit_arena_printf(n->a, "%s_%s_t", n->world_snake, gen_cnames_enc(n, t, copy));
    } else {
        /* named after the interface being generated, as wit-bindgen does; a name another
         * structure already holds gets a number */
        const char *pfx;
        if (n->cur_iface != WIT_NONE) {
            bool cur_exp = copy && gen_cnames_iface_exported(n, n->cur_iface);
            pfx = gen_cnames_iface_prefix(n, n->cur_iface, cur_exp);
            if (copy && !cur_exp)
                pfx = wit_arena_printf(n->a, "exports_%s", pfx);
        } else {
            pfx = copy ? wit_arena_printf(n->a, "exports_%s", n->world_snake) : n->world_snake;
        }
        s = (char *)unique_anon(n, wit_arena_printf(n->a, "%s_%s", pfx, gen_cnames_enc(n, t, copy)),
                                enc2(n, t, copy, true));
    }
    *slot = s;
    return s;
}

/* Appends s[0..n) with runs of non-alphanumerics as one `_`, none leading or trailing. */
static void component_ident(wit_buf *b, const char *s, size_t n)
{
    bool sep = true;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) {
            wit_buf_putc(b, ch);
            sep = false;
        } else if (!sep) {
            wit_buf_putc(b, '_');
            sep = true;
        }
    }
    if (b->len && b->data[b->len - 1] == '_')
        b->data[--b->len] = '\0';
}

void gen_c_component_symbol(wit_buf *b, const char *prefix, const char *iface, const char *func)
{
    wit_buf_puts(b, prefix);
    if (iface) {
        component_ident(b, iface, strcspn(iface, "@"));
        wit_buf_puts(b, "__");
    }
    component_ident(b, func, strlen(func));
}

void gen_c_import_hook_symbol(wit_buf *b, const char *iface, const char *func)
{
    wit_buf_puts(b, "witc_import_");
    if (iface) {
        component_ident(b, iface, strlen(iface));
        wit_buf_puts(b, "__");
    }
    component_ident(b, func, strlen(func));
}
