/* Unit tests of the WIT parser: every construct of the language lands in the AST with the
 * right shape, and syntax errors are reported once, at the right line and column. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"

static wit_session S;

static void setup(void)
{
    cr_assert_eq(wit_session_init(&S), 0);
}

static void teardown(void)
{
    wit_session_free(&S);
}

TestSuite(parse, .init = setup, .fini = teardown);

static wit_ast_file *parse(const char *src)
{
    int idx = wit_srcmap_add(&S.srcmap, "t.wit", src, strlen(src));
    cr_assert_geq(idx, 0);
    return wit_parse_file(&S, (uint32_t)idx);
}

static wit_ast_file *parse_ok(const char *src)
{
    wit_ast_file *f = parse(src);
    if (!f) {
        wit_diags_render(&S.diags, &S.srcmap, WIT_DIAG_TEXT, false, stderr);
        cr_assert_fail("parse failed");
    }
    cr_assert_eq(S.diags.n, 0);
    return f;
}

/* Parses src, which must fail with one error at line:col whose message contains `msg`. */
static void parse_fails(const char *src, uint32_t line, uint32_t col, const char *msg)
{
    wit_ast_file *f = parse(src);
    cr_assert_null(f, "expected a syntax error (%s)", msg);
    cr_assert_eq(S.diags.n, 1);
    uint32_t l, c;
    cr_assert(wit_srcmap_locate(&S.srcmap, S.diags.items[0].span.start, &l, &c));
    cr_assert(strstr(S.diags.items[0].message, msg), "message `%s` lacks `%s`", S.diags.items[0].message, msg);
    cr_assert_eq(l, line, "line %u, expected %u (%s)", l, line, S.diags.items[0].message);
    cr_assert_eq(c, col, "col %u, expected %u (%s)", c, col, S.diags.items[0].message);
}

Test(parse, test_parse__package_header_with_full_semver)
{
    wit_ast_file *f = parse_ok("/// the docs\npackage wasi:io@0.2.0-rc-2023-11-10.3+build.7;\n");
    cr_assert(f->has_package);
    cr_assert_str_eq(f->package.ns.name, "wasi");
    cr_assert_str_eq(f->package.name.name, "io");
    cr_assert_str_eq(f->package.version, "0.2.0-rc-2023-11-10.3+build.7");
    cr_assert_str_eq(f->package_docs.contents, "the docs");
    cr_assert_eq(f->nitems, 0);
}

Test(parse, test_parse__dangling_prerelease_dash_is_ignored_with_a_warning)
{
    /* wit-parser accepts `@1.0.0-` as 1.0.0; so do we, and warn. */
    wit_ast_file *f = parse("package a:b@1.0.0-;\n");
    cr_assert(f);
    cr_assert_str_eq(f->package.version, "1.0.0");
    cr_assert_eq(S.diags.n, 1);
    cr_assert_eq(S.diags.errors, 0);
    cr_assert_eq(S.diags.items[0].severity, WIT_SEV_WARNING);
}

Test(parse, test_parse__bad_version_is_diagnosed)
{
    parse_fails("package a:b@01.2.3;", 1, 13, "invalid version");
}

Test(parse, test_parse__toplevel_use_and_nested_packages)
{
    wit_ast_file *f = parse_ok("package a:b;\n"
                               "use wasi:io/streams@0.2.0 as s;\n"
                               "use local;\n"
                               "package c:d@1.0.0 {\n  interface i {}\n  world w {}\n}\n");
    cr_assert_eq(f->nitems, 3);
    cr_assert_eq(f->items[0].kind, WIT_ATL_USE);
    const wit_ast_toplevel_use *u = &f->items[0].u.use;
    cr_assert(u->item.is_package);
    cr_assert_str_eq(u->item.pkg.ns.name, "wasi");
    cr_assert_str_eq(u->item.pkg.name.name, "io");
    cr_assert_str_eq(u->item.pkg.version, "0.2.0");
    cr_assert_str_eq(u->item.name.name, "streams");
    cr_assert_str_eq(u->as.name, "s");
    cr_assert_not(f->items[1].u.use.item.is_package);
    cr_assert_null(f->items[1].u.use.as.name);
    cr_assert_eq(f->items[2].kind, WIT_ATL_PACKAGE);
    const wit_ast_package_block *b = f->items[2].u.pkg;
    cr_assert_str_eq(b->name.version, "1.0.0");
    cr_assert_eq(b->nitems, 2);
    cr_assert_eq(b->items[0].kind, WIT_ATL_INTERFACE);
    cr_assert_eq(b->items[1].kind, WIT_ATL_WORLD);
}

