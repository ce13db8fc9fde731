/* host.c — runs a wasi-libc command through jco's preview1 command adapter, both compiled by
 * wasm2c, on libwitrt: a hand-wired version of what `witc compile` generates for a command
 * component (main owns the memory; the adapter imports it as env.memory, calls main's _start,
 * and lowers every WASI 0.2 import with memory = main's, realloc = its cabi_import_realloc).
 * Usage: host PREOPEN_HOST_DIR [ARGS...]; stdio are the process's; exit status as jco run gives
 * it (0, or 1 for an err result / exit(err)), 70 + kind for a trap. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapter_w2c.h"
#include "main_w2c.h"
#include "witrt.h"

extern char **environ;

static Z_main_instance_t g_main;
static Z_adapter_instance_t g_adapter;
static wrt_memory g_mem;
static wrt_instance g_inst;
static wrt_cx g_cx;

#include "glue.inc"

/* __main_module__: main exports no cabi_realloc, so (like wit-component) allocate adapter
 * state by growing memory. */
u32 Z___main_module__Z_cabi_realloc(struct Z___main_module___instance_t *i, u32 old, u32 old_size, u32 align, u32 size) {
  (void)i; (void)old; (void)old_size; (void)align;
  wasm_rt_memory_t *m = Z_mainZ_memory(&g_main);
  u32 pages = (size + 65535) / 65536;
  u32 prev = wasm_rt_grow_memory(m, pages ? pages : 1);
  if (prev == (u32)-1) wrt_trap(WRT_TRAP_RESOURCE_LIMIT, "memory.grow failed");
  return prev * 65536;
}
void Z___main_module__Z__start(struct Z___main_module___instance_t *i) {
  (void)i;
  Z_mainZ__start(&g_main);
}
wasm_rt_memory_t *Z_envZ_memory(struct Z_env_instance_t *i) {
  (void)i;
  return Z_mainZ_memory(&g_main);
}

static uint32_t import_realloc(void *ctx, uint32_t old, uint32_t old_size, uint32_t align, uint32_t size) {
  (void)ctx;
  return Z_adapterZ_cabi_import_realloc(&g_adapter, old, old_size, align, size);
}

static void instantiate(void *arg) {
  (void)arg;
  Z_main_instantiate(&g_main, &g_preview1);
  Z_adapter_instantiate(&g_adapter, ADAPTER_IMPORT_ARGS);
  /* In a component, wit-component rewrites the adapter so that its exports first allocate the
   * adapter's shadow stack with cabi_realloc. The shipped (unrewritten) adapter leaves that to
   * us: globals 0 = __stack_pointer, 2 = allocation_state (2 = StackAllocated). */
  u32 stack = Z___main_module__Z_cabi_realloc(NULL, 0, 0, 16, 65536);
  g_adapter.w2c_g0 = stack + 65536;
  g_adapter.w2c_g2 = 2;
}

static uint32_t g_run_result;
static void run(void *arg) {
  (void)arg;
  g_run_result = Z_adapterZ_wasiZ3AcliZ2FrunZ400Z2E2Z2E12Z23run(&g_adapter);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: host DIR [ARGS...]\n");
    return 2;
  }
  wrt_preopen pre = {argv[1], "."};
  wrt_wasi_config cfg = {0};
  cfg.argc = argc - 1;
  argv[1] = "cmd.component"; /* the name jco run gives argv[0] */
  cfg.argv = (const char *const *)argv + 1;
  cfg.env = (const char *const *)environ;
  cfg.preopens = &pre;
  cfg.npreopens = 1;
  wrt_wasi *wasi;
  char msg[256];
  if (wrt_wasi_new(&cfg, &wasi, msg, sizeof msg) != 0) {
    fprintf(stderr, "host: %s\n", msg);
    return 3;
  }
  wrt_w2c_init();
  Z_main_init_module();
  Z_adapter_init_module();
  wrt_instance_init(&g_inst, wasi);
  g_cx.inst = &g_inst;
  g_cx.mem = &g_mem;
  g_cx.realloc = import_realloc;
  g_cx.encoding = WRT_UTF8;
  wrt_error err;
  int status;
  if (wrt_w2c_call(instantiate, NULL, &err) != 0) {
    fprintf(stderr, "host: instantiation trapped: %s\n", err.message);
    return 4;
  }
  wrt_w2c_memory_bind(&g_mem, Z_mainZ_memory(&g_main));
  if (wrt_w2c_call(run, NULL, &err) == 0) {
    status = g_run_result == 0 ? 0 : 1;
  } else if (err.kind == WRT_TRAP_EXIT) {
    status = err.exit_code;
  } else {
    fprintf(stderr, "host: trap (%s): %s\n", wrt_trap_kind_name(err.kind), err.message);
    status = 70 + (int)err.kind;
  }
  fflush(stdout);
  wrt_instance_fini(&g_inst);
  Z_adapter_free(&g_adapter);
  Z_main_free(&g_main);
  wrt_w2c_fini();
  wrt_wasi_free(wasi);
  return status;
}
