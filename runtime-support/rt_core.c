/* rt_core.c — traps and the canonical-ABI helpers of libwitrt.
 *
 * A trap is a longjmp-style unwind to the innermost guard frame of the calling thread. Frames
 * form a per-thread stack; each frame carries its own `raise` function, so the same wrt_trap()
 * works whether the frame was set by wrt_call (a plain setjmp here) or by an engine (wasm2c's
 * wasm_rt_impl_try, whose raise is wasm_rt_trap). The trap's kind and message are recorded in
 * thread-local storage before unwinding and collected by the frame's owner.
 * The lift/lower helpers check everything the guest hands over and trap on any violation.
 */
#include "rt_wasi.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static _Thread_local wrt_frame *g_top;
static _Thread_local wrt_error g_pending;

#define SCRATCH_MAX 32
static _Thread_local void *g_scratch[SCRATCH_MAX];
static _Thread_local unsigned g_nscratch;

void *wrt__scratch_alloc(size_t n) {
  if (g_nscratch == SCRATCH_MAX) wrt_trap(WRT_TRAP_RESOURCE_LIMIT, "host scratch exhausted");
  void *p = malloc(n ? n : 1);
  if (!p) wrt_trap(WRT_TRAP_RESOURCE_LIMIT, "host out of memory (%zu bytes)", n);
  g_scratch[g_nscratch++] = p;
  return p;
}

void wrt__scratch_free(void *p) {
  for (unsigned i = g_nscratch; i > 0; i--)
    if (g_scratch[i - 1] == p) {
      memmove(&g_scratch[i - 1], &g_scratch[i], (g_nscratch - i) * sizeof g_scratch[0]);
      g_nscratch--;
      break;
    }
  free(p);
}

const char *wrt_trap_kind_name(wrt_trap_kind kind) {
  switch (kind) {
  case WRT_TRAP_NONE: return "none";
  case WRT_TRAP_UNREACHABLE: return "unreachable";
  case WRT_TRAP_OOB: return "out-of-bounds";
  case WRT_TRAP_INT_OVERFLOW: return "integer-overflow";
  case WRT_TRAP_DIV_BY_ZERO: return "divide-by-zero";
  case WRT_TRAP_INVALID_CONVERSION: return "invalid-conversion";
  case WRT_TRAP_CALL_INDIRECT: return "bad-call-indirect";
  case WRT_TRAP_EXHAUSTION: return "stack-exhausted";
  case WRT_TRAP_ENGINE: return "engine";
  case WRT_TRAP_UNALIGNED: return "unaligned-pointer";
  case WRT_TRAP_INVALID_UTF8: return "invalid-string";
  case WRT_TRAP_INVALID_CHAR: return "invalid-char";
  case WRT_TRAP_INVALID_DISCRIMINANT: return "invalid-discriminant";
  case WRT_TRAP_LENGTH: return "length-overflow";
  case WRT_TRAP_REALLOC: return "bad-realloc";
  case WRT_TRAP_INVALID_HANDLE: return "invalid-handle";
  case WRT_TRAP_HANDLE_LENT: return "handle-lent";
  case WRT_TRAP_BORROW_OUTLIVED: return "borrow-outlived-call";
  case WRT_TRAP_MAY_NOT_LEAVE: return "may-not-leave";
  case WRT_TRAP_RESOURCE_LIMIT: return "resource-limit";
  case WRT_TRAP_HOST: return "host";
  case WRT_TRAP_EXIT: return "exit";
  }
  return "unknown";
}

void wrt_frame_push(wrt_frame *f) {
  f->scratch_mark = g_nscratch;
  f->prev = g_top;
  g_top = f;
}

void wrt_frame_pop(wrt_frame *f) {
  /* Frames above f (left behind by an unwind that skipped them) are dropped too. */
  g_top = f->prev;
}

void wrt_trap_take(wrt_error *out) {
  if (out) *out = g_pending;
  memset(&g_pending, 0, sizeof g_pending);
}