Test(parse, test_parse__file_of_blocks_only_has_no_header)
{
    wit_ast_file *f = parse_ok("package a:b { interface i {} }\npackage a:c { }\n");
    cr_assert_not(f->has_package);
    cr_assert_eq(f->nitems, 2);
}

Test(parse, test_parse__every_type_kind)
{
    wit_ast_file *f = parse_ok(
        "interface t {\n"
        "  type a = tuple<u8, u16, u32, u64, s8, s16, s32, s64, f32, f64, char, bool, string>;\n"
        "  type b = list<list<u8>>;\n"
        "  type c = list<u8, 4>;\n"
        "  type d = map<string, option<u32>>;\n"
        "  type e1 = result;\n"
        "  type e2 = result<u8>;\n"
        "  type e3 = result<_, string>;\n"
        "  type e4 = result<u8, string>;\n"
        "  type f1 = future;\n"
        "  type f2 = future<u8>;\n"
        "  type s1 = stream;\n"
        "  type s2 = stream<string>;\n"
        "  type g = error-context;\n"
        "  type h = own<r>;\n"
        "  type i = borrow<r>;\n"
        "  type j = %record;\n"
        "  type k = tuple<>;\n"
        "}\n");
    const wit_ast_interface *it = &f->items[0].u.iface;
    cr_assert_eq(it->nitems, 17);
#define ALIAS(n) (it->items[n].u.td.alias)
    cr_assert_eq(ALIAS(0)->kind, WIT_AT_TUPLE);
    cr_assert_eq(ALIAS(0)->ntypes, 13);
    cr_assert_eq(ALIAS(0)->types[9]->prim, WIT_F64);
    cr_assert_eq(ALIAS(0)->types[12]->prim, WIT_STRING);
    cr_assert_eq(ALIAS(1)->kind, WIT_AT_LIST);
    cr_assert_eq(ALIAS(1)->a->kind, WIT_AT_LIST);
    cr_assert_eq(ALIAS(2)->kind, WIT_AT_FIXED_LIST);
    cr_assert_eq(ALIAS(2)->len, 4);
    cr_assert_eq(ALIAS(3)->kind, WIT_AT_MAP);
    cr_assert_eq(ALIAS(3)->a->prim, WIT_STRING);
    cr_assert_eq(ALIAS(3)->b->kind, WIT_AT_OPTION);
    cr_assert(ALIAS(4)->kind == WIT_AT_RESULT && !ALIAS(4)->a && !ALIAS(4)->b);
    cr_assert(ALIAS(5)->a && !ALIAS(5)->b);
    cr_assert(!ALIAS(6)->a && ALIAS(6)->b);
    cr_assert(ALIAS(7)->a && ALIAS(7)->b);
    cr_assert(ALIAS(8)->kind == WIT_AT_FUTURE && !ALIAS(8)->a);
    cr_assert(ALIAS(9)->kind == WIT_AT_FUTURE && ALIAS(9)->a);
    cr_assert(ALIAS(10)->kind == WIT_AT_STREAM && !ALIAS(10)->a);
    cr_assert(ALIAS(11)->kind == WIT_AT_STREAM && ALIAS(11)->a->prim == WIT_STRING);
    cr_assert(ALIAS(12)->kind == WIT_AT_PRIM && ALIAS(12)->prim == WIT_ERROR_CONTEXT);
    cr_assert(ALIAS(13)->kind == WIT_AT_HANDLE && !ALIAS(13)->borrow);
    cr_assert_str_eq(ALIAS(13)->name.name, "r");
    cr_assert(ALIAS(14)->kind == WIT_AT_HANDLE && ALIAS(14)->borrow);
    cr_assert(ALIAS(15)->kind == WIT_AT_NAME);
    cr_assert_str_eq(ALIAS(15)->name.name, "record");
    cr_assert_eq(ALIAS(16)->ntypes, 0);
#undef ALIAS
    /* Spans cover the whole type text. */
    const wit_ast_type *m = it->items[3].u.td.alias;
    const char *text = S.srcmap.files[0].text;
    uint32_t base = S.srcmap.files[0].base;
    cr_assert_eq(strncmp(text + m->span.start - base, "map<string, option<u32>>", m->span.end - m->span.start), 0);
    cr_assert_eq(m->span.end - m->span.start, strlen("map<string, option<u32>>"));
}

