/* witrt.h — libwitrt, the runtime a natively compiled component links against.
 *
 * One public header, libc only. Four parts:
 *   1. traps: wrt_trap() unwinds to the innermost wrt_call()/wrt_w2c_call() frame, which returns
 *      an error value (kind + message); the host process keeps running;
 *   2. the canonical-ABI seam: a view of a core instance's linear memory (wrt_memory), a call
 *      context (wrt_cx: instance, memory, realloc, string encoding) and checked helpers that
 *      trap on every violation (range, alignment, UTF-8, char, discriminant, list length);
 *   3. per-component-instance resource handle tables (own/borrow, lends, borrow scopes);
 *   4. a WASI 0.2 host (wasi:io, clocks, random, cli, filesystem): a typed C API for the
 *      embedder, plus canonical-ABI "lowered" entry points wrt_lower_<module>__<field>(cx, core
 *      params...) and a lookup table wrt_wasi_lookup(module, field) for generated wiring.
 *
 * The wasm2c engine seam (wrt_w2c_*) lives in a separate library, libwitrt-w2c, because it is
 * the only part that depends on wasm2c's runtime (wasm-rt.h, libwasm-rt-impl).
 * Conventions: functions that can fail on host conditions return 0 or a negative value; guest
 * misbehaviour never returns — it traps. See README.md for the order generated glue calls things.
 */
#ifndef WITRT_H
#define WITRT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define WRT_NORETURN __attribute__((noreturn))
#define WRT_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define WRT_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define WRT_NORETURN _Noreturn
#define WRT_PRINTF(a, b)
#define WRT_UNLIKELY(x) (x)
#endif

/* ------------------------------------------------------------------------------------------ */
/* 1. Traps                                                                                     */
/* ------------------------------------------------------------------------------------------ */

typedef enum wrt_trap_kind {
  WRT_TRAP_NONE = 0,
  /* raised by engine code (wasm2c) */
  WRT_TRAP_UNREACHABLE,        /* `unreachable` executed */
  WRT_TRAP_OOB,                /* out-of-bounds memory or table access */
  WRT_TRAP_INT_OVERFLOW,       /* integer overflow on divide or truncation */
  WRT_TRAP_DIV_BY_ZERO,        /* integer divide by zero */
  WRT_TRAP_INVALID_CONVERSION, /* float to int of NaN / out of range */
  WRT_TRAP_CALL_INDIRECT,      /* bad call_indirect (null, type mismatch, OOB index) */
  WRT_TRAP_EXHAUSTION,         /* call stack exhausted */
  WRT_TRAP_ENGINE,             /* any other engine trap (e.g. uncaught exception) */
  /* raised by libwitrt while lifting/lowering (canonical ABI) */
  WRT_TRAP_UNALIGNED,          /* misaligned pointer handed over by the guest */
  WRT_TRAP_INVALID_UTF8,       /* string not valid UTF-8 / UTF-16 */
  WRT_TRAP_INVALID_CHAR,       /* char >= 0x110000 or a surrogate */
  WRT_TRAP_INVALID_DISCRIMINANT, /* variant/enum/option/result/bool case out of range */
  WRT_TRAP_LENGTH,             /* string/list byte length over 2^28-1 or overflowing */
  WRT_TRAP_REALLOC,            /* no realloc, or it returned a bad pointer */
  WRT_TRAP_INVALID_HANDLE,     /* handle 0, out of range, free, or of another resource type */
  WRT_TRAP_HANDLE_LENT,        /* dropping / moving an own handle that has live borrows */
  WRT_TRAP_BORROW_OUTLIVED,    /* a borrow handle still alive when its call returns */
  WRT_TRAP_MAY_NOT_LEAVE,      /* import called during realloc / post-return */
  WRT_TRAP_RESOURCE_LIMIT,     /* handle table full, host out of memory */
  WRT_TRAP_HOST,               /* a host function refused the call (bad argument etc.) */
  WRT_TRAP_EXIT                /* not a fault: wasi:cli/exit was called; see wrt_error.exit_code */
} wrt_trap_kind;

/* The outcome of a guarded call. kind == WRT_TRAP_NONE means the call returned normally (then
 * only kind, exit_code and message[0] are written). */
typedef struct wrt_error {
  wrt_trap_kind kind;
  int exit_code;      /* for WRT_TRAP_EXIT: the status (0 = ok, 1 = err, or exit-with-code) */
  char message[256];  /* NUL-terminated, e.g. "range 0x10ff0+32 is outside linear memory (65536 bytes)" */
} wrt_error;

/* Short stable name of a trap kind ("unreachable", "out-of-bounds", "invalid-string", ...). */
const char *wrt_trap_kind_name(wrt_trap_kind kind);

/* Raise a trap: records kind and message (printf format) and unwinds to the innermost guarded
 * call frame of this thread. Never returns. Calling it with no frame is an embedder bug: it
 * prints the message to stderr and aborts. */
WRT_NORETURN void wrt_trap(wrt_trap_kind kind, const char *fmt, ...) WRT_PRINTF(2, 3);

/* wasi:cli/exit: unwinds like a trap with kind WRT_TRAP_EXIT and the given status. */
WRT_NORETURN void wrt_exit(int status);

typedef void (*wrt_thunk)(void *arg);

/* Run fn(arg) inside a guard frame for code that is plain C (no engine code on the stack).
 * Returns 0 if fn returned, -1 if it trapped or exited; *err (may be NULL) receives the result.
 * Frames nest. For wasm2c code use wrt_w2c_call (libwitrt-w2c), which also catches the engine's
 * own traps. */
int wrt_call(wrt_thunk fn, void *arg, wrt_error *err);

/* --- engine hook (used by libwitrt-w2c; generated glue does not call these) --- */
typedef struct wrt_frame wrt_frame;
struct wrt_frame {
  wrt_frame *prev;
  void (*raise)(wrt_frame *self); /* transfer control to the frame's catch point; never returns */
  void *engine;                   /* engine data (e.g. a saved jmp_buf) */
  unsigned scratch_mark;          /* set by wrt_frame_push: host scratch freed on unwind */
};
/* Push/pop a frame on this thread's frame stack; pop must be called on both paths. */
void wrt_frame_push(wrt_frame *f);
void wrt_frame_pop(wrt_frame *f);
/* The trap recorded by the last wrt_trap (kind NONE if the unwinding came from the engine);
 * wrt_trap_take copies it into *out and clears it. */
