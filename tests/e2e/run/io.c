/* io.c — stdin, clock_gettime, and a file written and read back through a --dir preopen. */
#include <stdio.h>
#include <string.h>
#include <time.h>

int main(void) {
  char line[256];
  int n = 0;
  size_t bytes = 0;
  while (fgets(line, sizeof line, stdin)) {
    n++;
    bytes += strlen(line);
  }
  printf("stdin: %d lines, %zu bytes\n", n, bytes);
  struct timespec a, b, w;
  int ok = clock_gettime(CLOCK_MONOTONIC, &a) == 0 && clock_gettime(CLOCK_MONOTONIC, &b) == 0 &&
           clock_gettime(CLOCK_REALTIME, &w) == 0;
  int later = b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec);
  printf("clock: ok=%d monotonic=%d after-2020=%d\n", ok, later, w.tv_sec > 1577836800);
  FILE *f = fopen("out.txt", "w");
  if (!f) {
    perror("fopen out.txt");
    return 2;
  }
  fprintf(f, "%d lines\n", n);
  fclose(f);
  f = fopen("out.txt", "r");
  if (!f || !fgets(line, sizeof line, f)) {
    perror("read back");
    return 2;
  }
  fclose(f);
  printf("file: %s", line);
  printf("outside: %s\n", fopen("../escape.txt", "w") ? "OPENED" : "refused");
  return 0;
}
