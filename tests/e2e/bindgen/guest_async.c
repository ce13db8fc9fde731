/* End-to-end guest for the async export ABI (world ae in async.wit): callback-ABI exports
 * that complete with task.return right away, or after one YIELD. */
#include "ae.h"

#include <stdlib.h>
#include <string.h>

#define A(name) exports_test_ae_api_##name

ae_callback_code_t A(add)(uint32_t a, uint32_t b)
{
    A(add_return)(a + b);
    return AE_CALLBACK_CODE_EXIT;
}
ae_callback_code_t A(add_callback)(ae_event_t *event) { (void)event; return AE_CALLBACK_CODE_EXIT; }

ae_callback_code_t A(greet)(ae_string_t *name)
{
    ae_string_t out;
    out.len = name->len + 3;
    out.ptr = (uint8_t *)malloc(out.len);
    memcpy(out.ptr, "hi ", 3);
    memcpy(out.ptr + 3, name->ptr, name->len);
    A(greet_return)(&out); /* task.return copies it out; it stays ours */
    ae_string_free(&out);
    ae_string_free(name);
    return AE_CALLBACK_CODE_EXIT;
}
ae_callback_code_t A(greet_callback)(ae_event_t *event) { (void)event; return AE_CALLBACK_CODE_EXIT; }

/* returns YIELD first; the runtime calls back with an empty event, then we finish */
static int64_t pending;
ae_callback_code_t A(later)(int64_t x)
{
    pending = x * 3;
    return AE_CALLBACK_CODE_YIELD;
}
ae_callback_code_t A(later_callback)(ae_event_t *event)
{
    if (event->event != AE_EVENT_NONE)
        abort();
    A(later_return)(pending);
    return AE_CALLBACK_CODE_EXIT;
}

/* a result of more than 16 flat values? no: 5 — but with lists and strings, lowered flat */
ae_callback_code_t A(pair)(ae_string_t *a, ae_list_u8_t *b)
{
    ae_tuple3_string_list_u8_u64_t r;
    r.f0 = *a;
    r.f1 = *b;
    r.f2 = (uint64_t)a->len + b->len;
    A(pair_return)(&r);
    ae_string_free(a);
    ae_list_u8_free(b);
    return AE_CALLBACK_CODE_EXIT;
}
ae_callback_code_t A(pair_callback)(ae_event_t *event) { (void)event; return AE_CALLBACK_CODE_EXIT; }

ae_callback_code_t A(nothing)(void)
{
    A(nothing_return)();
    return AE_CALLBACK_CODE_EXIT;
}
ae_callback_code_t A(nothing_callback)(ae_event_t *event) { (void)event; return AE_CALLBACK_CODE_EXIT; }
