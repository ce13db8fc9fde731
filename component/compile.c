/* compile.c — turns a decoded component into a C project that runs it natively.
 *
 * Each core module goes through wasm2c (`--no-debug-names`); its header tells the C names of
 * the module's imports and exports. The generated glue.c then does, statically, what a
 * component runtime does at instantiation: it walks the root definitions in binary order,
 * instantiates every core module (each one at most once, in the component's order), and
 * defines every core import as a C function forwarding to what the `with` arguments supply:
 * another module's export (functions, memories, tables — the shim/fixup funcref table is just
 * an exported table handed to the fixup, whose active element segment fills it), a
 * `canon lower` of a WASI 0.2 import (served by libwitrt's lowered entry point, with one
 * wrt_cx per option set), or `canon resource.new/rep/drop` (the component instance's handle
 * table; for imported WASI resources the host's drop). Exports (`canon lift`) become C
 * functions in witc_component.h that call the core export inside wrt_w2c_enter with the
 * canonical ABI (strings lowered through the callee's realloc, results lifted and checked,
 * post-return), and, for a command, main.c runs `wasi:cli/run#run`.
 * No state is static: one `struct witc_component` (created by witc_init, any number per
 * process) holds the wasm2c module instances, the wrt_instance, memory views, option sets and
 * resource types. Every wasm2c import environment pointer of every module points into that
 * struct (&c->env, see cmp_compile), so a core import function finds its component from its
 * first argument; canon functions, realloc callbacks (realloc_ctx) and resource destructors
 * (wrt_rtype.ctx) take it as an argument. */
#define _POSIX_C_SOURCE 200809L
#include "compile.h"
#include "cnames.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../runtime-support/witrt.h"

/* ---- the WASI functions libwitrt serves (compile-time copy of its lookup table) ---- */
typedef struct wasi_fn {
    const char *module, *field, *sig, *cname;
} wasi_fn;

#define X_ENTRY(name, module, field, sig, ret, params) {module, field, sig, "wrt_lower_" #name},
static const wasi_fn wasi_fns[] = {WRT_WASI_FUNCS(X_ENTRY)};
#undef X_ENTRY

/* The interface name without "@version" when the version is on the 0.2 track. */
static const wasi_fn *wasi_find(const char *module, const char *field)
{
    const char *at = strchr(module, '@');
    size_t n = at ? (size_t)(at - module) : strlen(module);
    if (!at || strncmp(at + 1, "0.2.", 4) != 0 || strchr(at + 5, '-'))
        return NULL;
    for (size_t i = 0; i < sizeof wasi_fns / sizeof wasi_fns[0]; i++)
        if (strlen(wasi_fns[i].module) == n && strncmp(wasi_fns[i].module, module, n) == 0 &&
            strcmp(wasi_fns[i].field, field) == 0)
            return &wasi_fns[i];
    return NULL;
}

/* ---- wasm2c headers --------------------------------------------------------------- */
typedef struct hdr_fn {
    const char *module, *field; /* import (module NULL for an export) */
    const char *name;           /* C symbol */
    const char *ret;            /* "u32", "void", "wasm_rt_memory_t*" … */
    const char *proto;          /* the whole declaration line without ';' */
    char sig[64];               /* params then "->" then result, i I f F */
    uint32_t nparams;
    char ptypes[32][4];         /* "u32" … */
} hdr_fn;

typedef struct module_info {
    uint32_t def;               /* root def of the core module */
    uint32_t nimports, nexports;
    hdr_fn *imports, *exports;
    uint32_t ninst_args;        /* pointer arguments of Z_mK_instantiate after the instance */
    const char *externs;        /* the header text (extern prototypes of memory/table imports) */
    int instantiated;           /* core instance index + 1 */
} module_info;

typedef struct cc {
    const cmp_component *c;
    const cmp_scope *s;
    wit_arena *a;
    cmp_error *err;
    wit_buf decl, body, init, api, apih; /* glue sections */
    wit_buf fields, setup; /* members of struct witc_component; their set-up in witc_init */
    uint32_t nmods;
    module_info *mods;
    /* cx table */
    uint32_t ncx;
    struct cxent {
        int has_mem;
        uint32_t mem;
        int has_realloc;
        uint32_t realloc;
        int enc;
        uint32_t mem_view;    /* the option set whose mem<i> (in witc_component) views it */
        uint32_t mem_mod;     /* the memory: exported by module mem_mod as mem_name */
        const char *mem_name;
    } cx[64];
    /* emitted symbols */
    const char **syms;
    uint32_t nsyms, capsyms;
    uint32_t nexports, nskipped, nhooks;
    char first_hook[160];
    bool command;
} cc;

static int fail(cc *k, const char *fmt, ...) WIT_PRINTF(2, 3);
static int fail(cc *k, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(k->err->message, sizeof k->err->message, fmt, ap);
    va_end(ap);
    k->err->offset = 0;
    return -1;
}

static char sigchar(const char *t)
{
    if (strcmp(t, "u32") == 0) return 'i';
    if (strcmp(t, "u64") == 0) return 'I';
    if (strcmp(t, "f32") == 0) return 'f';
    if (strcmp(t, "f64") == 0) return 'F';
    return '?';
}

/* Parses one prototype line "RET NAME(Z_x_instance_t*, u32, u64);" into *f. */
static int parse_proto(wit_arena *a, const char *line, size_t len, hdr_fn *f)
{
    const char *lp = memchr(line, '(', len);
    if (!lp)
        return -1;
    const char *ne = lp;
    const char *nb = ne;
    while (nb > line && (nb[-1] == '_' || (nb[-1] >= '0' && nb[-1] <= '9') ||
                         (nb[-1] >= 'A' && nb[-1] <= 'Z') || (nb[-1] >= 'a' && nb[-1] <= 'z')))
        nb--;
    f->name = wit_arena_strndup(a, nb, (size_t)(ne - nb));
    const char *re = nb;
    while (re > line && re[-1] == ' ')
        re--;
    f->ret = wit_arena_strndup(a, line, (size_t)(re - line));
    const char *end = line + len;
    while (end > lp && end[-1] != ')')
        end--;
    f->proto = wit_arena_strndup(a, line, (size_t)(end - line));
    /* parameters after the first (the instance pointer) */
    const char *p = memchr(lp, ',', (size_t)(end - lp));
    size_t si = 0;
    f->nparams = 0;
    while (p && p < end) {
        p++;
        while (*p == ' ')
            p++;
        const char *q = p;
        while (q < end - 1 && *q != ',')
            q++;
        if (f->nparams >= 32 || q - p > 3)
            return -1;
        memcpy(f->ptypes[f->nparams], p, (size_t)(q - p));
        f->ptypes[f->nparams][q - p] = 0;
        if (si < sizeof f->sig - 4)
            f->sig[si++] = sigchar(f->ptypes[f->nparams]);
        f->nparams++;
        p = (q < end - 1) ? q : NULL;
    }
    f->sig[si++] = '-';
    f->sig[si++] = '>';
    if (strcmp(f->ret, "void") != 0 && strchr(f->ret, '*') == NULL)
        f->sig[si++] = sigchar(f->ret);
    f->sig[si] = 0;
    return 0;
}

static int parse_header(cc *k, module_info *m, const char *text)
{
    uint32_t capi = 16, cape = 16;
    m->imports = wit_arena_alloc(k->a, capi * sizeof(hdr_fn));
    m->exports = wit_arena_alloc(k->a, cape * sizeof(hdr_fn));
    m->externs = text;
    if (!m->imports || !m->exports)
        return -2;
    for (const char *p = text; (p = strstr(p, "/* ")) != NULL;) {
        int is_imp = strncmp(p, "/* import: '", 12) == 0;
        int is_exp = strncmp(p, "/* export: '", 12) == 0;
        if (!is_imp && !is_exp) {
            p += 3;
            continue;
        }
        const char *q = p + 12;
        const char *e1 = strchr(q, '\'');
        if (!e1)
            break;
        hdr_fn f;
        memset(&f, 0, sizeof f);
        const char *nl;
        if (is_imp) {
            const char *q2 = e1 + 3; /* "' '" */
            const char *e2 = strchr(q2, '\'');
            if (!e2 || strncmp(e1, "' '", 3) != 0)
                break;
            f.module = wit_arena_strndup(k->a, q, (size_t)(e1 - q));
            f.field = wit_arena_strndup(k->a, q2, (size_t)(e2 - q2));
            nl = strchr(e2, '\n');
        } else {
            f.field = wit_arena_strndup(k->a, q, (size_t)(e1 - q));
            nl = strchr(e1, '\n');
        }
        if (!nl)
            break;
        const char *line = nl + 1;
        while (*line == ' ')
            line++;
        const char *le = strchr(line, '\n');
        if (!le)
            break;
        if (memchr(line, '(', (size_t)(le - line))) {
            if (parse_proto(k->a, line, (size_t)(le - line), &f) < 0)
                return fail(k, "cannot read wasm2c's declaration `%.*s`", (int)(le - line), line);
        } else {
            /* an imported memory/table field: "wasm_rt_memory_t *Z_envZ_memory;" */
            const char *star = memchr(line, '*', (size_t)(le - line));
            const char *semi = memchr(line, ';', (size_t)(le - line));
            if (!star || !semi)
                return fail(k, "cannot read wasm2c's field `%.*s`", (int)(le - line), line);
            f.name = wit_arena_strndup(k->a, star + 1, (size_t)(semi - star - 1));
            f.ret = wit_arena_strndup(k->a, line, (size_t)(star - line + 1));
        }
        if (is_imp) {
            if (m->nimports == capi) {
                m->imports = wit_arena_grow(k->a, m->imports, capi, capi * 2, sizeof(hdr_fn));
                capi *= 2;
            }
            if (!m->imports)
                return -2;
            m->imports[m->nimports++] = f;
        } else {
            if (m->nexports == cape) {
                m->exports = wit_arena_grow(k->a, m->exports, cape, cape * 2, sizeof(hdr_fn));
                cape *= 2;
            }
            if (!m->exports)
                return -2;
            m->exports[m->nexports++] = f;
        }
        p = le;
    }
    return 0;
}

static const hdr_fn *find_export(const module_info *m, const char *name)
{
    for (uint32_t i = 0; i < m->nexports; i++)
        if (strcmp(m->exports[i].field, name) == 0)
            return &m->exports[i];
    return NULL;
}

static const hdr_fn *find_import(const module_info *m, const char *mod, const char *field)
{
    for (uint32_t i = 0; i < m->nimports; i++)
        if (strcmp(m->imports[i].module, mod) == 0 && strcmp(m->imports[i].field, field) == 0)
            return &m->imports[i];
    return NULL;
}

/* ---- resolving core items ---------------------------------------------------------- */
typedef enum { R_EXPORT, R_CANON } rkind;
typedef struct cref {
    rkind kind;
    uint32_t mod;       /* R_EXPORT: module ordinal */
    const char *name;   /* R_EXPORT: export name */
    uint32_t def;       /* R_CANON: the canon definition */
} cref;

static int module_of_def(cc *k, uint32_t def, uint32_t *out)
{
    for (uint32_t i = 0; i < k->nmods; i++)
        if (k->mods[i].def == def) {
            *out = i;
            return 0;
        }
    return fail(k, "core module definition %u is not a module witc compiled", def);
}

static int resolve_core(cc *k, cmp_sort sort, uint32_t idx, cref *out, int depth);

