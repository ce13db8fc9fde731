/* wasi_io.c — wasi:io error, poll and streams for libwitrt.
 *
 * Streams are reference-counted host objects over a file descriptor (pipes and ttys are
 * polled before a non-blocking read; regular files are always ready), a file at an offset
 * (pread/pwrite, from wasi:filesystem), or a memory buffer. Pollables point at a stream or
 * carry a monotonic deadline; wrt_poll turns a list of them into one poll(2) call whose timeout
 * is the nearest deadline. The lowered entry points at the end translate canonical-ABI core
 * values to these calls, writing results through the guest's return pointer.
 */
#include "rt_wasi.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_CAP (4u << 20)      /* largest single read handed to the guest */
#define WRITE_PERMIT (1u << 20)  /* check-write budget */

wrt_obj *wrt__obj_new(int kind) {
  wrt_obj *o = calloc(1, sizeof *o);
  if (!o) return NULL;
  o->refs = 1;
  o->kind = kind;
  o->fd = -1;
  return o;
}

void wrt_obj_retain(wrt_obj *o) {
  if (o) o->refs++;
}

void wrt_obj_release(wrt_obj *o) {
  if (!o || --o->refs > 0) return;
  if (o->owns_fd && o->fd >= 0) close(o->fd);
  if (o->dir) closedir(o->dir);
  wrt_obj_release(o->target);
  free(o->buf);
  free(o);
}

static void obj_dtor(void *ctx, uintptr_t rep) {
  (void)ctx;
  wrt_obj_release((wrt_obj *)rep);
}

const wrt_rtype wrt_rtype_error = {"error", obj_dtor, NULL, 1};
const wrt_rtype wrt_rtype_pollable = {"pollable", obj_dtor, NULL, 1};
const wrt_rtype wrt_rtype_input_stream = {"input-stream", obj_dtor, NULL, 1};
const wrt_rtype wrt_rtype_output_stream = {"output-stream", obj_dtor, NULL, 1};
const wrt_rtype wrt_rtype_descriptor = {"descriptor", obj_dtor, NULL, 1};
const wrt_rtype wrt_rtype_directory_entry_stream = {"directory-entry-stream", obj_dtor, NULL, 1};
const wrt_rtype wrt_rtype_terminal_input = {"terminal-input", obj_dtor, NULL, 1};
const wrt_rtype wrt_rtype_terminal_output = {"terminal-output", obj_dtor, NULL, 1};

wrt_obj *wrt__error_new(int err) {
  wrt_obj *o = wrt__obj_new(OBJ_ERROR);
  if (o) o->err = err;
  return o;
}

static int fd_needs_poll(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0) return 1;
  return !(S_ISREG(st.st_mode) || S_ISBLK(st.st_mode) || S_ISDIR(st.st_mode));
}

static int stream_fd(int kind, int fd, int owns, wrt_obj **out) {
  wrt_obj *o = wrt__obj_new(kind);
  if (!o) return -ENOMEM;
  o->sk = SK_FD;
  o->fd = fd;
  o->owns_fd = owns;
  o->pollable_fd = fd_needs_poll(fd);
  *out = o;
  return 0;
}

int wrt_input_fd(int fd, int owns_fd, wrt_obj **out) { return stream_fd(OBJ_INPUT, fd, owns_fd, out); }
int wrt_output_fd(int fd, int owns_fd, wrt_obj **out) { return stream_fd(OBJ_OUTPUT, fd, owns_fd, out); }

int wrt_input_mem(const void *data, size_t len, wrt_obj **out) {
  wrt_obj *o = wrt__obj_new(OBJ_INPUT);
  if (!o) return -ENOMEM;
  o->sk = SK_MEM;
  o->buf = malloc(len ? len : 1);
  if (!o->buf) {
    free(o);
    return -ENOMEM;
  }
  if (len) memcpy(o->buf, data, len);
  o->len = len;
  *out = o;
  return 0;
}

