/* The wasm2c seam end to end: guest_traps.c compiled to wasm32 by clang, turned into C by
 * wasm2c, linked here with hand-written import glue that forwards to libwitrt's lowered WASI
 * entry points (what `witc compile` generates). Each misbehaviour — unreachable, out-of-bounds
 * load, divide by zero, stack exhaustion, a bad pointer or invalid UTF-8 handed to a host
 * import, a dropped handle reused, exit — must come back from wrt_w2c_call as an error value
 * with the right kind, and the same instance (and process) must keep working afterwards. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "guest_traps_w2c.h"
#include "witrt.h"

/* One import instance per imported module name; all point at the same canon context. */
struct Z_testZ3AhostZ2FlogZ400Z2E1Z2E0_instance_t { wrt_cx *cx; };
struct Z_wasiZ3AcliZ2FenvironmentZ400Z2E2Z2E0_instance_t { wrt_cx *cx; };
struct Z_wasiZ3AcliZ2FexitZ400Z2E2Z2E0_instance_t { wrt_cx *cx; };
struct Z_wasiZ3AcliZ2FstdoutZ400Z2E2Z2E0_instance_t { wrt_cx *cx; };
struct Z_wasiZ3AioZ2FstreamsZ400Z2E2Z2E0_instance_t { wrt_cx *cx; };
struct Z_testZ3AhostZ2FthingsZ400Z2E1Z2E0_instance_t { wrt_cx *cx; };

/* A host resource `thing` the guest imports: rep is a pointer to an int. */
static int g_things_dropped;
static void thing_dtor(void *ctx, uintptr_t rep) {
  (void)ctx;
  (void)rep;
  g_things_dropped++;
}
static const wrt_rtype rt_thing = {"thing", thing_dtor, NULL, 1};

u32 Z_testZ3AhostZ2FthingsZ400Z2E1Z2E0Z_Z5BmethodZ5DthingZ2Evalue(struct Z_testZ3AhostZ2FthingsZ400Z2E1Z2E0_instance_t *i, u32 h) {
  wrt_check_may_leave(i->cx->inst);
  return (u32)*(const int *)wrt_handle_rep(&i->cx->inst->handles, &rt_thing, h); /* borrow<thing> */
}
void Z_testZ3AhostZ2FthingsZ400Z2E1Z2E0Z_Z5BresourceZ2DdropZ5Dthing(struct Z_testZ3AhostZ2FthingsZ400Z2E1Z2E0_instance_t *i, u32 h) {
  wrt_check_may_leave(i->cx->inst);
  wrt_handle_drop(&i->cx->inst->handles, &rt_thing, h);
}

static char g_logged[64];

void Z_testZ3AhostZ2FlogZ400Z2E1Z2E0Z_log(struct Z_testZ3AhostZ2FlogZ400Z2E1Z2E0_instance_t *i, u32 p, u32 l) {
  wrt_check_may_leave(i->cx->inst);
  wrt_memory_refresh(i->cx->mem);
  wrt_str s = wrt_lift_string(i->cx, p, l);
  snprintf(g_logged, sizeof g_logged, "%.*s", (int)s.len, s.data);
  wrt_str_free(&s);
}
void Z_wasiZ3AcliZ2FenvironmentZ400Z2E2Z2E0Z_getZ2Darguments(struct Z_wasiZ3AcliZ2FenvironmentZ400Z2E2Z2E0_instance_t *i, u32 ret) {
  wrt_lower_wasi_cli_environment__get_arguments(i->cx, ret);
}
void Z_wasiZ3AcliZ2FexitZ400Z2E2Z2E0Z_exit(struct Z_wasiZ3AcliZ2FexitZ400Z2E2Z2E0_instance_t *i, u32 status) {
  wrt_lower_wasi_cli_exit__exit(i->cx, status);
}
u32 Z_wasiZ3AcliZ2FstdoutZ400Z2E2Z2E0Z_getZ2Dstdout(struct Z_wasiZ3AcliZ2FstdoutZ400Z2E2Z2E0_instance_t *i) {
  return wrt_lower_wasi_cli_stdout__get_stdout(i->cx);
}
void Z_wasiZ3AioZ2FstreamsZ400Z2E2Z2E0Z_Z5BmethodZ5DoutputZ2DstreamZ2EblockingZ2DwriteZ2DandZ2Dflush(
    struct Z_wasiZ3AioZ2FstreamsZ400Z2E2Z2E0_instance_t *i, u32 self, u32 ptr, u32 len, u32 ret) {
  /* bound through the lookup table, as generated wiring may do */
  typedef void (*fn4)(wrt_cx *, u32, u32, u32, u32);
  static fn4 f;
  if (!f)
    f = (fn4)wrt_wasi_lookup("wasi:io/streams@0.2.0", "[method]output-stream.blocking-write-and-flush")->fn;
  f(i->cx, self, ptr, len, ret);
}
void Z_wasiZ3AioZ2FstreamsZ400Z2E2Z2E0Z_Z5BresourceZ2DdropZ5DoutputZ2Dstream(struct Z_wasiZ3AioZ2FstreamsZ400Z2E2Z2E0_instance_t *i, u32 h) {
  wrt_lower_wasi_io_streams__resource_drop_output_stream(i->cx, h);
}

