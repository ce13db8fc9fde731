/* trap.c — misbehaving commands: each mode traps; the host must report it and survive. */
#include <stdio.h>
#include <string.h>

static volatile unsigned sink;

static unsigned deep(unsigned n) {
  volatile char pad[256];
  pad[n & 255] = (char)n;
  return deep(n + 1) + pad[(n * 7) & 255];
}

/* native call-stack exhaustion: no shadow-stack frame, not a tail call */
__attribute__((noinline)) static unsigned rec(unsigned n) {
  sink += n;
  unsigned r = rec(n + 1);
  sink -= r;
  return r + 1;
}

int main(int argc, char **argv) {
  const char *m = argc > 1 ? argv[1] : "";
  printf("mode %s\n", m);
  fflush(stdout);
  if (strcmp(m, "unreachable") == 0) __builtin_trap();
  if (strcmp(m, "oob") == 0) sink = *(volatile unsigned *)(unsigned long)0xFFFFFFF0u;
  if (strcmp(m, "stack") == 0) sink = deep(0);
  if (strcmp(m, "callstack") == 0) sink = rec(0);
  if (strcmp(m, "div") == 0) {
    volatile int z = 0;
    sink = (unsigned)(10 / z);
  }
  return 0;
}