int wrt_output_mem(size_t limit, wrt_obj **out) {
  wrt_obj *o = wrt__obj_new(OBJ_OUTPUT);
  if (!o) return -ENOMEM;
  o->sk = SK_MEM;
  o->limit = limit;
  *out = o;
  return 0;
}

const uint8_t *wrt_output_mem_data(wrt_obj *s, size_t *len) {
  *len = s->len;
  return s->buf ? s->buf : (const uint8_t *)"";
}

void wrt_stream_close(wrt_obj *s) { s->closed = 1; }

/* Wait until fd is ready for `events` (blocking). */
static int wait_fd(int fd, short events, int timeout_ms) {
  struct pollfd p = {fd, events, 0};
  int r;
  do r = poll(&p, 1, timeout_ms);
  while (r < 0 && errno == EINTR);
  return r;
}

wrt_io_status wrt_input_read(wrt_obj *in, void *buf, size_t len, int blocking, size_t *n,
                             int *err_out) {
  *n = 0;
  if (in->closed) return WRT_IO_CLOSED;
  if (len == 0) return WRT_IO_OK;
  if (in->sk == SK_MEM) {
    if (in->pos >= in->len) return WRT_IO_CLOSED;
    size_t k = in->len - in->pos < len ? in->len - in->pos : len;
    memcpy(buf, in->buf + in->pos, k);
    in->pos += k;
    *n = k;
    return WRT_IO_OK;
  }
  for (;;) {
    if (in->sk == SK_FD && in->pollable_fd) {
      int r = wait_fd(in->fd, POLLIN, blocking ? -1 : 0);
      if (r == 0) return WRT_IO_OK; /* nothing yet */
    }
    ssize_t r = in->sk == SK_FILE ? pread(in->fd, buf, len, (off_t)in->offset) : read(in->fd, buf, len);
    if (r > 0) {
      if (in->sk == SK_FILE) in->offset += (uint64_t)r;
      *n = (size_t)r;
      return WRT_IO_OK;
    }
    if (r == 0) {
      in->closed = 1;
      return WRT_IO_CLOSED;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      if (!blocking) return WRT_IO_OK;
      wait_fd(in->fd, POLLIN, -1);
      continue;
    }
    if (err_out) *err_out = errno;
    in->closed = 1;
    return WRT_IO_FAILED;
  }
}

wrt_io_status wrt_input_skip(wrt_obj *in, uint64_t len, int blocking, uint64_t *n, int *err_out) {
  uint8_t tmp[4096];
  size_t k = len < sizeof tmp ? (size_t)len : sizeof tmp;
  size_t got = 0;
  *n = 0;
  if (in->sk == SK_MEM && !in->closed) {
    if (in->pos >= in->len) return WRT_IO_CLOSED;
    uint64_t rem = in->len - in->pos;
    *n = len < rem ? len : rem;
    in->pos += (size_t)*n;
    return WRT_IO_OK;
  }
  wrt_io_status st = wrt_input_read(in, tmp, k, blocking, &got, err_out);
  *n = got;
  return st;
}

wrt_io_status wrt_output_check_write(wrt_obj *out, uint64_t *permit, int *err_out) {
  (void)err_out;
  *permit = 0;
  if (out->closed) return WRT_IO_CLOSED;
  if (out->sk == SK_MEM && out->limit) {
    *permit = out->limit > out->len ? out->limit - out->len : 0;
    if (*permit > WRITE_PERMIT) *permit = WRITE_PERMIT;
    if (*permit == 0) return WRT_IO_CLOSED;
    return WRT_IO_OK;
  }
  if (out->sk == SK_FD && out->pollable_fd && wait_fd(out->fd, POLLOUT, 0) == 0) return WRT_IO_OK;
  *permit = WRITE_PERMIT;
  return WRT_IO_OK;
}

