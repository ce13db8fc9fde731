/* Unit tests of the C host-stub emitter (gen/emit_host.c, `witc host c`): what it declares for
 * a world with every kind of type, resources both ways and world-level functions, that the
 * output is deterministic, and that every allocation failure is survived without leaks. The
 * generated code itself is compiled and run by tests/e2e/host_types.sh. */
#include <criterion/criterion.h>
#include <string.h>

#include "emit_guest.h"
#include "emit_host.h"

static const char *world_src =
    "package t:h@1.0.0;\n"
    "interface i {\n"
    "  record r { a: u32, s: string, l: list<list<u8>> }\n"
    "  variant v { none, some(r), n(f64) }\n"
    "  flags fl { x, y }\n"
    "  resource res { constructor(s: string); m: func(x: borrow<res>) -> list<string>; }\n"
    "  f: func(a: r, b: v, c: option<string>, d: fl) -> result<r, string>;\n"
    "  e: func(x: error-context);\n"
    "}\n"
    "interface x {\n"
    "  resource blob { constructor(); size: func() -> u32; }\n"
    "  g: func(m: map<string, u32>, t: tuple<char, s8>) -> list<u16, 2>;\n"
    "}\n"
    "world w { import i; import tick: func(n: u32) -> u32; export x; export run: func() -> u64; }\n";

static int load(wit_session *s, wit_id *world)
{
    wit_id root;
    if (wit_session_init(s) < 0)
        return -1;
    if (wit_load_source(s, "t.wit", world_src, strlen(world_src), &root) != WIT_OK)
        return -1;
    *world = wit_select_world(s, root, NULL);
    return *world == WIT_NONE ? -1 : 0;
}

static bool has(const wit_buf *b, const char *needle)
{
    char *s = calloc(b->len + 1, 1);
    memcpy(s, b->data, b->len);
    bool r = strstr(s, needle) != NULL;
    free(s);
    return r;
}

Test(gen_host, declares_the_world)
{
    wit_session s;
    wit_id w;
    cr_assert_eq(load(&s, &w), 0);
    gen_host_out out;
    memset(&out, 0, sizeof out);
    char err[128];
    cr_assert_eq(gen_host_emit(&s.resolve, w, &out, err, sizeof err), 0);
    cr_assert_str_eq(out.h_name, "w_host.h");
    cr_assert_str_eq(out.c_name, "w_host.c");
    /* exports: x's constructor, size, g; run */
    cr_assert_eq(out.nexports, 4);
    /* imports: i's constructor, m, f; tick (e is not covered) */
    cr_assert_eq(out.nimports, 4);
    cr_assert_eq(out.nskipped, 1);
    cr_assert(has(&out.h, "extern void t_h_i_f(t_h_i_r_t *a, t_h_i_v_t *b, w_option_string_t *c, "
                          "t_h_i_fl_t d, t_h_i_result_r_string_t *ret);"));
    cr_assert(has(&out.h, "extern uint32_t w_tick(uint32_t n);"));
    cr_assert(has(&out.h, "extern t_h_i_own_res_t t_h_i_constructor_res(w_string_t *s);"));
    cr_assert(has(&out.h, "extern void t_h_i_res_destroy(void *rep);"));
    cr_assert(has(&out.h, "int w_call_run(w_instance *inst, uint64_t *ret);"));
    cr_assert(has(&out.h, "int w_call_x_constructor_blob(w_instance *inst, exports_t_h_x_own_blob_t *ret);"));
    cr_assert(has(&out.h, "int exports_t_h_x_blob_drop(w_instance *inst, exports_t_h_x_own_blob_t h);"));
    cr_assert(has(&out.h, "void t_h_i_r_free(t_h_i_r_t *ptr);"));
    cr_assert(has(&out.h, "#define T_H_I_FL_Y (UINT8_C(1) << 1)"));
    cr_assert(has(&out.h, "import `t:h/i@1.0.0#e`: not covered"));
    /* hooks: versioned interface name, world-level function, resource drop */
    cr_assert(has(&out.c, "witc_import_t_h_i_1_0_0__f(wrt_cx *cx, uint32_t a0"));
    cr_assert(has(&out.c, "uint32_t witc_import_tick(wrt_cx *cx, uint32_t a0) {"));
    cr_assert(has(&out.c, "void witc_import_t_h_i_1_0_0__resource_drop_res(wrt_cx *cx, uint32_t a0) {"));
    cr_assert(has(&out.c, "int witc_raw_t_h_x__g(struct witc_component *c, wrt_error *err"));
    /* instances: each W_instance holds its own component; imports find theirs */
    cr_assert(has(&out.h, "  struct witc_component *comp;\n} w_instance;"));
    cr_assert(has(&out.h, "w_instance *w_current_instance(void);"));
    cr_assert(has(&out.c, "witc_init(&inst->comp, inst->wasi, inst, &inst->err)"));
    cr_assert(has(&out.c, "witc_raw_t_h_x__g(inst->comp, &inst->err,"));
    cr_assert(!has(&out.c, "static int g_"), "host glue keeps state at file scope");
    gen_host_out_free(&out);
    wit_session_free(&s);
}

