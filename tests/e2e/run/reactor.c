/* reactor.c — the guest of run_reactor.sh, built on `witc bindgen c` bindings of reactor.wit:
 * well-behaved exports (strings both ways, every scalar), one that writes to stderr through
 * wasi-libc (so the preview1 adapter is in the component), and misbehaving ones: a returned
 * string outside memory, a returned string that is not UTF-8, traps inside the guest, a
 * resource handle used after it was dropped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reactor.h"

void exports_test_run_api_greet(reactor_string_t *name, reactor_string_t *ret) {
  size_t n = name->len + 8;
  char *s = malloc(n + 1);
  memcpy(s, "Hello, ", 7);
  memcpy(s + 7, name->ptr, name->len);
  s[n - 1] = '!';
  s[n] = 0;
  reactor_string_dup_n(ret, s, n);
  free(s);
  reactor_string_free(name);
}

uint32_t exports_test_run_api_add(uint32_t a, uint32_t b) { return a + b; }

double exports_test_run_api_mix(int8_t a, uint16_t b, int64_t c, float d, double e, bool f, uint32_t g) {
  return (double)a + (double)b + (double)c + (double)d + e + (f ? 1000.0 : 0.0) + (double)g;
}

uint32_t exports_test_run_api_count_chars(reactor_string_t *s) {
  uint32_t n = 0;
  for (size_t i = 0; i < s->len; i++) n += (s->ptr[i] & 0xC0) != 0x80;
  reactor_string_free(s);
  return n;
}

void exports_test_run_api_bad_pointer(reactor_string_t *ret) {
  ret->ptr = (uint8_t *)(uintptr_t)0xFFFFFF00u;
  ret->len = 64;
}

static char bad[] = {'o', 'k', (char)0xC3, (char)0x28, 0};

void exports_test_run_api_bad_utf8(reactor_string_t *ret) {
  ret->ptr = (uint8_t *)bad;
  ret->len = 4;
}

static volatile unsigned sink;
__attribute__((noinline)) static unsigned rec(unsigned n) {
  sink += n;
  unsigned r = rec(n + 1);
  sink -= r;
  return r + 1;
}

uint32_t exports_test_run_api_crash(uint32_t mode) {
  if (mode == 1) __builtin_trap();
  if (mode == 2) return *(volatile uint32_t *)(uintptr_t)0xFFFFFFF0u;
  if (mode == 3) return rec(0);
  return mode;
}

uint32_t exports_test_run_api_log(reactor_string_t *msg) {
  fprintf(stderr, "guest log: %.*s\n", (int)msg->len, (const char *)msg->ptr);
  fflush(stderr);
  uint32_t n = (uint32_t)msg->len;
  reactor_string_free(msg);
  return n;
}

struct exports_test_run_api_counter_t {
  uint32_t n;
};

static uint32_t g_dtors;

void exports_test_run_api_counter_destructor(exports_test_run_api_counter_t *rep) {
  g_dtors++;
  free(rep);
}

exports_test_run_api_own_counter_t exports_test_run_api_constructor_counter(uint32_t start) {
  exports_test_run_api_counter_t *c = malloc(sizeof *c);
  c->n = start;
  return exports_test_run_api_counter_new(c);
}

uint32_t exports_test_run_api_method_counter_bump(exports_test_run_api_borrow_counter_t self) {
  return ++self->n;
}

uint32_t exports_test_run_api_churn(uint32_t n) {
  uint32_t before = g_dtors;
  for (uint32_t i = 0; i < n; i++) {
    exports_test_run_api_own_counter_t h = exports_test_run_api_constructor_counter(i);
    if (exports_test_run_api_counter_rep(h)->n != i) __builtin_trap();
    exports_test_run_api_counter_drop_own(h);
  }
  return g_dtors - before;
}

uint32_t exports_test_run_api_reuse_dropped(void) {
  exports_test_run_api_own_counter_t h = exports_test_run_api_constructor_counter(5);
  exports_test_run_api_counter_drop_own(h);
  return exports_test_run_api_counter_rep(h)->n; /* the handle is gone: traps */
}

uint64_t exports_test_run_api_sum(reactor_list_u32_t *xs) {
  uint64_t t = 0;
  for (size_t i = 0; i < xs->len; i++) t += xs->ptr[i];
  reactor_list_u32_free(xs);
  return t;
}

void exports_test_run_api_reverse_bytes(reactor_list_u8_t *b, reactor_list_u8_t *ret) {
  for (size_t i = 0; i < b->len / 2; i++) {
    uint8_t t = b->ptr[i];
    b->ptr[i] = b->ptr[b->len - 1 - i];
    b->ptr[b->len - 1 - i] = t;
  }
  *ret = *b; /* the argument's buffer becomes the result (freed by post-return) */
}

void exports_test_run_api_scale(reactor_list_f64_t *xs, double k, reactor_list_f64_t *ret) {
  for (size_t i = 0; i < xs->len; i++) xs->ptr[i] *= k;
  *ret = *xs;
}
