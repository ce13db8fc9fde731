/* Base utilities shared by every layer of the toolchain: the allocation hook,
 * arenas, growable string buffers, the source map, diagnostics, UTF-8 and semver.
 * Nothing here knows about WIT. */
#ifndef WITC_BASE_H
#define WITC_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define WIT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define WIT_PRINTF(f, a)
#endif

/* ---- allocation hook ------------------------------------------------------
 * Every heap allocation of the toolchain goes through these three functions, so
 * a test can make the n-th one fail and check that the failure is reported and
 * nothing leaks. They behave like malloc/realloc/free; wit_malloc(0) returns a
 * unique non-NULL pointer. They return NULL on failure and never abort. */
void *wit_malloc(size_t n);
void *wit_calloc(size_t count, size_t size);
void *wit_realloc(void *p, size_t n);
void wit_free(void *p);
/* Returns a wit_malloc'd copy of s (or of its first n bytes, NUL-terminated);
 * NULL on failure. The caller owns the result. */
char *wit_strdup(const char *s);
char *wit_strndup(const char *s, size_t n);
/* Test hook: the n-th allocation from now (1-based) and every later one fail
 * until the hook is reset with n = 0. */
void wit_alloc_fail_after(unsigned long n);

/* Aborts with a message: for broken invariants (internal bugs), never for bad input. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((noreturn))
#endif
void wit_die(const char *fmt, ...) WIT_PRINTF(1, 2);

/* ---- arena -----------------------------------------------------------------
 * One arena per parse+resolve run: tokens, AST, interned names and the Resolve.
 * Freed at once. With -Darena_malloc=true every allocation is its own malloc. */
typedef struct wit_arena wit_arena;

/* Returns a new arena owned by the caller (free with wit_arena_free), or NULL on OOM. */
wit_arena *wit_arena_new(void);
/* Returns a new arena that parent owns: freed with parent (wit_arena_free), unless the
 * caller frees it earlier with wit_arena_free. For memory that dies before the rest of
 * parent's (one package's AST). NULL on OOM. */
wit_arena *wit_arena_new_child(wit_arena *parent);
/* A child arena that will not grow much more gives the unused end of its current block
 * back to the family for reuse (it may still allocate; it just takes a new block sooner).
 * No-op for a root arena. */
void wit_arena_trim(wit_arena *a);
/* Frees the arena, its child arenas and everything allocated from them; a child arena
 * leaves its parent. NULL is allowed. */
void wit_arena_free(wit_arena *a);
/* Returns n zeroed bytes aligned for any type, owned by the arena. On OOM returns NULL
 * and sets the arena's sticky failure flag (see wit_arena_failed). */
void *wit_arena_alloc(wit_arena *a, size_t n);
/* Grows an arena array: returns a copy of old (old_n elements of size elem) with room
 * for new_n elements (the rest zeroed); old is abandoned to the arena. NULL on OOM. */
void *wit_arena_grow(wit_arena *a, void *old, size_t old_n, size_t new_n, size_t elem);
/* NUL-terminated arena copy of s[0..n); NULL on OOM. */
char *wit_arena_strndup(wit_arena *a, const char *s, size_t n);
char *wit_arena_strdup(wit_arena *a, const char *s);
/* printf into the arena; NULL on OOM. */
char *wit_arena_printf(wit_arena *a, const char *fmt, ...) WIT_PRINTF(2, 3);
/* True once any allocation from this arena has failed. */
bool wit_arena_failed(const wit_arena *a);

/* ---- string buffer -----------------------------------------------------------
 * Growable byte buffer for emitted text. Always NUL-terminated when data != NULL.
 * Appends never fail loudly: on OOM the buffer sets `oom` and ignores further
 * appends, so callers check once at the end. */
typedef struct wit_buf {
    char *data;
    size_t len;
    size_t cap;
    bool oom;
} wit_buf;

#define WIT_BUF_INIT {NULL, 0, 0, false}
void wit_buf_init(wit_buf *b);
/* Frees the contents; the buffer is empty and reusable afterwards. */
void wit_buf_free(wit_buf *b);
void wit_buf_reset(wit_buf *b); /* len = 0, keeps capacity */
void wit_buf_append(wit_buf *b, const void *p, size_t n);
void wit_buf_puts(wit_buf *b, const char *s);
void wit_buf_putc(wit_buf *b, char c);
void wit_buf_printf(wit_buf *b, const char *fmt, ...) WIT_PRINTF(2, 3);
void wit_buf_vprintf(wit_buf *b, const char *fmt, va_list ap);
/* Hands the contents to the caller (free with wit_free) and empties the buffer.
 * Returns NULL if the buffer ran out of memory (the contents are freed then). */
char *wit_buf_detach(wit_buf *b, size_t *len_out);

/* ---- files ------------------------------------------------------------------ */
/* Reads a whole file into *out (wit_malloc'd, NUL-terminated, caller frees) and its
 * length into *len. Returns 0, or -1 with errno set. */
int wit_read_file(const char *path, char **out, size_t *len);
/* Writes data atomically: a temporary file beside `path`, fsync, rename. Returns 0,
 * or -1 with errno set and nothing left behind. */
int wit_write_file_atomic(const char *path, const void *data, size_t len);
/* mkdir -p. Returns 0 or -1 with errno set. */
int wit_mkdirs(const char *path);

/* ---- source map and spans ----------------------------------------------------
 * Every span is a byte range in one source map that covers all files of a run.
 * Line and column are computed only when a diagnostic is printed. */
typedef struct wit_span {
    uint32_t start;
    uint32_t end;
} wit_span;

