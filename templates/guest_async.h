/* Template: the async ABI's C types and built-in wrappers (header part), for worlds that use
 * async functions, futures or streams. WORLD_ / WORLDU_ are replaced by the world's C
 * prefix in snake and SHOUTY case. Compiled alone by tests/gen. */
#include <stdbool.h>
#include <stdint.h>
/* witc:template-begin */

// ---- async ABI (component model Concurrency.md): subtasks, waitables, callbacks ----

// The status an async import call returns: a state in the low 4 bits, a subtask handle above.
typedef uint32_t WORLD_subtask_status_t;
typedef uint32_t WORLD_subtask_t;
#define WORLDU_SUBTASK_STATE(s) ((s) & 0xfu)
#define WORLDU_SUBTASK_HANDLE(s) ((WORLD_subtask_t)((s) >> 4))
#define WORLDU_SUBTASK_STARTING 0u
#define WORLDU_SUBTASK_STARTED 1u
#define WORLDU_SUBTASK_RETURNED 2u
#define WORLDU_SUBTASK_STARTED_CANCELLED 3u
#define WORLDU_SUBTASK_RETURNED_CANCELLED 4u

typedef uint32_t WORLD_waitable_set_t;
typedef uint32_t WORLD_event_code_t;
#define WORLDU_EVENT_NONE 0u
#define WORLDU_EVENT_SUBTASK 1u
#define WORLDU_EVENT_STREAM_READ 2u
#define WORLDU_EVENT_STREAM_WRITE 3u
#define WORLDU_EVENT_FUTURE_READ 4u
#define WORLDU_EVENT_FUTURE_WRITE 5u
#define WORLDU_EVENT_TASK_CANCELLED 6u

typedef struct WORLD_event_t {
  WORLD_event_code_t event;
  uint32_t waitable;
  uint32_t code;
} WORLD_event_t;

// What an async export (and its callback) returns to the runtime.
typedef uint32_t WORLD_callback_code_t;
#define WORLDU_CALLBACK_CODE_EXIT 0u
#define WORLDU_CALLBACK_CODE_YIELD 1u
#define WORLDU_CALLBACK_CODE_WAIT(set) (2u | ((uint32_t)(set) << 4))

// The result of a future/stream read or write: a state in the low 4 bits, a count above,
// or BLOCKED.
typedef uint32_t WORLD_waitable_status_t;
#define WORLDU_WAITABLE_STATE(s) ((s) & 0xfu)
#define WORLDU_WAITABLE_COUNT(s) ((s) >> 4)
#define WORLDU_WAITABLE_COMPLETED 0u
#define WORLDU_WAITABLE_DROPPED 1u
#define WORLDU_WAITABLE_CANCELLED 2u
#define WORLDU_WAITABLE_STATUS_BLOCKED 0xffffffffu

WORLD_waitable_set_t WORLD_waitable_set_new(void);
void WORLD_waitable_set_drop(WORLD_waitable_set_t set);
void WORLD_waitable_join(uint32_t waitable, WORLD_waitable_set_t set);
// Blocks until an event arrives on `set`.
void WORLD_waitable_set_wait(WORLD_waitable_set_t set, WORLD_event_t *event);
// Like wait, without blocking (event->event is NONE when nothing is ready).
void WORLD_waitable_set_poll(WORLD_waitable_set_t set, WORLD_event_t *event);
WORLD_subtask_status_t WORLD_subtask_cancel(WORLD_subtask_t subtask);
void WORLD_subtask_drop(WORLD_subtask_t subtask);
void WORLD_backpressure_inc(void);
void WORLD_backpressure_dec(void);
void *WORLD_context_get_0(void);
void WORLD_context_set_0(void *value);
// Lets other tasks run; returns true when this task was cancelled meanwhile.
bool WORLD_thread_yield(void);
// Acknowledges cancellation of the current (exported) task.
void WORLD_task_cancel(void);