void wrt_trap_take(wrt_error *out);
/* Record an engine trap (used when the engine unwound without wrt_trap). */
void wrt_trap_set(wrt_error *out, wrt_trap_kind kind, const char *msg);

typedef struct wrt_memory wrt_memory;
typedef struct wrt_instance wrt_instance;

/* --- wasm2c engine seam: libwitrt-w2c (links wasm2c's libwasm-rt-impl) ---
 * wrt_w2c_init once per process before instantiating (wasm_rt_init: signal handlers for guard
 * pages and stack exhaustion); wrt_w2c_fini at the end. */
void wrt_w2c_init(void);
void wrt_w2c_fini(void);
/* Like wrt_call, but also catches traps raised by wasm2c-generated code (wasm_rt_trap, guard
 * page faults). Wrap every embedder→guest entry (instantiate, start functions, export calls,
 * post-return) in it; guest calls made from inside host imports (realloc) need no new frame. */
int wrt_w2c_call(wrt_thunk fn, void *arg, wrt_error *err);
/* wrt_w2c_call for an export of component instance inst: refuses (WRT_TRAP_HOST, without
 * entering the guest) if inst trapped before, and marks inst as trapped when fn traps (an exit
 * does not poison it), as the canonical ABI requires. */
int wrt_w2c_enter(wrt_instance *inst, wrt_thunk fn, void *arg, wrt_error *err);
/* Make m a view of a wasm2c memory (a wasm_rt_memory_t*); refresh re-reads data/size. */
void wrt_w2c_memory_bind(wrt_memory *m, void *wasm_rt_memory);

/* ------------------------------------------------------------------------------------------ */
/* 2. Canonical-ABI seam                                                                        */
/* ------------------------------------------------------------------------------------------ */

/* A view of one core linear memory. base/size are a cache: generated glue calls
 * wrt_memory_refresh after every call into the guest (memory may have grown or moved);
 * the realloc helper and every lowered WASI entry point refresh on their own. */
struct wrt_memory {
  uint8_t *base;
  uint64_t size;                     /* bytes */
  void *engine;                      /* the engine's memory object (wasm_rt_memory_t*) */
  void (*refresh)(wrt_memory *self); /* re-reads base/size from engine; NULL for fixed buffers */
};

static inline void wrt_memory_refresh(wrt_memory *m) {
  if (m->refresh) m->refresh(m);
}

/* A view over a plain host buffer (tests, or engines with fixed memory). */
static inline void wrt_memory_init_fixed(wrt_memory *m, void *base, uint64_t size) {
  m->base = (uint8_t *)base;
  m->size = size;
  m->engine = NULL;
  m->refresh = NULL;
}

/* cabi_realloc(old_ptr, old_size, align, new_size) -> ptr, provided by the glue (it calls the
 * guest's export). It may trap; it must not return on failure. */
typedef uint32_t (*wrt_realloc_fn)(void *ctx, uint32_t old_ptr, uint32_t old_size, uint32_t align,
                                   uint32_t new_size);

typedef enum wrt_string_encoding {
  WRT_UTF8 = 0,
  WRT_UTF16 = 1,
  WRT_LATIN1_UTF16 = 2 /* "compact": bit 31 of len set = UTF-16, else Latin-1 */
} wrt_string_encoding;

/* The canonical-ABI options of one `canon lift`/`canon lower` plus its component instance
 * (the spec's LiftLowerContext). Generated glue keeps one per distinct option set. */
typedef struct wrt_cx {
  wrt_instance *inst;
  wrt_memory *mem;          /* NULL if the canon has no memory option */
  wrt_realloc_fn realloc;   /* NULL if no realloc option */
  void *realloc_ctx;
  wrt_string_encoding encoding;
} wrt_cx;

#define WRT_MAX_BYTE_LENGTH ((uint64_t)0x0FFFFFFF) /* 2^28 - 1 */

/* Check that [ptr, ptr+len) lies in memory and ptr is aligned (align = 1, 2, 4 or 8); returns
 * the host address. Traps WRT_TRAP_UNALIGNED / WRT_TRAP_OOB. len 0 is fine anywhere <= size. */
static inline uint8_t *wrt_check_range(wrt_memory *m, uint32_t ptr, uint64_t len, uint32_t align) {
  if (WRT_UNLIKELY(align > 1 && (ptr & (align - 1)) != 0))
    wrt_trap(WRT_TRAP_UNALIGNED, "pointer 0x%x is not %u-byte aligned", (unsigned)ptr, (unsigned)align);
  if (WRT_UNLIKELY((uint64_t)ptr + len > m->size))
    wrt_trap(WRT_TRAP_OOB, "range 0x%x+%llu is outside linear memory (%llu bytes)", (unsigned)ptr,
             (unsigned long long)len, (unsigned long long)m->size);
  return m->base + ptr;
}

/* Bounds- and alignment-checked little-endian loads and stores (the host is little-endian, as
 * wasm2c also assumes). Natural alignment is required, as the canonical ABI requires. */
#define WRT__LS(name, T, A)                                                                     \
  static inline T wrt_load_##name(wrt_memory *m, uint32_t ptr) {                               \
    T v;                                                                                        \
    memcpy(&v, wrt_check_range(m, ptr, sizeof(T), A), sizeof(T));                               \
    return v;                                                                                   \
  }                                                                                             \
  static inline void wrt_store_##name(wrt_memory *m, uint32_t ptr, T v) {                       \
    memcpy(wrt_check_range(m, ptr, sizeof(T), A), &v, sizeof(T));                               \
  }
WRT__LS(u8, uint8_t, 1)
WRT__LS(i8, int8_t, 1)
WRT__LS(u16, uint16_t, 2)
WRT__LS(i16, int16_t, 2)
WRT__LS(u32, uint32_t, 4)
WRT__LS(i32, int32_t, 4)
WRT__LS(u64, uint64_t, 8)
WRT__LS(i64, int64_t, 8)
WRT__LS(f32, float, 4)
WRT__LS(f64, double, 8)
#undef WRT__LS

