/* Unit tests of the loader: push_path's directory rules (sorted *.wit files, deps/ entries
 * in name order, binary packages refused, other entries ignored), source-map paths as
 * given, I/O errors naming the path, sessions, and the parse-only package scanner. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ast.h"

static char root[256];
static wit_session S;

static void put(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    char *slash = strrchr(path, '/');
    *slash = 0;
    cr_assert_eq(wit_mkdirs(path), 0);
    *slash = '/';
    cr_assert_eq(wit_write_file_atomic(path, text, strlen(text)), 0);
}

static void setup(void)
{
    snprintf(root, sizeof root, "/tmp/witc-test-load-XXXXXX");
    cr_assert(mkdtemp(root));
    cr_assert_eq(wit_session_init(&S), 0);
}

static void teardown(void)
{
    wit_session_free(&S);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(load, .init = setup, .fini = teardown);

static const char *file_path(const wit_ast_file *f)
{
    return S.srcmap.files[f->file].path;
}

static const char *rel(const char *path)
{
    size_t n = strlen(root);
    cr_assert_eq(strncmp(path, root, n), 0, "%s is not under %s", path, root);
    return path + n + 1;
}

Test(load, test_load__directory_with_deps_in_sorted_order)
{
    put("b.wit", "interface b {}");
    put("a.wit", "package x:root;\ninterface a {}");
    put("notes.txt", "ignored");
    put("deps/zeta.wit", "package z:z;\ninterface q {}");
    put("deps/alpha/one.wit", "package a:a;\ninterface i {}");
    put("deps/alpha/deps/inner.wit", "this is not read at all {{{");
    put("deps/README.md", "ignored");
    put("deps/mid/two.wit", "package m:m;");
    wit_ast_group *g;
    uint32_t n;
    cr_assert_eq(wit_parse_path(&S, root, true, &g, &n), WIT_OK);
    cr_assert_eq(n, 4);
    cr_assert(g[0].is_dir);
    cr_assert_eq(g[0].nfiles, 2);
    cr_assert_str_eq(rel(file_path(g[0].files[0])), "a.wit");
    cr_assert_str_eq(rel(file_path(g[0].files[1])), "b.wit");
    cr_assert(g[0].files[0]->has_package);
    cr_assert_str_eq(rel(g[1].path), "deps/alpha");
    cr_assert_str_eq(rel(file_path(g[1].files[0])), "deps/alpha/one.wit");
    cr_assert_str_eq(rel(g[2].path), "deps/mid");
    cr_assert_str_eq(rel(g[3].path), "deps/zeta.wit");
    cr_assert_not(g[3].is_dir);
    cr_assert_eq(g[3].nfiles, 1);
}

Test(load, test_load__without_deps)
{
    put("a.wit", "package x:root;");
    put("deps/zeta.wit", "package z:z;");
    wit_ast_group *g;
    uint32_t n;
    cr_assert_eq(wit_parse_path(&S, root, false, &g, &n), WIT_OK);
    cr_assert_eq(n, 1);
}

Test(load, test_load__binary_deps_are_refused)
{
    put("a.wit", "package x:root;");
    put("deps/thing.wasm", "\0asm");
    wit_ast_group *g;
    uint32_t n;
    cr_assert_eq(wit_parse_path(&S, root, true, &g, &n), WIT_EINPUT);
    cr_assert_eq(S.diags.n, 1);
    cr_assert(strstr(S.diags.items[0].message, "binary WIT packages are not supported yet"));
    cr_assert(strstr(S.diags.items[0].message, "thing.wasm"));
}

Test(load, test_load__single_file_path_as_given)
{
    put("one.wit", "package x:y;\ninterface i {\n  type t = u32\n}\n");
    char path[512];
    snprintf(path, sizeof path, "%s/one.wit", root);
    wit_ast_group *g;
    uint32_t n;
    cr_assert_eq(wit_parse_path(&S, path, true, &g, &n), WIT_EINPUT);
    cr_assert_str_eq(S.srcmap.files[0].path, path);
    uint32_t l, c;
    cr_assert(wit_srcmap_locate(&S.srcmap, S.diags.items[0].span.start, &l, &c));
    cr_assert_eq(l, 4);
    cr_assert_eq(c, 1);
}

Test(load, test_load__every_file_is_parsed_even_after_an_error)
{
    put("a.wit", "package x:y;\ninterface i {");
    put("b.wit", "interface j { oops }");
    wit_ast_group *g;
    uint32_t n;
    cr_assert_eq(wit_parse_path(&S, root, true, &g, &n), WIT_EINPUT);
    cr_assert_eq(S.diags.n, 2);
}

Test(load, test_load__missing_path_is_an_io_error)
{
    char path[512];
    snprintf(path, sizeof path, "%s/nope", root);
    wit_id r;
    cr_assert_eq(wit_load_path(&S, path, &r), WIT_EIO);
    cr_assert_eq(S.diags.n, 1);
    cr_assert(strstr(S.diags.items[0].message, path));
}

Test(load, test_load__features)
{
    cr_assert_eq(wit_session_enable_feature(&S, "active"), 0);
    cr_assert_eq(wit_session_enable_feature(&S, "other"), 0);
    cr_assert_eq(S.nfeatures, 2);
    cr_assert_str_eq(S.features[0], "active");
    cr_assert_str_eq(S.features[1], "other");
}

Test(load, test_load__scan_collects_foreign_packages_in_first_use_order)
{
    put("a.wit", "package my:app@1.0.0;\n"
                 "use wasi:io/streams@0.2.0 as s;\n"
                 "interface i {\n  use wasi:clocks/wall-clock@0.2.0.{datetime};\n"
                 "  use my:app/other@1.0.0.{t};\n  use local.{u};\n}\n");
    put("b.wit", "world w {\n  import wasi:io/poll@0.2.0;\n  export x: interface {\n"
                 "    use wasi:random/random@0.2.0.{r};\n  }\n"
                 "  include wasi:cli/imports@0.2.0;\n  import inline:pkg/thing;\n"
                 "  import named: wasi:keyvalue/store;\n}\n"
                 "package inline:pkg { interface thing {} }\n");
    put("deps/ignored.wit", "package q:q; interface z { use never:seen/x.{y}; }");
    wit_pkg_name self;
    wit_pkg_ref *refs;
    uint32_t n;
    cr_assert_eq(wit_scan_package(&S, root, &self, &refs, &n), WIT_OK);
    cr_assert_str_eq(self.ns, "my");
    cr_assert_str_eq(self.name, "app");
    cr_assert_str_eq(self.version, "1.0.0");
    const char *want[][3] = {{"wasi", "io", "0.2.0"}, {"wasi", "clocks", "0.2.0"},
                             {"wasi", "random", "0.2.0"}, {"wasi", "cli", "0.2.0"},
                             {"wasi", "keyvalue", NULL}};
    cr_assert_eq(n, 5);
    for (uint32_t i = 0; i < n; i++) {
        cr_assert_str_eq(refs[i].name.ns, want[i][0]);
        cr_assert_str_eq(refs[i].name.name, want[i][1]);
        if (want[i][2])
            cr_assert_str_eq(refs[i].name.version, want[i][2]);
        else
            cr_assert_null(refs[i].name.version);
    }
    /* The span points at the first use. */
    uint32_t l, c;
    const wit_srcfile *f = wit_srcmap_locate(&S.srcmap, refs[0].span.start, &l, &c);
    cr_assert_str_eq(rel(f->path), "a.wit");
    cr_assert_eq(l, 2);
    cr_assert_eq(c, 5);
}