Test(parse, test_parse__records_variants_enums_flags_with_docs)
{
    wit_ast_file *f = parse_ok("interface t {\n"
                               "  /// a record\n"
                               "  record r {\n    /// field x\n    x: u32,\n    y: list<u8>,\n  }\n"
                               "  variant v { a, b(string), }\n"
                               "  enum e { one, two }\n"
                               "  flags fl { read, write }\n"
                               "}\n");
    const wit_ast_interface *it = &f->items[0].u.iface;
    cr_assert_eq(it->nitems, 4);
    const wit_ast_typedef *r = &it->items[0].u.td;
    cr_assert_eq(r->kind, WIT_ATD_RECORD);
    cr_assert_str_eq(r->docs.contents, "a record");
    cr_assert_eq(r->nfields, 2);
    cr_assert_str_eq(r->fields[0].docs.contents, "field x");
    cr_assert_null(r->fields[1].docs.contents);
    const wit_ast_typedef *v = &it->items[1].u.td;
    cr_assert_eq(v->kind, WIT_ATD_VARIANT);
    cr_assert_null(v->fields[0].type);
    cr_assert_eq(v->fields[1].type->prim, WIT_STRING);
    cr_assert_eq(it->items[2].u.td.kind, WIT_ATD_ENUM);
    cr_assert_eq(it->items[2].u.td.nfields, 2);
    cr_assert_eq(it->items[3].u.td.kind, WIT_ATD_FLAGS);
}

Test(parse, test_parse__resources_and_functions)
{
    wit_ast_file *f = parse_ok("interface t {\n"
                               "  resource plain;\n"
                               "  resource r {\n"
                               "    constructor(a: u32);\n"
                               "    get: func() -> u32;\n"
                               "    wait: async func(x: borrow<r>) -> result<string, u8>;\n"
                               "    make: static func() -> r;\n"
                               "    later: static async func();\n"
                               "    @since(version = 1.0.0)\n"
                               "    gated: func();\n"
                               "  }\n"
                               "  resource empty {}\n"
                               "  f: func(a: u32, b: string,) -> option<u8>;\n"
                               "  g: async func();\n"
                               "}\n");
    const wit_ast_interface *it = &f->items[0].u.iface;
    cr_assert_eq(it->nitems, 5);
    cr_assert_not(it->items[0].u.td.has_body);
    const wit_ast_typedef *r = &it->items[1].u.td;
    cr_assert(r->has_body);
    cr_assert_eq(r->nfuncs, 6);
    cr_assert_eq(r->funcs[0].kind, WIT_RF_CONSTRUCTOR);
    cr_assert_str_eq(r->funcs[0].name.name, "constructor");
    cr_assert_eq(r->funcs[0].func.nparams, 1);
    cr_assert_null(r->funcs[0].func.result);
    cr_assert_eq(r->funcs[1].kind, WIT_RF_METHOD);
    cr_assert(r->funcs[2].func.is_async);
    cr_assert_eq(r->funcs[2].func.result->kind, WIT_AT_RESULT);
    cr_assert_eq(r->funcs[3].kind, WIT_RF_STATIC);
    cr_assert(r->funcs[4].kind == WIT_RF_STATIC && r->funcs[4].func.is_async);
    cr_assert_eq(r->funcs[5].attrs.n, 1);
    cr_assert_eq(r->funcs[5].attrs.items[0].kind, WIT_ATTR_SINCE);
    cr_assert_str_eq(r->funcs[5].attrs.items[0].value, "1.0.0");
    cr_assert(it->items[2].u.td.has_body && it->items[2].u.td.nfuncs == 0);
    const wit_ast_named_func *fn = &it->items[3].u.func;
    cr_assert_eq(it->items[3].kind, WIT_AII_FUNC);
    cr_assert_eq(fn->func.nparams, 2);
    cr_assert_str_eq(fn->func.params[1].name.name, "b");
    cr_assert(it->items[4].u.func.func.is_async);
}