/* Lifting scalars (canonical ABI load/lift rules). */
/* bool: any nonzero is true. */
static inline int wrt_lift_bool(uint32_t v) { return v != 0; }
/* char: traps WRT_TRAP_INVALID_CHAR on >= 0x110000 or a surrogate. */
static inline uint32_t wrt_lift_char(uint32_t c) {
  if (WRT_UNLIKELY(c >= 0x110000u || (c >= 0xD800u && c <= 0xDFFFu)))
    wrt_trap(WRT_TRAP_INVALID_CHAR, "0x%x is not a Unicode scalar value", (unsigned)c);
  return c;
}
/* discriminant of a variant with `ncases` cases: traps WRT_TRAP_INVALID_DISCRIMINANT. */
static inline uint32_t wrt_check_discriminant(uint32_t d, uint32_t ncases) {
  if (WRT_UNLIKELY(d >= ncases))
    wrt_trap(WRT_TRAP_INVALID_DISCRIMINANT, "discriminant %u out of range (%u cases)", (unsigned)d,
             (unsigned)ncases);
  return d;
}
/* NaN canonicalisation on lift. */
float wrt_lift_f32(float f);
double wrt_lift_f64(double f);

/* A string lifted from guest memory, always UTF-8. If owned is 0, data points into guest memory
 * (valid until the next call into the guest); if 1, it is malloc'd and wrt_str_free frees it. */
typedef struct wrt_str {
  const char *data;
  size_t len;
  int owned;
} wrt_str;
static inline void wrt_str_free(wrt_str *s) {
  if (s->owned) free((void *)s->data);
  s->data = NULL;
  s->len = 0;
  s->owned = 0;
}

/* Lift a (ptr, len) string in cx's encoding: range/alignment checked, length limited, validated
 * (UTF-8; UTF-16 surrogate pairing), transcoded to UTF-8 if needed. Traps on any violation
 * (WRT_TRAP_OOB, _UNALIGNED, _LENGTH, _INVALID_UTF8). UTF-8 input is not copied. */
wrt_str wrt_lift_string(const wrt_cx *cx, uint32_t ptr, uint32_t len);

/* Lower a host string (UTF-8, validated: invalid input traps WRT_TRAP_HOST) into guest memory
 * with cx's realloc and encoding; *out_ptr and *out_len receive the canonical (ptr, len). */
void wrt_lower_string(const wrt_cx *cx, const char *s, size_t len, uint32_t *out_ptr,
                      uint32_t *out_len);

/* Lift a list's element array: checks count * elem_size (overflow, 2^28-1 limit), alignment and
 * range; returns the host address of element 0 (in guest memory, not copied). */
uint8_t *wrt_lift_list(wrt_memory *m, uint32_t ptr, uint32_t count, uint32_t elem_size,
                       uint32_t align);

/* Allocate count * elem_size bytes in the guest with cx's realloc (overflow- and limit-checked)
 * and return the guest pointer; the range is valid (checked) after the call. Lowering a list is
 * wrt_alloc_list + element stores, or wrt_lower_bytes for flat byte-copyable elements. */
uint32_t wrt_alloc_list(const wrt_cx *cx, uint32_t count, uint32_t elem_size, uint32_t align);
uint32_t wrt_lower_bytes(const wrt_cx *cx, const void *data, uint32_t count, uint32_t elem_size,
                         uint32_t align);

/* Call cx's realloc with may_leave cleared, refresh memory, then check the returned pointer
 * (alignment, range). Traps WRT_TRAP_REALLOC if cx has no realloc or the result is bad. */
uint32_t wrt_realloc(const wrt_cx *cx, uint32_t old_ptr, uint32_t old_size, uint32_t align,
                     uint32_t new_size);

/* Validate UTF-8 (no overlongs, no surrogates, <= U+10FFFF). Returns 1 if valid. */
int wrt_utf8_valid(const uint8_t *s, size_t len);

/* ------------------------------------------------------------------------------------------ */
/* 3. Resource handle tables                                                                    */
/* ------------------------------------------------------------------------------------------ */

/* A resource type. Host resources (WASI) are static; a guest-defined resource gets one per
 * component instance, whose dtor calls the guest's `[dtor]` export. rep is the guest's i32 rep
 * or, for host resources, a host pointer. */
typedef struct wrt_rtype {
  const char *name;                           /* for messages, e.g. "output-stream" */
  void (*dtor)(void *ctx, uintptr_t rep);     /* run when an own handle is dropped; may be NULL */
  void *ctx;
  int host; /* 1: dtor is host code, also run when the table is freed */
} wrt_rtype;

typedef struct wrt_handle_slot {
  const wrt_rtype *type;  /* NULL: free slot */
  uintptr_t rep;
  uint32_t lends;         /* own: live lends (borrows handed out for an ongoing call) */
  uint32_t scope;         /* 0: own handle; else borrow created in call scope `scope` */
  uint32_t next_free;
} wrt_handle_slot;

#define WRT_MAX_SCOPES 64
#define WRT_MAX_HANDLES 0x0FFFFFFFu

typedef struct wrt_handles {
  wrt_handle_slot *slots; /* slots[0] is reserved */
  uint32_t len, cap;
  uint32_t free_head;     /* 0: no free slot */
  uint32_t depth;         /* number of open call scopes */
  uint32_t scope_ids[WRT_MAX_SCOPES];
  uint32_t scope_borrows[WRT_MAX_SCOPES];
  uint32_t next_scope_id;
} wrt_handles;

/* Initialise an empty table (no allocation until the first handle). */
void wrt_handles_init(wrt_handles *t);
/* Free the table: own handles of host types (rtype->host) have their dtor run; guest dtors are
 * not called (the guest may be dead after a trap). */
void wrt_handles_free(wrt_handles *t);

/* New own handle for rep; returns its index (>= 1). Traps WRT_TRAP_RESOURCE_LIMIT when full. */
uint32_t wrt_handle_new_own(wrt_handles *t, const wrt_rtype *type, uintptr_t rep);
/* New borrow handle in the innermost open call scope (the callee must drop it before the call
 * returns). Traps WRT_TRAP_HOST if no scope is open. */
uint32_t wrt_handle_new_borrow(wrt_handles *t, const wrt_rtype *type, uintptr_t rep);
/* rep of a live own or borrow handle of `type`; traps WRT_TRAP_INVALID_HANDLE otherwise. */
uintptr_t wrt_handle_rep(wrt_handles *t, const wrt_rtype *type, uint32_t h);
/* Lift `own<T>`: remove the handle and return its rep (ownership moves to the callee). Traps if
 * invalid, a borrow, or lent (WRT_TRAP_HANDLE_LENT). The dtor is not run. */