/* The embedder's state: one core instance, one component instance, one WASI context. */
static Z_guest_instance_t g_core;
static wrt_memory g_mem;
static wrt_instance g_inst;
static wrt_cx g_cx;
static wrt_wasi *g_wasi;
static wrt_obj *g_out;
static struct Z_testZ3AhostZ2FlogZ400Z2E1Z2E0_instance_t g_i_log = {&g_cx};
static struct Z_wasiZ3AcliZ2FenvironmentZ400Z2E2Z2E0_instance_t g_i_env = {&g_cx};
static struct Z_wasiZ3AcliZ2FexitZ400Z2E2Z2E0_instance_t g_i_exit = {&g_cx};
static struct Z_wasiZ3AcliZ2FstdoutZ400Z2E2Z2E0_instance_t g_i_stdout = {&g_cx};
static struct Z_wasiZ3AioZ2FstreamsZ400Z2E2Z2E0_instance_t g_i_streams = {&g_cx};
static struct Z_testZ3AhostZ2FthingsZ400Z2E1Z2E0_instance_t g_i_things = {&g_cx};

static uint32_t guest_realloc(void *ctx, uint32_t old, uint32_t old_size, uint32_t align, uint32_t size) {
  return Z_guestZ_cabi_realloc(ctx, old, old_size, align, size);
}

static void instantiate(void *arg) {
  (void)arg;
  Z_guest_instantiate(&g_core, &g_i_log, &g_i_things, &g_i_env, &g_i_exit, &g_i_stdout, &g_i_streams);
}

static void setup(void) {
  static const char *const argv[] = {"guest", "one", "two"};
  wrt_wasi_config cfg = {0};
  cfg.argc = 3;
  cfg.argv = argv;
  cr_assert_eq(wrt_output_mem(0, &g_out), 0);
  cfg.stdout_stream = g_out;
  cr_assert_eq(wrt_wasi_new(&cfg, &g_wasi, NULL, 0), 0);
  wrt_w2c_init();
  Z_guest_init_module();
  wrt_error e;
  cr_assert_eq(wrt_w2c_call(instantiate, NULL, &e), 0, "%s", e.message);
  wrt_instance_init(&g_inst, g_wasi);
  wrt_w2c_memory_bind(&g_mem, Z_guestZ_memory(&g_core));
  g_cx.inst = &g_inst;
  g_cx.mem = &g_mem;
  g_cx.realloc = guest_realloc;
  g_cx.realloc_ctx = &g_core;
  g_cx.encoding = WRT_UTF8;
}

static void teardown(void) {
  wrt_instance_fini(&g_inst);
  Z_guest_free(&g_core);
  wrt_wasi_free(g_wasi);
  wrt_obj_release(g_out);
  wrt_w2c_fini();
}

static uint32_t g_result;
static void call_hello(void *a) { (void)a; g_result = Z_guestZ_hello(&g_core); }
static void call_args(void *a) { (void)a; g_result = Z_guestZ_arg_count(&g_core); }
static void call_unreachable(void *a) { (void)a; Z_guestZ_trap_unreachable(&g_core); }
static void call_oob(void *a) { (void)a; g_result = Z_guestZ_trap_oob(&g_core); }
static void call_div(void *a) { (void)a; g_result = Z_guestZ_trap_div(&g_core, 7, 0); }
static void call_overflow(void *a) { (void)a; g_result = Z_guestZ_trap_div(&g_core, 0x80000000u, 0xFFFFFFFFu); }
static void call_recurse(void *a) { (void)a; g_result = Z_guestZ_recurse(&g_core, 0); }
static void call_recurse_shadow(void *a) { (void)a; g_result = Z_guestZ_recurse_shadow(&g_core, 0); }
static void call_bad_pointer(void *a) { (void)a; Z_guestZ_bad_pointer(&g_core); }
static void call_bad_utf8(void *a) { (void)a; Z_guestZ_bad_utf8(&g_core); }
static void call_use_after_drop(void *a) { (void)a; Z_guestZ_use_after_drop(&g_core); }
static void call_exit(void *a) { (void)a; Z_guestZ_do_exit(&g_core, 1); }

