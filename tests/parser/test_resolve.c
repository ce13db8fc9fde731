/* Unit tests of the resolver: arena contents and order for small packages (anonymous
 * types interned, `self: borrow<r>`, constructors, own<r> handles made when appending),
 * feature gates, world elaboration, every-error reporting without cascades, error
 * messages and locations, package ordering, the Resolve helpers, and allocation failure
 * at every step. The conformance corpus checks the rest case by case. */
#include <criterion/criterion.h>
#include <string.h>

#include "ast.h"

static wit_session S;
static wit_id R;

static void setup(void)
{
    cr_assert_eq(wit_session_init(&S), 0);
    R = WIT_NONE;
}

static void teardown(void)
{
    wit_session_free(&S);
}

TestSuite(resolve, .init = setup, .fini = teardown);

static int load(const char *src)
{
    return wit_load_source(&S, "t.wit", src, strlen(src), &R);
}

static const wit_iface *iface(const char *name)
{
    for (uint32_t i = 0; i < S.resolve.nifaces; i++)
        if (S.resolve.ifaces[i].name && strcmp(S.resolve.ifaces[i].name, name) == 0)
            return &S.resolve.ifaces[i];
    cr_assert_fail("no interface %s", name);
    return NULL;
}

static const wit_func *func(const wit_iface *f, const char *name)
{
    for (uint32_t i = 0; i < f->nfuncs; i++)
        if (strcmp(f->funcs[i].name, name) == 0)
            return &f->funcs[i];
    cr_assert_fail("no function %s", name);
    return NULL;
}

static uint32_t tid(const wit_iface *f, const char *name)
{
    for (uint32_t i = 0; i < f->ntypes; i++)
        if (strcmp(f->types[i].name, name) == 0)
            return f->types[i].id;
    cr_assert_fail("no type %s", name);
    return WIT_NONE;
}

/* True when some diagnostic says `msg` at line:col. */
static bool has_error(const char *msg, uint32_t line, uint32_t col)
{
    for (size_t i = 0; i < S.diags.n; i++) {
        const wit_diag *d = &S.diags.items[i];
        if (!strstr(d->message, msg))
            continue;
        if (line == 0)
            return true;
        uint32_t l = 0, c = 0;
        if (wit_srcmap_locate(&S.srcmap, d->span.start, &l, &c) && l == line && c == col)
            return true;
    }
    return false;
}

Test(resolve, test_resolve__types_in_order_and_interned)
{
    cr_assert_eq(load("package a:b@1.0.0;\n"
                      "interface i {\n"
                      "  type x = list<u32>;\n"
                      "  record r { a: list<u32>, b: option<x> }\n"
                      "  f: func(p: list<u32>) -> tuple<u32, string>;\n"
                      "}\n"),
                 WIT_OK);
    const wit_resolve *r = &S.resolve;
    cr_assert_eq(r->npackages, 1);
    cr_assert_str_eq(r->packages[0].name.version, "1.0.0");
    cr_assert_eq(R, 0);
    const wit_iface *f = iface("i");
    uint32_t x = tid(f, "x"), rr = tid(f, "r");
    cr_assert_eq(r->types[x].kind, WIT_TD_LIST);
    cr_assert_eq(r->types[rr].kind, WIT_TD_RECORD);
    /* the anonymous list<u32> inside the record is one type, shared by the param */
    wit_type a = r->types[rr].u.record.fields[0].type;
    cr_assert_eq(a.prim, WIT_TYPE_ID);
    cr_assert_eq(r->types[a.id].kind, WIT_TD_LIST);
    cr_assert_null(r->types[a.id].name);
    cr_assert_eq(func(f, "f")->params[0].type.id, a.id);
    /* every type after the types it refers to */
    for (uint32_t i = 0; i < r->ntypes; i++)
        if (r->types[i].kind == WIT_TD_OPTION || r->types[i].kind == WIT_TD_LIST)
            if (r->types[i].u.elem.prim == WIT_TYPE_ID)
                cr_assert_lt(r->types[i].u.elem.id, i);
    cr_assert_eq(r->types[x].owner.kind, WIT_OWNER_INTERFACE);
}