uintptr_t wrt_handle_take_own(wrt_handles *t, const wrt_rtype *type, uint32_t h);
/* Lift `borrow<T>` for the duration of a call: returns rep and counts a lend on an own handle;
 * the glue calls wrt_handle_unlend after the call. */
uintptr_t wrt_handle_lend(wrt_handles *t, const wrt_rtype *type, uint32_t h);
void wrt_handle_unlend(wrt_handles *t, uint32_t h);
/* resource.drop: own → removed and dtor(rep) run (traps WRT_TRAP_HANDLE_LENT if lent);
 * borrow → removed and its scope's borrow count decremented. */
void wrt_handle_drop(wrt_handles *t, const wrt_rtype *type, uint32_t h);

/* Open a call scope before lowering borrows into a callee; close it after the callee returned.
 * wrt_scope_exit traps WRT_TRAP_BORROW_OUTLIVED if borrow handles created in the scope are
 * still alive (they are invalidated first). Traps WRT_TRAP_RESOURCE_LIMIT past WRT_MAX_SCOPES. */
void wrt_scope_enter(wrt_handles *t);
void wrt_scope_exit(wrt_handles *t);
/* Number of live handles (tests). */
uint32_t wrt_handles_live(const wrt_handles *t);

/* ------------------------------------------------------------------------------------------ */
/* Component instance                                                                           */
/* ------------------------------------------------------------------------------------------ */

typedef struct wrt_wasi wrt_wasi;

struct wrt_instance {
  wrt_handles handles;
  wrt_wasi *wasi;  /* borrowed; may be NULL when the component imports no WASI */
  int may_leave;   /* 0 during realloc / post-return: imports then trap */
  int trapped;     /* set by wrt_w2c_enter after a trap: the instance may not be entered again */
  void *user;      /* the embedder's: witc_init's `user` (witc host c: the W_instance) */
};

/* Initialise a component instance's runtime state; wasi is borrowed (may be NULL). */
void wrt_instance_init(wrt_instance *inst, wrt_wasi *wasi);
/* Release its handle table (host resources are closed). */
void wrt_instance_fini(wrt_instance *inst);
/* Trap WRT_TRAP_MAY_NOT_LEAVE if the instance is inside realloc/post-return. Every lowered
 * import calls it on entry. */
static inline void wrt_check_may_leave(wrt_instance *inst) {
  if (WRT_UNLIKELY(!inst->may_leave))
    wrt_trap(WRT_TRAP_MAY_NOT_LEAVE, "import called during realloc or post-return");
}

/* ------------------------------------------------------------------------------------------ */
/* 4. WASI 0.2 host                                                                             */
/* ------------------------------------------------------------------------------------------ */

/* Host objects behind WASI resources are reference-counted; typed API functions that return a
 * new object give the caller one reference (release with wrt_obj_release). */
typedef struct wrt_obj wrt_obj;
void wrt_obj_retain(wrt_obj *o);
void wrt_obj_release(wrt_obj *o);

/* The resource types of the WASI host (for handle tables). */
extern const wrt_rtype wrt_rtype_error, wrt_rtype_pollable, wrt_rtype_input_stream,
    wrt_rtype_output_stream, wrt_rtype_descriptor, wrt_rtype_directory_entry_stream,
    wrt_rtype_terminal_input, wrt_rtype_terminal_output;

/* --- streams (wasi:io/streams) ---
 * Status of a stream operation: OK, CLOSED (end of input / output no longer accepted) or
 * FAILED (the last operation failed; *err_out gets errno). */
typedef enum wrt_io_status { WRT_IO_OK = 0, WRT_IO_CLOSED = 1, WRT_IO_FAILED = 2 } wrt_io_status;

/* Input over an fd (owns_fd: close it on release), over a copy of a memory buffer. */
int wrt_input_fd(int fd, int owns_fd, wrt_obj **out);
int wrt_input_mem(const void *data, size_t len, wrt_obj **out);
/* Output over an fd; into a growable memory buffer (limit 0 = unlimited; past it: FAILED). */
int wrt_output_fd(int fd, int owns_fd, wrt_obj **out);
int wrt_output_mem(size_t limit, wrt_obj **out);
/* The bytes written so far to a memory output stream (borrowed; valid until the next write). */
const uint8_t *wrt_output_mem_data(wrt_obj *out_stream, size_t *len);
/* Mark an output memory stream closed (later writes report CLOSED). */
void wrt_stream_close(wrt_obj *stream);

/* read / blocking-read: up to len bytes into buf; *n gets the count (0 possible for a
 * non-blocking read). blocking-read waits for at least one byte or end of stream. */
wrt_io_status wrt_input_read(wrt_obj *in, void *buf, size_t len, int blocking, size_t *n,
                             int *err_out);
/* skip / blocking-skip */
wrt_io_status wrt_input_skip(wrt_obj *in, uint64_t len, int blocking, uint64_t *n, int *err_out);
/* check-write: bytes the next write may carry (0 = would block). */
wrt_io_status wrt_output_check_write(wrt_obj *out, uint64_t *permit, int *err_out);
/* write: all of data (fd writes block until done); flush is a no-op beyond that. */
wrt_io_status wrt_output_write(wrt_obj *out, const void *data, size_t len, int *err_out);
wrt_io_status wrt_output_flush(wrt_obj *out, int *err_out);
/* splice: move up to len bytes from in to out; *n = bytes moved. */
wrt_io_status wrt_output_splice(wrt_obj *out, wrt_obj *in, uint64_t len, int blocking,
                                uint64_t *n, int *err_out);

/* --- poll (wasi:io/poll) --- */
/* Pollables: ready when the stream can make progress; monotonic deadlines (ns). */
int wrt_pollable_for_stream(wrt_obj *stream, wrt_obj **out);
int wrt_pollable_timer(uint64_t deadline_ns, wrt_obj **out);
int wrt_pollable_ready(wrt_obj *p);
/* Block until at least one of ps[0..n) is ready; ready_out[i] = 1 for ready ones. Returns the
 * number ready, or a negative errno on poll(2) failure. n == 0 returns 0. */
int wrt_poll(wrt_obj *const *ps, size_t n, uint8_t *ready_out);

