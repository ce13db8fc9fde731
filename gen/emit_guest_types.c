/* The C guest emitter, part 2: C type definitions for WIT types (named and anonymous,
 * imported and exported copies), resource handle types and intrinsics, `_free` helpers,
 * and the async/error-context built-ins that types pull in.
 *
 * Each definition is emitted on first use, its parts first, and recorded by C name, so
 * the header is in dependency order and structurally equal anonymous types are defined
 * once. */
#include "emit_guest_int.h"

static void emit_case_defines(emitter *e, const char *base, const wit_typedef *td, bool flags);
static void define_type(emitter *e, wit_type t, bool exp);
static void ensure_error_context(emitter *e);
static void need_resource_body(emitter *e, wit_id res, bool exp);
static void need_resource(emitter *e, wit_id res, bool exp);
static void free_value(emitter *e, gen_cwriter *w, wit_type t, bool exp, const char *lv);
static const char *need_free_body(emitter *e, wit_type t, bool exp);

/* The async ABI's types and built-in wrappers (templates/guest_async.*), once per world. */
void gen_guest__ensure_async(emitter *e)
{
    if (e->async_done || e->err)
        return;
    e->async_done = true;
    int hs = e->h.cur, cs = e->c.cur;
    char *h1 = gen_guest__replace_all(gen_tpl_guest_async_h, "WORLDU_", FMT("%s_", e->n.world_shouty));
    char *h2 = h1 ? gen_guest__replace_all(h1, "WORLD_", FMT("%s_", e->W)) : NULL;
    char *c1 = gen_guest__replace_all(gen_tpl_guest_async, "WORLD_", FMT("%s_", e->W));
    if (!h2 || !c1) {
        e->err = WIT_ENOMEM;
    } else {
        gen_cw_section(&e->h, H_ASYNC);
        gen_cw_raw(&e->h, h2);
        gen_cw_raw(&e->h, "\n");
        gen_cw_section(&e->c, C_HELPERS);
        gen_cw_raw(&e->c, c1);
        gen_cw_raw(&e->c, "\n");
    }
    wit_free(h1);
    wit_free(h2);
    wit_free(c1);
    gen_cw_section(&e->h, hs);
    gen_cw_section(&e->c, cs);
}

/* ---- type definitions ---- */


static void emit_case_defines(emitter *e, const char *base, const wit_typedef *td, bool flags)
{
    gen_cwriter *w = &e->h;
    for (uint32_t i = 0; i < td->u.variant.n; i++) {
        const char *cn = gen_guest__shouty(e, td->u.variant.cases[i].name);
        if (flags)
            P("#define %s_%s (UINT%u_C(1) << %u)\n", gen_guest__shouty(e, base), cn,
              td->u.variant.n <= 8 ? 8u : td->u.variant.n <= 16 ? 16u : 32u, i);
        else
            P("#define %s_%s %u\n", gen_guest__shouty(e, base), cn, i);
    }
}

const char *gen_guest__disc_ctype(uint32_t ncases)
{
    uint32_t d = gen_abi_disc_size(ncases);
    return d == 1 ? "uint8_t" : d == 2 ? "uint16_t" : "uint32_t";
}

