/* The allocation hook, arenas, string buffers, file helpers and UTF-8.
 * The one idea: every allocation passes through wit_malloc, so a single counter
 * lets tests fail the n-th allocation anywhere in the toolchain. */
#include "base.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned long fail_after; /* 0: off */
static unsigned long alloc_count;

void wit_alloc_fail_after(unsigned long n)
{
    fail_after = n;
    alloc_count = 0;
}

static bool should_fail(void)
{
    if (fail_after == 0)
        return false;
    return ++alloc_count >= fail_after;
}

void *wit_malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *wit_calloc(size_t count, size_t size)
{
    if (should_fail())
        return NULL;
    if (count == 0 || size == 0)
        count = size = 1;
    return calloc(count, size);
}

void *wit_realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

void wit_free(void *p)
{
    free(p);
}

char *wit_strndup(const char *s, size_t n)
{
    char *r = wit_malloc(n + 1);
    if (!r)
        return NULL;
    memcpy(r, s, n);
    r[n] = 0;
    return r;
}

char *wit_strdup(const char *s)
{
    return wit_strndup(s, strlen(s));
}

void wit_die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("witc: internal error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

/* ---- arena ---- */

#define ARENA_ALIGN 16
#define ARENA_CHUNK (64 * 1024)
#define ARENA_CHUNK_MAX (8 * 1024 * 1024)
#define HUGE_PAGE (2 * 1024 * 1024)

typedef struct chunk {
    struct chunk *next;
    size_t size;
    size_t used;
    size_t maplen;  /* an anonymous mapping of this many bytes (0: from calloc) */
    bool dirty;     /* recycled: bytes are zeroed as they are handed out */
    bool borrowed;  /* carved out of the root arena's memory: never freed on its own */
    _Alignas(ARENA_ALIGN) unsigned char data[];
} chunk;

struct wit_arena {
    chunk *head;
    wit_arena *parent;      /* a child arena: the parent frees it, unless freed first */
    wit_arena *kids;        /* child arenas, a doubly linked list through prev/next */
    wit_arena *prev, *next;
    bool failed;
    size_t total;   /* bytes in chunks: sizes the next chunk */
    char *str;      /* strings are packed, unaligned, into blocks of their own */
    size_t strleft;
    chunk *spare;   /* a root arena: standard chunks its freed children gave back */
    bool recycles;  /* a root arena whose children gave chunks back: grows by small chunks */
};

#define ARENA_STR_BLOCK (16 * 1024)

#ifndef WIT_ARENA_MALLOC
/* Zeroed memory for a chunk of at least `bytes` bytes (header included); *room is the
 * room for data. From one huge page up: an anonymous mapping aligned to huge pages and
 * rounded up to them, where the kernel offers transparent huge pages (a page fault per
 * 2 MB instead of per 4 KB; untouched pages cost nothing). Smaller: calloc. */
static chunk *chunk_mem(size_t bytes, size_t *room)
{
#if defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
    if (bytes >= HUGE_PAGE && bytes < SIZE_MAX / 4) {
        size_t len = (bytes + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
        unsigned char *m = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (m == MAP_FAILED)
            return NULL;
        uintptr_t lo = ((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
        size_t head = lo - (uintptr_t)m;
        if (head)
            (void)munmap(m, head);
        if (HUGE_PAGE - head)
            (void)munmap((void *)(lo + len), HUGE_PAGE - head);
        (void)madvise((void *)lo, len, MADV_HUGEPAGE);
        chunk *c = (chunk *)lo;
        c->maplen = len;
        *room = len - sizeof(chunk);
        return c;
    }
#endif
    chunk *c = wit_calloc(1, bytes);
    if (c)
        *room = bytes - sizeof(chunk);
    return c;
}

static void chunk_free(chunk *c)
{
    if (c->maplen)
        (void)munmap(c, c->maplen);
    else
        wit_free(c);
}
#endif

static wit_arena *arena_root(wit_arena *a)
{
    while (a->parent)
        a = a->parent;
    return a;
}

#ifndef WIT_ARENA_MALLOC
/* A fresh chunk with room for n bytes, linked into a: big (a block of its own) or
 * regular. Regular chunks double with the arena (64 KB to 8 MB): few chunks, and the big
 * ones are huge-page mappings (chunk_mem). */
static chunk *fresh_chunk(wit_arena *a, size_t n, bool big)
{
    chunk *c = a->head;
    size_t size = a->total > ARENA_CHUNK_MAX ? ARENA_CHUNK_MAX : a->total;
    if (a->recycles)
        size = ARENA_CHUNK; /* freed children's chunks keep coming back: grow in small steps */
    size = big || size < n ? n : size > ARENA_CHUNK ? size : ARENA_CHUNK;
    if (size > SIZE_MAX / 2) {
        a->failed = true;
        return NULL;
    }
    chunk *fresh = chunk_mem(sizeof(chunk) + size, &size);
    if (!fresh) {
        a->failed = true;
        return NULL;
    }
    a->total += size;
    fresh->size = size;
    if (big && c) {
        /* Keep the current chunk at the head: a big block would waste it. */
        fresh->next = c->next;
        c->next = fresh;
    } else {
        fresh->next = c;
        a->head = fresh;
    }
    return fresh;
}

/* A chunk with room for n bytes, linked into a. Small requests reuse a chunk that a
 * freed child arena gave back; a child arena carves its standard chunks out of the
 * root's memory (huge pages, and reusable by any arena of the family once freed). */
static chunk *new_chunk(wit_arena *a, size_t n)
{
    if (n > ARENA_CHUNK / 4)
        return fresh_chunk(a, n, true);
    wit_arena *root = arena_root(a);
    chunk *c = root->spare;
    if (c) {
        root->spare = c->next;
    } else if (root != a) {
        const size_t need = sizeof(chunk) + ARENA_CHUNK;
        chunk *h = root->head;
        if ((!h || h->size - h->used < need) && !(h = fresh_chunk(root, need, false))) {
            a->failed = true;
            return NULL;
        }
        c = (chunk *)(void *)(h->data + h->used);
        h->used += need;
        c->dirty = h->dirty;
        c->borrowed = true;
        c->size = ARENA_CHUNK;
    } else {
        return fresh_chunk(a, n, false);
    }
    c->used = 0;
    c->next = a->head;
    a->head = c;
    a->total += c->size;
    return c;
}
#endif

wit_arena *wit_arena_new(void)
{
    return wit_calloc(1, sizeof(wit_arena));
}

wit_arena *wit_arena_new_child(wit_arena *parent)
{
    wit_arena *a = wit_arena_new();
    if (!a)
        return NULL;
    a->parent = parent;
    a->next = parent->kids;
    if (parent->kids)
        parent->kids->prev = a;
    parent->kids = a;
    return a;
}

void wit_arena_trim(wit_arena *a)
{
#ifndef WIT_ARENA_MALLOC
    chunk *h = a->head;
    if (!a->parent || !h || !h->borrowed)
        return;
    size_t at = (h->used + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (at >= h->size || h->size - at < sizeof(chunk) + ARENA_CHUNK / 4)
        return;
    /* the tail becomes a spare chunk of its own (any spare serves a request of up to
     * ARENA_CHUNK / 4 bytes) */
    chunk *t = (chunk *)(void *)(h->data + at);
    t->size = h->size - at - sizeof(chunk);
    t->used = 0;
    t->dirty = h->dirty;
    t->borrowed = true;
    h->size = at;
    wit_arena *root = arena_root(a);
    t->next = root->spare;
    root->spare = t;
#else
    (void)a;
#endif
}

void wit_arena_free(wit_arena *a)
{
    if (!a)
        return;
    while (a->kids) {
        a->kids->parent = NULL; /* no unlinking: the whole list goes */
        wit_arena *k = a->kids;
        a->kids = k->next;
        wit_arena_free(k);
    }
    /* a child's standard chunks are the root's memory: they go back to it for reuse */
    wit_arena *root = a->parent ? arena_root(a) : NULL;
    for (chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        if (c->borrowed && root && c->size >= ARENA_CHUNK / 4) {
            /* (a spare serves any request of up to ARENA_CHUNK / 4 bytes; smaller
             * trimmed blocks just stay with the root's memory) */
            c->dirty = true;
            c->next = root->spare;
            root->spare = c;
            root->recycles = true;
        } else if (!c->borrowed) {
#ifndef WIT_ARENA_MALLOC
            chunk_free(c);
#else
            wit_free(c);
#endif
        }
    }
    if (a->parent) {
        if (a->prev)
            a->prev->next = a->next;
        else
            a->parent->kids = a->next;
        if (a->next)
            a->next->prev = a->prev;
    }
    wit_free(a);
}

bool wit_arena_failed(const wit_arena *a)
{
    return a->failed;
}

void *wit_arena_alloc(wit_arena *a, size_t n)
{
    if (n > SIZE_MAX / 2) {
        a->failed = true;
        return NULL;
    }
    n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
#ifdef WIT_ARENA_MALLOC
    chunk *c = wit_malloc(sizeof(chunk) + n);
    if (!c) {
        a->failed = true;
        return NULL;
    }
    c->size = c->used = n;
    c->dirty = c->borrowed = false;
    c->next = a->head;
    a->head = c;
    memset(c->data, 0, n);
    return c->data;
#else
    /* Chunks come from calloc and bytes are handed out once, so they are already zero:
     * no memset, and pages of a big block that are never written are never touched.
     * Recycled chunks (dirty) are zeroed piecemeal, as their bytes are handed out. */
    chunk *c = a->head;
    if (!c || c->size - c->used < n) {
        if (!(c = new_chunk(a, n)))
            return NULL;
    }
    void *p = c->data + c->used;
    c->used += n;
    if (c->dirty)
        memset(p, 0, n);
    return p;
#endif
}

void *wit_arena_grow(wit_arena *a, void *old, size_t old_n, size_t new_n, size_t elem)
{
    if (elem && new_n > SIZE_MAX / 2 / elem) {
        a->failed = true;
        return NULL;
    }
#ifndef WIT_ARENA_MALLOC
    /* Grow in place when old is the last block of the current chunk (the bytes after it
     * are unused and zero), or a block with a chunk of its own (realloc, then zero the
     * tail); either way the old copy is not left behind. */
    size_t ob = (old_n * elem + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    size_t nb = (new_n * elem + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    chunk *h = a->head;
    if (old && old_n && nb > ob && h) {
        if (h->used >= ob && (unsigned char *)old == h->data + h->used - ob &&
            h->size - h->used >= nb - ob) {
            if (h->dirty)
                memset(h->data + h->used, 0, nb - ob);
            h->used += nb - ob;
            return old;
        }
        /* a big block has a chunk of its own: find it (only big blocks look, and they
         * grow by doubling, so the walk is rare) */
        chunk **link = &a->head;
        for (; ob > ARENA_CHUNK / 4 && *link; link = &(*link)->next) {
            chunk *c = *link;
            if (c->data != (unsigned char *)old || c->used != ob || c->borrowed)
                continue;
            if (c->maplen) {
                if (c->size >= nb) { /* the mapping has room */
                    c->used = nb;
                    return old;
                }
                /* a new mapping, then the old one goes (nothing else lives in it) */
                void *p = wit_arena_alloc(a, nb);
                if (!p)
                    return NULL;
                memcpy(p, old, ob);
                for (chunk **l = &a->head; *l; l = &(*l)->next)
                    if (*l == c) {
                        *l = c->next;
                        break;
                    }
                chunk_free(c);
                return p;
            }
            chunk *g = wit_realloc(c, sizeof(chunk) + nb);
            if (!g)
                break;
            memset(g->data + ob, 0, nb - ob);
            g->size = g->used = nb;
            *link = g;
            return g->data;
        }
    }
#endif
    void *p = wit_arena_alloc(a, new_n * elem);
    if (p && old && old_n)
        memcpy(p, old, (old_n < new_n ? old_n : new_n) * elem);
    return p;
}

/* n bytes for a string: packed into the current string block when short (no alignment
 * padding), else an ordinary block. Zeroed like any arena memory. */
static char *arena_str(wit_arena *a, size_t n)
{
#ifndef WIT_ARENA_MALLOC
    if (n <= ARENA_STR_BLOCK / 16) {
        if (a->strleft < n) {
            char *b = wit_arena_alloc(a, ARENA_STR_BLOCK);
            if (!b)
                return NULL;
            a->str = b;
            a->strleft = ARENA_STR_BLOCK;
        }
        char *r = a->str;
        a->str += n;
        a->strleft -= n;
        return r;
    }
#endif
    return wit_arena_alloc(a, n);
}

char *wit_arena_strndup(wit_arena *a, const char *s, size_t n)
{
    if (n > SIZE_MAX / 2) {
        a->failed = true;
        return NULL;
    }
    char *r = arena_str(a, n + 1);
    if (r && n)
        memcpy(r, s, n);
    return r;
}

char *wit_arena_strdup(wit_arena *a, const char *s)
{
    return wit_arena_strndup(a, s, strlen(s));
}

/* True when fmt's only conversions are %s and %% (names like "[method]%s.%s"). */
static bool only_strings(const char *fmt)
{
    for (const char *f = strchr(fmt, '%'); f; f = strchr(f + 2, '%'))
        if (f[1] != 's' && f[1] != '%')
            return false;
    return true;
}

/* Copies fmt with its %s arguments into out (NULL: only measures); returns the length. */
static size_t format_strings(char *out, const char *fmt, va_list ap)
{
    size_t n = 0;
    for (const char *f = fmt; *f; f++) {
        if (*f != '%' || f[1] == '%') {
            if (out)
                out[n] = *f;
            n++;
            f += *f == '%';
            continue;
        }
        f++;
        const char *arg = va_arg(ap, const char *);
        size_t k = strlen(arg ? arg : "(null)");
        if (out)
            memcpy(out + n, arg ? arg : "(null)", k);
        n += k;
    }
    return n;
}

char *wit_arena_printf(wit_arena *a, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    if (only_strings(fmt)) { /* the common case, without two trips through vsnprintf */
        size_t len = format_strings(NULL, fmt, ap);
        char *r = len > SIZE_MAX / 2 ? NULL : arena_str(a, len + 1);
        if (r) {
            format_strings(r, fmt, ap2);
            r[len] = 0;
        }
        va_end(ap);
        va_end(ap2);
        return r;
    }
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *r = n < 0 ? NULL : arena_str(a, (size_t)n + 1);
    if (r)
        vsnprintf(r, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return r;
}

/* ---- string buffer ---- */

void wit_buf_init(wit_buf *b)
{
    *b = (wit_buf)WIT_BUF_INIT;
}

void wit_buf_free(wit_buf *b)
{
    wit_free(b->data);
    wit_buf_init(b);
}

void wit_buf_reset(wit_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = 0;
}

static bool buf_reserve(wit_buf *b, size_t extra)
{
    if (b->oom)
        return false;
    if (extra > SIZE_MAX / 4 - b->len) {
        b->oom = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = wit_realloc(b->data, cap);
    if (!p) {
        b->oom = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void wit_buf_append(wit_buf *b, const void *p, size_t n)
{
    if (!buf_reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}

void wit_buf_puts(wit_buf *b, const char *s)
{
    wit_buf_append(b, s, strlen(s));
}

void wit_buf_putc(wit_buf *b, char c)
{
    wit_buf_append(b, &c, 1);
}

void wit_buf_vprintf(wit_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    if (n < 0) {
        va_end(ap2);
        return;
    }
    if ((size_t)n < sizeof small) {
        wit_buf_append(b, small, (size_t)n);
    } else if (buf_reserve(b, (size_t)n)) {
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
        b->len += (size_t)n;
    }
    va_end(ap2);
}

void wit_buf_printf(wit_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    wit_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *wit_buf_detach(wit_buf *b, size_t *len_out)
{
    if (b->oom) {
        wit_buf_free(b);
        return NULL;
    }
    if (!b->data && !buf_reserve(b, 0)) {
        wit_buf_free(b);
        return NULL;
    }
    char *r = b->data;
    if (len_out)
        *len_out = b->len;
    wit_buf_init(b);
    return r;
}

/* ---- files ---- */

int wit_read_file(const char *path, char **out, size_t *len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    wit_buf b = WIT_BUF_INIT;
    struct stat st;
    /* Regular files: one exact-size buffer (the loop below then reads straight into it). */
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size < SIZE_MAX / 4) {
        b.data = wit_malloc((size_t)st.st_size + 1);
        if (b.data) {
            b.cap = (size_t)st.st_size + 1;
            b.data[0] = 0;
        }
    }
    char tmp[65536];
    for (;;) {
        if (b.cap > b.len + 1) { /* read directly into the buffer's free room */
            ssize_t k = read(fd, b.data + b.len, b.cap - b.len - 1);
            if (k < 0 && errno == EINTR)
                continue;
            if (k > 0) {
                b.len += (size_t)k;
                b.data[b.len] = 0;
                continue;
            }
            if (k == 0)
                break;
        }
        ssize_t n = read(fd, tmp, sizeof tmp);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            wit_buf_free(&b);
            errno = e;
            return -1;
        }
        if (n == 0)
            break;
        wit_buf_append(&b, tmp, (size_t)n);
    }
    close(fd);
    size_t n = 0;
    char *data = wit_buf_detach(&b, &n);
    if (!data) {
        errno = ENOMEM;
        return -1;
    }
    *out = data;
    *len = n;
    return 0;
}

int wit_write_file_atomic(const char *path, const void *data, size_t len)
{
    size_t plen = strlen(path);
    char *tmp = wit_malloc(plen + 32);
    if (!tmp) {
        errno = ENOMEM;
        return -1;
    }
    snprintf(tmp, plen + 32, "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        int e = errno;
        wit_free(tmp);
        errno = e;
        return -1;
    }
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t n = write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        p += n;
        left -= (size_t)n;
    }
    if (fsync(fd) != 0 && errno != EINVAL)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0)
        goto fail;
    wit_free(tmp);
    return 0;
fail:;
    int e = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    wit_free(tmp);
    errno = e;
    return -1;
}

int wit_mkdirs(const char *path)
{
    char *p = wit_strdup(path);
    if (!p) {
        errno = ENOMEM;
        return -1;
    }
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == 0) {
            char c = *s;
            *s = 0;
            if (mkdir(p, 0755) != 0 && errno != EEXIST) {
                int e = errno;
                wit_free(p);
                errno = e;
                return -1;
            }
            *s = c;
            if (!c)
                break;
        }
    }
    wit_free(p);
    return 0;
}

/* ---- UTF-8 ---- */

int wit_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (n == 0)
        return 0;
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int len;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if ((size_t)len > n)
        return 0;
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

bool wit_utf8_valid(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        int k = wit_utf8_decode(s + i, n - i, &cp);
        if (!k)
            return false;
        i += (size_t)k;
    }
    return true;
}
