/* lend.c — borrows of a host resource (wasi:io/streams output-stream) handed to exports:
 * write-to uses the borrow and drops it before returning, as the canonical ABI requires;
 * keep returns without dropping it, so the host must trap (a borrow outliving its call). */
#include <string.h>

#include "lend.h"

uint32_t exports_test_lend_api_write_to(wasi_io_streams_borrow_output_stream_t s, lend_string_t *msg) {
  lend_list_u8_t bytes = {msg->ptr, msg->len};
  wasi_io_streams_stream_error_t err;
  bool ok = wasi_io_streams_method_output_stream_blocking_write_and_flush(s, &bytes, &err);
  uint32_t n = ok ? (uint32_t)msg->len : 0;
  lend_string_free(msg);
  wasi_io_streams_output_stream_drop_borrow(s);
  return n;
}

uint32_t exports_test_lend_api_keep(wasi_io_streams_borrow_output_stream_t s) {
  (void)s; /* not dropped */
  return 1;
}
