/* A dummy core module for a world: every core import and export that the canonical ABI
 * and wit-component's legacy names (wit-and-abi.md §2.7) give the world, with bodies
 * that trap, plus `memory` and `cabi_realloc`. It is what `wasm-tools component embed
 * --dummy` is for: a module `component new` accepts, to get a component of the world
 * without writing code. Signatures come from gen/abi.c's plans, so `component new`
 * accepting the module also checks those plans against wit-component's validation. */
#include <stdio.h>
#include <string.h>

#include "abi.h"
#include "encode.h"
#include "wasmbin.h"

#define MAX_SIG (GEN_PLAN_MAX_CORE + 1)

typedef struct sig {
    uint8_t params[MAX_SIG], results[1];
    uint32_t nparams, nresults;
} sig;

typedef struct dmod {
    const wit_resolve *r;
    wit_arena *arena;
    sig *types;        /* distinct function types, in first-use order */
    uint32_t ntypes, captypes;
    wit_buf imports;   /* import entries */
    uint32_t nimports;
    wit_buf exports;   /* export names of defined functions, each NUL-terminated; the
                        * function indices are known only once every import is in */
    uint32_t nexports;
    wit_buf funcs;     /* type index of each defined function */
    uint32_t nfuncs;
    char *err;
    bool failed;
} dmod;

static void dfail(dmod *m, const char *fmt, const char *a, const char *b)
{
    if (!m->failed && m->err)
        snprintf(m->err, 256, fmt, a, b);
    m->failed = true;
}

static uint8_t core_byte(gen_core c)
{
    switch (c) {
    case GEN_I32: return 0x7f;
    case GEN_I64: return 0x7e;
    case GEN_F32: return 0x7d;
    case GEN_F64: return 0x7c;
    }
    return 0x7f;
}

/* Index of the function type, added when new. */
static uint32_t type_index(dmod *m, const sig *s)
{
    for (uint32_t i = 0; i < m->ntypes; i++)
        if (m->types[i].nparams == s->nparams && m->types[i].nresults == s->nresults &&
            memcmp(m->types[i].params, s->params, s->nparams) == 0 &&
            memcmp(m->types[i].results, s->results, s->nresults) == 0)
            return i;
    if (m->ntypes == m->captypes) {
        uint32_t ncap = m->captypes ? m->captypes * 2 : 16;
        sig *n = wit_realloc(m->types, ncap * sizeof *n);
        if (!n) {
            dfail(m, "out of memory%s%s", "", "");
            return 0;
        }
        m->types = n;
        m->captypes = ncap;
    }
    m->types[m->ntypes] = *s;
    return m->ntypes++;
}

static sig sig_of(const gen_core *p, uint32_t np, const gen_core *r, uint32_t nr)
{
    sig s;
    memset(&s, 0, sizeof s);
    for (uint32_t i = 0; i < np && i < MAX_SIG; i++)
        s.params[s.nparams++] = core_byte(p[i]);
    if (nr)
        s.results[s.nresults++] = core_byte(r[0]);
    return s;
}

static void add_import(dmod *m, const char *module, const char *field, const sig *s)
{
    uint32_t t = type_index(m, s);
    gen_wasm_name(&m->imports, module);
    gen_wasm_name(&m->imports, field);
    gen_wasm_byte(&m->imports, 0x00);
    gen_wasm_u32(&m->imports, t);
    m->nimports++;
}

/* A defined function (the nfuncs-th) exported as `name`. */
static void add_export(dmod *m, const char *name, const sig *s)
{
    gen_wasm_u32(&m->funcs, type_index(m, s));
    wit_buf_append(&m->exports, name, strlen(name) + 1);
    m->nexports++;
    m->nfuncs++;
}

static bool is_async(const wit_func *f)
{
    return f->kind == WIT_FN_ASYNC_FREESTANDING || f->kind == WIT_FN_ASYNC_METHOD ||
           f->kind == WIT_FN_ASYNC_STATIC;
}

/* One function: the import `module::f`, or the export `prefix f` and its post-return.
 * Async functions (callback ABI): the import `[async-lower]f`; the export
 * `[async-lift]prefix f`, its callback `[callback][async-lift]prefix f`, and the import
 * `[export]module::[task-return]f` taking the flattened result (one pointer past 16). */
