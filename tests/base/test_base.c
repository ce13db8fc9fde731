/* Unit tests of the base utilities: arena, buffer, semver, UTF-8, source map, diagnostics. */
#include <criterion/criterion.h>
#include <string.h>

#include "base.h"

Test(base, arena_zeroed_and_aligned)
{
    wit_arena *a = wit_arena_new();
    cr_assert(a);
    for (int i = 1; i < 2000; i += 37) {
        unsigned char *p = wit_arena_alloc(a, (size_t)i);
        cr_assert(p);
        cr_assert_eq((uintptr_t)p % 16, 0);
        for (int k = 0; k < i; k++)
            cr_assert_eq(p[k], 0);
        memset(p, 0xAB, (size_t)i);
    }
    void *big = wit_arena_alloc(a, 1 << 20);
    cr_assert(big);
    cr_assert_str_eq(wit_arena_printf(a, "%s-%d", "x", 42), "x-42");
    wit_arena_free(a);
}

/* The arena's own paths: in-place growth (top of a chunk, a block with a chunk of its own),
 * packed strings next to aligned blocks, and printf's %s-only fast path. */
Test(base, arena_grow_strings_and_printf)
{
    wit_arena *a = wit_arena_new();
    cr_assert(a);
    uint32_t *v = NULL;
    size_t cap = 0;
    for (uint32_t i = 0; i < 100000; i++) {
        if (i == cap) {
            size_t ncap = cap ? cap * 2 : 4;
            v = wit_arena_grow(a, v, cap, ncap, sizeof *v);
            cr_assert(v);
            for (size_t k = cap; k < ncap; k++)
                cr_assert_eq(v[k], 0, "grown part zeroed");
            cap = ncap;
            if (i % 3 == 0) /* something else in between, so not every grow is in place */
                cr_assert(wit_arena_alloc(a, 24));
        }
        v[i] = i * 7;
    }
    for (uint32_t i = 0; i < 100000; i++)
        cr_assert_eq(v[i], i * 7);
    const char *s1 = wit_arena_strndup(a, "hello, world", 5);
    void *p = wit_arena_alloc(a, 3);
    const char *s2 = wit_arena_strdup(a, "");
    cr_assert_str_eq(s1, "hello");
    cr_assert_eq((uintptr_t)p % 16, 0);
    cr_assert_str_eq(s2, "");
    cr_assert_str_eq(wit_arena_printf(a, "[method]%s.%s", "r", "f"), "[method]r.f");
    cr_assert_str_eq(wit_arena_printf(a, "%s:%s@%s", "a", "b", "1.0.0"), "a:b@1.0.0");
    cr_assert_str_eq(wit_arena_printf(a, "100%% %s%%", "sure"), "100% sure%");
    cr_assert_str_eq(wit_arena_printf(a, "no conversions"), "no conversions");
    cr_assert_str_eq(wit_arena_printf(a, "%s=%u", "n", 7u), "n=7");
    wit_arena_free(a);
}

Test(base, arena_reports_oom)
{
    wit_arena *a = wit_arena_new();
    wit_alloc_fail_after(1);
    cr_assert_null(wit_arena_alloc(a, 1 << 20));
    wit_alloc_fail_after(0);
    cr_assert(wit_arena_failed(a));
    wit_arena_free(a);
}

Test(base, buf_printf_and_oom)
{
    wit_buf b = WIT_BUF_INIT;
    for (int i = 0; i < 1000; i++)
        wit_buf_printf(&b, "%d,", i);
    cr_assert(strncmp(b.data, "0,1,2,", 6) == 0);
    cr_assert_eq(strlen(b.data), b.len);
    wit_buf_free(&b);
    wit_alloc_fail_after(1);
    wit_buf_puts(&b, "hello");
    wit_alloc_fail_after(0);
    cr_assert(b.oom);
    wit_buf_puts(&b, "more");
    cr_assert_null(wit_buf_detach(&b, NULL));
}

static int cmpv(const char *a, const char *b)
{
    wit_semver x, y;
    cr_assert_eq(wit_semver_parse(a, strlen(a), &x, NULL), 0, "%s", a);
    cr_assert_eq(wit_semver_parse(b, strlen(b), &y, NULL), 0, "%s", b);
    return wit_semver_cmp(&x, &y);
}

Test(base, semver_parse_rejects)
{
    const char *bad[] = {"1", "1.2", "01.2.3", "1.2.3-", "1.2.3-01", "1.2.3+", "1.2.3-a..b",
                         "1.2.3 ", "18446744073709551616.0.0", "1.2.3-a_b", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        wit_semver v;
        const char *why = NULL;
        cr_assert_eq(wit_semver_parse(bad[i], strlen(bad[i]), &v, &why), -1, "%s", bad[i]);
        cr_assert(why);
    }
}

