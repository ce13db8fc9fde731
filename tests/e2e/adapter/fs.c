/* fs.c — the preview1 calls beyond stdio that witc's adapter implements (tests/e2e/adapter.sh):
 * mkdir, open/create/truncate/append, write, lseek/tell, read, pread/pwrite, fstat/stat,
 * readdir, rename, unlink, rmdir, error codes, nanosleep (poll_oneoff), getentropy, time. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(void) {
  printf("mkdir: %d\n", mkdir("d", 0755));
  printf("mkdir again EEXIST: %d\n", mkdir("d", 0755) == -1 && errno == EEXIST);
  int fd = open("d/a.txt", O_CREAT | O_TRUNC | O_WRONLY, 0644);
  printf("open a: %d\n", fd >= 0);
  printf("write: %zd\n", write(fd, "hello world\n", 12));
  printf("lseek cur: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
  printf("pwrite: %zd\n", pwrite(fd, "HELLO", 5, 0));
  printf("lseek end: %lld\n", (long long)lseek(fd, 0, SEEK_END));
  close(fd);
  fd = open("d/a.txt", O_WRONLY | O_APPEND);
  printf("append: %zd\n", write(fd, "more\n", 5));
  close(fd);
  struct stat sb;
  printf("stat: %d size=%lld reg=%d\n", stat("d/a.txt", &sb), (long long)sb.st_size, S_ISREG(sb.st_mode));
  fd = open("d/a.txt", O_RDONLY);
  char buf[64] = {0};
  printf("read: %zd %.11s\n", read(fd, buf, 11), buf);
  memset(buf, 0, sizeof buf);
  printf("pread: %zd %s", pread(fd, buf, sizeof buf - 1, 12), buf);
  printf("lseek set: %lld\n", (long long)lseek(fd, 6, SEEK_SET));
  memset(buf, 0, sizeof buf);
  printf("read after seek: %zd %.5s\n", read(fd, buf, 5), buf);
  printf("fstat: %d size=%lld\n", fstat(fd, &sb), (long long)sb.st_size);
  printf("write to read-only fd fails: %d\n", write(fd, "x", 1) == -1);
  close(fd);
  FILE *f = fopen("d/b.txt", "w");
  fputs("bee\n", f);
  fclose(f);
  mkdir("d/sub", 0755);
  DIR *dir = opendir("d");
  char *names[16];
  int n = 0;
  struct dirent *e;
  while (dir && (e = readdir(dir)) && n < 16) names[n++] = strdup(e->d_name);
  if (dir) closedir(dir);
  qsort(names, n, sizeof *names, cmp);
  printf("readdir:");
  for (int i = 0; i < n; i++) printf(" %s", names[i]);
  printf("\n");
  printf("stat dir: %d\n", stat("d/sub", &sb) == 0 && S_ISDIR(sb.st_mode));
  printf("rename: %d\n", rename("d/b.txt", "d/sub/c.txt"));
  printf("old name gone ENOENT: %d\n", open("d/b.txt", O_RDONLY) == -1 && errno == ENOENT);
  f = fopen("d/sub/c.txt", "r");
  printf("renamed content: %s", f && fgets(buf, sizeof buf, f) ? buf : "(none)\n");
  if (f) fclose(f);
  printf("rmdir non-empty ENOTEMPTY: %d\n", rmdir("d/sub") == -1 && errno == ENOTEMPTY);
  printf("unlink: %d %d %d\n", unlink("d/sub/c.txt"), unlink("d/a.txt"), unlink("d/a.txt") == -1 && errno == ENOENT);
  printf("rmdir: %d %d\n", rmdir("d/sub"), rmdir("d"));
  struct timespec a, b, req = {0, 20 * 1000 * 1000};
  clock_gettime(CLOCK_MONOTONIC, &a);
  int sl = nanosleep(&req, NULL);
  clock_gettime(CLOCK_MONOTONIC, &b);
  long long ms = (b.tv_sec - a.tv_sec) * 1000LL + (b.tv_nsec - a.tv_nsec) / 1000000;
  printf("nanosleep 20 ms: %d slept-enough=%d\n", sl, ms >= 19);
  unsigned char rnd[64] = {0};
  int nz = 0;
  printf("getentropy: %d", getentropy(rnd, sizeof rnd));
  for (size_t i = 0; i < sizeof rnd; i++) nz += rnd[i] != 0;
  printf(" nonzero=%d\n", nz > 32);
  printf("time after 2020: %d\n", time(NULL) > 1577836800);
  size_t in = 0;
  while (fgets(buf, sizeof buf, stdin)) in += strlen(buf);
  printf("stdin bytes: %zu\n", in);
  return 0;
}