Test(load, test_load__scan_needs_a_package_name)
{
    put("a.wit", "interface i {}");
    wit_pkg_name self;
    wit_pkg_ref *refs;
    uint32_t n;
    cr_assert_eq(wit_scan_package(&S, root, &self, &refs, &n), WIT_EINPUT);
    cr_assert(strstr(S.diags.items[0].message, "no `package` header"));
}

Test(load, test_load__scan_single_file_of_blocks)
{
    put("x.wit", "package a:first { interface i { use b:b/j.{t}; } }\npackage a:last {}\n");
    char path[512];
    snprintf(path, sizeof path, "%s/x.wit", root);
    wit_pkg_name self;
    wit_pkg_ref *refs;
    uint32_t n;
    cr_assert_eq(wit_scan_package(&S, path, &self, &refs, &n), WIT_OK);
    cr_assert_str_eq(self.name, "last");
    cr_assert_eq(n, 1);
    cr_assert_str_eq(refs[0].name.ns, "b");
}

Test(load, test_load__allocation_failures_are_reported_and_leak_nothing)
{
    put("a.wit", "package x:root@1.0.0;\ninterface a {\n  use wasi:io/streams@0.2.0.{s};\n  record r { f: u32 }\n}\n");
    put("b.wit", "/// docs\nworld w { import a; export f: func() -> result<u8, string>; }\n");
    put("deps/d/one.wit", "package d:d;\ninterface i { type t = list<u8, 3>; }\n");
    put("deps/e.wit", "package e:e { interface j {} }\n");
    bool completed = false;
    for (unsigned long n = 1; n < 2000 && !completed; n++) {
        wit_session s2;
        wit_alloc_fail_after(n);
        if (wit_session_init(&s2) < 0) {
            wit_alloc_fail_after(0);
            wit_session_free(&s2);
            continue;
        }
        wit_ast_group *g;
        uint32_t ng;
        int rc = wit_parse_path(&s2, root, true, &g, &ng);
        wit_pkg_name self;
        wit_pkg_ref *refs;
        uint32_t nrefs;
        int rc2 = rc == WIT_OK ? wit_scan_package(&s2, root, &self, &refs, &nrefs) : rc;
        wit_alloc_fail_after(0);
        cr_assert(rc == WIT_OK || rc == WIT_ENOMEM, "allocation %lu: rc %d", n, rc);
        cr_assert(rc2 == WIT_OK || rc2 == WIT_ENOMEM, "allocation %lu: scan rc %d", n, rc2);
        if (rc == WIT_OK && rc2 == WIT_OK) {
            cr_assert_eq(ng, 3);
            cr_assert_eq(nrefs, 1);
            completed = true;
        }
        wit_session_free(&s2);
    }
    cr_assert(completed, "the load never succeeded");
}

