/* wasi_cli.c — the WASI context, wasi:cli, wasi:clocks, wasi:random, and the lookup table.
 *
 * The context copies the embedder's arguments, environment and preopens once; stdio streams
 * are shared objects, and each get-stdout hands the guest a new handle to the same object.
 * The lookup table is generated from the WRT_WASI_FUNCS X-macro in witrt.h, so the table, the
 * prototypes and the definitions cannot drift apart; modules match on the 0.2 semver track.
 */
#include "rt_wasi.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

/* --- context ----------------------------------------------------------------------------- */

static char *dupstr(const char *s) {
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

void wrt_wasi_free(wrt_wasi *w) {
  if (!w) return;
  for (int i = 0; i < w->argc; i++) free(w->argv[i]);
  free(w->argv);
  for (size_t i = 0; i < w->nenv; i++) free(w->env[i]);
  free(w->env);
  free(w->initial_cwd);
  wrt_obj_release(w->in);
  wrt_obj_release(w->out);
  wrt_obj_release(w->err);
  for (size_t i = 0; i < w->npre; i++) {
    wrt_obj_release(w->pre[i]);
    free(w->pre_names[i]);
  }
  free(w->pre);
  free(w->pre_names);
  free(w);
}

int wrt__fs_open_preopen(const char *host_path, wrt_obj **out);

static int stdio(wrt_obj *given, int fd, int input, wrt_obj **out) {
  if (given) {
    wrt_obj_retain(given);
    *out = given;
    return 0;
  }
  return input ? wrt_input_fd(fd, 0, out) : wrt_output_fd(fd, 0, out);
}

static int valid(const char *s) { return wrt_utf8_valid((const uint8_t *)s, strlen(s)); }

int wrt_wasi_new(const wrt_wasi_config *cfg, wrt_wasi **out, char *errbuf, size_t errlen) {
  int rc = -ENOMEM;
  wrt_wasi *w = NULL;
  *out = NULL;
  /* WASI strings are Unicode: refuse invalid UTF-8 here rather than trap in the guest later */
  for (int i = 0; i < cfg->argc; i++)
    if (!valid(cfg->argv[i])) {
      if (errbuf) snprintf(errbuf, errlen, "argument %d is not valid UTF-8", i);
      return -EILSEQ;
    }
  for (size_t i = 0; cfg->env && cfg->env[i]; i++)
    if (!valid(cfg->env[i])) {
      if (errbuf) snprintf(errbuf, errlen, "environment entry %zu is not valid UTF-8", i);
      return -EILSEQ;
    }
  for (size_t i = 0; i < cfg->npreopens; i++)
    if (!valid(cfg->preopens[i].guest_path)) {
      if (errbuf) snprintf(errbuf, errlen, "preopen name `%s` is not valid UTF-8", cfg->preopens[i].guest_path);
      return -EILSEQ;
    }
  if (cfg->initial_cwd && !valid(cfg->initial_cwd)) {
    if (errbuf) snprintf(errbuf, errlen, "initial cwd is not valid UTF-8");
    return -EILSEQ;
  }
  /* A guest writing to a closed pipe must see `closed`, not kill the host. */
  struct sigaction old;
  if (sigaction(SIGPIPE, NULL, &old) == 0 && old.sa_handler == SIG_DFL) signal(SIGPIPE, SIG_IGN);
  w = calloc(1, sizeof *w);
  if (!w) goto done;
  w->argv = calloc((size_t)(cfg->argc > 0 ? cfg->argc : 1), sizeof *w->argv);
  if (!w->argv) goto done;
  for (int i = 0; i < cfg->argc; i++) {
    if (!(w->argv[i] = dupstr(cfg->argv[i]))) goto done;
    w->argc = i + 1;
  }
  size_t ne = 0;
  while (cfg->env && cfg->env[ne]) ne++;
  w->env = calloc(ne ? ne : 1, sizeof *w->env);
  if (!w->env) goto done;
  for (size_t i = 0; i < ne; i++) {
    if (!(w->env[i] = dupstr(cfg->env[i]))) goto done;
    w->nenv = i + 1;
  }
  if (cfg->initial_cwd && !(w->initial_cwd = dupstr(cfg->initial_cwd))) goto done;
  if (stdio(cfg->stdin_stream, 0, 1, &w->in) || stdio(cfg->stdout_stream, 1, 0, &w->out) ||
      stdio(cfg->stderr_stream, 2, 0, &w->err))
    goto done;
  w->pre = calloc(cfg->npreopens ? cfg->npreopens : 1, sizeof *w->pre);
  w->pre_names = calloc(cfg->npreopens ? cfg->npreopens : 1, sizeof *w->pre_names);
  if (!w->pre || !w->pre_names) goto done;
  for (size_t i = 0; i < cfg->npreopens; i++) {
    wrt_obj *d = NULL;
    int e = wrt__fs_open_preopen(cfg->preopens[i].host_path, &d);
    if (e < 0) {
      if (errbuf)
        snprintf(errbuf, errlen, "cannot open directory `%s`: %s", cfg->preopens[i].host_path,
                 strerror(-e));
      rc = e;
      goto done;
    }
    w->pre[i] = d;
    w->npre = i + 1;
    if (!(w->pre_names[i] = dupstr(cfg->preopens[i].guest_path))) goto done;
  }
  *out = w;
  w = NULL;
  rc = 0;
done:
  if (rc == -ENOMEM && errbuf) snprintf(errbuf, errlen, "out of memory");
  wrt_wasi_free(w);
  return rc;
}

size_t wrt_wasi_preopen_count(const wrt_wasi *w) { return w->npre; }

wrt_obj *wrt_wasi_preopen(const wrt_wasi *w, size_t i, const char **guest_path) {
  if (guest_path) *guest_path = w->pre_names[i];
  wrt_obj_retain(w->pre[i]);
  return w->pre[i];
}

wrt_wasi *wrt__wasi(wrt_cx *cx) {
  if (!cx->inst->wasi) wrt_trap(WRT_TRAP_HOST, "WASI import called on an instance without a WASI context");
  return cx->inst->wasi;
}

/* --- clocks, random ---------------------------------------------------------------------- */

uint64_t wrt_monotonic_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t wrt_monotonic_resolution(void) {
  struct timespec ts;
  if (clock_getres(CLOCK_MONOTONIC, &ts) != 0) return 1;
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void wrt_wall_now(uint64_t *seconds, uint32_t *nanoseconds) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  *seconds = (uint64_t)ts.tv_sec;
  *nanoseconds = (uint32_t)ts.tv_nsec;
}

void wrt_wall_resolution(uint64_t *seconds, uint32_t *nanoseconds) {
  struct timespec ts;
  if (clock_getres(CLOCK_REALTIME, &ts) != 0) ts.tv_sec = 0, ts.tv_nsec = 1;
  *seconds = (uint64_t)ts.tv_sec;
  *nanoseconds = (uint32_t)ts.tv_nsec;
}

/* /dev/urandom, for kernels without getrandom(2). */
static int urandom_bytes(uint8_t *p, size_t len) {
  int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -errno;
  while (len > 0) {
    ssize_t r = read(fd, p, len);
    if (r <= 0) {
      if (r < 0 && errno == EINTR) continue;
      int e = r < 0 ? errno : EIO;
      close(fd);
      return -e;
    }
    p += r;
    len -= (size_t)r;
  }
  close(fd);
  return 0;
}

int wrt_random_bytes(void *buf, size_t len) {
  uint8_t *p = buf;
  while (len > 0) {
    ssize_t r = getrandom(p, len, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      if (errno == ENOSYS) return urandom_bytes(p, len);
      return -errno;
    }
    p += r;
    len -= (size_t)r;
  }
  return 0;
}

static _Thread_local uint64_t g_xs;

static uint64_t xorshift(void) {
  if (g_xs == 0) {
    if (wrt_random_bytes(&g_xs, sizeof g_xs) != 0 || g_xs == 0) g_xs = 0x9E3779B97F4A7C15ull ^ wrt_monotonic_now();
  }
  g_xs ^= g_xs << 13;
  g_xs ^= g_xs >> 7;
  g_xs ^= g_xs << 17;
  return g_xs;
}

void wrt_insecure_random_bytes(void *buf, size_t len) {
  uint8_t *p = buf;
  while (len > 0) {
    uint64_t v = xorshift();
    size_t k = len < 8 ? len : 8;
    memcpy(p, &v, k);
    p += k;
    len -= k;
  }
}

void wrt_insecure_seed(uint64_t *a, uint64_t *b) {
  static uint64_t seed[2];
  static int have;
  if (!have) {
    if (wrt_random_bytes(seed, sizeof seed) != 0) seed[0] = wrt_monotonic_now(), seed[1] = ~seed[0];
    have = 1;
  }
  *a = seed[0];
  *b = seed[1];
}

uint64_t wrt_lower_wasi_clocks_monotonic_clock__now(wrt_cx *cx) {
  (void)cx;
  return wrt_monotonic_now();
}

uint64_t wrt_lower_wasi_clocks_monotonic_clock__resolution(wrt_cx *cx) {
  (void)cx;
  return wrt_monotonic_resolution();
}

static uint32_t timer_handle(wrt_cx *cx, uint64_t deadline) {
  wrt__enter(cx);
  wrt_obj *p = NULL;
  if (wrt_pollable_timer(deadline, &p) != 0) wrt_trap(WRT_TRAP_RESOURCE_LIMIT, "host out of memory");
  return wrt__own(cx, &wrt_rtype_pollable, p);
}

uint32_t wrt_lower_wasi_clocks_monotonic_clock__subscribe_instant(wrt_cx *cx, uint64_t when) {
  return timer_handle(cx, when);
}

uint32_t wrt_lower_wasi_clocks_monotonic_clock__subscribe_duration(wrt_cx *cx, uint64_t d) {
  uint64_t now = wrt_monotonic_now();
  return timer_handle(cx, d > UINT64_MAX - now ? UINT64_MAX : now + d);
}

/* datetime: seconds u64 @0, nanoseconds u32 @8 */
void wrt_lower_wasi_clocks_wall_clock__now(wrt_cx *cx, uint32_t ret) {
  uint64_t s;
  uint32_t ns;
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 16, 8);
  wrt_wall_now(&s, &ns);
  wrt_store_u64(cx->mem, ret, s);
  wrt_store_u32(cx->mem, ret + 8, ns);
}

