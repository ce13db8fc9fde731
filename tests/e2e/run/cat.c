/* cat.c — stdin to stdout in 64 KiB blocks (streams 100 MiB in run_commands.sh). */
#include <stdio.h>

static char buf[65536];

int main(void) {
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
    if (fwrite(buf, 1, n, stdout) != n) return 1;
  return fflush(stdout) != 0;
}
