/* The C writer: formatted text into one of several buffers, with indentation derived
 * from braces, so emitters never count spaces. The idea: indentation is decided per
 * line when the line is complete — a line starting with `}` is dedented, a line that
 * ends with `{` opens a level — which is all C needs for readable output. */
#include "cwriter.h"

#include <stdlib.h>
#include <string.h>

void gen_cw_init(gen_cwriter *w)
{
    memset(w, 0, sizeof *w);
    for (int i = 0; i < GEN_CW_MAX_SECTIONS; i++) {
        wit_buf_init(&w->sec[i]);
        w->bol[i] = true;
    }
}

void gen_cw_free(gen_cwriter *w)
{
    for (int i = 0; i < GEN_CW_MAX_SECTIONS; i++)
        wit_buf_free(&w->sec[i]);
}

void gen_cw_section(gen_cwriter *w, int s)
{
    w->cur = s;
}

static void put_line(gen_cwriter *w, const char *s, size_t n, bool newline)
{
    wit_buf *b = &w->sec[w->cur];
    int *ind = &w->indent[w->cur];
    if (w->bol[w->cur]) {
        size_t k = 0;
        while (k < n && (s[k] == ' ' || s[k] == '\t'))
            k++;
        s += k;
        n -= k;
        if (n > 0 && s[0] == '}' && *ind > 0)
            (*ind)--;
        if (n > 0)
            for (int i = 0; i < *ind; i++)
                wit_buf_puts(b, "  ");
        if (n > 0 && s[0] == '}' && *ind >= 0) {
            /* the dedent was applied above; nothing else to do */
        }
    }
    wit_buf_append(b, s, n);
    /* track braces on the line for the next line's indent */
    if (newline) {
        size_t e = b->len;
        /* look back on the just-finished line */
        size_t st = e;
        while (st > 0 && b->data[st - 1] != '\n')
            st--;
        int opens = 0, closes = 0;
        bool first = true;
        char quote = 0;
        for (size_t i = st; i < e; i++) {
            char c = b->data[i];
            /* braces inside string/char literals and // comments do not count */
            if (quote) {
                if (c == '\\')
                    i++;
                else if (c == quote)
                    quote = 0;
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                first = false;
                continue;
            }
            if (c == '/' && i + 1 < e && b->data[i + 1] == '/')
                break;
            if (c == '{')
                opens++;
            else if (c == '}') {
                if (first && opens == 0) {
                    first = false; /* the leading close was already applied */
                    continue;
                }
                closes++;
            }
            if (c != ' ')
                first = false;
        }
        *ind += opens - closes;
        if (*ind < 0)
            *ind = 0;
        wit_buf_putc(b, '\n');
        w->bol[w->cur] = true;
    } else {
        w->bol[w->cur] = n == 0 ? w->bol[w->cur] : false;
    }
}

void gen_cw_printf(gen_cwriter *w, const char *fmt, ...)
{
    wit_buf tmp = WIT_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    wit_buf_vprintf(&tmp, fmt, ap);
    va_end(ap);
    if (tmp.oom) {
        w->sec[w->cur].oom = true;
        wit_buf_free(&tmp);
        return;
    }
    const char *p = tmp.data ? tmp.data : "";
    for (;;) {
        const char *nl = strchr(p, '\n');
        if (!nl) {
            put_line(w, p, strlen(p), false);
            break;
        }
        put_line(w, p, (size_t)(nl - p), true);
        p = nl + 1;
    }
    wit_buf_free(&tmp);
}

void gen_cw_raw(gen_cwriter *w, const char *text)
{
    wit_buf_puts(&w->sec[w->cur], text);
    size_t n = strlen(text);
    w->bol[w->cur] = n == 0 || text[n - 1] == '\n';
}

int gen_cw_join(gen_cwriter *w, const int *order, int n, char **out, size_t *len)
{
    wit_buf b = WIT_BUF_INIT;
    bool oom = false;
    for (int i = 0; i < n; i++) {
        wit_buf *s = &w->sec[order[i]];
        oom |= s->oom;
        if (s->len)
            wit_buf_append(&b, s->data, s->len);
    }
    if (!b.data)
        wit_buf_puts(&b, "");
    *out = wit_buf_detach(&b, len);
    if (!*out || oom) {
        wit_free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}
