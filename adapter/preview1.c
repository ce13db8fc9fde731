/* adapter/preview1.c — witc's wasi_snapshot_preview1 adapter: a core module that exports
 * the preview1 functions a wasi-libc program imports and implements them with WASI 0.2
 * imports, so `witc component new --adapt wasi_snapshot_preview1=…` turns a preview1
 * command into a component. Built twice: the command flavour (imports main's `_start`,
 * exports `wasi:cli/run`) and, with -DWITC_ADAPTER_REACTOR, the reactor flavour (neither).
 *
 * The idea that makes it work in C: the adapter shares the main module's memory, so it owns
 * no data at all (no data segments, no static variables). Its whole state — the descriptor
 * table, a scratch region for values the host hands back, preopen names — lives in a block
 * allocated on first use from the main module's `cabi_realloc`, reached through one wasm
 * global declared in inline assembly. `witc component new` gives the adapter its stack (a
 * start function sets `__stack_pointer`). Lists the host returns (`read`, `get-arguments`,
 * …) come through our exported `cabi_import_realloc`: reads are steered straight into the
 * caller's buffer, everything else lands in the scratch region, reset per call.
 *
 * Layouts of preview1 structs (iovec, fdstat, filestat, dirent, subscription, event) and of
 * WASI 0.2 results follow the preview1 witx and the canonical ABI; offsets are written out
 * where they are used. Functions outside the supported set return ERRNO_NOSYS (52). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- preview1 constants ---- */
enum {
    E_SUCCESS = 0, E_2BIG = 1, E_ACCES = 2, E_AGAIN = 6, E_ALREADY = 7, E_BADF = 8, E_BUSY = 10,
    E_DEADLK = 16, E_DQUOT = 19, E_EXIST = 20, E_FBIG = 22, E_ILSEQ = 25, E_INPROGRESS = 26,
    E_INTR = 27, E_INVAL = 28, E_IO = 29, E_ISDIR = 31, E_LOOP = 32, E_MFILE = 33, E_MLINK = 34,
    E_MSGSIZE = 35, E_NAMETOOLONG = 37, E_NODEV = 43, E_NOENT = 44, E_NOLCK = 46, E_NOMEM = 48,
    E_NOSPC = 51, E_NOSYS = 52, E_NOTDIR = 54, E_NOTEMPTY = 55, E_NOTRECOVERABLE = 56,
    E_NOTSUP = 58, E_NOTTY = 59, E_NXIO = 60, E_OVERFLOW = 61, E_PERM = 63, E_PIPE = 64,
    E_ROFS = 69, E_SPIPE = 70, E_TXTBSY = 74, E_XDEV = 75,
};
enum {
    FT_UNKNOWN = 0, FT_BLOCK = 1, FT_CHAR = 2, FT_DIR = 3, FT_REG = 4, FT_SOCK_STREAM = 6,
    FT_SYMLINK = 7,
};
#define FDFLAG_APPEND 1u
#define OFLAG_DIRECTORY 2u
#define RIGHT_FD_READ (1ull << 1)
#define RIGHT_FD_WRITE (1ull << 6)
#define RIGHTS_ALL ((1ull << 30) - 1)
#define CLOCK_REALTIME 0u
#define CLOCK_MONOTONIC 1u
#define SUBCLOCK_ABSTIME 1u
#define FST_ATIM 1u
#define FST_ATIM_NOW 2u
#define FST_MTIM 4u
#define FST_MTIM_NOW 8u

/* ---- WASI 0.2 constants ---- */
#define DF_READ 1u
#define DF_WRITE 2u
#define DF_MUTATE_DIRECTORY 32u
enum { DT_UNKNOWN, DT_BLOCK, DT_CHAR, DT_DIR, DT_FIFO, DT_SYMLINK, DT_REG, DT_SOCKET };

/* ---- WASI 0.2 imports (core signatures of the canonical ABI, results through retptr) ---- */
#define IMPORT(m, n) __attribute__((import_module(m), import_name(n)))
#define V "@0.2.12"
#define FS "wasi:filesystem/types" V

IMPORT("__main_module__", "cabi_realloc") void *main_realloc(void *, size_t, size_t, size_t);
#ifndef WITC_ADAPTER_REACTOR
IMPORT("__main_module__", "_start") void main_start(void);
#endif

IMPORT("wasi:cli/environment" V, "get-environment") void w_get_environment(void *ret);
IMPORT("wasi:cli/environment" V, "get-arguments") void w_get_arguments(void *ret);
IMPORT("wasi:cli/exit" V, "exit") _Noreturn void w_exit(uint32_t is_err);
IMPORT("wasi:cli/stdin" V, "get-stdin") uint32_t w_get_stdin(void);
IMPORT("wasi:cli/stdout" V, "get-stdout") uint32_t w_get_stdout(void);
IMPORT("wasi:cli/stderr" V, "get-stderr") uint32_t w_get_stderr(void);
IMPORT("wasi:cli/terminal-stdin" V, "get-terminal-stdin") void w_terminal_stdin(void *ret);
IMPORT("wasi:cli/terminal-stdout" V, "get-terminal-stdout") void w_terminal_stdout(void *ret);
IMPORT("wasi:cli/terminal-stderr" V, "get-terminal-stderr") void w_terminal_stderr(void *ret);
IMPORT("wasi:cli/terminal-input" V, "[resource-drop]terminal-input") void w_drop_terminal_input(uint32_t);
IMPORT("wasi:cli/terminal-output" V, "[resource-drop]terminal-output") void w_drop_terminal_output(uint32_t);

IMPORT("wasi:io/error" V, "[resource-drop]error") void w_drop_error(uint32_t);
IMPORT("wasi:io/poll" V, "[resource-drop]pollable") void w_drop_pollable(uint32_t);
IMPORT("wasi:io/poll" V, "poll") void w_poll(const uint32_t *list, size_t n, void *ret);
IMPORT("wasi:io/streams" V, "[method]input-stream.blocking-read") void w_blocking_read(uint32_t, uint64_t, void *ret);
IMPORT("wasi:io/streams" V, "[method]input-stream.subscribe") uint32_t w_input_subscribe(uint32_t);
IMPORT("wasi:io/streams" V, "[method]output-stream.blocking-write-and-flush")
void w_blocking_write_and_flush(uint32_t, const void *, size_t, void *ret);
IMPORT("wasi:io/streams" V, "[method]output-stream.subscribe") uint32_t w_output_subscribe(uint32_t);