/* Item `name` of core instance `inst` (a bag or an instantiated module). */
static int resolve_in_instance(cc *k, uint32_t inst, const char *name, cmp_sort sort, cref *out,
                               int depth)
{
    const cmp_item *it = cmp_scope_item(k->s, CMP_SORT_CORE_INSTANCE, inst);
    if (!it || depth > 64)
        return fail(k, "core instance %u out of range", inst);
    const cmp_def *d = &k->s->defs[it->def];
    if (d->kind != CMP_DEF_CORE_INSTANCE)
        return fail(k, "core instance %u is not defined by a core instance section (unsupported)",
                    inst);
    if (d->u.core_instance.instantiate) {
        const cmp_item *mi = cmp_scope_item(k->s, CMP_SORT_CORE_MODULE, d->u.core_instance.module);
        if (!mi)
            return fail(k, "core module %u out of range", d->u.core_instance.module);
        out->kind = R_EXPORT;
        out->name = name;
        return module_of_def(k, mi->def, &out->mod);
    }
    for (uint32_t i = 0; i < d->u.core_instance.nargs; i++)
        if (strcmp(d->u.core_instance.args[i].name, name) == 0) {
            if (d->u.core_instance.args[i].item.sort != sort)
                return fail(k, "core instance %u: `%s` is a %s, a %s was expected", inst, name,
                            cmp_sort_name(d->u.core_instance.args[i].item.sort),
                            cmp_sort_name(sort));
            return resolve_core(k, sort, d->u.core_instance.args[i].item.index, out, depth + 1);
        }
    return fail(k, "core instance %u has no export `%s`", inst, name);
}

static int resolve_core(cc *k, cmp_sort sort, uint32_t idx, cref *out, int depth)
{
    const cmp_item *it = cmp_scope_item(k->s, sort, idx);
    if (!it)
        return fail(k, "%s %u out of range", cmp_sort_name(sort), idx);
    const cmp_def *d = &k->s->defs[it->def];
    if (d->kind == CMP_DEF_ALIAS && d->u.alias.kind == CMP_ALIAS_CORE_EXPORT)
        return resolve_in_instance(k, d->u.alias.instance, d->u.alias.name, sort, out, depth + 1);
    if (d->kind == CMP_DEF_CANON) {
        out->kind = R_CANON;
        out->def = it->def;
        return 0;
    }
    return fail(k, "%s %u: unsupported definition (only core exports and canon definitions)",
                cmp_sort_name(sort), idx);
}

/* Appends "SYM(&c->mK" or "canon_D(c": the call of a core item from glue code where `c` is the
 * witc_component; arguments follow after a comma (the return value, always 1). */
static int call_prefix(cc *k, const cref *r, wit_buf *b, const hdr_fn **fn_out)
{
    if (r->kind == R_EXPORT) {
        const hdr_fn *f = find_export(&k->mods[r->mod], r->name);
        if (!f)
            return fail(k, "core module %u exports no `%s`", r->mod, r->name);
        if (fn_out)
            *fn_out = f;
        wit_buf_printf(b, "%s(&c->m%u", f->name, r->mod);
        return 1;
    }
    if (fn_out)
        *fn_out = NULL;
    wit_buf_printf(b, "canon_%u(c", r->def);
    return 1;
}

static int add_sym(cc *k, const char *name)
{
    for (uint32_t i = 0; i < k->nsyms; i++)
        if (strcmp(k->syms[i], name) == 0)
            return 1;
    if (k->nsyms == k->capsyms) {
        uint32_t nc = k->capsyms ? k->capsyms * 2 : 64;
        k->syms = wit_arena_grow(k->a, (void *)k->syms, k->capsyms, nc, sizeof(char *));
        if (!k->syms)
            return -2;
        k->capsyms = nc;
    }
    k->syms[k->nsyms++] = name;
    return 0;
}

/* ---- canon definitions as C functions -------------------------------------------------- */
static int cx_index(cc *k, const cmp_canon_opts *o, uint32_t *out)
{
    struct cxent e = {o->has_memory, o->has_memory ? o->memory : 0, o->has_realloc,
                      o->has_realloc ? o->realloc : 0, (int)o->string_encoding, 0, 0, NULL};
    for (uint32_t i = 0; i < k->ncx; i++)
        if (memcmp(&k->cx[i], &e, sizeof e) == 0) {
            *out = i;
            return 0;
        }
    if (k->ncx == 64)
        return fail(k, "more than 64 distinct canonical-ABI option sets");
    k->cx[k->ncx] = e;
    *out = k->ncx++;
    return 0;
}

/* Where an imported resource type comes from: (instance import name, resource name). */
static int imported_resource(cc *k, uint32_t type, const char **iface, const char **rname)
{
    const cmp_item *it = cmp_scope_item(k->s, CMP_SORT_TYPE, type);
    for (int depth = 0; it && depth < 16; depth++) {
        const cmp_def *d = &k->s->defs[it->def];
        if (d->kind == CMP_DEF_ALIAS && d->u.alias.kind == CMP_ALIAS_EXPORT) {
            const cmp_item *ii = cmp_scope_item(k->s, CMP_SORT_INSTANCE, d->u.alias.instance);
            if (!ii)
                break;
            const cmp_def *id = &k->s->defs[ii->def];
            if (id->kind != CMP_DEF_IMPORT)
                break;
            *iface = id->u.import.name.name;
            *rname = d->u.alias.name;
            return 0;
        }
        break;
    }
    return -1;
}

/* The component function a `canon lower` lowers: (instance import name, function name). */
static int imported_func(cc *k, uint32_t func, const char **iface, const char **fname)
{
    const cmp_item *it = cmp_scope_item(k->s, CMP_SORT_FUNC, func);
    if (!it)
        return fail(k, "func %u out of range", func);
    const cmp_def *d = &k->s->defs[it->def];
    if (d->kind == CMP_DEF_ALIAS && d->u.alias.kind == CMP_ALIAS_EXPORT) {
        const cmp_item *ii = cmp_scope_item(k->s, CMP_SORT_INSTANCE, d->u.alias.instance);
        if (ii && k->s->defs[ii->def].kind == CMP_DEF_IMPORT) {
            *iface = k->s->defs[ii->def].u.import.name.name;
            *fname = d->u.alias.name;
            return 0;
        }
    }
    if (d->kind == CMP_DEF_IMPORT && d->u.import.desc.sort == CMP_SORT_FUNC) {
        /* a world-level function import: the host's hook (no interface) */
        *iface = NULL;
        *fname = d->u.import.name.name;
        return 0;
    }
    if (d->kind == CMP_DEF_IMPORT)
        return fail(k, "unsupported import `%s`: witc serves only WASI 0.2 imports",
                    d->u.import.name.name);
    return fail(k, "canon lower of func %u: only imported functions can be lowered (unsupported)",
                func);
}


static const char *ctype_of(char c)
{
    switch (c) {
    case 'i': return "u32";
    case 'I': return "u64";
    case 'f': return "f32";
    case 'F': return "f64";
    default: return "void";
    }
}

/* Emits `static R canon_D(params)` for canon def `di`, matching the core signature `sig`
 * the importer declared. */
