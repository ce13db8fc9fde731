/* Unit tests of vcs/'s pure logic: manifest, lock, tag order, the rc counter, the
 * release rewrite and the deps.toml reader. No git, no network. */
#include <criterion/criterion.h>
#include <string.h>

#include "vcs.h"

static vcs_ctx cx;
static void setup(void) { vcs_ctx_init(&cx); }
static void teardown(void) { vcs_ctx_free(&cx); }
TestSuite(vcs, .init = setup, .fini = teardown);

#define S(lit) lit, strlen(lit)

Test(vcs, test_vcs__manifest_find_exact_over_namespace)
{
    vcs_manifest m;
    const char *j = "{\"packages\": {\"wasi:*\": {\"git\": \"https://h/WebAssembly/wasi-{name}\"},"
                    " \"wasi:io\": {\"git\": \"file:///io\", \"path\": \"wit-{version}\", \"tag\": \"io-{version}\","
                    " \"version\": \"0.2.0\"}}}";
    cr_assert_eq(vcs_manifest_parse(S(j), "deps.json", &m, &cx), 0, "%s", cx.msg.data);
    const vcs_source *io = vcs_manifest_find(&m, "wasi", "io");
    const vcs_source *cl = vcs_manifest_find(&m, "wasi", "clocks");
    cr_assert(io && cl);
    cr_assert_str_eq(io->git, "file:///io");
    cr_assert_str_eq(io->version, "0.2.0");
    cr_assert_null(cl->name);
    cr_assert_str_eq(cl->path, "wit");
    cr_assert_str_eq(cl->tag, "v{version}");
    cr_assert_null(vcs_manifest_find(&m, "foo", "io"));
    char *u = vcs_expand(cl->git, "clocks", "0.2.0"), *t = vcs_expand(io->tag, "io", "0.2.1");
    cr_assert_str_eq(u, "https://h/WebAssembly/wasi-clocks");
    cr_assert_str_eq(t, "io-0.2.1");
    wit_free(u);
    wit_free(t);
    vcs_manifest_free(&m);
}

Test(vcs, test_vcs__manifest_rejects_bad_input)
{
    static const char *const bad[] = {
        "[]",
        "{\"packages\": {\"io\": {\"git\": \"x\"}}}",
        "{\"packages\": {\"wasi:io\": {\"url\": \"x\"}}}",
        "{\"packages\": {\"wasi:io\": {\"git\": \"\"}}}",
        "{\"packages\": {\"wasi:io\": {\"git\": \"x\", \"version\": \"0.2\"}}}",
        "{\"packages\": {\"wasi:io@0.2.0\": {\"git\": \"x\"}}}",
        "{\"packages\": {\"wasi:io\": {\"git\": \"x\"}, \"wasi:io\": {\"git\": \"y\"}}}",
        "{\"packages\": ",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        vcs_manifest m;
        cr_assert_eq(vcs_manifest_parse(bad[i], strlen(bad[i]), "deps.json", &m, &cx), VCS_EINPUT,
                     "accepted: %s", bad[i]);
        cr_assert(cx.msg.len > 0);
        cr_assert_eq(m.n, 0);
    }
}

static const char *lock_text =
    "{\"version\": 1, \"packages\": ["
    "{\"name\": \"wasi:io\", \"version\": \"0.2.0\", \"dir\": \"io\", \"git\": \"g\", \"path\": \"wit\","
    " \"tag\": \"v0.2.0\", \"tag_id\": null,"
    " \"commit\": \"1111111111111111111111111111111111111111\","
    " \"tree\": \"2222222222222222222222222222222222222222\","
    " \"files\": {\"streams.wit\": \"3333333333333333333333333333333333333333\","
    " \"error.wit\": \"4444444444444444444444444444444444444444\"}},"
    "{\"name\": \"wasi:clocks\", \"version\": \"0.2.0-rc-2023-11-10\", \"dir\": \"clocks\", \"git\": \"g\","
    " \"path\": \"wit\", \"tag\": \"v0.2.0-rc-2023-11-10\","
    " \"tag_id\": \"5555555555555555555555555555555555555555\","
    " \"commit\": \"6666666666666666666666666666666666666666\","
    " \"tree\": \"7777777777777777777777777777777777777777\", \"files\": {}}]}";