void wrt_lower_wasi_clocks_wall_clock__resolution(wrt_cx *cx, uint32_t ret) {
  uint64_t s;
  uint32_t ns;
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 16, 8);
  wrt_wall_resolution(&s, &ns);
  wrt_store_u64(cx->mem, ret, s);
  wrt_store_u32(cx->mem, ret + 8, ns);
}

static void lower_random(wrt_cx *cx, uint64_t len, uint32_t ret, int secure) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 8, 4);
  if (len > WRT_MAX_BYTE_LENGTH) wrt_trap(WRT_TRAP_LENGTH, "random: %llu bytes requested", (unsigned long long)len);
  uint32_t p = wrt_realloc(cx, 0, 0, 1, (uint32_t)len);
  if (secure) {
    if (wrt_random_bytes(cx->mem->base + p, (size_t)len) != 0) wrt_trap(WRT_TRAP_HOST, "getrandom failed");
  } else {
    wrt_insecure_random_bytes(cx->mem->base + p, (size_t)len);
  }
  wrt_store_u32(cx->mem, ret, p);
  wrt_store_u32(cx->mem, ret + 4, (uint32_t)len);
}

void wrt_lower_wasi_random_random__get_random_bytes(wrt_cx *cx, uint64_t len, uint32_t ret) {
  lower_random(cx, len, ret, 1);
}

