/* The source map and diagnostics. Spans are byte offsets into one address space
 * covering every file; line/column and the caret snippet are computed only when a
 * diagnostic is rendered, from a per-file table of line starts built on demand. */
#include "base.h"

#include <stdlib.h>
#include <string.h>

void wit_srcmap_init(wit_srcmap *m)
{
    memset(m, 0, sizeof *m);
}

void wit_srcmap_free(wit_srcmap *m)
{
    for (uint32_t i = 0; i < m->nfiles; i++) {
        wit_free(m->files[i].path);
        if (!m->files[i].borrowed)
            wit_free(m->files[i].text);
        wit_free(m->files[i].lines);
    }
    wit_free(m->files);
    wit_srcmap_init(m);
}

static int srcmap_take(wit_srcmap *m, const char *path, char *text, size_t len, bool borrowed);

int wit_srcmap_adopt(wit_srcmap *m, const char *path, char *text, size_t len)
{
    return srcmap_take(m, path, text, len, false);
}

int wit_srcmap_borrow(wit_srcmap *m, const char *path, char *text, size_t len)
{
    return srcmap_take(m, path, text, len, true);
}

static int srcmap_take(wit_srcmap *m, const char *path, char *text, size_t len, bool borrowed)
{
    if (len >= UINT32_MAX - 1 || (uint64_t)m->next_base + len + 1 >= UINT32_MAX - 1)
        goto fail;
    if (m->nfiles == m->cap) {
        uint32_t cap = m->cap ? m->cap * 2 : 8;
        wit_srcfile *f = wit_realloc(m->files, cap * sizeof *f);
        if (!f)
            goto fail;
        m->files = f;
        m->cap = cap;
    }
    wit_srcfile *f = &m->files[m->nfiles];
    memset(f, 0, sizeof *f);
    f->path = wit_strdup(path);
    if (!f->path)
        goto fail;
    f->text = text;
    f->borrowed = borrowed;
    f->len = (uint32_t)len;
    f->base = m->next_base;
    m->next_base += (uint32_t)len + 1;
    return (int)m->nfiles++;
fail:
    if (!borrowed)
        wit_free(text);
    return -1;
}

int wit_srcmap_add(wit_srcmap *m, const char *path, const char *text, size_t len)
{
    if (len >= UINT32_MAX - 1 || (uint64_t)m->next_base + len + 1 >= UINT32_MAX - 1)
        return -1;
    if (m->nfiles == m->cap) {
        uint32_t cap = m->cap ? m->cap * 2 : 8;
        wit_srcfile *f = wit_realloc(m->files, cap * sizeof *f);
        if (!f)
            return -1;
        m->files = f;
        m->cap = cap;
    }
    wit_srcfile *f = &m->files[m->nfiles];
    memset(f, 0, sizeof *f);
    f->path = wit_strdup(path);
    f->text = wit_strndup(text, len);
    if (!f->path || !f->text) {
        wit_free(f->path);
        wit_free(f->text);
        return -1;
    }
    f->len = (uint32_t)len;
    f->base = m->next_base;
    m->next_base += (uint32_t)len + 1;
    return (int)m->nfiles++;
}

const wit_srcfile *wit_srcmap_file(const wit_srcmap *m, uint32_t offset)
{
    uint32_t lo = 0, hi = m->nfiles;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const wit_srcfile *f = &m->files[mid];
        if (offset < f->base)
            hi = mid;
        else if (offset > f->base + f->len)
            lo = mid + 1;
        else
            return f;
    }
    return NULL;
}

static bool build_lines(wit_srcfile *f)
{
    if (f->lines)
        return true;
    uint32_t n = 1;
    for (uint32_t i = 0; i < f->len; i++)
        n += f->text[i] == '\n';
    f->lines = wit_malloc(n * sizeof(uint32_t));
    if (!f->lines)
        return false;
    f->lines[0] = 0;
    uint32_t k = 1;
    for (uint32_t i = 0; i < f->len; i++)
        if (f->text[i] == '\n')
            f->lines[k++] = i + 1;
    f->nlines = n;
    return true;
}

