/* cmd.c — a wasi-libc command (printf, argv, getenv, clock_gettime, stdin, files) run by the
 * adapter test through jco's preview1 command adapter, wasm2c and libwitrt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Directory and metadata calls: mkdir, stat, readdir, rename, unlink, rmdir, sleep, random. */
static int fs_mode(void) {
  if (mkdir("d", 0755) != 0) { perror("mkdir"); return 2; }
  FILE *f = fopen("d/a.txt", "w");
  if (!f) { perror("fopen"); return 2; }
  fputs("12345", f);
  fclose(f);
  struct stat st;
  if (stat("d/a.txt", &st) != 0) { perror("stat"); return 2; }
  printf("size=%lld dir=%d\n", (long long)st.st_size, S_ISDIR(st.st_mode));
  if (rename("d/a.txt", "d/b.txt") != 0) perror("rename");
  f = fopen("d/c.txt", "w");
  if (f) fclose(f);
  DIR *dir = opendir("d");
  if (!dir) { perror("opendir"); return 2; }
  char *names[16];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(dir)) && n < 16)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names[n++] = strdup(e->d_name);
  closedir(dir);
  qsort(names, (size_t)n, sizeof names[0], cmp_names);
  for (int i = 0; i < n; i++) printf("entry %s\n", names[i]), free(names[i]);
  printf("stat missing: %d\n", stat("d/nope", &st) == 0 ? 0 : -1);
  printf("stat outside: %d\n", stat("../", &st) == 0 ? 0 : -1);
  unlink("d/b.txt");
  unlink("d/c.txt");
  printf("rmdir=%d\n", rmdir("d"));
  struct timespec t0, t1, req = {0, 20000000};
  clock_gettime(CLOCK_MONOTONIC, &t0);
  nanosleep(&req, NULL);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  long long ns = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
  printf("slept>=20ms: %d\n", ns >= 20000000LL);
  unsigned char rnd[32];
  printf("random=%d\n", getentropy(rnd, sizeof rnd));
  return 0;
}
int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "cat") == 0) { /* stream stdin to stdout */
    static char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
      if (fwrite(buf, 1, n, stdout) != n) return 3;
    return 0;
  }
  if (argc > 1 && strcmp(argv[1], "fs") == 0) return fs_mode();
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