void wrt_trap_set(wrt_error *out, wrt_trap_kind kind, const char *msg) {
  if (!out) return;
  out->kind = kind;
  out->exit_code = 0;
  snprintf(out->message, sizeof out->message, "%s", msg ? msg : "");
}

static WRT_NORETURN void unwind(void) {
  wrt_frame *f = g_top;
  if (!f) {
    fprintf(stderr, "libwitrt: trap (%s) outside any guarded call: %s\n",
            wrt_trap_kind_name(g_pending.kind), g_pending.message);
    abort(); /* an embedder bug: every guest entry must go through wrt_call/wrt_w2c_call */
  }
  while (g_nscratch > f->scratch_mark) free(g_scratch[--g_nscratch]);
  f->raise(f);
  abort(); /* raise never returns */
}

void wrt_trap(wrt_trap_kind kind, const char *fmt, ...) {
  va_list ap;
  g_pending.kind = kind;
  g_pending.exit_code = 0;
  va_start(ap, fmt);
  vsnprintf(g_pending.message, sizeof g_pending.message, fmt, ap);
  va_end(ap);
  unwind();
}

void wrt_exit(int status) {
  g_pending.kind = WRT_TRAP_EXIT;
  g_pending.exit_code = status;
  snprintf(g_pending.message, sizeof g_pending.message, "exit with status %d", status);
  unwind();
}

/* wrt_call's frame: a plain jmp_buf. */
typedef struct plain_frame {
  wrt_frame base;
  jmp_buf jb;
} plain_frame;

static void plain_raise(wrt_frame *self) {
  plain_frame *pf = (plain_frame *)self;
  longjmp(pf->jb, 1);
}

int wrt_call(wrt_thunk fn, void *arg, wrt_error *err) {
  plain_frame pf;
  volatile int rc = 0;
  pf.base.raise = plain_raise;
  pf.base.engine = NULL;
  wrt_frame_push(&pf.base);
  if (setjmp(pf.jb) == 0) {
    fn(arg);
    if (err) {
      err->kind = WRT_TRAP_NONE;
      err->exit_code = 0;
      err->message[0] = 0;
    }
  } else {
    wrt_trap_take(err);
    rc = -1;
  }
  wrt_frame_pop(&pf.base);
  return rc;
}

/* ---------------------------------------------------------------------------------------- */

float wrt_lift_f32(float f) {
  if (f != f) {
    uint32_t bits = 0x7fc00000u;
    memcpy(&f, &bits, sizeof f);
  }
  return f;
}

double wrt_lift_f64(double f) {
  if (f != f) {
    uint64_t bits = 0x7ff8000000000000ull;
    memcpy(&f, &bits, sizeof f);
  }
  return f;
}

int wrt_utf8_valid(const uint8_t *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    /* ASCII fast path, 8 bytes at a time */
    while (len - i >= 8) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= len) break;
    uint8_t c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t n;
    uint32_t cp, min;
    if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (len - i <= n) return 0;
    for (size_t k = 1; k <= n; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    i += n + 1;
  }
  return 1;
}

/* Append code point cp as UTF-8 to out (room for 4 bytes guaranteed by the caller). */
static size_t put_utf8(uint8_t *out, uint32_t cp) {
  if (cp < 0x80) { out[0] = (uint8_t)cp; return 1; }
  if (cp < 0x800) { out[0] = (uint8_t)(0xC0 | (cp >> 6)); out[1] = (uint8_t)(0x80 | (cp & 0x3F)); return 2; }
  if (cp < 0x10000) {
    out[0] = (uint8_t)(0xE0 | (cp >> 12));
    out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (uint8_t)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (uint8_t)(0xF0 | (cp >> 18));
  out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (uint8_t)(0x80 | (cp & 0x3F));
  return 4;
}

static void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) wrt_trap(WRT_TRAP_RESOURCE_LIMIT, "host out of memory (%zu bytes)", n);
  return p;
}

static wrt_memory *need_mem(const wrt_cx *cx) {
  if (!cx->mem) wrt_trap(WRT_TRAP_HOST, "canonical option `memory` missing");
  return cx->mem;
}

