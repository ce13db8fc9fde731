/* Unit tests of the C host-stub emitter (gen/emit_host.c, `witc host c`): what it declares for
 * a world with every kind of type, resources both ways and world-level functions, that the
 * output is deterministic, and that every allocation failure is survived without leaks. The
 * generated code itself is compiled and run by tests/e2e/host_types.sh. */
#include <criterion/criterion.h>
#include <string.h>

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
    cr_assert(has(&out.h, "int w_call_x_constructor_blob(w_instance *inst, t_h_x_own_blob_t *ret);"));
    cr_assert(has(&out.h, "int t_h_x_blob_drop(w_instance *inst, t_h_x_own_blob_t h);"));
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

Test(gen_host, survives_every_allocation_failure)
{
    wit_session s;
    wit_id w;
    cr_assert_eq(load(&s, &w), 0);
    int failures = 0;
    for (unsigned long n = 1;; n++) {
        gen_host_out out;
        memset(&out, 0, sizeof out);
        wit_alloc_fail_after(n);
        int rc = gen_host_emit(&s.resolve, w, &out, NULL, 0);
        wit_alloc_fail_after(0);
        gen_host_out_free(&out);
        if (rc == 0)
            break;
        cr_assert_eq(rc, -2, "n=%lu rc=%d", n, rc);
        failures++;
        cr_assert(n < 200000);
    }
    cr_assert_gt(failures, 10);
    wit_session_free(&s);
}