/* One interface imported and exported (a middleware), and two exported interfaces with one
 * short name from two packages: the same world as tests/e2e/host_names.wit. */
static const char *names_src =
    "package test:names@0.1.0;\n"
    "interface store {\n"
    "  record entry { key: string, val: list<u8> }\n"
    "  variant answer { none, one(entry), many(list<entry>) }\n"
    "  resource bucket { constructor(name: string); get: func(key: string) -> answer; }\n"
    "  echo: func(e: entry) -> answer;\n"
    "}\n"
    "interface api { use store.{entry}; tag: func(e: entry) -> string; }\n"
    "world names { import store; export store; import test:other/api; export api; "
    "export test:other/api; }\n"
    "package test:other { interface api { record entry { key: string, n: u32 } "
    "tag: func(e: entry) -> string; } }\n";

/* the name of each `} NAME;` in b, one after the other: *pos advances */
static bool next_type(const wit_buf *b, size_t *pos, char *name, size_t n)
{
    for (size_t i = *pos; i + 3 < b->len; i++) {
        if (b->data[i] != '\n' || b->data[i + 1] != '}' || b->data[i + 2] != ' ')
            continue;
        size_t j = i + 3, k = 0;
        while (j < b->len && b->data[j] != ';' && b->data[j] != '\n' && k + 1 < n)
            name[k++] = b->data[j++];
        name[k] = 0;
        *pos = j;
        if (j < b->len && b->data[j] == ';')
            return true;
    }
    return false;
}

