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