/* Columns count Unicode scalar values; invalid bytes count one each. */
static uint32_t count_chars(const char *s, uint32_t n)
{
    uint32_t c = 0;
    for (uint32_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

const wit_srcfile *wit_srcmap_locate(wit_srcmap *m, uint32_t offset, uint32_t *line, uint32_t *col)
{
    wit_srcfile *f = (wit_srcfile *)wit_srcmap_file(m, offset);
    if (!f)
        return NULL;
    uint32_t rel = offset - f->base;
    if (!build_lines(f)) {
        *line = 1;
        *col = rel + 1;
        return f;
    }
    uint32_t lo = 0, hi = f->nlines;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (f->lines[mid] <= rel)
            lo = mid;
        else
            hi = mid;
    }
    *line = lo + 1;
    *col = count_chars(f->text + f->lines[lo], rel - f->lines[lo]) + 1;
    return f;
}

/* ---- diagnostics ---- */

void wit_diags_init(wit_diags *d)
{
    memset(d, 0, sizeof *d);
}

void wit_diags_free(wit_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        wit_free(d->items[i].message);
        wit_free(d->items[i].note);
    }
    wit_free(d->items);
    wit_diags_init(d);
}

static char *vformat(const char *fmt, va_list ap)
{
    wit_buf b = WIT_BUF_INIT;
    wit_buf_vprintf(&b, fmt, ap);
    return wit_buf_detach(&b, NULL);
}

wit_diag *wit_diags_vadd(wit_diags *d, wit_severity sev, wit_span span, const char *fmt, va_list ap)
{
    if (sev == WIT_SEV_ERROR)
        d->errors++;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 8;
        wit_diag *items = wit_realloc(d->items, cap * sizeof *items);
        if (!items) {
            d->oom = true;
            return NULL;
        }
        d->items = items;
        d->cap = cap;
    }
    char *msg = vformat(fmt, ap);
    if (!msg) {
        d->oom = true;
        return NULL;
    }
    wit_diag *r = &d->items[d->n++];
    r->severity = sev;
    r->span = span;
    r->message = msg;
    r->note = NULL;
    r->note_span = WIT_NO_SPAN;
    return r;
}

wit_diag *wit_diags_add(wit_diags *d, wit_severity sev, wit_span span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    wit_diag *r = wit_diags_vadd(d, sev, span, fmt, ap);
    va_end(ap);
    return r;
}

void wit_diag_note(wit_diag *diag, wit_span span, const char *fmt, ...)
{
    if (!diag)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *note = vformat(fmt, ap);
    va_end(ap);
    if (!note)
        return;
    wit_free(diag->note);
    diag->note = note;
    diag->note_span = span;
}

static const char *sev_name(wit_severity s)
{
    switch (s) {
    case WIT_SEV_ERROR: return "error";
    case WIT_SEV_WARNING: return "warning";
    case WIT_SEV_NOTE: return "note";
    }
    return "error";
}

static bool has_loc(wit_span s)
{
    return s.start != UINT32_MAX;
}

/* Writes the source line holding `span.start` with a `^~~~` underline, rustc-style. */
static void render_snippet(wit_srcmap *m, wit_span span, FILE *out, bool color)
{
    uint32_t line, col;
    const wit_srcfile *f = wit_srcmap_locate(m, span.start, &line, &col);
    if (!f || !f->lines)
        return;
    uint32_t ls = f->lines[line - 1];
    uint32_t le = line < f->nlines ? f->lines[line] - 1 : f->len;
    if (le > ls && f->text[le - 1] == '\r')
        le--;
    char num[16];
    int w = snprintf(num, sizeof num, "%u", line);
    fprintf(out, "%*s |\n%s | ", w, "", num);
    /* Print the line with tabs expanded to one space and control bytes as '?', so the
     * caret lines up and nothing in the file can move the terminal's cursor. */
    for (uint32_t i = ls; i < le; i++) {
        unsigned char c = (unsigned char)f->text[i];
        if (c == '\t')
            fputc(' ', out);
        else if (c < 0x20 || c == 0x7f)
            fputc('?', out);
        else if (c >= 0x80) {
            uint32_t cp;
            int k = wit_utf8_decode((const unsigned char *)f->text + i, le - i, &cp);
            /* Bidi controls and other format characters are shown escaped. */
            if (k == 0 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
                (cp >= 0x80 && cp < 0xA0)) {
                fputc('?', out);
                if (k > 1)
                    i += (uint32_t)k - 1;
            } else {
                fwrite(f->text + i, 1, (size_t)k, out);
                i += (uint32_t)k - 1;
            }
        } else
            fputc(c, out);
    }
    fputc('\n', out);
    uint32_t end = span.end > span.start ? span.end - f->base : span.start - f->base + 1;
    if (end > le)
        end = le > ls + (col - 1) ? le : ls + (col - 1) + 1;
    uint32_t width = count_chars(f->text + ls + 0, end - ls) - (col - 1);
    if (width == 0)
        width = 1;
    fprintf(out, "%*s | %*s", w, "", (int)(col - 1), "");
    if (color)
        fputs("\033[1;31m", out);
    fputc('^', out);
    for (uint32_t i = 1; i < width; i++)
        fputc('~', out);
    if (color)
        fputs("\033[0m", out);
    fputc('\n', out);
}

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20)
                fprintf(out, "\\u%04x", *p);
            else
                fputc(*p, out);
        }
    }
    fputc('"', out);
}

