/* rt_wasi.h — private to libwitrt: the host objects behind WASI resources, and the small
 * helpers the lowered entry points share. Not installed; generated code never sees it. */
#ifndef WRT_RT_WASI_H
#define WRT_RT_WASI_H

#include "witrt.h"

#include <dirent.h>

enum obj_kind { OBJ_ERROR, OBJ_POLLABLE, OBJ_INPUT, OBJ_OUTPUT, OBJ_DESCRIPTOR, OBJ_DIRSTREAM, OBJ_TERMINAL };
/* stream sub-kinds */
enum { SK_FD, SK_FILE, SK_APPEND, SK_MEM };
/* pollable sub-kinds */
enum { PK_READY, PK_TIMER, PK_STREAM };

/* One struct for every host object: fields are used according to `kind`. */
struct wrt_obj {
  int refs;
  int kind;
  /* streams */
  int sk;
  int fd, owns_fd;
  int pollable_fd; /* 1 if readiness needs poll(2) (pipes, ttys, sockets) */
  uint64_t offset; /* SK_FILE position */
  uint8_t *buf;    /* SK_MEM */
  size_t len, cap, pos, limit;
  int closed;
  /* error */
  int err;
  /* pollable */
  int pk;
  uint64_t deadline;
  wrt_obj *target;
  /* descriptor */
  uint8_t dtype;
  uint32_t dflags;
  /* directory-entry stream */
  DIR *dir;
};

struct wrt_wasi {
  char **argv;
  int argc;
  char **env;
  size_t nenv;
  char *initial_cwd;
  wrt_obj *in, *out, *err;
  wrt_obj **pre;
  char **pre_names;
  size_t npre;
};

/* Host scratch memory that a trap must not leak: wrt__scratch_alloc (traps on OOM) registers
 * the block with the current thread; wrt__scratch_free frees and unregisters it; a trap frees
 * every block registered since the innermost guard frame was pushed. */
void *wrt__scratch_alloc(size_t n);
void wrt__scratch_free(void *p);

wrt_obj *wrt__obj_new(int kind);
wrt_obj *wrt__error_new(int err);

/* Entry of every lowered function: may_leave check and memory refresh. */
static inline void wrt__enter(wrt_cx *cx) {
  wrt_check_may_leave(cx->inst);
  if (cx->mem) wrt_memory_refresh(cx->mem);
}
static inline wrt_obj *wrt__get(wrt_cx *cx, const wrt_rtype *t, uint32_t h) {
  return (wrt_obj *)wrt_handle_rep(&cx->inst->handles, t, h);
}
/* New own handle for o; the handle takes over the caller's reference. */
static inline uint32_t wrt__own(wrt_cx *cx, const wrt_rtype *t, wrt_obj *o) {
  return wrt_handle_new_own(&cx->inst->handles, t, (uintptr_t)o);
}
static inline void wrt__drop(wrt_cx *cx, const wrt_rtype *t, uint32_t h) {
  wrt_check_may_leave(cx->inst);
  wrt_handle_drop(&cx->inst->handles, t, h);
}
/* Lower a byte list through realloc (one call, exact size); returns the guest pointer. */
uint32_t wrt__lower_u8s(wrt_cx *cx, const void *data, size_t n);
wrt_wasi *wrt__wasi(wrt_cx *cx);

#endif