Test(resolve, test_resolve__resources_methods_and_handles)
{
    cr_assert_eq(load("package a:b;\n"
                      "interface i {\n"
                      "  resource res {\n"
                      "    constructor(n: u32);\n"
                      "    get: func() -> u32;\n"
                      "    make: static func() -> res;\n"
                      "  }\n"
                      "  take: func(r: borrow<res>, o: own<res>);\n"
                      "}\n"),
                 WIT_OK);
    const wit_resolve *r = &S.resolve;
    const wit_iface *f = iface("i");
    uint32_t res = tid(f, "res");
    cr_assert_eq(r->types[res].kind, WIT_TD_RESOURCE);
    const wit_func *ctor = func(f, "[constructor]res");
    cr_assert_eq(ctor->kind, WIT_FN_CONSTRUCTOR);
    cr_assert(ctor->has_result);
    /* a reference to a resource becomes an anonymous own<res> */
    const wit_typedef *own = &r->types[ctor->result.id];
    cr_assert_eq(own->kind, WIT_TD_HANDLE);
    cr_assert_not(own->u.handle.borrow);
    cr_assert_eq(own->u.handle.resource, res);
    const wit_func *get = func(f, "[method]res.get");
    cr_assert_eq(get->nparams, 1);
    cr_assert_str_eq(get->params[0].name, "self");
    const wit_typedef *b = &r->types[get->params[0].type.id];
    cr_assert_eq(b->kind, WIT_TD_HANDLE);
    cr_assert(b->u.handle.borrow);
    /* the explicit borrow<res> is the same interned type as self's */
    const wit_func *take = func(f, "take");
    cr_assert_eq(take->params[0].type.id, get->params[0].type.id);
    /* own<res> and the static's result share the one own handle */
    cr_assert_eq(take->params[1].type.id, ctor->result.id);
    cr_assert_eq(func(f, "[static]res.make")->result.id, ctor->result.id);
}

Test(resolve, test_resolve__world_elaboration_adds_imports)
{
    cr_assert_eq(load("package a:b;\n"
                      "interface base { type t = u32; }\n"
                      "interface api { use base.{t}; f: func() -> t; }\n"
                      "world w { export api; }\n"),
                 WIT_OK);
    const wit_resolve *r = &S.resolve;
    cr_assert_eq(r->nworlds, 1);
    const wit_world *w = &r->worlds[0];
    cr_assert_eq(w->nimports, 1);
    cr_assert_eq(w->imports[0].key.kind, WIT_KEY_INTERFACE);
    cr_assert_str_eq(r->ifaces[w->imports[0].key.iface].name, "base");
    cr_assert_eq(w->nexports, 1);
    cr_assert_str_eq(r->ifaces[w->exports[0].id].name, "api");
    cr_assert_eq(wit_select_world(&S, R, NULL), 0);
    cr_assert_eq(wit_select_world(&S, R, "w"), 0);
    cr_assert_eq(wit_select_world(&S, R, "a:b/w"), 0);
    cr_assert_eq(wit_select_world(&S, R, "nope"), WIT_NONE);
    cr_assert_str_eq(wit_iface_qualified_name(&S, w->imports[0].key.iface), "a:b/base");
}

Test(resolve, test_resolve__incompatible_import_export)
{
    cr_assert_eq(load("package foo:foo;\n"
                      "interface i1 { type t = u32; }\n"
                      "interface i2 { use i1.{t}; }\n"
                      "interface i3 { use i2.{t}; }\n"
                      "world test {\n"
                      "  export i1;\n"
                      "  export i3;\n"
                      "}\n"),
                 WIT_EINPUT);
    cr_assert(has_error("interface `foo:foo/i3` transitively depends on an interface in incompatible ways", 5, 7));
}