static void add_func(dmod *m, const char *module, const char *prefix, const wit_func *f, bool import)
{
    gen_plan plan;
    bool async = is_async(f);
    if (gen_plan_func(m->r, f, import ? GEN_IMPORT : GEN_EXPORT, async, false, m->arena, &plan) < 0) {
        dfail(m, "out of memory%s%s", "", "");
        return;
    }
    sig s = sig_of(plan.core_params, plan.ncore_params, plan.core_results, plan.ncore_results);
    wit_buf name = WIT_BUF_INIT;
    if (import) {
        wit_buf_printf(&name, "%s%s", async ? "[async-lower]" : "", f->name);
        add_import(m, module, name.data ? name.data : "", &s);
    } else if (async) {
        static const gen_core i32[4] = {GEN_I32, GEN_I32, GEN_I32, GEN_I32};
        wit_buf_printf(&name, "[async-lift]%s%s", prefix, f->name);
        add_export(m, name.data ? name.data : "", &s);
        wit_buf_reset(&name);
        wit_buf_printf(&name, "[callback][async-lift]%s%s", prefix, f->name);
        sig cb = sig_of(i32, 3, i32, 1);
        add_export(m, name.data ? name.data : "", &cb);
        gen_core flat[GEN_MAX_FLAT_PARAMS];
        uint32_t n = f->has_result ? gen_abi_flatten(m->r, f->result, flat, GEN_MAX_FLAT_PARAMS) : 0;
        sig tr = n > GEN_MAX_FLAT_PARAMS ? sig_of(i32, 1, NULL, 0) : sig_of(flat, n, NULL, 0);
        wit_buf mod = WIT_BUF_INIT, field = WIT_BUF_INIT;
        wit_buf_printf(&mod, "[export]%s", module ? module : "$root");
        wit_buf_printf(&field, "[task-return]%s", f->name);
        add_import(m, mod.data ? mod.data : "", field.data ? field.data : "", &tr);
        if (mod.oom || field.oom)
            dfail(m, "out of memory%s%s", "", "");
        wit_buf_free(&mod);
        wit_buf_free(&field);
    } else {
        wit_buf_printf(&name, "%s%s", prefix, f->name);
        add_export(m, name.data ? name.data : "", &s);
        if (plan.post_return) {
            sig p = sig_of(plan.core_results, plan.ncore_results, NULL, 0);
            wit_buf_reset(&name);
            wit_buf_printf(&name, "cabi_post_%s%s", prefix, f->name);
            add_export(m, name.data ? name.data : "", &p);
        }
    }
    if (name.oom)
        dfail(m, "out of memory%s%s", "", "");
    wit_buf_free(&name);
}

/* "ns:pkg/i@v" for interface keys, the plain name otherwise (name_world_key). */
static void key_name(wit_buf *b, const wit_resolve *r, const wit_world_item *it)
{
    if (it->key.kind == WIT_KEY_NAME) {
        wit_buf_puts(b, it->key.name);
        return;
    }
    const wit_iface *i = &r->ifaces[it->key.iface];
    const wit_pkg_name *pn = &r->packages[i->package].name;
    wit_buf_printf(b, "%s:%s/%s", pn->ns, pn->name, i->name);
    if (pn->version)
        wit_buf_printf(b, "@%s", pn->version);
}

static void add_iface(dmod *m, const wit_world_item *it, bool import)
{
    const wit_iface *ifc = &m->r->ifaces[it->id];
    wit_buf key = WIT_BUF_INIT, tmp = WIT_BUF_INIT;
    key_name(&key, m->r, it);
    const char *k = key.data ? key.data : "";
    static const gen_core i32[1] = {GEN_I32};
    sig drop = sig_of(i32, 1, NULL, 0), conv = sig_of(i32, 1, i32, 1);
    for (uint32_t i = 0; i < ifc->ntypes; i++) {
        const wit_typedef *td = &m->r->types[ifc->types[i].id];
        if (td->kind != WIT_TD_RESOURCE || td->owner.kind != WIT_OWNER_INTERFACE ||
            td->owner.id != it->id)
            continue;
        wit_buf_reset(&tmp);
        if (import) {
            wit_buf_printf(&tmp, "[resource-drop]%s", td->name);
            add_import(m, k, tmp.data, &drop);
            continue;
        }
        wit_buf mod = WIT_BUF_INIT;
        wit_buf_printf(&mod, "[export]%s", k);
        wit_buf_printf(&tmp, "[resource-new]%s", td->name);
        add_import(m, mod.data, tmp.data, &conv);
        wit_buf_reset(&tmp);
        wit_buf_printf(&tmp, "[resource-rep]%s", td->name);
        add_import(m, mod.data, tmp.data, &conv);
        wit_buf_reset(&tmp);
        wit_buf_printf(&tmp, "[resource-drop]%s", td->name);
        add_import(m, mod.data, tmp.data, &drop);
        if (mod.oom)
            dfail(m, "out of memory%s%s", "", "");
        wit_buf_free(&mod);
    }
    wit_buf_reset(&tmp);
    wit_buf_printf(&tmp, "%s#", k);
    for (uint32_t i = 0; i < ifc->nfuncs; i++)
        add_func(m, k, tmp.data, &ifc->funcs[i], import);
    if (key.oom || tmp.oom)
        dfail(m, "out of memory%s%s", "", "");
    wit_buf_free(&key);
    wit_buf_free(&tmp);
}