typedef struct wit_srcfile {
    char *path;       /* owned */
    char *text;       /* owned (unless borrowed), NUL-terminated */
    uint32_t len;
    uint32_t base;    /* offset of text[0] in the map */
    uint32_t *lines;  /* owned: byte offsets (relative to text) of line starts, computed lazily */
    uint32_t nlines;
    bool borrowed;    /* text is the caller's (wit_srcmap_borrow): not freed with the map */
} wit_srcfile;

typedef struct wit_srcmap {
    wit_srcfile *files;
    uint32_t nfiles;
    uint32_t cap;
    uint32_t next_base;
} wit_srcmap;

void wit_srcmap_init(wit_srcmap *m);
void wit_srcmap_free(wit_srcmap *m);
/* Adds a copy of `text` (len bytes) under `path`. Returns the file index, or -1 on OOM
 * or when the map would exceed 4 GiB. The base of the file is files[i].base; bases are
 * separated by one byte, so a span never straddles two files. */
int wit_srcmap_add(wit_srcmap *m, const char *path, const char *text, size_t len);
/* Like wit_srcmap_add, but takes ownership of `text` (wit_malloc'd, NUL-terminated at
 * text[len], e.g. from wit_read_file) instead of copying it; frees it on failure. */
int wit_srcmap_adopt(wit_srcmap *m, const char *path, char *text, size_t len);
/* Like wit_srcmap_adopt, but `text` stays the caller's: NUL-terminated at text[len], it
 * must outlive every use of the map (the loader reads files into the session arena). */
int wit_srcmap_borrow(wit_srcmap *m, const char *path, char *text, size_t len);
/* The file holding byte `offset`, or NULL. */
const wit_srcfile *wit_srcmap_file(const wit_srcmap *m, uint32_t offset);
/* 1-based line and column (column in Unicode scalar values) of `offset`. Returns the
 * file, or NULL when the offset is in no file. */
const wit_srcfile *wit_srcmap_locate(wit_srcmap *m, uint32_t offset, uint32_t *line, uint32_t *col);

/* ---- diagnostics -------------------------------------------------------------
 * One list of records; the text, JSON and GitHub forms are renderings of it. */
typedef enum wit_severity { WIT_SEV_ERROR, WIT_SEV_WARNING, WIT_SEV_NOTE } wit_severity;

typedef struct wit_diag {
    wit_severity severity;
    wit_span span;     /* span.start == span.end == UINT32_MAX: no location */
    char *message;     /* owned */
    char *note;        /* owned, optional: an extra line such as "the record opens here" */
    wit_span note_span; /* where the note points, or no location */
} wit_diag;

typedef struct wit_diags {
    wit_diag *items;
    size_t n;
    size_t cap;
    size_t errors;
    bool oom;          /* a diagnostic could not be recorded */
} wit_diags;

#define WIT_NO_SPAN ((wit_span){UINT32_MAX, UINT32_MAX})

void wit_diags_init(wit_diags *d);
void wit_diags_free(wit_diags *d);
/* Records a diagnostic; on OOM sets d->oom (errors still counts it). Returns the record or NULL. */
wit_diag *wit_diags_add(wit_diags *d, wit_severity sev, wit_span span, const char *fmt, ...)
    WIT_PRINTF(4, 5);
wit_diag *wit_diags_vadd(wit_diags *d, wit_severity sev, wit_span span, const char *fmt, va_list ap);
/* Attaches a note with its own location to a recorded diagnostic (no-op when diag is NULL). */
void wit_diag_note(wit_diag *diag, wit_span span, const char *fmt, ...) WIT_PRINTF(3, 4);

typedef enum wit_diag_format { WIT_DIAG_TEXT, WIT_DIAG_JSON, WIT_DIAG_GITHUB } wit_diag_format;
/* Renders every diagnostic to `out`:
 *  text:   "path:line:col: error: msg", the source line, a caret underline;
 *  json:   one JSON object per line {"severity","file","line","column","end_line","end_column","message"};
 *  github: "::error file=…,line=…,col=…,endLine=…,endColumn=…::msg". */
void wit_diags_render(const wit_diags *d, wit_srcmap *m, wit_diag_format fmt, bool color, FILE *out);

/* ---- UTF-8 ------------------------------------------------------------------- */
/* Decodes one scalar value at s[0..n). Returns its length (1..4) and stores it in *cp,
 * or returns 0 for an invalid, overlong, surrogate or truncated sequence. */
int wit_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* True when s[0..n) is valid UTF-8. */
bool wit_utf8_valid(const unsigned char *s, size_t n);

/* ---- semver ------------------------------------------------------------------
 * Semantic Versioning 2.0.0. Identifiers point into `text`, which the struct owns only
 * when parsed with wit_semver_parse_dup. */
typedef struct wit_semver {
    uint64_t major, minor, patch;
    const char *pre;   /* pre-release without '-', or NULL */
    size_t pre_len;
    const char *build; /* build metadata without '+', or NULL */
    size_t build_len;
} wit_semver;

/* Parses s[0..n) strictly (no leading zeros in numeric parts, non-empty identifiers of
 * [0-9A-Za-z-], numbers up to 2^64-1). Returns 0, or -1 with a static reason in *why. */
int wit_semver_parse(const char *s, size_t n, wit_semver *out, const char **why);
/* SemVer precedence (build metadata ignored): <0, 0, >0. */
int wit_semver_cmp(const wit_semver *a, const wit_semver *b);
/* Appends the canonical text of v to b. */
void wit_semver_format(const wit_semver *v, wit_buf *b);

#ifdef __cplusplus
}
#endif
#endif