static void define_type(emitter *e, wit_type t, bool exp)
{
    const wit_typedef *td = gen_guest__td_of(e, t);
    bool copy = gen_cnames_is_export_copy(&e->n, t.id, exp);
    const char *name = gen_guest__ctype(e, t, exp);
    const char *base = gen_guest__base_of(e, name);
    gen_cwriter *w = &e->h;
    gen_cw_section(w, H_TYPES);
    switch (td->kind) {
    case WIT_TD_RECORD:
        if (td->u.record.n == 0) {
            /* size 0 in the ABI; C has no empty struct (and C++ would give it size 1) */
            gen_guest__fail(e, td->span, "record `%s` has no fields: empty records have no C representation",
                 td->name ? td->name : "");
            return;
        }
        for (uint32_t i = 0; i < td->u.record.n; i++)
            gen_guest__need_type(e, td->u.record.fields[i].type, copy);
        gen_guest__emit_docs(w, &td->docs);
        P("typedef struct %s {\n", name);
        for (uint32_t i = 0; i < td->u.record.n; i++) {
            gen_guest__emit_docs(w, &td->u.record.fields[i].docs);
            P("%s %s;\n", gen_guest__ctype(e, td->u.record.fields[i].type, copy), gen_guest__cident(e, td->u.record.fields[i].name));
        }
        P("} %s;\n\n", name);
        break;
    case WIT_TD_TUPLE:
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            gen_guest__need_type(e, td->u.tuple.types[i], copy);
        if (td->u.tuple.n == 0) {
            gen_guest__fail(e, td->span, "%s: empty tuples have no C representation", "tuple<>");
            return;
        }
        P("typedef struct %s {\n", name);
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            P("%s f%u;\n", gen_guest__ctype(e, td->u.tuple.types[i], copy), i);
        P("} %s;\n\n", name);
        break;
    case WIT_TD_FLAGS: {
        uint32_t n = td->u.variant.n;
        if (n == 0) {
            gen_guest__fail(e, td->span, "flags `%s` has no members: empty flags have no C representation",
                 td->name ? td->name : "");
            return;
        }
        if (n > 32) {
            gen_guest__fail(e, td->span, "flags `%s` has more than 32 members (the component model allows at most 32)",
                 td->name ? td->name : "");
            return;
        }
        gen_guest__emit_docs(w, &td->docs);
        P("typedef %s %s;\n\n", n <= 8 ? "uint8_t" : n <= 16 ? "uint16_t" : "uint32_t", name);
        emit_case_defines(e, base, td, true);
        P("\n");
        break;
    }
    case WIT_TD_ENUM:
        gen_guest__emit_docs(w, &td->docs);
        P("typedef %s %s;\n\n", gen_guest__disc_ctype(td->u.variant.n), name);
        emit_case_defines(e, base, td, false);
        P("\n");
        break;
    case WIT_TD_VARIANT: {
        bool any = false;
        for (uint32_t i = 0; i < td->u.variant.n; i++)
            if (td->u.variant.cases[i].has_type) {
                gen_guest__need_type(e, td->u.variant.cases[i].type, copy);
                any = true;
            }
        gen_guest__emit_docs(w, &td->docs);
        P("typedef struct %s {\n", name);
        P("%s tag;\n", gen_guest__disc_ctype(td->u.variant.n));
        if (any) {
            P("union {\n");
            for (uint32_t i = 0; i < td->u.variant.n; i++)
                if (td->u.variant.cases[i].has_type)
                    P("%s %s;\n", gen_guest__ctype(e, td->u.variant.cases[i].type, copy),
                      gen_guest__cident(e, td->u.variant.cases[i].name));
            P("} val;\n");
        }
        P("} %s;\n\n", name);
        emit_case_defines(e, base, td, false);
        P("\n");
        break;
    }
    case WIT_TD_OPTION:
        gen_guest__need_type(e, td->u.elem, copy);
        P("typedef struct %s {\n", name);
        P("bool is_some;\n");
        P("%s val;\n", gen_guest__ctype(e, td->u.elem, copy));
        P("} %s;\n\n", name);
        break;
    case WIT_TD_RESULT:
        if (td->u.result.has_ok)
            gen_guest__need_type(e, td->u.result.ok, copy);
        if (td->u.result.has_err)
            gen_guest__need_type(e, td->u.result.err, copy);
        P("typedef struct %s {\n", name);
        P("bool is_err;\n");
        if (td->u.result.has_ok || td->u.result.has_err) {
            P("union {\n");
            if (td->u.result.has_ok)
                P("%s ok;\n", gen_guest__ctype(e, td->u.result.ok, copy));
            if (td->u.result.has_err)
                P("%s err;\n", gen_guest__ctype(e, td->u.result.err, copy));
            P("} val;\n");
        }
        P("} %s;\n\n", name);
        break;
    case WIT_TD_LIST:
        gen_guest__need_type(e, td->u.elem, copy);
        gen_guest__emit_docs(w, &td->docs);
        P("typedef struct %s {\n", name);
        P("%s *ptr;\n", gen_guest__ctype(e, td->u.elem, copy));
        P("size_t len;\n");
        P("} %s;\n\n", name);
        break;
    case WIT_TD_MAP:
        gen_guest__need_type(e, td->u.map.key, copy);
        gen_guest__need_type(e, td->u.map.value, copy);
        P("typedef struct %s_entry_t {\n", base);
        P("%s key;\n", gen_guest__ctype(e, td->u.map.key, copy));
        P("%s value;\n", gen_guest__ctype(e, td->u.map.value, copy));
        P("} %s_entry_t;\n\n", base);
        P("typedef struct %s {\n", name);
        P("%s_entry_t *ptr;\n", base);
        P("size_t len;\n");
        P("} %s;\n\n", name);
        break;
    case WIT_TD_FIXED_LIST:
        gen_guest__need_type(e, td->u.fixed.elem, copy);
        if (td->u.fixed.len == 0) {
            gen_guest__fail(e, td->span, "%s: zero-length lists have no C representation", "list<T, 0>");
            return;
        }
        P("typedef struct %s {\n", name);
        P("%s elems[%u];\n", gen_guest__ctype(e, td->u.fixed.elem, copy), td->u.fixed.len);
        P("} %s;\n\n", name);
        break;
    case WIT_TD_ALIAS: {
        wit_type tgt = gen_guest__dealias(e, t);
        if (tgt.prim == WIT_TYPE_ID && e->r->types[tgt.id].kind == WIT_TD_RESOURCE) {
            need_resource(e, tgt.id, copy);
            break;
        }
        gen_guest__need_type(e, td->u.elem, copy);
        gen_guest__emit_docs(w, &td->docs);
        P("typedef %s %s;\n\n", gen_guest__ctype(e, td->u.elem, copy), name);
        break;
    }
    case WIT_TD_HANDLE:
        need_resource(e, gen_cnames_handle_resource(&e->n, td), copy);
        break;
    case WIT_TD_RESOURCE:
        need_resource(e, t.id, copy);
        break;
    case WIT_TD_FUTURE:
    case WIT_TD_STREAM:
        if (td->u.async.has)
            gen_guest__need_type(e, td->u.async.elem, copy);
        gen_guest__ensure_async(e);
        gen_cw_section(w, H_TYPES);
        P("// The readable end of a %s; the writable end is %s_writer_t.\n",
          td->kind == WIT_TD_FUTURE ? "future" : "stream", base);
        P("typedef uint32_t %s;\n", name);
        P("typedef uint32_t %s_writer_t;\n\n", base);
        break;
    case WIT_TD_UNKNOWN:
        gen_guest__fail(e, td->span, "%s: unresolved type", td->name ? td->name : "?");
        break;
    }
}

