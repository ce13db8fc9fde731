/* calls.c — the guest of the call benchmark (bindings from `witc bindgen c` of calls.wit). */
#include "calls.h"

void exports_bench_calls_api_echo(calls_string_t *s, calls_string_t *ret) {
  *ret = *s; /* ownership moves to the return value; post-return frees it */
}

void exports_bench_calls_api_nop(void) {}
