/* Unit tests of libwitrt: traps, checked memory access, strings and lists, handle tables,
 * streams over memory and pipes, poll with timers and fds, the filesystem sandbox, and the
 * lowered WASI entry points driven through a fake guest memory with a bump realloc. */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "witrt.h"

/* --- a fake guest: 64 KiB of memory, a bump allocator as cabi_realloc ---------------------- */

static _Alignas(8) uint8_t g_heap[65536];
static wrt_memory g_mem;
static uint32_t g_bump;
static wrt_instance g_inst;
static wrt_cx g_cx;

static uint32_t bump_realloc(void *ctx, uint32_t old, uint32_t old_size, uint32_t align, uint32_t size) {
  (void)ctx;
  (void)old;
  (void)old_size;
  g_bump = (g_bump + align - 1) & ~(align - 1);
  uint32_t p = g_bump;
  g_bump += size;
  return p;
}

static uint32_t bad_realloc(void *ctx, uint32_t old, uint32_t old_size, uint32_t align, uint32_t size) {
  (void)ctx; (void)old; (void)old_size; (void)align; (void)size;
  return 65530; /* out of bounds for anything over 6 bytes */
}

static void guest_setup(wrt_wasi *w) {
  memset(g_heap, 0, sizeof g_heap);
  wrt_memory_init_fixed(&g_mem, g_heap, sizeof g_heap);
  g_bump = 32768; /* lower half: test data; upper half: realloc */
  wrt_instance_init(&g_inst, w);
  g_cx.inst = &g_inst;
  g_cx.mem = &g_mem;
  g_cx.realloc = bump_realloc;
  g_cx.realloc_ctx = NULL;
  g_cx.encoding = WRT_UTF8;
}

static void guest_teardown(void) { wrt_instance_fini(&g_inst); }

/* Run a block as a guarded call and return the trap kind. */
#define TRAPS(want_, body)                                                  \
  do {                                                                     \
    wrt_error err_;                                                        \
    int rc_ = wrt_call(body, NULL, &err_);                                 \
    cr_assert_eq(rc_, -1, "expected a trap");                              \
    cr_assert_eq(err_.kind, want_, "trap kind %s (%s)", wrt_trap_kind_name(err_.kind), err_.message); \
  } while (0)
#define RUNS(body)                                                         \
  do {                                                                     \
    wrt_error err_;                                                        \
    int rc_ = wrt_call(body, NULL, &err_);                                 \
    cr_assert_eq(rc_, 0, "unexpected trap %s: %s", wrt_trap_kind_name(err_.kind), err_.message); \
  } while (0)

/* --- traps and checked access ------------------------------------------------------------ */

static void t_oob(void *a) { (void)a; wrt_check_range(&g_mem, 65530, 8, 1); }
static void t_unaligned(void *a) { (void)a; (void)wrt_load_u32(&g_mem, 2); }
static void t_wrap(void *a) { (void)a; wrt_check_range(&g_mem, 0xFFFFFFF0u, 0x20, 1); }
static void t_edge_ok(void *a) {
  (void)a;
  wrt_check_range(&g_mem, 65536, 0, 1);
  wrt_store_u64(&g_mem, 65528, 0x1122334455667788ull);
  cr_assert_eq(wrt_load_u64(&g_mem, 65528), 0x1122334455667788ull);
  wrt_store_f32(&g_mem, 100, 1.5f);
  cr_assert_eq(wrt_load_f32(&g_mem, 100), 1.5f);
  wrt_store_i16(&g_mem, 200, -2);
  cr_assert_eq(wrt_load_i16(&g_mem, 200), -2);
  cr_assert_eq(wrt_load_u8(&g_mem, 201), 0xFF);
}
static void t_char(void *a) { (void)a; wrt_lift_char(0xD800); }
static void t_char_big(void *a) { (void)a; wrt_lift_char(0x110000); }
static void t_disc(void *a) { (void)a; wrt_check_discriminant(3, 3); }
static void t_host(void *a) { (void)a; wrt_trap(WRT_TRAP_HOST, "refused %d", 42); }
static void t_exit(void *a) { (void)a; wrt_exit(3); }

Test(wrt_core, checked_access_traps_and_survives) {
  guest_setup(NULL);
  TRAPS(WRT_TRAP_OOB, t_oob);
  TRAPS(WRT_TRAP_UNALIGNED, t_unaligned);
  TRAPS(WRT_TRAP_OOB, t_wrap);
  RUNS(t_edge_ok);
  TRAPS(WRT_TRAP_INVALID_CHAR, t_char);
  TRAPS(WRT_TRAP_INVALID_CHAR, t_char_big);
  TRAPS(WRT_TRAP_INVALID_DISCRIMINANT, t_disc);
  cr_assert_eq(wrt_lift_char(0x1F600), 0x1F600);
  cr_assert_eq(wrt_check_discriminant(2, 3), 2);
  guest_teardown();
}

Test(wrt_core, trap_message_and_exit_status) {
  wrt_error e;
  cr_assert_eq(wrt_call(t_host, NULL, &e), -1);
  cr_assert_eq(e.kind, WRT_TRAP_HOST);
  cr_assert_str_eq(e.message, "refused 42");
  cr_assert_eq(wrt_call(t_exit, NULL, &e), -1);
  cr_assert_eq(e.kind, WRT_TRAP_EXIT);
  cr_assert_eq(e.exit_code, 3);
  cr_assert_str_eq(wrt_trap_kind_name(WRT_TRAP_OOB), "out-of-bounds");
}

static int g_inner_rc;
static wrt_error g_inner_err;
static void t_nested(void *a) {
  (void)a;
  g_inner_rc = wrt_call(t_oob, NULL, &g_inner_err); /* inner trap is caught by the inner frame */
  wrt_trap(WRT_TRAP_UNREACHABLE, "outer");
}

Test(wrt_core, frames_nest) {
  guest_setup(NULL);
  wrt_error e;
  cr_assert_eq(wrt_call(t_nested, NULL, &e), -1);
  cr_assert_eq(g_inner_rc, -1);
  cr_assert_eq(g_inner_err.kind, WRT_TRAP_OOB);
  cr_assert_eq(e.kind, WRT_TRAP_UNREACHABLE);
  cr_assert_str_eq(e.message, "outer");
  guest_teardown();
}

Test(wrt_core, nan_canonicalisation) {
  float f = wrt_lift_f32(__builtin_nanf("0x123"));
  uint32_t b;
  memcpy(&b, &f, 4);
  cr_assert_eq(b, 0x7fc00000u);
  cr_assert_eq(wrt_lift_f64(2.5), 2.5);
}

/* --- strings and lists ------------------------------------------------------------------- */