static int emit_canon(cc *k, uint32_t di, const char *sig)
{
    char key[32];
    snprintf(key, sizeof key, "canon_%u", di);
    int r = add_sym(k, wit_arena_strdup(k->a, key));
    if (r != 0)
        return r < 0 ? r : 0;
    const cmp_canon *cn = &k->s->defs[di].u.canon;
    const char *arrow = strstr(sig, "->");
    char res = arrow[2];
    wit_buf *b = &k->body;
    wit_buf pr = WIT_BUF_INIT;
    wit_buf_printf(&pr, "static %s canon_%u(witc_component *c", ctype_of(res), di);
    int np = (int)(arrow - sig);
    for (int i = 0; i < np; i++)
        wit_buf_printf(&pr, ", %s a%d", ctype_of(sig[i]), i);
    wit_buf_putc(&pr, ')');
    wit_buf_printf(&k->decl, "%.*s;\n", (int)pr.len, pr.data);
    wit_buf_printf(b, "%.*s {\n", (int)pr.len, pr.data);
    wit_buf_free(&pr);
    if (cn->kind == CMP_CANON_LOWER) {
        const char *iface = NULL, *fname = NULL;
        if (imported_func(k, cn->func, &iface, &fname) < 0)
            return -1;
        const wasi_fn *w = iface ? wasi_find(iface, fname) : NULL;
        if (!w && (!iface || strncmp(iface, "wasi:", 5) != 0)) {
            /* a non-WASI import (of an interface, or world-level): forwarded to a core-level
             * hook the host glue defines (`witc host c` writes it):
             * witc_import_<iface with version>__<func>(wrt_cx *, core args…), or
             * witc_import_<func> for a world-level function (gen_c_import_hook_symbol) */
            uint32_t cxi;
            if (cx_index(k, &cn->opts, &cxi) < 0)
                return -1;
            if (k->nhooks++ == 0)
                snprintf(k->first_hook, sizeof k->first_hook, "`%s` `%s`", iface ? iface : "(world)",
                         fname);
            wit_buf hook = WIT_BUF_INIT;
            gen_c_import_hook_symbol(&hook, iface, fname);
            wit_buf_printf(&k->decl, "extern %s %.*s(wrt_cx *cx", ctype_of(res), (int)hook.len,
                           hook.data);
            for (int i = 0; i < np; i++)
                wit_buf_printf(&k->decl, ", %s", ctype_of(sig[i]));
            wit_buf_puts(&k->decl, ");\n");
            wit_buf_printf(b, "  /* canon lower `%s` `%s`: the host's hook */\n", iface ? iface : "(world)",
                           fname);
            if (cn->opts.has_memory) /* the guest may have grown its memory since the last look */
                wit_buf_printf(b, "  wrt_memory_refresh(c->cx%u.mem);\n", cxi);
            wit_buf_printf(b, "  %s%.*s(&c->cx%u", res ? "return " : "", (int)hook.len, hook.data,
                           cxi);
            for (int i = 0; i < np; i++)
                wit_buf_printf(b, ", a%d", i);
            wit_buf_puts(b, ");\n}\n");
            wit_buf_free(&hook);
            return 0;
        }
        if (!w)
            return fail(k, "unsupported import `%s` `%s`: witc run serves WASI 0.2 only "
                           "(libwitrt has no such function)", iface, fname);
        if (strcmp(w->sig, sig) != 0)
            return fail(k, "import `%s` `%s`: the core signature %s does not match WASI's %s",
                        iface, fname, sig, w->sig);
        uint32_t cxi;
        if (cx_index(k, &cn->opts, &cxi) < 0)
            return -1;
        wit_buf_printf(b, "  /* canon lower `%s` `%s` */\n", iface, fname);
        wit_buf_printf(b, "  %s%s(&c->cx%u", res ? "return " : "", w->cname, cxi);
        for (int i = 0; i < np; i++)
            wit_buf_printf(b, ", a%d", i);
        wit_buf_puts(b, ");\n}\n");
        return 0;
    }
    if (cn->kind == CMP_CANON_RESOURCE_DROP || cn->kind == CMP_CANON_RESOURCE_NEW ||
        cn->kind == CMP_CANON_RESOURCE_REP) {
        const cmp_type *t = cmp_scope_type(k->s, cn->type);
        if (t && t->kind == CMP_TYPE_RESOURCE) {
            /* a resource this component defines: its per-instance type c->rt<T> */
            if (np != 1)
                return fail(k, "resource built-in with %d parameters", np);
            if (cn->kind == CMP_CANON_RESOURCE_NEW)
                wit_buf_printf(b, "  return wrt_handle_new_own(&c->inst.handles, &c->rt%u, a0);\n",
                               cn->type);
            else if (cn->kind == CMP_CANON_RESOURCE_REP)
                wit_buf_printf(b, "  return (u32)wrt_handle_rep(&c->inst.handles, &c->rt%u, a0);\n",
                               cn->type);
            else
                wit_buf_printf(b, "  wrt_handle_drop(&c->inst.handles, &c->rt%u, a0);\n", cn->type);
            wit_buf_puts(b, "}\n");
            /* the type itself */
            char tkey[32];
            snprintf(tkey, sizeof tkey, "rt_%u", cn->type);
            int rr = add_sym(k, wit_arena_strdup(k->a, tkey));
            if (rr < 0)
                return rr;
            if (rr == 0) {
                wit_buf *d = &k->decl;
                if (t->u.resource.has_dtor) {
                    cref dt;
                    if (resolve_core(k, CMP_SORT_CORE_FUNC, t->u.resource.dtor, &dt, 0) < 0)
                        return -1;
                    wit_buf_printf(d, "static void rt%u_dtor(void *ctx, uintptr_t rep);\n",
                                   cn->type);
                    wit_buf_printf(&k->body, "static void rt%u_dtor(void *ctx, uintptr_t rep) {\n"
                                             "  witc_component *c = ctx;\n  ", cn->type);
                    int comma = call_prefix(k, &dt, &k->body, NULL);
                    if (comma < 0)
                        return -1;
                    wit_buf_printf(&k->body, "%s(u32)rep);\n}\n", comma ? ", " : "");
                }
                /* one resource type per component instance (its dtor reaches the instance) */
                const char *nm = cmp_debug_name(k->s, CMP_SORT_TYPE, cn->type);
                wit_buf_printf(&k->fields, "  wrt_rtype rt%u;\n", cn->type);
                wit_buf_printf(&k->setup, "  c->rt%u.name = \"%s\";\n  c->rt%u.dtor = %s;\n"
                                          "  c->rt%u.ctx = c;\n", cn->type, nm ? nm : "resource",
                               cn->type, t->u.resource.has_dtor ?
                               wit_arena_printf(k->a, "rt%u_dtor", cn->type) : "NULL", cn->type);
            }
            return 0;
        }
        const char *iface = NULL, *rname = NULL;
        if (cn->kind != CMP_CANON_RESOURCE_DROP || imported_resource(k, cn->type, &iface, &rname) < 0)
            return fail(k, "canon %s of type %u: unsupported (only drops of imported WASI "
                           "resources and resources the component defines)",
                        cmp_canon_name(cn->kind), cn->type);
        char *field = wit_arena_printf(k->a, "[resource-drop]%s", rname);
        const wasi_fn *w = field ? wasi_find(iface, field) : NULL;
        if (!w && field && strncmp(iface, "wasi:", 5) != 0) {
            /* a resource of a non-WASI interface (host-defined): its drop goes to the host
             * glue's hook witc_import_<iface>__resource_drop_<r>(wrt_cx *, handle) */
            uint32_t hcx;
            cmp_canon_opts none;
            memset(&none, 0, sizeof none);
            if (cx_index(k, &none, &hcx) < 0)
                return -1;
            if (k->nhooks++ == 0)
                snprintf(k->first_hook, sizeof k->first_hook, "`%s` `%s`", iface, field);
            wit_buf hook = WIT_BUF_INIT;
            gen_c_import_hook_symbol(&hook, iface, field);
            wit_buf_printf(&k->decl, "extern void %.*s(wrt_cx *cx, u32);\n", (int)hook.len, hook.data);
            wit_buf_printf(b, "  /* canon resource.drop `%s` `%s`: the host's hook */\n  %.*s(&c->cx%u, a0);\n}\n",
                           iface, rname, (int)hook.len, hook.data, hcx);
            wit_buf_free(&hook);
            return 0;
        }
        if (!w)
            return fail(k, "unsupported import: resource `%s` of `%s` (not a WASI 0.2 resource "
                           "libwitrt provides)", rname, iface);
        uint32_t cxi;
        cmp_canon_opts none;
        memset(&none, 0, sizeof none);
        if (cx_index(k, &none, &cxi) < 0)
            return -1;
        wit_buf_printf(b, "  /* canon resource.drop `%s` `%s` */\n  %s(&c->cx%u, a0);\n}\n", iface,
                       rname, w->cname, cxi);
        return 0;
    }
    return fail(k, "canon %s is not supported by witc compile",
                cmp_canon_name(cn->kind) ? cmp_canon_name(cn->kind) : "?");
}

/* Defines the C import `imp` of module `mi`, supplied by `r`. */
static int emit_import(cc *k, uint32_t mi, const hdr_fn *imp, cmp_sort kind, const cref *r)
{
    int s = add_sym(k, imp->name);
    if (s < 0)
        return s;
    if (s == 1)
        return fail(k, "two core modules import `%s` `%s` (the C symbol %s would be defined twice; "
                       "unsupported)", imp->module, imp->field, imp->name);
    wit_buf *b = &k->body;
    if (kind == CMP_SORT_CORE_MEMORY || kind == CMP_SORT_CORE_TABLE) {
        if (r->kind != R_EXPORT)
            return fail(k, "memory/table import `%s` `%s` is not another module's export",
                        imp->module, imp->field);
        const hdr_fn *ex = find_export(&k->mods[r->mod], r->name);
        if (!ex)
            return fail(k, "core module %u exports no `%s`", r->mod, r->name);
        /* the extern prototype: "extern T* NAME(struct S*);" */
        const char *p = strstr(k->mods[mi].externs, imp->name);
        while (p && p[strlen(imp->name)] != '(')
            p = strstr(p + 1, imp->name);
        const char *lp = p ? strchr(p, '(') : NULL;
        const char *rp = lp ? strchr(lp, ')') : NULL;
        if (!rp)
            return fail(k, "no prototype for %s in wasm2c's header", imp->name);
        wit_buf_printf(b, "%s %s(%.*s i) {\n  return %s(&WITC_OF(i)->m%u);\n}\n",
                       imp->ret, imp->name, (int)(rp - lp - 1), lp + 1, ex->name, r->mod);
        return 0;
    }
    if (kind != CMP_SORT_CORE_FUNC)
        return fail(k, "import `%s` `%s` of a %s: unsupported", imp->module, imp->field,
                    cmp_sort_name(kind));
    /* RET NAME(struct S* i, T a0, …) */
    const char *lp = strchr(imp->proto, '(');
    const char *c1 = strchr(lp, ',');
    const char *first_end = c1 ? c1 : imp->proto + strlen(imp->proto) - 1;
    wit_buf_printf(b, "%s %s(%.*s i", imp->ret, imp->name, (int)(first_end - lp - 1), lp + 1);
    for (uint32_t j = 0; j < imp->nparams; j++)
        wit_buf_printf(b, ", %s a%u", imp->ptypes[j], j);
    /* every import environment of every module is the component's env (see cmp_compile) */
    wit_buf_printf(b, ") {\n  witc_component *c = WITC_OF(i);\n  %s",
                   strcmp(imp->ret, "void") ? "return " : "");
    const hdr_fn *tf = NULL;
    int comma = call_prefix(k, r, b, &tf);
    if (comma < 0)
        return -1;
    if (tf && strcmp(tf->sig, imp->sig) != 0)
        return fail(k, "import `%s` `%s` (%s) is wired to export `%s` (%s): signatures differ",
                    imp->module, imp->field, imp->sig, r->name, tf->sig);
    for (uint32_t j = 0; j < imp->nparams; j++)
        wit_buf_printf(b, "%sa%u", (comma || j) ? ", " : "", j);
    wit_buf_puts(b, ");\n}\n");
    if (r->kind == R_CANON)
        return emit_canon(k, r->def, imp->sig);
    return 0;
}

/* ---- lifted exports ------------------------------------------------------------------ */
static cmp_prim prim_of(const cmp_type *ft, cmp_valtype v)
{
    if (v.prim != CMP_PRIM_NONE)
        return v.prim;
    const cmp_type *t = cmp_scope_type(ft->scope, v.index);
    if (t && t->kind == CMP_TYPE_PRIM)
        return t->u.prim;
    return CMP_PRIM_NONE;
}

static const char *host_ctype(cmp_prim p)
{
    switch (p) {
    case CMP_PRIM_BOOL: return "int";
    case CMP_PRIM_S8: return "int8_t";
    case CMP_PRIM_U8: return "uint8_t";
    case CMP_PRIM_S16: return "int16_t";
    case CMP_PRIM_U16: return "uint16_t";
    case CMP_PRIM_S32: return "int32_t";
    case CMP_PRIM_U32: return "uint32_t";
    case CMP_PRIM_S64: return "int64_t";
    case CMP_PRIM_U64: return "uint64_t";
    case CMP_PRIM_F32: return "float";
    case CMP_PRIM_F64: return "double";
    case CMP_PRIM_CHAR: return "uint32_t";
    default: return NULL;
    }
}

/* The element type of list<T> for a numeric T (ints, floats), else CMP_PRIM_NONE. */
static cmp_prim list_elem(const cmp_type *ft, cmp_valtype v)
{
    if (v.prim != CMP_PRIM_NONE)
        return CMP_PRIM_NONE;
    const cmp_type *t = cmp_scope_type(ft->scope, v.index);
    if (!t || t->kind != CMP_TYPE_LIST || t->u.list.fixed_len != 0)
        return CMP_PRIM_NONE;
    cmp_prim e = prim_of(t, t->u.list.elem);
    if (e == CMP_PRIM_NONE || e == CMP_PRIM_BOOL || e == CMP_PRIM_CHAR || e == CMP_PRIM_STRING ||
        e == CMP_PRIM_ERROR_CONTEXT)
        return CMP_PRIM_NONE;
    return e;
}

/* borrow<R> of a WASI resource R the component imports: libwitrt's resource type for R. */
static const char *borrow_host_rtype(cc *k, const cmp_type *ft, cmp_valtype v)
{
    static const struct { const char *iface, *name, *sym; } host_types[] = {
        {"wasi:io/streams", "output-stream", "wrt_rtype_output_stream"},
        {"wasi:io/streams", "input-stream", "wrt_rtype_input_stream"},
        {"wasi:io/poll", "pollable", "wrt_rtype_pollable"},
        {"wasi:io/error", "error", "wrt_rtype_error"},
        {"wasi:filesystem/types", "descriptor", "wrt_rtype_descriptor"},
        {"wasi:filesystem/types", "directory-entry-stream", "wrt_rtype_directory_entry_stream"},
        {"wasi:cli/terminal-input", "terminal-input", "wrt_rtype_terminal_input"},
        {"wasi:cli/terminal-output", "terminal-output", "wrt_rtype_terminal_output"},
    };
    if (v.prim != CMP_PRIM_NONE || ft->scope != k->s)
        return NULL;
    const cmp_type *t = cmp_scope_type(ft->scope, v.index);
    const char *iface = NULL, *rname = NULL;
    if (!t || t->kind != CMP_TYPE_BORROW || imported_resource(k, t->u.handle, &iface, &rname) < 0)
        return NULL;
    const char *at = strchr(iface, '@');
    size_t n = at ? (size_t)(at - iface) : strlen(iface);
    for (size_t i = 0; i < sizeof host_types / sizeof host_types[0]; i++)
        if (strlen(host_types[i].iface) == n && strncmp(host_types[i].iface, iface, n) == 0 &&
            strcmp(host_types[i].name, rname) == 0)
            return host_types[i].sym;
    return NULL;
}