/* The error-context built-ins, once per world that uses error-context. */
static void ensure_error_context(emitter *e)
{
    if (e->errctx_done || e->err)
        return;
    e->errctx_done = true;
    int hs = e->h.cur, cs = e->c.cur;
    const char *W = e->W, *enc = e->o->utf16 ? "utf16" : "utf8";
    const char *imp = FMT("__wasm_import_%s_error_context", W);
    gen_cwriter *w = &e->h;
    gen_cw_section(w, H_HELPERS);
    P("// A new error-context with a debug message (copied by the host).\n");
    P("%s_error_context_t %s_error_context_new(%s_string_t *debug_message);\n", W, W, W);
    P("// The debug message of an error-context (the string is yours to free).\n");
    P("void %s_error_context_debug_message(%s_error_context_t ctx, %s_string_t *ret);\n", W, W, W);
    P("void %s_error_context_drop(%s_error_context_t ctx);\n\n", W, W);
    gen_guest__emit_import_decl(e, "$root", FMT("[error-context-new-%s]", enc), "int32_t", FMT("%s_new", imp),
                     "int32_t ptr, int32_t len");
    gen_guest__emit_import_decl(e, "$root", FMT("[error-context-debug-message-%s]", enc), "void",
                     FMT("%s_debug_message", imp), "int32_t handle, int32_t ret");
    gen_guest__emit_import_decl(e, "$root", "[error-context-drop]", "void", FMT("%s_drop", imp), "int32_t handle");
    w = &e->c;
    gen_cw_section(w, C_HELPERS);
    P("%s_error_context_t %s_error_context_new(%s_string_t *debug_message) {\n", W, W, W);
    P("return (%s_error_context_t)%s_new((int32_t)(uintptr_t)debug_message->ptr, (int32_t)debug_message->len);\n",
      W, imp);
    P("}\n\n");
    P("void %s_error_context_debug_message(%s_error_context_t ctx, %s_string_t *ret) {\n", W, W, W);
    P("%s_debug_message((int32_t)ctx, (int32_t)(uintptr_t)ret);\n", imp);
    P("}\n\n");
    P("void %s_error_context_drop(%s_error_context_t ctx) {\n", W, W);
    P("%s_drop((int32_t)ctx);\n", imp);
    P("}\n\n");
    gen_cw_section(&e->h, hs);
    gen_cw_section(&e->c, cs);
}