Test(parse, test_parse__uses_with_versions_and_renames)
{
    wit_ast_file *f = parse_ok("interface t {\n"
                               "  use wasi:io/streams@0.2.0-rc.{input-stream, output-stream as out};\n"
                               "  use other.{x};\n"
                               "  use a:b/c@1.0.0.{y,};\n"
                               "}\n");
    const wit_ast_interface *it = &f->items[0].u.iface;
    cr_assert_eq(it->nitems, 3);
    const wit_ast_use *u = it->items[0].u.use;
    cr_assert(u->from.is_package);
    cr_assert_str_eq(u->from.pkg.version, "0.2.0-rc");
    cr_assert_eq(u->nnames, 2);
    cr_assert_str_eq(u->names[1].name.name, "output-stream");
    cr_assert_str_eq(u->names[1].as.name, "out");
    cr_assert_null(u->names[0].as.name);
    cr_assert_str_eq(it->items[2].u.use->from.pkg.version, "1.0.0");
    cr_assert_eq(it->items[2].u.use->nnames, 1);
}

Test(parse, test_parse__world_items)
{
    wit_ast_file *f = parse_ok("world w {\n"
                               "  import wasi:http/types@0.2.0;\n"
                               "  import local-iface;\n"
                               "  import primary: wasi:keyvalue/store;\n"
                               "  import other: store;\n"
                               "  import f: func(x: u8) -> u8;\n"
                               "  export g: async func();\n"
                               "  export inline: interface {\n    h: func();\n  }\n"
                               "  use types.{t};\n"
                               "  type x = u32;\n"
                               "  resource res;\n"
                               "  include base;\n"
                               "  include wasi:cli/imports@0.2.0 with { a as b, c as d }\n"
                               "  @unstable(feature = fancy)\n"
                               "  export %export: func();\n"
                               "}\n");
    const wit_ast_world *w = &f->items[0].u.world;
    cr_assert_eq(w->nitems, 13);
    const wit_ast_world_item *it = w->items;
    cr_assert_eq(it[0].u.ext.kind, WIT_EXT_PATH);
    cr_assert(it[0].u.ext.path.is_package);
    cr_assert_str_eq(it[0].u.ext.path.pkg.ns.name, "wasi");
    cr_assert_str_eq(it[0].u.ext.path.name.name, "types");
    cr_assert_eq(it[1].u.ext.kind, WIT_EXT_PATH);
    cr_assert_not(it[1].u.ext.path.is_package);
    cr_assert_eq(it[2].u.ext.kind, WIT_EXT_NAMED_PATH);
    cr_assert_str_eq(it[2].u.ext.name.name, "primary");
    cr_assert_str_eq(it[2].u.ext.path.pkg.name.name, "keyvalue");
    cr_assert_eq(it[3].u.ext.kind, WIT_EXT_NAMED_PATH);
    cr_assert_not(it[3].u.ext.path.is_package);
    cr_assert_eq(it[4].u.ext.kind, WIT_EXT_FUNC);
    cr_assert_not(it[4].u.ext.is_export);
    cr_assert(it[5].u.ext.is_export && it[5].u.ext.func.is_async);
    cr_assert_eq(it[6].u.ext.kind, WIT_EXT_INTERFACE);
    cr_assert_eq(it[6].u.ext.nitems, 1);
    cr_assert_eq(it[7].kind, WIT_AWI_USE);
    cr_assert_eq(it[8].kind, WIT_AWI_TYPEDEF);
    cr_assert_eq(it[9].u.td.kind, WIT_ATD_RESOURCE);
    cr_assert_eq(it[10].kind, WIT_AWI_INCLUDE);
    cr_assert_eq(it[10].u.inc.nwith, 0);
    cr_assert_eq(it[11].u.inc.nwith, 2);
    cr_assert_str_eq(it[11].u.inc.with[1].as.name, "d");
    cr_assert_eq(it[12].u.ext.attrs.n, 1);
    cr_assert_eq(it[12].u.ext.attrs.items[0].kind, WIT_ATTR_UNSTABLE);
    cr_assert_str_eq(it[12].u.ext.attrs.items[0].value, "fancy");
    cr_assert_str_eq(it[12].u.ext.name.name, "export");
}

