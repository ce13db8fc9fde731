/* Unit tests of C naming (gen/cnames.c), the C writer (gen/cwriter.c) and the guest
 * emitter's contract (gen/emit_guest.c): what it returns, that failures are reported, and
 * that every allocation failure is survived without leaks. The generated text itself is
 * checked by the golden files (tests/gen/golden.sh). */
#include <criterion/criterion.h>
#include <string.h>

#include "cnames.h"
#include "cwriter.h"
#include "emit_guest.h"

Test(gen_cnames, snake_shouty_keywords)
{
    wit_arena *a = wit_arena_new();
    cr_assert_str_eq(gen_c_snake(a, "get-HTTP-thing"), "get_http_thing");
    cr_assert_str_eq(gen_c_shouty(a, "blob-thing"), "BLOB_THING");
    cr_assert_str_eq(gen_c_ident(a, "default"), "default_");
    cr_assert_str_eq(gen_c_ident(a, "class"), "class_");
    cr_assert_str_eq(gen_c_ident(a, "ret"), "ret_");
    cr_assert_str_eq(gen_c_ident(a, "stdin"), "stdin_");
    cr_assert_str_eq(gen_c_ident(a, "self"), "self");
    cr_assert(gen_c_is_reserved("_Bool"));
    cr_assert_not(gen_c_is_reserved("point"));
    wit_arena_free(a);
}

/* The symbols `witc compile` and `witc host c` must agree on. */
Test(gen_cnames, component_symbols)
{
    wit_buf b = WIT_BUF_INIT;
    gen_c_component_symbol(&b, "witc_import_", "test:imp/host@0.1.0", "log");
    cr_assert_str_eq(b.data, "witc_import_test_imp_host__log");
    wit_buf_reset(&b);
    gen_c_component_symbol(&b, "witc_export_", "wasi:cli/run", "[method]r.get-x");
    cr_assert_str_eq(b.data, "witc_export_wasi_cli_run__method_r_get_x");
    wit_buf_reset(&b);
    gen_c_component_symbol(&b, "witc_export_", NULL, "-run-");
    cr_assert_str_eq(b.data, "witc_export_run");
    /* import hooks keep the version: two versions of one interface do not collide */
    wit_buf_reset(&b);
    gen_c_import_hook_symbol(&b, "test:imp/host@0.1.0", "log");
    cr_assert_str_eq(b.data, "witc_import_test_imp_host_0_1_0__log");
    wit_buf_reset(&b);
    gen_c_import_hook_symbol(&b, "test:imp/host@0.2.0-rc.1", "log");
    cr_assert_str_eq(b.data, "witc_import_test_imp_host_0_2_0_rc_1__log");
    wit_buf_reset(&b);
    gen_c_import_hook_symbol(&b, NULL, "get-x");
    cr_assert_str_eq(b.data, "witc_import_get_x");
    wit_buf_free(&b);
}

Test(gen_cwriter, indents_on_braces_and_joins_sections)
{
    gen_cwriter w;
    gen_cw_init(&w);
    gen_cw_section(&w, 1);
    gen_cw_printf(&w, "int f(void) {\nif (x) {\nreturn 1;\n} else {\nreturn %d;\n}\n}\n", 2);
    gen_cw_section(&w, 0);
    gen_cw_printf(&w, "// top\n");
    int order[] = {0, 1};
    char *out;
    size_t len;
    cr_assert_eq(gen_cw_join(&w, order, 2, &out, &len), 0);
    cr_assert_str_eq(out, "// top\nint f(void) {\n  if (x) {\n    return 1;\n  } else {\n    return 2;\n  }\n}\n");
    cr_assert_eq(len, strlen(out));
    wit_free(out);
    gen_cw_free(&w);
}

static const char *world_src =
    "package t:e@1.0.0;\n"
    "interface i {\n"
    "  record r { a: string, b: list<option<u64>> }\n"
    "  variant v { x(f32), y(r), z }\n"
    "  resource res { constructor(s: string); m: func(x: borrow<res>) -> list<string>; }\n"
    "  f: func(a: r, b: v, c: option<string>) -> result<r, string>;\n"
    "}\n"
    "world w { import i; export i; export g: func(x: list<u8>) -> string; }\n";

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

Test(gen_emit_guest, writes_three_files)
{
    wit_session s;
    wit_id w;
    cr_assert_eq(load(&s, &w), 0);
    gen_guest_out out;
    cr_assert_eq(gen_guest_emit(&s.resolve, w, NULL, &s.diags, &out), 0);
    cr_assert_eq(out.nfiles, 3);
    cr_assert_str_eq(out.files[0].name, "w.h");
    cr_assert_str_eq(out.files[1].name, "w.c");
    cr_assert_str_eq(out.files[2].name, "w_component_type.c");
    cr_assert(strstr(out.files[0].data, "bool t_e_i_f(t_e_i_r_t *a, t_e_i_v_t *b, w_string_t *maybe_c, t_e_i_r_t *ret, w_string_t *err);"));
    cr_assert(strstr(out.files[0].data, "void exports_w_g(w_list_u8_t *x, w_string_t *ret);"));
    cr_assert(strstr(out.files[1].data, "__export_name__(\"t:e/i@1.0.0#[dtor]res\")"));
    cr_assert(strstr(out.files[1].data, "__export_name__(\"cabi_post_g\")"));
    cr_assert(strstr(out.files[2].data, ".custom_section.component-type:w"));
    gen_guest_out_free(&out);
    wit_session_free(&s);
}

Test(gen_emit_guest, is_deterministic)
{
    wit_session s;
    wit_id w;
    cr_assert_eq(load(&s, &w), 0);
    gen_guest_out a, b;
    cr_assert_eq(gen_guest_emit(&s.resolve, w, NULL, &s.diags, &a), 0);
    cr_assert_eq(gen_guest_emit(&s.resolve, w, NULL, &s.diags, &b), 0);
    for (int i = 0; i < 3; i++) {
        cr_assert_eq(a.files[i].len, b.files[i].len);
        cr_assert_eq(memcmp(a.files[i].data, b.files[i].data, a.files[i].len), 0);
    }
    gen_guest_out_free(&a);
    gen_guest_out_free(&b);
    wit_session_free(&s);
}

Test(gen_emit_guest, survives_every_allocation_failure)
{
    wit_session s;
    wit_id w;
    cr_assert_eq(load(&s, &w), 0);
    int failures = 0;
    for (unsigned long n = 1;; n++) {
        gen_guest_out out;
        wit_alloc_fail_after(n);
        int rc = gen_guest_emit(&s.resolve, w, NULL, &s.diags, &out);
        wit_alloc_fail_after(0);
        if (rc == 0) {
            gen_guest_out_free(&out);
            break;
        }
        cr_assert(rc == WIT_ENOMEM || rc == -1, "n=%lu rc=%d", n, rc);
        cr_assert_eq(out.nfiles, 0);
        failures++;
        cr_assert(n < 100000);
    }
    cr_assert_gt(failures, 10);
    wit_session_free(&s);
}