void gen_guest__need_type(emitter *e, wit_type t, bool exp)
{
    if (e->err)
        return;
    if (t.prim == WIT_ERROR_CONTEXT)
        ensure_error_context(e);
    if (t.prim != WIT_TYPE_ID)
        return; /* string and error-context are defined up front */
    const wit_typedef *td = gen_guest__td_of(e, t);
    if (td->kind == WIT_TD_RESOURCE) {
        need_resource(e, t.id, exp);
        return;
    }
    const char *name = gen_guest__ctype(e, t, exp);
    if (!name) {
        e->err = WIT_ENOMEM;
        return;
    }
    if (gen_guest__set_has(&e->defined, name))
        return;
    /* handles are defined with their resource; mark after, the resource marks them */
    if (td->kind == WIT_TD_HANDLE) {
        define_type(e, t, exp);
        return;
    }
    if (gen_guest__set_add(e, &e->defined, name) < 0) {
        e->err = WIT_ENOMEM;
        return;
    }
    gen_guest__claim(e, name, td->span);
    define_type(e, t, exp);
    /* every type that owns memory gets its free helper, as wit-bindgen does */
    if (td->kind != WIT_TD_ALIAS)
        gen_guest__need_free(e, t, exp);
}

static void need_resource_body(emitter *e, wit_id res, bool exp)
{
    if (e->err)
        return;
    bool local = gen_guest__resource_is_local(e, res, exp);
    const char *rp = gen_guest__nn(e, gen_cnames_resource_prefix(&e->n, res, exp));
    const char *key = FMT("%s#resource", rp);
    if (!rp || !key) {
        e->err = WIT_ENOMEM;
        return;
    }
    int added = gen_guest__set_add(e, &e->defined, key);
    if (added <= 0) {
        if (added < 0)
            e->err = WIT_ENOMEM;
        return;
    }
    const wit_typedef *td = &e->r->types[res];
    const char *pfx = gen_guest__nn(e, gen_cnames_owner_prefix(&e->n, td->owner, local));
    const char *rs = gen_guest__nn(e, gen_c_snake(e->a, td->name));
    const char *own = FMT("%s_own_%s_t", pfx, rs), *borrow = FMT("%s_borrow_%s_t", pfx, rs);
    gen_guest__set_add(e, &e->defined, own);
    gen_guest__set_add(e, &e->defined, borrow);
    gen_guest__claim(e, own, td->span);
    gen_guest__claim(e, borrow, td->span);
    gen_guest__claim(e, FMT("%s_drop_own", rp), td->span);
    if (local) {
        gen_guest__claim(e, FMT("%s_t", rp), td->span);
        gen_guest__claim(e, FMT("%s_new", rp), td->span);
        gen_guest__claim(e, FMT("%s_rep", rp), td->span);
        gen_guest__claim(e, FMT("%s_destructor", rp), td->span);
    } else {
        gen_guest__claim(e, FMT("%s_borrow_%s", pfx, rs), td->span);
        if (!e->o->autodrop_borrows)
            gen_guest__claim(e, FMT("%s_drop_borrow", rp), td->span);
    }
    const char *module = gen_guest__nn(e, gen_cnames_core_module(&e->n, td->owner));
    gen_cwriter *w = &e->h;
    gen_cw_section(w, H_TYPES);
    gen_guest__emit_docs(w, &td->docs);
    if (!local) {
        P("typedef struct %s {\n", own);
        P("int32_t __handle;\n");
        P("} %s;\n\n", own);
        P("typedef struct %s {\n", borrow);
        P("int32_t __handle;\n");
        P("} %s;\n\n", borrow);
        gen_cw_section(w, H_HELPERS);
        P("// Drops an owned handle of `%s`: the host runs its destructor.\n", td->name);
        P("extern void %s_drop_own(%s handle);\n\n", rp, own);
        if (!e->o->autodrop_borrows) {
            P("// Drops a borrowed handle received as an argument of an export; every one must be\n");
            P("// dropped before the export returns.\n");
            P("extern void %s_drop_borrow(%s handle);\n\n", rp, borrow);
        }
        P("// Borrows an owned handle for a call; the result must not be dropped.\n");
        P("extern %s %s_borrow_%s(%s handle);\n\n", borrow, pfx, rs, own);
        const char *imp = FMT("__wasm_import_%s_drop", rp);
        gen_guest__emit_import_decl(e, module, FMT("[resource-drop]%s", td->name), "void", imp, "int32_t handle");
        w = &e->c;
        gen_cw_section(w, C_HELPERS);
        P("void %s_drop_own(%s handle) {\n", rp, own);
        P("%s(handle.__handle);\n", imp);
        P("}\n\n");
        if (!e->o->autodrop_borrows) {
            P("void %s_drop_borrow(%s handle) {\n", rp, borrow);
            P("%s(handle.__handle);\n", imp);
            P("}\n\n");
        }
        P("%s %s_borrow_%s(%s handle) {\n", borrow, pfx, rs, own);
        P("%s ret;\n", borrow);
        P("ret.__handle = handle.__handle;\n");
        P("return ret;\n");
        P("}\n\n");
    } else {
        const char *rep = FMT("%s_t", rp);
        P("// The representation of `%s`: define `struct %s` in your code.\n", td->name, rep);
        P("typedef struct %s %s;\n\n", rep, rep);
        P("typedef struct %s {\n", own);
        P("int32_t __handle;\n");
        P("} %s;\n\n", own);
        P("typedef %s *%s;\n\n", rep, borrow);
        gen_cw_section(w, H_HELPERS);
        P("// Creates an owned handle for `rep` (which the component keeps alive until the destructor runs).\n");
        P("extern %s %s_new(%s *rep);\n", own, rp, rep);
        P("// The representation behind an owned handle this component holds.\n");
        P("extern %s *%s_rep(%s handle);\n", rep, rp, own);
        P("// Drops an owned handle this component holds (the destructor runs when it was the last).\n");
        P("extern void %s_drop_own(%s handle);\n\n", rp, own);
        gen_cw_section(w, H_EXPORTS);
        P("// Implement: called when the last handle to `rep` is dropped.\n");
        P("void %s_destructor(%s *rep);\n\n", rp, rep);
        const char *emod = FMT("[export]%s", module);
        gen_guest__emit_import_decl(e, emod, FMT("[resource-new]%s", td->name), "int32_t", FMT("__wasm_import_%s_new", rp),
                         "int32_t rep");
        gen_guest__emit_import_decl(e, emod, FMT("[resource-rep]%s", td->name), "int32_t", FMT("__wasm_import_%s_rep", rp),
                         "int32_t handle");
        gen_guest__emit_import_decl(e, emod, FMT("[resource-drop]%s", td->name), "void", FMT("__wasm_import_%s_drop", rp),
                         "int32_t handle");
        w = &e->c;
        gen_cw_section(w, C_HELPERS);
        P("%s %s_new(%s *rep) {\n", own, rp, rep);
        P("%s ret;\n", own);
        P("ret.__handle = __wasm_import_%s_new((int32_t)(uintptr_t)rep);\n", rp);
        P("return ret;\n");
        P("}\n\n");
        P("%s *%s_rep(%s handle) {\n", rep, rp, own);
        P("return (%s *)(uintptr_t)__wasm_import_%s_rep(handle.__handle);\n", rep, rp);
        P("}\n\n");
        P("void %s_drop_own(%s handle) {\n", rp, own);
        P("__wasm_import_%s_drop(handle.__handle);\n", rp);
        P("}\n\n");
        gen_cw_section(w, C_EXPORTS);
        P("__attribute__((__export_name__(\"%s#[dtor]%s\")))\n", module, td->name);
        P("void __wasm_export_%s_dtor(int32_t arg) {\n", rp);
        P("%s_destructor((%s *)(uintptr_t)arg);\n", rp, rep);
        P("}\n\n");
    }
}