Test(parse, test_parse__gates_on_items)
{
    wit_ast_file *f = parse_ok("package a:b@1.0.0;\n"
                               "@since(version = 1.0.0)\n@deprecated(version = 1.1.0)\n"
                               "interface i {}\n"
                               "@unstable(feature = x)\nworld w {}\n");
    cr_assert_eq(f->items[0].u.iface.attrs.n, 2);
    cr_assert_eq(f->items[0].u.iface.attrs.items[1].kind, WIT_ATTR_DEPRECATED);
    cr_assert_str_eq(f->items[0].u.iface.attrs.items[1].value, "1.1.0");
    cr_assert_eq(f->items[1].u.world.attrs.items[0].kind, WIT_ATTR_UNSTABLE);
}

Test(parse, test_parse__docs_follow_wit_parser)
{
    wit_ast_file *f = parse_ok("package foo:comments;\n\n"
                               "// hello\n// world\n/* this too */\n\n"
                               "interface foo {\n  type /* ignored */ x = u32;\n}\n");
    cr_assert_str_eq(f->items[0].u.iface.docs.contents, " hello\n world\n* this too */");
    cr_assert_null(f->items[0].u.iface.items[0].u.td.docs.contents);
}

Test(parse, test_parse__crlf_and_bom)
{
    wit_ast_file *f = parse_ok("\xEF\xBB\xBF/// doc\r\n/// more\r\npackage a:b;\r\n\r\n/// i docs\r\n"
                               "interface i {\r\n  f: func();\r\n}\r\n");
    cr_assert_str_eq(f->package_docs.contents, "doc\nmore");
    cr_assert_str_eq(f->items[0].u.iface.docs.contents, "i docs");
}

Test(parse, test_parse__escaped_keywords_everywhere)
{
    wit_ast_file *f = parse_ok("package %use:%type@1.0.0;\n"
                               "interface %interface {\n"
                               "  record %record { %list: %string }\n"
                               "  %func: func(%type: %record) -> %record;\n"
                               "}\n"
                               "world %world { import %import: func(); export %interface; }\n");
    cr_assert_str_eq(f->package.ns.name, "use");
    cr_assert_str_eq(f->package.name.name, "type");
    cr_assert_str_eq(f->items[0].u.iface.name.name, "interface");
    cr_assert_str_eq(f->items[0].u.iface.items[1].u.func.func.params[0].name.name, "type");
    cr_assert_str_eq(f->items[1].u.world.items[1].u.ext.path.name.name, "interface");
}

Test(parse, test_parse__error_eof_inside_package_block)
{
    parse_fails("package a:b;\npackage c:d {\n  interface i {}\n", 4, 1, "expected `world`, `interface` or `use`, found eof");
    cr_assert_str_eq(S.diags.items[0].note, "to close the package that opens here");
}