Test(resolve, test_resolve__every_error_without_cascades)
{
    cr_assert_eq(load("package a:b;\n"
                      "interface i1 { type t = nope; }\n"
                      "interface i2 { use i1.{t}; f: func(x: t); }\n"
                      "interface i3 { g: func() -> missing; }\n"
                      "world w { import i2; include nothing-here; }\n"),
                 WIT_EINPUT);
    cr_assert(has_error("type `nope` does not exist", 2, 25));
    cr_assert(has_error("name `missing` does not exist", 4, 29));
    cr_assert(has_error("interface or world `nothing-here` does not exist", 5, 30));
    /* i2 only failed because i1 did: nothing is said about it, and nothing twice */
    cr_assert_eq(S.diags.n, 3);
    cr_assert_eq(S.diags.errors, 3);
}

Test(resolve, test_resolve__appending_reports_every_error)
{
    cr_assert_eq(load("package a:b@1.0.0;\n"
                      "interface i {\n"
                      "  resource y;\n"
                      "  @unstable(feature = off)\n"
                      "  type gated = u32;\n"
                      "  f: func() -> borrow<y>;\n"
                      "  g: func(x: gated);\n"
                      "  @since(version = 2.0.0)\n"
                      "  h: func();\n"
                      "}\n"
                      "interface m { use x:y/z.{t}; use x:y/w.{u}; }\n"),
                 WIT_EINPUT);
    cr_assert(has_error("package 'x:y' not found. known packages:\n    a:b@1.0.0", 11, 19));
    cr_assert(has_error("function `f` returns a type which contains a `borrow<T>`", 6, 3));
    cr_assert(has_error("found a reference to a type which is excluded", 7, 3));
    cr_assert(has_error("feature gate cannot reference unreleased version 2.0.0", 9, 3));
    cr_assert_eq(S.diags.n, 4); /* the missing package once, though two uses name it */
}

Test(resolve, test_resolve__messages_and_locations)
{
    cr_assert_eq(load("package a:b;\n"
                      "interface i {\n"
                      "  record r { x: u32 }\n"
                      "  f: func(h: borrow<r>);\n"
                      "}\n"),
                 WIT_EINPUT);
    cr_assert(has_error("type `r` used in a handle must be a resource", 4, 21));
}

Test(resolve, test_resolve__return_borrow_rejected)
{
    cr_assert_eq(load("package a:b;\n"
                      "interface i {\n"
                      "  resource y;\n"
                      "  x: func(a: borrow<y>) -> option<borrow<y>>;\n"
                      "}\n"),
                 WIT_EINPUT);
    cr_assert(has_error("function `x` returns a type which contains a `borrow<T>` which is not supported", 4, 3));
}

Test(resolve, test_resolve__cycles)
{
    cr_assert_eq(load("package a:b;\n"
                      "interface i { type a = b; type b = a; }\n"),
                 WIT_EINPUT);
    cr_assert(has_error("depends on itself", 0, 0));
}

Test(resolve, test_resolve__use_cycle)
{
    cr_assert_eq(load("package a:b;\n"
                      "interface x { use y.{t}; }\n"
                      "interface y { use x.{t}; }\n"),
                 WIT_EINPUT);
    cr_assert(has_error("interface or world `", 0, 0));
    cr_assert(has_error("depends on itself", 0, 0));
}

Test(resolve, test_resolve__unstable_items_vanish_unless_enabled)
{
    const char *src = "package a:b@1.0.0;\n"
                      "interface i {\n"
                      "  @unstable(feature = fancy)\n"
                      "  f: func();\n"
                      "  @since(version = 1.0.0)\n"
                      "  g: func();\n"
                      "}\n";
    cr_assert_eq(load(src), WIT_OK);
    cr_assert_eq(iface("i")->nfuncs, 1);
    cr_assert_str_eq(iface("i")->funcs[0].name, "g");
    cr_assert_eq(iface("i")->funcs[0].stability.kind, WIT_STAB_STABLE);
    wit_session_free(&S);
    cr_assert_eq(wit_session_init(&S), 0);
    cr_assert_eq(wit_session_enable_feature(&S, "fancy"), 0);
    cr_assert_eq(load(src), WIT_OK);
    cr_assert_eq(iface("i")->nfuncs, 2);
    cr_assert_str_eq(iface("i")->funcs[0].stability.feature, "fancy");
}