uint64_t wrt_lower_wasi_random_random__get_random_u64(wrt_cx *cx) {
  uint64_t v;
  (void)cx;
  if (wrt_random_bytes(&v, sizeof v) != 0) wrt_trap(WRT_TRAP_HOST, "getrandom failed");
  return v;
}

void wrt_lower_wasi_random_insecure__get_insecure_random_bytes(wrt_cx *cx, uint64_t len, uint32_t ret) {
  lower_random(cx, len, ret, 0);
}

uint64_t wrt_lower_wasi_random_insecure__get_insecure_random_u64(wrt_cx *cx) {
  (void)cx;
  return xorshift();
}

void wrt_lower_wasi_random_insecure_seed__insecure_seed(wrt_cx *cx, uint32_t ret) {
  uint64_t a, b;
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 16, 8);
  wrt_insecure_seed(&a, &b);
  wrt_store_u64(cx->mem, ret, a);
  wrt_store_u64(cx->mem, ret + 8, b);
}

/* --- wasi:cli ---------------------------------------------------------------------------- */

/* list<tuple<string, string>>: elements of 16 bytes {k.ptr, k.len, v.ptr, v.len} */
void wrt_lower_wasi_cli_environment__get_environment(wrt_cx *cx, uint32_t ret) {
  wrt__enter(cx);
  wrt_wasi *w = wrt__wasi(cx);
  wrt_check_range(cx->mem, ret, 8, 4);
  uint32_t list = wrt_alloc_list(cx, (uint32_t)w->nenv, 16, 4);
  for (size_t i = 0; i < w->nenv; i++) {
    const char *kv = w->env[i];
    const char *eq = strchr(kv, '=');
    size_t kl = eq ? (size_t)(eq - kv) : strlen(kv);
    const char *v = eq ? eq + 1 : "";
    uint32_t p, l;
    wrt_lower_string(cx, kv, kl, &p, &l);
    wrt_store_u32(cx->mem, list + 16 * (uint32_t)i, p);
    wrt_store_u32(cx->mem, list + 16 * (uint32_t)i + 4, l);
    wrt_lower_string(cx, v, strlen(v), &p, &l);
    wrt_store_u32(cx->mem, list + 16 * (uint32_t)i + 8, p);
    wrt_store_u32(cx->mem, list + 16 * (uint32_t)i + 12, l);
  }
  wrt_store_u32(cx->mem, ret, list);
  wrt_store_u32(cx->mem, ret + 4, (uint32_t)w->nenv);
}