/* --- clocks, random --- */
uint64_t wrt_monotonic_now(void);
uint64_t wrt_monotonic_resolution(void);
void wrt_wall_now(uint64_t *seconds, uint32_t *nanoseconds);
void wrt_wall_resolution(uint64_t *seconds, uint32_t *nanoseconds);
/* Cryptographically secure bytes (getrandom/urandom); returns 0 or -errno. */
int wrt_random_bytes(void *buf, size_t len);
/* Fast non-secure bytes (xorshift seeded once per process). */
void wrt_insecure_random_bytes(void *buf, size_t len);
void wrt_insecure_seed(uint64_t *a, uint64_t *b);

/* --- the WASI context: cli + filesystem state shared by the instances of one run --- */
typedef struct wrt_preopen {
  const char *host_path;  /* directory on the host */
  const char *guest_path; /* name the guest sees, e.g. "." or "/data" */
} wrt_preopen;

typedef struct wrt_wasi_config {
  int argc;
  const char *const *argv;     /* argv[0] is the program name the guest sees */
  const char *const *env;      /* "KEY=VALUE" strings, NULL-terminated; NULL = empty */
  const wrt_preopen *preopens;
  size_t npreopens;
  const char *initial_cwd;     /* NULL = none */
  /* stdio: an object (a reference is taken) or, when NULL, host fds 0/1/2 (not closed). */
  wrt_obj *stdin_stream, *stdout_stream, *stderr_stream;
} wrt_wasi_config;

/* Create a WASI context (copies everything in cfg). Opens each preopen directory; on failure
 * returns -errno (-EILSEQ for an argument, variable or name that is not UTF-8) and writes a
 * message into errbuf (may be NULL). *out is owned by the caller (wrt_wasi_free).
 * Side effect: SIGPIPE is set to SIG_IGN if it was SIG_DFL, so a guest writing to a closed pipe
 * gets stream-error::closed instead of killing the host (as Rust-based hosts do). */
int wrt_wasi_new(const wrt_wasi_config *cfg, wrt_wasi **out, char *errbuf, size_t errlen);
void wrt_wasi_free(wrt_wasi *w);

/* --- filesystem (wasi:filesystem) --- */
/* error-code values of wasi:filesystem/types, in declaration order. */
typedef enum wrt_fs_error {
  WRT_FS_ACCESS, WRT_FS_WOULD_BLOCK, WRT_FS_ALREADY, WRT_FS_BAD_DESCRIPTOR, WRT_FS_BUSY,
  WRT_FS_DEADLOCK, WRT_FS_QUOTA, WRT_FS_EXIST, WRT_FS_FILE_TOO_LARGE,
  WRT_FS_ILLEGAL_BYTE_SEQUENCE, WRT_FS_IN_PROGRESS, WRT_FS_INTERRUPTED, WRT_FS_INVALID,
  WRT_FS_IO, WRT_FS_IS_DIRECTORY, WRT_FS_LOOP, WRT_FS_TOO_MANY_LINKS, WRT_FS_MESSAGE_SIZE,
  WRT_FS_NAME_TOO_LONG, WRT_FS_NO_DEVICE, WRT_FS_NO_ENTRY, WRT_FS_NO_LOCK,
  WRT_FS_INSUFFICIENT_MEMORY, WRT_FS_INSUFFICIENT_SPACE, WRT_FS_NOT_DIRECTORY,
  WRT_FS_NOT_EMPTY, WRT_FS_NOT_RECOVERABLE, WRT_FS_UNSUPPORTED, WRT_FS_NO_TTY,
  WRT_FS_NO_SUCH_DEVICE, WRT_FS_OVERFLOW, WRT_FS_NOT_PERMITTED, WRT_FS_PIPE,
  WRT_FS_READ_ONLY, WRT_FS_INVALID_SEEK, WRT_FS_TEXT_FILE_BUSY, WRT_FS_CROSS_DEVICE
} wrt_fs_error;
wrt_fs_error wrt_fs_error_from_errno(int e);

/* descriptor-flags / open-flags / path-flags bits, as in the WIT. */
enum {
  WRT_DF_READ = 1, WRT_DF_WRITE = 2, WRT_DF_FILE_INTEGRITY_SYNC = 4,
  WRT_DF_DATA_INTEGRITY_SYNC = 8, WRT_DF_REQUESTED_WRITE_SYNC = 16, WRT_DF_MUTATE_DIRECTORY = 32,
  WRT_OF_CREATE = 1, WRT_OF_DIRECTORY = 2, WRT_OF_EXCLUSIVE = 4, WRT_OF_TRUNCATE = 8,
  WRT_PF_SYMLINK_FOLLOW = 1
};
/* descriptor-type values. */
enum {
  WRT_DT_UNKNOWN, WRT_DT_BLOCK_DEVICE, WRT_DT_CHARACTER_DEVICE, WRT_DT_DIRECTORY, WRT_DT_FIFO,
  WRT_DT_SYMBOLIC_LINK, WRT_DT_REGULAR_FILE, WRT_DT_SOCKET
};

typedef struct wrt_fs_stat {
  uint8_t type;
  uint64_t link_count, size;
  uint64_t atime_s, mtime_s, ctime_s;
  uint32_t atime_ns, mtime_ns, ctime_ns;
} wrt_fs_stat_t;

/* Number of preopens and the i-th (descriptor: a new reference for the caller; guest path
 * borrowed). */
size_t wrt_wasi_preopen_count(const wrt_wasi *w);
wrt_obj *wrt_wasi_preopen(const wrt_wasi *w, size_t i, const char **guest_path);

/* Filesystem functions return 0 on success, or -1 with *err set to the WASI error code.
 * open-at resolves `path` (len bytes, not NUL-terminated) beneath directory descriptor dir,
 * component by component with O_NOFOLLOW, never leaving it: absolute paths, `..` above dir and
 * symlinks whose target leads outside give WRT_FS_NOT_PERMITTED. *out: a new descriptor. */
int wrt_fs_open_at(wrt_obj *dir, uint32_t path_flags, const char *path, size_t len,
                   uint32_t open_flags, uint32_t desc_flags, wrt_obj **out, wrt_fs_error *err);
int wrt_fs_stat(wrt_obj *d, wrt_fs_stat_t *st, wrt_fs_error *err);
int wrt_fs_stat_at(wrt_obj *dir, uint32_t path_flags, const char *path, size_t len, wrt_fs_stat_t *st,
                   wrt_fs_error *err);
