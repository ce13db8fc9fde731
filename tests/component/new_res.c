/* Guest for test_new.sh: an exported resource (destructor counted) and an imported one. */
#include "w.h"
#include <stdlib.h>

struct exports_ex_demo_api_counter_t { uint32_t n; };

static uint32_t dtors;

void exports_ex_demo_api_counter_destructor(exports_ex_demo_api_counter_t *rep) { dtors++; free(rep); }

exports_ex_demo_api_own_counter_t exports_ex_demo_api_constructor_counter(uint32_t start)
{
    exports_ex_demo_api_counter_t *c = malloc(sizeof *c);
    c->n = start;
    return exports_ex_demo_api_counter_new(c);
}

uint32_t exports_ex_demo_api_method_counter_bump(exports_ex_demo_api_borrow_counter_t self)
{
    return ++self->n;
}

uint32_t exports_ex_demo_api_static_counter_total(exports_ex_demo_api_borrow_counter_t a,
                                                  exports_ex_demo_api_borrow_counter_t b)
{
    return a->n + b->n + dtors * 1000;
}

uint32_t exports_ex_demo_api_measure(ex_demo_host_borrow_blob_t b)
{
    w_string_t m;
    w_string_set(&m, "measuring");
    ex_demo_host_log(&m);
    return ex_demo_host_method_blob_size(b);
}

ex_demo_host_own_blob_t exports_ex_demo_api_make(uint32_t n)
{
    uint8_t buf[64];
    for (uint32_t i = 0; i < n && i < 64; i++) buf[i] = (uint8_t)i;
    w_list_u8_t l = {buf, n < 64 ? n : 64};
    return ex_demo_host_constructor_blob(&l);
}
