/* Template: the async ABI's built-in wrappers (implementation part). WORLD_ is replaced by
 * the world's C prefix. Compiled alone by tests/gen (the harness is above the marker). */
#include <stdint.h>
#include "guest_async.h"
/* witc:template-begin */

__attribute__((__import_module__("$root"), __import_name__("[waitable-set-new]")))
extern int32_t __wasm_import_WORLD_waitable_set_new(void);
__attribute__((__import_module__("$root"), __import_name__("[waitable-set-drop]")))
extern void __wasm_import_WORLD_waitable_set_drop(int32_t set);
__attribute__((__import_module__("$root"), __import_name__("[waitable-join]")))
extern void __wasm_import_WORLD_waitable_join(int32_t waitable, int32_t set);
__attribute__((__import_module__("$root"), __import_name__("[waitable-set-wait]")))
extern int32_t __wasm_import_WORLD_waitable_set_wait(int32_t set, int32_t payload);
__attribute__((__import_module__("$root"), __import_name__("[waitable-set-poll]")))
extern int32_t __wasm_import_WORLD_waitable_set_poll(int32_t set, int32_t payload);
__attribute__((__import_module__("$root"), __import_name__("[subtask-cancel]")))
extern int32_t __wasm_import_WORLD_subtask_cancel(int32_t subtask);
__attribute__((__import_module__("$root"), __import_name__("[subtask-drop]")))
extern void __wasm_import_WORLD_subtask_drop(int32_t subtask);
__attribute__((__import_module__("$root"), __import_name__("[backpressure-inc]")))
extern void __wasm_import_WORLD_backpressure_inc(void);
__attribute__((__import_module__("$root"), __import_name__("[backpressure-dec]")))
extern void __wasm_import_WORLD_backpressure_dec(void);
__attribute__((__import_module__("$root"), __import_name__("[context-get-0]")))
extern int32_t __wasm_import_WORLD_context_get_0(void);
__attribute__((__import_module__("$root"), __import_name__("[context-set-0]")))
extern void __wasm_import_WORLD_context_set_0(int32_t value);
__attribute__((__import_module__("$root"), __import_name__("[thread-yield]")))
extern int32_t __wasm_import_WORLD_thread_yield(void);
__attribute__((__import_module__("[export]$root"), __import_name__("[task-cancel]")))
extern void __wasm_import_WORLD_task_cancel(void);

WORLD_waitable_set_t WORLD_waitable_set_new(void)
{
    return (WORLD_waitable_set_t)__wasm_import_WORLD_waitable_set_new();
}

void WORLD_waitable_set_drop(WORLD_waitable_set_t set)
{
    __wasm_import_WORLD_waitable_set_drop((int32_t)set);
}

void WORLD_waitable_join(uint32_t waitable, WORLD_waitable_set_t set)
{
    __wasm_import_WORLD_waitable_join((int32_t)waitable, (int32_t)set);
}

void WORLD_waitable_set_wait(WORLD_waitable_set_t set, WORLD_event_t *event)
{
    uint32_t payload[2];
    event->event = (WORLD_event_code_t)__wasm_import_WORLD_waitable_set_wait((int32_t)set, (int32_t)(uintptr_t)payload);
    event->waitable = payload[0];
    event->code = payload[1];
}

void WORLD_waitable_set_poll(WORLD_waitable_set_t set, WORLD_event_t *event)
{
    uint32_t payload[2];
    event->event = (WORLD_event_code_t)__wasm_import_WORLD_waitable_set_poll((int32_t)set, (int32_t)(uintptr_t)payload);
    event->waitable = payload[0];
    event->code = payload[1];
}

WORLD_subtask_status_t WORLD_subtask_cancel(WORLD_subtask_t subtask)
{
    return (WORLD_subtask_status_t)__wasm_import_WORLD_subtask_cancel((int32_t)subtask);
}

void WORLD_subtask_drop(WORLD_subtask_t subtask)
{
    __wasm_import_WORLD_subtask_drop((int32_t)subtask);
}

void WORLD_backpressure_inc(void)
{
    __wasm_import_WORLD_backpressure_inc();
}

void WORLD_backpressure_dec(void)
{
    __wasm_import_WORLD_backpressure_dec();
}

void *WORLD_context_get_0(void)
{
    return (void *)(uintptr_t)__wasm_import_WORLD_context_get_0();
}

void WORLD_context_set_0(void *value)
{
    __wasm_import_WORLD_context_set_0((int32_t)(uintptr_t)value);
}

bool WORLD_thread_yield(void)
{
    return __wasm_import_WORLD_thread_yield() != 0;
}

void WORLD_task_cancel(void)
{
    __wasm_import_WORLD_task_cancel();
}