Test(resolve, test_resolve__gated_reference_is_an_error)
{
    cr_assert_eq(load("package a:b;\n"
                      "interface i {\n"
                      "  @unstable(feature = off)\n"
                      "  type t = u32;\n"
                      "  f: func(x: t);\n"
                      "}\n"),
                 WIT_EINPUT);
    cr_assert(has_error("found a reference to a type which is excluded due to its feature not being activated", 5,
                        3));
}

Test(resolve, test_resolve__since_needs_released_version)
{
    cr_assert_eq(load("package a:b@0.1.0;\n"
                      "@since(version = 0.2.0)\n"
                      "interface i {}\n"),
                 WIT_EINPUT);
    cr_assert(has_error("feature gate cannot reference unreleased version 0.2.0 of package [a:b@0.1.0] (current "
                        "version 0.1.0)",
                        3, 11));
    wit_session_free(&S);
    cr_assert_eq(wit_session_init(&S), 0);
    cr_assert_eq(load("package a:b;\n@since(version = 0.2.0)\ninterface i {}\n"), WIT_EINPUT);
    cr_assert(has_error("package [a:b] contains a feature gate with a version specifier, so it must have a version",
                        0, 0));
}

Test(resolve, test_resolve__nested_packages_ordered_by_dependency)
{
    cr_assert_eq(load("package z:root;\n"
                      "package z:app { interface a { use a:dep/d.{t}; } }\n"
                      "package a:dep { interface d { type t = u8; } }\n"),
                 WIT_OK);
    const wit_resolve *r = &S.resolve;
    cr_assert_eq(r->npackages, 3);
    cr_assert_str_eq(r->packages[0].name.ns, "a");
    cr_assert_str_eq(r->packages[1].name.name, "app");
    cr_assert_str_eq(r->packages[R].name.name, "root");
    /* the use is an alias to the dependency's type */
    const wit_iface *a = iface("a");
    const wit_typedef *t = &r->types[tid(a, "t")];
    cr_assert_eq(t->kind, WIT_TD_ALIAS);
    wit_type base = wit_type_dealias(r, t->u.elem);
    cr_assert_eq(base.prim, WIT_TYPE_ID);
    cr_assert_eq(r->types[base.id].u.elem.prim, WIT_U8);
    cr_assert_str_eq(wit_prim_name(WIT_U8), "u8");
    cr_assert_str_eq(wit_prim_name(WIT_ERROR_CONTEXT), "error-context");
}

Test(resolve, test_resolve__missing_and_cyclic_packages)
{
    cr_assert_eq(load("package z:root;\n"
                      "package a:one@1.0.0 { interface i { use b:two/j.{t}; } }\n"
                      "interface k { use c:three/x.{y}; }\n"),
                 WIT_EINPUT);
    cr_assert(has_error("package 'b:two' not found. known packages:", 2, 41));
    cr_assert(has_error("package 'c:three' not found. known packages:\n    a:one@1.0.0", 0, 0) ||
              has_error("package 'c:three' not found", 3, 19));
    wit_session_free(&S);
    cr_assert_eq(wit_session_init(&S), 0);
    cr_assert_eq(load("package z:root;\n"
                      "package a:x { interface i { use a:y/i.{}; } }\n"
                      "package a:y { interface i { use a:x/i.{}; } }\n"),
                 WIT_EINPUT);
    cr_assert(has_error("creates a dependency cycle", 0, 0));
}

Test(resolve, test_resolve__include_with_rename)
{
    cr_assert_eq(load("package a:b;\n"
                      "world base { import f: func(); export g: func(); }\n"
                      "world top { include base with { f as h } }\n"),
                 WIT_OK);
    const wit_world *w = &S.resolve.worlds[1];
    cr_assert_str_eq(w->name, "top");
    cr_assert_eq(w->nimports, 1);
    cr_assert_str_eq(w->imports[0].key.name, "h");
    cr_assert_str_eq(w->imports[0].func.name, "h");
    cr_assert_eq(w->nexports, 1);
}

