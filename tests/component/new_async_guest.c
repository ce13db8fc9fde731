/* A guest of new_async_guest.wit that references every async intrinsic its bindings declare, so that
 * the core module imports them all; `witc component new` must encode them as `jco new` does
 * (tests/component/test_new.sh). Nothing here runs. */
#include "w.h"
#include <stdint.h>
static volatile uintptr_t sink;
#define USE(f) sink += (uintptr_t)(void *)&f
w_callback_code_t exports_w_run(w_stream_string_t s) {
  (void)s;
  USE(w_waitable_set_new); USE(w_waitable_set_drop); USE(w_waitable_join); USE(w_waitable_set_wait);
  USE(w_waitable_set_poll); USE(w_subtask_cancel); USE(w_subtask_drop); USE(w_backpressure_inc);
  USE(w_backpressure_dec); USE(w_context_get_0); USE(w_context_set_0); USE(w_thread_yield); USE(w_task_cancel);
  USE(ex_fs_h_get); USE(ex_fs_h_put); USE(ex_fs_h_future_item_new); USE(ex_fs_h_future_item_read);
  USE(ex_fs_h_future_item_write); USE(ex_fs_h_future_item_cancel_read); USE(ex_fs_h_future_item_cancel_write);
  USE(ex_fs_h_future_item_drop_readable); USE(ex_fs_h_future_item_drop_writable);
  USE(w_stream_u8_new); USE(w_stream_u8_read); USE(w_stream_u8_write); USE(w_stream_u8_cancel_read); USE(w_stream_u8_cancel_write);
  USE(exports_w_run_return);
  return W_CALLBACK_CODE_EXIT;
}
w_callback_code_t exports_w_run_callback(w_event_t *event) { (void)event; return W_CALLBACK_CODE_EXIT; }
