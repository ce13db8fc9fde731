/* The C guest emitter (`witc bindgen c`): W.h, W.c and W_component_type.c for a world.
 *
 * The idea that keeps this small: the C types it prints have exactly the canonical ABI's
 * memory layout on wasm32 (fixed-width integers, `bool`, integer typedefs for enums and
 * flags, `{ptr, len}`, tag + union), so every value that travels through memory — spilled
 * parameters, return areas, list elements — moves as one `memcpy` of the C value and
 * lists and strings pass in place. Only values that travel as core parameters or core
 * results are converted piece by piece, and that walk follows the flattening computed by
 * gen/abi.c (joins included); function-level structure comes from gen_plan_func.
 *
 * This file holds the entry point, the world walk, the fixed prelude, the component-type
 * section and the helpers the other parts share (emit_guest_int.h): emit_guest_types.c
 * defines C types, resources and free helpers; emit_guest_funcs.c prints the import
 * wrappers, export trampolines and the async ABI. */
#include "emit_guest_int.h"

#include "encode.h"

static uint32_t hash_str(const char *s);
static void emit_import_decl_body(emitter *e, const char *module, const char *field, const char *ret,
                             const char *cname, const char *params);
static void emit_iface(emitter *e, wit_id iface, bool exp);
static int emit_component_type(emitter *e, gen_file *f);
static void emit_prelude(emitter *e);
static int apply_renames(emitter *e);
static void emit_bitcasts(emitter *e);

/* Arena strings may be NULL after an allocation failure: record it and carry on with "",
 * so the emitter unwinds normally and reports WIT_ENOMEM at the end. */
const char *gen_guest__nn(emitter *e, const char *s)
{
    if (!s) {
        if (!e->err)
            e->err = WIT_ENOMEM;
        return "";
    }
    return s;
}

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Adds s; returns 1 if it was new, 0 if present, -1 on OOM. */
int gen_guest__set_add(emitter *e, strset *set, const char *s)
{
    if (set->n * 2 >= set->cap) {
        uint32_t nc = set->cap ? set->cap * 2 : 256;
        const char **ns = wit_arena_alloc(e->a, sizeof(char *) * nc);
        if (!ns)
            return -1;
        for (uint32_t i = 0; i < set->cap; i++)
            if (set->slots[i]) {
                uint32_t k = hash_str(set->slots[i]) & (nc - 1);
                while (ns[k])
                    k = (k + 1) & (nc - 1);
                ns[k] = set->slots[i];
            }
        set->slots = ns;
        set->cap = nc;
    }
    uint32_t k = hash_str(s) & (set->cap - 1);
    while (set->slots[k]) {
        if (strcmp(set->slots[k], s) == 0)
            return 0;
        k = (k + 1) & (set->cap - 1);
    }
    set->slots[k] = s;
    set->n++;
    return 1;
}

bool gen_guest__set_has(const strset *set, const char *s)
{
    if (!set->cap)
        return false;
    uint32_t k = hash_str(s) & (set->cap - 1);
    while (set->slots[k]) {
        if (strcmp(set->slots[k], s) == 0)
            return true;
        k = (k + 1) & (set->cap - 1);
    }
    return false;
}


void gen_guest__fail(emitter *e, wit_span span, const char *fmt, const char *arg)
{
    if (!e->err) {
        wit_diags_add(e->diags, WIT_SEV_ERROR, span, fmt, arg);
        e->err = -1;
    }
}

/* Records a global C name; a second definition of the same name is a clash between two
 * WIT items (e.g. function `foo-free` and the free helper of type `foo`). */
void gen_guest__claim(emitter *e, const char *sym, wit_span span)
{
    if (!sym) {
        e->err = WIT_ENOMEM;
        return;
    }
    int r = gen_guest__set_add(e, &e->symbols, sym);
    if (r < 0)
        e->err = WIT_ENOMEM;
    else if (r == 0)
        gen_guest__fail(e, span, "two WIT items would get the C name `%s`; rename one of them", sym);
}

const wit_typedef *gen_guest__td_of(const emitter *e, wit_type t)
{
    return t.prim == WIT_TYPE_ID ? &e->r->types[t.id] : NULL;
}

/* Follows aliases. */
wit_type gen_guest__dealias(const emitter *e, wit_type t)
{
    while (t.prim == WIT_TYPE_ID && e->r->types[t.id].kind == WIT_TD_ALIAS)
        t = e->r->types[t.id].u.elem;
    return t;
}