wrt_io_status wrt_output_write(wrt_obj *out, const void *data, size_t len, int *err_out) {
  const uint8_t *p = data;
  if (out->closed) return WRT_IO_CLOSED;
  if (out->sk == SK_MEM) {
    if (out->limit && out->len + len > out->limit) {
      if (err_out) *err_out = ENOSPC;
      return WRT_IO_FAILED;
    }
    if (out->len + len > out->cap) {
      size_t nc = out->cap ? out->cap : 256;
      while (nc < out->len + len) nc *= 2;
      uint8_t *nb = realloc(out->buf, nc);
      if (!nb) {
        if (err_out) *err_out = ENOMEM;
        return WRT_IO_FAILED;
      }
      out->buf = nb;
      out->cap = nc;
    }
    if (len) memcpy(out->buf + out->len, p, len);
    out->len += len;
    return WRT_IO_OK;
  }
  if (out->sk == SK_APPEND) {
    struct stat st;
    if (fstat(out->fd, &st) == 0) out->offset = (uint64_t)st.st_size;
  }
  while (len > 0) {
    ssize_t r = (out->sk == SK_FD) ? write(out->fd, p, len) : pwrite(out->fd, p, len, (off_t)out->offset);
    if (r < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        wait_fd(out->fd, POLLOUT, -1);
        continue;
      }
      if (err_out) *err_out = errno;
      if (errno == EPIPE) {
        out->closed = 1;
        return WRT_IO_CLOSED;
      }
      return WRT_IO_FAILED;
    }
    p += r;
    len -= (size_t)r;
    if (out->sk != SK_FD) out->offset += (uint64_t)r;
  }
  return WRT_IO_OK;
}

wrt_io_status wrt_output_flush(wrt_obj *out, int *err_out) {
  (void)err_out;
  return out->closed ? WRT_IO_CLOSED : WRT_IO_OK;
}

wrt_io_status wrt_output_splice(wrt_obj *out, wrt_obj *in, uint64_t len, int blocking,
                                uint64_t *n, int *err_out) {
  uint8_t tmp[65536];
  size_t got = 0;
  *n = 0;
  if (out->closed) return WRT_IO_CLOSED;
  size_t k = len < sizeof tmp ? (size_t)len : sizeof tmp;
  wrt_io_status st = wrt_input_read(in, tmp, k, blocking, &got, err_out);
  if (st != WRT_IO_OK) return st;
  st = wrt_output_write(out, tmp, got, err_out);
  if (st == WRT_IO_OK) *n = got;
  return st;
}

/* --- pollables --------------------------------------------------------------------------- */

int wrt_pollable_for_stream(wrt_obj *stream, wrt_obj **out) {
  wrt_obj *p = wrt__obj_new(OBJ_POLLABLE);
  if (!p) return -ENOMEM;
  if (stream->sk == SK_FD && stream->pollable_fd && !stream->closed) {
    p->pk = PK_STREAM;
    p->target = stream;
    wrt_obj_retain(stream);
  } else {
    p->pk = PK_READY;
  }
  *out = p;
  return 0;
}

int wrt_pollable_timer(uint64_t deadline_ns, wrt_obj **out) {
  wrt_obj *p = wrt__obj_new(OBJ_POLLABLE);
  if (!p) return -ENOMEM;
  p->pk = PK_TIMER;
  p->deadline = deadline_ns;
  *out = p;
  return 0;
}

int wrt_pollable_ready(wrt_obj *p) {
  if (p->pk == PK_READY) return 1;
  if (p->pk == PK_TIMER) return wrt_monotonic_now() >= p->deadline;
  struct pollfd pf = {p->target->fd, p->target->kind == OBJ_INPUT ? POLLIN : POLLOUT, 0};
  return poll(&pf, 1, 0) > 0;
}

