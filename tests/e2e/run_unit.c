/* run_unit.c — unit tests of component/compile.c (suite unit, also under ASan): compiling the
 * decoder's fixture components (tests/component/data) into C projects, deterministic output,
 * refusals that name the unsupported import, a failing wasm2c, and locating libwitrt.
 * Tests that need wasm2c skip when it is not installed. */
#define _POSIX_C_SOURCE 200809L
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compile.h"
#include "component.h"

static char *data_path(const char *name)
{
    const char *root = getenv("WITC_SOURCE_ROOT");
    char *p = malloc(4096);
    snprintf(p, 4096, "%s/tests/component/data/%s", root ? root : "../..", name);
    return p;
}

static bool have_wasm2c(void)
{
    return system("wasm2c --version >/dev/null 2>&1") == 0;
}

typedef struct fixture {
    char *bytes;
    size_t len;
    wit_arena *arena;
    cmp_component *c;
} fixture;

static void load(fixture *f, const char *name)
{
    char *p = data_path(name);
    cmp_error err;
    cr_assert_eq(wit_read_file(p, &f->bytes, &f->len), 0, "read %s", p);
    free(p);
    f->arena = wit_arena_new();
    cr_assert_eq(cmp_decode((const uint8_t *)f->bytes, f->len, f->arena, &f->c, &err), 0, "%s",
                 err.message);
}

static void unload(fixture *f)
{
    wit_free(f->bytes);
    wit_arena_free(f->arena);
}

static char *tmpdir(void)
{
    char *t = strdup("/tmp/witc-run-unit-XXXXXX");
    cr_assert(mkdtemp(t) != NULL);
    return t;
}

