/* Template: string helpers for a world using UTF-16 strings (lengths in code units).
 * WORLD_ is replaced by the world's C prefix. Compiled alone by tests/gen. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uchar.h>
typedef struct WORLD_string_t { char16_t *ptr; size_t len; } WORLD_string_t;
void *cabi_realloc(void *ptr, size_t old_size, size_t align, size_t new_size);
size_t WORLD_string_len(const char16_t *s);
void WORLD_string_set(WORLD_string_t *ret, const char16_t *s);
void WORLD_string_dup(WORLD_string_t *ret, const char16_t *s);
void WORLD_string_dup_n(WORLD_string_t *ret, const char16_t *s, size_t len);
void WORLD_string_free(WORLD_string_t *ret);
/* witc:template-begin */

size_t WORLD_string_len(const char16_t *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

void WORLD_string_set(WORLD_string_t *ret, const char16_t *s)
{
    ret->ptr = (char16_t *)s;
    ret->len = WORLD_string_len(s);
}

void WORLD_string_dup_n(WORLD_string_t *ret, const char16_t *s, size_t len)
{
    ret->len = len;
    ret->ptr = (char16_t *)cabi_realloc(NULL, 0, 2, len * 2);
    if (len > 0)
        memcpy(ret->ptr, s, len * 2);
}

void WORLD_string_dup(WORLD_string_t *ret, const char16_t *s)
{
    WORLD_string_dup_n(ret, s, WORLD_string_len(s));
}

void WORLD_string_free(WORLD_string_t *ret)
{
    if (ret->len > 0)
        free(ret->ptr);
    ret->ptr = NULL;
    ret->len = 0;
}