int wrt_poll(wrt_obj *const *ps, size_t n, uint8_t *ready) {
  struct pollfd stackfds[16];
  struct pollfd *fds = n <= 16 ? stackfds : malloc(n * sizeof *fds);
  int count = 0;
  if (n == 0) return 0;
  if (!fds) return -ENOMEM;
  for (;;) {
    uint64_t now = wrt_monotonic_now();
    uint64_t nearest = UINT64_MAX;
    size_t nf = 0;
    count = 0;
    for (size_t i = 0; i < n; i++) {
      const wrt_obj *p = ps[i];
      ready[i] = 0;
      if (p->pk == PK_READY) ready[i] = 1;
      else if (p->pk == PK_TIMER) {
        if (now >= p->deadline) ready[i] = 1;
        else if (p->deadline < nearest) nearest = p->deadline;
      }
      count += ready[i];
      if (p->pk == PK_STREAM) {
        fds[nf].fd = p->target->fd;
        fds[nf].events = p->target->kind == OBJ_INPUT ? POLLIN : POLLOUT;
        fds[nf].revents = 0;
        nf++;
      }
    }
    int timeout = -1;
    if (count > 0) timeout = 0;
    else if (nearest != UINT64_MAX) {
      uint64_t ms = (nearest - now + 999999) / 1000000;
      timeout = ms > 0x7fffffff ? 0x7fffffff : (int)ms;
    }
    if (nf > 0 || timeout > 0) {
      int r = poll(fds, nf, timeout);
      if (r < 0 && errno != EINTR) {
        int e = errno;
        if (fds != stackfds) free(fds);
        return -e;
      }
      size_t k = 0;
      for (size_t i = 0; i < n; i++) {
        if (ps[i]->pk != PK_STREAM) continue;
        if (r > 0 && fds[k].revents) {
          ready[i] = 1;
          count++;
        }
        k++;
      }
      if (count == 0) {
        now = wrt_monotonic_now();
        for (size_t i = 0; i < n; i++)
          if (ps[i]->pk == PK_TIMER && now >= ps[i]->deadline) {
            ready[i] = 1;
            count++;
          }
      }
    }
    if (count > 0) break;
  }
  if (fds != stackfds) free(fds);
  return count;
}

/* --- lowered entry points ---------------------------------------------------------------- */

uint32_t wrt__lower_u8s(wrt_cx *cx, const void *data, size_t n) {
  uint32_t p = wrt_realloc(cx, 0, 0, 1, (uint32_t)n);
  if (n) memcpy(cx->mem->base + p, data, n);
  return p;
}

static uint32_t own_or_trap(wrt_cx *cx, const wrt_rtype *t, wrt_obj *o, int rc) {
  if (rc != 0 || !o) wrt_trap(WRT_TRAP_RESOURCE_LIMIT, "host out of memory creating a %s", t->name);
  return wrt__own(cx, t, o);
}

/* Store a stream-error (variant: 0 last-operation-failed(own error), 1 closed) at addr. */
static void store_stream_error(wrt_cx *cx, uint32_t addr, wrt_io_status st, int err) {
  if (st == WRT_IO_CLOSED) {
    wrt_store_u8(cx->mem, addr, 1);
    return;
  }
  wrt_obj *e = wrt__error_new(err);
  wrt_store_u8(cx->mem, addr, 0);
  wrt_store_u32(cx->mem, addr + 4, own_or_trap(cx, &wrt_rtype_error, e, 0));
}

void wrt_lower_wasi_io_error__resource_drop_error(wrt_cx *cx, uint32_t h) {
  wrt__drop(cx, &wrt_rtype_error, h);
}

void wrt_lower_wasi_io_error__method_error_to_debug_string(wrt_cx *cx, uint32_t self, uint32_t ret) {
  wrt__enter(cx);
  wrt_obj *e = wrt__get(cx, &wrt_rtype_error, self);
  wrt_check_range(cx->mem, ret, 8, 4);
  char msg[160];
  snprintf(msg, sizeof msg, "%s (errno %d)", strerror(e->err), e->err);
  uint32_t p, l;
  wrt_lower_string(cx, msg, strlen(msg), &p, &l);
  wrt_store_u32(cx->mem, ret, p);
  wrt_store_u32(cx->mem, ret + 4, l);
}