Test(resolve, test_resolve__case_insensitive_world_names)
{
    cr_assert_eq(load("package a:b;\n"
                      "world w { export get-user: func(); export GET-USER: func(); }\n"),
                 WIT_EINPUT);
    cr_assert(has_error("(kebab-case identifiers are case-insensitive)", 0, 0));
}

static const wit_diag *find_diag(const char *msg)
{
    for (size_t i = 0; i < S.diags.n; i++)
        if (strstr(S.diags.items[i].message, msg))
            return &S.diags.items[i];
    return NULL;
}

Test(resolve, test_resolve__notes_explain)
{
    /* a:app fails while appending, a:root already in phase one: both are reported */
    cr_assert_eq(load("package a:root;\n"
                      "package wasi:io@0.2.1 { interface streams { type s = u8; } }\n"
                      "package a:app { interface x { use wasi:io/streams@0.2.0.{s}; } }\n"
                      "interface y { type t = u8; type t = u16; }\n"),
                 WIT_EINPUT);
    const wit_diag *d = find_diag("package 'wasi:io@0.2.0' not found");
    cr_assert_not_null(d);
    cr_assert_not_null(d->note);
    cr_assert(strstr(d->note, "`wasi:io@0.2.1`"));
    d = find_diag("name `t` is defined more than once");
    cr_assert_not_null(d);
    cr_assert_not_null(d->note);
    uint32_t l = 0, col = 0;
    cr_assert(wit_srcmap_locate(&S.srcmap, d->note_span.start, &l, &col));
    cr_assert_eq(l, 4);
    cr_assert_eq(col, 20);
}

Test(resolve, test_resolve__typos_get_suggestions)
{
    cr_assert_eq(load("package a:b;\n"
                      "interface types { type handle = u32; record rec { h: handel } }\n"
                      "interface api { use typs.{handle}; }\n"
                      "world w { import apy; }\n"),
                 WIT_EINPUT);
    const wit_diag *d = find_diag("type `handel` does not exist");
    cr_assert(d && d->note && strcmp(d->note, "did you mean `handle`?") == 0);
    d = find_diag("interface or world `typs` does not exist");
    cr_assert(d && d->note && strcmp(d->note, "did you mean `types`?") == 0);
    d = find_diag("interface or world `apy` does not exist");
    cr_assert(d && d->note && strcmp(d->note, "did you mean `api`?") == 0);
    cr_assert_eq(S.diags.n, 3);
}

Test(resolve, test_resolve__second_load_sees_the_first)
{
    const char *dep = "package a:dep;\ninterface d { resource r; type t = u8; f: func() -> r; }\n";
    const char *app = "package a:app;\ninterface x { use a:dep/d.{t, r}; g: func(a: t) -> r; }\n";
    cr_assert_eq(wit_load_source(&S, "dep.wit", dep, strlen(dep), &R), WIT_OK);
    cr_assert_eq(wit_load_source(&S, "app.wit", app, strlen(app), &R), WIT_OK);
    cr_assert_eq(S.resolve.npackages, 2);
    cr_assert_eq(R, 1);
    const wit_typedef *t = &S.resolve.types[tid(iface("x"), "t")];
    cr_assert_eq(t->kind, WIT_TD_ALIAS);
    cr_assert_eq(S.resolve.types[t->u.elem.id].owner.id, 0);
    cr_assert_eq(wit_load_source(&S, "dep2.wit", dep, strlen(dep), &R), WIT_EINPUT);
    cr_assert(has_error("package `a:dep` is already loaded in this session", 1, 9));
}

Test(resolve, test_resolve__one_interface_under_two_names)
{
    cr_assert_eq(load("package a:b;\n"
                      "interface store { get: func() -> u32; }\n"
                      "world w { export primary: store; export backup: store; import cache: store; }\n"),
                 WIT_OK);
    const wit_world *w = &S.resolve.worlds[0];
    cr_assert_eq(w->nexports, 2);
    cr_assert_str_eq(w->exports[0].key.name, "primary");
    cr_assert_str_eq(w->exports[1].key.name, "backup");
    cr_assert_eq(w->exports[0].id, w->exports[1].id);
    cr_assert_eq(w->nimports, 1);
    cr_assert_str_eq(w->imports[0].key.name, "cache");
}