Test(parse, test_parse__syntax_errors_at_the_right_place)
{
    parse_fails("interface foo {\n  type x = list<u32\n\n  type y = u32\n}\n", 4, 3, "expected '>', found keyword `type`");
}

Test(parse, test_parse__error_keyword_as_name)
{
    parse_fails("interface kw {\n  type option = u32;\n}\n", 2, 8, "expected an identifier or string, found keyword `option`");
    cr_assert_str_eq(S.diags.items[0].note, "`option` is a keyword; write `%option` to use it as a name");
}

Test(parse, test_parse__error_handle_of_a_primitive)
{
    parse_fails("interface i {\n  type t = borrow<u32>;\n}\n", 2, 19, "expected an identifier or string, found keyword `u32`");
    cr_assert_str_eq(S.diags.items[0].note, "`borrow<R>` takes the name of a resource R");
}

Test(parse, test_parse__error_fixed_list_needs_a_length)
{
    parse_fails("interface i { type a = list<u32,>; }", 1, 33, "expected fixed-length, found '>'");
}

Test(parse, test_parse__error_fixed_list_zero_and_huge)
{
    parse_fails("interface i { type a = list<u32, 0>; }", 1, 34, "at least one element");
}

Test(parse, test_parse__error_fixed_list_overflow)
{
    parse_fails("interface i { type a = list<u32, 99999999999999999999999>; }", 1, 34, "too large");
}

Test(parse, test_parse__error_eof_inside_interface)
{
    parse_fails("interface i {\n  f: func();\n", 3, 1, "expected `type`, `resource` or `func`, found eof");
    cr_assert_str_eq(S.diags.items[0].note, "to close the interface that opens here");
}

Test(parse, test_parse__error_bad_identifiers)
{
    parse_fails("interface foo_bar {}", 1, 11, "invalid character in identifier '_'");
}

Test(parse, test_parse__error_non_ascii_identifier)
{
    parse_fails("interface h\xC3\xA9llo {}", 1, 11, "invalid character in identifier U+00E9");
}

Test(parse, test_parse__error_identifier_dashes)
{
    parse_fails("interface a--b {}", 1, 11, "identifiers must have characters between '-'s");
}

Test(parse, test_parse__error_attribute_keys)
{
    parse_fails("@deprecated(since = 1.2.3)\ninterface foo {}", 1, 13, "expected `version`, found `since`");
}

Test(parse, test_parse__error_unknown_attribute)
{
    parse_fails("@frobnicate(x = 1)\ninterface foo {}", 1, 2, "unknown attribute `frobnicate`");
}

Test(parse, test_parse__error_async_static_order)
{
    parse_fails("interface x {\n  resource z {\n    x: async static func();\n  }\n}\n", 3, 14,
                "expected keyword `func`, found keyword `static`");
}

Test(parse, test_parse__error_package_without_block_mid_file)
{
    parse_fails("package a:b;\ninterface i {}\npackage c:d;\n", 3, 12, "expected '{', found ';'");
}

Test(parse, test_parse__error_attributes_on_package_block)
{
    parse_fails("package a:b;\n@since(version = 1.0.0)\npackage c:d {}\n", 2, 1, "cannot place attributes on nested packages");
}

Test(parse, test_parse__error_nested_package_blocks)
{
    parse_fails("package a:b;\npackage a:c {\n  package a:c2 {\n  }\n}\n", 3, 11,
                "nested packages must be placed at the top-level");
}

Test(parse, test_parse__error_include_with_needs_as)
{
    parse_fails("world w { include x with { a: b } }", 1, 29, "expected keyword `as`, found ':'");
}