Test(gen_host, names_follow_the_guest_bindings)
{
    wit_session s;
    wit_id root, w;
    cr_assert_eq(wit_session_init(&s), 0);
    cr_assert_eq(wit_load_source(&s, "n.wit", names_src, strlen(names_src), &root), WIT_OK);
    w = wit_select_world(&s, root, "names");
    cr_assert_neq(w, WIT_NONE);
    gen_host_out out;
    memset(&out, 0, sizeof out);
    cr_assert_eq(gen_host_emit(&s.resolve, w, &out, NULL, 0), 0);
    cr_assert_eq(out.nskipped, 0);
    /* the exported copy: exports_ types, the guest's handle, a drop */
    cr_assert(has(&out.h, "int names_call_store_echo(names_instance *inst, exports_test_names_store_entry_t *e, "
                          "exports_test_names_store_answer_t *ret);"));
    cr_assert(has(&out.h, "void exports_test_names_store_answer_free(exports_test_names_store_answer_t *ptr);"));
    cr_assert(has(&out.h, "#define EXPORTS_TEST_NAMES_STORE_ANSWER_MANY 2"));
    cr_assert(has(&out.h, "typedef struct exports_test_names_store_own_bucket_t {\n  uint32_t handle;"));
    cr_assert(has(&out.h, "int exports_test_names_store_bucket_drop(names_instance *inst, "
                          "exports_test_names_store_own_bucket_t h);"));
    /* the imported copy: plain types, the embedder's rep, a destroy */
    cr_assert(has(&out.h, "extern void test_names_store_echo(test_names_store_entry_t *e, "
                          "test_names_store_answer_t *ret);"));
    cr_assert(has(&out.h, "#define TEST_NAMES_STORE_ANSWER_MANY 2"));
    cr_assert(has(&out.h, "typedef struct test_names_store_own_bucket_t {\n  void *rep;"));
    cr_assert(has(&out.h, "extern void test_names_store_bucket_destroy(void *rep);"));
    /* a `use` of the exported store from an export is its exported copy */
    cr_assert(has(&out.h, "int names_call_test_names_api_tag(names_instance *inst, "
                          "exports_test_names_store_entry_t *e, names_string_t *ret);"));
    /* two exported `api`s: W_call names by their packages */
    cr_assert(has(&out.h, "int names_call_test_other_api_tag(names_instance *inst, "
                          "exports_test_other_api_entry_t *e, names_string_t *ret);"));
    cr_assert(has(&out.h, "extern void test_other_api_tag(test_other_api_entry_t *e, names_string_t *ret);"));
    cr_assert(has(&out.c, "void witc_import_test_names_store_0_1_0__resource_drop_bucket(wrt_cx *cx"));
    cr_assert(!has(&out.h, "names_call_api_tag"));
    /* the guest bindings' typedef for a `use`d type, in the copy it belongs to */
    cr_assert(has(&out.h, "typedef exports_test_names_store_entry_t exports_test_names_api_entry_t;"));
    /* every WIT type the host header defines, the guest bindings define under the same name */
    wit_diags d;
    wit_diags_init(&d);
    gen_guest_opts o;
    memset(&o, 0, sizeof o);
    gen_guest_out g;
    memset(&g, 0, sizeof g);
    cr_assert_eq(gen_guest_emit(&s.resolve, w, &o, &d, &g), 0);
    wit_buf gh = WIT_BUF_INIT;
    wit_buf_append(&gh, g.files[0].data, g.files[0].len);
    size_t pos = 0;
    unsigned ntypes = 0;
    char name[128], want[160];
    while (next_type(&out.h, &pos, name, sizeof name)) {
        size_t nl = strlen(name);
        if (nl < 2 || strcmp(name + nl - 2, "_t") != 0)
            continue; /* W_instance: the host's own */
        snprintf(want, sizeof want, "} %s;", name);
        bool in_guest = has(&gh, want);
        snprintf(want, sizeof want, "*%s;", name);
        in_guest |= has(&gh, want);
        cr_assert(in_guest, "%s is not a type of the guest bindings", name);
        ntypes++;
    }
    cr_assert_geq(ntypes, 12);
    wit_buf_free(&gh);
    gen_guest_out_free(&g);
    wit_diags_free(&d);
    gen_host_out_free(&out);
    wit_session_free(&s);
}

Test(gen_host, call_names_stay_unique)
{
    static const char *src = "package t:c;\ninterface api { x: func(); }\n"
                             "world w { export api; export api-x: func(); }\n";
    wit_session s;
    wit_id root, w;
    cr_assert_eq(wit_session_init(&s), 0);
    cr_assert_eq(wit_load_source(&s, "c.wit", src, strlen(src), &root), WIT_OK);
    w = wit_select_world(&s, root, "w");
    cr_assert_neq(w, WIT_NONE);
    gen_host_out out;
    memset(&out, 0, sizeof out);
    cr_assert_eq(gen_host_emit(&s.resolve, w, &out, NULL, 0), 0);
    cr_assert(has(&out.h, "int w_call_api_x(w_instance *inst);"));
    cr_assert(has(&out.h, "int w_call_api_x_2(w_instance *inst);"));
    cr_assert(has(&out.c, "witc_raw_api_x(inst->comp"));
    cr_assert(has(&out.c, "witc_raw_t_c_api__x(inst->comp"));
    gen_host_out_free(&out);
    wit_session_free(&s);
}