/* read-via-stream / write-via-stream / append-via-stream: new stream objects. */
int wrt_fs_read_via_stream(wrt_obj *d, uint64_t offset, wrt_obj **out, wrt_fs_error *err);
int wrt_fs_write_via_stream(wrt_obj *d, uint64_t offset, wrt_obj **out, wrt_fs_error *err);
int wrt_fs_append_via_stream(wrt_obj *d, wrt_obj **out, wrt_fs_error *err);
/* read-directory: a directory-entry stream; next entry (".", ".." skipped): returns 1 with
 * *name (malloc'd, caller frees) and *type, 0 at the end, -1 on error. */
int wrt_fs_read_directory(wrt_obj *d, wrt_obj **out, wrt_fs_error *err);
int wrt_fs_dirent_next(wrt_obj *ds, char **name, uint8_t *type, wrt_fs_error *err);

/* ------------------------------------------------------------------------------------------ */
/* Lowered WASI entry points and their lookup table                                             */
/* ------------------------------------------------------------------------------------------ */

/* Every WASI import is available as a C function taking the call context and the flattened core
 * parameters (i32 → uint32_t, i64 → uint64_t), named
 *     wrt_lower_<M>__<F>
 * where <M> is the import module without its @version and <F> the field, each with every run of
 * characters outside [A-Za-z0-9] replaced by one '_' and leading/trailing '_' removed:
 *   wasi:io/streams@0.2.12 . [method]output-stream.blocking-write-and-flush
 *   → wrt_lower_wasi_io_streams__method_output_stream_blocking_write_and_flush
 * The prototypes come from the X-macro table WRT_WASI_FUNCS below; wrt_wasi_lookup finds them
 * at run time. Parameters are named a0, a1, ... in core order; a result pointer is the last. */
typedef struct wrt_wasi_func {
  const char *module; /* without version, e.g. "wasi:io/streams" */
  const char *field;  /* e.g. "[method]output-stream.blocking-write-and-flush" */
  const char *sig;    /* core signature: params then "->" then result, i=i32 I=i64, e.g. "iiii->" */
  const char *c_name; /* the C function's name */
  void (*fn)(void);   /* cast to the right prototype before calling */
} wrt_wasi_func;

/* Find a WASI function by core import (module, field). module must carry a version on the 0.2
 * track (0.2.0 .. 0.2.N, as wit-component matches semver-compatibly); NULL if not provided. */
const wrt_wasi_func *wrt_wasi_lookup(const char *module, const char *field);
/* All entries (for generators and tests); *n receives the count. */
const wrt_wasi_func *wrt_wasi_funcs(size_t *n);

#define WRT_SIG_ret_v void
#define WRT_SIG_ret_i uint32_t
#define WRT_SIG_ret_I uint64_t
typedef uint32_t wrt_u32;
typedef uint64_t wrt_u64;
#define WRT__P1 (wrt_cx * cx, wrt_u32 a0)
#define WRT__P2 (wrt_cx * cx, wrt_u32 a0, wrt_u32 a1)
#define WRT__P3 (wrt_cx * cx, wrt_u32 a0, wrt_u32 a1, wrt_u32 a2)
#define WRT__P4 (wrt_cx * cx, wrt_u32 a0, wrt_u32 a1, wrt_u32 a2, wrt_u32 a3)
#define WRT__P5 (wrt_cx * cx, wrt_u32 a0, wrt_u32 a1, wrt_u32 a2, wrt_u32 a3, wrt_u32 a4)
#define WRT__P6 (wrt_cx * cx, wrt_u32 a0, wrt_u32 a1, wrt_u32 a2, wrt_u32 a3, wrt_u32 a4, wrt_u32 a5)
#define WRT__P7 (wrt_cx * cx, wrt_u32 a0, wrt_u32 a1, wrt_u32 a2, wrt_u32 a3, wrt_u32 a4, wrt_u32 a5, wrt_u32 a6)
#define WRT__P8 (wrt_cx * cx, wrt_u32 a0, wrt_u32 a1, wrt_u32 a2, wrt_u32 a3, wrt_u32 a4, wrt_u32 a5, wrt_u32 a6, wrt_u32 a7)
#define WRT__PiIi (wrt_cx * cx, wrt_u32 a0, wrt_u64 a1, wrt_u32 a2)
#define WRT__PiiIi (wrt_cx * cx, wrt_u32 a0, wrt_u32 a1, wrt_u64 a2, wrt_u32 a3)
#define WRT__PIi (wrt_cx * cx, wrt_u64 a0, wrt_u32 a1)
#define WRT__PI (wrt_cx * cx, wrt_u64 a0)
#define WRT__P0 (wrt_cx * cx)
#define WRT__PiIIii (wrt_cx * cx, wrt_u32 a0, wrt_u64 a1, wrt_u64 a2, wrt_u32 a3, wrt_u32 a4)
#define WRT__PiIIi (wrt_cx * cx, wrt_u32 a0, wrt_u64 a1, wrt_u64 a2, wrt_u32 a3)
#define WRT__PiiiIi (wrt_cx * cx, wrt_u32 a0, wrt_u32 a1, wrt_u32 a2, wrt_u64 a3, wrt_u32 a4)
#define WRT__PiiIiiIii (wrt_cx * cx, wrt_u32 a0, wrt_u32 a1, wrt_u64 a2, wrt_u32 a3, wrt_u32 a4, wrt_u64 a5, wrt_u32 a6, wrt_u32 a7)
#define WRT__PiiiiiIiiIii (wrt_cx * cx, wrt_u32 a0, wrt_u32 a1, wrt_u32 a2, wrt_u32 a3, wrt_u32 a4, wrt_u64 a5, wrt_u32 a6, wrt_u32 a7, wrt_u64 a8, wrt_u32 a9, wrt_u32 a10)

/* X(name, module, field, core signature, result, parameter list): one line per lowered WASI
 * function; the C function is wrt_lower_<name>. */