/* Exported resources' destructors, `I#[dtor]r`, after the functions. */
static void add_dtors(dmod *m, const wit_world_item *it)
{
    const wit_iface *ifc = &m->r->ifaces[it->id];
    static const gen_core i32[1] = {GEN_I32};
    sig drop = sig_of(i32, 1, NULL, 0);
    for (uint32_t i = 0; i < ifc->ntypes; i++) {
        const wit_typedef *td = &m->r->types[ifc->types[i].id];
        if (td->kind != WIT_TD_RESOURCE || td->owner.kind != WIT_OWNER_INTERFACE ||
            td->owner.id != it->id)
            continue;
        wit_buf name = WIT_BUF_INIT;
        key_name(&name, m->r, it);
        wit_buf_printf(&name, "#[dtor]%s", td->name);
        add_export(m, name.data ? name.data : "", &drop);
        if (name.oom)
            dfail(m, "out of memory%s%s", "", "");
        wit_buf_free(&name);
    }
}

static void put_section(wit_buf *out, uint8_t id, uint32_t count, const wit_buf *items)
{
    wit_buf p = WIT_BUF_INIT;
    gen_wasm_vec(&p, count, items->data, items->len);
    gen_wasm_section(out, id, p.data, p.len);
    if (p.oom || items->oom)
        out->oom = true;
    wit_buf_free(&p);
}

int gen_encode_dummy_module(const wit_resolve *r, wit_id world, gen_encode_opts *opts, wit_buf *out)
{
    dmod m;
    memset(&m, 0, sizeof m);
    m.r = r;
    m.err = opts ? opts->err : NULL;
    wit_buf sec = WIT_BUF_INIT;
    int rc = -1;
    if (world >= r->nworlds) {
        dfail(&m, "world index out of range%s%s", "", "");
        return -1;
    }
    if (!(m.arena = wit_arena_new())) {
        dfail(&m, "out of memory%s%s", "", "");
        return -1;
    }
    const wit_world *w = &r->worlds[world];
    for (uint32_t i = 0; i < w->nimports && !m.failed; i++) {
        const wit_world_item *it = &w->imports[i];
        if (it->kind == WIT_ITEM_INTERFACE)
            add_iface(&m, it, true);
        else if (it->kind == WIT_ITEM_FUNCTION)
            add_func(&m, "$root", NULL, &it->func, true);
    }
    for (uint32_t i = 0; i < w->nexports && !m.failed; i++) {
        const wit_world_item *it = &w->exports[i];
        if (it->kind == WIT_ITEM_INTERFACE)
            add_iface(&m, it, false);
        else if (it->kind == WIT_ITEM_FUNCTION)
            add_func(&m, NULL, "", &it->func, false);
    }
    for (uint32_t i = 0; i < w->nexports && !m.failed; i++)
        if (w->exports[i].kind == WIT_ITEM_INTERFACE)
            add_dtors(&m, &w->exports[i]);
    static const gen_core four[4] = {GEN_I32, GEN_I32, GEN_I32, GEN_I32};
    sig realloc_sig = sig_of(four, 4, four, 1);
    add_export(&m, "cabi_realloc", &realloc_sig);
    if (m.failed)
        goto done;

    gen_wasm_core_preamble(out);
    for (uint32_t i = 0; i < m.ntypes; i++) { /* 1: types */
        gen_wasm_byte(&sec, 0x60);
        gen_wasm_vec(&sec, m.types[i].nparams, m.types[i].params, m.types[i].nparams);
        gen_wasm_vec(&sec, m.types[i].nresults, m.types[i].results, m.types[i].nresults);
    }
    put_section(out, 1, m.ntypes, &sec);
    if (m.nimports)
        put_section(out, 2, m.nimports, &m.imports);
    put_section(out, 3, m.nfuncs, &m.funcs);
    wit_buf_reset(&sec); /* 5: one memory of one page */
    gen_wasm_byte(&sec, 0x00);
    gen_wasm_u32(&sec, 1);
    put_section(out, 5, 1, &sec);
    wit_buf_reset(&sec); /* 7: exports; defined functions come after the imports */
    const char *name = m.exports.data;
    for (uint32_t i = 0; i < m.nexports && name; i++, name += strlen(name) + 1) {
        gen_wasm_name(&sec, name);
        gen_wasm_byte(&sec, 0x00);
        gen_wasm_u32(&sec, m.nimports + i);
    }
    gen_wasm_name(&sec, "memory");
    gen_wasm_byte(&sec, 0x02);
    gen_wasm_u32(&sec, 0);
    put_section(out, 7, m.nexports + 1, &sec);
    wit_buf_reset(&sec); /* 10: bodies `unreachable end`, no locals */
    for (uint32_t i = 0; i < m.nfuncs; i++)
        wit_buf_append(&sec, "\x03\x00\x00\x0b", 4);
    put_section(out, 10, m.nfuncs, &sec);
    if (out->oom || sec.oom || m.exports.oom || m.imports.oom || m.funcs.oom) {
        dfail(&m, "out of memory%s%s", "", "");
        goto done;
    }
    rc = 0;
done:
    wit_buf_free(&sec);
    wit_buf_free(&m.imports);
    wit_buf_free(&m.exports);
    wit_buf_free(&m.funcs);
    wit_free(m.types);
    wit_arena_free(m.arena);
    return rc;
}