wrt_str wrt_lift_string(const wrt_cx *cx, uint32_t ptr, uint32_t len) {
  wrt_memory *m = need_mem(cx);
  wrt_str r = {NULL, 0, 0};
  int utf16 = cx->encoding == WRT_UTF16;
  uint32_t units = len;
  if (cx->encoding == WRT_LATIN1_UTF16) {
    utf16 = (len & 0x80000000u) != 0;
    units = len & 0x7FFFFFFFu;
    if (!utf16) {
      if (units > WRT_MAX_BYTE_LENGTH) wrt_trap(WRT_TRAP_LENGTH, "string of %u bytes is too long", (unsigned)units);
      const uint8_t *src = wrt_check_range(m, ptr, units, 2);
      uint8_t *dst = xmalloc((size_t)units * 2 + 1);
      size_t o = 0;
      for (uint32_t i = 0; i < units; i++) o += put_utf8(dst + o, src[i]);
      dst[o] = 0;
      r.data = (const char *)dst;
      r.len = o;
      r.owned = 1;
      return r;
    }
  }
  if (!utf16) {
    if (units > WRT_MAX_BYTE_LENGTH) wrt_trap(WRT_TRAP_LENGTH, "string of %u bytes is too long", (unsigned)units);
    const uint8_t *p = wrt_check_range(m, ptr, units, 1);
    if (!wrt_utf8_valid(p, units))
      wrt_trap(WRT_TRAP_INVALID_UTF8, "string at 0x%x (%u bytes) is not valid UTF-8", (unsigned)ptr, (unsigned)units);
    r.data = (const char *)p;
    r.len = units;
    return r;
  }
  if ((uint64_t)units * 2 > WRT_MAX_BYTE_LENGTH)
    wrt_trap(WRT_TRAP_LENGTH, "string of %u UTF-16 units is too long", (unsigned)units);
  const uint8_t *p = wrt_check_range(m, ptr, (uint64_t)units * 2, 2);
  uint8_t *dst = xmalloc((size_t)units * 3 + 1);
  size_t o = 0;
  for (uint32_t i = 0; i < units; i++) {
    uint16_t u;
    memcpy(&u, p + 2 * i, 2);
    uint32_t cp = u;
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
      uint16_t lo;
      memcpy(&lo, p + 2 * (i + 1), 2);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        cp = 0x10000 + (((uint32_t)u - 0xD800) << 10) + (lo - 0xDC00);
        i++;
      }
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) {
      free(dst);
      wrt_trap(WRT_TRAP_INVALID_UTF8, "UTF-16 string at 0x%x has an unpaired surrogate", (unsigned)ptr);
    }
    o += put_utf8(dst + o, cp);
  }
  dst[o] = 0;
  r.data = (const char *)dst;
  r.len = o;
  r.owned = 1;
  return r;
}

uint32_t wrt_realloc(const wrt_cx *cx, uint32_t old_ptr, uint32_t old_size, uint32_t align,
                     uint32_t new_size) {
  wrt_memory *m = need_mem(cx);
  if (!cx->realloc) wrt_trap(WRT_TRAP_REALLOC, "canonical option `realloc` missing");
  int saved = cx->inst ? cx->inst->may_leave : 1;
  if (cx->inst) cx->inst->may_leave = 0;
  uint32_t p = cx->realloc(cx->realloc_ctx, old_ptr, old_size, align, new_size);
  if (cx->inst) cx->inst->may_leave = saved;
  wrt_memory_refresh(m);
  if ((align > 1 && (p & (align - 1)) != 0) || (uint64_t)p + new_size > m->size)
    wrt_trap(WRT_TRAP_REALLOC, "realloc returned 0x%x for %u bytes (align %u, memory %llu bytes)",
             (unsigned)p, (unsigned)new_size, (unsigned)align, (unsigned long long)m->size);
  return p;
}

