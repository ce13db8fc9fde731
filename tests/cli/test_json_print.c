/* Unit tests of the front-end emitters behind `witc resolve` and `witc print`: the
 * serde_json-compatible JSON writer (escapes, empty containers, key order), the WIT
 * printer (layout, `%` escapes, docs, gates, `use` grouping, nested packages), and both
 * under allocation failure (every failure reported, nothing leaked). */
#include <criterion/criterion.h>
#include <string.h>

#include "json.h"
#include "print.h"
#include "wit.h"

static wit_session sess;
static wit_id root;

static void load(const char *src)
{
    cr_assert_eq(wit_session_init(&sess), 0);
    int rc = wit_load_source(&sess, "t.wit", src, strlen(src), &root);
    if (rc != WIT_OK)
        wit_diags_render(&sess.diags, &sess.srcmap, WIT_DIAG_TEXT, false, stderr);
    cr_assert_eq(rc, WIT_OK);
}

static char *print_root(bool all)
{
    wit_buf b = WIT_BUF_INIT;
    wit_id nested[16];
    uint32_t n = 0;
    for (uint32_t i = 0; all && i < sess.resolve.npackages && n < 16; i++)
        if (i != root)
            nested[n++] = i;
    cr_assert_eq(gen_print_wit(&sess.resolve, root, nested, n, NULL, &b), 0);
    return wit_buf_detach(&b, NULL);
}

Test(gen_json, string_escapes_like_serde)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "s", cJSON_CreateString("q\"b\\n\n t\t r\r \x01 \x1f \x7f é"));
    cJSON_AddItemToObject(o, "e", cJSON_CreateArray());
    cJSON_AddItemToObject(o, "o", cJSON_CreateObject());
    cJSON_AddItemToObject(o, "n", cJSON_CreateNumber(4294967295.0));
    cJSON_AddItemToObject(o, "z", cJSON_CreateNull());
    wit_buf b = WIT_BUF_INIT;
    gen_json_write(o, &b);
    cr_assert_str_eq(b.data, "{\n"
                             "  \"s\": \"q\\\"b\\\\n\\n t\\t r\\r \\u0001 \\u001f \x7f é\",\n"
                             "  \"e\": [],\n"
                             "  \"o\": {},\n"
                             "  \"n\": 4294967295,\n"
                             "  \"z\": null\n"
                             "}");
    wit_buf_free(&b);
    cJSON_Delete(o);
}

Test(gen_json, resolve_keys_in_serde_order)
{
    load("package a:b@1.0.0;\n"
         "/// docs\n@since(version = 1.0.0)\ninterface i {\n"
         "  @since(version = 1.0.0) @deprecated(version = 1.0.0)\n  f: func(x: u8) -> option<u8>;\n"
         "  g: func();\n}\n");
    wit_buf b = WIT_BUF_INIT;
    cr_assert_eq(gen_json_resolve(&sess.resolve, &b), 0);
    cr_assert(strstr(b.data, "\"name\": \"f\",\n          \"kind\": \"freestanding\",\n          \"params\": ["));
    cr_assert(strstr(b.data, "\"result\": 0,\n          \"stability\": {\n            \"stable\": {\n"
                             "              \"since\": \"1.0.0\",\n              \"deprecated\": \"1.0.0\""));
    /* g has no result, docs or stability: the keys are absent, not null */
    const char *g = strstr(b.data, "\"name\": \"g\"");
    cr_assert(g);
    cr_assert(strstr(g, "\"params\": []\n        }"));
    cr_assert(strstr(b.data, "\"docs\": {\n        \"contents\": \"docs\"\n      },\n      \"stability\""));
    cr_assert_eq(b.data[b.len - 1], '\n');
    wit_buf_free(&b);
    wit_session_free(&sess);
}

Test(gen_print, layout_escapes_docs_and_gates)
{
    load("package a:b@1.0.0;\n"
         "interface %interface {\n"
         "  /// the type\n  type %type = u32;\n"
         "  record r { %record: %type, b: list<u8, 4> }\n"
         "  resource res { constructor(); m: func() -> borrow-free; s: static func(); }\n"
         "  type borrow-free = result<_, string>;\n"
         "  @since(version = 1.0.0)\n  f: async func(%flags: own<res>) -> tuple<u8, map<string, res>>;\n"
         "}\n"
         "interface user {\n  use %interface.{%type, r as rec};\n  h: func(t: %type, r: rec);\n}\n"
         "world w {\n  import user;\n  export run: func();\n  export x: interface { y: func(); }\n}\n");
    char *s = print_root(false);
    cr_assert_str_eq(s, "package a:b@1.0.0;\n\n"
                        "interface %interface {\n"
                        "  /// the type\n  type %type = u32;\n\n"
                        "  record r {\n    %record: %type,\n    b: list<u8, 4>,\n  }\n\n"
                        "  resource res {\n    constructor();\n    m: func() -> borrow-free;\n"
                        "    s: static func();\n  }\n\n"
                        "  type borrow-free = result<_, string>;\n\n"
                        "  @since(version = 1.0.0)\n"
                        "  f: async func(%flags: res) -> tuple<u8, map<string, res>>;\n"
                        "}\n\n"
                        "interface user {\n  use %interface.{%type, r as rec};\n\n"
                        "  h: func(t: %type, r: rec);\n}\n\n"
                        "world w {\n  import %interface;\n  import user;\n\n"
                        "  export run: func();\n  export x: interface {\n    y: func();\n  }\n}\n");
    wit_free(s);
    wit_session_free(&sess);
}

Test(gen_print, nested_packages_and_foreign_paths)
{
    load("package a:main;\n"
         "interface i {\n  use a:dep/t@0.1.0.{x};\n}\n"
         "package a:dep@0.1.0 {\n  interface t { type x = u8; }\n}\n");
    char *s = print_root(true);
    cr_assert_str_eq(s, "package a:main;\n\n"
                        "interface i {\n  use a:dep/t@0.1.0.{x};\n}\n\n"
                        "\npackage a:dep@0.1.0 {\n  interface t {\n    type x = u8;\n  }\n}\n");
    wit_free(s);
    cr_assert(gen_print_is_keyword("error-context"));
    cr_assert(!gen_print_is_keyword("errors"));
    wit_session_free(&sess);
}

Test(gen_emit, allocation_failures_are_reported)
{
    load("package a:b@1.0.0;\ninterface i {\n  record r { a: u8, b: string }\n"
         "  variant v { a, b(r) }\n  f: func(x: r) -> result<v, list<r>>;\n}\n"
         "world w { import i; export g: func(); }\n");
    bool json_ok = false, print_ok = false;
    for (unsigned long n = 1; n < 20000 && !(json_ok && print_ok); n++) {
        wit_buf b = WIT_BUF_INIT;
        wit_alloc_fail_after(n);
        int jr = json_ok ? 0 : gen_json_resolve(&sess.resolve, &b);
        wit_alloc_fail_after(0);
        cr_assert(jr == 0 || jr == -1);
        if (jr == 0 && !json_ok) {
            json_ok = true;
            cr_assert(!b.oom);
        }
        wit_buf_free(&b);
        wit_alloc_fail_after(n);
        int pr = print_ok ? 0 : gen_print_wit(&sess.resolve, root, NULL, 0, NULL, &b);
        wit_alloc_fail_after(0);
        cr_assert(pr == 0 || pr == -1);
        if (pr == 0 && !print_ok) {
            print_ok = true;
            cr_assert(strstr(b.data, "world w {"));
        }
        wit_buf_free(&b);
    }
    cr_assert(json_ok && print_ok);
    wit_session_free(&sess);
}