Test(base, semver_precedence)
{
    /* The ordering WASI release candidates need, from the SemVer spec. */
    const char *order[] = {"0.2.0-rc-2023-10-18",   "0.2.0-rc-2023-10-18.1", "0.2.0-rc-2023-10-18.2",
                           "0.2.0-rc-2023-10-18.10", "0.2.0-rc-2023-11-10",   "0.2.0",
                           "0.2.1",                  "0.10.0",                "1.0.0-alpha",
                           "1.0.0-alpha.1",          "1.0.0-alpha.beta",      "1.0.0-beta.2",
                           "1.0.0-beta.11",          "1.0.0-rc.1",            "1.0.0"};
    size_t n = sizeof order / sizeof *order;
    for (size_t i = 0; i + 1 < n; i++) {
        cr_assert_lt(cmpv(order[i], order[i + 1]), 0, "%s < %s", order[i], order[i + 1]);
        cr_assert_gt(cmpv(order[i + 1], order[i]), 0, "%s > %s", order[i + 1], order[i]);
    }
    cr_assert_eq(cmpv("1.0.0+build.1", "1.0.0+other"), 0);
    wit_semver v;
    const char *s = "0.2.0-rc-2023-06-29.1+meta";
    cr_assert_eq(wit_semver_parse(s, strlen(s), &v, NULL), 0);
    wit_buf b = WIT_BUF_INIT;
    wit_semver_format(&v, &b);
    cr_assert_str_eq(b.data, s);
    wit_buf_free(&b);
}

Test(base, utf8)
{
    uint32_t cp;
    cr_assert_eq(wit_utf8_decode((const unsigned char *)"\xc3\xa9", 2, &cp), 2);
    cr_assert_eq(cp, 0xE9);
    cr_assert_eq(wit_utf8_decode((const unsigned char *)"\xc0\x80", 2, &cp), 0);     /* overlong */
    cr_assert_eq(wit_utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp), 0); /* surrogate */
    cr_assert_eq(wit_utf8_decode((const unsigned char *)"\xf0\x9f\x98", 3, &cp), 0); /* truncated */
    cr_assert(wit_utf8_valid((const unsigned char *)"h\xc3\xa9llo \xf0\x9f\x98\x80", 11));
    cr_assert(!wit_utf8_valid((const unsigned char *)"\xff", 1));
}

Test(base, srcmap_locate_and_render)
{
    wit_srcmap m;
    wit_srcmap_init(&m);
    const char *a = "package a:b;\ninterface i {\n  type t = u32x;\n}\n";
    cr_assert_eq(wit_srcmap_add(&m, "a.wit", a, strlen(a)), 0);
    cr_assert_eq(wit_srcmap_add(&m, "b.wit", "é x", 4), 1);
    uint32_t line, col;
    uint32_t off = (uint32_t)(strstr(a, "u32x") - a);
    const wit_srcfile *f = wit_srcmap_locate(&m, off, &line, &col);
    cr_assert_str_eq(f->path, "a.wit");
    cr_assert_eq(line, 3);
    cr_assert_eq(col, 12);
    f = wit_srcmap_locate(&m, m.files[1].base + 3, &line, &col);
    cr_assert_str_eq(f->path, "b.wit");
    cr_assert_eq(col, 3); /* columns count characters, not bytes */

    wit_diags d;
    wit_diags_init(&d);
    wit_diags_add(&d, WIT_SEV_ERROR, (wit_span){off, off + 4}, "type `%s` does not exist", "u32x");
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    wit_diags_render(&d, &m, WIT_DIAG_TEXT, false, out);
    wit_diags_render(&d, &m, WIT_DIAG_GITHUB, false, out);
    wit_diags_render(&d, &m, WIT_DIAG_JSON, false, out);
    fclose(out);
    cr_assert_str_eq(text, "a.wit:3:12: error: type `u32x` does not exist\n"
                           "  |\n"
                           "3 |   type t = u32x;\n"
                           "  |            ^~~~\n"
                           "::error file=a.wit,line=3,col=12,endLine=3,endColumn=16::type `u32x` does not exist\n"
                           "{\"severity\":\"error\",\"file\":\"a.wit\",\"line\":3,\"column\":12,"
                           "\"end_line\":3,\"end_column\":16,\"message\":\"type `u32x` does not exist\"}\n");
    free(text);
    cr_assert_eq(d.errors, 1);
    wit_diags_free(&d);
    wit_srcmap_free(&m);
}

Test(base, atomic_write)
{
    char dir[] = "/tmp/witc-test-XXXXXX";
    cr_assert(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/sub/dir/file.txt", dir);
    char sub[256];
    snprintf(sub, sizeof sub, "%s/sub/dir", dir);
    cr_assert_eq(wit_mkdirs(sub), 0);
    cr_assert_eq(wit_write_file_atomic(path, "abc", 3), 0);
    char *data;
    size_t n;
    cr_assert_eq(wit_read_file(path, &data, &n), 0);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(data, "abc");
    wit_free(data);
    snprintf(path, sizeof path, "%s/missing/file.txt", dir);
    cr_assert_eq(wit_write_file_atomic(path, "abc", 3), -1);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
}
