/* calls_host.c — C host of the call benchmark over `witc compile` output: N calls of
 * echo("hello, world!") (a short string lowered into the guest and lifted back, post-return
 * included) and of nop(), each through the generated wrapper (wrt_w2c_enter per call).
 * Prints "echo NS_PER_CALL CALLS_PER_S" and "nop NS_PER_CALL CALLS_PER_S". */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "witc_component.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 2000000;
  wrt_w2c_init();
  wrt_error e;
  witc_component *c;
  if (witc_init(&c, NULL, NULL, &e) != 0) {
    fprintf(stderr, "instantiate: %s\n", e.message);
    return 1;
  }
  const char *msg = "hello, world!";
  size_t ml = strlen(msg);
  char *out;
  size_t ol;
  for (long i = 0; i < 1000; i++) { /* warm up */
    if (witc_export_bench_calls_api__echo(c, &e, msg, ml, &out, &ol) != 0) return 1;
    free(out);
  }
  double t0 = now();
  for (long i = 0; i < n; i++) {
    if (witc_export_bench_calls_api__echo(c, &e, msg, ml, &out, &ol) != 0 || ol != ml) {
      fprintf(stderr, "echo failed: %s\n", e.message);
      return 1;
    }
    free(out);
  }
  double t1 = now();
  for (long i = 0; i < n; i++)
    if (witc_export_bench_calls_api__nop(c, &e) != 0) return 1;
  double t2 = now();
  printf("echo %.1f %.0f\n", (t1 - t0) * 1e9 / (double)n, (double)n / (t1 - t0));
  printf("nop %.1f %.0f\n", (t2 - t1) * 1e9 / (double)n, (double)n / (t2 - t1));
  witc_fini(c);
  wrt_w2c_fini();
  return 0;
}
