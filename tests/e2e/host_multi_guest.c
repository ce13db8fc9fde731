/* Guest of tests/e2e/host_multi.sh (world `multi` of host_multi.wit): state in globals and in
 * linear memory, so that instances sharing it would show. */
#include <stdlib.h>
#include <string.h>

#include "multi.h"

static uint32_t g_count;          /* bump */
static char g_text[64];           /* put / get */
static size_t g_text_len;
static test_multi_env_own_token_t g_tokens[8]; /* keep-token: never dropped */
static size_t g_ntokens;

uint32_t exports_test_multi_api_bump(uint32_t by)
{
    g_count += by;
    return g_count;
}

void exports_test_multi_api_put(multi_string_t *s)
{
    g_text_len = s->len < sizeof g_text ? s->len : sizeof g_text;
    memcpy(g_text, s->ptr, g_text_len);
    multi_string_free(s);
}

void exports_test_multi_api_get(multi_string_t *ret)
{
    multi_string_dup_n(ret, g_text, g_text_len);
}

void exports_test_multi_api_ask(multi_string_t *ret)
{
    test_multi_env_whoami(ret);
}

void exports_test_multi_api_crash(void)
{
    __builtin_trap();
}

uint32_t exports_test_multi_api_keep_token(test_multi_env_own_token_t t)
{
    uint32_t v = test_multi_env_method_token_get(test_multi_env_borrow_token(t));
    if (g_ntokens < 8)
        g_tokens[g_ntokens++] = t;
    return v;
}

struct exports_test_multi_api_blob_t {
    multi_string_t s;
};

exports_test_multi_api_own_blob_t exports_test_multi_api_constructor_blob(multi_string_t *s)
{
    exports_test_multi_api_blob_t *b = malloc(sizeof *b);
    b->s = *s; /* the string is ours */
    return exports_test_multi_api_blob_new(b);
}

void exports_test_multi_api_blob_destructor(exports_test_multi_api_blob_t *rep)
{
    multi_string_free(&rep->s);
    free(rep);
}

void exports_test_multi_api_method_blob_text(exports_test_multi_api_borrow_blob_t self, multi_string_t *ret)
{
    multi_string_dup_n(ret, (const char *)self->s.ptr, self->s.len);
}
