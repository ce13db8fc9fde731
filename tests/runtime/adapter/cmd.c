/* cmd.c — a wasi-libc command (printf, argv, getenv, clock_gettime, stdin, files) run by the
 * adapter test through jco's preview1 command adapter, wasm2c and libwitrt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "cat") == 0) { /* stream stdin to stdout */
    static char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
      if (fwrite(buf, 1, n, stdout) != n) return 3;
    return 0;
  }
  if (argc > 1 && strcmp(argv[1], "fail") == 0) return 7; /* WASI 0.2: exit status 1 */
  printf("argc=%d\n", argc);
  for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
  const char *foo = getenv("FOO");
  printf("FOO=%s\n", foo ? foo : "(null)");
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  printf("clock ok=%d\n", ts.tv_sec >= 0);
  char line[128];
  if (fgets(line, sizeof line, stdin)) printf("stdin: %s", line);
  FILE *f = fopen("out.txt", "w");
  if (!f) { perror("fopen"); return 2; }
  fprintf(f, "written by the guest\n");
  fclose(f);
  f = fopen("out.txt", "r");
  if (f && fgets(line, sizeof line, f)) printf("file: %s", line);
  if (f) fclose(f);
  fprintf(stderr, "to stderr\n");
  if (fopen("../escape.txt", "w")) printf("ESCAPED\n"); else printf("escape refused\n");
  return 0;
}