IMPORT("wasi:clocks/monotonic-clock" V, "now") uint64_t w_mono_now(void);
IMPORT("wasi:clocks/monotonic-clock" V, "resolution") uint64_t w_mono_resolution(void);
IMPORT("wasi:clocks/monotonic-clock" V, "subscribe-instant") uint32_t w_subscribe_instant(uint64_t);
IMPORT("wasi:clocks/monotonic-clock" V, "subscribe-duration") uint32_t w_subscribe_duration(uint64_t);
IMPORT("wasi:clocks/wall-clock" V, "now") void w_wall_now(void *ret);
IMPORT("wasi:clocks/wall-clock" V, "resolution") void w_wall_resolution(void *ret);
IMPORT("wasi:random/random" V, "get-random-bytes") void w_random_bytes(uint64_t, void *ret);

IMPORT("wasi:filesystem/preopens" V, "get-directories") void w_get_directories(void *ret);
IMPORT(FS, "[resource-drop]descriptor") void w_drop_descriptor(uint32_t);
IMPORT(FS, "[resource-drop]directory-entry-stream") void w_drop_dir_stream(uint32_t);
IMPORT(FS, "[method]descriptor.read") void w_fread(uint32_t, uint64_t len, uint64_t off, void *ret);
IMPORT(FS, "[method]descriptor.write") void w_fwrite(uint32_t, const void *, size_t, uint64_t off, void *ret);
IMPORT(FS, "[method]descriptor.get-type") void w_get_type(uint32_t, void *ret);
IMPORT(FS, "[method]descriptor.get-flags") void w_get_flags(uint32_t, void *ret);
IMPORT(FS, "[method]descriptor.set-size") void w_set_size(uint32_t, uint64_t, void *ret);
IMPORT(FS, "[method]descriptor.set-times")
void w_set_times(uint32_t, uint32_t, uint64_t, uint32_t, uint32_t, uint64_t, uint32_t, void *ret);
IMPORT(FS, "[method]descriptor.sync") void w_sync(uint32_t, void *ret);
IMPORT(FS, "[method]descriptor.sync-data") void w_sync_data(uint32_t, void *ret);
IMPORT(FS, "[method]descriptor.stat") void w_stat(uint32_t, void *ret);
IMPORT(FS, "[method]descriptor.stat-at") void w_stat_at(uint32_t, uint32_t, const char *, size_t, void *ret);
IMPORT(FS, "[method]descriptor.set-times-at")
void w_set_times_at(uint32_t, uint32_t, const char *, size_t, uint32_t, uint64_t, uint32_t, uint32_t, uint64_t,
                    uint32_t, void *ret);
IMPORT(FS, "[method]descriptor.link-at")
void w_link_at(uint32_t, uint32_t, const char *, size_t, uint32_t, const char *, size_t, void *ret);
IMPORT(FS, "[method]descriptor.open-at")
void w_open_at(uint32_t, uint32_t, const char *, size_t, uint32_t, uint32_t, void *ret);
IMPORT(FS, "[method]descriptor.readlink-at") void w_readlink_at(uint32_t, const char *, size_t, void *ret);
IMPORT(FS, "[method]descriptor.read-directory") void w_read_directory(uint32_t, void *ret);
IMPORT(FS, "[method]directory-entry-stream.read-directory-entry") void w_read_dir_entry(uint32_t, void *ret);
IMPORT(FS, "[method]descriptor.create-directory-at") void w_mkdir_at(uint32_t, const char *, size_t, void *ret);
IMPORT(FS, "[method]descriptor.remove-directory-at") void w_rmdir_at(uint32_t, const char *, size_t, void *ret);
IMPORT(FS, "[method]descriptor.unlink-file-at") void w_unlink_at(uint32_t, const char *, size_t, void *ret);
IMPORT(FS, "[method]descriptor.rename-at")
void w_rename_at(uint32_t, const char *, size_t, uint32_t, const char *, size_t, void *ret);
IMPORT(FS, "[method]descriptor.symlink-at")
void w_symlink_at(uint32_t, const char *, size_t, const char *, size_t, void *ret);
IMPORT(FS, "[method]descriptor.metadata-hash") void w_metadata_hash(uint32_t, void *ret);
IMPORT(FS, "[method]descriptor.metadata-hash-at")
void w_metadata_hash_at(uint32_t, uint32_t, const char *, size_t, void *ret);

#define EXPORT(n) __attribute__((export_name(n)))

/* ---- freestanding helpers (the compiler may also call these) ---- */
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
void *memmove(void *d, const void *s, size_t n);

void *memcpy(void *d, const void *s, size_t n)
{
    return memmove(d, s, n);
}

void *memmove(void *d, const void *s, size_t n)
{
    uint8_t *dp = d;
    const uint8_t *sp = s;
    if (dp < sp)
        for (size_t i = 0; i < n; i++)
            dp[i] = sp[i];
    else
        for (size_t i = n; i > 0; i--)
            dp[i - 1] = sp[i - 1];
    return d;
}

void *memset(void *d, int c, size_t n)
{
    uint8_t *dp = d;
    for (size_t i = 0; i < n; i++)
        dp[i] = (uint8_t)c;
    return d;
}

#define LD8(p, o) (*(const uint8_t *)((const uint8_t *)(p) + (o)))
#define LD32(p, o) (*(const uint32_t *)((const uint8_t *)(p) + (o)))
#define LD64(p, o) (*(const uint64_t *)((const uint8_t *)(p) + (o)))
#define ST8(p, o, v) (*(uint8_t *)((uint8_t *)(p) + (o)) = (uint8_t)(v))
#define ST16(p, o, v) (*(uint16_t *)((uint8_t *)(p) + (o)) = (uint16_t)(v))
#define ST32(p, o, v) (*(uint32_t *)((uint8_t *)(p) + (o)) = (uint32_t)(v))
#define ST64(p, o, v) (*(uint64_t *)((uint8_t *)(p) + (o)) = (uint64_t)(v))

/* ---- state ---- */
enum { K_FREE, K_STDIN, K_STDOUT, K_STDERR, K_FILE, K_DIR };
#define MAX_FDS 512
#define CHUNK 65536u

typedef struct {
    uint8_t kind;
    uint8_t type;     /* preview1 filetype */
    uint8_t dflags;   /* WASI 0.2 descriptor-flags it was opened with */
    uint8_t preopen;  /* a preopened directory (has a name) */
    uint16_t fdflags; /* preview1 fdflags (only APPEND acts) */
    uint32_t handle;  /* stream (stdio) or descriptor */
    uint64_t pos;     /* file position */
    const char *name; /* preopen name (in the permanent region) */
    uint32_t name_len;
} fdent;

typedef struct {
    uint8_t *scratch, *scratch_cur, *scratch_end; /* per-call allocations from the host */
    uint8_t *perm_cur, *perm_end;                 /* lives as long as the instance */
    uint8_t *target;                              /* the next list from the host lands here */
    size_t target_len;
    uint32_t nfds;
    fdent fds[MAX_FDS];
    /* fd_readdir continues one directory stream across calls: the stream of dir_fd (0: none)
     * yields the entry with cookie dir_next next, unless the lookahead (the entry that did not
     * fit into the previous call's buffer) holds it */
    uint32_t dir_fd, dir_stream;
    uint64_t dir_next;
    bool la_valid;
    uint8_t la_type;
    uint32_t la_len;
    uint64_t la_ino;
    char la_name[256];
} state;