Test(gen_host, aliases_are_the_guest_typedefs)
{
    static const char *src =
        "package t:k;\n"
        "interface shared { record p { a: u32 } resource r { constructor(); } }\n"
        "interface b { use shared.{p, r}; type q = p; f: func(x: q, y: borrow<r>) -> list<q>; }\n"
        "world k { import b; export b; }\n";
    wit_session s;
    wit_id root, w;
    cr_assert_eq(wit_session_init(&s), 0);
    cr_assert_eq(wit_load_source(&s, "k.wit", src, strlen(src), &root), WIT_OK);
    w = wit_select_world(&s, root, "k");
    cr_assert_neq(w, WIT_NONE);
    gen_host_out out;
    memset(&out, 0, sizeof out);
    cr_assert_eq(gen_host_emit(&s.resolve, w, &out, NULL, 0), 0);
    /* each alias names its own target, as W.h does; shared is only imported */
    cr_assert(has(&out.h, "typedef t_k_shared_p_t exports_t_k_b_p_t;\n\ntypedef exports_t_k_b_p_t exports_t_k_b_q_t;"));
    cr_assert(has(&out.h, "typedef t_k_shared_p_t t_k_b_p_t;\n\ntypedef t_k_b_p_t t_k_b_q_t;"));
    cr_assert(!has(&out.h, "_b_r_t;"), "a resource alias is no C type");
    cr_assert(has(&out.h, "int k_call_b_f(k_instance *inst, t_k_shared_p_t *x, t_k_shared_borrow_r_t y, "
                          "exports_t_k_b_list_q_t *ret);"));
    gen_host_out_free(&out);
    wit_session_free(&s);
}

Test(gen_host, refuses_colliding_hooks)
{
    static const char *src = "package a:b;\ninterface c-d { f: func(); }\n"
                             "world w { import c-d; import a:b-c/d; }\n"
                             "package a:b-c { interface d { f: func(); } }\n";
    wit_session s;
    wit_id root, w;
    cr_assert_eq(wit_session_init(&s), 0);
    cr_assert_eq(wit_load_source(&s, "c.wit", src, strlen(src), &root), WIT_OK);
    w = wit_select_world(&s, root, "w");
    cr_assert_neq(w, WIT_NONE);
    gen_host_out out;
    memset(&out, 0, sizeof out);
    char err[256] = "";
    cr_assert_eq(gen_host_emit(&s.resolve, w, &out, err, sizeof err), -1);
    cr_assert(strstr(err, "a:b-c/d#f") && strstr(err, "witc_import_a_b_c_d__f"), "%s", err);
    gen_host_out_free(&out);
    wit_session_free(&s);
}

Test(gen_host, is_deterministic)
{
    wit_session s;
    wit_id w;
    cr_assert_eq(load(&s, &w), 0);
    gen_host_out a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    cr_assert_eq(gen_host_emit(&s.resolve, w, &a, NULL, 0), 0);
    cr_assert_eq(gen_host_emit(&s.resolve, w, &b, NULL, 0), 0);
    cr_assert_eq(a.h.len, b.h.len);
    cr_assert_eq(a.c.len, b.c.len);
    cr_assert_eq(memcmp(a.h.data, b.h.data, a.h.len), 0);
    cr_assert_eq(memcmp(a.c.data, b.c.data, a.c.len), 0);
    gen_host_out_free(&a);
    gen_host_out_free(&b);
    wit_session_free(&s);
}

/* Fails the n-th allocation of gen_host_emit for n = 1, 2, … until it succeeds: each failure
 * must be -2 and leave nothing behind (the ASan run checks that); frees the session. */
static void oom_sweep(wit_session *s, wit_id w)
{
    int failures = 0;
    for (unsigned long n = 1;; n++) {
        gen_host_out out;
        memset(&out, 0, sizeof out);
        wit_alloc_fail_after(n);
        int rc = gen_host_emit(&s->resolve, w, &out, NULL, 0);
        wit_alloc_fail_after(0);
        gen_host_out_free(&out);
        if (rc == 0)
            break;
        cr_assert_eq(rc, -2, "n=%lu rc=%d", n, rc);
        failures++;
        cr_assert(n < 200000);
    }
    cr_assert_gt(failures, 10);
    wit_session_free(s);
}

Test(gen_host, survives_every_allocation_failure)
{
    wit_session s;
    wit_id w;
    cr_assert_eq(load(&s, &w), 0);
    oom_sweep(&s, w);
}

/* the same over the names world (exported copies, aliases, package-qualified W_call names) */
Test(gen_host, survives_every_allocation_failure_names)
{
    wit_session s;
    wit_id root, w;
    cr_assert_eq(wit_session_init(&s), 0);
    cr_assert_eq(wit_load_source(&s, "n.wit", names_src, strlen(names_src), &root), WIT_OK);
    w = wit_select_world(&s, root, "names");
    cr_assert_neq(w, WIT_NONE);
    oom_sweep(&s, w);
}
