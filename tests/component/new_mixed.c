/* Guest for test_new.sh: new_basic.wit (its own host imports) plus wasi-libc stdio, so the
 * preview1 reactor adapter and the guest's own world are merged by `component new --adapt`. */
#include "w.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint32_t exports_w_double(uint32_t x)
{
    fprintf(stderr, "doubling %u\n", x);
    return 2 * x;
}

void exports_ex_tiny_api_greet(w_string_t *name, w_string_t *ret)
{
    char buf[256];
    w_string_t msg;
    size_t l = name->len < 200 ? name->len : 200;
    memcpy(buf, "hello, ", 7);
    memcpy(buf + 7, name->ptr, l);
    buf[7 + l] = 0;
    w_string_set(&msg, "greeting");
    ex_tiny_host_log(&msg);
    w_string_dup(ret, buf);
    w_string_free(name);
}

void exports_ex_tiny_api_add(exports_ex_tiny_api_point_t *a, exports_ex_tiny_api_point_t *b,
                             exports_ex_tiny_api_point_t *ret)
{
    ret->x = a->x + b->x + (int32_t)(ex_tiny_host_now() & 0);
    ret->y = a->y + b->y;
}

void exports_ex_tiny_api_names(uint32_t n, w_list_string_t *ret)
{
    ret->len = n;
    ret->ptr = malloc(n * sizeof *ret->ptr);
    for (uint32_t i = 0; i < n; i++) {
        char buf[32] = "name-";
        buf[5] = (char)('0' + i % 10);
        buf[6] = 0;
        w_string_dup(&ret->ptr[i], buf);
    }
}