void wrt_lower_wasi_cli_environment__get_arguments(wrt_cx *cx, uint32_t ret) {
  wrt__enter(cx);
  wrt_wasi *w = wrt__wasi(cx);
  wrt_check_range(cx->mem, ret, 8, 4);
  uint32_t list = wrt_alloc_list(cx, (uint32_t)w->argc, 8, 4);
  for (int i = 0; i < w->argc; i++) {
    uint32_t p, l;
    wrt_lower_string(cx, w->argv[i], strlen(w->argv[i]), &p, &l);
    wrt_store_u32(cx->mem, list + 8 * (uint32_t)i, p);
    wrt_store_u32(cx->mem, list + 8 * (uint32_t)i + 4, l);
  }
  wrt_store_u32(cx->mem, ret, list);
  wrt_store_u32(cx->mem, ret + 4, (uint32_t)w->argc);
}

/* option<string>: disc @0, ptr @4, len @8 */
void wrt_lower_wasi_cli_environment__initial_cwd(wrt_cx *cx, uint32_t ret) {
  wrt__enter(cx);
  wrt_wasi *w = wrt__wasi(cx);
  wrt_check_range(cx->mem, ret, 12, 4);
  if (!w->initial_cwd) {
    wrt_store_u8(cx->mem, ret, 0);
    return;
  }
  uint32_t p, l;
  wrt_lower_string(cx, w->initial_cwd, strlen(w->initial_cwd), &p, &l);
  wrt_store_u8(cx->mem, ret, 1);
  wrt_store_u32(cx->mem, ret + 4, p);
  wrt_store_u32(cx->mem, ret + 8, l);
}

void wrt_lower_wasi_cli_exit__exit(wrt_cx *cx, uint32_t status) {
  wrt_check_may_leave(cx->inst);
  wrt_exit(wrt_check_discriminant(status, 2) == 0 ? 0 : 1);
}

void wrt_lower_wasi_cli_exit__exit_with_code(wrt_cx *cx, uint32_t code) {
  wrt_check_may_leave(cx->inst);
  wrt_exit((int)(code & 0xFF));
}

static uint32_t stdio_handle(wrt_cx *cx, wrt_obj *o, const wrt_rtype *t) {
  wrt__enter(cx);
  wrt_obj_retain(o);
  return wrt__own(cx, t, o);
}

