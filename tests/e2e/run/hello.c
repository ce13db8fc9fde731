/* hello.c — printf, stderr, argv and getenv through wasi-libc (run_commands.sh). */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  printf("hello from a component: argc=%d\n", argc);
  for (int i = 1; i < argc; i++) printf("arg %d: %s\n", i, argv[i]);
  const char *foo = getenv("FOO");
  printf("FOO=%s\n", foo ? foo : "(unset)");
  printf("utf8: w\xc3\xb6rld \xe2\x9c\x93\n");
  fprintf(stderr, "a line on stderr\n");
  return 0;
}