/* Emits witc_raw_<name>: the core call of a lifted export whose types the typed wrappers do
 * not cover, for host glue that lowers and lifts itself (`witc host c`): inside the guarded
 * frame, lower(cx, ud, args) fills the core arguments, the core export runs, lift(cx, ud, ret)
 * reads the core result (memory refreshed first), then post-return runs. */
/* The lifted export's post-return call, if it has one, given the core result expression `ret`
 * (NULL: none), with the instance marked as not allowed to leave meanwhile. */
static int emit_post_return(cc *k, const cmp_canon *cn, wit_buf *b, const char *ret)
{
    if (!cn->opts.has_post_return)
        return 0;
    cref pr;
    if (resolve_core(k, CMP_SORT_CORE_FUNC, cn->opts.post_return, &pr, 0) < 0)
        return -1;
    wit_buf_puts(b, "  c->inst.may_leave = 0;\n  ");
    int comma = call_prefix(k, &pr, b, NULL);
    if (comma < 0)
        return -1;
    if (ret)
        wit_buf_printf(b, "%s%s", comma ? ", " : "", ret);
    wit_buf_puts(b, ");\n  c->inst.may_leave = 1;\n");
    return 0;
}

static int emit_raw(cc *k, const char *name, const cmp_canon *cn, const hdr_fn *cf, uint32_t mod)
{
    uint32_t cxi;
    if (cx_index(k, &cn->opts, &cxi) < 0)
        return -1;
    const char *raw = wit_arena_printf(k->a, "witc_raw_%s", name + strlen("witc_export_"));
    if (!raw)
        return -2;
    if (add_sym(k, "witc_val") == 0) {
        wit_buf_puts(&k->apih, "/* core values of the raw entries (witc_raw_…) */\n"
                               "typedef union witc_val {\n  uint32_t i32;\n  uint64_t i64;\n"
                               "  float f32;\n  double f64;\n} witc_val;\n"
                               "typedef void (*witc_raw_lower)(wrt_cx *cx, void *ud, witc_val *args);\n"
                               "typedef void (*witc_raw_lift)(wrt_cx *cx, void *ud, witc_val ret);\n");
        wit_buf_puts(&k->api, "struct witc_raw_args {\n  witc_component *c;\n"
                              "  void (*lower)(wrt_cx *, void *, witc_val *);\n"
                              "  void (*lift)(wrt_cx *, void *, witc_val);\n  void *ud;\n};\n");
    }
    const char *arrow = strstr(cf->sig, "->");
    int np = (int)(arrow - cf->sig);
    char rc = arrow[2];
    wit_buf_printf(&k->apih, "/* raw core call of the export above (for witc host c's glue): "
                             "0, or -1 when the guest trapped (err) */\n"
                             "int %s(witc_component *c, wrt_error *err, void (*lower)(wrt_cx *, "
                             "void *, witc_val *), void (*lift)(wrt_cx *, void *, witc_val), "
                             "void *ud);\n", raw);
    wit_buf *b = &k->api;
    wit_buf_printf(b, "static void %s_thunk(void *argp) {\n  struct witc_raw_args *a = argp;\n"
                      "  witc_component *c = a->c;\n  wrt_cx *cx = &c->cx%u;\n  witc_val v[%d];\n  memset(v, 0, sizeof v);\n"
                      "  a->lower(cx, a->ud, v);\n  witc_val r;\n  memset(&r, 0, sizeof r);\n  ",
                   raw, cxi, np ? np : 1);
    static const char *const fld[] = {"i32", "i64", "f32", "f64"};
    int ri = rc == 'I' ? 1 : rc == 'f' ? 2 : rc == 'F' ? 3 : 0;
    if (rc)
        wit_buf_printf(b, "r.%s = ", fld[ri]);
    wit_buf_printf(b, "%s(&c->m%u", cf->name, mod);
    for (int i = 0; i < np; i++) {
        char c = cf->sig[i];
        wit_buf_printf(b, ", v[%d].%s", i, fld[c == 'I' ? 1 : c == 'f' ? 2 : c == 'F' ? 3 : 0]);
    }
    wit_buf_puts(b, ");\n");
    if (cn->opts.has_memory)
        wit_buf_puts(b, "  wrt_memory_refresh(cx->mem);\n");
    wit_buf_puts(b, "  a->lift(cx, a->ud, r);\n");
    const char *ret = rc ? wit_arena_printf(k->a, "r.%s", fld[ri]) : NULL;
    if ((rc && !ret) || emit_post_return(k, cn, b, ret) < 0)
        return -1;
    wit_buf_printf(b, "}\nint %s(witc_component *c, wrt_error *err, void (*lower)(wrt_cx *, void *, "
                      "witc_val *), void (*lift)(wrt_cx *, void *, witc_val), void *ud) {\n"
                      "  struct witc_raw_args a = {c, lower, lift, ud};\n"
                      "  if (wrt_w2c_enter(&c->inst, %s_thunk, &a, err) != 0) {\n"
                      "    c->inst.may_leave = 1;\n    return -1;\n  }\n  return 0;\n}\n",
                   raw, raw);
    return 0;
}

/* Emits the host wrapper of lifted function `func` (root func index) exported as `path`.
 * Functions whose types the wrapper generator does not cover are skipped with a comment. */