__asm__(".globaltype witc_adapter_state, i32\n"
        "witc_adapter_state:\n");

static state *get_state_ptr(void)
{
    state *s;
    __asm__("global.get witc_adapter_state\n\tlocal.set %0" : "=r"(s));
    return s;
}

static void set_state_ptr(state *s)
{
    __asm__("local.get %0\n\tglobal.set witc_adapter_state" : : "r"(s));
}

/* Memory from the main module's cabi_realloc. Requests are one 64 KiB page whenever that is
 * enough: wit-component (`wasm-tools component new`, `jco new`) serves adapters of modules
 * without a cabi_realloc with an allocator that can only hand out single pages. */
static void *chunk(size_t size)
{
    void *p = main_realloc(NULL, 0, 16, size);
    if (!p)
        __builtin_trap();
    return p;
}

static uint8_t *bump(uint8_t **cur, uint8_t *end, size_t align, size_t size)
{
    uintptr_t p = ((uintptr_t)*cur + align - 1) & ~(uintptr_t)(align - 1);
    if (p > (uintptr_t)end || size > (uintptr_t)end - p)
        return NULL;
    *cur = (uint8_t *)p + size;
    return (uint8_t *)p;
}

static void *scratch_alloc(state *s, size_t align, size_t size)
{
    if (align == 0)
        align = 1;
    uint8_t *p = bump(&s->scratch_cur, s->scratch_end, align, size);
    if (!p) {
        /* a new, larger scratch region; the old one is abandoned (rare: huge lists) */
        size_t n = size + align > CHUNK ? size + align : CHUNK;
        s->scratch = chunk(n);
        s->scratch_cur = s->scratch;
        s->scratch_end = s->scratch + n;
        p = bump(&s->scratch_cur, s->scratch_end, align, size);
    }
    return p;
}

static char *perm_copy(state *s, const char *src, size_t n)
{
    uint8_t *p = bump(&s->perm_cur, s->perm_end, 1, n);
    if (!p) {
        size_t sz = n > CHUNK ? n : CHUNK;
        s->perm_cur = chunk(sz);
        s->perm_end = s->perm_cur + sz;
        p = bump(&s->perm_cur, s->perm_end, 1, n);
    }
    memcpy(p, src, n);
    return (char *)p;
}

static state *st(void);

/* The canonical ABI allocates every list or string the host returns through this. */
EXPORT("cabi_import_realloc")
void *cabi_import_realloc(void *old, size_t old_size, size_t align, size_t new_size)
{
    state *s = st();
    if (!old && s->target && new_size <= s->target_len) {
        void *t = s->target;
        s->target = NULL;
        return t;
    }
    void *p = scratch_alloc(s, align, new_size);
    if (old)
        memcpy(p, old, old_size < new_size ? old_size : new_size);
    return p;
}

static uint8_t terminal(void (*get)(void *), void (*drop)(uint32_t))
{
    uint32_t ret[2];
    get(ret);
    if (LD8(ret, 0) == 0)
        return FT_UNKNOWN;
    drop(LD32(ret, 4));
    return FT_CHAR;
}

static void drop_input(uint32_t h)
{
    w_drop_terminal_input(h);
}

static void drop_output(uint32_t h)
{
    w_drop_terminal_output(h);
}

static uint8_t filetype_of(uint8_t dt)
{
    switch (dt) {
    case DT_BLOCK: return FT_BLOCK;
    case DT_CHAR: return FT_CHAR;
    case DT_DIR: return FT_DIR;
    case DT_SYMLINK: return FT_SYMLINK;
    case DT_REG: return FT_REG;
    case DT_SOCKET: return FT_SOCK_STREAM;
    default: return FT_UNKNOWN;
    }
}

static state *st(void)
{
    state *s = get_state_ptr();
    if (s)
        return s;
    _Static_assert(sizeof(state) < CHUNK / 2, "the state and the preopen names share one page");
    uint8_t *blk = chunk(CHUNK);
    s = (state *)blk;
    memset(s, 0, sizeof *s);
    s->perm_cur = blk + sizeof(state);
    s->perm_end = blk + CHUNK;
    set_state_ptr(s);
    s->scratch = chunk(CHUNK);
    s->scratch_cur = s->scratch;
    s->scratch_end = s->scratch + CHUNK;
    s->fds[0] = (fdent){.kind = K_STDIN, .handle = w_get_stdin(),
                        .type = terminal(w_terminal_stdin, drop_input)};
    s->fds[1] = (fdent){.kind = K_STDOUT, .handle = w_get_stdout(),
                        .type = terminal(w_terminal_stdout, drop_output)};
    s->fds[2] = (fdent){.kind = K_STDERR, .handle = w_get_stderr(),
                        .type = terminal(w_terminal_stderr, drop_output)};
    s->nfds = 3;
    uint32_t ret[2];
    w_get_directories(ret);
    const uint8_t *list = (const uint8_t *)(uintptr_t)ret[0];
    for (uint32_t i = 0; i < ret[1]; i++) {
        const uint8_t *e = list + 12 * i;
        uint32_t h = LD32(e, 0);
        if (s->nfds >= MAX_FDS) {
            w_drop_descriptor(h);
            continue;
        }
        fdent *f = &s->fds[s->nfds++];
        f->kind = K_DIR;
        f->type = FT_DIR;
        f->preopen = 1;
        f->handle = h;
        f->name_len = LD32(e, 8);
        f->name = perm_copy(s, (const char *)(uintptr_t)LD32(e, 4), f->name_len);
        uint8_t fl[2];
        w_get_flags(h, fl);
        f->dflags = fl[0] == 0 ? fl[1] : (DF_READ | DF_MUTATE_DIRECTORY);
    }
    s->scratch_cur = s->scratch;
    return s;
}

/* The state, with the scratch region emptied: every preview1 entry point starts here. */
static state *enter(void)
{
    state *s = st();
    s->scratch_cur = s->scratch;
    s->target = NULL;
    return s;
}

static fdent *get_fd(state *s, uint32_t fd)
{
    if (fd >= s->nfds || s->fds[fd].kind == K_FREE)
        return NULL;
    return &s->fds[fd];
}

static fdent *get_desc(state *s, uint32_t fd)
{
    fdent *f = get_fd(s, fd);
    return f && (f->kind == K_FILE || f->kind == K_DIR) ? f : NULL;
}

/* Forgets fd_readdir's stream (before its directory is closed: the stream is its child). */
static void drop_dir_stream(state *s)
{
    if (s->dir_stream)
        w_drop_dir_stream(s->dir_stream);
    s->dir_stream = 0;
    s->la_valid = false;
}

