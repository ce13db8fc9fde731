/* reactor_host.c — a hand-written C host for the reactor guest, against what `witc compile`
 * generated (witc_component.h): calls every export and prints the values in the format
 * reactor_host.mjs prints from jco's node host; then the misbehaving exports, each of which must
 * come back as a trap of the expected kind, the poisoned instance must refuse further calls,
 * and a fresh instance must work again — the host process survives all of it.
 * Exit status 0 when every check held. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "witc_component.h"

static wrt_wasi *g_wasi;
static witc_component *g_c;
static int g_failed;

static void start(void) {
  wrt_error e;
  if (witc_init(&g_c, g_wasi, NULL, &e) != 0) {
    fprintf(stderr, "instantiate: %s\n", e.message);
    exit(1);
  }
}

static void check(int cond, const char *what) {
  if (!cond) {
    fprintf(stderr, "CHECK FAILED: %s\n", what);
    g_failed = 1;
  }
}

/* a trap of kind `want`, then refusal, then a fresh instance that works */
static void expect_trap(const char *name, int rc, const wrt_error *e, wrt_trap_kind want) {
  printf("%s: %s\n", name, rc == 0 ? "returned" : "trapped");
  if (rc == 0 || e->kind != want) {
    fprintf(stderr, "CHECK FAILED: %s: wanted a %s trap, got rc %d kind %s (%s)\n", name,
            wrt_trap_kind_name(want), rc, wrt_trap_kind_name(e->kind), rc ? e->message : "");
    g_failed = 1;
  } else {
    fprintf(stderr, "%s: trap %s: %s\n", name, wrt_trap_kind_name(e->kind), e->message);
  }
  uint32_t r = 0;
  wrt_error e2;
  check(witc_export_test_run_api__add(g_c, &e2, 1, 2, &r) != 0, "a trapped instance refuses calls");
  witc_fini(g_c);
  start();
  check(witc_export_test_run_api__add(g_c, &e2, 1, 2, &r) == 0 && r == 3, "a fresh instance works");
}

int main(void) {
  const char *argv[] = {"reactor"};
  wrt_wasi_config cfg;
  memset(&cfg, 0, sizeof cfg);
  cfg.argc = 1;
  cfg.argv = argv;
  char msg[256];
  if (wrt_wasi_new(&cfg, &g_wasi, msg, sizeof msg) != 0) {
    fprintf(stderr, "wasi: %s\n", msg);
    return 1;
  }
  wrt_w2c_init();
  start();
  wrt_error e;
  char *s;
  size_t n;
  uint32_t u;
  double d;
  const char *names[] = {"w\xc3\xb6rld", "", "a somewhat longer name to make the string cross more bytes"};
  for (int i = 0; i < 3; i++) {
    check(witc_export_test_run_api__greet(g_c, &e, names[i], strlen(names[i]), &s, &n) == 0, "greet");
    printf("greet(%s) = %.*s\n", names[i], (int)n, s);
    check(strlen(s) == n, "greet: length");
    free(s);
  }
  check(witc_export_test_run_api__add(g_c, &e, 2, 40, &u) == 0, "add");
  printf("add(2, 40) = %u\n", u);
  check(witc_export_test_run_api__add(g_c, &e, 4294967295u, 2, &u) == 0, "add");
  printf("add(4294967295, 2) = %u\n", u);
  check(witc_export_test_run_api__mix(g_c, &e, -5, 60000, -5000000000LL, 1.5f, 0.25, 1, 0x1F600, &d) == 0, "mix");
  printf("mix = %.17g\n", d);
  const char *t = "h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x98\x80";
  check(witc_export_test_run_api__count_chars(g_c, &e, t, strlen(t), &u) == 0, "count-chars");
  printf("count-chars(%s) = %u\n", t, u);
  check(witc_export_test_run_api__log(g_c, &e, "from the host", 13, &u) == 0, "log");
  printf("log = %u\n", u);
  uint32_t live = wrt_handles_live(&witc_instance(g_c)->handles);
  check(witc_export_test_run_api__churn(g_c, &e, 1000, &u) == 0, "churn");
  printf("churn(1000) = %u\n", u);
  check(wrt_handles_live(&witc_instance(g_c)->handles) == live, "churn leaves no handle behind");
  {
    uint32_t xs[] = {1, 2, 4000000000u, 3};
    uint64_t t = 0;
    check(witc_export_test_run_api__sum(g_c, &e, xs, 4, &t) == 0, "sum");
    printf("sum([1, 2, 4000000000, 3]) = %llu\n", (unsigned long long)t);
    check(witc_export_test_run_api__sum(g_c, &e, xs, 0, &t) == 0 && t == 0, "sum of nothing");
    const uint8_t bytes[] = {1, 2, 3, 250, 255};
    uint8_t *rb;
    size_t rn;
    check(witc_export_test_run_api__reverse_bytes(g_c, &e, bytes, 5, &rb, &rn) == 0, "reverse-bytes");
    printf("reverse-bytes([1, 2, 3, 250, 255]) = [");
    for (size_t i = 0; i < rn; i++) printf("%s%u", i ? ", " : "", rb[i]);
    printf("]\n");
    free(rb);
    const double ds[] = {1.5, -2.25, 1e10};
    double *rd;
    check(witc_export_test_run_api__scale(g_c, &e, ds, 3, 2.0, &rd, &rn) == 0, "scale");
    printf("scale([1.5, -2.25, 10000000000], 2) = [");
    for (size_t i = 0; i < rn; i++) printf("%s%.17g", i ? ", " : "", rd[i]);
    printf("]\n");
    free(rd);
  }
  check(witc_export_test_run_api__crash(g_c, &e, 7, &u) == 0, "crash(7)");
  printf("crash(7) = %u\n", u);
  /* a host string that is not UTF-8 is refused before the guest sees it */
  int rc = witc_export_test_run_api__count_chars(g_c, &e, "\xff", 1, &u);
  check(rc != 0, "lowering invalid UTF-8 from the host is refused");
  if (rc != 0) { witc_fini(g_c); start(); }
  fflush(stdout);
  printf("-- misbehaving\n");
  expect_trap("bad-pointer", witc_export_test_run_api__bad_pointer(g_c, &e, &s, &n), &e, WRT_TRAP_OOB);
  expect_trap("bad-utf8", witc_export_test_run_api__bad_utf8(g_c, &e, &s, &n), &e, WRT_TRAP_INVALID_UTF8);
  expect_trap("crash(1)", witc_export_test_run_api__crash(g_c, &e, 1, &u), &e, WRT_TRAP_UNREACHABLE);
  expect_trap("crash(2)", witc_export_test_run_api__crash(g_c, &e, 2, &u), &e, WRT_TRAP_OOB);
  expect_trap("crash(3)", witc_export_test_run_api__crash(g_c, &e, 3, &u), &e, WRT_TRAP_EXHAUSTION);
  expect_trap("reuse-dropped", witc_export_test_run_api__reuse_dropped(g_c, &e, &u), &e,
              WRT_TRAP_INVALID_HANDLE);
  witc_fini(g_c);
  wrt_w2c_fini();
  wrt_wasi_free(g_wasi);
  return g_failed;
}