static void rmtree(const char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

static char *slurp(const char *dir, const char *name)
{
    char p[4200];
    char *text;
    size_t len;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    if (wit_read_file(p, &text, &len) < 0)
        return NULL;
    return text;
}

Test(run_compile, command_project)
{
    if (!have_wasm2c())
        cr_skip_test("wasm2c not installed");
    fixture f;
    load(&f, "hello.wasm");
    char *d = tmpdir();
    cmp_compile_opts o;
    memset(&o, 0, sizeof o);
    o.quiet = true;
    cmp_compile_info info;
    cmp_error err;
    cr_assert_eq(cmp_compile(f.c, d, &o, &info, &err), 0, "%s", err.message);
    cr_assert(info.command);
    cr_assert_eq(info.nmodules, 4); /* main, adapter, shim, fixup */
    char *glue = slurp(d, "glue.c");
    char *mainc = slurp(d, "main.c");
    char *mk = slurp(d, "Makefile");
    char *h = slurp(d, "witc_component.h");
    cr_assert(glue && mainc && mk && h);
    cr_assert(strstr(glue, "int witc_run(witc_component *c, wrt_error *err)"));
    cr_assert(strstr(glue, "wrt_lower_wasi_io_streams__method_output_stream_blocking_write_and_flush"));
    /* instantiation order: main, then the adapter, then the fixup filling the shim's table */
    char *m0 = strstr(glue, "Z_m0_instantiate(");
    char *m1 = strstr(glue, "Z_m1_instantiate(");
    char *m3 = strstr(glue, "Z_m3_instantiate(");
    cr_assert(m0 && m1 && m3 && strstr(glue, "Z_m2_instantiate("));
    cr_assert(m0 < m1 && m1 < m3);
    cr_assert(strstr(h, "int witc_run(witc_component *c, wrt_error *err);"));
    cr_assert(strstr(h, "int witc_init(witc_component **out, wrt_wasi *wasi, void *user, wrt_error *err);"));
    cr_assert(strstr(mainc, "witc_init(&comp, wasi, NULL, &err)"));
    /* no instance state at file scope: every `static` line is a function or a constant */
    for (char *line = glue; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        if (strncmp(line, "static ", 7) != 0)
            continue;
        char *nl = strchr(line, '\n');
        char *paren = strchr(line, '(');
        cr_assert(strncmp(line, "static const ", 13) == 0 || (paren && (!nl || paren < nl)),
                  "file-scope state in glue.c: %.*s", (int)(nl ? nl - line : 60), line);
    }
    /* every module's import environment is the component's self-pointing env */
    cr_assert(strstr(glue, "Z_m1_instantiate(&c->m1, (void *)&c->env"));
    cr_assert(strstr(glue, "c->env = &c->env;"));
    cr_assert(strstr(mk, "app: $(OBJS) main.o"));
    wit_free(glue);
    wit_free(mainc);
    wit_free(mk);
    wit_free(h);
    rmtree(d);
    free(d);
    unload(&f);
}

Test(run_compile, deterministic)
{
    if (!have_wasm2c())
        cr_skip_test("wasm2c not installed");
    fixture f;
    load(&f, "reactor.wasm");
    char *d1 = tmpdir(), *d2 = tmpdir();
    cmp_compile_opts o;
    memset(&o, 0, sizeof o);
    o.quiet = true;
    cmp_error err;
    cmp_compile_info info;
    cr_assert_eq(cmp_compile(f.c, d1, &o, &info, &err), 0, "%s", err.message);
    cr_assert(!info.command);
    cr_assert_eq(cmp_compile(f.c, d2, &o, NULL, &err), 0, "%s", err.message);
    const char *files[] = {"glue.c", "witc_component.h", "Makefile"};
    for (int i = 0; i < 3; i++) {
        char *a = slurp(d1, files[i]), *b = slurp(d2, files[i]);
        cr_assert(a && b);
        cr_assert_str_eq(a, b, "%s differs between two runs", files[i]);
        wit_free(a);
        wit_free(b);
    }
    char *m = slurp(d1, "main.c");
    cr_assert_null(m, "a reactor gets no main.c");
    rmtree(d1);
    rmtree(d2);
    free(d1);
    free(d2);
    unload(&f);
}

static void expect_refusal(const char *name, const char *needle)
{
    if (!have_wasm2c())
        cr_skip_test("wasm2c not installed");
    fixture f;
    load(&f, name);
    char *d = tmpdir();
    cmp_compile_opts o;
    memset(&o, 0, sizeof o);
    o.quiet = true;
    cmp_error err;
    cr_assert_eq(cmp_compile(f.c, d, &o, NULL, &err), -1);
    cr_assert(strstr(err.message, needle), "message: %s", err.message);
    rmtree(d);
    free(d);
    unload(&f);
}

/* demo.wasm's world-level function import `tick` and its non-WASI resource `blob` go to the
 * host's hooks (witc host c defines them; tests/e2e/host_types.sh runs such a program) */
Test(run_compile, world_function_import_and_resource_call_hooks)
{
    if (!have_wasm2c())
        cr_skip_test("wasm2c not installed");
    fixture f;
    load(&f, "demo.wasm");
    char *d = tmpdir();
    cmp_compile_opts o;
    memset(&o, 0, sizeof o);
    o.quiet = true;
    cmp_error err;
    cmp_compile_info info;
    cr_assert_eq(cmp_compile(f.c, d, &o, &info, &err), 0, "%s", err.message);
    cr_assert_geq(info.nhooks, 2);
    char *g = slurp(d, "glue.c");
    cr_assert(g && strstr(g, "witc_import_tick(&c->cx"), "glue.c does not call witc_import_tick");
    cr_assert(strstr(g, "witc_import_ex_demo_types_0_1_0__resource_drop_blob(&c->cx"),
              "glue.c does not call the resource-drop hook");
    wit_free(g);
    rmtree(d);
    free(d);
    unload(&f);
}

Test(run_compile, refuses_resource_libwitrt_lacks)
{
    expect_refusal("proxy.wasm", "resource `network` of `wasi:sockets/network@0.2.12`");
}

Test(run_compile, wasm2c_failure_is_an_error)
{
    fixture f;
    load(&f, "reactor.wasm");
    char *d = tmpdir();
    cmp_compile_opts o;
    memset(&o, 0, sizeof o);
    o.quiet = true;
    o.wasm2c = "/nonexistent/wasm2c";
    cmp_error err;
    cr_assert_eq(cmp_compile(f.c, d, &o, NULL, &err), -1);
    cr_assert(strstr(err.message, "wasm2c failed on core module 0"), "message: %s", err.message);
    rmtree(d);
    free(d);
    unload(&f);
}

Test(run_compile, runtime_locate)
{
    char *d = tmpdir();
    char store[4096];
    cmp_runtime_paths rt;
    cmp_error err;
    setenv("WITC_RUNTIME_DIR", d, 1);
    cr_assert_eq(cmp_runtime_locate(&rt, NULL, NULL, store, sizeof store, &err), -1);
    cr_assert(strstr(err.message, "witrt.h"), "%s", err.message);
    const char *names[] = {"witrt.h", "libwitrt.a", "libwitrt-w2c.a"};
    for (int i = 0; i < 3; i++) {
        char p[4200];
        snprintf(p, sizeof p, "%s/%s", d, names[i]);
        FILE *fp = fopen(p, "w");
        cr_assert(fp);
        fclose(fp);
        if (i == 0) {
            cr_assert_eq(cmp_runtime_locate(&rt, NULL, NULL, store, sizeof store, &err), -1);
            cr_assert(strstr(err.message, "libwitrt.a"), "%s", err.message);
        }
    }
    setenv("WITC_WASM2C_DIR", d, 1); /* no wasm-rt.h there */
    cr_assert_eq(cmp_runtime_locate(&rt, NULL, NULL, store, sizeof store, &err), -1);
    cr_assert(strstr(err.message, "wasm-rt.h"), "%s", err.message);
    unsetenv("WITC_WASM2C_DIR");
    if (access("/usr/src/wasm2c/wasm-rt.h", F_OK) == 0 || access("/usr/include/wasm-rt.h", F_OK) == 0) {
        cr_assert_eq(cmp_runtime_locate(&rt, NULL, NULL, store, sizeof store, &err), 0, "%s",
                     err.message);
        cr_assert_str_eq(rt.include_dir, d);
        cr_assert_str_eq(rt.lib_dir, d);
    }
    unsetenv("WITC_RUNTIME_DIR");
    rmtree(d);
    free(d);
}
