/* Template: string helpers for a world using UTF-8 strings. WORLD_ is replaced by the
 * world's C prefix. Compiled alone by tests/gen (the harness is above the marker). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
typedef struct WORLD_string_t { uint8_t *ptr; size_t len; } WORLD_string_t;
void *cabi_realloc(void *ptr, size_t old_size, size_t align, size_t new_size);
void WORLD_string_set(WORLD_string_t *ret, const char *s);
void WORLD_string_dup(WORLD_string_t *ret, const char *s);
void WORLD_string_dup_n(WORLD_string_t *ret, const char *s, size_t len);
void WORLD_string_free(WORLD_string_t *ret);
/* witc:template-begin */

void WORLD_string_set(WORLD_string_t *ret, const char *s)
{
    ret->ptr = (uint8_t *)s;
    ret->len = strlen(s);
}

void WORLD_string_dup_n(WORLD_string_t *ret, const char *s, size_t len)
{
    ret->len = len;
    ret->ptr = (uint8_t *)cabi_realloc(NULL, 0, 1, len);
    if (len > 0)
        memcpy(ret->ptr, s, len);
}

void WORLD_string_dup(WORLD_string_t *ret, const char *s)
{
    WORLD_string_dup_n(ret, s, strlen(s));
}

void WORLD_string_free(WORLD_string_t *ret)
{
    if (ret->len > 0)
        free(ret->ptr);
    ret->ptr = NULL;
    ret->len = 0;
}