static int emit_lift(cc *k, uint32_t func, const char *iface, const char *fname)
{
    const cmp_item *it = cmp_scope_item(k->s, CMP_SORT_FUNC, func);
    if (!it)
        return fail(k, "func %u out of range", func);
    const cmp_def *d = &k->s->defs[it->def];
    if (d->kind != CMP_DEF_CANON || d->u.canon.kind != CMP_CANON_LIFT)
        return 0; /* re-export of an import: nothing to compile */
    const cmp_canon *cn = &d->u.canon;
    const cmp_type *ft = cmp_scope_type(k->s, cn->type);
    if (!ft || ft->kind != CMP_TYPE_FUNC)
        return fail(k, "canon lift %u: not a function type", it->def);
    cref core;
    if (resolve_core(k, CMP_SORT_CORE_FUNC, cn->func, &core, 0) < 0)
        return -1;
    if (core.kind != R_EXPORT)
        return fail(k, "canon lift of a canon definition: unsupported");
    const hdr_fn *cf = find_export(&k->mods[core.mod], core.name);
    if (!cf)
        return fail(k, "core module %u exports no `%s`", core.mod, core.name);
    wit_buf cname = WIT_BUF_INIT;
    gen_c_component_symbol(&cname, "witc_export_", iface, fname);
    const char *name = wit_arena_strndup(k->a, cname.data ? cname.data : "", cname.len);
    wit_buf_free(&cname);
    if (!name)
        return -2;
    int dup = add_sym(k, name);
    if (dup < 0)
        return dup;
    if (dup == 1)
        return fail(k, "exports `%s%s%s` and another one both map to the C name %s (unsupported)",
                    iface ? iface : "", iface ? "#" : "", fname, name);
    /* types */
    bool ok = !ft->u.func.async;
    uint32_t nflat = 0;
    cmp_prim pp[32], lel[32];
    const char *brt[32];
    bool borrows = false;
    if (ft->u.func.nparams > 32)
        ok = false;
    for (uint32_t i = 0; ok && i < ft->u.func.nparams; i++) {
        pp[i] = prim_of(ft, ft->u.func.params[i].type);
        lel[i] = pp[i] == CMP_PRIM_NONE ? list_elem(ft, ft->u.func.params[i].type) : CMP_PRIM_NONE;
        brt[i] = pp[i] == CMP_PRIM_NONE && !lel[i] ? borrow_host_rtype(k, ft, ft->u.func.params[i].type)
                                                    : NULL;
        if (pp[i] == CMP_PRIM_STRING || lel[i])
            nflat += 2;
        else if (host_ctype(pp[i]) || brt[i])
            nflat += 1;
        else
            ok = false;
        borrows |= brt[i] != NULL;
    }
    cmp_prim rp = ft->u.func.has_result ? prim_of(ft, ft->u.func.result) : CMP_PRIM_NONE;
    cmp_prim rlel = ft->u.func.has_result && rp == CMP_PRIM_NONE ? list_elem(ft, ft->u.func.result)
                                                                 : CMP_PRIM_NONE;
    if (ft->u.func.has_result && rp != CMP_PRIM_STRING && !host_ctype(rp) && !rlel)
        ok = false;
    bool is_run = iface && strncmp(iface, "wasi:cli/run@0.2", 16) == 0 && strcmp(fname, "run") == 0;
    if (nflat > 16)
        ok = false;
    if (is_run) {
        if (ft->u.func.nparams != 0 || strcmp(cf->sig, "->i") != 0)
            return fail(k, "wasi:cli/run#run has an unexpected signature (%s)", cf->sig);
        k->command = true;
        wit_buf_printf(&k->api,
                       "struct run_args {\n  witc_component *c;\n  u32 ret;\n};\n"
                       "static void run_thunk(void *arg) {\n  struct run_args *a = arg;\n"
                       "  a->ret = wrt_check_discriminant(%s(&a->c->m%u), 2);\n}\n"
                       "int witc_run(witc_component *c, wrt_error *err) {\n"
                       "  struct run_args a = {c, 0};\n"
                       "  if (wrt_w2c_enter(&c->inst, run_thunk, &a, err) != 0) return -1;\n"
                       "  return (int)a.ret;\n}\n",
                       cf->name, core.mod);
        wit_buf_puts(&k->apih, "/* wasi:cli/run#run: 0 = ok, 1 = err, -1 = trapped or exited "
                               "(see err->kind, err->exit_code). */\nint witc_run(witc_component *c, wrt_error *err);\n");
        return 0;
    }
    if (!ok) {
        wit_buf_printf(&k->apih, "/* export `%s%s%s`: its types are not covered by the wrapper "
                                 "generator yet (primitives, strings, lists of numbers, "
                                 "borrows of WASI resources) */\n",
                       iface ? iface : "", iface ? "#" : "", fname);
        k->nskipped++;
        if (ft->u.func.async)
            return 0;
        return emit_raw(k, name, cn, cf, core.mod);
    }
    bool has_str = false;
    for (uint32_t i = 0; i < ft->u.func.nparams; i++)
        has_str |= pp[i] == CMP_PRIM_STRING || lel[i];
    if ((has_str && !cn->opts.has_realloc) || ((has_str || rp == CMP_PRIM_STRING || rlel) &&
                                               !cn->opts.has_memory))
        return fail(k, "export `%s`: strings or lists without the memory/realloc options", fname);
    uint32_t cxi;
    if (cx_index(k, &cn->opts, &cxi) < 0)
        return -1;
    k->nexports++;
    /* prototype */
    wit_buf proto = WIT_BUF_INIT;
    wit_buf_printf(&proto, "int %s(witc_component *c, wrt_error *err", name);
    for (uint32_t i = 0; i < ft->u.func.nparams; i++) {
        if (pp[i] == CMP_PRIM_STRING)
            wit_buf_printf(&proto, ", const char *p%u, size_t p%u_len", i, i);
        else if (lel[i])
            wit_buf_printf(&proto, ", const %s *p%u, size_t p%u_len", host_ctype(lel[i]), i, i);
        else if (brt[i])
            wit_buf_printf(&proto, ", wrt_obj *p%u", i);
        else
            wit_buf_printf(&proto, ", %s p%u", host_ctype(pp[i]), i);
    }
    if (rp == CMP_PRIM_STRING)
        wit_buf_puts(&proto, ", char **ret, size_t *ret_len");
    else if (rlel)
        wit_buf_printf(&proto, ", %s **ret, size_t *ret_len", host_ctype(rlel));
    else if (ft->u.func.has_result)
        wit_buf_printf(&proto, ", %s *ret", host_ctype(rp));
    wit_buf_putc(&proto, ')');
    wit_buf_printf(&k->apih, "/* export `%s%s%s`: 0, or -1 when the guest trapped (err) */\n%.*s;\n",
                   iface ? iface : "", iface ? "#" : "", fname, (int)proto.len, proto.data);
    /* args struct + thunk */
    wit_buf *b = &k->api;
    wit_buf_printf(b, "struct %s_args {\n  witc_component *c;\n", name);
    for (uint32_t i = 0; i < ft->u.func.nparams; i++) {
        if (pp[i] == CMP_PRIM_STRING)
            wit_buf_printf(b, "  const char *p%u; size_t p%u_len;\n", i, i);
        else if (lel[i])
            wit_buf_printf(b, "  const %s *p%u; size_t p%u_len;\n", host_ctype(lel[i]), i, i);
        else if (brt[i])
            wit_buf_printf(b, "  wrt_obj *p%u;\n", i);
        else
            wit_buf_printf(b, "  %s p%u;\n", host_ctype(pp[i]), i);
    }
    if (rp == CMP_PRIM_STRING)
        wit_buf_puts(b, "  char *ret; size_t ret_len;\n");
    else if (rlel)
        wit_buf_printf(b, "  %s *ret; size_t ret_len;\n", host_ctype(rlel));
    else if (ft->u.func.has_result)
        wit_buf_printf(b, "  %s ret;\n", host_ctype(rp));
    wit_buf_puts(b, "  int unused;\n};\n");
    wit_buf_printf(b, "static void %s_thunk(void *argp) {\n  struct %s_args *a = argp;\n", name, name);
    wit_buf_printf(b, "  witc_component *c = a->c;\n  wrt_cx *cx = &c->cx%u;\n  (void)cx;\n", cxi);
    for (uint32_t i = 0; i < ft->u.func.nparams; i++)
        if (pp[i] == CMP_PRIM_STRING)
            wit_buf_printf(b, "  uint32_t s%u_ptr, s%u_len;\n  wrt_lower_string(cx, a->p%u, a->p%u_len, "
                              "&s%u_ptr, &s%u_len);\n", i, i, i, i, i, i);
        else if (lel[i])
            wit_buf_printf(b, "  if (a->p%u_len > WRT_MAX_BYTE_LENGTH) wrt_trap(WRT_TRAP_LENGTH, "
                              "\"list too long\");\n"
                              "  uint32_t s%u_len = (uint32_t)a->p%u_len;\n"
                              "  uint32_t s%u_ptr = wrt_lower_bytes(cx, a->p%u, s%u_len, sizeof(%s), "
                              "sizeof(%s));\n", i, i, i, i, i, i, host_ctype(lel[i]),
                           host_ctype(lel[i]));
    if (borrows) {
        /* borrows live in a call scope of this instance's table: the callee must drop them */
        wit_buf_puts(b, "  wrt_scope_enter(&c->inst.handles);\n");
        for (uint32_t i = 0; i < ft->u.func.nparams; i++)
            if (brt[i])
                wit_buf_printf(b, "  uint32_t h%u = wrt_handle_new_borrow(&c->inst.handles, &%s, "
                                  "(uintptr_t)a->p%u);\n", i, brt[i], i);
    }
    const char *rc = ctype_of(cf->sig[strlen(cf->sig) - 1]);
    bool has_core_ret = strcmp(rc, "void") != 0;
    if (has_core_ret)
        wit_buf_printf(b, "  %s r = ", rc);
    else
        wit_buf_puts(b, "  ");
    wit_buf_printf(b, "%s(&c->m%u", cf->name, core.mod);
    for (uint32_t i = 0; i < ft->u.func.nparams; i++) {
        if (lel[i]) {
            wit_buf_printf(b, ", s%u_ptr, s%u_len", i, i);
            continue;
        }
        switch (pp[i]) {
        case CMP_PRIM_STRING: wit_buf_printf(b, ", s%u_ptr, s%u_len", i, i); break;
        case CMP_PRIM_S64: case CMP_PRIM_U64: wit_buf_printf(b, ", (u64)a->p%u", i); break;
        case CMP_PRIM_F32: wit_buf_printf(b, ", a->p%u", i); break;
        case CMP_PRIM_F64: wit_buf_printf(b, ", a->p%u", i); break;
        case CMP_PRIM_BOOL: wit_buf_printf(b, ", (u32)(a->p%u != 0)", i); break;
        case CMP_PRIM_NONE: wit_buf_printf(b, ", h%u", i); break;
        default: wit_buf_printf(b, ", (u32)a->p%u", i); break;
        }
    }
    wit_buf_puts(b, ");\n");
    if (cn->opts.has_memory)
        wit_buf_puts(b, "  wrt_memory_refresh(cx->mem);\n");
    if (rlel)
        wit_buf_printf(b, "  {\n    uint32_t lp = wrt_load_u32(cx->mem, r), ln = wrt_load_u32(cx->mem, r + 4);\n"
                          "    const uint8_t *src = wrt_lift_list(cx->mem, lp, ln, sizeof(%s), sizeof(%s));\n"
                          "    a->ret = malloc((size_t)ln * sizeof(%s) + 1);\n"
                          "    if (!a->ret) wrt_trap(WRT_TRAP_RESOURCE_LIMIT, \"out of memory\");\n"
                          "    memcpy(a->ret, src, (size_t)ln * sizeof(%s));\n"
                          "    a->ret_len = ln;\n  }\n",
                       host_ctype(rlel), host_ctype(rlel), host_ctype(rlel), host_ctype(rlel));
    switch (rp) {
    case CMP_PRIM_NONE: break;
    case CMP_PRIM_STRING:
        wit_buf_puts(b, "  {\n    wrt_str s = wrt_lift_string(cx, wrt_load_u32(cx->mem, r), "
                        "wrt_load_u32(cx->mem, r + 4));\n"
                        "    a->ret = malloc(s.len + 1);\n"
                        "    if (!a->ret) wrt_trap(WRT_TRAP_RESOURCE_LIMIT, \"out of memory\");\n"
                        "    memcpy(a->ret, s.data, s.len);\n    a->ret[s.len] = 0;\n"
                        "    a->ret_len = s.len;\n    wrt_str_free(&s);\n  }\n");
        break;
    case CMP_PRIM_BOOL: wit_buf_puts(b, "  a->ret = wrt_check_discriminant(r, 2);\n"); break;
    case CMP_PRIM_CHAR: wit_buf_puts(b, "  a->ret = wrt_lift_char(r);\n"); break;
    case CMP_PRIM_F32: wit_buf_puts(b, "  a->ret = wrt_lift_f32(r);\n"); break;
    case CMP_PRIM_F64: wit_buf_puts(b, "  a->ret = wrt_lift_f64(r);\n"); break;
    default: wit_buf_printf(b, "  a->ret = (%s)r;\n", host_ctype(rp)); break;
    }
    if (borrows)
        wit_buf_puts(b, "  wrt_scope_exit(&c->inst.handles); /* traps if a borrow outlived the call */\n");
    if (emit_post_return(k, cn, b, has_core_ret ? "r" : NULL) < 0)
        return -1;
    wit_buf_puts(b, "}\n");
    wit_buf_printf(b, "%.*s {\n  struct %s_args a;\n  memset(&a, 0, sizeof a);\n  a.c = c;\n",
                   (int)proto.len, proto.data, name);
    for (uint32_t i = 0; i < ft->u.func.nparams; i++) {
        wit_buf_printf(b, "  a.p%u = p%u;\n", i, i);
        if (pp[i] == CMP_PRIM_STRING || lel[i])
            wit_buf_printf(b, "  a.p%u_len = p%u_len;\n", i, i);
    }
    wit_buf_printf(b, "  if (wrt_w2c_enter(&c->inst, %s_thunk, &a, err) != 0) {\n"
                      "    c->inst.may_leave = 1;\n", name);
    if (rp == CMP_PRIM_STRING || rlel)
        wit_buf_puts(b, "    free(a.ret);\n");
    wit_buf_puts(b, "    return -1;\n  }\n");
    if (rp == CMP_PRIM_STRING || rlel)
        wit_buf_puts(b, "  *ret = a.ret;\n  *ret_len = a.ret_len;\n");
    else if (ft->u.func.has_result)
        wit_buf_puts(b, "  *ret = a.ret;\n");
    wit_buf_puts(b, "  return 0;\n}\n");
    wit_buf_free(&proto);
    /* the raw entry too: witc host c's glue calls every export through one generic path */
    return emit_raw(k, name, cn, cf, core.mod);
}

/* The func a nested component's export `name` denotes, as a root func index (the component
 * instance `inst` instantiates a nested component whose export is one of its imports). */
static int nested_export_func(cc *k, const cmp_def *inst_def, const cmp_scope *nested,
                              const char *name, uint32_t *out)
{
    for (uint32_t i = 0; i < nested->ndefs; i++) {
        const cmp_def *e = &nested->defs[i];
        if (e->kind != CMP_DEF_EXPORT || strcmp(e->u.export.name.name, name) != 0 ||
            e->u.export.item.sort != CMP_SORT_FUNC)
            continue;
        uint32_t fi = e->u.export.item.index;
        for (int depth = 0; depth < 16; depth++) {
            const cmp_item *it = cmp_scope_item(nested, CMP_SORT_FUNC, fi);
            if (!it)
                return -1;
            const cmp_def *fd = &nested->defs[it->def];
            if (fd->kind == CMP_DEF_EXPORT && fd->u.export.item.sort == CMP_SORT_FUNC) {
                fi = fd->u.export.item.index;
                continue;
            }
            if (fd->kind != CMP_DEF_IMPORT)
                return -1;
            for (uint32_t a = 0; a < inst_def->u.instance.nargs; a++)
                if (strcmp(inst_def->u.instance.args[a].name, fd->u.import.name.name) == 0 &&
                    inst_def->u.instance.args[a].item.sort == CMP_SORT_FUNC) {
                    *out = inst_def->u.instance.args[a].item.index;
                    return 0;
                }
            return -1;
        }
    }
    (void)k;
    return -1;
}