static int32_t alloc_fd(state *s, uint32_t *out)
{
    for (uint32_t i = 3; i < s->nfds; i++)
        if (s->fds[i].kind == K_FREE) {
            *out = i;
            return 0;
        }
    if (s->nfds >= MAX_FDS)
        return E_MFILE;
    *out = s->nfds++;
    return 0;
}

/* error-code → errno. A switch, not a table: a table would be a data segment (the build
 * passes -fno-jump-tables so that the compiler does not make one either). */
static int32_t errno_of(uint8_t code)
{
    switch (code) {
    case 0: return E_ACCES;
    case 1: return E_AGAIN;
    case 2: return E_ALREADY;
    case 3: return E_BADF;
    case 4: return E_BUSY;
    case 5: return E_DEADLK;
    case 6: return E_DQUOT;
    case 7: return E_EXIST;
    case 8: return E_FBIG;
    case 9: return E_ILSEQ;
    case 10: return E_INPROGRESS;
    case 11: return E_INTR;
    case 12: return E_INVAL;
    case 13: return E_IO;
    case 14: return E_ISDIR;
    case 15: return E_LOOP;
    case 16: return E_MLINK;
    case 17: return E_MSGSIZE;
    case 18: return E_NAMETOOLONG;
    case 19: return E_NODEV;
    case 20: return E_NOENT;
    case 21: return E_NOLCK;
    case 22: return E_NOMEM;
    case 23: return E_NOSPC;
    case 24: return E_NOTDIR;
    case 25: return E_NOTEMPTY;
    case 26: return E_NOTRECOVERABLE;
    case 27: return E_NOTSUP;
    case 28: return E_NOTTY;
    case 29: return E_NXIO;
    case 30: return E_OVERFLOW;
    case 31: return E_PERM;
    case 32: return E_PIPE;
    case 33: return E_ROFS;
    case 34: return E_SPIPE;
    case 35: return E_TXTBSY;
    case 36: return E_XDEV;
    default: return E_IO;
    }
}

/* A result<_, error-code> at ret: 0 or the errno. */
static int32_t unit_result(const void *ret)
{
    return LD8(ret, 0) == 0 ? 0 : errno_of(LD8(ret, 1));
}

/* A stream-error (variant at off): drops the error resource; closed → `closed_errno`. */
static int32_t stream_error(const void *ret, uint32_t off, int32_t closed_errno)
{
    if (LD8(ret, off) == 0) {
        w_drop_error(LD32(ret, off + 4));
        return E_IO;
    }
    return closed_errno;
}

/* ---- args and environment ---- */

EXPORT("args_sizes_get") int32_t args_sizes_get(uint32_t *argc, uint32_t *size)
{
    enter();
    uint32_t ret[2];
    w_get_arguments(ret);
    const uint32_t *l = (const uint32_t *)(uintptr_t)ret[0];
    uint32_t n = 0;
    for (uint32_t i = 0; i < ret[1]; i++)
        n += l[2 * i + 1] + 1;
    *argc = ret[1];
    *size = n;
    return 0;
}

EXPORT("args_get") int32_t args_get(char **argv, char *buf)
{
    enter();
    uint32_t ret[2];
    w_get_arguments(ret);
    const uint32_t *l = (const uint32_t *)(uintptr_t)ret[0];
    for (uint32_t i = 0; i < ret[1]; i++) {
        argv[i] = buf;
        memcpy(buf, (const void *)(uintptr_t)l[2 * i], l[2 * i + 1]);
        buf += l[2 * i + 1];
        *buf++ = 0;
    }
    return 0;
}

EXPORT("environ_sizes_get") int32_t environ_sizes_get(uint32_t *count, uint32_t *size)
{
    enter();
    uint32_t ret[2];
    w_get_environment(ret);
    const uint32_t *l = (const uint32_t *)(uintptr_t)ret[0];
    uint32_t n = 0;
    for (uint32_t i = 0; i < ret[1]; i++)
        n += l[4 * i + 1] + 1 + l[4 * i + 3] + 1;
    *count = ret[1];
    *size = n;
    return 0;
}

EXPORT("environ_get") int32_t environ_get(char **env, char *buf)
{
    enter();
    uint32_t ret[2];
    w_get_environment(ret);
    const uint32_t *l = (const uint32_t *)(uintptr_t)ret[0];
    for (uint32_t i = 0; i < ret[1]; i++) {
        env[i] = buf;
        memcpy(buf, (const void *)(uintptr_t)l[4 * i], l[4 * i + 1]);
        buf += l[4 * i + 1];
        *buf++ = '=';
        memcpy(buf, (const void *)(uintptr_t)l[4 * i + 2], l[4 * i + 3]);
        buf += l[4 * i + 3];
        *buf++ = 0;
    }
    return 0;
}

/* ---- clocks, random, process ---- */

static uint64_t wall_ns(void)
{
    uint64_t ret[2];
    w_wall_now(ret);
    return LD64(ret, 0) * 1000000000ull + LD32(ret, 8);
}

EXPORT("clock_time_get") int32_t clock_time_get(uint32_t id, uint64_t precision, uint64_t *out)
{
    (void)precision;
    if (id == CLOCK_REALTIME)
        *out = wall_ns();
    else if (id <= 3)
        *out = w_mono_now(); /* monotonic; the CPU-time clocks are approximated by it */
    else
        return E_INVAL;
    return 0;
}

EXPORT("clock_res_get") int32_t clock_res_get(uint32_t id, uint64_t *out)
{
    if (id == CLOCK_REALTIME) {
        uint64_t ret[2];
        w_wall_resolution(ret);
        *out = LD64(ret, 0) * 1000000000ull + LD32(ret, 8);
    } else if (id <= 3) {
        *out = w_mono_resolution();
    } else {
        return E_INVAL;
    }
    return 0;
}

EXPORT("random_get") int32_t random_get(uint8_t *buf, size_t len)
{
    state *s = enter();
    while (len > 0) {
        size_t n = len > CHUNK ? CHUNK : len;
        uint32_t ret[2];
        s->target = buf;
        s->target_len = n;
        w_random_bytes(n, ret);
        s->target = NULL;
        if (ret[0] != (uintptr_t)buf)
            memcpy(buf, (const void *)(uintptr_t)ret[0], ret[1] < n ? ret[1] : n);
        buf += n;
        len -= n;
    }
    return 0;
}

EXPORT("proc_exit") _Noreturn void proc_exit(uint32_t code)
{
    w_exit(code != 0);
}

EXPORT("proc_raise") int32_t proc_raise(uint32_t sig)
{
    (void)sig;
    return E_NOSYS;
}

EXPORT("sched_yield") int32_t sched_yield(void)
{
    return 0;
}

/* ---- reading and writing ---- */

typedef struct {
    uint8_t *buf;
    size_t len;
} iovec;