const char *gen_guest__ctype(emitter *e, wit_type t, bool exp)
{
    return gen_guest__nn(e, gen_cnames_type(&e->n, t, exp));
}

/* "P_name" for "P_name_t". */
const char *gen_guest__base_of(emitter *e, const char *tname)
{
    size_t n = strlen(tname);
    return gen_guest__nn(e, wit_arena_strndup(e->a, tname, n >= 2 ? n - 2 : n));
}

const char *gen_guest__shouty(emitter *e, const char *s)
{
    return gen_guest__nn(e, gen_c_shouty(e->a, s));
}

const char *gen_guest__cident(emitter *e, const char *s)
{
    return gen_guest__nn(e, gen_c_ident(e->a, s));
}

/* Is the exported copy of resource `res` the one implemented by this component? */
bool gen_guest__resource_is_local(emitter *e, wit_id res, bool exp)
{
    return gen_cnames_is_export_copy(&e->n, res, exp);
}


void gen_guest__emit_docs(gen_cwriter *w, const wit_docs *d)
{
    if (!d->contents)
        return;
    const char *p = d->contents;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
            n--;
        /* a trailing backslash would continue the comment onto the next line of code */
        bool bs = n > 0 && p[n - 1] == '\\';
        gen_cw_printf(w, "//%s%.*s%s\n", n ? " " : "", (int)n, p, bs ? " (backslash)" : "");
        if (!nl)
            break;
        p = nl + 1;
    }
}


static void emit_import_decl_body(emitter *e, const char *module, const char *field, const char *ret,
                             const char *cname, const char *params)
{
    gen_cwriter *w = &e->c;
    gen_cw_section(w, C_DECLS);
    P("__attribute__((__import_module__(\"%s\"), __import_name__(\"%s\")))\n", module, field);
    P("extern %s %s(%s);\n\n", ret, cname, params);
}

void gen_guest__emit_import_decl(emitter *e, const char *module, const char *field, const char *ret,
                             const char *cname, const char *params)
{
    int hs = e->h.cur, cs = e->c.cur;
    emit_import_decl_body(e, module, field, ret, cname, params);
    gen_cw_section(&e->h, hs);
    gen_cw_section(&e->c, cs);
}

/* ---- the world ---- */

static void emit_iface(emitter *e, wit_id iface, bool exp)
{
    const wit_iface *in = &e->r->ifaces[iface];
    e->n.cur_iface = iface; /* anonymous types first met here are named after it */
    for (uint32_t i = 0; i < in->ntypes && !e->err; i++) {
        wit_type t = {WIT_TYPE_ID, in->types[i].id};
        gen_guest__need_type(e, t, exp);
    }
    wit_owner owner = {WIT_OWNER_INTERFACE, iface};
    for (uint32_t i = 0; i < in->nfuncs && !e->err; i++) {
        if (exp)
            gen_guest__emit_export_func(e, owner, &in->funcs[i]);
        else
            gen_guest__emit_import_func(e, owner, &in->funcs[i]);
    }
    e->n.cur_iface = WIT_NONE;
}

char *gen_guest__replace_all(const char *text, const char *from, const char *to)
{
    wit_buf b = WIT_BUF_INIT;
    size_t fl = strlen(from);
    for (const char *p = text;;) {
        const char *q = strstr(p, from);
        if (!q) {
            wit_buf_puts(&b, p);
            break;
        }
        wit_buf_append(&b, p, (size_t)(q - p));
        wit_buf_puts(&b, to);
        p = q + fl;
    }
    return wit_buf_detach(&b, NULL);
}

