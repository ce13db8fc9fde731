/* rt_w2c.c — the wasm2c engine seam of libwitrt (built as libwitrt-w2c).
 *
 * The only file that sees wasm2c's runtime. wasm2c code traps by longjmp-ing to the global
 * wasm_rt_jmp_buf armed by wasm_rt_impl_try(); libwitrt's own traps go through a frame's raise
 * function. wrt_w2c_call arms wasm_rt_jmp_buf (saving the outer one, so calls nest) and pushes
 * a frame whose raise is wasm_rt_trap, so both kinds of trap land in the same place: a trap
 * raised by libwitrt has recorded its kind and message first, an engine trap has not and is
 * mapped from wasm_rt_trap_t.
 */
#include "witrt.h"

#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <wasm-rt-impl.h>
#include <wasm-rt.h>

static void w2c_raise(wrt_frame *self) {
  (void)self;
  wasm_rt_trap(WASM_RT_TRAP_UNREACHABLE); /* the real kind was recorded by wrt_trap */
}

static wrt_trap_kind map_trap(wasm_rt_trap_t t) {
  switch (t) {
  case WASM_RT_TRAP_OOB: return WRT_TRAP_OOB;
  case WASM_RT_TRAP_INT_OVERFLOW: return WRT_TRAP_INT_OVERFLOW;
  case WASM_RT_TRAP_DIV_BY_ZERO: return WRT_TRAP_DIV_BY_ZERO;
  case WASM_RT_TRAP_INVALID_CONVERSION: return WRT_TRAP_INVALID_CONVERSION;
  case WASM_RT_TRAP_UNREACHABLE: return WRT_TRAP_UNREACHABLE;
  case WASM_RT_TRAP_CALL_INDIRECT: return WRT_TRAP_CALL_INDIRECT;
#if !WASM_RT_MERGED_OOB_AND_EXHAUSTION_TRAPS
  case WASM_RT_TRAP_EXHAUSTION: return WRT_TRAP_EXHAUSTION;
#endif
  default: return WRT_TRAP_ENGINE;
  }
}

void wrt_w2c_init(void) {
  if (!wasm_rt_is_initialized()) wasm_rt_init();
}

void wrt_w2c_fini(void) {
  if (wasm_rt_is_initialized()) wasm_rt_free();
}

/* Depth of wrt_w2c_call on this thread: only nested calls must save the outer jump buffer. */
static _Thread_local unsigned g_depth;

int wrt_w2c_call(wrt_thunk fn, void *arg, wrt_error *err) {
  wrt_frame f;
  jmp_buf saved;
  wrt_error local;
  volatile int rc = 0;
  WASM_RT_UNWIND_TARGET *volatile saved_target = wasm_rt_get_unwind_target();
  volatile unsigned depth = g_depth++;
  if (depth) memcpy(saved, wasm_rt_jmp_buf, sizeof saved);
  f.raise = w2c_raise;
  f.engine = NULL;
  wrt_frame_push(&f);
  /* wasm_rt_impl_try() without saving the signal mask: sigsetjmp(buf, 1) costs a sigprocmask
   * system call on every call (~0.6 us). The mask only changes when a guard-page fault is
   * turned into a trap from inside the SIGSEGV handler, so it is restored on that path only. */
  WASM_RT_SAVE_STACK_DEPTH();
  wasm_rt_set_unwind_target(&wasm_rt_jmp_buf);
  wasm_rt_trap_t t = (wasm_rt_trap_t)sigsetjmp(wasm_rt_jmp_buf, 0);
  if (t == WASM_RT_TRAP_NONE) {
    fn(arg);
  } else {
    sigset_t faults;
    sigemptyset(&faults);
    sigaddset(&faults, SIGSEGV);
    sigaddset(&faults, SIGBUS);
    sigprocmask(SIG_UNBLOCK, &faults, NULL);
    wrt_trap_take(&local);
    if (local.kind == WRT_TRAP_NONE) wrt_trap_set(&local, map_trap(t), wasm_rt_strerror(t));
    rc = -1;
  }
  wrt_frame_pop(&f);
  g_depth = depth;
  if (depth) memcpy(wasm_rt_jmp_buf, saved, sizeof saved);
  wasm_rt_set_unwind_target(saved_target);
  if (err) {
    if (rc == 0) { /* the common path: no 264-byte copy */
      err->kind = WRT_TRAP_NONE;
      err->exit_code = 0;
      err->message[0] = 0;
    } else {
      *err = local;
    }
  }
  return rc;
}

static void w2c_refresh(wrt_memory *m) {
  const wasm_rt_memory_t *rm = m->engine;
  m->base = rm->data;
  m->size = rm->size;
}

void wrt_w2c_memory_bind(wrt_memory *m, void *wasm_rt_memory) {
  m->engine = wasm_rt_memory;
  m->refresh = w2c_refresh;
  w2c_refresh(m);
}

int wrt_w2c_enter(wrt_instance *inst, wrt_thunk fn, void *arg, wrt_error *err) {
  if (inst->trapped) {
    if (err) {
      err->kind = WRT_TRAP_HOST;
      err->exit_code = 0;
      snprintf(err->message, sizeof err->message, "component instance trapped earlier and may not be entered");
    }
    return -1;
  }
  wrt_error local;
  int rc = wrt_w2c_call(fn, arg, &local);
  if (rc != 0 && local.kind != WRT_TRAP_EXIT) inst->trapped = 1;
  if (err) {
    if (rc == 0) {
      err->kind = WRT_TRAP_NONE;
      err->exit_code = 0;
      err->message[0] = 0;
    } else {
      *err = local;
    }
  }
  return rc;
}