static void expect_trap(wrt_thunk fn, wrt_trap_kind kind) {
  wrt_error e;
  cr_assert_eq(wrt_w2c_call(fn, NULL, &e), -1, "expected a %s trap", wrt_trap_kind_name(kind));
  cr_assert_eq(e.kind, kind, "got %s: %s", wrt_trap_kind_name(e.kind), e.message);
  cr_assert_neq(e.message[0], 0);
  wrt_memory_refresh(&g_mem);
  /* the instance still works after the trap */
  wrt_error ok;
  cr_assert_eq(wrt_w2c_call(call_args, NULL, &ok), 0, "after %s: %s", wrt_trap_kind_name(kind), ok.message);
  cr_assert_eq(g_result, 3);
}

Test(wrt_w2c, wasi_calls_through_wasm2c, .init = setup, .fini = teardown) {
  wrt_error e;
  cr_assert_eq(wrt_w2c_call(call_hello, NULL, &e), 0, "%s", e.message);
  cr_assert_eq(g_result, 0);
  size_t n;
  const uint8_t *d = wrt_output_mem_data(g_out, &n);
  cr_assert_eq(n, 18);
  cr_assert(memcmp(d, "hello from wasm2c\n", 18) == 0);
  /* get-arguments lowers a list of strings through the guest's own cabi_realloc */
  cr_assert_eq(wrt_w2c_call(call_args, NULL, &e), 0, "%s", e.message);
  cr_assert_eq(g_result, 3);
  cr_assert_eq(wrt_handles_live(&g_inst.handles), 0);
}

Test(wrt_w2c, every_trap_unwinds_and_the_instance_survives, .init = setup, .fini = teardown) {
  expect_trap(call_unreachable, WRT_TRAP_UNREACHABLE);
  expect_trap(call_oob, WRT_TRAP_OOB);
  expect_trap(call_div, WRT_TRAP_DIV_BY_ZERO);
  expect_trap(call_overflow, WRT_TRAP_INT_OVERFLOW);
  expect_trap(call_bad_pointer, WRT_TRAP_OOB);
  expect_trap(call_bad_utf8, WRT_TRAP_INVALID_UTF8);
  expect_trap(call_use_after_drop, WRT_TRAP_INVALID_HANDLE);
  wrt_error e;
  cr_assert_eq(wrt_w2c_call(call_exit, NULL, &e), -1);
  cr_assert_eq(e.kind, WRT_TRAP_EXIT);
  cr_assert_eq(e.exit_code, 1);
  /* a valid string reaches the host */
  cr_assert_str_eq(g_logged, "");
}

Test(wrt_w2c, stack_exhaustion_is_a_trap, .init = setup, .fini = teardown) {
  expect_trap(call_recurse, WRT_TRAP_EXHAUSTION);
  expect_trap(call_recurse, WRT_TRAP_EXHAUSTION); /* and again: the guard is re-armed */
  expect_trap(call_recurse_shadow, WRT_TRAP_OOB);
}

/* A trap inside a host import that was itself called from wasm2c code, inside a nested
 * wrt_w2c_call, lands in the inner frame; the outer frame is untouched. */
static int g_inner;
static wrt_error g_inner_err;
static void outer(void *a) {
  (void)a;
  g_inner = wrt_w2c_call(call_oob, NULL, &g_inner_err);
  g_result = Z_guestZ_arg_count(&g_core);
}

Test(wrt_w2c, nested_calls, .init = setup, .fini = teardown) {
  wrt_error e;
  cr_assert_eq(wrt_w2c_call(outer, NULL, &e), 0, "%s", e.message);
  cr_assert_eq(g_inner, -1);
  cr_assert_eq(g_inner_err.kind, WRT_TRAP_OOB);
  cr_assert_eq(g_result, 3);
}

Test(wrt_w2c, a_trapped_instance_is_not_entered_again, .init = setup, .fini = teardown) {
  wrt_error e;
  cr_assert_eq(wrt_w2c_enter(&g_inst, call_args, NULL, &e), 0);
  cr_assert_eq(wrt_w2c_enter(&g_inst, call_exit, NULL, &e), -1); /* exit does not poison */
  cr_assert_eq(e.kind, WRT_TRAP_EXIT);
  cr_assert_eq(wrt_w2c_enter(&g_inst, call_args, NULL, &e), 0);
  cr_assert_eq(wrt_w2c_enter(&g_inst, call_oob, NULL, &e), -1);
  cr_assert_eq(e.kind, WRT_TRAP_OOB);
  g_result = 0;
  cr_assert_eq(wrt_w2c_enter(&g_inst, call_args, NULL, &e), -1);
  cr_assert_eq(e.kind, WRT_TRAP_HOST);
  cr_assert_eq(g_result, 0, "the guest must not have run");
}

