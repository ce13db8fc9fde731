/* host.c — the C side of bench/host-call.sh: calls the guest's bump(person) through the stubs
 * of `witc host c` N times (after a warm-up), checks every result, and prints
 * "bump NS_PER_CALL CALLS_PER_S". Usage: host N */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hostcall_host.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static hostcall_string_t str(const char *s) { return (hostcall_string_t){(uint8_t *)s, strlen(s)}; }

/* One call, its result checked and freed: 0, or -1 with a message on stderr. */
static int call(hostcall_instance *inst, exports_bench_hostcall_api_person_t *p) {
  exports_bench_hostcall_api_person_t r;
  int rc = hostcall_call_api_bump(inst, p, &r);
  if (rc != 0) {
    fprintf(stderr, "bump trapped: %s\n", inst->err.message);
  } else if (r.name.len != p->name.len || memcmp(r.name.ptr, p->name.ptr, r.name.len) != 0 ||
             r.tags.len != p->tags.len || r.scores.len != p->scores.len ||
             r.tags.ptr[2].len != p->tags.ptr[2].len || r.scores.ptr[3] != p->scores.ptr[3] + 1) {
    fprintf(stderr, "bump returned a different person\n");
    rc = -1;
  }
  exports_bench_hostcall_api_person_free(&r);
  return rc;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 1000000;
  hostcall_instance inst;
  if (hostcall_instance_init(&inst, NULL) != 0) {
    fprintf(stderr, "instantiate: %s\n", inst.err.message);
    hostcall_instance_fini(&inst);
    return 1;
  }
  hostcall_string_t tags[] = {str("mathematics"), str("poetry"), str("analytical engine")};
  uint32_t scores[] = {90, 85, 99, 100};
  exports_bench_hostcall_api_person_t p = {str("Ada Lovelace"), {tags, 3}, {scores, 4}};
  int rc = 0;
  for (long i = 0; i < 1000 && rc == 0; i++) rc = call(&inst, &p);
  double t0 = now();
  for (long i = 0; i < n && rc == 0; i++) rc = call(&inst, &p);
  double t = now() - t0;
  hostcall_instance_fini(&inst);
  if (rc != 0) return 1;
  printf("bump %.1f %.0f\n", t * 1e9 / (double)n, (double)n / t);
  return 0;
}
