/* Guest of tests/e2e/host_stubs.sh (world hs of host_hs.wit, `witc bindgen c` bindings):
 * every export calls back into the host's imports, so values cross both directions. */
#include "hs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void exports_test_hoststub_api_hello(hs_string_t *name, hs_string_t *ret)
{
    hs_string_t g;
    test_hoststub_env_greet(name, &g); /* the host's string */
    size_t n = g.len + 8;
    char *buf = malloc(n + 1);
    snprintf(buf, n + 1, "guest: %.*s!", (int)g.len, (const char *)g.ptr);
    hs_string_free(&g);
    hs_string_dup(ret, buf);
    free(buf);
    hs_string_free(name);
}

uint32_t exports_test_hoststub_api_sum(uint32_t a, uint32_t b)
{
    int64_t r = test_hoststub_env_add(a, -(int64_t)b * 1000000000000LL);
    hs_string_t m;
    hs_string_set(&m, "summed");
    test_hoststub_env_note(7, &m);
    return (uint32_t)(a + b + (r < 0 ? 1u : 0u));
}

double exports_test_hoststub_api_scale(double x, bool flag)
{
    return flag ? x * 2.5 : -x;
}

/* twice(xs) = [2x for x in xs] ++ [sum, mean] of the host's stats of xs */
void exports_test_hoststub_api_twice(hs_list_u16_t *xs, hs_list_u64_t *ret)
{
    hs_list_s32_t in;
    in.len = xs->len;
    in.ptr = malloc(xs->len * sizeof(int32_t) + 1);
    for (size_t i = 0; i < xs->len; i++)
        in.ptr[i] = -(int32_t)xs->ptr[i];
    hs_list_f64_t st;
    test_hoststub_env_stats(&in, &st);
    free(in.ptr);
    ret->len = xs->len + st.len;
    ret->ptr = malloc(ret->len * sizeof(uint64_t) + 1);
    for (size_t i = 0; i < xs->len; i++)
        ret->ptr[i] = 2u * xs->ptr[i];
    for (size_t i = 0; i < st.len; i++)
        ret->ptr[xs->len + i] = (uint64_t)(int64_t)(st.ptr[i] * 10);
    hs_list_f64_free(&st);
    hs_list_u16_free(xs);
}

/* older(p, years): the host's describe(p), then age + years and one more tag */
void exports_test_hoststub_api_older(exports_test_hoststub_api_person_t *p, uint8_t years,
                                     exports_test_hoststub_api_person_t *ret)
{
    test_hoststub_env_describe(p, ret);
    ret->age = (uint8_t)(ret->age + years);
    uint16_t *t = malloc((ret->tags.len + 1) * sizeof(uint16_t));
    for (size_t i = 0; i < ret->tags.len; i++)
        t[i] = ret->tags.ptr[i];
    t[ret->tags.len] = years;
    free(ret->tags.ptr);
    ret->tags.ptr = t;
    ret->tags.len++;
    test_hoststub_env_person_free(p);
}

exports_test_hoststub_api_mood_t exports_test_hoststub_api_cheer(exports_test_hoststub_api_mood_t m)
{
    return test_hoststub_env_react(m, 2);
}

uint32_t exports_test_hoststub_api_shout(uint32_t c)
{
    if (c == 'x')
        __builtin_trap(); /* a trap the host must see as an error */
    return c >= 'a' && c <= 'z' ? c - 32 : c;
}