uint32_t wrt_lower_wasi_cli_stdin__get_stdin(wrt_cx *cx) {
  return stdio_handle(cx, wrt__wasi(cx)->in, &wrt_rtype_input_stream);
}

uint32_t wrt_lower_wasi_cli_stdout__get_stdout(wrt_cx *cx) {
  return stdio_handle(cx, wrt__wasi(cx)->out, &wrt_rtype_output_stream);
}

uint32_t wrt_lower_wasi_cli_stderr__get_stderr(wrt_cx *cx) {
  return stdio_handle(cx, wrt__wasi(cx)->err, &wrt_rtype_output_stream);
}

void wrt_lower_wasi_cli_terminal_input__resource_drop_terminal_input(wrt_cx *cx, uint32_t h) {
  wrt__drop(cx, &wrt_rtype_terminal_input, h);
}

void wrt_lower_wasi_cli_terminal_output__resource_drop_terminal_output(wrt_cx *cx, uint32_t h) {
  wrt__drop(cx, &wrt_rtype_terminal_output, h);
}

/* option<terminal-*>: disc @0, handle @4. A terminal is reported when the stdio object is an
 * fd that isatty(3) says is a terminal. */
static void lower_terminal(wrt_cx *cx, uint32_t ret, wrt_obj *stdio_obj, const wrt_rtype *t) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 8, 4);
  if (stdio_obj->sk != SK_FD || !isatty(stdio_obj->fd)) {
    wrt_store_u8(cx->mem, ret, 0);
    return;
  }
  wrt_obj *o = wrt__obj_new(OBJ_TERMINAL);
  if (!o) wrt_trap(WRT_TRAP_RESOURCE_LIMIT, "host out of memory");
  wrt_store_u8(cx->mem, ret, 1);
  wrt_store_u32(cx->mem, ret + 4, wrt__own(cx, t, o));
}

void wrt_lower_wasi_cli_terminal_stdin__get_terminal_stdin(wrt_cx *cx, uint32_t ret) {
  lower_terminal(cx, ret, wrt__wasi(cx)->in, &wrt_rtype_terminal_input);
}

void wrt_lower_wasi_cli_terminal_stdout__get_terminal_stdout(wrt_cx *cx, uint32_t ret) {
  lower_terminal(cx, ret, wrt__wasi(cx)->out, &wrt_rtype_terminal_output);
}

void wrt_lower_wasi_cli_terminal_stderr__get_terminal_stderr(wrt_cx *cx, uint32_t ret) {
  lower_terminal(cx, ret, wrt__wasi(cx)->err, &wrt_rtype_terminal_output);
}

/* --- lookup ------------------------------------------------------------------------------ */

#define ROW(name, module, field, sig, ret, params) \
  {module, field, sig, "wrt_lower_" #name, (void (*)(void))wrt_lower_##name},
static const wrt_wasi_func g_funcs[] = {WRT_WASI_FUNCS(ROW)};
#undef ROW

const wrt_wasi_func *wrt_wasi_funcs(size_t *n) {
  *n = sizeof g_funcs / sizeof g_funcs[0];
  return g_funcs;
}

/* "0.2.<patch>" with digits only (no pre-release: those are not semver-compatible). */
static int on_track_0_2(const char *v) {
  if (strncmp(v, "0.2.", 4) != 0) return 0;
  v += 4;
  if (!*v) return 0;
  if (v[0] == '0' && v[1]) return 0;
  for (; *v; v++)
    if (*v < '0' || *v > '9') return 0;
  return 1;
}

const wrt_wasi_func *wrt_wasi_lookup(const char *module, const char *field) {
  const char *at = strchr(module, '@');
  if (!at || !on_track_0_2(at + 1)) return NULL;
  size_t ml = (size_t)(at - module);
  for (size_t i = 0; i < sizeof g_funcs / sizeof g_funcs[0]; i++) {
    const wrt_wasi_func *f = &g_funcs[i];
    if (strlen(f->module) == ml && memcmp(f->module, module, ml) == 0 && strcmp(f->field, field) == 0)
      return f;
  }
  return NULL;
}