Test(vcs, test_vcs__lock_roundtrip_sorted_and_deterministic)
{
    vcs_lock l, l2;
    wit_buf a = WIT_BUF_INIT, b = WIT_BUF_INIT;
    cr_assert_eq(vcs_lock_parse(S(lock_text), "lock", &l, &cx), 0, "%s", cx.msg.data);
    cr_assert_eq(l.n, 2);
    cr_assert_str_eq(l.pkgs[0].id.name, "clocks"); /* sorted by name */
    cr_assert_str_eq(l.pkgs[1].files[0].name, "error.wit");
    cr_assert_null(l.pkgs[1].tag_id);
    cr_assert_eq(vcs_lock_format(&l, &a), 0);
    cr_assert_eq(vcs_lock_parse(a.data, a.len, "lock", &l2, &cx), 0, "%s", cx.msg.data);
    cr_assert_eq(vcs_lock_format(&l2, &b), 0);
    cr_assert_str_eq(a.data, b.data);
    for (size_t i = 0; i < l.n; i++)
        cr_assert(vcs_lock_pkg_same(&l.pkgs[i], &l2.pkgs[i]));
    vcs_lock_pkg *io = vcs_lock_find(&l2, "wasi", "io", "0.2.0");
    cr_assert(io);
    cr_assert_null(vcs_lock_find(&l2, "wasi", "io", "0.2.1"));
    vcs_lock_pkg copy;
    cr_assert_eq(vcs_lock_pkg_copy(&copy, io), 0);
    cr_assert(vcs_lock_pkg_same(&copy, io));
    wit_free(copy.files[0].blob);
    copy.files[0].blob = wit_strdup("8888888888888888888888888888888888888888");
    cr_assert_not(vcs_lock_pkg_same(&copy, io));
    vcs_lock_pkg_free(&copy);
    vcs_lock_free(&l);
    vcs_lock_free(&l2);
    wit_buf_free(&a);
    wit_buf_free(&b);
}

Test(vcs, test_vcs__lock_rejects_bad_ids_and_dirs)
{
    static const char *const bad[] = {
        "{\"version\": 2, \"packages\": []}",
        "{\"version\": 1, \"packages\": [{\"name\": \"wasi:io\", \"dir\": \"io\", \"git\": \"g\","
        " \"path\": \"wit\", \"tag\": \"t\", \"commit\": \"xyz\", \"tree\": "
        "\"2222222222222222222222222222222222222222\", \"files\": {}}]}",
        "{\"version\": 1, \"packages\": [{\"name\": \"wasi:io\", \"dir\": \"../io\", \"git\": \"g\","
        " \"path\": \"wit\", \"tag\": \"t\", \"commit\": \"2222222222222222222222222222222222222222\","
        " \"tree\": \"2222222222222222222222222222222222222222\", \"files\": {}}]}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        vcs_lock l;
        cr_assert_eq(vcs_lock_parse(bad[i], strlen(bad[i]), "lock", &l, &cx), VCS_EINPUT, "%zu", i);
    }
}

Test(vcs, test_vcs__tag_order_is_semver)
{
    /* ascending, as SemVer 2.0 precedence has it (reference §4.1), then non-versions */
    static const char *const order[] = {
        "v0.2.0-draft", "v0.2.0-rc.1", "v0.2.0-rc-2023-10-18", "v0.2.0-rc-2023-10-18.1",
        "v0.2.0-rc-2023-10-18.2", "v0.2.0-rc-2023-10-18.10", "v0.2.0-rc-2023-10-18-1",
        "v0.2.0-rc-2023-10-18-10", "v0.2.0-rc-2023-10-18-2", "v0.2.0-rc-2023-11-10", "v0.2.0",
        "v0.2.1-draft", "v0.2.1", "v0.10.0", "show", "snapshot-01",
    };
    size_t n = sizeof order / sizeof *order;
    for (size_t i = 0; i + 1 < n; i++) {
        cr_assert_lt(vcs_tag_cmp(order[i], order[i + 1]), 0, "%s < %s", order[i], order[i + 1]);
        cr_assert_gt(vcs_tag_cmp(order[i + 1], order[i]), 0);
    }
    wit_semver v;
    cr_assert_neq(vcs_tag_version("v0.2.0-rc-2023-10-18.01", &v), 0, "leading zero");
    cr_assert_neq(vcs_tag_version("show", &v), 0);
}