static int emit_exports(cc *k)
{
    const cmp_scope *s = k->s;
    for (uint32_t i = 0; i < s->ndefs; i++) {
        const cmp_def *d = &s->defs[i];
        if (d->kind != CMP_DEF_EXPORT)
            continue;
        const char *ename = d->u.export.name.name;
        if (d->u.export.item.sort == CMP_SORT_FUNC) {
            if (emit_lift(k, d->u.export.item.index, NULL, ename) < 0)
                return -1;
            continue;
        }
        if (d->u.export.item.sort != CMP_SORT_INSTANCE)
            continue;
        const cmp_item *ii = cmp_scope_item(s, CMP_SORT_INSTANCE, d->u.export.item.index);
        if (!ii)
            return fail(k, "export `%s`: instance out of range", ename);
        const cmp_def *id = &s->defs[ii->def];
        if (id->kind == CMP_DEF_INSTANCE && id->u.instance.instantiate) {
            const cmp_item *ci = cmp_scope_item(s, CMP_SORT_COMPONENT, id->u.instance.component);
            if (!ci || s->defs[ci->def].kind != CMP_DEF_COMPONENT)
                return fail(k, "export `%s`: unsupported instance", ename);
            const cmp_scope *nested = s->defs[ci->def].u.component;
            for (uint32_t j = 0; j < nested->ndefs; j++) {
                const cmp_def *e = &nested->defs[j];
                if (e->kind != CMP_DEF_EXPORT || e->u.export.item.sort != CMP_SORT_FUNC)
                    continue;
                uint32_t fi;
                if (nested_export_func(k, id, nested, e->u.export.name.name, &fi) < 0)
                    return fail(k, "export `%s`: cannot follow function `%s` (unsupported shape)",
                                ename, e->u.export.name.name);
                if (emit_lift(k, fi, ename, e->u.export.name.name) < 0)
                    return -1;
            }
        } else if (id->kind == CMP_DEF_INSTANCE) {
            for (uint32_t a = 0; a < id->u.instance.nargs; a++)
                if (id->u.instance.args[a].item.sort == CMP_SORT_FUNC &&
                    emit_lift(k, id->u.instance.args[a].item.index, ename,
                              id->u.instance.args[a].name) < 0)
                    return -1;
        }
    }
    return 0;
}