/* Reads into one buffer; *n the bytes read (0 at end of file). */
static int32_t read_some(state *s, fdent *f, uint8_t *buf, size_t len, uint64_t off, bool positional,
                         size_t *n)
{
    uint32_t ret[4];
    *n = 0;
    if (f->kind == K_STDIN) {
        s->target = buf;
        s->target_len = len;
        w_blocking_read(f->handle, len, ret);
        s->target = NULL;
        if (LD8(ret, 0) != 0)
            return stream_error(ret, 4, 0);
    } else if (f->kind == K_FILE) {
        if (!(f->dflags & DF_READ))
            return E_BADF;
        s->target = buf;
        s->target_len = len;
        w_fread(f->handle, len, positional ? off : f->pos, ret);
        s->target = NULL;
        if (LD8(ret, 0) != 0)
            return errno_of(LD8(ret, 4));
        if (!positional)
            f->pos += LD32(ret, 8);
    } else if (f->kind == K_DIR) {
        return E_ISDIR;
    } else {
        return E_BADF;
    }
    size_t got = LD32(ret, 8);
    if (got > len)
        got = len;
    if (LD32(ret, 4) != (uintptr_t)buf)
        memcpy(buf, (const void *)(uintptr_t)LD32(ret, 4), got);
    *n = got;
    return 0;
}

static int32_t do_read(uint32_t fd, const iovec *iovs, size_t niovs, uint64_t off, bool positional, size_t *nread)
{
    state *s = enter();
    fdent *f = get_fd(s, fd);
    *nread = 0;
    if (!f)
        return E_BADF;
    for (size_t i = 0; i < niovs; i++) {
        if (iovs[i].len == 0)
            continue;
        /* one buffer per call: a short read is always allowed */
        return read_some(s, f, iovs[i].buf, iovs[i].len, off, positional, nread);
    }
    return 0;
}

EXPORT("fd_read") int32_t fd_read(uint32_t fd, const iovec *iovs, size_t niovs, size_t *nread)
{
    return do_read(fd, iovs, niovs, 0, false, nread);
}

EXPORT("fd_pread") int32_t fd_pread(uint32_t fd, const iovec *iovs, size_t niovs, uint64_t off, size_t *nread)
{
    return do_read(fd, iovs, niovs, off, true, nread);
}

static int32_t write_all(fdent *f, const uint8_t *buf, size_t len, uint64_t off, bool positional, size_t *n)
{
    uint64_t ret[2];
    if (f->kind == K_STDOUT || f->kind == K_STDERR) {
        while (len > 0) {
            size_t c = len > 4096 ? 4096 : len; /* blocking-write-and-flush takes ≤ 4096 bytes */
            w_blocking_write_and_flush(f->handle, buf, c, ret);
            if (LD8(ret, 0) != 0)
                return *n ? 0 : stream_error(ret, 4, E_PIPE);
            buf += c;
            len -= c;
            *n += c;
        }
        return 0;
    }
    if (f->kind == K_DIR)
        return E_ISDIR;
    if (f->kind != K_FILE || !(f->dflags & DF_WRITE))
        return E_BADF;
    if (!positional && (f->fdflags & FDFLAG_APPEND)) {
        uint64_t sr[13];
        w_stat(f->handle, sr);
        if (LD8(sr, 0) != 0)
            return errno_of(LD8(sr, 8));
        f->pos = LD64(sr, 24);
    }
    while (len > 0) {
        w_fwrite(f->handle, buf, len, positional ? off : f->pos, ret);
        if (LD8(ret, 0) != 0)
            return *n ? 0 : errno_of(LD8(ret, 8));
        uint64_t w = LD64(ret, 8);
        if (w == 0 || w > len)
            break;
        buf += w;
        len -= w;
        *n += w;
        if (positional)
            off += w;
        else
            f->pos += w;
    }
    return 0;
}

static int32_t do_write(uint32_t fd, const iovec *iovs, size_t niovs, uint64_t off, bool positional,
                        size_t *nwritten)
{
    state *s = enter();
    fdent *f = get_fd(s, fd);
    *nwritten = 0;
    if (!f)
        return E_BADF;
    for (size_t i = 0; i < niovs; i++) {
        size_t n = 0;
        int32_t e = write_all(f, iovs[i].buf, iovs[i].len, off, positional, &n);
        *nwritten += n;
        off += n;
        if (e)
            return *nwritten ? 0 : e;
        if (n < iovs[i].len)
            break;
    }
    return 0;
}

EXPORT("fd_write") int32_t fd_write(uint32_t fd, const iovec *iovs, size_t niovs, size_t *nwritten)
{
    return do_write(fd, iovs, niovs, 0, false, nwritten);
}

EXPORT("fd_pwrite")
int32_t fd_pwrite(uint32_t fd, const iovec *iovs, size_t niovs, uint64_t off, size_t *nwritten)
{
    return do_write(fd, iovs, niovs, off, true, nwritten);
}

/* ---- descriptors ---- */

EXPORT("fd_close") int32_t fd_close(uint32_t fd)
{
    state *s = enter();
    fdent *f = get_fd(s, fd);
    if (!f)
        return E_BADF;
    if (s->dir_stream && s->dir_fd == fd)
        drop_dir_stream(s);
    if (f->kind == K_FILE || f->kind == K_DIR)
        w_drop_descriptor(f->handle);
    memset(f, 0, sizeof *f);
    return 0;
}

EXPORT("fd_renumber") int32_t fd_renumber(uint32_t from, uint32_t to)
{
    state *s = enter();
    fdent *f = get_fd(s, from);
    if (!f || !get_fd(s, to))
        return E_BADF;
    if (from == to)
        return 0;
    fd_close(to);
    if (s->dir_stream && s->dir_fd == from)
        s->dir_fd = to;
    s->fds[to] = *f;
    memset(f, 0, sizeof *f);
    return 0;
}

EXPORT("fd_seek") int32_t fd_seek(uint32_t fd, int64_t off, uint32_t whence, uint64_t *newoff)
{
    state *s = enter();
    fdent *f = get_fd(s, fd);
    if (!f)
        return E_BADF;
    if (f->kind != K_FILE)
        return f->kind == K_DIR ? E_BADF : E_SPIPE;
    int64_t base;
    if (whence == 0) {
        base = 0;
    } else if (whence == 1) {
        base = (int64_t)f->pos;
    } else if (whence == 2) {
        uint64_t sr[13];
        w_stat(f->handle, sr);
        if (LD8(sr, 0) != 0)
            return errno_of(LD8(sr, 8));
        base = (int64_t)LD64(sr, 24);
    } else {
        return E_INVAL;
    }
    if ((off < 0 && base + off < 0))
        return E_INVAL;
    f->pos = (uint64_t)(base + off);
    *newoff = f->pos;
    return 0;
}