Test(load, test_load__load_path_resolves_root_and_deps)
{
    put("a.wit", "package x:root@1.0.0;\ninterface a {\n  use d:d/i.{t};\n  f: func(x: t);\n}\n"
                 "world w { import a; }\n");
    put("deps/d/one.wit", "package d:d;\ninterface i { type t = list<u8, 3>; }\n");
    wit_id top;
    cr_assert_eq(wit_load_path(&S, root, &top), WIT_OK);
    cr_assert_eq(S.diags.n, 0);
    cr_assert_eq(S.resolve.npackages, 2);
    cr_assert_str_eq(S.resolve.packages[top].name.name, "root");
    cr_assert_str_eq(S.resolve.packages[top].name.version, "1.0.0");
}

Test(load, test_load__load_path_stops_before_resolving_after_a_syntax_error)
{
    put("a.wit", "package x:root;\ninterface a { f: func() }\n");
    wit_id r;
    cr_assert_eq(wit_load_path(&S, root, &r), WIT_EINPUT);
    cr_assert_eq(S.diags.n, 1);
    cr_assert_eq(S.resolve.npackages, 0);
}

Test(load, test_load__load_source)
{
    const char *src = "package m:mem;\ninterface i { type t = u32; }\n";
    wit_id r;
    cr_assert_eq(wit_load_source(&S, "mem.wit", src, strlen(src), &r), WIT_OK);
    cr_assert_str_eq(S.srcmap.files[0].path, "mem.wit");
    cr_assert_str_eq(S.resolve.packages[r].name.ns, "m");
    wit_session s2;
    cr_assert_eq(wit_session_init(&s2), 0);
    const char *bad = "package m:mem;\ninterface i { type t = nope; }\n";
    cr_assert_eq(wit_load_source(&s2, "bad.wit", bad, strlen(bad), &r), WIT_EINPUT);
    cr_assert_geq(s2.diags.n, 1);
    wit_session_free(&s2);
}