/* ---- processes --------------------------------------------------------------------- */
static int spawn(char *const argv[], pid_t *pid_out)
{
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        execvp(argv[0], argv);
        fprintf(stderr, "witc: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    *pid_out = pid;
    return 0;
}

static int wait_ok(pid_t pid)
{
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static int run_tool(char *const argv[])
{
    pid_t pid;
    if (spawn(argv, &pid) < 0)
        return -1;
    return wait_ok(pid);
}

static char *path_join(wit_arena *a, const char *dir, const char *name)
{
    return wit_arena_printf(a, "%s/%s", dir, name);
}

static int write_buf(cc *k, const char *dir, const char *name, const wit_buf *b)
{
    if (b->oom)
        return -2;
    if (wit_write_file_atomic(path_join(k->a, dir, name), b->data ? b->data : "", b->len) < 0)
        return fail(k, "cannot write %s/%s: %s", dir, name, strerror(errno));
    return 0;
}

/* ---- the driver --------------------------------------------------------------------- */
static int compile_modules(cc *k, const char *out_dir, const cmp_compile_opts *o)
{
    const cmp_scope *s = k->s;
    uint32_t n = 0;
    for (uint32_t i = 0; i < s->ndefs; i++)
        n += s->defs[i].kind == CMP_DEF_CORE_MODULE;
    k->mods = wit_arena_alloc(k->a, (n ? n : 1) * sizeof(module_info));
    if (!k->mods)
        return -2;
    memset(k->mods, 0, (n ? n : 1) * sizeof(module_info));
    for (uint32_t i = 0; i < s->ndefs; i++) {
        const cmp_def *d = &s->defs[i];
        if (d->kind != CMP_DEF_CORE_MODULE)
            continue;
        uint32_t m = k->nmods++;
        k->mods[m].def = i;
        char *wasm = path_join(k->a, out_dir, wit_arena_printf(k->a, "m%u.wasm", m));
        char *cfile = path_join(k->a, out_dir, wit_arena_printf(k->a, "m%u.c", m));
        char *hfile = path_join(k->a, out_dir, wit_arena_printf(k->a, "m%u.h", m));
        char *nm = wit_arena_printf(k->a, "m%u", m);
        if (!wasm || !cfile || !hfile || !nm)
            return -2;
        if (wit_write_file_atomic(wasm, k->c->data + d->u.module.offset, d->u.module.len) < 0)
            return fail(k, "cannot write %s: %s", wasm, strerror(errno));
        char *argv[] = {(char *)(o && o->wasm2c ? o->wasm2c : "wasm2c"), (char *)"--no-debug-names",
                        wasm, (char *)"-n", nm, (char *)"-o", cfile, NULL};
        if (!(o && o->quiet))
            fprintf(stderr, "  wasm2c --no-debug-names %s -n %s -o %s\n", wasm, nm, cfile);
        if (run_tool(argv) < 0)
            return fail(k, "wasm2c failed on core module %u (byte %u of the component)", m,
                        d->u.module.offset);
        char *text;
        size_t len;
        if (wit_read_file(hfile, &text, &len) < 0)
            return fail(k, "cannot read %s: %s", hfile, strerror(errno));
        char *copy = wit_arena_strndup(k->a, text, len);
        wit_free(text);
        if (!copy)
            return -2;
        int r = parse_header(k, &k->mods[m], copy);
        if (r < 0)
            return r;
        const char *ins = strstr(copy, wit_arena_printf(k->a, "void Z_m%u_instantiate(", m));
        if (!ins)
            return fail(k, "no Z_m%u_instantiate in %s", m, hfile);
        for (const char *p = ins; *p && *p != ')'; p++)
            k->mods[m].ninst_args += *p == ',';
    }
    return 0;
}

static int instantiate_all(cc *k)
{
    const cmp_scope *s = k->s;
    for (uint32_t i = 0; i < s->ndefs; i++) {
        const cmp_def *d = &s->defs[i];
        if (d->kind == CMP_DEF_START)
            return fail(k, "component start functions are not supported");
        if (d->kind != CMP_DEF_CORE_INSTANCE || !d->u.core_instance.instantiate)
            continue;
        const cmp_item *mi = cmp_scope_item(s, CMP_SORT_CORE_MODULE, d->u.core_instance.module);
        uint32_t m = 0;
        if (!mi || module_of_def(k, mi->def, &m) < 0)
            return fail(k, "core instance %u: module out of range", d->index);
        module_info *mod = &k->mods[m];
        if (mod->instantiated)
            return fail(k, "core module %u is instantiated twice (unsupported)", m);
        mod->instantiated = (int)d->index + 1;
        const cmp_def *md = &s->defs[mod->def];
        for (uint32_t j = 0; j < md->u.module.nimports; j++) {
            const cmp_core_import *ci = &md->u.module.imports[j];
            const hdr_fn *imp = find_import(mod, ci->module, ci->field);
            if (!imp)
                return fail(k, "wasm2c's header of module %u lacks import `%s` `%s`", m, ci->module,
                            ci->field);
            uint32_t arg = UINT32_MAX;
            for (uint32_t a = 0; a < d->u.core_instance.nargs; a++)
                if (strcmp(d->u.core_instance.args[a].name, ci->module) == 0)
                    arg = d->u.core_instance.args[a].item.index;
            if (arg == UINT32_MAX)
                return fail(k, "core instance %u: no argument `%s` for module %u", d->index,
                            ci->module, m);
            cref r;
            if (resolve_in_instance(k, arg, ci->field, ci->kind, &r, 0) < 0)
                return -1;
            if (r.kind == R_EXPORT && !k->mods[r.mod].instantiated)
                return fail(k, "import `%s` `%s` of module %u comes from module %u, which is not "
                               "instantiated yet", ci->module, ci->field, m, r.mod);
            if (emit_import(k, m, imp, ci->kind, &r) < 0)
                return -1;
        }
        /* every import environment is the component's env (see cmp_compile) */
        wit_buf_printf(&k->init, "  Z_m%u_instantiate(&c->m%u", m, m);
        for (uint32_t a = 0; a < mod->ninst_args; a++)
            wit_buf_puts(&k->init, ", (void *)&c->env");
        wit_buf_puts(&k->init, ");\n");
        wit_buf_printf(&k->init, "  bind_memories_of(c, %u);\n", m);
    }
    return 0;
}

static int emit_cx(cc *k)
{
    /* memories and realloc callbacks of the option sets */
    wit_buf mems = WIT_BUF_INIT;
    wit_buf_puts(&mems, "static void bind_memories_of(witc_component *c, unsigned m) {\n"
                        "  (void)c;\n  (void)m;\n");
    for (uint32_t i = 0; i < k->ncx; i++) {
        struct cxent *e = &k->cx[i];
        if (e->has_mem) {
            cref r;
            if (resolve_core(k, CMP_SORT_CORE_MEMORY, e->mem, &r, 0) < 0)
                return -1;
            const hdr_fn *ex = r.kind == R_EXPORT ? find_export(&k->mods[r.mod], r.name) : NULL;
            if (!ex)
                return fail(k, "canonical option memory %u is not a module's export", e->mem);
            /* one view per memory: option sets naming the same memory through different
             * aliases share it, so a grow seen through one is seen through all */
            e->mem_view = i;
            for (uint32_t j = 0; j < i; j++)
                if (k->cx[j].has_mem && k->cx[j].mem_mod == r.mod &&
                    strcmp(k->cx[j].mem_name, ex->name) == 0) {
                    e->mem_view = k->cx[j].mem_view;
                    break;
                }
            e->mem_mod = r.mod;
            e->mem_name = ex->name;
            if (e->mem_view == i) {
                wit_buf_printf(&k->fields, "  wrt_memory mem%u;\n", i);
                wit_buf_printf(&mems, "  if (m == %u) wrt_w2c_memory_bind(&c->mem%u, %s(&c->m%u));\n",
                               r.mod, i, ex->name, r.mod);
            }
        }
        if (e->has_realloc) {
            cref r;
            if (resolve_core(k, CMP_SORT_CORE_FUNC, e->realloc, &r, 0) < 0)
                return -1;
            wit_buf_printf(&k->body, "static uint32_t realloc%u(void *ctx, uint32_t a0, uint32_t a1, "
                                     "uint32_t a2, uint32_t a3) {\n  witc_component *c = ctx;\n"
                                     "  return ", i);
            const hdr_fn *tf;
            int comma = call_prefix(k, &r, &k->body, &tf);
            if (comma < 0)
                return -1;
            wit_buf_printf(&k->body, "%sa0, a1, a2, a3);\n}\n", comma ? ", " : "");
            if (r.kind == R_CANON)
                return fail(k, "realloc is a canon definition (unsupported)");
        }
        wit_buf_printf(&k->fields, "  wrt_cx cx%u;\n", i);
        wit_buf_printf(&k->setup, "  c->cx%u.inst = &c->inst;\n", i);
        if (e->has_mem)
            wit_buf_printf(&k->setup, "  c->cx%u.mem = &c->mem%u;\n", i, e->mem_view);
        if (e->has_realloc)
            wit_buf_printf(&k->setup, "  c->cx%u.realloc = realloc%u;\n  c->cx%u.realloc_ctx = c;\n",
                           i, i, i);
        if (e->enc)
            wit_buf_printf(&k->setup, "  c->cx%u.encoding = (wrt_string_encoding)%d;\n", i, e->enc);
    }
    wit_buf_puts(&mems, "}\n");
    /* realloc functions are defined in body, after decl: forward-declare them */
    wit_buf fwd = WIT_BUF_INIT;
    for (uint32_t i = 0; i < k->ncx; i++)
        if (k->cx[i].has_realloc)
            wit_buf_printf(&fwd, "static uint32_t realloc%u(void *, uint32_t, uint32_t, uint32_t, "
                                 "uint32_t);\n", i);
    wit_buf_append(&fwd, k->decl.data ? k->decl.data : "", k->decl.len);
    wit_buf_append(&fwd, mems.data ? mems.data : "", mems.len);
    wit_buf_free(&k->decl);
    k->decl = fwd;
    wit_buf_free(&mems);
    return 0;
}

static const char main_c[] =
    "/* main.c — generated by witc compile: runs the component's wasi:cli/run export.\n"
    " * usage: app [--dir HOST::GUEST]... [--env K=V]... [--argv0 NAME] [--] [ARGS...]\n"
    " * Exit status: the guest's (0 ok, 1 err, or the status given to exit); 3 with a message\n"
    " * on stderr when the guest traps or the host cannot start it. */\n"
    "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
    "#include \"witc_component.h\"\n\nextern char **environ;\n\n"
    "int main(int argc, char **argv) {\n"
    "  wrt_preopen *pre = calloc((size_t)argc + 1, sizeof *pre);\n"
    "  const char **env = calloc((size_t)argc + 1, sizeof *env);\n"
    "  const char **args = calloc((size_t)argc + 2, sizeof *args);\n"
    "  size_t npre = 0, nenv = 0, nargs = 1;\n"
    "  if (!pre || !env || !args) { fputs(\"witc: out of memory\\n\", stderr); return 3; }\n"
    "  const char *argv0 = argv[0];\n"
    "  int i = 1;\n"
    "  for (; i < argc; i++) {\n"
    "    if (strcmp(argv[i], \"--\") == 0) { i++; break; }\n"
    "    if (strcmp(argv[i], \"--dir\") == 0 && i + 1 < argc) {\n"
    "      char *v = argv[++i], *sep = strstr(v, \"::\");\n"
    "      if (sep) { *sep = 0; pre[npre].host_path = v; pre[npre].guest_path = sep + 2; }\n"
    "      else { pre[npre].host_path = v; pre[npre].guest_path = v; }\n"
    "      npre++;\n"
    "    } else if (strcmp(argv[i], \"--env\") == 0 && i + 1 < argc) {\n"
    "      env[nenv++] = argv[++i];\n"
    "    } else if (strcmp(argv[i], \"--argv0\") == 0 && i + 1 < argc) {\n"
    "      argv0 = argv[++i];\n"
    "    } else break;\n"
    "  }\n"
    "  for (; i < argc; i++) args[nargs++] = argv[i];\n"
    "  args[0] = argv0;\n"
    "  /* the host environment, then --env overrides (a later K=V replaces an earlier K) */\n"
    "  size_t nhost = 0;\n  while (environ && environ[nhost]) nhost++;\n"
    "  const char **allenv = calloc(nhost + nenv + 1, sizeof *allenv);\n"
    "  size_t nall = 0;\n"
    "  if (!allenv) { fputs(\"witc: out of memory\\n\", stderr); return 3; }\n"
    "  for (size_t h = 0; h < nhost + nenv; h++) {\n"
    "    const char *kv = h < nhost ? environ[h] : env[h - nhost];\n"
    "    const char *eq = strchr(kv, '=');\n"
    "    size_t kl = eq ? (size_t)(eq - kv) : strlen(kv);\n"
    "    size_t j = 0;\n"
    "    for (; j < nall; j++) if (strncmp(allenv[j], kv, kl) == 0 && allenv[j][kl] == '=') break;\n"
    "    allenv[j] = kv;\n    if (j == nall) nall++;\n"
    "  }\n"
    "  wrt_wasi_config cfg;\n  memset(&cfg, 0, sizeof cfg);\n"
    "  cfg.argc = (int)nargs;\n  cfg.argv = args;\n  cfg.env = allenv;\n"
    "  cfg.preopens = pre;\n  cfg.npreopens = npre;\n"
    "  wrt_wasi *wasi;\n  char msg[256];\n"
    "  if (wrt_wasi_new(&cfg, &wasi, msg, sizeof msg) != 0) {\n"
    "    fprintf(stderr, \"witc: %s\\n\", msg);\n    return 3;\n  }\n"
    "  wrt_w2c_init();\n"
    "  wrt_error err;\n  int status;\n  witc_component *comp = NULL;\n"
    "  if (witc_init(&comp, wasi, NULL, &err) != 0) {\n"
    "    fprintf(stderr, \"witc: trap while instantiating the component (%s): %s\\n\",\n"
    "            wrt_trap_kind_name(err.kind), err.message);\n"
    "    status = err.kind == WRT_TRAP_EXIT ? err.exit_code : 3;\n"
    "  } else {\n"
    "    int r = witc_run(comp, &err);\n"
    "    if (r >= 0) status = r;\n"
    "    else if (err.kind == WRT_TRAP_EXIT) status = err.exit_code;\n"
    "    else {\n"
    "      fflush(stdout);\n"
    "      fprintf(stderr, \"witc: the guest trapped (%s): %s\\n\", wrt_trap_kind_name(err.kind),\n"
    "              err.message);\n"
    "      status = 3;\n"
    "    }\n"
    "  }\n"
    "  fflush(stdout);\n"
    "  witc_fini(comp);\n  wrt_w2c_fini();\n  wrt_wasi_free(wasi);\n"
    "  free(pre);\n  free(env);\n  free(args);\n  free(allenv);\n"
    "  return status;\n}\n";

int cmp_compile(const cmp_component *c, const char *out_dir, const cmp_compile_opts *opts,
                cmp_compile_info *info, cmp_error *err)
{
    cc k;
    int rc = 0;
    memset(&k, 0, sizeof k);
    k.c = c;
    k.s = c->root;
    k.err = err;
    err->offset = 0;
    err->message[0] = 0;
    wit_buf_init(&k.decl);
    wit_buf_init(&k.body);
    wit_buf_init(&k.init);
    wit_buf_init(&k.api);
    wit_buf_init(&k.apih);
    wit_buf_init(&k.fields);
    wit_buf_init(&k.setup);
    wit_buf out = WIT_BUF_INIT;
    if (!(k.a = wit_arena_new()))
        return -2;
    if (wit_mkdirs(out_dir) < 0) {
        rc = fail(&k, "cannot create %s: %s", out_dir, strerror(errno));
        goto done;
    }
    /* imports other than instances, types and functions (world-level functions go to the
     * host's hooks) cannot be served */
    for (uint32_t i = 0; i < k.s->ndefs; i++) {
        const cmp_def *d = &k.s->defs[i];
        if (d->kind == CMP_DEF_IMPORT && d->u.import.desc.sort != CMP_SORT_INSTANCE &&
            d->u.import.desc.sort != CMP_SORT_TYPE && d->u.import.desc.sort != CMP_SORT_FUNC) {
            rc = fail(&k, "unsupported import `%s`: witc serves only WASI 0.2 interface imports",
                      d->u.import.name.name);
            goto done;
        }
    }
    if ((rc = compile_modules(&k, out_dir, opts)) < 0)
        goto done;
    if ((rc = instantiate_all(&k)) < 0)
        goto done;
    if ((rc = emit_exports(&k)) < 0)
        goto done;
    if ((rc = emit_cx(&k)) < 0)
        goto done;

    /* glue.c */
    wit_buf_puts(&out, "/* glue.c — generated by witc compile: instantiates the component's core "
                       "modules and wires\n * their imports (see component/compile.c). */\n"
                       "#include <stddef.h>\n#include <stdint.h>\n#include <stdlib.h>\n#include <string.h>\n"
                       "#include \"witc_component.h\"\n");
    for (uint32_t m = 0; m < k.nmods; m++)
        wit_buf_printf(&out, "#include \"m%u.h\"\n", m);
    /* all state of one instance: wasm2c module instances, handle table, memory views, option
     * sets, resource types; every generated function reaches it through its arguments */
    /* The import environment of every module is &c->env, which holds its own address. An
     * import function gets either that pointer (a direct call) or, for a funcref an element
     * segment made of an imported function, the address of the importer's field holding it
     * (wasm2c 1.0.3x stores instance + offsetof(field) in the funcref): loading through the
     * pointer gives &c->env in both cases, hence WITC_OF. */
    wit_buf_puts(&out, "\nstruct witc_component {\n  void *env; /* holds &env: every module's import environment (WITC_OF) */\n  wrt_instance inst;\n");
    for (uint32_t m = 0; m < k.nmods; m++)
        wit_buf_printf(&out, "  Z_m%u_instance_t m%u;\n", m, m);
    wit_buf_append(&out, k.fields.data ? k.fields.data : "", k.fields.len);
    wit_buf_puts(&out, "};\n#define WITC_OF(i) \\\n  ((witc_component *)(void *)((char *)*(void **)(void *)(i) - "
                       "offsetof(witc_component, env)))\n\n");
    wit_buf_append(&out, k.decl.data ? k.decl.data : "", k.decl.len);
    wit_buf_append(&out, k.body.data ? k.body.data : "", k.body.len);
    wit_buf_puts(&out, "\nstatic void instantiate(void *arg) {\n  witc_component *c = arg;\n");
    wit_buf_append(&out, k.init.data ? k.init.data : "", k.init.len);
    wit_buf_puts(&out, "}\n\nwrt_instance *witc_instance(witc_component *c) { return &c->inst; }\n\n"
                       "void witc_fini(witc_component *c) {\n  if (!c) return;\n"
                       "  wrt_instance_fini(&c->inst);\n");
    for (uint32_t m = k.nmods; m-- > 0;)
        if (k.mods[m].instantiated)
            wit_buf_printf(&out, "  Z_m%u_free(&c->m%u);\n", m, m);
    wit_buf_puts(&out, "  free(c);\n}\n\n"
                       "int witc_init(witc_component **out, wrt_wasi *wasi, void *user, "
                       "wrt_error *err) {\n"
                       "  /* whole cache lines of its own: sharing one with other heap objects "
                       "made calls\n   * measurably slower (bench/run.sh: echo 46 -> 88 ns) */\n"
                       "  witc_component *c = aligned_alloc(64, (sizeof *c + 63) / 64 * 64);\n"
                       "  *out = NULL;\n"
                       "  if (!c) {\n    if (err) {\n      memset(err, 0, sizeof *err);\n"
                       "      err->kind = WRT_TRAP_RESOURCE_LIMIT;\n"
                       "      strcpy(err->message, \"out of memory\");\n    }\n    return -1;\n  }\n"
                       "  memset(c, 0, sizeof *c);\n"
                       "  c->env = &c->env;\n  wrt_instance_init(&c->inst, wasi);\n  c->inst.user = user;\n");
    wit_buf_append(&out, k.setup.data ? k.setup.data : "", k.setup.len);
    for (uint32_t m = 0; m < k.nmods; m++)
        wit_buf_printf(&out, "  Z_m%u_init_module();\n", m);
    wit_buf_puts(&out, "  if (wrt_w2c_enter(&c->inst, instantiate, c, err) != 0) {\n"
                       "    witc_fini(c);\n    return -1;\n  }\n  *out = c;\n  return 0;\n}\n\n");
    wit_buf_append(&out, k.api.data ? k.api.data : "", k.api.len);
    if ((rc = write_buf(&k, out_dir, "glue.c", &out)) < 0)
        goto done;

    /* witc_component.h */
    wit_buf_reset(&out);
    wit_buf_puts(&out, "/* witc_component.h — generated by witc compile: the C API of the compiled "
                       "component.\n * Call wrt_w2c_init() once first (on the thread that runs the "
                       "guest), then witc_init, as many\n * times as instances are wanted: each "
                       "witc_component has its own core instances, linear\n * memories, handle "
                       "table and option sets; no state is shared between instances (wasm2c's\n * "
                       "runtime keeps its trap state per process: run them all on one thread). Every "
                       "export\n * wrapper takes the instance and returns 0, or -1 with *err set "
                       "when the guest trapped\n * (after a trap that instance refuses further "
                       "calls; the others are unaffected). Strings are\n * UTF-8; returned strings "
                       "are malloc'd.\n"
                       " * Import hooks (witc_import_…) receive the wrt_cx of the call: cx->inst is "
                       "the instance's\n * wrt_instance, whose `user` pointer is the one given to "
                       "witc_init. */\n"
                       "#ifndef WITC_COMPONENT_H_\n#define WITC_COMPONENT_H_\n"
                       "#include <stddef.h>\n#include <stdint.h>\n#include \"wasm-rt.h\"\n"
                       "#include \"witrt.h\"\n\n"
                       "/* One instance of the component (opaque). */\n"
                       "typedef struct witc_component witc_component;\n\n"
                       "/* Creates an instance (core modules instantiated, start functions run) into "
                       "*out; wasi is\n * borrowed (it must outlive the instance) and may be NULL "
                       "when the component imports no\n * WASI; user becomes witc_instance(*out)->user "
                       "(set before start functions run). Returns 0,\n * or -1 with *err set (a "
                       "trap while instantiating, or out of memory) and *out NULL: nothing\n * is "
                       "left to free. */\n"
                       "int witc_init(witc_component **out, wrt_wasi *wasi, void *user, wrt_error *err);\n"
                       "/* Frees the instance: its core instances, memories and handle table (host "
                       "resources\n * closed). NULL is a no-op. */\nvoid witc_fini(witc_component *c);\n"
                       "/* The instance's runtime state (handle table, `user` pointer). */\n"
                       "wrt_instance *witc_instance(witc_component *c);\n\n");
    wit_buf_append(&out, k.apih.data ? k.apih.data : "", k.apih.len);
    wit_buf_puts(&out, "\n#endif\n");
    if ((rc = write_buf(&k, out_dir, "witc_component.h", &out)) < 0)
        goto done;

    if (k.command) {
        wit_buf_reset(&out);
        wit_buf_puts(&out, main_c);
        if ((rc = write_buf(&k, out_dir, "main.c", &out)) < 0)
            goto done;
    }

    /* Makefile */
    wit_buf_reset(&out);
    {
        const cmp_runtime_paths *rt = opts ? &opts->rt : NULL;
        wit_buf_printf(&out,
                       "# Generated by witc compile. `make` builds %s.\n"
                       "CC ?= cc\nCFLAGS ?= -O2\n"
                       "WITRT_INCLUDE ?= %s\nWITRT_LIB ?= %s\nWASM2C_INCLUDE ?= %s\n"
                       "CPPFLAGS += -I. -I$(WITRT_INCLUDE) -I$(WASM2C_INCLUDE)\n"
                       "OBJS =",
                       k.command ? "the program `app`" : "libcomponent.a (link it with your host)",
                       rt && rt->include_dir ? rt->include_dir : "/usr/local/include",
                       rt && rt->lib_dir ? rt->lib_dir : "/usr/local/lib",
                       rt && rt->wasm2c_dir ? rt->wasm2c_dir : "/usr/src/wasm2c");
        for (uint32_t m = 0; m < k.nmods; m++)
            wit_buf_printf(&out, " m%u.o", m);
        wit_buf_puts(&out, " glue.o\n"
                           "LIBS = $(WITRT_LIB)/libwitrt-w2c.a $(WITRT_LIB)/libwitrt.a "
                           "-lwasm-rt-impl -lm\n\n");
        if (k.command)
            wit_buf_puts(&out, "app: $(OBJS) main.o\n\t$(CC) -o $@ $^ $(LIBS)\n\n");
        wit_buf_puts(&out, "libcomponent.a: $(OBJS)\n\tar rcs $@ $^\n\n"
                           "%.o: %.c\n\t$(CC) $(CPPFLAGS) $(CFLAGS) -w -c $< -o $@\n\n"
                           "clean:\n\trm -f *.o app libcomponent.a\n");
    }
    if ((rc = write_buf(&k, out_dir, "Makefile", &out)) < 0)
        goto done;
    if (info) {
        info->command = k.command;
        info->nmodules = k.nmods;
        info->nexports = k.nexports;
        info->nskipped = k.nskipped;
        info->nhooks = k.nhooks;
        memcpy(info->first_hook, k.first_hook, sizeof info->first_hook);
    }
done:
    if (rc == -2 || (rc == 0 && (k.body.oom || k.decl.oom || k.api.oom || k.fields.oom ||
                                 k.setup.oom || out.oom))) {
        snprintf(err->message, sizeof err->message, "out of memory");
        rc = -2;
    }
    wit_buf_free(&out);
    wit_buf_free(&k.decl);
    wit_buf_free(&k.body);
    wit_buf_free(&k.init);
    wit_buf_free(&k.api);
    wit_buf_free(&k.apih);
    wit_buf_free(&k.fields);
    wit_buf_free(&k.setup);
    wit_arena_free(k.a);
    return rc;
}

/* ---- building ------------------------------------------------------------------------- */
int cmp_build(const char *dir, const cmp_runtime_paths *rt, cmp_error *err)
{
    int rc = 0;
    wit_arena *a = wit_arena_new();
    err->offset = 0;
    err->message[0] = 0;
    if (!a) {
        snprintf(err->message, sizeof err->message, "out of memory");
        return -2;
    }
    const char *ccprog = getenv("CC");
    if (!ccprog || !*ccprog)
        ccprog = "cc";
    char *inc1 = wit_arena_printf(a, "-I%s", rt->include_dir);
    char *inc2 = wit_arena_printf(a, "-I%s", rt->wasm2c_dir);
    char *inc3 = wit_arena_printf(a, "-I%s", dir);
    /* the sources: m*.c, glue.c, main.c */
    char *srcs[256];
    uint32_t nsrc = 0;
    for (uint32_t m = 0; m < 250; m++) {
        char *p = wit_arena_printf(a, "%s/m%u.c", dir, m);
        struct stat st;
        if (!p || stat(p, &st) != 0)
            break;
        srcs[nsrc++] = p;
    }
    srcs[nsrc++] = wit_arena_printf(a, "%s/glue.c", dir);
    srcs[nsrc++] = wit_arena_printf(a, "%s/main.c", dir);
    /* biggest first, two at a time */
    pid_t pids[256];
    char *objs[256];
    uint32_t started = 0, done_n = 0;
    int running = 0;
    long jobs = sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs < 1)
        jobs = 1;
    if (jobs > 8)
        jobs = 8;
    while (done_n < nsrc) {
        while (started < nsrc && running < jobs) {
            char *src = srcs[started];
            objs[started] = wit_arena_printf(a, "%.*s.o", (int)(strlen(src) - 2), src);
            const char *opt = strstr(src, "/m") ? "-O2" : "-O2";
            char *argv[] = {(char *)ccprog, (char *)opt, (char *)"-w", inc3, inc1, inc2,
                            (char *)"-c", src, (char *)"-o", objs[started], NULL};
            if (spawn(argv, &pids[started]) < 0) {
                snprintf(err->message, sizeof err->message, "cannot run %s: %s", ccprog,
                         strerror(errno));
                rc = -1;
                goto done;
            }
            started++;
            running++;
        }
        if (wait_ok(pids[done_n]) < 0 && rc == 0) {
            snprintf(err->message, sizeof err->message, "%s failed compiling %s", ccprog,
                     srcs[done_n]);
            rc = -1;
        }
        done_n++;
        running--;
    }
    if (rc < 0)
        goto done;
    {
        char *argv[270];
        uint32_t n = 0;
        argv[n++] = (char *)ccprog;
        argv[n++] = (char *)"-o";
        argv[n++] = wit_arena_printf(a, "%s/app", dir);
        for (uint32_t i = 0; i < nsrc; i++)
            argv[n++] = objs[i];
        argv[n++] = wit_arena_printf(a, "%s/libwitrt-w2c.a", rt->lib_dir);
        argv[n++] = wit_arena_printf(a, "%s/libwitrt.a", rt->lib_dir);
        argv[n++] = (char *)"-lwasm-rt-impl";
        argv[n++] = (char *)"-lm";
        argv[n] = NULL;
        if (run_tool(argv) < 0) {
            snprintf(err->message, sizeof err->message, "%s failed linking %s/app", ccprog, dir);
            rc = -1;
        }
    }
done:
    wit_arena_free(a);
    return rc;
}

/* ---- locating the runtime -------------------------------------------------------------- */
static bool file_exists(const char *dir, const char *name)
{
    char p[4096];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

int cmp_runtime_locate(cmp_runtime_paths *rt, const char *inc, const char *lib, char *store,
                       size_t n, cmp_error *err)
{
    size_t used = 0;
    const char *env = getenv("WITC_RUNTIME_DIR");
    char a[2048], b[2048];
    err->offset = 0;
    if (env && *env) {
        snprintf(a, sizeof a, "%s/include", env);
        snprintf(b, sizeof b, "%s/lib", env);
        if (file_exists(env, "witrt.h")) {
            snprintf(a, sizeof a, "%s", env);
        }
        if (file_exists(env, "libwitrt.a"))
            snprintf(b, sizeof b, "%s", env);
    } else {
        snprintf(a, sizeof a, "%s", inc ? inc : "");
        snprintf(b, sizeof b, "%s", lib ? lib : "");
    }
    if (!file_exists(a, "witrt.h")) {
        snprintf(err->message, sizeof err->message,
                 "libwitrt's header witrt.h not found in %.150s (set WITC_RUNTIME_DIR)", a);
        return -1;
    }
    if (!file_exists(b, "libwitrt.a") || !file_exists(b, "libwitrt-w2c.a")) {
        snprintf(err->message, sizeof err->message,
                 "libwitrt.a / libwitrt-w2c.a not found in %.150s (build witc fully, or set "
                 "WITC_RUNTIME_DIR)", b);
        return -1;
    }
    const char *w = getenv("WITC_WASM2C_DIR");
    const char *wd = (w && *w) ? w : file_exists("/usr/src/wasm2c", "wasm-rt.h") ? "/usr/src/wasm2c"
                                                                              : "/usr/include";
    if (!file_exists(wd, "wasm-rt.h")) {
        snprintf(err->message, sizeof err->message,
                 "wasm2c's runtime header wasm-rt.h not found (install Debian's wabt)");
        return -1;
    }
    const char *src[3] = {a, b, wd};
    const char **dst[3] = {&rt->include_dir, &rt->lib_dir, &rt->wasm2c_dir};
    for (int i = 0; i < 3; i++) {
        size_t l = strlen(src[i]) + 1;
        if (used + l > n) {
            snprintf(err->message, sizeof err->message, "runtime paths too long");
            return -1;
        }
        memcpy(store + used, src[i], l);
        *dst[i] = store + used;
        used += l;
    }
    return 0;
}