EXPORT("fd_tell") int32_t fd_tell(uint32_t fd, uint64_t *off)
{
    state *s = enter();
    fdent *f = get_fd(s, fd);
    if (!f)
        return E_BADF;
    if (f->kind != K_FILE)
        return E_SPIPE;
    *off = f->pos;
    return 0;
}

EXPORT("fd_fdstat_get") int32_t fd_fdstat_get(uint32_t fd, uint8_t *out)
{
    state *s = enter();
    fdent *f = get_fd(s, fd);
    if (!f)
        return E_BADF;
    uint64_t base, inh = 0;
    switch (f->kind) {
    case K_STDIN: base = RIGHT_FD_READ | (1ull << 27) | (1ull << 21); break;
    case K_STDOUT:
    case K_STDERR: base = RIGHT_FD_WRITE | (1ull << 27) | (1ull << 21); break;
    case K_DIR: base = inh = RIGHTS_ALL; break;
    default:
        base = RIGHTS_ALL;
        inh = RIGHTS_ALL;
        if (!(f->dflags & DF_READ))
            base &= ~RIGHT_FD_READ;
        if (!(f->dflags & DF_WRITE))
            base &= ~RIGHT_FD_WRITE;
        break;
    }
    memset(out, 0, 24);
    ST8(out, 0, f->type);
    ST16(out, 2, f->fdflags);
    ST64(out, 8, base);
    ST64(out, 16, inh);
    return 0;
}

EXPORT("fd_fdstat_set_flags") int32_t fd_fdstat_set_flags(uint32_t fd, uint32_t flags)
{
    state *s = enter();
    fdent *f = get_fd(s, fd);
    if (!f)
        return E_BADF;
    if (f->kind != K_FILE)
        return E_INVAL;
    f->fdflags = (uint16_t)(flags & FDFLAG_APPEND);
    return 0;
}

EXPORT("fd_fdstat_set_rights") int32_t fd_fdstat_set_rights(uint32_t fd, uint64_t base, uint64_t inh)
{
    (void)fd, (void)base, (void)inh;
    return E_NOTSUP;
}

/* Fills a preview1 filestat from a descriptor-stat at `st` and a metadata hash result at
 * `mh` (NULL: inode 0). */
static void put_filestat(uint8_t *out, const uint8_t *stat, const uint64_t *mh)
{
    memset(out, 0, 64);
    ST64(out, 8, mh && LD8(mh, 0) == 0 ? LD64(mh, 8) : 0);
    ST8(out, 16, filetype_of(LD8(stat, 0)));
    ST64(out, 24, LD64(stat, 8));
    ST64(out, 32, LD64(stat, 16));
    for (int i = 0; i < 3; i++) {
        const uint8_t *t = stat + 24 + 24 * i;
        if (LD8(t, 0))
            ST64(out, 40 + 8 * i, LD64(t, 8) * 1000000000ull + LD32(t, 16));
    }
}

EXPORT("fd_filestat_get") int32_t fd_filestat_get(uint32_t fd, uint8_t *out)
{
    state *s = enter();
    fdent *f = get_fd(s, fd);
    if (!f)
        return E_BADF;
    if (f->kind != K_FILE && f->kind != K_DIR) {
        memset(out, 0, 64);
        ST8(out, 16, f->type);
        return 0;
    }
    uint64_t sr[13], mh[3];
    w_stat(f->handle, sr);
    if (LD8(sr, 0) != 0)
        return errno_of(LD8(sr, 8));
    w_metadata_hash(f->handle, mh);
    put_filestat(out, (const uint8_t *)sr + 8, mh);
    return 0;
}

EXPORT("fd_filestat_set_size") int32_t fd_filestat_set_size(uint32_t fd, uint64_t size)
{
    state *s = enter();
    fdent *f = get_desc(s, fd);
    if (!f)
        return E_BADF;
    uint8_t ret[2];
    w_set_size(f->handle, size, ret);
    return unit_result(ret);
}

static void timestamp(uint32_t fst, uint32_t set, uint32_t now, uint64_t t, uint32_t *tag, uint64_t *sec,
                      uint32_t *ns)
{
    *tag = (fst & now) ? 1 : (fst & set) ? 2 : 0;
    *sec = *tag == 2 ? t / 1000000000ull : 0;
    *ns = *tag == 2 ? (uint32_t)(t % 1000000000ull) : 0;
}

EXPORT("fd_filestat_set_times") int32_t fd_filestat_set_times(uint32_t fd, uint64_t atim, uint64_t mtim, uint32_t fst)
{
    state *s = enter();
    fdent *f = get_desc(s, fd);
    if (!f)
        return E_BADF;
    uint32_t at, mt, ans, mns;
    uint64_t as, ms;
    timestamp(fst, FST_ATIM, FST_ATIM_NOW, atim, &at, &as, &ans);
    timestamp(fst, FST_MTIM, FST_MTIM_NOW, mtim, &mt, &ms, &mns);
    uint8_t ret[2];
    w_set_times(f->handle, at, as, ans, mt, ms, mns, ret);
    return unit_result(ret);
}

EXPORT("fd_sync") int32_t fd_sync(uint32_t fd)
{
    state *s = enter();
    fdent *f = get_desc(s, fd);
    if (!f)
        return get_fd(s, fd) ? 0 : E_BADF;
    uint8_t ret[2];
    w_sync(f->handle, ret);
    return unit_result(ret);
}

EXPORT("fd_datasync") int32_t fd_datasync(uint32_t fd)
{
    state *s = enter();
    fdent *f = get_desc(s, fd);
    if (!f)
        return get_fd(s, fd) ? 0 : E_BADF;
    uint8_t ret[2];
    w_sync_data(f->handle, ret);
    return unit_result(ret);
}

EXPORT("fd_advise") int32_t fd_advise(uint32_t fd, uint64_t off, uint64_t len, uint32_t advice)
{
    (void)off, (void)len, (void)advice;
    state *s = enter();
    return get_desc(s, fd) ? 0 : E_BADF;
}

EXPORT("fd_allocate") int32_t fd_allocate(uint32_t fd, uint64_t off, uint64_t len)
{
    (void)fd, (void)off, (void)len;
    return E_NOTSUP;
}

EXPORT("fd_prestat_get") int32_t fd_prestat_get(uint32_t fd, uint32_t *out)
{
    state *s = enter();
    fdent *f = get_fd(s, fd);
    if (!f || !f->preopen)
        return E_BADF;
    out[0] = 0; /* preopentype dir */
    out[1] = f->name_len;
    return 0;
}

EXPORT("fd_prestat_dir_name") int32_t fd_prestat_dir_name(uint32_t fd, char *path, size_t len)
{
    state *s = enter();
    fdent *f = get_fd(s, fd);
    if (!f || !f->preopen)
        return E_BADF;
    if (len < f->name_len)
        return E_NAMETOOLONG;
    memcpy(path, f->name, f->name_len);
    return 0;
}

