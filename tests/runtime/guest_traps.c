/* guest_traps.c — a tiny freestanding wasm32 guest for the libwitrt wasm2c test (built with clang
 * --target=wasm32, then wasm2c): it calls WASI imports through libwitrt's lowered entry points
 * and misbehaves on demand, so the test can prove traps unwind through wasm2c code. */
#include <stdint.h>

#define IMPORT(mod, name) __attribute__((import_module(mod), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

IMPORT("wasi:cli/stdout@0.2.0", "get-stdout") int32_t get_stdout(void);
IMPORT("wasi:io/streams@0.2.0", "[method]output-stream.blocking-write-and-flush")
void write_and_flush(int32_t self, const void *ptr, int32_t len, void *ret);
IMPORT("wasi:io/streams@0.2.0", "[resource-drop]output-stream") void drop_output(int32_t self);
IMPORT("wasi:cli/environment@0.2.0", "get-arguments") void get_arguments(void *ret);
IMPORT("wasi:cli/exit@0.2.0", "exit") void wasi_exit(int32_t status);
IMPORT("test:host/log@0.1.0", "log") void host_log(const char *ptr, int32_t len);

extern unsigned char __heap_base;
static uintptr_t bump;

EXPORT("cabi_realloc") void *cabi_realloc(void *old, uint32_t old_size, uint32_t align, uint32_t size) {
  (void)old_size;
  if (!bump) bump = (uintptr_t)&__heap_base;
  bump = (bump + align - 1) & ~(uintptr_t)(align - 1);
  uintptr_t p = bump;
  bump += size;
  uintptr_t need = (bump + 65535) / 65536;
  uintptr_t have = __builtin_wasm_memory_size(0);
  if (need > have && __builtin_wasm_memory_grow(0, need - have) == (uintptr_t)-1) __builtin_trap();
  return (void *)p;
}

static uint32_t ret_area[4];

EXPORT("hello") int32_t hello(void) {
  static const char msg[] = "hello from wasm2c\n";
  int32_t out = get_stdout();
  write_and_flush(out, msg, sizeof msg - 1, ret_area);
  int32_t failed = *(uint8_t *)ret_area;
  drop_output(out);
  return failed;
}

EXPORT("arg_count") int32_t arg_count(void) {
  get_arguments(ret_area);
  return (int32_t)ret_area[1];
}

EXPORT("trap_unreachable") void trap_unreachable(void) { __builtin_trap(); }

EXPORT("trap_oob") int32_t trap_oob(void) { return *(volatile int32_t *)(uintptr_t)0xFFFFFFF0u; }

EXPORT("trap_div") int32_t trap_div(int32_t a, int32_t b) { return a / b; }

/* Native recursion (no shadow-stack frame): the call goes through a volatile function pointer,
 * so it cannot become a loop; wasm2c's guard detects the exhausted host stack. */
static int32_t recurse(int32_t n);
static int32_t (*volatile self_ref)(int32_t) = recurse;
static int32_t recurse(int32_t n) { return self_ref(n + 1) + 1; }
EXPORT("recurse") int32_t recurse_export(int32_t n) { return recurse(n); }

/* Recursion with an address-taken local: overflows clang's shadow stack in linear memory,
 * which wraps below address 0 and is an out-of-bounds access. */
EXPORT("recurse_shadow") int32_t recurse_shadow(int32_t n) {
  volatile int32_t pad[16];
  pad[n & 15] = n;
  return recurse_shadow(n + 1) + pad[(n + 3) & 15];
}

EXPORT("bad_pointer") void bad_pointer(void) {
  int32_t out = get_stdout();
  write_and_flush(out, (const void *)(uintptr_t)0x7FFFFFF0u, 100, ret_area);
}

EXPORT("bad_utf8") void bad_utf8(void) { host_log("ok\xff", 3); }

EXPORT("use_after_drop") void use_after_drop(void) {
  int32_t out = get_stdout();
  drop_output(out);
  write_and_flush(out, "x", 1, ret_area);
}

EXPORT("do_exit") void do_exit(int32_t code) { wasi_exit(code); }

/* --- canonical-ABI exports: strings out, borrows in ---------------------------------------- */

IMPORT("test:host/things@0.1.0", "[resource-drop]thing") void thing_drop(int32_t h);
IMPORT("test:host/things@0.1.0", "[method]thing.value") int32_t thing_value(int32_t h);

static uint32_t greet_ret[2];

/* greet: func(name: string) -> string — writes "Hello, <name>!" into fresh memory */
EXPORT("greet") void *greet(const char *name, uint32_t len) {
  char *out = cabi_realloc(0, 0, 1, len + 8);
  const char *pre = "Hello, ";
  for (int i = 0; i < 7; i++) out[i] = pre[i];
  for (uint32_t i = 0; i < len; i++) out[7 + i] = name[i];
  out[7 + len] = '!';
  greet_ret[0] = (uint32_t)(uintptr_t)out;
  greet_ret[1] = len + 8;
  return greet_ret;
}
static int32_t post_calls;
EXPORT("cabi_post_greet") void greet_post(void *ret) { (void)ret; post_calls++; }
EXPORT("post_calls") int32_t get_post_calls(void) { return post_calls; }

/* misbehaving returns: a string outside memory, a string that is not UTF-8 */
EXPORT("bad_string") void *bad_string(void) {
  greet_ret[0] = 0xFFFFFF00u;
  greet_ret[1] = 0x200;
  return greet_ret;
}
EXPORT("bad_utf8_string") void *bad_utf8_string(void) {
  static const char bad[] = "ok\xc3\x28";
  greet_ret[0] = (uint32_t)(uintptr_t)bad;
  greet_ret[1] = 4;
  return greet_ret;
}

/* take a borrow<thing>: use it and drop it (well-behaved) or keep it (misbehaving) */
EXPORT("use_borrow") int32_t use_borrow(int32_t h) {
  int32_t v = thing_value(h);
  thing_drop(h);
  return v;
}
EXPORT("keep_borrow") int32_t keep_borrow(int32_t h) { return thing_value(h); }
/* take an own<thing>: drop it twice (the second drop names a dead handle) */
EXPORT("drop_twice") void drop_twice(int32_t h) {
  thing_drop(h);
  thing_drop(h);
}