void wrt_lower_wasi_io_poll__resource_drop_pollable(wrt_cx *cx, uint32_t h) {
  wrt__drop(cx, &wrt_rtype_pollable, h);
}

uint32_t wrt_lower_wasi_io_poll__method_pollable_ready(wrt_cx *cx, uint32_t self) {
  wrt__enter(cx);
  return (uint32_t)wrt_pollable_ready(wrt__get(cx, &wrt_rtype_pollable, self));
}

void wrt_lower_wasi_io_poll__method_pollable_block(wrt_cx *cx, uint32_t self) {
  wrt__enter(cx);
  wrt_obj *p = wrt__get(cx, &wrt_rtype_pollable, self);
  uint8_t r;
  if (wrt_poll(&p, 1, &r) < 0) wrt_trap(WRT_TRAP_HOST, "poll(2) failed");
}

void wrt_lower_wasi_io_poll__poll(wrt_cx *cx, uint32_t ptr, uint32_t len, uint32_t ret) {
  wrt__enter(cx);
  if (len == 0) wrt_trap(WRT_TRAP_HOST, "poll: empty list of pollables");
  wrt_check_range(cx->mem, ret, 8, 4);
  const uint8_t *hs = wrt_lift_list(cx->mem, ptr, len, 4, 4);
  wrt_obj **ps = wrt__scratch_alloc((size_t)len * sizeof *ps);
  uint8_t *ready = wrt__scratch_alloc(len);
  uint32_t *idx = wrt__scratch_alloc((size_t)len * 4);
  for (uint32_t i = 0; i < len; i++) {
    uint32_t h;
    memcpy(&h, hs + 4 * i, 4);
    ps[i] = wrt__get(cx, &wrt_rtype_pollable, h); /* a bad handle traps; scratch is freed */
  }
  int n = wrt_poll(ps, len, ready);
  if (n < 0) wrt_trap(WRT_TRAP_HOST, "poll(2) failed: %s", strerror(-n));
  uint32_t k = 0;
  for (uint32_t i = 0; i < len; i++)
    if (ready[i]) idx[k++] = i;
  uint32_t p = wrt_realloc(cx, 0, 0, 4, k * 4);
  memcpy(cx->mem->base + p, idx, (size_t)k * 4);
  wrt__scratch_free(idx);
  wrt__scratch_free(ready);
  wrt__scratch_free(ps);
  wrt_store_u32(cx->mem, ret, p);
  wrt_store_u32(cx->mem, ret + 4, k);
}

void wrt_lower_wasi_io_streams__resource_drop_input_stream(wrt_cx *cx, uint32_t h) {
  wrt__drop(cx, &wrt_rtype_input_stream, h);
}

void wrt_lower_wasi_io_streams__resource_drop_output_stream(wrt_cx *cx, uint32_t h) {
  wrt__drop(cx, &wrt_rtype_output_stream, h);
}

/* result<list<u8>, stream-error>: disc @0, ok {ptr @4, len @8}, err stream-error @4 */
static void lower_read(wrt_cx *cx, uint32_t self, uint64_t len, uint32_t ret, int blocking) {
  wrt__enter(cx);
  wrt_obj *in = wrt__get(cx, &wrt_rtype_input_stream, self);
  wrt_check_range(cx->mem, ret, 12, 4);
  size_t want = len > READ_CAP ? READ_CAP : (size_t)len;
  uint8_t stackbuf[4096];
  uint8_t *buf = want <= sizeof stackbuf ? stackbuf : wrt__scratch_alloc(want);
  size_t n = 0;
  int err = 0;
  wrt_io_status st = wrt_input_read(in, buf, want, blocking, &n, &err);
  if (st == WRT_IO_OK) {
    uint32_t p = wrt_realloc(cx, 0, 0, 1, (uint32_t)n);
    if (n) memcpy(cx->mem->base + p, buf, n);
    if (buf != stackbuf) wrt__scratch_free(buf);
    wrt_store_u8(cx->mem, ret, 0);
    wrt_store_u32(cx->mem, ret + 4, p);
    wrt_store_u32(cx->mem, ret + 8, (uint32_t)n);
    return;
  }
  if (buf != stackbuf) wrt__scratch_free(buf);
  wrt_store_u8(cx->mem, ret, 1);
  store_stream_error(cx, ret + 4, st, err);
}

