/* dir.c — a large directory through fd_readdir (tests/e2e/adapter.sh): N files with long names
 * (entries cut at buffer ends), listed, listed again after rewinddir, then deleted while
 * being listed (so readdir must continue its stream, not re-count positions), and removed. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 3000;
  mkdir("big", 0755);
  char p[300];
  for (int i = 0; i < n; i++) {
    snprintf(p, sizeof p, "big/file-with-a-rather-long-name-%05d-%.*s", i, i % 200, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    FILE *f = fopen(p, "w"); if (!f) { perror(p); return 1; } fclose(f);
  }
  DIR *d = opendir("big");
  long cnt = 0; unsigned long sum = 0; struct dirent *e;
  while ((e = readdir(d))) { cnt++; for (char *c = e->d_name; *c; c++) sum = sum * 31 + (unsigned char)*c; }
  printf("entries %ld (expect %d)\n", cnt, n + 2);
  rewinddir(d);
  long cnt2 = 0; while (readdir(d)) cnt2++;
  printf("after rewind %ld\n", cnt2);
  closedir(d);
  d = opendir("big");
  while ((e = readdir(d))) if (e->d_name[0] != '.') { snprintf(p, sizeof p, "big/%s", e->d_name); unlink(p); }
  closedir(d);
  printf("rmdir %d\n", rmdir("big"));
  return 0;
}
