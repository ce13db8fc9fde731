/* Host of tests/e2e/host_stubs.sh: drives the guest through the stubs `witc host c` wrote
 * (hs_host.h) and implements the world's imports with plain C types; prints every value. */
#include "hs_host.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int notes;

void test_hoststub_env_greet(hs_string_t *name, hs_string_t *ret)
{
    char buf[256];
    snprintf(buf, sizeof buf, "hello, %.*s", (int)name->len, (const char *)name->ptr);
    hs_string_dup(ret, buf);
}

int64_t test_hoststub_env_add(uint32_t a, int64_t b)
{
    printf("host add(%" PRIu32 ", %" PRId64 ")\n", a, b);
    return (int64_t)a + b;
}

void test_hoststub_env_note(uint8_t level, hs_string_t *msg)
{
    printf("host note(%u, %.*s)\n", (unsigned)level, (int)msg->len, (const char *)msg->ptr);
    notes++;
}

/* [sum, mean * 10 / 10] of xs */
void test_hoststub_env_stats(hs_list_s32_t *xs, hs_list_f64_t *ret)
{
    double sum = 0;
    for (size_t i = 0; i < xs->len; i++)
        sum += xs->ptr[i];
    printf("host stats(%zu values)\n", xs->len);
    ret->len = 2;
    ret->ptr = malloc(2 * sizeof(double));
    ret->ptr[0] = sum;
    ret->ptr[1] = xs->len ? sum / (double)xs->len : 0;
}

/* describe(p): "Dr. " + name, score * 2, tags reversed */
void test_hoststub_env_describe(test_hoststub_env_person_t *p, test_hoststub_env_person_t *ret)
{
    char buf[256];
    snprintf(buf, sizeof buf, "Dr. %.*s", (int)p->name.len, (const char *)p->name.ptr);
    hs_string_dup(&ret->name, buf);
    ret->age = p->age;
    ret->score = p->score * 2;
    ret->tags.len = p->tags.len;
    ret->tags.ptr = malloc(p->tags.len * sizeof(uint16_t) + 1);
    for (size_t i = 0; i < p->tags.len; i++)
        ret->tags.ptr[i] = p->tags.ptr[p->tags.len - 1 - i];
    printf("host describe(%.*s, %u, %g, %zu tags)\n", (int)p->name.len, (const char *)p->name.ptr,
           (unsigned)p->age, p->score, p->tags.len);
}

/* react(m, times): the next mood, `times` times over */
test_hoststub_env_mood_t test_hoststub_env_react(test_hoststub_env_mood_t m, uint8_t times)
{
    printf("host react(%u, %u)\n", (unsigned)m, (unsigned)times);
    return (test_hoststub_env_mood_t)((m + times) % 3);
}

int main(void)
{
    hs_instance inst;
    if (hs_instance_init(&inst, NULL) != 0) {
        printf("instantiate: %s\n", inst.err.message);
        hs_instance_fini(&inst);
        return 1;
    }
    int fails = 0;
    hs_string_t name = {(uint8_t *)"wörld", strlen("wörld")}, r = {NULL, 0};
    if (hs_call_api_hello(&inst, &name, &r) != 0) {
        printf("hello trapped: %s\n", inst.err.message);
        fails++;
    } else {
        printf("hello -> %.*s\n", (int)r.len, (const char *)r.ptr);
        fails += r.len != strlen("guest: hello, wörld!") || memcmp(r.ptr, "guest: hello, wörld!", r.len);
        hs_string_free(&r);
    }
    uint32_t s = 0;
    fails += hs_call_api_sum(&inst, 40, 2, &s) != 0 || s != 43 || notes != 1;
    printf("sum -> %" PRIu32 "\n", s);
    double d = 0;
    fails += hs_call_api_scale(&inst, 4.0, true, &d) != 0 || d != 10.0;
    printf("scale -> %g\n", d);
    fails += hs_call_api_scale(&inst, 4.0, false, &d) != 0 || d != -4.0;
    printf("scale -> %g\n", d);
    uint16_t in[4] = {1, 2, 3, 65535};
    hs_list_u16_t xs = {in, 4};
    hs_list_u64_t ys = {NULL, 0};
    if (hs_call_api_twice(&inst, &xs, &ys) != 0) {
        printf("twice trapped: %s\n", inst.err.message);
        fails++;
    } else {
        printf("twice ->");
        for (size_t i = 0; i < ys.len; i++)
            printf(" %" PRId64, (int64_t)ys.ptr[i]);
        printf("\n");
        fails += ys.len != 6 || ys.ptr[3] != 131070 || (int64_t)ys.ptr[4] != -655410;
        hs_list_u64_free(&ys);
    }
    uint16_t tg[3] = {10, 20, 30};
    test_hoststub_env_person_t who = {{(uint8_t *)"Ada", 3}, 36, 1.25, {tg, 3}}, old;
    memset(&old, 0, sizeof old);
    if (hs_call_api_older(&inst, &who, 5, &old) != 0) {
        printf("older trapped: %s\n", inst.err.message);
        fails++;
    } else {
        printf("older -> %.*s %u %g [", (int)old.name.len, (const char *)old.name.ptr,
               (unsigned)old.age, old.score);
        for (size_t i = 0; i < old.tags.len; i++)
            printf("%s%u", i ? " " : "", (unsigned)old.tags.ptr[i]);
        printf("]\n");
        fails += old.age != 41 || old.score != 2.5 || old.tags.len != 4 || old.tags.ptr[0] != 30;
        test_hoststub_env_person_free(&old);
    }
    test_hoststub_env_mood_t md = 0;
    fails += hs_call_api_cheer(&inst, TEST_HOSTSTUB_ENV_MOOD_CROSS, &md) != 0 ||
             md != TEST_HOSTSTUB_ENV_MOOD_CALM;
    printf("cheer -> %u\n", (unsigned)md);
    uint32_t c = 0;
    fails += hs_call_api_shout(&inst, 'q', &c) != 0 || c != 'Q';
    printf("shout -> %c\n", (char)c);
    int t = hs_call_api_shout(&inst, 'x', &c);
    printf("shout(x) -> %d (%s)\n", t, wrt_trap_kind_name(inst.err.kind));
    fails += t != -1 || inst.err.kind != WRT_TRAP_UNREACHABLE;
    hs_instance_fini(&inst);
    printf("%s\n", fails ? "FAILED" : "all values as expected");
    return fails ? 1 : 0;
}