static int emit_component_type(emitter *e, gen_file *f)
{
    wit_buf payload = WIT_BUF_INIT, out = WIT_BUF_INIT;
    gen_encode_opts eo;
    memset(&eo, 0, sizeof eo);
    eo.string_encoding = e->o->utf16 ? GEN_STRING_UTF16 : GEN_STRING_UTF8;
    int rc = 0;
    char *sect = NULL;
    if (gen_encode_world(e->r, e->world, &eo, &payload) < 0 || payload.oom) {
        wit_diags_add(e->diags, WIT_SEV_ERROR, WIT_NO_SPAN, "cannot encode world `%s`: %s",
                      e->r->worlds[e->world].name, eo.err[0] ? eo.err : "out of memory");
        rc = -1;
        goto done;
    }
    sect = gen_encode_section_name(e->r, e->world);
    if (sect && e->o->type_section_suffix) {
        /* a distinct name, so wasm-ld does not concatenate this section with another
         * library's section of the same name (wit-bindgen#788) */
        char *full = wit_malloc(strlen(sect) + strlen(e->o->type_section_suffix) + 1);
        if (full) {
            strcpy(full, sect);
            strcat(full, e->o->type_section_suffix);
        }
        wit_free(sect);
        sect = full;
    }
    if (!sect) {
        rc = WIT_ENOMEM;
        goto done;
    }
    wit_buf_printf(&out, "// Generated by witc bindgen. DO NOT EDIT!\n"
                         "// The component type of world `%s` (the binary WIT encoding) in the custom\n"
                         "// section `%s`, which turns the linked module into a component.\n\n",
                   e->r->worlds[e->world].name, sect);
    wit_buf_printf(&out, "void __component_type_object_force_link_%s(void);\n", e->W);
    wit_buf_printf(&out, "void __component_type_object_force_link_%s(void) {\n}\n\n", e->W);
    wit_buf_printf(&out, "__asm__(\".section \\\".custom_section.%s\\\",\\\"\\\",@\\n\"\n", sect);
    for (size_t i = 0; i < payload.len; i += 16) {
        wit_buf_puts(&out, "    \".byte ");
        for (size_t k = i; k < payload.len && k < i + 16; k++)
            wit_buf_printf(&out, "%s0x%02x", k > i ? "," : "", (unsigned char)payload.data[k]);
        wit_buf_puts(&out, "\\n\"\n");
    }
    wit_buf_puts(&out, "    \".text\\n\");\n");
    f->name = wit_strdup(FMT("%s_component_type.c", e->W));
    f->data = wit_buf_detach(&out, &f->len);
    if (!f->name || !f->data)
        rc = WIT_ENOMEM;
done:
    wit_free(sect);
    wit_buf_free(&payload);
    wit_buf_free(&out);
    return rc;
}