void wrt_lower_wasi_io_streams__method_input_stream_read(wrt_cx *cx, uint32_t self, uint64_t len, uint32_t ret) {
  lower_read(cx, self, len, ret, 0);
}

void wrt_lower_wasi_io_streams__method_input_stream_blocking_read(wrt_cx *cx, uint32_t self, uint64_t len, uint32_t ret) {
  lower_read(cx, self, len, ret, 1);
}

/* result<u64, stream-error>: disc @0, ok u64 @8, err stream-error @8 */
static void store_u64_result(wrt_cx *cx, uint32_t ret, wrt_io_status st, uint64_t v, int err) {
  if (st == WRT_IO_OK) {
    wrt_store_u8(cx->mem, ret, 0);
    wrt_store_u64(cx->mem, ret + 8, v);
  } else {
    wrt_store_u8(cx->mem, ret, 1);
    store_stream_error(cx, ret + 8, st, err);
  }
}

static void lower_skip(wrt_cx *cx, uint32_t self, uint64_t len, uint32_t ret, int blocking) {
  wrt__enter(cx);
  wrt_obj *in = wrt__get(cx, &wrt_rtype_input_stream, self);
  wrt_check_range(cx->mem, ret, 16, 8);
  uint64_t n = 0;
  int err = 0;
  wrt_io_status st = wrt_input_skip(in, len, blocking, &n, &err);
  store_u64_result(cx, ret, st, n, err);
}

void wrt_lower_wasi_io_streams__method_input_stream_skip(wrt_cx *cx, uint32_t self, uint64_t len, uint32_t ret) {
  lower_skip(cx, self, len, ret, 0);
}

void wrt_lower_wasi_io_streams__method_input_stream_blocking_skip(wrt_cx *cx, uint32_t self, uint64_t len, uint32_t ret) {
  lower_skip(cx, self, len, ret, 1);
}

static uint32_t lower_subscribe(wrt_cx *cx, const wrt_rtype *t, uint32_t self) {
  wrt__enter(cx);
  wrt_obj *s = wrt__get(cx, t, self);
  wrt_obj *p = NULL;
  int rc = wrt_pollable_for_stream(s, &p);
  return own_or_trap(cx, &wrt_rtype_pollable, p, rc);
}

uint32_t wrt_lower_wasi_io_streams__method_input_stream_subscribe(wrt_cx *cx, uint32_t self) {
  return lower_subscribe(cx, &wrt_rtype_input_stream, self);
}

uint32_t wrt_lower_wasi_io_streams__method_output_stream_subscribe(wrt_cx *cx, uint32_t self) {
  return lower_subscribe(cx, &wrt_rtype_output_stream, self);
}

void wrt_lower_wasi_io_streams__method_output_stream_check_write(wrt_cx *cx, uint32_t self, uint32_t ret) {
  wrt__enter(cx);
  wrt_obj *out = wrt__get(cx, &wrt_rtype_output_stream, self);
  wrt_check_range(cx->mem, ret, 16, 8);
  uint64_t permit = 0;
  int err = 0;
  wrt_io_status st = wrt_output_check_write(out, &permit, &err);
  store_u64_result(cx, ret, st, permit, err);
}

/* result<_, stream-error>: disc @0, err @4 */
static void store_unit_result(wrt_cx *cx, uint32_t ret, wrt_io_status st, int err) {
  if (st == WRT_IO_OK) {
    wrt_store_u8(cx->mem, ret, 0);
  } else {
    wrt_store_u8(cx->mem, ret, 1);
    store_stream_error(cx, ret + 4, st, err);
  }
}

