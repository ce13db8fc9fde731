/* A small printf-style writer for generated C: it indents on `{` and `}` by itself and
 * writes into named sections that are joined in a fixed order at the end, so an emitter
 * can produce a typedef, a prototype and a function body for one WIT item in one pass. */
#ifndef WITC_GEN_CWRITER_H
#define WITC_GEN_CWRITER_H

#include "base.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GEN_CW_MAX_SECTIONS 16

typedef struct gen_cwriter {
    wit_buf sec[GEN_CW_MAX_SECTIONS];
    int indent[GEN_CW_MAX_SECTIONS];
    bool bol[GEN_CW_MAX_SECTIONS]; /* at the beginning of a line */
    int cur;
} gen_cwriter;

/* Initialises an empty writer; section 0 is current. Never fails. */
void gen_cw_init(gen_cwriter *w);
/* Frees all sections. */
void gen_cw_free(gen_cwriter *w);
/* Selects the section further writes go to (0 <= s < GEN_CW_MAX_SECTIONS). */
void gen_cw_section(gen_cwriter *w, int s);
/* Appends formatted text. Each line is indented by the current depth; a line whose first
 * non-blank character is `}` is dedented first; a line ending in `{` indents the next.
 * Text is written verbatim otherwise (embedded newlines start new lines). */
void gen_cw_printf(gen_cwriter *w, const char *fmt, ...) WIT_PRINTF(2, 3);
/* Appends raw text without indentation handling (templates). */
void gen_cw_raw(gen_cwriter *w, const char *text);
/* Joins sections[0..n) in order into *out (caller frees with wit_free) and *len.
 * Returns 0, or -1 when some allocation failed along the way. */
int gen_cw_join(gen_cwriter *w, const int *order, int n, char **out, size_t *len);

#ifdef __cplusplus
}
#endif
#endif