Test(wrt_core, utf8_validation) {
  cr_assert(wrt_utf8_valid((const uint8_t *)"h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x98\x80", 15));
  cr_assert_not(wrt_utf8_valid((const uint8_t *)"\xc0\xaf", 2));         /* overlong */
  cr_assert_not(wrt_utf8_valid((const uint8_t *)"\xed\xa0\x80", 3));     /* surrogate */
  cr_assert_not(wrt_utf8_valid((const uint8_t *)"\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
  cr_assert_not(wrt_utf8_valid((const uint8_t *)"\xe2\x9c", 2));         /* truncated */
  cr_assert_not(wrt_utf8_valid((const uint8_t *)"\x80", 1));             /* stray continuation */
  cr_assert_not(wrt_utf8_valid((const uint8_t *)"\xff", 1));
  cr_assert(wrt_utf8_valid((const uint8_t *)"", 0));
}

static void t_bad_utf8(void *a) { (void)a; memcpy(g_heap + 10, "ab\xff", 3); wrt_lift_string(&g_cx, 10, 3); }
static void t_str_oob(void *a) { (void)a; wrt_lift_string(&g_cx, 65000, 1000); }
static void t_str_long(void *a) { (void)a; wrt_lift_string(&g_cx, 0, 0x10000000u); }
static void t_utf16_lone(void *a) {
  (void)a;
  uint16_t u[2] = {0xD800, 'x'};
  memcpy(g_heap + 64, u, 4);
  wrt_cx cx = g_cx;
  cx.encoding = WRT_UTF16;
  wrt_lift_string(&cx, 64, 2);
}
static void t_utf16_misaligned(void *a) { (void)a; wrt_cx cx = g_cx; cx.encoding = WRT_UTF16; wrt_lift_string(&cx, 65, 1); }
static void t_str_ok(void *a) {
  (void)a;
  memcpy(g_heap + 10, "h\xc3\xa9", 3);
  wrt_str s = wrt_lift_string(&g_cx, 10, 3);
  cr_assert_eq(s.len, 3);
  cr_assert_eq(s.owned, 0);
  cr_assert(memcmp(s.data, "h\xc3\xa9", 3) == 0);
  /* UTF-16 with a surrogate pair → UTF-8 */
  uint16_t u[3] = {'a', 0xD83D, 0xDE00};
  memcpy(g_heap + 64, u, 6);
  wrt_cx cx = g_cx;
  cx.encoding = WRT_UTF16;
  s = wrt_lift_string(&cx, 64, 3);
  cr_assert_eq(s.len, 5);
  cr_assert(memcmp(s.data, "a\xf0\x9f\x98\x80", 5) == 0);
  wrt_str_free(&s);
  /* latin1+utf16: Latin-1 when bit 31 is clear */
  cx.encoding = WRT_LATIN1_UTF16;
  g_heap[128] = 0xE9;
  s = wrt_lift_string(&cx, 128, 1);
  cr_assert_eq(s.len, 2);
  cr_assert(memcmp(s.data, "\xc3\xa9", 2) == 0);
  wrt_str_free(&s);
  s = wrt_lift_string(&cx, 64, 0x80000001u);
  cr_assert_eq(s.len, 1);
  cr_assert_eq(s.data[0], 'a');
  wrt_str_free(&s);
  /* lowering: UTF-8 copy, UTF-16 transcode, Latin-1 compaction */
  uint32_t p, l;
  wrt_lower_string(&g_cx, "h\xc3\xa9", 3, &p, &l);
  cr_assert_eq(l, 3);
  cr_assert(memcmp(g_heap + p, "h\xc3\xa9", 3) == 0);
  cx.encoding = WRT_UTF16;
  wrt_lower_string(&cx, "a\xf0\x9f\x98\x80", 5, &p, &l);
  cr_assert_eq(l, 3);
  cr_assert_eq(p % 2, 0);
  cr_assert(memcmp(g_heap + p, u, 6) == 0);
  cx.encoding = WRT_LATIN1_UTF16;
  wrt_lower_string(&cx, "h\xc3\xa9", 3, &p, &l);
  cr_assert_eq(l, 2);
  cr_assert_eq(g_heap[p + 1], 0xE9);
  wrt_lower_string(&cx, "\xe2\x9c\x93", 3, &p, &l);
  cr_assert_eq(l, 0x80000001u);
}
static void t_list_overflow(void *a) { (void)a; wrt_lift_list(&g_mem, 0, 0x40000000u, 8, 8); }
static void t_list_oob(void *a) { (void)a; wrt_lift_list(&g_mem, 65000, 100, 8, 8); }
static void t_list_alloc_overflow(void *a) { (void)a; wrt_alloc_list(&g_cx, 0x20000000u, 16, 4); }
static void t_bad_realloc(void *a) { (void)a; wrt_cx cx = g_cx; cx.realloc = bad_realloc; wrt_lower_bytes(&cx, "0123456789", 10, 1, 1); }
static void t_no_realloc(void *a) { (void)a; wrt_cx cx = g_cx; cx.realloc = NULL; wrt_alloc_list(&cx, 1, 1, 1); }
static void t_list_ok(void *a) {
  (void)a;
  uint32_t xs[3] = {1, 2, 3};
  uint32_t p = wrt_lower_bytes(&g_cx, xs, 3, 4, 4);
  cr_assert_eq(p % 4, 0);
  uint8_t *h = wrt_lift_list(&g_mem, p, 3, 4, 4);
  cr_assert(memcmp(h, xs, 12) == 0);
}

Test(wrt_core, strings_and_lists) {
  guest_setup(NULL);
  TRAPS(WRT_TRAP_INVALID_UTF8, t_bad_utf8);
  TRAPS(WRT_TRAP_OOB, t_str_oob);
  TRAPS(WRT_TRAP_LENGTH, t_str_long);
  TRAPS(WRT_TRAP_INVALID_UTF8, t_utf16_lone);
  TRAPS(WRT_TRAP_UNALIGNED, t_utf16_misaligned);
  RUNS(t_str_ok);
  TRAPS(WRT_TRAP_LENGTH, t_list_overflow);
  TRAPS(WRT_TRAP_OOB, t_list_oob);
  TRAPS(WRT_TRAP_LENGTH, t_list_alloc_overflow);
  TRAPS(WRT_TRAP_REALLOC, t_bad_realloc);
  TRAPS(WRT_TRAP_REALLOC, t_no_realloc);
  RUNS(t_list_ok);
  guest_teardown();
}

/* --- handle tables ----------------------------------------------------------------------- */

static int g_dtor_calls;
static uintptr_t g_dtor_rep;
static void count_dtor(void *ctx, uintptr_t rep) { (void)ctx; g_dtor_calls++; g_dtor_rep = rep; }
static const wrt_rtype rt_a = {"a", count_dtor, NULL, 0};
static const wrt_rtype rt_b = {"b", NULL, NULL, 0};
static wrt_handles g_t;

static void t_h_zero(void *a) { (void)a; wrt_handle_rep(&g_t, &rt_a, 0); }
static void t_h_range(void *a) { (void)a; wrt_handle_rep(&g_t, &rt_a, 999); }
static void t_h_type(void *a) { (void)a; wrt_handle_rep(&g_t, &rt_b, 1); }
static void t_h_lent_drop(void *a) { (void)a; wrt_handle_drop(&g_t, &rt_a, 1); }
static void t_h_lent_take(void *a) { (void)a; wrt_handle_take_own(&g_t, &rt_a, 1); }
static uint32_t g_b;
static void t_h_borrow_outlives(void *a) {
  (void)a;
  wrt_scope_enter(&g_t);
  g_b = wrt_handle_new_borrow(&g_t, &rt_b, 77);
  wrt_scope_exit(&g_t);
}
static void t_h_stale_borrow(void *a) { (void)a; wrt_handle_rep(&g_t, &rt_b, g_b); }
static void t_h_take_borrow(void *a) {
  (void)a;
  wrt_scope_enter(&g_t);
  uint32_t b = wrt_handle_new_borrow(&g_t, &rt_b, 5);
  wrt_handle_take_own(&g_t, &rt_b, b);
}
static void t_h_no_scope(void *a) { (void)a; wrt_handle_new_borrow(&g_t, &rt_b, 1); }
static void t_h_double_drop(void *a) { (void)a; wrt_handle_drop(&g_t, &rt_a, 2); }

static void t_h_ok(void *a) {
  (void)a;
  int base = g_dtor_calls;
  uint32_t h1 = wrt_handle_new_own(&g_t, &rt_a, 100);
  uint32_t h2 = wrt_handle_new_own(&g_t, &rt_a, 200);
  uint32_t h3 = wrt_handle_new_own(&g_t, &rt_b, 300);
  cr_assert_eq(h1, 1);
  cr_assert_eq(h2, 2);
  cr_assert_eq(h3, 3);
  cr_assert_eq(wrt_handle_rep(&g_t, &rt_a, h2), 200);
  wrt_handle_drop(&g_t, &rt_a, h2);
  cr_assert_eq(g_dtor_calls, base + 1);
  cr_assert_eq(g_dtor_rep, 200);
  /* the freed slot is reused */
  uint32_t h4 = wrt_handle_new_own(&g_t, &rt_a, 400);
  cr_assert_eq(h4, 2);
  /* take_own moves without running the dtor */
  cr_assert_eq(wrt_handle_take_own(&g_t, &rt_a, h4), 400);
  cr_assert_eq(g_dtor_calls, base + 1);
  /* lend: the own handle cannot be dropped until unlent */
  cr_assert_eq(wrt_handle_lend(&g_t, &rt_a, h1), 100);
  /* borrow scope: borrows dropped in time are fine */
  wrt_scope_enter(&g_t);
  uint32_t b = wrt_handle_new_borrow(&g_t, &rt_b, 55);
  cr_assert_eq(wrt_handle_rep(&g_t, &rt_b, b), 55);
  wrt_scope_enter(&g_t);
  uint32_t b2 = wrt_handle_new_borrow(&g_t, &rt_b, 56);
  wrt_handle_drop(&g_t, &rt_b, b2);
  wrt_scope_exit(&g_t);
  wrt_handle_drop(&g_t, &rt_b, b);
  wrt_scope_exit(&g_t);
  cr_assert_eq(wrt_handles_live(&g_t), 2);
}
static void t_h_unlend_drop(void *a) {
  (void)a;
  wrt_handle_unlend(&g_t, 1);
  wrt_handle_drop(&g_t, &rt_a, 1);
}

Test(wrt_handles, reuse_lend_borrow_scopes) {
  wrt_handles_init(&g_t);
  g_dtor_calls = 0;
  RUNS(t_h_ok);
  TRAPS(WRT_TRAP_INVALID_HANDLE, t_h_zero);
  TRAPS(WRT_TRAP_INVALID_HANDLE, t_h_range);
  TRAPS(WRT_TRAP_INVALID_HANDLE, t_h_type);
  TRAPS(WRT_TRAP_HANDLE_LENT, t_h_lent_drop);
  TRAPS(WRT_TRAP_HANDLE_LENT, t_h_lent_take);
  TRAPS(WRT_TRAP_BORROW_OUTLIVED, t_h_borrow_outlives);
  TRAPS(WRT_TRAP_INVALID_HANDLE, t_h_stale_borrow);
  TRAPS(WRT_TRAP_INVALID_HANDLE, t_h_take_borrow);
  wrt_handles_free(&g_t);
  wrt_handles_init(&g_t);
  TRAPS(WRT_TRAP_HOST, t_h_no_scope);
  wrt_handles_free(&g_t);
  wrt_handles_init(&g_t);
  RUNS(t_h_ok);
  RUNS(t_h_unlend_drop);
  TRAPS(WRT_TRAP_INVALID_HANDLE, t_h_double_drop); /* slot 2 was taken, then is free */
  cr_assert_eq(g_dtor_calls, 3);
  wrt_handles_free(&g_t);
}

static int g_host_dtor;
static void host_dtor(void *ctx, uintptr_t rep) { (void)ctx; (void)rep; g_host_dtor++; }
static const wrt_rtype rt_host = {"h", host_dtor, NULL, 1};

Test(wrt_handles, free_runs_host_dtors_only) {
  wrt_handles t;
  wrt_handles_init(&t);
  g_dtor_calls = 0;
  g_host_dtor = 0;
  wrt_handle_new_own(&t, &rt_host, 1);
  wrt_handle_new_own(&t, &rt_host, 2);
  wrt_handle_new_own(&t, &rt_a, 3);
  wrt_handles_free(&t);
  cr_assert_eq(g_host_dtor, 2);
  cr_assert_eq(g_dtor_calls, 0);
}

/* --- streams and poll -------------------------------------------------------------------- */

Test(wrt_io, memory_streams) {
  wrt_obj *in, *out;
  char buf[16];
  size_t n;
  int err = 0;
  cr_assert_eq(wrt_input_mem("hello world", 11, &in), 0);
  cr_assert_eq(wrt_input_read(in, buf, 5, 0, &n, &err), WRT_IO_OK);
  cr_assert_eq(n, 5);
  cr_assert(memcmp(buf, "hello", 5) == 0);
  uint64_t sk;
  cr_assert_eq(wrt_input_skip(in, 1, 0, &sk, &err), WRT_IO_OK);
  cr_assert_eq(sk, 1);
  cr_assert_eq(wrt_output_mem(8, &out), 0);
  uint64_t moved;
  cr_assert_eq(wrt_output_splice(out, in, 100, 1, &moved, &err), WRT_IO_OK);
  cr_assert_eq(moved, 5);
  cr_assert_eq(wrt_input_read(in, buf, 5, 1, &n, &err), WRT_IO_CLOSED);
  uint64_t permit;
  cr_assert_eq(wrt_output_check_write(out, &permit, &err), WRT_IO_OK);
  cr_assert_eq(permit, 3);
  cr_assert_eq(wrt_output_write(out, "abcd", 4, &err), WRT_IO_FAILED); /* over the limit */
  cr_assert_eq(err, ENOSPC);
  size_t len;
  const uint8_t *d = wrt_output_mem_data(out, &len);
  cr_assert_eq(len, 5);
  cr_assert(memcmp(d, "world", 5) == 0);
  wrt_stream_close(out);
  cr_assert_eq(wrt_output_write(out, "x", 1, &err), WRT_IO_CLOSED);
  wrt_obj_release(in);
  wrt_obj_release(out);
}

Test(wrt_io, pipe_streams_and_poll) {
  int fds[2];
  cr_assert_eq(pipe(fds), 0);
  wrt_obj *in, *out, *pin, *timer;
  cr_assert_eq(wrt_input_fd(fds[0], 1, &in), 0);
  cr_assert_eq(wrt_output_fd(fds[1], 1, &out), 0);
  cr_assert_eq(wrt_pollable_for_stream(in, &pin), 0);
  char buf[8];
  size_t n = 99;
  int err = 0;
  /* nothing written yet: a non-blocking read returns 0 bytes, the pollable is not ready */
  cr_assert_eq(wrt_input_read(in, buf, sizeof buf, 0, &n, &err), WRT_IO_OK);
  cr_assert_eq(n, 0);
  cr_assert_eq(wrt_pollable_ready(pin), 0);
  /* poll with a 20 ms timer: the timer fires first */
  cr_assert_eq(wrt_pollable_timer(wrt_monotonic_now() + 20000000ull, &timer), 0);
  wrt_obj *ps[2] = {pin, timer};
  uint8_t ready[2];
  uint64_t t0 = wrt_monotonic_now();
  cr_assert_eq(wrt_poll(ps, 2, ready), 1);
  cr_assert(wrt_monotonic_now() - t0 >= 19000000ull);
  cr_assert_eq(ready[0], 0);
  cr_assert_eq(ready[1], 1);
  /* data arrives: the fd is ready */
  cr_assert_eq(wrt_output_write(out, "ping", 4, &err), WRT_IO_OK);
  cr_assert_eq(wrt_poll(ps, 2, ready), 2);
  cr_assert_eq(ready[0], 1);
  cr_assert_eq(wrt_input_read(in, buf, sizeof buf, 1, &n, &err), WRT_IO_OK);
  cr_assert_eq(n, 4);
  cr_assert(memcmp(buf, "ping", 4) == 0);
  /* writer gone: end of stream is CLOSED */
  wrt_obj_release(out);
  cr_assert_eq(wrt_input_read(in, buf, sizeof buf, 1, &n, &err), WRT_IO_CLOSED);
  wrt_obj_release(pin);
  wrt_obj_release(timer);
  wrt_obj_release(in);
}

Test(wrt_io, write_to_closed_pipe_is_closed) {
  int fds[2];
  cr_assert_eq(pipe(fds), 0);
  close(fds[0]);
  signal(SIGPIPE, SIG_IGN);
  wrt_obj *out;
  int err = 0;
  cr_assert_eq(wrt_output_fd(fds[1], 1, &out), 0);
  cr_assert_eq(wrt_output_write(out, "x", 1, &err), WRT_IO_CLOSED);
  wrt_obj_release(out);
}

/* --- filesystem sandbox ------------------------------------------------------------------ */

static char g_root[256];

static void mk_tree(void) {
  char p[512];
  strcpy(g_root, "/tmp/wrt-fs-XXXXXX");
  cr_assert_not_null(mkdtemp(g_root));
  snprintf(p, sizeof p, "%s/box", g_root);
  mkdir(p, 0755);
  snprintf(p, sizeof p, "%s/box/sub", g_root);
  mkdir(p, 0755);
  snprintf(p, sizeof p, "%s/secret.txt", g_root);
  FILE *f = fopen(p, "w");
  fputs("secret", f);
  fclose(f);
  snprintf(p, sizeof p, "%s/box/hello.txt", g_root);
  f = fopen(p, "w");
  fputs("hello", f);
  fclose(f);
  snprintf(p, sizeof p, "%s/box/out-abs", g_root);
  symlink("/etc/passwd", p);
  snprintf(p, sizeof p, "%s/box/out-rel", g_root);
  symlink("../secret.txt", p);
  snprintf(p, sizeof p, "%s/box/sub/up", g_root);
  symlink("../hello.txt", p); /* stays inside */
  snprintf(p, sizeof p, "%s/box/sub/updir", g_root);
  symlink("..", p);
}

static void rm_tree(void) {
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_root);
  cr_assert_eq(system(cmd), 0);
}

static wrt_obj *open_box(void) {
  char p[512];
  snprintf(p, sizeof p, "%s/box", g_root);
  wrt_preopen pre = {p, "/data"};
  wrt_wasi_config cfg = {0};
  cfg.preopens = &pre;
  cfg.npreopens = 1;
  wrt_wasi *w;
  char msg[200];
  cr_assert_eq(wrt_wasi_new(&cfg, &w, msg, sizeof msg), 0, "%s", msg);
  const char *gp;
  wrt_obj *d = wrt_wasi_preopen(w, 0, &gp);
  cr_assert_str_eq(gp, "/data");
  wrt_wasi_free(w);
  return d;
}

static wrt_fs_error open_err(wrt_obj *dir, const char *path, uint32_t pf) {
  wrt_obj *f = NULL;
  wrt_fs_error e = 0;
  int rc = wrt_fs_open_at(dir, pf, path, strlen(path), 0, WRT_DF_READ, &f, &e);
  if (rc == 0) {
    wrt_obj_release(f);
    return (wrt_fs_error)-1;
  }
  return e;
}

static char *read_all(wrt_obj *dir, const char *path, uint32_t pf) {
  wrt_obj *f = NULL, *s = NULL;
  wrt_fs_error e = 0;
  static char buf[64];
  size_t n = 0;
  int err;
  if (wrt_fs_open_at(dir, pf, path, strlen(path), 0, WRT_DF_READ, &f, &e) != 0) return NULL;
  cr_assert_eq(wrt_fs_read_via_stream(f, 0, &s, &e), 0);
  cr_assert_eq(wrt_input_read(s, buf, sizeof buf - 1, 1, &n, &err), WRT_IO_OK);
  buf[n] = 0;
  wrt_obj_release(s);
  wrt_obj_release(f);
  return buf;
}

Test(wrt_fs, sandbox_escapes_are_refused) {
  mk_tree();
  wrt_obj *box = open_box();
  cr_assert_eq(open_err(box, "../secret.txt", 0), WRT_FS_NOT_PERMITTED);
  cr_assert_eq(open_err(box, "sub/../../secret.txt", 0), WRT_FS_NOT_PERMITTED);
  cr_assert_eq(open_err(box, "/etc/passwd", 0), WRT_FS_NOT_PERMITTED);
  cr_assert_eq(open_err(box, "..", 0), WRT_FS_NOT_PERMITTED);
  cr_assert_eq(open_err(box, "out-abs", WRT_PF_SYMLINK_FOLLOW), WRT_FS_NOT_PERMITTED);
  cr_assert_eq(open_err(box, "out-rel", WRT_PF_SYMLINK_FOLLOW), WRT_FS_NOT_PERMITTED);
  cr_assert_eq(open_err(box, "sub/updir/../secret.txt", 0), WRT_FS_NOT_PERMITTED);
  /* without symlink-follow the final symlink itself is not opened */
  cr_assert_eq(open_err(box, "out-rel", 0), WRT_FS_LOOP);
  /* a symlink in the middle of a path is always followed — and still confined */
  cr_assert_eq(open_err(box, "out-abs/x", 0), WRT_FS_NOT_PERMITTED);
  cr_assert_eq(open_err(box, "nope.txt", 0), WRT_FS_NO_ENTRY);
  /* legitimate paths work, including `..` and symlinks that stay inside */
  cr_assert_str_eq(read_all(box, "hello.txt", 0), "hello");
  cr_assert_str_eq(read_all(box, "sub/../hello.txt", 0), "hello");
  cr_assert_str_eq(read_all(box, "./sub//up", WRT_PF_SYMLINK_FOLLOW), "hello");
  cr_assert_str_eq(read_all(box, "sub/updir/hello.txt", 0), "hello");
  wrt_fs_stat_t st;
  wrt_fs_error e;
  cr_assert_eq(wrt_fs_stat_at(box, 0, "../secret.txt", 13, &st, &e), -1);
  cr_assert_eq(e, WRT_FS_NOT_PERMITTED);
  cr_assert_eq(wrt_fs_stat_at(box, 0, "hello.txt", 9, &st, &e), 0);
  cr_assert_eq(st.type, WRT_DT_REGULAR_FILE);
  cr_assert_eq(st.size, 5);
  cr_assert_eq(wrt_fs_stat_at(box, 0, "out-rel", 7, &st, &e), 0);
  cr_assert_eq(st.type, WRT_DT_SYMBOLIC_LINK);
  wrt_obj_release(box);
  rm_tree();
}

Test(wrt_fs, create_write_append_readdir) {
  mk_tree();
  wrt_obj *box = open_box(), *f, *s;
  wrt_fs_error e = 0;
  int err = 0;
  cr_assert_eq(wrt_fs_open_at(box, 0, "sub/new.txt", 11, WRT_OF_CREATE | WRT_OF_TRUNCATE,
                              WRT_DF_READ | WRT_DF_WRITE, &f, &e), 0);
  cr_assert_eq(wrt_fs_write_via_stream(f, 0, &s, &e), 0);
  cr_assert_eq(wrt_output_write(s, "abc", 3, &err), WRT_IO_OK);
  wrt_obj_release(s);
  cr_assert_eq(wrt_fs_append_via_stream(f, &s, &e), 0);
  cr_assert_eq(wrt_output_write(s, "def", 3, &err), WRT_IO_OK);
  wrt_obj_release(s);
  wrt_obj_release(f);
  cr_assert_str_eq(read_all(box, "sub/new.txt", 0), "abcdef");
  /* creating outside is refused */
  cr_assert_eq(wrt_fs_open_at(box, 0, "../evil.txt", 11, WRT_OF_CREATE, WRT_DF_WRITE, &f, &e), -1);
  cr_assert_eq(e, WRT_FS_NOT_PERMITTED);
  char p[512];
  snprintf(p, sizeof p, "%s/evil.txt", g_root);
  cr_assert_neq(access(p, F_OK), 0);
  /* read-directory lists entries without . and .. */
  wrt_obj *ds;
  cr_assert_eq(wrt_fs_read_directory(box, &ds, &e), 0);
  int count = 0, saw_sub = 0;
  char *name;
  uint8_t type;
  while (wrt_fs_dirent_next(ds, &name, &type, &e) == 1) {
    count++;
    if (strcmp(name, "sub") == 0) saw_sub = type == WRT_DT_DIRECTORY;
    free(name);
  }
  cr_assert_eq(count, 4); /* hello.txt out-abs out-rel sub */
  cr_assert(saw_sub);
  wrt_obj_release(ds);
  wrt_obj_release(box);
  rm_tree();
}

/* --- lowered entry points through fake guest memory -------------------------------------- */

static wrt_wasi *g_w;
static wrt_obj *g_stdout;

static void wasi_setup(void) {
  static const char *const argv[] = {"prog", "a1", "b\xc3\xa9"};
  static const char *const env[] = {"FOO=bar", "EMPTY=", NULL};
  char p[512];
  snprintf(p, sizeof p, "%s/box", g_root);
  wrt_preopen pre = {p, "."};
  wrt_wasi_config cfg = {0};
  cfg.argc = 3;
  cfg.argv = argv;
  cfg.env = env;
  cfg.preopens = &pre;
  cfg.npreopens = 1;
  cr_assert_eq(wrt_output_mem(0, &g_stdout), 0);
  cfg.stdout_stream = g_stdout;
  cr_assert_eq(wrt_input_mem("in!", 3, &cfg.stdin_stream), 0);
  cr_assert_eq(wrt_wasi_new(&cfg, &g_w, NULL, 0), 0);
  wrt_obj_release(cfg.stdin_stream);
  guest_setup(g_w);
}

static void wasi_teardown(void) {
  guest_teardown();
  wrt_wasi_free(g_w);
  wrt_obj_release(g_stdout);
}

static void put_str(uint32_t at, const char *s) { memcpy(g_heap + at, s, strlen(s)); }

static void t_lowered(void *a) {
  (void)a;
  /* stdout: blocking-write-and-flush */
  uint32_t out = wrt_lower_wasi_cli_stdout__get_stdout(&g_cx);
  put_str(100, "hi there");
  wrt_lower_wasi_io_streams__method_output_stream_blocking_write_and_flush(&g_cx, out, 100, 8, 200);
  cr_assert_eq(g_heap[200], 0);
  size_t n;
  const uint8_t *d = wrt_output_mem_data(g_stdout, &n);
  cr_assert_eq(n, 8);
  cr_assert(memcmp(d, "hi there", 8) == 0);
  /* check-write: result<u64, stream-error> */
  wrt_lower_wasi_io_streams__method_output_stream_check_write(&g_cx, out, 208);
  cr_assert_eq(g_heap[208], 0);
  cr_assert(wrt_load_u64(&g_mem, 216) > 0);
  /* stdin: read 2 then EOF → closed */
  uint32_t in = wrt_lower_wasi_cli_stdin__get_stdin(&g_cx);
  wrt_lower_wasi_io_streams__method_input_stream_blocking_read(&g_cx, in, 2, 300);
  cr_assert_eq(g_heap[300], 0);
  cr_assert_eq(wrt_load_u32(&g_mem, 308), 2);
  cr_assert(memcmp(g_heap + wrt_load_u32(&g_mem, 304), "in", 2) == 0);
  wrt_lower_wasi_io_streams__method_input_stream_read(&g_cx, in, 10, 300);
  wrt_lower_wasi_io_streams__method_input_stream_read(&g_cx, in, 10, 300);
  cr_assert_eq(g_heap[300], 1);
  cr_assert_eq(g_heap[304], 1); /* stream-error::closed */
  wrt_lower_wasi_io_streams__resource_drop_input_stream(&g_cx, in);
  /* arguments and environment */
  wrt_lower_wasi_cli_environment__get_arguments(&g_cx, 400);
  cr_assert_eq(wrt_load_u32(&g_mem, 404), 3);
  uint32_t list = wrt_load_u32(&g_mem, 400);
  cr_assert_eq(wrt_load_u32(&g_mem, list + 20), 3);
  cr_assert(memcmp(g_heap + wrt_load_u32(&g_mem, list + 16), "b\xc3\xa9", 3) == 0);
  wrt_lower_wasi_cli_environment__get_environment(&g_cx, 408);
  cr_assert_eq(wrt_load_u32(&g_mem, 412), 2);
  list = wrt_load_u32(&g_mem, 408);
  cr_assert_eq(wrt_load_u32(&g_mem, list + 4), 3);
  cr_assert(memcmp(g_heap + wrt_load_u32(&g_mem, list), "FOO", 3) == 0);
  cr_assert(memcmp(g_heap + wrt_load_u32(&g_mem, list + 8), "bar", 3) == 0);
  cr_assert_eq(wrt_load_u32(&g_mem, list + 16 + 12), 0);
  /* preopens, open-at, stat, read via stream */
  wrt_lower_wasi_filesystem_preopens__get_directories(&g_cx, 416);
  cr_assert_eq(wrt_load_u32(&g_mem, 420), 1);
  list = wrt_load_u32(&g_mem, 416);
  uint32_t dir = wrt_load_u32(&g_mem, list);
  cr_assert_eq(wrt_load_u32(&g_mem, list + 8), 1);
  cr_assert_eq(g_heap[wrt_load_u32(&g_mem, list + 4)], '.');
  put_str(500, "hello.txt");
  wrt_lower_wasi_filesystem_types__method_descriptor_open_at(&g_cx, dir, 0, 500, 9, 0, WRT_DF_READ, 520);
  cr_assert_eq(g_heap[520], 0);
  uint32_t file = wrt_load_u32(&g_mem, 524);
  wrt_lower_wasi_filesystem_types__method_descriptor_stat(&g_cx, file, 528);
  cr_assert_eq(g_heap[528], 0);
  cr_assert_eq(g_heap[536], WRT_DT_REGULAR_FILE);
  cr_assert_eq(wrt_load_u64(&g_mem, 552), 5);
  cr_assert_eq(g_heap[560], 1); /* data-access-timestamp is some */
  wrt_lower_wasi_filesystem_types__method_descriptor_get_type(&g_cx, dir, 640);
  cr_assert_eq(g_heap[641], WRT_DT_DIRECTORY);
  wrt_lower_wasi_filesystem_types__method_descriptor_read_via_stream(&g_cx, file, 1, 644);
  cr_assert_eq(g_heap[644], 0);
  uint32_t rs = wrt_load_u32(&g_mem, 648);
  wrt_lower_wasi_io_streams__method_input_stream_blocking_read(&g_cx, rs, 100, 652);
  cr_assert_eq(wrt_load_u32(&g_mem, 660), 4);
  cr_assert(memcmp(g_heap + wrt_load_u32(&g_mem, 656), "ello", 4) == 0);
  /* escaping open-at: error-code not-permitted */
  put_str(700, "../secret.txt");
  wrt_lower_wasi_filesystem_types__method_descriptor_open_at(&g_cx, dir, 0, 700, 13, 0, WRT_DF_READ, 720);
  cr_assert_eq(g_heap[720], 1);
  cr_assert_eq(g_heap[724], WRT_FS_NOT_PERMITTED);
  /* readdir through the directory-entry stream */
  wrt_lower_wasi_filesystem_types__method_descriptor_read_directory(&g_cx, dir, 728);
  uint32_t ds = wrt_load_u32(&g_mem, 732);
  int entries = 0;
  for (;;) {
    wrt_lower_wasi_filesystem_types__method_directory_entry_stream_read_directory_entry(&g_cx, ds, 736);
    cr_assert_eq(g_heap[736], 0);
    if (g_heap[740] == 0) break;
    entries++;
  }
  cr_assert_eq(entries, 4);
  wrt_lower_wasi_filesystem_types__resource_drop_directory_entry_stream(&g_cx, ds);
  /* clocks and random */
  uint64_t t1 = wrt_lower_wasi_clocks_monotonic_clock__now(&g_cx);
  cr_assert(wrt_lower_wasi_clocks_monotonic_clock__now(&g_cx) >= t1);
  wrt_lower_wasi_clocks_wall_clock__now(&g_cx, 760);
  cr_assert(wrt_load_u64(&g_mem, 760) > 1600000000ull);
  wrt_lower_wasi_random_random__get_random_bytes(&g_cx, 16, 776);
  cr_assert_eq(wrt_load_u32(&g_mem, 780), 16);
  /* poll: a timer that already expired and one far away */
  uint32_t p1 = wrt_lower_wasi_clocks_monotonic_clock__subscribe_duration(&g_cx, 0);
  uint32_t p2 = wrt_lower_wasi_clocks_monotonic_clock__subscribe_duration(&g_cx, 3600000000000ull);
  wrt_store_u32(&g_mem, 800, p2);
  wrt_store_u32(&g_mem, 804, p1);
  wrt_lower_wasi_io_poll__poll(&g_cx, 800, 2, 808);
  cr_assert_eq(wrt_load_u32(&g_mem, 812), 1);
  cr_assert_eq(wrt_load_u32(&g_mem, wrt_load_u32(&g_mem, 808)), 1);
  cr_assert_eq(wrt_lower_wasi_io_poll__method_pollable_ready(&g_cx, p2), 0);
  wrt_lower_wasi_io_poll__resource_drop_pollable(&g_cx, p1);
  wrt_lower_wasi_io_poll__resource_drop_pollable(&g_cx, p2);
  /* terminal: a memory stdout is not a terminal → none */
  wrt_lower_wasi_cli_terminal_stdout__get_terminal_stdout(&g_cx, 816);
  cr_assert_eq(g_heap[816], 0);
}

static void t_lowered_bad_handle(void *a) {
  (void)a;
  wrt_lower_wasi_io_streams__method_output_stream_blocking_write_and_flush(&g_cx, 77, 0, 0, 200);
}
static void t_lowered_bad_ptr(void *a) {
  (void)a;
  uint32_t out = wrt_lower_wasi_cli_stdout__get_stdout(&g_cx);
  wrt_lower_wasi_io_streams__method_output_stream_blocking_write_and_flush(&g_cx, out, 65000, 1000, 200);
}
static void t_lowered_bad_ret(void *a) {
  (void)a;
  uint32_t out = wrt_lower_wasi_cli_stdout__get_stdout(&g_cx);
  wrt_lower_wasi_io_streams__method_output_stream_check_write(&g_cx, out, 65528);
}
static void t_lowered_bad_path(void *a) {
  (void)a;
  wrt_lower_wasi_filesystem_preopens__get_directories(&g_cx, 416);
  uint32_t dir = wrt_load_u32(&g_mem, wrt_load_u32(&g_mem, 416));
  memcpy(g_heap + 900, "a\xff", 2);
  wrt_lower_wasi_filesystem_types__method_descriptor_stat_at(&g_cx, dir, 0, 900, 2, 904);
}
static void t_lowered_exit(void *a) { (void)a; wrt_lower_wasi_cli_exit__exit(&g_cx, 1); }
static void t_lowered_may_not_leave(void *a) {
  (void)a;
  g_inst.may_leave = 0;
  wrt_lower_wasi_cli_stdout__get_stdout(&g_cx);
}
static void t_lowered_dropped_reuse(void *a) {
  (void)a;
  uint32_t out = wrt_lower_wasi_cli_stdout__get_stdout(&g_cx);
  wrt_lower_wasi_io_streams__resource_drop_output_stream(&g_cx, out);
  wrt_lower_wasi_io_streams__method_output_stream_blocking_flush(&g_cx, out, 200);
}

Test(wrt_wasi, lowered_entry_points) {
  mk_tree();
  wasi_setup();
  RUNS(t_lowered);
  wasi_teardown();
  wasi_setup();
  TRAPS(WRT_TRAP_INVALID_HANDLE, t_lowered_bad_handle);
  TRAPS(WRT_TRAP_OOB, t_lowered_bad_ptr);
  TRAPS(WRT_TRAP_OOB, t_lowered_bad_ret);
  TRAPS(WRT_TRAP_INVALID_UTF8, t_lowered_bad_path);
  TRAPS(WRT_TRAP_INVALID_HANDLE, t_lowered_dropped_reuse);
  wrt_error e;
  cr_assert_eq(wrt_call(t_lowered_exit, NULL, &e), -1);
  cr_assert_eq(e.kind, WRT_TRAP_EXIT);
  cr_assert_eq(e.exit_code, 1);
  TRAPS(WRT_TRAP_MAY_NOT_LEAVE, t_lowered_may_not_leave);
  wasi_teardown();
  rm_tree();
}

/* --- the lookup table -------------------------------------------------------------------- */

/* The C name a generator derives from (module, field). */
static void derive(const char *module, const char *field, char *out) {
  char *o = out + sprintf(out, "wrt_lower_");
  const char *parts[2] = {module, field};
  for (int k = 0; k < 2; k++) {
    const char *s = parts[k];
    const char *end = k == 0 && strchr(s, '@') ? strchr(s, '@') : s + strlen(s);
    int pend = 0, any = 0;
    for (; s < end; s++) {
      int alnum = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9');
      if (!alnum) { pend = any; continue; }
      if (pend) *o++ = '_';
      pend = 0;
      any = 1;
      *o++ = *s;
    }
    if (k == 0) { *o++ = '_'; *o++ = '_'; }
  }
  *o = 0;
}

/* Every import of jco 1.35's preview1 command adapter (wasm-objdump -x). */
static const char *const adapter_imports[][2] = {
  {"wasi:filesystem/types@0.2.12", "filesystem-error-code"}, {"wasi:io/error@0.2.12", "[resource-drop]error"},
  {"wasi:io/streams@0.2.12", "[method]output-stream.check-write"}, {"wasi:io/streams@0.2.12", "[method]output-stream.write"},
  {"wasi:io/streams@0.2.12", "[method]output-stream.blocking-flush"}, {"wasi:filesystem/types@0.2.12", "[method]descriptor.metadata-hash"},
  {"wasi:filesystem/types@0.2.12", "[method]directory-entry-stream.read-directory-entry"},
  {"wasi:filesystem/types@0.2.12", "[method]descriptor.metadata-hash-at"}, {"wasi:cli/environment@0.2.12", "get-arguments"},
  {"wasi:clocks/monotonic-clock@0.2.12", "resolution"}, {"wasi:clocks/wall-clock@0.2.12", "resolution"},
  {"wasi:clocks/wall-clock@0.2.12", "now"}, {"wasi:clocks/monotonic-clock@0.2.12", "now"},
  {"wasi:cli/environment@0.2.12", "get-environment"}, {"wasi:filesystem/types@0.2.12", "[method]descriptor.advise"},
  {"wasi:filesystem/types@0.2.12", "[resource-drop]directory-entry-stream"}, {"wasi:filesystem/types@0.2.12", "[method]descriptor.sync-data"},
  {"wasi:filesystem/types@0.2.12", "[method]descriptor.get-flags"}, {"wasi:filesystem/types@0.2.12", "[method]descriptor.get-type"},
  {"wasi:filesystem/types@0.2.12", "[method]descriptor.set-size"}, {"wasi:filesystem/types@0.2.12", "[method]descriptor.set-times"},
  {"wasi:filesystem/types@0.2.12", "[method]descriptor.read"}, {"wasi:filesystem/preopens@0.2.6", "get-directories"},
  {"wasi:filesystem/types@0.2.12", "[resource-drop]descriptor"}, {"wasi:filesystem/types@0.2.12", "[method]descriptor.write"},
  {"wasi:filesystem/types@0.2.12", "[method]descriptor.append-via-stream"}, {"wasi:io/streams@0.2.12", "[resource-drop]output-stream"},
  {"wasi:io/streams@0.2.12", "[method]input-stream.blocking-read"}, {"wasi:io/streams@0.2.12", "[method]input-stream.read"},
  {"wasi:filesystem/types@0.2.12", "[method]descriptor.read-directory"}, {"wasi:io/streams@0.2.12", "[resource-drop]input-stream"},
  {"wasi:filesystem/types@0.2.12", "[method]descriptor.sync"}, {"wasi:filesystem/types@0.2.12", "[method]descriptor.create-directory-at"},
  {"wasi:filesystem/types@0.2.12", "[method]descriptor.stat-at"}, {"wasi:filesystem/types@0.2.12", "[method]descriptor.set-times-at"},
  {"wasi:filesystem/types@0.2.12", "[method]descriptor.link-at"}, {"wasi:filesystem/types@0.2.12", "[method]descriptor.open-at"},
  {"wasi:filesystem/types@0.2.12", "[method]descriptor.readlink-at"}, {"wasi:filesystem/types@0.2.12", "[method]descriptor.remove-directory-at"},
  {"wasi:filesystem/types@0.2.12", "[method]descriptor.rename-at"}, {"wasi:filesystem/types@0.2.12", "[method]descriptor.symlink-at"},
  {"wasi:filesystem/types@0.2.12", "[method]descriptor.unlink-file-at"}, {"wasi:io/streams@0.2.12", "[method]input-stream.subscribe"},
  {"wasi:io/streams@0.2.12", "[method]output-stream.subscribe"}, {"wasi:clocks/monotonic-clock@0.2.12", "subscribe-duration"},
  {"wasi:clocks/monotonic-clock@0.2.12", "subscribe-instant"}, {"wasi:io/poll@0.2.12", "[resource-drop]pollable"},
  {"wasi:io/poll@0.2.12", "poll"}, {"wasi:random/random@0.2.12", "get-random-bytes"},
  {"wasi:filesystem/types@0.2.12", "[method]descriptor.read-via-stream"}, {"wasi:cli/stderr@0.2.12", "get-stderr"},
  {"wasi:io/streams@0.2.12", "[method]output-stream.blocking-write-and-flush"},
  {"wasi:filesystem/types@0.2.12", "[method]descriptor.write-via-stream"}, {"wasi:cli/stdin@0.2.12", "get-stdin"},
  {"wasi:cli/stdout@0.2.12", "get-stdout"}, {"wasi:cli/terminal-stdin@0.2.12", "get-terminal-stdin"},
  {"wasi:cli/terminal-input@0.2.12", "[resource-drop]terminal-input"}, {"wasi:cli/terminal-stdout@0.2.12", "get-terminal-stdout"},
  {"wasi:cli/terminal-output@0.2.12", "[resource-drop]terminal-output"}, {"wasi:cli/terminal-stderr@0.2.12", "get-terminal-stderr"},
  {"wasi:filesystem/types@0.2.12", "[method]descriptor.stat"}, {"wasi:cli/exit@0.2.12", "exit"},
};

Test(wrt_wasi, lookup_table) {
  size_t n;
  const wrt_wasi_func *fs = wrt_wasi_funcs(&n);
  cr_assert(n >= 79);
  char name[256];
  for (size_t i = 0; i < n; i++) {
    derive(fs[i].module, fs[i].field, name);
    cr_assert_str_eq(fs[i].c_name, name);
    cr_assert_not_null(fs[i].fn);
    cr_assert_not_null(strstr(fs[i].sig, "->"));
  }
  for (size_t i = 0; i < sizeof adapter_imports / sizeof adapter_imports[0]; i++)
    cr_assert_not_null(wrt_wasi_lookup(adapter_imports[i][0], adapter_imports[i][1]), "%s %s",
                       adapter_imports[i][0], adapter_imports[i][1]);
  const wrt_wasi_func *f = wrt_wasi_lookup("wasi:io/streams@0.2.0", "[method]output-stream.blocking-write-and-flush");
  cr_assert_not_null(f);
  cr_assert_str_eq(f->sig, "iiii->");
  cr_assert_str_eq(f->c_name, "wrt_lower_wasi_io_streams__method_output_stream_blocking_write_and_flush");
  cr_assert(f->fn == (void (*)(void))wrt_lower_wasi_io_streams__method_output_stream_blocking_write_and_flush);
  cr_assert_not_null(wrt_wasi_lookup("wasi:io/streams@0.2.99", "[method]output-stream.write"));
  cr_assert_null(wrt_wasi_lookup("wasi:io/streams@0.3.0", "[method]output-stream.write"));
  cr_assert_null(wrt_wasi_lookup("wasi:io/streams@1.2.0", "[method]output-stream.write"));
  cr_assert_null(wrt_wasi_lookup("wasi:io/streams@0.2.0-rc-2023-11-10", "[method]output-stream.write"));
  cr_assert_null(wrt_wasi_lookup("wasi:io/streams", "[method]output-stream.write"));
  cr_assert_null(wrt_wasi_lookup("wasi:io/streams@0.2.1", "[method]output-stream.nope"));
  cr_assert_str_eq(wrt_wasi_lookup("wasi:clocks/monotonic-clock@0.2.3", "now")->sig, "->I");
}

/* --- more lowered entry points: filesystem mutations, stream utilities, fd pollables ------- */

static uint32_t g_dir;

static void lowered_dir(void) {
  wrt_lower_wasi_filesystem_preopens__get_directories(&g_cx, 416);
  g_dir = wrt_load_u32(&g_mem, wrt_load_u32(&g_mem, 416));
}

/* Call a (self, ptr, len, ret) path function with `path`; returns the error code or -1 for ok. */
typedef void (*path_fn)(wrt_cx *, uint32_t, uint32_t, uint32_t, uint32_t);
static int path_call(path_fn f, const char *path) {
  put_str(1000, path);
  f(&g_cx, g_dir, 1000, (uint32_t)strlen(path), 1100);
  return g_heap[1100] == 0 ? -1 : g_heap[1101];
}

static void t_lowered_fs(void *a) {
  (void)a;
  lowered_dir();
  path_fn mkdir_at = wrt_lower_wasi_filesystem_types__method_descriptor_create_directory_at;
  path_fn rmdir_at = wrt_lower_wasi_filesystem_types__method_descriptor_remove_directory_at;
  path_fn unlink_at = wrt_lower_wasi_filesystem_types__method_descriptor_unlink_file_at;
  cr_assert_eq(path_call(mkdir_at, "newdir"), -1);
  cr_assert_eq(path_call(mkdir_at, "newdir"), WRT_FS_EXIST);
  cr_assert_eq(path_call(mkdir_at, "../outside"), WRT_FS_NOT_PERMITTED);
  cr_assert_eq(path_call(rmdir_at, "newdir"), -1);
  cr_assert_eq(path_call(unlink_at, "../secret.txt"), WRT_FS_NOT_PERMITTED);
  cr_assert_eq(path_call(unlink_at, "/etc/passwd"), WRT_FS_NOT_PERMITTED);
  /* open-at create + descriptor.write/read at offsets + set-size */
  put_str(1000, "data.bin");
  wrt_lower_wasi_filesystem_types__method_descriptor_open_at(&g_cx, g_dir, 0, 1000, 8, WRT_OF_CREATE,
                                                             WRT_DF_READ | WRT_DF_WRITE, 1100);
  cr_assert_eq(g_heap[1100], 0);
  uint32_t f = wrt_load_u32(&g_mem, 1104);
  put_str(1200, "0123456789");
  wrt_lower_wasi_filesystem_types__method_descriptor_write(&g_cx, f, 1200, 10, 5, 1208 + 8);
  cr_assert_eq(g_heap[1216], 0);
  cr_assert_eq(wrt_load_u64(&g_mem, 1224), 10);
  wrt_lower_wasi_filesystem_types__method_descriptor_read(&g_cx, f, 4, 6, 1240);
  cr_assert_eq(g_heap[1240], 0);
  cr_assert_eq(wrt_load_u32(&g_mem, 1248), 4);
  cr_assert(memcmp(g_heap + wrt_load_u32(&g_mem, 1244), "1234", 4) == 0);
  cr_assert_eq(g_heap[1252], 0); /* not at end */
  wrt_lower_wasi_filesystem_types__method_descriptor_set_size(&g_cx, f, 3, 1256);
  cr_assert_eq(g_heap[1256], 0);
  wrt_lower_wasi_filesystem_types__method_descriptor_read(&g_cx, f, 4, 3, 1240);
  cr_assert_eq(wrt_load_u32(&g_mem, 1248), 0);
  cr_assert_eq(g_heap[1252], 1); /* end of file */
  wrt_lower_wasi_filesystem_types__method_descriptor_get_flags(&g_cx, f, 1260);
  cr_assert_eq(g_heap[1261], WRT_DF_READ | WRT_DF_WRITE);
  cr_assert_eq(wrt_lower_wasi_filesystem_types__method_descriptor_is_same_object(&g_cx, f, f), 1);
  cr_assert_eq(wrt_lower_wasi_filesystem_types__method_descriptor_is_same_object(&g_cx, f, g_dir), 0);
  wrt_lower_wasi_filesystem_types__method_descriptor_metadata_hash(&g_cx, f, 1264);
  cr_assert_eq(g_heap[1264], 0);
  /* rename-at and symlink-at stay confined */
  put_str(1300, "data.bin");
  put_str(1320, "../stolen.bin");
  wrt_lower_wasi_filesystem_types__method_descriptor_rename_at(&g_cx, g_dir, 1300, 8, g_dir, 1320, 13, 1340);
  cr_assert_eq(g_heap[1340], 1);
  cr_assert_eq(g_heap[1341], WRT_FS_NOT_PERMITTED);
  put_str(1320, "renamed.bin");
  wrt_lower_wasi_filesystem_types__method_descriptor_rename_at(&g_cx, g_dir, 1300, 8, g_dir, 1320, 11, 1340);
  cr_assert_eq(g_heap[1340], 0);
  put_str(1360, "/etc/passwd");
  put_str(1380, "evil-link");
  wrt_lower_wasi_filesystem_types__method_descriptor_symlink_at(&g_cx, g_dir, 1360, 11, 1380, 9, 1400);
  cr_assert_eq(g_heap[1400], 1);
  cr_assert_eq(g_heap[1401], WRT_FS_NOT_PERMITTED);
  put_str(1360, "renamed.bin");
  put_str(1380, "good-link");
  wrt_lower_wasi_filesystem_types__method_descriptor_symlink_at(&g_cx, g_dir, 1360, 11, 1380, 9, 1400);
  cr_assert_eq(g_heap[1400], 0);
  wrt_lower_wasi_filesystem_types__method_descriptor_readlink_at(&g_cx, g_dir, 1380, 9, 1404);
  cr_assert_eq(g_heap[1404], 0);
  cr_assert_eq(wrt_load_u32(&g_mem, 1412), 11);
  cr_assert(memcmp(g_heap + wrt_load_u32(&g_mem, 1408), "renamed.bin", 11) == 0);
  /* stat-at through the symlink, following it */
  wrt_lower_wasi_filesystem_types__method_descriptor_stat_at(&g_cx, g_dir, WRT_PF_SYMLINK_FOLLOW, 1380, 9, 1416);
  cr_assert_eq(g_heap[1416], 0);
  cr_assert_eq(g_heap[1424], WRT_DT_REGULAR_FILE);
  cr_assert_eq(wrt_load_u64(&g_mem, 1440), 3);
  wrt_lower_wasi_filesystem_types__resource_drop_descriptor(&g_cx, f);
  /* streams over a directory are refused with is-directory */
  wrt_lower_wasi_filesystem_types__method_descriptor_read_via_stream(&g_cx, g_dir, 0, 1520);
  cr_assert_eq(g_heap[1520], 1);
  cr_assert_eq(g_heap[1524], WRT_FS_IS_DIRECTORY);
}

Test(wrt_wasi, lowered_filesystem) {
  mk_tree();
  wasi_setup();
  RUNS(t_lowered_fs);
  char p[512];
  snprintf(p, sizeof p, "%s/outside", g_root);
  cr_assert_neq(access(p, F_OK), 0);
  snprintf(p, sizeof p, "%s/stolen.bin", g_root);
  cr_assert_neq(access(p, F_OK), 0);
  snprintf(p, sizeof p, "%s/secret.txt", g_root);
  cr_assert_eq(access(p, F_OK), 0);
  wasi_teardown();
  rm_tree();
}

static int g_pipe[2];
static void t_lowered_streams(void *a) {
  (void)a;
  wrt_obj *in, *out;
  cr_assert_eq(wrt_input_fd(g_pipe[0], 1, &in), 0);
  cr_assert_eq(wrt_input_mem("abcdefgh", 8, &out), 0); /* a memory input for splice */
  uint32_t hin = wrt_handle_new_own(&g_inst.handles, &wrt_rtype_input_stream, (uintptr_t)in);
  uint32_t hmem = wrt_handle_new_own(&g_inst.handles, &wrt_rtype_input_stream, (uintptr_t)out);
  uint32_t hout = wrt_lower_wasi_cli_stdout__get_stdout(&g_cx);
  /* skip 2, splice 3, write-zeroes 2 */
  wrt_lower_wasi_io_streams__method_input_stream_skip(&g_cx, hmem, 2, 1600);
  cr_assert_eq(g_heap[1600], 0);
  cr_assert_eq(wrt_load_u64(&g_mem, 1608), 2);
  wrt_lower_wasi_io_streams__method_output_stream_splice(&g_cx, hout, hmem, 3, 1616);
  cr_assert_eq(g_heap[1616], 0);
  cr_assert_eq(wrt_load_u64(&g_mem, 1624), 3);
  wrt_lower_wasi_io_streams__method_output_stream_write_zeroes(&g_cx, hout, 2, 1632);
  cr_assert_eq(g_heap[1632], 0);
  size_t n;
  const uint8_t *d = wrt_output_mem_data(g_stdout, &n);
  cr_assert_eq(n, 5);
  cr_assert(memcmp(d, "cde\0\0", 5) == 0);
  /* an fd pollable: not ready, then ready after a write to the pipe */
  uint32_t pin = wrt_lower_wasi_io_streams__method_input_stream_subscribe(&g_cx, hin);
  cr_assert_eq(wrt_lower_wasi_io_poll__method_pollable_ready(&g_cx, pin), 0);
  uint32_t t = wrt_lower_wasi_clocks_monotonic_clock__subscribe_duration(&g_cx, 5000000ull);
  wrt_store_u32(&g_mem, 1640, pin);
  wrt_store_u32(&g_mem, 1644, t);
  wrt_lower_wasi_io_poll__poll(&g_cx, 1640, 2, 1648);
  cr_assert_eq(wrt_load_u32(&g_mem, 1652), 1);
  cr_assert_eq(wrt_load_u32(&g_mem, wrt_load_u32(&g_mem, 1648)), 1); /* the timer */
  cr_assert_eq(write(g_pipe[1], "z", 1), 1);
  wrt_lower_wasi_io_poll__method_pollable_block(&g_cx, pin);
  wrt_lower_wasi_io_poll__poll(&g_cx, 1640, 1, 1648);
  cr_assert_eq(wrt_load_u32(&g_mem, 1652), 1);
  cr_assert_eq(wrt_load_u32(&g_mem, wrt_load_u32(&g_mem, 1648)), 0);
  wrt_lower_wasi_io_streams__method_input_stream_read(&g_cx, hin, 10, 1656);
  cr_assert_eq(wrt_load_u32(&g_mem, 1664), 1);
  /* a stream error carries an error resource whose debug string and fs code are readable */
  close(g_pipe[1]);
  wrt_lower_wasi_io_streams__method_input_stream_blocking_read(&g_cx, hin, 10, 1656);
  cr_assert_eq(g_heap[1656], 1);
  cr_assert_eq(g_heap[1660], 1); /* closed */
  wrt_lower_wasi_io_poll__resource_drop_pollable(&g_cx, pin);
  wrt_lower_wasi_io_poll__resource_drop_pollable(&g_cx, t);
  wrt_lower_wasi_io_streams__resource_drop_input_stream(&g_cx, hin);
  wrt_lower_wasi_io_streams__resource_drop_input_stream(&g_cx, hmem);
  wrt_lower_wasi_io_streams__resource_drop_output_stream(&g_cx, hout);
  cr_assert_eq(wrt_handles_live(&g_inst.handles), 0);
  /* errors: an error object from a failed write */
  wrt_obj *full;
  cr_assert_eq(wrt_output_mem(1, &full), 0);
  uint32_t hf = wrt_handle_new_own(&g_inst.handles, &wrt_rtype_output_stream, (uintptr_t)full);
  put_str(1700, "xy");
  wrt_lower_wasi_io_streams__method_output_stream_write(&g_cx, hf, 1700, 2, 1704);
  cr_assert_eq(g_heap[1704], 1);
  cr_assert_eq(g_heap[1708], 0); /* last-operation-failed */
  uint32_t he = wrt_load_u32(&g_mem, 1712);
  wrt_lower_wasi_io_error__method_error_to_debug_string(&g_cx, he, 1720);
  cr_assert(wrt_load_u32(&g_mem, 1724) > 0);
  wrt_lower_wasi_filesystem_types__filesystem_error_code(&g_cx, he, 1728);
  cr_assert_eq(g_heap[1728], 1);
  cr_assert_eq(g_heap[1729], WRT_FS_INSUFFICIENT_SPACE);
  wrt_lower_wasi_io_error__resource_drop_error(&g_cx, he);
  wrt_lower_wasi_io_streams__resource_drop_output_stream(&g_cx, hf);
}

static void t_poll_empty(void *a) { (void)a; wrt_lower_wasi_io_poll__poll(&g_cx, 0, 0, 1648); }

Test(wrt_wasi, lowered_streams_and_poll) {
  mk_tree();
  wasi_setup();
  cr_assert_eq(pipe(g_pipe), 0);
  RUNS(t_lowered_streams);
  TRAPS(WRT_TRAP_HOST, t_poll_empty);
  wasi_teardown();
  rm_tree();
}

Test(wrt_wasi, config_must_be_utf8) {
  static const char *const argv[] = {"prog", "bad\xff"};
  wrt_wasi_config cfg = {0};
  cfg.argc = 2;
  cfg.argv = argv;
  wrt_wasi *w = NULL;
  char msg[128];
  cr_assert_eq(wrt_wasi_new(&cfg, &w, msg, sizeof msg), -EILSEQ);
  cr_assert_null(w);
  cr_assert_str_eq(msg, "argument 1 is not valid UTF-8");
  wrt_preopen pre = {"/nonexistent/dir", "x"};
  cfg.argc = 1;
  cfg.preopens = &pre;
  cfg.npreopens = 1;
  cr_assert_eq(wrt_wasi_new(&cfg, &w, msg, sizeof msg), -ENOENT);
  cr_assert_not_null(strstr(msg, "/nonexistent/dir"));
}

/* Random paths built from `..`, `.`, symlinks pointing in and out, and real names: whatever
 * resolves must be an object inside the box (recognised by its contents). */
Test(wrt_fs, random_paths_never_escape) {
  mk_tree();
  wrt_obj *box = open_box();
  static const char *const parts[] = {"..", ".", "sub", "updir", "up", "out-rel", "out-abs",
                                      "hello.txt", "", "nope"};
  uint32_t seed = 12345;
  int opened = 0, refused = 0;
  for (int iter = 0; iter < 3000; iter++) {
    char path[256] = "";
    int n = 1 + (int)((seed >> 16) % 6);
    for (int k = 0; k < n; k++) {
      seed = seed * 1103515245u + 12345u;
      if (k) strcat(path, "/");
      strcat(path, parts[(seed >> 16) % 10]);
    }
    seed = seed * 1103515245u + 12345u;
    uint32_t pf = (seed >> 16) & 1 ? WRT_PF_SYMLINK_FOLLOW : 0;
    wrt_obj *f = NULL;
    wrt_fs_error e;
    if (wrt_fs_open_at(box, pf, path, strlen(path), 0, WRT_DF_READ, &f, &e) != 0) {
      refused += e == WRT_FS_NOT_PERMITTED;
      continue;
    }
    opened++;
    wrt_fs_stat_t st;
    cr_assert_eq(wrt_fs_stat(f, &st, &e), 0);
    /* the only file inside is hello.txt; the only directories are the box and sub */
    wrt_obj *s = NULL;
    if (st.type == WRT_DT_REGULAR_FILE) {
      cr_assert_eq(wrt_fs_read_via_stream(f, 0, &s, &e), 0);
      char buf[16];
      size_t got;
      int err;
      cr_assert_eq(wrt_input_read(s, buf, sizeof buf, 1, &got, &err), WRT_IO_OK, "%s", path);
      cr_assert(got == 5 && memcmp(buf, "hello", 5) == 0, "path %s read another file", path);
      wrt_obj_release(s);
    } else {
      /* a directory: it must be the box or sub — list it and look for their markers */
      wrt_obj *ds;
      cr_assert_eq(wrt_fs_read_directory(f, &ds, &e), 0);
      char *name;
      uint8_t type;
      int marker = 0;
      while (wrt_fs_dirent_next(ds, &name, &type, &e) == 1) {
        if (strcmp(name, "hello.txt") == 0 || strcmp(name, "updir") == 0) marker = 1;
        cr_assert_str_neq(name, "secret.txt", "path %s opened the parent of the box", path);
        free(name);
      }
      cr_assert(marker, "path %s opened a directory outside the box", path);
      wrt_obj_release(ds);
    }
    wrt_obj_release(f);
  }
  cr_assert(opened > 50);
  cr_assert(refused > 50);
  wrt_obj_release(box);
  rm_tree();
}

/* --- every lowered function with random core arguments: traps or results, never a crash ---- */

static uint32_t g_rng = 0x2545F491u;
static uint32_t rnd(void) {
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 17;
  g_rng ^= g_rng << 5;
  return g_rng;
}
static uint32_t rnd_i32(void) {
  static const uint32_t pool[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 100, 200, 1000, 1016,
                                  1032, 3, 9, 13, 2, 1, 65528, 65535, 65536, 0xFFFFFFFFu,
                                  0x80000000u, 32768, 40000};
  return (rnd() & 7) == 0 ? rnd() : pool[rnd() % (sizeof pool / sizeof pool[0])];
}
static uint64_t rnd_i64(void) { return rnd() % 300; }

static const wrt_wasi_func *g_fn;
static void call_random(void *arg) {
  (void)arg;
  const char *sig = g_fn->sig;
  uint64_t a[12];
  int n = 0;
  for (const char *p = sig; *p != '-'; p++) a[n++] = *p == 'I' ? rnd_i64() : rnd_i32();
  typedef uint32_t u;
  typedef uint64_t U;
  void (*f)(void) = g_fn->fn;
#define SIG(s) (strcmp(sig, s) == 0)
  if (SIG("->I")) ((U(*)(wrt_cx *))f)(&g_cx);
  else if (SIG("->i")) ((u(*)(wrt_cx *))f)(&g_cx);
  else if (SIG("I->i")) ((u(*)(wrt_cx *, U))f)(&g_cx, a[0]);
  else if (SIG("Ii->")) ((void (*)(wrt_cx *, U, u))f)(&g_cx, a[0], (u)a[1]);
  else if (SIG("i->")) ((void (*)(wrt_cx *, u))f)(&g_cx, (u)a[0]);
  else if (SIG("i->i")) ((u(*)(wrt_cx *, u))f)(&g_cx, (u)a[0]);
  else if (SIG("ii->")) ((void (*)(wrt_cx *, u, u))f)(&g_cx, (u)a[0], (u)a[1]);
  else if (SIG("ii->i")) ((u(*)(wrt_cx *, u, u))f)(&g_cx, (u)a[0], (u)a[1]);
  else if (SIG("iii->")) ((void (*)(wrt_cx *, u, u, u))f)(&g_cx, (u)a[0], (u)a[1], (u)a[2]);
  else if (SIG("iIi->")) ((void (*)(wrt_cx *, u, U, u))f)(&g_cx, (u)a[0], a[1], (u)a[2]);
  else if (SIG("iiIi->")) ((void (*)(wrt_cx *, u, u, U, u))f)(&g_cx, (u)a[0], (u)a[1], a[2], (u)a[3]);
  else if (SIG("iIIi->")) ((void (*)(wrt_cx *, u, U, U, u))f)(&g_cx, (u)a[0], a[1], a[2], (u)a[3]);
  else if (SIG("iIIii->")) ((void (*)(wrt_cx *, u, U, U, u, u))f)(&g_cx, (u)a[0], a[1], a[2], (u)a[3], (u)a[4]);
  else if (SIG("iiii->")) ((void (*)(wrt_cx *, u, u, u, u))f)(&g_cx, (u)a[0], (u)a[1], (u)a[2], (u)a[3]);
  else if (SIG("iiiIi->")) ((void (*)(wrt_cx *, u, u, u, U, u))f)(&g_cx, (u)a[0], (u)a[1], (u)a[2], a[3], (u)a[4]);
  else if (SIG("iiiii->")) ((void (*)(wrt_cx *, u, u, u, u, u))f)(&g_cx, (u)a[0], (u)a[1], (u)a[2], (u)a[3], (u)a[4]);
  else if (SIG("iiiiii->")) ((void (*)(wrt_cx *, u, u, u, u, u, u))f)(&g_cx, (u)a[0], (u)a[1], (u)a[2], (u)a[3], (u)a[4], (u)a[5]);
  else if (SIG("iiiiiii->")) ((void (*)(wrt_cx *, u, u, u, u, u, u, u))f)(&g_cx, (u)a[0], (u)a[1], (u)a[2], (u)a[3], (u)a[4], (u)a[5], (u)a[6]);
  else if (SIG("iiiiiiii->")) ((void (*)(wrt_cx *, u, u, u, u, u, u, u, u))f)(&g_cx, (u)a[0], (u)a[1], (u)a[2], (u)a[3], (u)a[4], (u)a[5], (u)a[6], (u)a[7]);
  else if (SIG("iiIiiIii->")) ((void (*)(wrt_cx *, u, u, U, u, u, U, u, u))f)(&g_cx, (u)a[0], (u)a[1], a[2], (u)a[3], (u)a[4], a[5], (u)a[6], (u)a[7]);
  else if (SIG("iiiiiIiiIii->")) ((void (*)(wrt_cx *, u, u, u, u, u, U, u, u, U, u, u))f)(&g_cx, (u)a[0], (u)a[1], (u)a[2], (u)a[3], (u)a[4], a[5], (u)a[6], (u)a[7], a[8], (u)a[9], (u)a[10]);
  else cr_assert_fail("signature %s has no dispatcher", sig);
#undef SIG
}

Test(wrt_wasi, random_calls_never_crash) {
  mk_tree();
  static const char *const argv[] = {"prog", "x"};
  char p[512];
  snprintf(p, sizeof p, "%s/box", g_root);
  wrt_preopen pre = {p, "."};
  wrt_wasi_config cfg = {0};
  cfg.argc = 2;
  cfg.argv = argv;
  cfg.preopens = &pre;
  cfg.npreopens = 1;
  wrt_obj *so, *se;
  cr_assert_eq(wrt_output_mem(0, &so), 0);
  cr_assert_eq(wrt_output_mem(0, &se), 0);
  cr_assert_eq(wrt_input_mem("input bytes", 11, &cfg.stdin_stream), 0);
  cfg.stdout_stream = so;
  cfg.stderr_stream = se;
  wrt_wasi *w;
  cr_assert_eq(wrt_wasi_new(&cfg, &w, NULL, 0), 0);
  wrt_obj_release(cfg.stdin_stream);
  guest_setup(w);
  /* something for pointers to hit: paths and handles */
  put_str(1000, "hello.txt");
  put_str(1016, "sub/up");
  put_str(1032, "../secret.txt");
  size_t nf;
  const wrt_wasi_func *fs = wrt_wasi_funcs(&nf);
  /* create a few handles first so random handle numbers often name live objects */
  for (int k = 0; k < 3; k++) {
    wrt_lower_wasi_filesystem_preopens__get_directories(&g_cx, 416);
    (void)wrt_lower_wasi_cli_stdout__get_stdout(&g_cx);
    (void)wrt_lower_wasi_cli_stdin__get_stdin(&g_cx);
  }
  int ok = 0, traps = 0;
  for (int iter = 0; iter < 20000; iter++) {
    g_fn = &fs[rnd() % nf];
    if (g_bump > 60000) g_bump = 32768; /* keep the bump allocator inside memory */
    wrt_error e;
    if (wrt_call(call_random, NULL, &e) == 0) ok++;
    else traps++;
    g_inst.may_leave = 1;
  }
  cr_log_info("random calls: %d returned, %d trapped", ok, traps);
  cr_assert(ok > 500, "only %d calls succeeded", ok);
  cr_assert(traps > 500, "only %d calls trapped", traps);
  guest_teardown();
  wrt_wasi_free(w);
  wrt_obj_release(so);
  wrt_obj_release(se);
  snprintf(p, sizeof p, "%s/secret.txt", g_root);
  cr_assert_eq(access(p, F_OK), 0, "a random call removed a file outside the preopen");
  rm_tree();
}