static void need_resource(emitter *e, wit_id res, bool exp)
{
    int hs = e->h.cur, cs = e->c.cur;
    need_resource_body(e, res, exp);
    gen_cw_section(&e->h, hs);
    gen_cw_section(&e->c, cs);
}

/* ---- free helpers ---- */


static void free_value(emitter *e, gen_cwriter *w, wit_type t, bool exp, const char *lv)
{
    const char *fn = gen_guest__need_free(e, t, exp);
    if (fn)
        P("%s(&%s);\n", fn, lv);
}

static const char *need_free_body(emitter *e, wit_type t, bool exp)
{
    if (e->err || !gen_abi_owns_memory(e->r, t))
        return NULL;
    if (t.prim == WIT_STRING)
        return FMT("%s_string_free", e->W);
    const wit_typedef *td = gen_guest__td_of(e, t);
    bool copy = gen_cnames_is_export_copy(&e->n, t.id, exp);
    const char *name = gen_guest__ctype(e, t, exp);
    const char *base = gen_guest__base_of(e, name);
    const char *fn = FMT("%s_free", base);
    if (td->kind == WIT_TD_ALIAS)
        return gen_guest__need_free(e, td->u.elem, copy);
    int added = gen_guest__set_add(e, &e->defined, fn);
    if (added <= 0) {
        if (added < 0)
            e->err = WIT_ENOMEM;
        return fn;
    }
    gen_guest__claim(e, fn, td->span);
    gen_guest__need_type(e, t, exp);
    /* the helpers of the parts first, so the prototypes read bottom-up */
    gen_cwriter body;
    gen_cw_init(&body);
    gen_cwriter *w = &body;
    P("void %s(%s *ptr) {\n", fn, name);
    switch (td->kind) {
    case WIT_TD_RECORD:
        for (uint32_t i = 0; i < td->u.record.n; i++)
            free_value(e, w, td->u.record.fields[i].type, copy,
                       FMT("ptr->%s", gen_guest__cident(e, td->u.record.fields[i].name)));
        break;
    case WIT_TD_TUPLE:
        for (uint32_t i = 0; i < td->u.tuple.n; i++)
            free_value(e, w, td->u.tuple.types[i], copy, FMT("ptr->f%u", i));
        break;
    case WIT_TD_LIST:
        if (gen_abi_owns_memory(e->r, td->u.elem)) {
            P("for (size_t i = 0; i < ptr->len; i++) {\n");
            free_value(e, w, td->u.elem, copy, "ptr->ptr[i]");
            P("}\n");
        }
        P("if (ptr->len > 0) {\n");
        P("free(ptr->ptr);\n");
        P("}\n");
        P("ptr->ptr = NULL;\n");
        P("ptr->len = 0;\n");
        break;
    case WIT_TD_MAP:
        if (gen_abi_owns_memory(e->r, td->u.map.key) || gen_abi_owns_memory(e->r, td->u.map.value)) {
            P("for (size_t i = 0; i < ptr->len; i++) {\n");
            free_value(e, w, td->u.map.key, copy, "ptr->ptr[i].key");
            free_value(e, w, td->u.map.value, copy, "ptr->ptr[i].value");
            P("}\n");
        }
        P("if (ptr->len > 0) {\n");
        P("free(ptr->ptr);\n");
        P("}\n");
        P("ptr->ptr = NULL;\n");
        P("ptr->len = 0;\n");
        break;
    case WIT_TD_FIXED_LIST:
        P("for (size_t i = 0; i < %u; i++) {\n", td->u.fixed.len);
        free_value(e, w, td->u.fixed.elem, copy, "ptr->elems[i]");
        P("}\n");
        break;
    case WIT_TD_OPTION:
        P("if (ptr->is_some) {\n");
        free_value(e, w, td->u.elem, copy, "ptr->val");
        P("}\n");
        break;
    case WIT_TD_RESULT:
        if (td->u.result.has_ok && gen_abi_owns_memory(e->r, td->u.result.ok)) {
            P("if (!ptr->is_err) {\n");
            free_value(e, w, td->u.result.ok, copy, "ptr->val.ok");
            P("}\n");
        }
        if (td->u.result.has_err && gen_abi_owns_memory(e->r, td->u.result.err)) {
            P("if (ptr->is_err) {\n");
            free_value(e, w, td->u.result.err, copy, "ptr->val.err");
            P("}\n");
        }
        break;
    case WIT_TD_VARIANT:
        P("switch ((int32_t)ptr->tag) {\n");
        for (uint32_t i = 0; i < td->u.variant.n; i++) {
            const wit_case *cs = &td->u.variant.cases[i];
            if (!cs->has_type || !gen_abi_owns_memory(e->r, cs->type))
                continue;
            P("case %u: {\n", i);
            free_value(e, w, cs->type, copy, FMT("ptr->val.%s", gen_guest__cident(e, cs->name)));
            P("break;\n");
            P("}\n");
        }
        P("default: break;\n");
        P("}\n");
        break;
    default: break;
    }
    P("}\n\n");
    gen_cwriter *hw = &e->h;
    gen_cw_section(hw, H_HELPERS);
    gen_cw_printf(hw, "// Frees the memory owned by *ptr (not ptr itself; handles are not dropped).\n");
    gen_cw_printf(hw, "void %s(%s *ptr);\n\n", fn, name);
    gen_cw_section(&e->c, C_HELPERS);
    if (body.sec[0].oom)
        e->err = WIT_ENOMEM;
    else if (body.sec[0].data)
        gen_cw_raw(&e->c, body.sec[0].data);
    gen_cw_free(&body);
    return fn;
}

/* Keeps the writers' current sections as they were. */
const char *gen_guest__need_free(emitter *e, wit_type t, bool exp)
{
    int hs = e->h.cur, cs = e->c.cur;
    const char * r = need_free_body(e, t, exp);
    gen_cw_section(&e->h, hs);
    gen_cw_section(&e->c, cs);
    return r;
}