#define WRT_WASI_FUNCS(X) \
  X(wasi_io_error__resource_drop_error, "wasi:io/error", "[resource-drop]error", "i->", v, WRT__P1) \
  X(wasi_io_error__method_error_to_debug_string, "wasi:io/error", "[method]error.to-debug-string", "ii->", v, WRT__P2) \
  X(wasi_io_poll__resource_drop_pollable, "wasi:io/poll", "[resource-drop]pollable", "i->", v, WRT__P1) \
  X(wasi_io_poll__method_pollable_ready, "wasi:io/poll", "[method]pollable.ready", "i->i", i, WRT__P1) \
  X(wasi_io_poll__method_pollable_block, "wasi:io/poll", "[method]pollable.block", "i->", v, WRT__P1) \
  X(wasi_io_poll__poll, "wasi:io/poll", "poll", "iii->", v, WRT__P3) \
  X(wasi_io_streams__resource_drop_input_stream, "wasi:io/streams", "[resource-drop]input-stream", "i->", v, WRT__P1) \
  X(wasi_io_streams__resource_drop_output_stream, "wasi:io/streams", "[resource-drop]output-stream", "i->", v, WRT__P1) \
  X(wasi_io_streams__method_input_stream_read, "wasi:io/streams", "[method]input-stream.read", "iIi->", v, WRT__PiIi) \
  X(wasi_io_streams__method_input_stream_blocking_read, "wasi:io/streams", "[method]input-stream.blocking-read", "iIi->", v, WRT__PiIi) \
  X(wasi_io_streams__method_input_stream_skip, "wasi:io/streams", "[method]input-stream.skip", "iIi->", v, WRT__PiIi) \
  X(wasi_io_streams__method_input_stream_blocking_skip, "wasi:io/streams", "[method]input-stream.blocking-skip", "iIi->", v, WRT__PiIi) \
  X(wasi_io_streams__method_input_stream_subscribe, "wasi:io/streams", "[method]input-stream.subscribe", "i->i", i, WRT__P1) \
  X(wasi_io_streams__method_output_stream_check_write, "wasi:io/streams", "[method]output-stream.check-write", "ii->", v, WRT__P2) \
  X(wasi_io_streams__method_output_stream_write, "wasi:io/streams", "[method]output-stream.write", "iiii->", v, WRT__P4) \
  X(wasi_io_streams__method_output_stream_blocking_write_and_flush, "wasi:io/streams", "[method]output-stream.blocking-write-and-flush", "iiii->", v, WRT__P4) \
  X(wasi_io_streams__method_output_stream_flush, "wasi:io/streams", "[method]output-stream.flush", "ii->", v, WRT__P2) \
  X(wasi_io_streams__method_output_stream_blocking_flush, "wasi:io/streams", "[method]output-stream.blocking-flush", "ii->", v, WRT__P2) \
  X(wasi_io_streams__method_output_stream_subscribe, "wasi:io/streams", "[method]output-stream.subscribe", "i->i", i, WRT__P1) \
  X(wasi_io_streams__method_output_stream_write_zeroes, "wasi:io/streams", "[method]output-stream.write-zeroes", "iIi->", v, WRT__PiIi) \
  X(wasi_io_streams__method_output_stream_blocking_write_zeroes_and_flush, "wasi:io/streams", "[method]output-stream.blocking-write-zeroes-and-flush", "iIi->", v, WRT__PiIi) \
  X(wasi_io_streams__method_output_stream_splice, "wasi:io/streams", "[method]output-stream.splice", "iiIi->", v, WRT__PiiIi) \
  X(wasi_io_streams__method_output_stream_blocking_splice, "wasi:io/streams", "[method]output-stream.blocking-splice", "iiIi->", v, WRT__PiiIi) \
  X(wasi_clocks_monotonic_clock__now, "wasi:clocks/monotonic-clock", "now", "->I", I, WRT__P0) \
  X(wasi_clocks_monotonic_clock__resolution, "wasi:clocks/monotonic-clock", "resolution", "->I", I, WRT__P0) \
  X(wasi_clocks_monotonic_clock__subscribe_instant, "wasi:clocks/monotonic-clock", "subscribe-instant", "I->i", i, WRT__PI) \
  X(wasi_clocks_monotonic_clock__subscribe_duration, "wasi:clocks/monotonic-clock", "subscribe-duration", "I->i", i, WRT__PI) \
  X(wasi_clocks_wall_clock__now, "wasi:clocks/wall-clock", "now", "i->", v, WRT__P1) \
  X(wasi_clocks_wall_clock__resolution, "wasi:clocks/wall-clock", "resolution", "i->", v, WRT__P1) \
  X(wasi_random_random__get_random_bytes, "wasi:random/random", "get-random-bytes", "Ii->", v, WRT__PIi) \
  X(wasi_random_random__get_random_u64, "wasi:random/random", "get-random-u64", "->I", I, WRT__P0) \
  X(wasi_random_insecure__get_insecure_random_bytes, "wasi:random/insecure", "get-insecure-random-bytes", "Ii->", v, WRT__PIi) \
  X(wasi_random_insecure__get_insecure_random_u64, "wasi:random/insecure", "get-insecure-random-u64", "->I", I, WRT__P0) \
  X(wasi_random_insecure_seed__insecure_seed, "wasi:random/insecure-seed", "insecure-seed", "i->", v, WRT__P1) \
  X(wasi_cli_environment__get_environment, "wasi:cli/environment", "get-environment", "i->", v, WRT__P1) \
  X(wasi_cli_environment__get_arguments, "wasi:cli/environment", "get-arguments", "i->", v, WRT__P1) \
  X(wasi_cli_environment__initial_cwd, "wasi:cli/environment", "initial-cwd", "i->", v, WRT__P1) \
  X(wasi_cli_exit__exit, "wasi:cli/exit", "exit", "i->", v, WRT__P1) \
  X(wasi_cli_exit__exit_with_code, "wasi:cli/exit", "exit-with-code", "i->", v, WRT__P1) \
  X(wasi_cli_stdin__get_stdin, "wasi:cli/stdin", "get-stdin", "->i", i, WRT__P0) \
  X(wasi_cli_stdout__get_stdout, "wasi:cli/stdout", "get-stdout", "->i", i, WRT__P0) \
  X(wasi_cli_stderr__get_stderr, "wasi:cli/stderr", "get-stderr", "->i", i, WRT__P0) \
  X(wasi_cli_terminal_input__resource_drop_terminal_input, "wasi:cli/terminal-input", "[resource-drop]terminal-input", "i->", v, WRT__P1) \
  X(wasi_cli_terminal_output__resource_drop_terminal_output, "wasi:cli/terminal-output", "[resource-drop]terminal-output", "i->", v, WRT__P1) \
  X(wasi_cli_terminal_stdin__get_terminal_stdin, "wasi:cli/terminal-stdin", "get-terminal-stdin", "i->", v, WRT__P1) \
  X(wasi_cli_terminal_stdout__get_terminal_stdout, "wasi:cli/terminal-stdout", "get-terminal-stdout", "i->", v, WRT__P1) \
  X(wasi_cli_terminal_stderr__get_terminal_stderr, "wasi:cli/terminal-stderr", "get-terminal-stderr", "i->", v, WRT__P1) \
  X(wasi_filesystem_preopens__get_directories, "wasi:filesystem/preopens", "get-directories", "i->", v, WRT__P1) \
  X(wasi_filesystem_types__resource_drop_descriptor, "wasi:filesystem/types", "[resource-drop]descriptor", "i->", v, WRT__P1) \
  X(wasi_filesystem_types__resource_drop_directory_entry_stream, "wasi:filesystem/types", "[resource-drop]directory-entry-stream", "i->", v, WRT__P1) \
  X(wasi_filesystem_types__method_descriptor_read_via_stream, "wasi:filesystem/types", "[method]descriptor.read-via-stream", "iIi->", v, WRT__PiIi) \
  X(wasi_filesystem_types__method_descriptor_write_via_stream, "wasi:filesystem/types", "[method]descriptor.write-via-stream", "iIi->", v, WRT__PiIi) \
  X(wasi_filesystem_types__method_descriptor_append_via_stream, "wasi:filesystem/types", "[method]descriptor.append-via-stream", "ii->", v, WRT__P2) \
  X(wasi_filesystem_types__method_descriptor_advise, "wasi:filesystem/types", "[method]descriptor.advise", "iIIii->", v, WRT__PiIIii) \
  X(wasi_filesystem_types__method_descriptor_sync_data, "wasi:filesystem/types", "[method]descriptor.sync-data", "ii->", v, WRT__P2) \
  X(wasi_filesystem_types__method_descriptor_get_flags, "wasi:filesystem/types", "[method]descriptor.get-flags", "ii->", v, WRT__P2) \
  X(wasi_filesystem_types__method_descriptor_get_type, "wasi:filesystem/types", "[method]descriptor.get-type", "ii->", v, WRT__P2) \
  X(wasi_filesystem_types__method_descriptor_set_size, "wasi:filesystem/types", "[method]descriptor.set-size", "iIi->", v, WRT__PiIi) \
  X(wasi_filesystem_types__method_descriptor_set_times, "wasi:filesystem/types", "[method]descriptor.set-times", "iiIiiIii->", v, WRT__PiiIiiIii) \
  X(wasi_filesystem_types__method_descriptor_read, "wasi:filesystem/types", "[method]descriptor.read", "iIIi->", v, WRT__PiIIi) \
  X(wasi_filesystem_types__method_descriptor_write, "wasi:filesystem/types", "[method]descriptor.write", "iiiIi->", v, WRT__PiiiIi) \
  X(wasi_filesystem_types__method_descriptor_read_directory, "wasi:filesystem/types", "[method]descriptor.read-directory", "ii->", v, WRT__P2) \
  X(wasi_filesystem_types__method_descriptor_sync, "wasi:filesystem/types", "[method]descriptor.sync", "ii->", v, WRT__P2) \
  X(wasi_filesystem_types__method_descriptor_create_directory_at, "wasi:filesystem/types", "[method]descriptor.create-directory-at", "iiii->", v, WRT__P4) \
  X(wasi_filesystem_types__method_descriptor_stat, "wasi:filesystem/types", "[method]descriptor.stat", "ii->", v, WRT__P2) \
  X(wasi_filesystem_types__method_descriptor_stat_at, "wasi:filesystem/types", "[method]descriptor.stat-at", "iiiii->", v, WRT__P5) \
  X(wasi_filesystem_types__method_descriptor_set_times_at, "wasi:filesystem/types", "[method]descriptor.set-times-at", "iiiiiIiiIii->", v, WRT__PiiiiiIiiIii) \
  X(wasi_filesystem_types__method_descriptor_link_at, "wasi:filesystem/types", "[method]descriptor.link-at", "iiiiiiii->", v, WRT__P8) \
  X(wasi_filesystem_types__method_descriptor_open_at, "wasi:filesystem/types", "[method]descriptor.open-at", "iiiiiii->", v, WRT__P7) \
  X(wasi_filesystem_types__method_descriptor_readlink_at, "wasi:filesystem/types", "[method]descriptor.readlink-at", "iiii->", v, WRT__P4) \
  X(wasi_filesystem_types__method_descriptor_remove_directory_at, "wasi:filesystem/types", "[method]descriptor.remove-directory-at", "iiii->", v, WRT__P4) \
  X(wasi_filesystem_types__method_descriptor_rename_at, "wasi:filesystem/types", "[method]descriptor.rename-at", "iiiiiii->", v, WRT__P7) \
  X(wasi_filesystem_types__method_descriptor_symlink_at, "wasi:filesystem/types", "[method]descriptor.symlink-at", "iiiiii->", v, WRT__P6) \
  X(wasi_filesystem_types__method_descriptor_unlink_file_at, "wasi:filesystem/types", "[method]descriptor.unlink-file-at", "iiii->", v, WRT__P4) \
  X(wasi_filesystem_types__method_descriptor_is_same_object, "wasi:filesystem/types", "[method]descriptor.is-same-object", "ii->i", i, WRT__P2) \
  X(wasi_filesystem_types__method_descriptor_metadata_hash, "wasi:filesystem/types", "[method]descriptor.metadata-hash", "ii->", v, WRT__P2) \
  X(wasi_filesystem_types__method_descriptor_metadata_hash_at, "wasi:filesystem/types", "[method]descriptor.metadata-hash-at", "iiiii->", v, WRT__P5) \
  X(wasi_filesystem_types__method_directory_entry_stream_read_directory_entry, "wasi:filesystem/types", "[method]directory-entry-stream.read-directory-entry", "ii->", v, WRT__P2) \
  X(wasi_filesystem_types__filesystem_error_code, "wasi:filesystem/types", "filesystem-error-code", "ii->", v, WRT__P2)

#define WRT__DECL(name, module, field, sig, ret, params) WRT_SIG_ret_##ret wrt_lower_##name params;
WRT_WASI_FUNCS(WRT__DECL)
#undef WRT__DECL

#ifdef __cplusplus
}
#endif
#endif /* WITRT_H */
