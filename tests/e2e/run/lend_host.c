/* lend_host.c — C host over `witc compile` output of lend.c: lends a host output stream (a
 * libwitrt memory stream) to the guest's exports as borrow<output-stream>. write-to must write
 * through it and drop the borrow; keep returns without dropping it, which must come back as a
 * borrow-outlived trap; the host survives, and a fresh instance works again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "witc_component.h"

static wrt_wasi *g_wasi;
static witc_component *g_c;
static int g_failed;

static void check(int cond, const char *what) {
  if (!cond) {
    fprintf(stderr, "CHECK FAILED: %s\n", what);
    g_failed = 1;
  }
}

static void start(void) {
  wrt_error e;
  if (witc_init(&g_c, g_wasi, NULL, &e) != 0) {
    fprintf(stderr, "instantiate: %s\n", e.message);
    exit(1);
  }
}

int main(void) {
  wrt_wasi_config cfg;
  memset(&cfg, 0, sizeof cfg);
  char msg[256];
  if (wrt_wasi_new(&cfg, &g_wasi, msg, sizeof msg) != 0) return 1;
  wrt_w2c_init();
  start();
  wrt_obj *out;
  if (wrt_output_mem(0, &out) != 0) return 1;
  wrt_error e;
  uint32_t n = 0;
  const char *text = "written through a borrow";
  uint32_t live = wrt_handles_live(&witc_instance(g_c)->handles);
  check(witc_export_test_lend_api__write_to(g_c, &e, out, text, strlen(text), &n) == 0, "write-to");
  size_t len;
  const uint8_t *data = wrt_output_mem_data(out, &len);
  printf("write-to = %u, stream holds \"%.*s\"\n", n, (int)len, (const char *)data);
  check(n == strlen(text) && len == n && memcmp(data, text, n) == 0, "the bytes reached the stream");
  check(wrt_handles_live(&witc_instance(g_c)->handles) == live, "the borrow was dropped");
  int rc = witc_export_test_lend_api__keep(g_c, &e, out, &n);
  printf("keep: %s\n", rc == 0 ? "returned" : "trapped");
  check(rc != 0 && e.kind == WRT_TRAP_BORROW_OUTLIVED, "a kept borrow traps (borrow-outlived)");
  if (rc != 0) fprintf(stderr, "keep: trap %s: %s\n", wrt_trap_kind_name(e.kind), e.message);
  check(witc_export_test_lend_api__write_to(g_c, &e, out, "x", 1, &n) != 0, "the trapped instance refuses calls");
  witc_fini(g_c);
  start();
  check(witc_export_test_lend_api__write_to(g_c, &e, out, "!", 1, &n) == 0 && n == 1, "a fresh instance works");
  data = wrt_output_mem_data(out, &len);
  printf("after re-instantiation the stream holds %zu bytes\n", len);
  witc_fini(g_c);
  wrt_obj_release(out);
  wrt_w2c_fini();
  wrt_wasi_free(g_wasi);
  return g_failed;
}