Test(vcs, test_vcs__rc_counter)
{
    static const char *const none[] = {"v0.1.0", "show"};
    cr_assert_eq(vcs_rc_next("0.2.0", "2023-06-29", none, 2), 1);
    static const char *const plain[] = {"v0.2.0-rc-2023-06-29"};
    cr_assert_eq(vcs_rc_next("0.2.0", "2023-06-29", plain, 1), 1, "rc-DATE counts as .0");
    static const char *const many[] = {
        "v0.2.0-rc-2023-06-29.1", "v0.2.0-rc-2023-06-29.2", "0.2.0-rc-2023-06-29.10",
        "v0.2.0-rc-2023-06-30.40", "v0.3.0-rc-2023-06-29.50", "v0.2.0-rc-2023-06-29.x",
        "v0.2.0-rc-2023-06-29.3.1", "show"};
    cr_assert_eq(vcs_rc_next("0.2.0", "2023-06-29", many, 8), 11);
    static const char *const goof[] = {"v0.3.0-rc-2025-09-16", "v0.3.0-rc-2025-09-16-1"};
    cr_assert_eq(vcs_rc_next("0.3.0", "2025-09-16", goof, 2), 2, "a -N goof is never reused");
    cr_assert(vcs_date_valid("2024-02-29"));
    cr_assert_not(vcs_date_valid("2023-02-29"));
    cr_assert_not(vcs_date_valid("2023-13-01"));
    cr_assert_not(vcs_date_valid("2023-6-29"));
    cr_assert_not(vcs_date_valid("2023-06-29x"));
    cr_assert(vcs_version_is_rc("0.2.0-rc-2023-11-10"));
    cr_assert(vcs_version_is_rc("0.2.0-rc.1"));
    cr_assert_not(vcs_version_is_rc("0.2.0"));
    cr_assert_not(vcs_version_is_rc("0.2.0-draft"));
    cr_assert_not(vcs_version_is_rc("0.2.0-rcx"));
}

Test(vcs, test_vcs__release_rewrite)
{
    const char *in =
        "// package my:app@0.1.0-rc-2024-01-01.1; in a comment stays\n"
        "package my:app@0.1.0-rc-2024-01-01.1;\n"
        "\n"
        "@since(version = 0.1.0-rc-2024-01-01.1)\n"
        "interface types {\n"
        "  @since(version = 0.0.9)\n"
        "  type id = u32;\n"
        "  /* nested /* my:ext/x@0.1.0-rc-2024-01-01.1 */ */\n"
        "}\n"
        "world app {\n"
        "  import my:ext/api@0.1.0-rc-2024-01-01.1;\n"
        "  use my:ext/api@0.1.0-rc-2024-01-01.1.{thing};\n"
        "  import wasi:io/streams@0.1.0-rc-2024-01-01.1;\n"
        "  import my:ext/api@0.0.1;\n"
        "  @since(version=0.1.0-rc-2023-12-01)\n"
        "  export run: func();\n"
        "}\n";
    const char *want =
        "// package my:app@0.1.0-rc-2024-01-01.1; in a comment stays\n"
        "package my:app@0.1.0-rc-2024-05-01.2;\n"
        "\n"
        "@since(version = 0.1.0-rc-2024-05-01.2)\n"
        "interface types {\n"
        "  @since(version = 0.0.9)\n"
        "  type id = u32;\n"
        "  /* nested /* my:ext/x@0.1.0-rc-2024-01-01.1 */ */\n"
        "}\n"
        "world app {\n"
        "  import my:ext/api@0.1.0-rc-2024-05-01.2;\n"
        "  use my:ext/api@0.1.0-rc-2024-05-01.2.{thing};\n"
        "  import wasi:io/streams@0.1.0-rc-2024-01-01.1;\n"
        "  import my:ext/api@0.0.1;\n"
        "  @since(version=0.1.0-rc-2024-05-01.2)\n"
        "  export run: func();\n"
        "}\n";
    char ns1[] = "my", n1[] = "app", v1[] = "0.1.0-rc-2024-01-01.1";
    char ns2[] = "my", n2[] = "ext", v2[] = "0.1.0-rc-2024-01-01.1";
    vcs_pkgid pkgs[] = {{ns1, n1, v1}, {ns2, n2, v2}};
    wit_buf out = WIT_BUF_INIT;
    cr_assert_eq(vcs_release_rewrite(S(in), pkgs, 2, "0.1.0-rc-2024-05-01.2", &out), 0);
    cr_assert_str_eq(out.data, want);
    wit_buf_free(&out);
}

Test(vcs, test_vcs__import_deps_toml)
{
    const char *t =
        "# comment\n"
        "io = \"https://github.com/WebAssembly/wasi-io/archive/v0.2.8.tar.gz\"\n"
        "clocks = { url = \"https://github.com/WebAssembly/wasi-clocks/archive/refs/tags/v0.2.0.tar.gz\","
        " prefix = \"wasi-clocks-0.2.0/wit\" }\n"
        "mine = \"./local/wit\"\n"
        "[http]\n"
        "url = 'https://github.com/WebAssembly/wasi-http/archive/main.tar.gz' # floating\n"
        "sha256 = \"abc\"\n"
        "subdir = \"wit-0.3.0-draft\"\n";
    vcs_import im;
    cr_assert_eq(vcs_import_parse(S(t), "deps.toml", &im, &cx), 0, "%s", cx.msg.data);
    cr_assert_eq(im.n, 4);
    cr_assert_str_eq(im.deps[0].key, "io");
    cr_assert_str_eq(im.deps[0].git, "https://github.com/WebAssembly/wasi-io");
    cr_assert_str_eq(im.deps[0].tag, "v0.2.8");
    cr_assert_str_eq(im.deps[1].tag, "v0.2.0");
    cr_assert_str_eq(im.deps[1].prefix, "wasi-clocks-0.2.0/wit");
    cr_assert_str_eq(im.deps[2].path, "./local/wit");
    cr_assert_null(im.deps[2].git);
    cr_assert_str_eq(im.deps[3].git, "https://github.com/WebAssembly/wasi-http");
    cr_assert_null(im.deps[3].tag, "a branch is not a tag");
    cr_assert_str_eq(im.deps[3].ref, "main");
    cr_assert_str_eq(im.deps[3].prefix, "*/wit-0.3.0-draft");
    vcs_import_free(&im);
    const char *bad = "io = { url = \"https://x/archive/v1.tar.gz\", sha = \"x\" }\n";
    cr_assert_eq(vcs_import_parse(S(bad), "deps.toml", &im, &cx), VCS_EINPUT);
    cr_assert(strstr(cx.msg.data, "unknown field"));
}

