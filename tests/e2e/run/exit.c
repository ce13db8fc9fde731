/* exit.c — exit statuses: `exit N` calls exit(N), `ret N` returns N from main. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  printf("before exit\n");
  fflush(stdout);
  if (argc > 2 && strcmp(argv[1], "exit") == 0) exit(atoi(argv[2]));
  return argc > 2 ? atoi(argv[2]) : 0;
}