/* A `use` chain far longer than any C stack allows to recurse over. */
Test(resolve, test_resolve__long_use_chain_elaborates_fully)
{
    enum { N = 20000 };
    wit_buf b = WIT_BUF_INIT;
    wit_buf_puts(&b, "package a:chain;\ninterface i0 { type t = u32; }\n");
    for (int i = 1; i < N; i++)
        wit_buf_printf(&b, "interface i%d { use i%d.{t}; }\n", i, i - 1);
    wit_buf_printf(&b, "world w { export i%d; }\n", N - 1);
    cr_assert_not(b.oom);
    int rc = wit_load_source(&S, "chain.wit", b.data, b.len, &R);
    wit_buf_free(&b);
    cr_assert_eq(rc, WIT_OK);
    const wit_world *w = &S.resolve.worlds[0];
    cr_assert_eq(w->nexports, 1);
    cr_assert_eq(w->nimports, N - 1);
    /* dependencies first: i0 is the first import */
    cr_assert_str_eq(S.resolve.ifaces[w->imports[0].id].name, "i0");
}

/* Packages are resolved and appended one at a time in dependency order, yet diagnostics
 * come in wit-parser's order: every package's phase-one errors, then the appends'. */
Test(resolve, test_resolve__diagnostics_keep_the_phase_order)
{
    cr_assert_eq(load("package z:root;\n"
                      "package c:dep { interface d { type t = u8; } }\n"
                      "package a:x { world w { include c:dep/nothere; } }\n"
                      "package b:y { interface k { type bad = undefined-thing; } }\n"),
                 WIT_EINPUT);
    cr_assert_eq(S.diags.n, 2);
    cr_assert(has_error("type `undefined-thing` does not exist", 4, 40));
    cr_assert(strstr(S.diags.items[0].message, "undefined-thing"));
    cr_assert(strstr(S.diags.items[1].message, "'nothere' not found"));
}

/* A dependency cycle means nothing is appended: the error of a package appended before the
 * walk found the cycle is dropped; every package's phase-one errors still come first. */
Test(resolve, test_resolve__cycle_reports_no_append_errors)
{
    cr_assert_eq(load("package z:root;\n"
                      "package a:aaa { interface i { resource r; f: func() -> borrow<r>; } }\n"
                      "package b:x { interface i { use c:y/j.{t}; type u = u8; } }\n"
                      "package c:y { interface j { use b:x/i.{u}; type t = u8; } }\n"
                      "package d:z { interface k { type bad = nope; } }\n"),
                 WIT_EINPUT);
    cr_assert_eq(S.diags.n, 2);
    cr_assert(strstr(S.diags.items[0].message, "`nope` does not exist"));
    cr_assert(strstr(S.diags.items[1].message, "creates a dependency cycle"));
    cr_assert_eq(S.resolve.npackages, 0);
}

/* Every allocation failing in turn: an error code, never a crash or a leak. */
Test(resolve, test_resolve__allocation_failures)
{
    const char *src = "package a:b@1.0.0;\n"
                      "interface base { resource r { constructor(); m: func() -> list<r>; } type t = u32; }\n"
                      "interface api { use base.{t, r}; f: func(x: t, y: borrow<r>) -> result<r, string>; }\n"
                      "world w { export api; include other with { q as z } }\n"
                      "world other { import q: func(); }\n";
    bool ok_seen = false;
    for (unsigned long n = 1; n < 20000 && !ok_seen; n++) {
        wit_session_free(&S);
        cr_assert_eq(wit_session_init(&S), 0);
        wit_alloc_fail_after(n);
        int rc = load(src);
        wit_alloc_fail_after(0);
        cr_assert(rc == WIT_OK || rc == WIT_ENOMEM || rc == WIT_EINPUT, "rc %d at n=%lu", rc, n);
        /* a failed allocation is never reported as a mistake in the WIT */
        if (rc == WIT_EINPUT)
            cr_assert(S.diags.oom || S.diags.n > 0, "silent EINPUT at n=%lu", n);
        ok_seen = rc == WIT_OK;
    }
    cr_assert(ok_seen);
}