static void lower_write(wrt_cx *cx, uint32_t self, uint32_t ptr, uint32_t len, uint32_t ret) {
  wrt__enter(cx);
  wrt_obj *out = wrt__get(cx, &wrt_rtype_output_stream, self);
  wrt_check_range(cx->mem, ret, 12, 4);
  const uint8_t *data = wrt_lift_list(cx->mem, ptr, len, 1, 1);
  int err = 0;
  wrt_io_status st = wrt_output_write(out, data, len, &err);
  store_unit_result(cx, ret, st, err);
}

void wrt_lower_wasi_io_streams__method_output_stream_write(wrt_cx *cx, uint32_t self, uint32_t ptr, uint32_t len, uint32_t ret) {
  lower_write(cx, self, ptr, len, ret);
}

void wrt_lower_wasi_io_streams__method_output_stream_blocking_write_and_flush(wrt_cx *cx, uint32_t self, uint32_t ptr, uint32_t len, uint32_t ret) {
  lower_write(cx, self, ptr, len, ret);
}

static void lower_flush(wrt_cx *cx, uint32_t self, uint32_t ret) {
  wrt__enter(cx);
  wrt_obj *out = wrt__get(cx, &wrt_rtype_output_stream, self);
  wrt_check_range(cx->mem, ret, 12, 4);
  int err = 0;
  wrt_io_status st = wrt_output_flush(out, &err);
  store_unit_result(cx, ret, st, err);
}

void wrt_lower_wasi_io_streams__method_output_stream_flush(wrt_cx *cx, uint32_t self, uint32_t ret) {
  lower_flush(cx, self, ret);
}

void wrt_lower_wasi_io_streams__method_output_stream_blocking_flush(wrt_cx *cx, uint32_t self, uint32_t ret) {
  lower_flush(cx, self, ret);
}

static void lower_zeroes(wrt_cx *cx, uint32_t self, uint64_t len, uint32_t ret) {
  static const uint8_t zeroes[4096];
  wrt__enter(cx);
  wrt_obj *out = wrt__get(cx, &wrt_rtype_output_stream, self);
  wrt_check_range(cx->mem, ret, 12, 4);
  int err = 0;
  wrt_io_status st = WRT_IO_OK;
  while (len > 0 && st == WRT_IO_OK) {
    size_t k = len < sizeof zeroes ? (size_t)len : sizeof zeroes;
    st = wrt_output_write(out, zeroes, k, &err);
    len -= k;
  }
  store_unit_result(cx, ret, st, err);
}

void wrt_lower_wasi_io_streams__method_output_stream_write_zeroes(wrt_cx *cx, uint32_t self, uint64_t len, uint32_t ret) {
  lower_zeroes(cx, self, len, ret);
}

void wrt_lower_wasi_io_streams__method_output_stream_blocking_write_zeroes_and_flush(wrt_cx *cx, uint32_t self, uint64_t len, uint32_t ret) {
  lower_zeroes(cx, self, len, ret);
}

static void lower_splice(wrt_cx *cx, uint32_t self, uint32_t src, uint64_t len, uint32_t ret, int blocking) {
  wrt__enter(cx);
  wrt_obj *out = wrt__get(cx, &wrt_rtype_output_stream, self);
  wrt_obj *in = wrt__get(cx, &wrt_rtype_input_stream, src);
  wrt_check_range(cx->mem, ret, 16, 8);
  uint64_t n = 0;
  int err = 0;
  wrt_io_status st = wrt_output_splice(out, in, len, blocking, &n, &err);
  store_u64_result(cx, ret, st, n, err);
}

void wrt_lower_wasi_io_streams__method_output_stream_splice(wrt_cx *cx, uint32_t self, uint32_t src, uint64_t len, uint32_t ret) {
  lower_splice(cx, self, src, len, ret, 0);
}

void wrt_lower_wasi_io_streams__method_output_stream_blocking_splice(wrt_cx *cx, uint32_t self, uint32_t src, uint64_t len, uint32_t ret) {
  lower_splice(cx, self, src, len, ret, 1);
}