/* Directory entries: cookie 0 is ".", 1 is "..", then the host's entries in order. A call
 * that continues where the previous one stopped (wasi-libc's readdir) reads on from the kept
 * stream; any other cookie restarts the stream and skips to it. */
EXPORT("fd_readdir")
int32_t fd_readdir(uint32_t fd, uint8_t *buf, size_t buf_len, uint64_t cookie, size_t *used)
{
    state *s = enter();
    fdent *f = get_fd(s, fd);
    *used = 0;
    if (!f)
        return E_BADF;
    if (f->kind != K_DIR)
        return E_NOTDIR;
    uint32_t ret[5];
    uint64_t i = 0;
    if (s->dir_stream && s->dir_fd == fd && s->dir_next == cookie && cookie >= 2) {
        i = cookie;
    } else {
        drop_dir_stream(s);
        w_read_directory(f->handle, ret);
        if (LD8(ret, 0) != 0)
            return errno_of(LD8(ret, 4));
        s->dir_stream = ret[1];
        s->dir_fd = fd;
    }
    int32_t err = 0;
    bool end = false;
    uint8_t *mark = s->scratch_cur;
    for (; *used < buf_len; i++) {
        char dots[2] = {'.', '.'}; /* not a string literal: that would be data */
        const char *name;
        uint32_t nlen;
        uint8_t type = FT_DIR;
        uint64_t ino = 0;
        s->scratch_cur = mark;
        if (i < 2) {
            name = dots;
            nlen = (uint32_t)i + 1;
        } else if (s->la_valid && s->dir_next == i) {
            name = s->la_name;
            nlen = s->la_len;
            type = s->la_type;
            ino = s->la_ino;
            s->la_valid = false;
        } else {
            w_read_dir_entry(s->dir_stream, ret);
            if (LD8(ret, 0) != 0) {
                err = errno_of(LD8(ret, 4));
                end = true;
                break;
            }
            if (LD8(ret, 4) == 0) {
                end = true; /* the end of the directory */
                break;
            }
            type = filetype_of(LD8(ret, 8));
            name = (const char *)(uintptr_t)ret[3];
            nlen = ret[4];
            if (i >= cookie) {
                uint64_t mh[3];
                w_metadata_hash_at(f->handle, 0, name, nlen, mh);
                ino = LD8(mh, 0) == 0 ? LD64(mh, 8) : 0;
            }
        }
        s->dir_next = i + 1;
        if (i < cookie)
            continue;
        uint64_t d[3];
        d[0] = i + 1;
        d[1] = ino;
        d[2] = nlen | ((uint64_t)type << 32);
        size_t room = buf_len - *used;
        memcpy(buf + *used, d, room < 24 ? room : 24);
        memcpy(buf + *used + (room < 24 ? room : 24), name, room < 24 ? 0 : room - 24 < nlen ? room - 24 : nlen);
        *used += room < 24 + nlen ? room : 24 + nlen;
        if (room < 24 + nlen) {
            /* cut short: the caller asks for this entry again, keep it */
            s->dir_next = i;
            if (i >= 2 && nlen <= sizeof s->la_name) {
                memcpy(s->la_name, name, nlen);
                s->la_len = nlen;
                s->la_type = type;
                s->la_ino = ino;
                s->la_valid = true;
            } else if (i >= 2) {
                drop_dir_stream(s); /* too long to keep: the next call starts over */
            }
        }
    }
    if (end)
        drop_dir_stream(s);
    return *used ? 0 : err;
}

/* ---- paths ---- */

EXPORT("path_open")
int32_t path_open(uint32_t dirfd, uint32_t lookup, const char *path, size_t path_len, uint32_t oflags,
                  uint64_t base, uint64_t inh, uint32_t fdflags, uint32_t *out)
{
    (void)inh;
    state *s = enter();
    fdent *d = get_desc(s, dirfd);
    if (!d)
        return E_BADF;
    uint32_t nfd;
    int32_t e = alloc_fd(s, &nfd);
    if (e)
        return e;
    uint32_t df = 0;
    if (base & RIGHT_FD_READ)
        df |= DF_READ;
    if (base & RIGHT_FD_WRITE)
        df |= DF_WRITE;
    if (oflags & OFLAG_DIRECTORY) {
        df &= ~DF_WRITE;
        df |= d->dflags & DF_MUTATE_DIRECTORY;
    }
    if (fdflags & 2)
        df |= 8; /* dsync → data-integrity-sync */
    if (fdflags & 16)
        df |= 4; /* sync → file-integrity-sync */
    if (fdflags & 8)
        df |= 16; /* rsync → requested-write-sync */
    uint32_t ret[2];
    w_open_at(d->handle, lookup & 1, path, path_len, oflags & 15, df, ret);
    if (LD8(ret, 0) != 0)
        return errno_of(LD8(ret, 4));
    uint32_t h = ret[1];
    uint8_t tr[2];
    w_get_type(h, tr);
    fdent *f = &s->fds[nfd];
    memset(f, 0, sizeof *f);
    f->handle = h;
    f->type = tr[0] == 0 ? filetype_of(tr[1]) : FT_UNKNOWN;
    f->kind = f->type == FT_DIR ? K_DIR : K_FILE;
    f->dflags = (uint8_t)df;
    f->fdflags = (uint16_t)(fdflags & FDFLAG_APPEND);
    *out = nfd;
    return 0;
}

EXPORT("path_filestat_get")
int32_t path_filestat_get(uint32_t fd, uint32_t flags, const char *path, size_t len, uint8_t *out)
{
    state *s = enter();
    fdent *d = get_desc(s, fd);
    if (!d)
        return E_BADF;
    uint64_t sr[13], mh[3];
    w_stat_at(d->handle, flags & 1, path, len, sr);
    if (LD8(sr, 0) != 0)
        return errno_of(LD8(sr, 8));
    w_metadata_hash_at(d->handle, flags & 1, path, len, mh);
    put_filestat(out, (const uint8_t *)sr + 8, mh);
    return 0;
}

EXPORT("path_filestat_set_times")
int32_t path_filestat_set_times(uint32_t fd, uint32_t flags, const char *path, size_t len, uint64_t atim,
                                uint64_t mtim, uint32_t fst)
{
    state *s = enter();
    fdent *d = get_desc(s, fd);
    if (!d)
        return E_BADF;
    uint32_t at, mt, ans, mns;
    uint64_t as, ms;
    timestamp(fst, FST_ATIM, FST_ATIM_NOW, atim, &at, &as, &ans);
    timestamp(fst, FST_MTIM, FST_MTIM_NOW, mtim, &mt, &ms, &mns);
    uint8_t ret[2];
    w_set_times_at(d->handle, flags & 1, path, len, at, as, ans, mt, ms, mns, ret);
    return unit_result(ret);
}