Test(parse, test_parse__type_nesting_is_bounded)
{
    /* Deep enough to overflow a naive recursive parser's stack many times over. */
    size_t depth = 200000;
    char *src = malloc(depth * 5 + 64);
    cr_assert(src);
    char *p = src;
    p += sprintf(p, "interface i {\n  type t = ");
    for (size_t i = 0; i < depth; i++)
        p += sprintf(p, "list<");
    *p = 0;
    wit_ast_file *f = parse(src);
    free(src);
    cr_assert_null(f);
    cr_assert_eq(S.diags.n, 1);
    cr_assert_str_eq(S.diags.items[0].message, "type nesting too deep");
    uint32_t l, c;
    wit_srcmap_locate(&S.srcmap, S.diags.items[0].span.start, &l, &c);
    cr_assert_eq(c, 12 + 5 * 100, "the 101st nested type is refused (col %u)", c);
}

Test(parse, test_parse__package_nesting_is_bounded)
{
    size_t depth = 5000;
    char *src = malloc(depth * 24 + 64);
    cr_assert(src);
    char *p = src;
    for (size_t i = 0; i < depth; i++)
        p += sprintf(p, "package a:b%zu {\n", i);
    *p = 0;
    wit_ast_file *f = parse(src);
    free(src);
    cr_assert_null(f);
    cr_assert_str_eq(S.diags.items[0].message, "package nesting too deep");
    uint32_t l, c;
    wit_srcmap_locate(&S.srcmap, S.diags.items[0].span.start, &l, &c);
    cr_assert_eq(l, 101);
}

Test(parse, test_parse__lexical_errors_stop_the_parse)
{
    parse_fails("interface i {\n  /* never closed\n", 2, 3, "unterminated block comment");
}

Test(parse, test_parse__oom_is_reported_not_crashed)
{
    const char *src = "package a:b@1.0.0;\ninterface i {\n  record r { a: u32, b: list<string> }\n"
                      "  f: func(x: r) -> result<r, string>;\n}\nworld w { import i; export f: func(); }\n";
    int idx = wit_srcmap_add(&S.srcmap, "t.wit", src, strlen(src));
    cr_assert_geq(idx, 0);
    /* Fail the n-th allocation for every n until the parse needs fewer: no crash, NULL. */
    for (unsigned long n = 1; n < 200; n++) {
        wit_session s2;
        cr_assert_eq(wit_session_init(&s2), 0);
        cr_assert_geq(wit_srcmap_add(&s2.srcmap, "t.wit", src, strlen(src)), 0);
        wit_alloc_fail_after(n);
        wit_ast_file *f = wit_parse_file(&s2, 0);
        bool failed = wit_arena_failed(s2.arena);
        wit_alloc_fail_after(0);
        bool ok = !(f && failed) && (f || failed || s2.diags.oom || s2.diags.n > 0);
        wit_session_free(&s2);
        cr_assert(ok, "allocation %lu: a result despite OOM, or a failure without a reason", n);
    }
}

/* Identifiers are interned while parsing: the same text (with or without `%`) is one
 * string across items and files; different text is not shared; releasing the table
 * between files only loses sharing. */
Test(parse, test_parse__identifiers_are_interned)
{
    wit_ast_file *a = parse_ok("interface foo { type t = u32; type u = t; }");
    wit_ast_file *b = parse_ok("interface %foo { type t = foo; }");
    const wit_ast_interface *ia = &a->items[0].u.iface, *ib = &b->items[0].u.iface;
    cr_assert_str_eq(ia->name.name, "foo");
    cr_assert_eq(ia->name.name, ib->name.name, "foo in two files");
    cr_assert_eq(ia->items[0].u.td.name.name, ia->items[1].u.td.alias->name.name, "t defined and used");
    cr_assert_eq(ib->items[0].u.td.alias->name.name, ia->name.name, "a type name foo and interface foo");
    cr_assert_neq(ia->items[1].u.td.name.name, ia->items[0].u.td.name.name);
    wit_parse_release(&S);
    wit_ast_file *c = parse_ok("interface foo { }");
    cr_assert_str_eq(c->items[0].u.iface.name.name, "foo");
    cr_assert_str_eq(ia->name.name, "foo", "earlier ASTs survive the release");
}