static void emit_prelude(emitter *e)
{
    const char *W = e->W, *WS = e->n.world_shouty;
    static const char *const fixed[] = {"string_t", "error_context_t", "string_set", "string_dup", "string_dup_n",
                                        "string_free", "string_len"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        gen_guest__claim(e, FMT("%s_%s", W, fixed[i]), WIT_NO_SPAN);
    gen_cwriter *w = &e->h;
    gen_cw_section(w, H_TOP);
    P("// Generated by witc bindgen. DO NOT EDIT!\n");
    P("#ifndef __BINDINGS_%s_H\n", WS);
    P("#define __BINDINGS_%s_H\n", WS);
    gen_cw_raw(w, "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");
    P("#include <stdint.h>\n");
    P("#include <stdbool.h>\n");
    P("#include <stddef.h>\n");
    if (e->o->utf16)
        P("#include <uchar.h>\n");
    P("\n");
    gen_cw_section(w, H_TYPES);
    P("typedef struct %s_string_t {\n", W);
    P("%s *ptr;\n", e->o->utf16 ? "char16_t" : "uint8_t");
    P("size_t len;\n");
    P("} %s_string_t;\n\n", W);
    P("typedef uint32_t %s_error_context_t;\n\n", W);
    gen_cw_section(w, H_IMPORTS);
    P("// Imported functions: call these.\n\n");
    gen_cw_section(w, H_EXPORTS);
    P("// Exported functions: implement these.\n\n");
    gen_cw_section(w, H_HELPERS);
    P("// Helpers\n\n");
    const char *ch = e->o->utf16 ? "char16_t" : "char";
    if (e->o->utf16)
        P("// The length of a NUL-terminated UTF-16 string, in code units.\nsize_t %s_string_len(const char16_t *s);\n", W);
    P("// Sets `ret` to `s` without copying (do not free it, and do not return it from an export).\n");
    P("void %s_string_set(%s_string_t *ret, const %s *s);\n", W, W, ch);
    P("// Sets `ret` to a heap copy of `s` (allocated with cabi_realloc).\n");
    P("void %s_string_dup(%s_string_t *ret, const %s *s);\n", W, W, ch);
    P("void %s_string_dup_n(%s_string_t *ret, const %s *s, size_t len);\n", W, W, ch);
    P("// Frees a string's memory and zeroes it.\n");
    P("void %s_string_free(%s_string_t *ret);\n\n", W, W);
    gen_cw_section(w, H_END);
    gen_cw_raw(w, "#ifdef __cplusplus\n}\n#endif\n#endif\n");

    w = &e->c;
    gen_cw_section(w, C_TOP);
    P("// Generated by witc bindgen. DO NOT EDIT!\n");
    P("#include \"%s.h\"\n", W);
    P("#include <stdlib.h>\n");
    P("#include <string.h>\n\n");
    gen_cw_section(w, C_HELPERS);
    gen_cw_raw(w, gen_tpl_guest_realloc);
    gen_cw_raw(w, "\n");
    char *s = gen_guest__replace_all(e->o->utf16 ? gen_tpl_guest_string_utf16 : gen_tpl_guest_string_utf8, "WORLD_",
                          FMT("%s_", W));
    if (!s) {
        e->err = WIT_ENOMEM;
        return;
    }
    gen_cw_raw(w, s);
    gen_cw_raw(w, "\n");
    wit_free(s);
}

static void emit_bitcasts(emitter *e)
{
    gen_cwriter *w = &e->c;
    gen_cw_section(w, C_BITS);
    if (!e->bits)
        return;
    P("// Bit casts for joined flat values (canonical ABI).\n");
    static const char *const tys[4][3] = {{"int32_t", "witc_f32_to_i32", "float"},
                                          {"float", "witc_i32_to_f32", "int32_t"},
                                          {"int64_t", "witc_f64_to_i64", "double"},
                                          {"double", "witc_i64_to_f64", "int64_t"}};
    for (int i = 0; i < 4; i++) {
        if (!(e->bits & (1u << i)))
            continue;
        P("static inline %s %s(%s v) {\n", tys[i][0], tys[i][1], tys[i][2]);
        P("%s r;\n", tys[i][0]);
        P("memcpy(&r, &v, sizeof r);\n");
        P("return r;\n");
        P("}\n\n");
    }
}

/* --rename: match each KEY against the world's interface keys (full name with and without
 * the version, or the plain key name). */
static int apply_renames(emitter *e)
{
    const wit_world *w = &e->r->worlds[e->world];
    for (size_t k = 0; k < e->o->nrenames; k++) {
        const char *key = e->o->renames[2 * k], *name = e->o->renames[2 * k + 1];
        bool hit = false;
        for (uint32_t i = 0; i < w->nimports + w->nexports; i++) {
            const wit_world_item *it = i < w->nimports ? &w->imports[i] : &w->exports[i - w->nimports];
            if (it->kind != WIT_ITEM_INTERFACE)
                continue;
            wit_owner o = {WIT_OWNER_INTERFACE, it->id};
            const char *full = gen_cnames_core_module(&e->n, o);
            if (!full)
                return -1;
            size_t kl = strlen(key);
            bool match = strcmp(full, key) == 0 || (strncmp(full, key, kl) == 0 && full[kl] == '@');
            if (match) {
                if (gen_cnames_set_prefix(&e->n, it->id, name) < 0)
                    return -1;
                hit = true;
            }
        }
        if (!hit)
            wit_diags_add(e->diags, WIT_SEV_WARNING, WIT_NO_SPAN, "--rename %s: no interface of world `%s` has this name",
                          key, e->r->worlds[e->world].name);
    }
    return 0;
}

void gen_guest_out_free(gen_guest_out *out)
{
    for (uint32_t i = 0; i < 3; i++) {
        wit_free(out->files[i].name);
        wit_free(out->files[i].data);
    }
    memset(out, 0, sizeof *out);
}

int gen_guest_emit(const wit_resolve *r, wit_id world, const gen_guest_opts *opts, wit_diags *diags,
                   gen_guest_out *out)
{
    emitter E, *e = &E;
    memset(e, 0, sizeof E);
    memset(out, 0, sizeof *out);
    gen_guest_opts defaults;
    memset(&defaults, 0, sizeof defaults);
    e->r = r;
    e->world = world;
    e->o = opts ? opts : &defaults;
    e->diags = diags;
    e->ret_area_align = 1;
    gen_cw_init(&e->h);
    gen_cw_init(&e->c);
    int rc = 0;
    e->a = wit_arena_new();
    if (!e->a || gen_cnames_init(&e->n, r, world, e->a) < 0) {
        rc = WIT_ENOMEM;
        goto done;
    }
    if (e->o->rename_world) {
        e->n.world_snake = gen_guest__nn(e, gen_c_snake(e->a, e->o->rename_world));
        e->n.world_shouty = gen_c_shouty(e->a, e->o->rename_world);
        if (!e->n.world_snake || !e->n.world_shouty) {
            rc = WIT_ENOMEM;
            goto done;
        }
    }
    e->W = e->n.world_snake;
    if (apply_renames(e) < 0) {
        rc = WIT_ENOMEM;
        goto done;
    }
    emit_prelude(e);
    const wit_world *wd = &r->worlds[world];
    wit_owner wo = {WIT_OWNER_WORLD, world};
    /* `import a: iface; import b: iface;` (wit's `implements`): C names and core module
     * names follow the interface, so two keys for one interface cannot be told apart yet */
    for (int exp = 0; exp < 2 && !e->err; exp++) {
        const wit_world_item *items = exp ? wd->exports : wd->imports;
        uint32_t count = exp ? wd->nexports : wd->nimports;
        for (uint32_t i = 0; i < count && !e->err; i++)
            for (uint32_t j = 0; j < i && !e->err; j++)
                if (items[i].kind == WIT_ITEM_INTERFACE && items[j].kind == WIT_ITEM_INTERFACE &&
                    items[i].id == items[j].id)
                    gen_guest__fail(e, items[i].span, "one interface %s twice under different names is not supported yet",
                         exp ? "exported" : "imported");
    }
    for (uint32_t i = 0; i < wd->nimports && !e->err; i++) {
        const wit_world_item *it = &wd->imports[i];
        if (it->kind == WIT_ITEM_INTERFACE)
            emit_iface(e, it->id, false);
        else if (it->kind == WIT_ITEM_FUNCTION)
            gen_guest__emit_import_func(e, wo, &it->func);
        else {
            wit_type t = {WIT_TYPE_ID, it->id};
            gen_guest__need_type(e, t, false);
        }
    }
    for (uint32_t i = 0; i < wd->nexports && !e->err; i++) {
        const wit_world_item *it = &wd->exports[i];
        if (it->kind == WIT_ITEM_INTERFACE)
            emit_iface(e, it->id, true);
        else if (it->kind == WIT_ITEM_FUNCTION)
            gen_guest__emit_export_func(e, wo, &it->func);
    }
    if (e->ret_area_size) {
        gen_cwriter *w = &e->c;
        gen_cw_section(w, C_RETAREA);
        P("// The return area of exports: results stay here until the post-return function ran.\n");
        P("static __attribute__((__aligned__(%u))) uint8_t RET_AREA[%u];\n\n", e->ret_area_align,
          e->ret_area_size);
    }
    if (!e->o->no_component_type) {
        gen_cwriter *w = &e->c;
        gen_cw_section(w, C_END);
        P("// Keeps %s_component_type.c (the component-type section) in the link.\n", e->W);
        P("void __component_type_object_force_link_%s(void);\n", e->W);
        P("__attribute__((__used__)) void __component_type_object_force_link_%s_public_use_in_this_compilation_unit(void);\n",
          e->W);
        P("void __component_type_object_force_link_%s_public_use_in_this_compilation_unit(void) {\n", e->W);
        P("__component_type_object_force_link_%s();\n", e->W);
        P("}\n");
    }
    emit_bitcasts(e);
    if (!e->err && wit_arena_failed(e->a))
        e->err = WIT_ENOMEM;
    if (e->err) {
        rc = e->err;
        goto done;
    }
    static const int horder[] = {H_TOP, H_ASYNC, H_TYPES, H_IMPORTS, H_EXPORTS, H_HELPERS, H_END};
    static const int corder[] = {C_TOP, C_BITS, C_DECLS, C_HELPERS, C_IMPORTS, C_RETAREA, C_EXPORTS, C_END};
    out->files[0].name = wit_strdup(FMT("%s.h", e->W));
    out->files[1].name = wit_strdup(FMT("%s.c", e->W));
    if (!out->files[0].name || !out->files[1].name ||
        gen_cw_join(&e->h, horder, H_NSEC, &out->files[0].data, &out->files[0].len) < 0 ||
        gen_cw_join(&e->c, corder, C_NSEC, &out->files[1].data, &out->files[1].len) < 0) {
        rc = WIT_ENOMEM;
        goto done;
    }
    out->nfiles = 2;
    if (!e->o->no_component_type) {
        rc = emit_component_type(e, &out->files[2]);
        if (rc < 0)
            goto done;
        out->nfiles = 3;
    }
done:
    if (rc < 0)
        gen_guest_out_free(out);
    gen_cw_free(&e->h);
    gen_cw_free(&e->c);
    wit_arena_free(e->a);
    return rc;
}