Test(vcs, test_vcs__pkgid_parse)
{
    vcs_pkgid p;
    cr_assert_eq(vcs_pkgid_parse("wasi:io@0.2.0-rc-2023-11-10", &p), 0);
    cr_assert_str_eq(p.ns, "wasi");
    cr_assert_str_eq(p.name, "io");
    cr_assert_str_eq(p.version, "0.2.0-rc-2023-11-10");
    vcs_pkgid_free(&p);
    cr_assert_eq(vcs_pkgid_parse("wasi:*", &p), 0);
    vcs_pkgid_free(&p);
    cr_assert_eq(vcs_pkgid_parse("wasi", &p), VCS_EINPUT);
    cr_assert_eq(vcs_pkgid_parse("wasi:io@1.0", &p), VCS_EINPUT);
    cr_assert_eq(vcs_pkgid_parse("wa si:io", &p), VCS_EINPUT);
}

/* Every allocation failure is reported as VCS_ENOMEM (or the call still succeeds) and
 * leaks nothing: ASan's leak check runs this suite in CI. */
Test(vcs, test_vcs__allocation_failures)
{
    const char *man = "{\"packages\": {\"wasi:*\": {\"git\": \"g/{name}\"}, \"wasi:io\": "
                      "{\"git\": \"g\", \"version\": \"0.2.0\"}}}";
    const char *toml = "io = \"https://h/o/wasi-io/archive/v0.2.0.tar.gz\"\n"
                       "[cli]\nurl = \"https://h/o/wasi-cli/archive/main.tar.gz\"\nsubdir = \"wit\"\n";
    const char *wit = "package my:app@0.1.0-rc-2024-01-01.1;\n@since(version = 0.1.0-rc-2024-01-01.1)\n"
                      "interface i { use my:app/j@0.1.0-rc-2024-01-01.1.{t}; }\n";
    char ns[] = "my", name[] = "app", ver[] = "0.1.0-rc-2024-01-01.1";
    vcs_pkgid pk = {ns, name, ver};
    for (unsigned long n = 1; n < 400; n++) {
        int results = 0;
        vcs_manifest m;
        vcs_lock l;
        vcs_import im;
        wit_buf b = WIT_BUF_INIT;
        wit_alloc_fail_after(n);
        int r1 = vcs_manifest_parse(S(man), "m", &m, &cx);
        if (r1 == 0) {
            vcs_manifest_free(&m);
            results++;
        }
        int r2 = vcs_lock_parse(S(lock_text), "l", &l, &cx);
        if (r2 == 0) {
            int r3 = vcs_lock_format(&l, &b);
            cr_assert(r3 == 0 || r3 == VCS_ENOMEM);
            vcs_lock_free(&l);
            results++;
        }
        int r4 = vcs_import_parse(S(toml), "t", &im, &cx);
        if (r4 == 0) {
            vcs_import_free(&im);
            results++;
        }
        wit_buf_free(&b);
        int r5 = vcs_release_rewrite(S(wit), &pk, 1, "0.1.0-rc-2024-05-01.1", &b);
        results += r5 == 0;
        wit_buf_free(&b);
        wit_alloc_fail_after(0);
        cr_assert(r1 == 0 || r1 == VCS_ENOMEM, "manifest at %lu: %d", n, r1);
        cr_assert(r2 == 0 || r2 == VCS_ENOMEM, "lock at %lu: %d", n, r2);
        cr_assert(r4 == 0 || r4 == VCS_ENOMEM, "import at %lu: %d", n, r4);
        cr_assert(r5 == 0 || r5 == VCS_ENOMEM, "rewrite at %lu: %d", n, r5);
        if (results == 4)
            return; /* n is past the last allocation: every path has been failed once */
    }
    cr_assert_fail("the sweep never reached a run without failures");
}