/* --- canon lift shapes: a string each way with post-return; borrows with a call scope -------- */

typedef struct greet_call { const char *name; size_t len; char out[64]; } greet_call;

static void greet_thunk(void *p) {
  greet_call *c = p;
  uint32_t ptr, len;
  wrt_lower_string(&g_cx, c->name, c->len, &ptr, &len);
  uint32_t ret = Z_guestZ_greet(&g_core, ptr, len);
  wrt_memory_refresh(&g_mem);
  wrt_str s = wrt_lift_string(&g_cx, wrt_load_u32(&g_mem, ret), wrt_load_u32(&g_mem, ret + 4));
  snprintf(c->out, sizeof c->out, "%.*s", (int)s.len, s.data);
  wrt_str_free(&s);
  g_inst.may_leave = 0;
  Z_guestZ_cabi_post_greet(&g_core, ret);
  g_inst.may_leave = 1;
}

static void lift_returned(uint32_t ret) {
  wrt_memory_refresh(&g_mem);
  wrt_str s = wrt_lift_string(&g_cx, wrt_load_u32(&g_mem, ret), wrt_load_u32(&g_mem, ret + 4));
  wrt_str_free(&s);
}
static void call_bad_string(void *a) { (void)a; lift_returned(Z_guestZ_bad_string(&g_core)); }
static void call_bad_utf8_string(void *a) { (void)a; lift_returned(Z_guestZ_bad_utf8_string(&g_core)); }

static int g_thing_value = 42;
typedef struct borrow_call { int keep; uint32_t result; } borrow_call;
static void borrow_thunk(void *p) {
  borrow_call *c = p;
  wrt_scope_enter(&g_inst.handles);
  uint32_t h = wrt_handle_new_borrow(&g_inst.handles, &rt_thing, (uintptr_t)&g_thing_value);
  c->result = c->keep ? Z_guestZ_keep_borrow(&g_core, h) : Z_guestZ_use_borrow(&g_core, h);
  wrt_scope_exit(&g_inst.handles); /* traps if the guest kept the borrow */
}
static void drop_twice_thunk(void *p) {
  (void)p;
  uint32_t h = wrt_handle_new_own(&g_inst.handles, &rt_thing, (uintptr_t)&g_thing_value);
  Z_guestZ_drop_twice(&g_core, h);
}

Test(wrt_w2c, strings_both_ways_and_post_return, .init = setup, .fini = teardown) {
  greet_call c = {"w\xc3\xb6rld \xe2\x9c\x93", 10, ""};
  wrt_error e;
  cr_assert_eq(wrt_w2c_enter(&g_inst, greet_thunk, &c, &e), 0, "%s", e.message);
  cr_assert_str_eq(c.out, "Hello, w\xc3\xb6rld \xe2\x9c\x93!");
  cr_assert_eq(Z_guestZ_post_calls(&g_core), 1);
  cr_assert_eq(wrt_w2c_call(call_bad_string, NULL, &e), -1);
  cr_assert_eq(e.kind, WRT_TRAP_OOB, "%s", e.message);
  cr_assert_eq(wrt_w2c_call(call_bad_utf8_string, NULL, &e), -1);
  cr_assert_eq(e.kind, WRT_TRAP_INVALID_UTF8, "%s", e.message);
}

Test(wrt_w2c, borrows_and_dropped_handles, .init = setup, .fini = teardown) {
  wrt_error e;
  borrow_call ok = {0, 0};
  cr_assert_eq(wrt_w2c_call(borrow_thunk, &ok, &e), 0, "%s", e.message);
  cr_assert_eq(ok.result, 42);
  cr_assert_eq(g_things_dropped, 0); /* dropping a borrow runs no destructor */
  borrow_call keep = {1, 0};
  cr_assert_eq(wrt_w2c_call(borrow_thunk, &keep, &e), -1);
  cr_assert_eq(e.kind, WRT_TRAP_BORROW_OUTLIVED, "%s", e.message);
  cr_assert_eq(keep.result, 42);
  cr_assert_eq(wrt_handles_live(&g_inst.handles), 0);
  cr_assert_eq(wrt_w2c_call(drop_twice_thunk, NULL, &e), -1);
  cr_assert_eq(e.kind, WRT_TRAP_INVALID_HANDLE, "%s", e.message);
  cr_assert_eq(g_things_dropped, 1);
}