void wrt_lower_string(const wrt_cx *cx, const char *s, size_t len, uint32_t *out_ptr,
                      uint32_t *out_len) {
  const uint8_t *u = (const uint8_t *)s;
  if (!wrt_utf8_valid(u, len)) wrt_trap(WRT_TRAP_HOST, "host string is not valid UTF-8");
  if (len > WRT_MAX_BYTE_LENGTH) wrt_trap(WRT_TRAP_LENGTH, "host string of %zu bytes is too long", len);
  if (cx->encoding == WRT_UTF8) {
    uint32_t p = wrt_realloc(cx, 0, 0, 1, (uint32_t)len);
    if (len) memcpy(cx->mem->base + p, s, len);
    *out_ptr = p;
    *out_len = (uint32_t)len;
    return;
  }
  /* Decode once into UTF-16 code units; use Latin-1 when every code point fits and the
   * encoding allows it. */
  uint16_t *tmp = wrt__scratch_alloc(len * 2 + 2);
  size_t n = 0;
  int latin1 = cx->encoding == WRT_LATIN1_UTF16;
  for (size_t i = 0; i < len;) {
    uint32_t cp = u[i];
    size_t k = cp < 0x80 ? 1 : cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
    if (k > 1) {
      cp &= k == 2 ? 0x1F : k == 3 ? 0x0F : 0x07;
      for (size_t j = 1; j < k; j++) cp = (cp << 6) | (u[i + j] & 0x3F);
    }
    i += k;
    if (cp > 0xFF) latin1 = 0;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      tmp[n++] = (uint16_t)(0xD800 + (cp >> 10));
      tmp[n++] = (uint16_t)(0xDC00 + (cp & 0x3FF));
    } else {
      tmp[n++] = (uint16_t)cp;
    }
  }
  if (latin1) {
    uint32_t p = wrt_realloc(cx, 0, 0, 2, (uint32_t)n);
    for (size_t i = 0; i < n; i++) cx->mem->base[p + i] = (uint8_t)tmp[i];
    *out_ptr = p;
    *out_len = (uint32_t)n;
  } else {
    uint32_t p = wrt_realloc(cx, 0, 0, 2, (uint32_t)(n * 2));
    if (n) memcpy(cx->mem->base + p, tmp, n * 2);
    *out_ptr = p;
    *out_len = (uint32_t)n | (cx->encoding == WRT_LATIN1_UTF16 ? 0x80000000u : 0);
  }
  wrt__scratch_free(tmp);
}

uint8_t *wrt_lift_list(wrt_memory *m, uint32_t ptr, uint32_t count, uint32_t elem_size,
                       uint32_t align) {
  uint64_t bytes = (uint64_t)count * elem_size;
  if (bytes > WRT_MAX_BYTE_LENGTH)
    wrt_trap(WRT_TRAP_LENGTH, "list of %u elements of %u bytes is too long", (unsigned)count,
             (unsigned)elem_size);
  return wrt_check_range(m, ptr, bytes, align);
}

uint32_t wrt_alloc_list(const wrt_cx *cx, uint32_t count, uint32_t elem_size, uint32_t align) {
  uint64_t bytes = (uint64_t)count * elem_size;
  if (bytes > WRT_MAX_BYTE_LENGTH)
    wrt_trap(WRT_TRAP_LENGTH, "list of %u elements of %u bytes is too long", (unsigned)count,
             (unsigned)elem_size);
  return wrt_realloc(cx, 0, 0, align, (uint32_t)bytes);
}

uint32_t wrt_lower_bytes(const wrt_cx *cx, const void *data, uint32_t count, uint32_t elem_size,
                         uint32_t align) {
  uint32_t p = wrt_alloc_list(cx, count, elem_size, align);
  size_t bytes = (size_t)count * elem_size;
  if (bytes) memcpy(cx->mem->base + p, data, bytes);
  return p;
}

/* ---------------------------------------------------------------------------------------- */

void wrt_instance_init(wrt_instance *inst, wrt_wasi *wasi) {
  memset(inst, 0, sizeof *inst);
  wrt_handles_init(&inst->handles);
  inst->wasi = wasi;
  inst->may_leave = 1;
}

void wrt_instance_fini(wrt_instance *inst) {
  wrt_handles_free(&inst->handles);
}