typedef void (*path_op)(uint32_t, const char *, size_t, void *);

static int32_t simple_path_op(path_op op, uint32_t fd, const char *path, size_t len)
{
    state *s = enter();
    fdent *d = get_desc(s, fd);
    if (!d)
        return E_BADF;
    uint8_t ret[2];
    op(d->handle, path, len, ret);
    return unit_result(ret);
}

EXPORT("path_create_directory") int32_t path_create_directory(uint32_t fd, const char *path, size_t len)
{
    return simple_path_op(w_mkdir_at, fd, path, len);
}

EXPORT("path_remove_directory") int32_t path_remove_directory(uint32_t fd, const char *path, size_t len)
{
    return simple_path_op(w_rmdir_at, fd, path, len);
}

EXPORT("path_unlink_file") int32_t path_unlink_file(uint32_t fd, const char *path, size_t len)
{
    return simple_path_op(w_unlink_at, fd, path, len);
}

EXPORT("path_rename")
int32_t path_rename(uint32_t fd, const char *old, size_t old_len, uint32_t new_fd, const char *new_path,
                    size_t new_len)
{
    state *s = enter();
    fdent *a = get_desc(s, fd), *b = get_desc(s, new_fd);
    if (!a || !b)
        return E_BADF;
    uint8_t ret[2];
    w_rename_at(a->handle, old, old_len, b->handle, new_path, new_len, ret);
    return unit_result(ret);
}

EXPORT("path_link")
int32_t path_link(uint32_t old_fd, uint32_t flags, const char *old, size_t old_len, uint32_t new_fd,
                  const char *new_path, size_t new_len)
{
    state *s = enter();
    fdent *a = get_desc(s, old_fd), *b = get_desc(s, new_fd);
    if (!a || !b)
        return E_BADF;
    uint8_t ret[2];
    w_link_at(a->handle, flags & 1, old, old_len, b->handle, new_path, new_len, ret);
    return unit_result(ret);
}

EXPORT("path_symlink")
int32_t path_symlink(const char *old, size_t old_len, uint32_t fd, const char *new_path, size_t new_len)
{
    state *s = enter();
    fdent *d = get_desc(s, fd);
    if (!d)
        return E_BADF;
    uint8_t ret[2];
    w_symlink_at(d->handle, old, old_len, new_path, new_len, ret);
    return unit_result(ret);
}

EXPORT("path_readlink")
int32_t path_readlink(uint32_t fd, const char *path, size_t len, uint8_t *buf, size_t buf_len, size_t *used)
{
    state *s = enter();
    fdent *d = get_desc(s, fd);
    if (!d)
        return E_BADF;
    uint32_t ret[3];
    w_readlink_at(d->handle, path, len, ret);
    if (LD8(ret, 0) != 0)
        return errno_of(LD8(ret, 4));
    size_t n = ret[2] < buf_len ? ret[2] : buf_len;
    memcpy(buf, (const void *)(uintptr_t)ret[1], n);
    *used = n;
    return 0;
}

/* ---- poll ---- */

EXPORT("poll_oneoff")
int32_t poll_oneoff(const uint8_t *in, uint8_t *out, size_t nsubs, size_t *nevents)
{
    state *s = enter();
    *nevents = 0;
    if (nsubs == 0)
        return E_INVAL;
    uint32_t *polls = scratch_alloc(s, 4, nsubs * 4);
    uint16_t *errs = scratch_alloc(s, 2, nsubs * 2);
    for (size_t i = 0; i < nsubs; i++) {
        const uint8_t *sub = in + 48 * i;
        uint8_t tag = LD8(sub, 8);
        errs[i] = 0;
        if (tag == 0) {
            uint32_t id = LD32(sub, 16);
            uint64_t t = LD64(sub, 24);
            bool abs = LD8(sub, 40) & SUBCLOCK_ABSTIME;
            if (id == CLOCK_REALTIME && abs) {
                uint64_t now = wall_ns();
                polls[i] = w_subscribe_duration(t > now ? t - now : 0);
            } else if (id <= 3) {
                polls[i] = abs ? w_subscribe_instant(t) : w_subscribe_duration(t);
            } else {
                errs[i] = E_INVAL;
                polls[i] = w_subscribe_duration(0);
            }
        } else {
            fdent *f = get_fd(s, LD32(sub, 16));
            if (f && tag == 1 && f->kind == K_STDIN) {
                polls[i] = w_input_subscribe(f->handle);
            } else if (f && tag == 2 && (f->kind == K_STDOUT || f->kind == K_STDERR)) {
                polls[i] = w_output_subscribe(f->handle);
            } else {
                if (!f || (tag != 1 && tag != 2))
                    errs[i] = E_BADF;
                polls[i] = w_subscribe_duration(0); /* files are always ready */
            }
        }
    }
    uint32_t ret[2];
    w_poll(polls, nsubs, ret);
    const uint32_t *ready = (const uint32_t *)(uintptr_t)ret[0];
    for (uint32_t k = 0; k < ret[1]; k++) {
        uint32_t i = ready[k];
        if (i >= nsubs)
            continue;
        const uint8_t *sub = in + 48 * i;
        uint8_t *ev = out + 32 * (*nevents)++;
        memset(ev, 0, 32);
        ST64(ev, 0, LD64(sub, 0));
        ST16(ev, 8, errs[i]);
        ST8(ev, 10, LD8(sub, 8));
        if (LD8(sub, 8) != 0)
            ST64(ev, 16, 1);
    }
    for (size_t i = 0; i < nsubs; i++)
        w_drop_pollable(polls[i]);
    return 0;
}

/* ---- sockets: not supported ---- */

EXPORT("sock_accept") int32_t sock_accept(uint32_t fd, uint32_t flags, uint32_t *out)
{
    (void)fd, (void)flags, (void)out;
    return E_NOSYS;
}

EXPORT("sock_recv")
int32_t sock_recv(uint32_t fd, const iovec *iovs, size_t n, uint32_t flags, size_t *len, uint32_t *oflags)
{
    (void)fd, (void)iovs, (void)n, (void)flags, (void)len, (void)oflags;
    return E_NOSYS;
}

EXPORT("sock_send")
int32_t sock_send(uint32_t fd, const iovec *iovs, size_t n, uint32_t flags, size_t *len)
{
    (void)fd, (void)iovs, (void)n, (void)flags, (void)len;
    return E_NOSYS;
}

EXPORT("sock_shutdown") int32_t sock_shutdown(uint32_t fd, uint32_t how)
{
    (void)fd, (void)how;
    return E_NOSYS;
}

/* ---- the command's entry point (the reactor flavour has none: main's own exports) ---- */

#ifndef WITC_ADAPTER_REACTOR
EXPORT("wasi:cli/run@0.2.12#run") uint32_t run(void)
{
    main_start();
    return 0;
}
#endif
