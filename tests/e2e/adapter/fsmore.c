/* fsmore.c — more preview1 file calls for tests/e2e/adapter.sh: ftruncate, fsync, futimens,
 * utimensat, symlink/readlink/lstat, link, isatty, fseek/ftell, access, getcwd; the output is
 * compared between witc's adapter and jco's under the same host (hosts differ on times and ttys). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
int main(void) {
  int fd = open("t.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
  printf("write: %zd\n", write(fd, "0123456789", 10));
  printf("ftruncate: %d\n", ftruncate(fd, 4));
  struct stat sb;
  fstat(fd, &sb);
  printf("size after truncate: %lld\n", (long long)sb.st_size);
  printf("fsync: %d\n", fsync(fd));
  printf("fdatasync: %d\n", fdatasync(fd));
  struct timespec ts[2] = {{1000000000, 0}, {1200000000, 500}};
  printf("futimens: %d\n", futimens(fd, ts));
  fstat(fd, &sb);
  printf("mtime: %lld\n", (long long)sb.st_mtim.tv_sec);
  close(fd);
  printf("utimensat: %d\n", utimensat(AT_FDCWD, "t.txt", ts, 0));
  printf("symlink: %d\n", symlink("t.txt", "l.txt"));
  char buf[64] = {0};
  printf("readlink: %zd %s\n", readlink("l.txt", buf, sizeof buf), buf);
  printf("lstat link: %d\n", lstat("l.txt", &sb) == 0 && S_ISLNK(sb.st_mode));
  printf("link: %d\n", link("t.txt", "h.txt"));
  stat("t.txt", &sb);
  printf("nlink: %lld\n", (long long)sb.st_nlink);
  printf("isatty(1): %d\n", isatty(1));
  FILE *f = fopen("t.txt", "r+");
  fseek(f, 0, SEEK_END);
  printf("ftell end: %ld\n", ftell(f));
  fclose(f);
  printf("access: %d %d\n", access("t.txt", F_OK), access("nope", F_OK) == -1 && errno == ENOENT);
  printf("open dir as file for write EISDIR: %d\n", open(".", O_WRONLY) == -1);
  unlink("l.txt"); unlink("h.txt"); unlink("t.txt");
  DIR *d = opendir(".");
  int n = 0; while (d && readdir(d)) n++;
  printf("entries left: %d\n", n);
  char cwd[64];
  printf("getcwd: %s\n", getcwd(cwd, sizeof cwd));
  return 0;
}