/* GitHub workflow commands need %, CR, LF escaped in the message and also , : in properties. */
static void gh_escape(FILE *out, const char *s, bool property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%': fputs("%25", out); break;
        case '\r': fputs("%0D", out); break;
        case '\n': fputs("%0A", out); break;
        case ':': if (property) fputs("%3A", out); else fputc(':', out); break;
        case ',': if (property) fputs("%2C", out); else fputc(',', out); break;
        default: fputc(*s, out);
        }
    }
}

void wit_diags_render(const wit_diags *d, wit_srcmap *m, wit_diag_format fmt, bool color, FILE *out)
{
    for (size_t i = 0; i < d->n; i++) {
        const wit_diag *g = &d->items[i];
        uint32_t line = 0, col = 0, eline = 0, ecol = 0;
        const wit_srcfile *f = NULL;
        if (has_loc(g->span)) {
            f = wit_srcmap_locate(m, g->span.start, &line, &col);
            uint32_t e = g->span.end > g->span.start ? g->span.end : g->span.start;
            if (f && !wit_srcmap_locate(m, e, &eline, &ecol))
                eline = line, ecol = col;
        }
        switch (fmt) {
        case WIT_DIAG_TEXT:
            if (f)
                fprintf(out, "%s:%u:%u: ", f->path, line, col);
            if (color)
                fprintf(out, "\033[1;31m%s:\033[0m %s\n", sev_name(g->severity), g->message);
            else
                fprintf(out, "%s: %s\n", sev_name(g->severity), g->message);
            if (f)
                render_snippet(m, g->span, out, color);
            if (g->note) {
                uint32_t nl, nc;
                const wit_srcfile *nf =
                    has_loc(g->note_span) ? wit_srcmap_locate(m, g->note_span.start, &nl, &nc) : NULL;
                if (nf)
                    fprintf(out, "%s:%u:%u: note: %s\n", nf->path, nl, nc, g->note);
                else
                    fprintf(out, "note: %s\n", g->note);
                if (nf)
                    render_snippet(m, g->note_span, out, color);
            }
            break;
        case WIT_DIAG_JSON:
            fprintf(out, "{\"severity\":\"%s\",\"file\":", sev_name(g->severity));
            if (f)
                json_string(out, f->path);
            else
                fputs("null", out);
            fprintf(out, ",\"line\":%u,\"column\":%u,\"end_line\":%u,\"end_column\":%u,\"message\":", line,
                    col, eline, ecol);
            json_string(out, g->message);
            if (g->note) {
                fputs(",\"note\":", out);
                json_string(out, g->note);
            }
            fputs("}\n", out);
            break;
        case WIT_DIAG_GITHUB:
            fprintf(out, "::%s ", g->severity == WIT_SEV_ERROR     ? "error"
                                  : g->severity == WIT_SEV_WARNING ? "warning"
                                                                   : "notice");
            if (f) {
                fputs("file=", out);
                gh_escape(out, f->path, true);
                fprintf(out, ",line=%u,col=%u,endLine=%u,endColumn=%u", line, col, eline, ecol);
            }
            fputs("::", out);
            gh_escape(out, g->message, false);
            if (g->note) {
                fputs("%0A", out);
                gh_escape(out, g->note, false);
            }
            fputc('\n', out);
            break;
        }
    }
}
