/* wasi_fs.c — wasi:filesystem types and preopens, confined to the preopened directories.
 *
 * Paths are never handed to the kernel whole. resolve() walks them one component at a time
 * from the descriptor's directory fd, keeping a stack of directory fds opened with
 * O_NOFOLLOW|O_DIRECTORY: `..` pops the stack (popping past the base is an escape), a symlink
 * is read with readlinkat and its target spliced into the remaining path (an absolute target
 * is an escape), and the final operation uses the last directory fd plus a single name with
 * AT_SYMLINK_NOFOLLOW / O_NOFOLLOW, so a symlink swapped in meanwhile fails instead of leading
 * out. Every escape attempt is WRT_FS_NOT_PERMITTED.
 */
#include "rt_wasi.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 128
#define MAX_LINKS 40

wrt_fs_error wrt_fs_error_from_errno(int e) {
  switch (e) {
  case EACCES: return WRT_FS_ACCESS;
  case EAGAIN: return WRT_FS_WOULD_BLOCK;
  case EALREADY: return WRT_FS_ALREADY;
  case EBADF: return WRT_FS_BAD_DESCRIPTOR;
  case EBUSY: return WRT_FS_BUSY;
  case EDEADLK: return WRT_FS_DEADLOCK;
  case EDQUOT: return WRT_FS_QUOTA;
  case EEXIST: return WRT_FS_EXIST;
  case EFBIG: return WRT_FS_FILE_TOO_LARGE;
  case EILSEQ: return WRT_FS_ILLEGAL_BYTE_SEQUENCE;
  case EINPROGRESS: return WRT_FS_IN_PROGRESS;
  case EINTR: return WRT_FS_INTERRUPTED;
  case EINVAL: return WRT_FS_INVALID;
  case EIO: return WRT_FS_IO;
  case EISDIR: return WRT_FS_IS_DIRECTORY;
  case ELOOP: return WRT_FS_LOOP;
  case EMLINK: return WRT_FS_TOO_MANY_LINKS;
  case EMSGSIZE: return WRT_FS_MESSAGE_SIZE;
  case ENAMETOOLONG: return WRT_FS_NAME_TOO_LONG;
  case ENODEV: return WRT_FS_NO_DEVICE;
  case ENOENT: return WRT_FS_NO_ENTRY;
  case ENOLCK: return WRT_FS_NO_LOCK;
  case ENOMEM: return WRT_FS_INSUFFICIENT_MEMORY;
  case ENOSPC: return WRT_FS_INSUFFICIENT_SPACE;
  case ENOTDIR: return WRT_FS_NOT_DIRECTORY;
  case ENOTEMPTY: return WRT_FS_NOT_EMPTY;
  case ENOTRECOVERABLE: return WRT_FS_NOT_RECOVERABLE;
  case ENOTSUP: return WRT_FS_UNSUPPORTED;
  case ENOTTY: return WRT_FS_NO_TTY;
  case ENXIO: return WRT_FS_NO_SUCH_DEVICE;
  case EOVERFLOW: return WRT_FS_OVERFLOW;
  case EPERM: return WRT_FS_NOT_PERMITTED;
  case EPIPE: return WRT_FS_PIPE;
  case EROFS: return WRT_FS_READ_ONLY;
  case ESPIPE: return WRT_FS_INVALID_SEEK;
  case ETXTBSY: return WRT_FS_TEXT_FILE_BUSY;
  case EXDEV: return WRT_FS_CROSS_DEVICE;
  default: return WRT_FS_IO;
  }
}

static uint8_t dtype_of_mode(mode_t m) {
  if (S_ISREG(m)) return WRT_DT_REGULAR_FILE;
  if (S_ISDIR(m)) return WRT_DT_DIRECTORY;
  if (S_ISLNK(m)) return WRT_DT_SYMBOLIC_LINK;
  if (S_ISCHR(m)) return WRT_DT_CHARACTER_DEVICE;
  if (S_ISBLK(m)) return WRT_DT_BLOCK_DEVICE;
  if (S_ISFIFO(m)) return WRT_DT_FIFO;
  if (S_ISSOCK(m)) return WRT_DT_SOCKET;
  return WRT_DT_UNKNOWN;
}

static wrt_obj *desc_new(int fd, uint32_t flags) {
  struct stat st;
  wrt_obj *d = wrt__obj_new(OBJ_DESCRIPTOR);
  if (!d) return NULL;
  d->fd = fd;
  d->owns_fd = 1;
  d->dflags = flags;
  d->dtype = fstat(fd, &st) == 0 ? dtype_of_mode(st.st_mode) : WRT_DT_UNKNOWN;
  return d;
}

int wrt__fs_open_preopen(const char *host_path, wrt_obj **out);
int wrt__fs_open_preopen(const char *host_path, wrt_obj **out) {
  int fd = open(host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -errno;
  wrt_obj *d = desc_new(fd, WRT_DF_READ | WRT_DF_MUTATE_DIRECTORY);
  if (!d) {
    close(fd);
    return -ENOMEM;
  }
  *out = d;
  return 0;
}

/* The outcome of resolving a path: the directory fd the final name lives in, and the name. */
typedef struct resolved {
  int fds[MAX_DEPTH + 1]; /* fds[0] is the base (not owned); fds[1..depth] are owned */
  int depth;
  char name[NAME_MAX + 1];
} resolved;

static void resolved_close(resolved *r) {
  for (int i = 1; i <= r->depth; i++) close(r->fds[i]);
  r->depth = 0;
}

static int parent_of(const resolved *r) { return r->fds[r->depth]; }

/* Resolve path beneath base. follow: also resolve a symlink in the final component.
 * Returns 0, or a positive errno (EPERM for escapes). On success the caller closes r. */
static int resolve(int base, const char *path, size_t len, int follow, resolved *r) {
  int links = 0, err = 0;
  r->fds[0] = base;
  r->depth = 0;
  strcpy(r->name, ".");
  if (len == 0) return ENOENT;
  if (memchr(path, 0, len)) return EINVAL;
  if (path[0] == '/') return EPERM;
  char *rest = malloc(len + 1);
  if (!rest) return ENOMEM;
  memcpy(rest, path, len);
  rest[len] = 0;
  char *p = rest;
  for (;;) {
    while (*p == '/') p++;
    if (!*p) break; /* nothing left: the name is "." of the current directory */
    char *slash = strchr(p, '/');
    size_t cl = slash ? (size_t)(slash - p) : strlen(p);
    char *after = p + cl;
    while (*after == '/') after++;
    int last = *after == 0;
    if (cl > NAME_MAX) { err = ENAMETOOLONG; goto done; }
    char comp[NAME_MAX + 1];
    memcpy(comp, p, cl);
    comp[cl] = 0;
    p = after;
    if (strcmp(comp, ".") == 0) {
      if (last) strcpy(r->name, ".");
      continue;
    }
    if (strcmp(comp, "..") == 0) {
      if (r->depth == 0) { err = EPERM; goto done; }
      close(r->fds[r->depth--]);
      if (last) strcpy(r->name, ".");
      continue;
    }
    struct stat st;
    int have = fstatat(parent_of(r), comp, &st, AT_SYMLINK_NOFOLLOW) == 0;
    if (have && S_ISLNK(st.st_mode) && (!last || follow)) {
      if (++links > MAX_LINKS) { err = ELOOP; goto done; }
      char target[PATH_MAX];
      ssize_t tl = readlinkat(parent_of(r), comp, target, sizeof target - 1);
      if (tl < 0) { err = errno; goto done; }
      target[tl] = 0;
      if (target[0] == '/' || tl == 0) { err = EPERM; goto done; }
      size_t rl = strlen(p);
      char *nrest = malloc((size_t)tl + 1 + rl + 1);
      if (!nrest) { err = ENOMEM; goto done; }
      memcpy(nrest, target, (size_t)tl);
      nrest[tl] = '/';
      memcpy(nrest + tl + 1, p, rl + 1);
      if (rl == 0) nrest[tl] = 0;
      free(rest);
      rest = p = nrest;
      continue;
    }
    if (last) {
      strcpy(r->name, comp);
      break;
    }
    if (!have) { err = errno; goto done; }
    if (r->depth >= MAX_DEPTH) { err = ENAMETOOLONG; goto done; }
    int fd = openat(parent_of(r), comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) { err = errno == ELOOP ? EPERM : errno; goto done; }
    r->fds[++r->depth] = fd;
  }
done:
  free(rest);
  if (err) resolved_close(r);
  return err;
}

static int fail(wrt_fs_error *err, int e) {
  if (err) *err = wrt_fs_error_from_errno(e);
  return -1;
}

int wrt_fs_open_at(wrt_obj *dir, uint32_t path_flags, const char *path, size_t len,
                   uint32_t open_flags, uint32_t desc_flags, wrt_obj **out, wrt_fs_error *err) {
  resolved r;
  if (dir->dtype != WRT_DT_DIRECTORY) return fail(err, ENOTDIR);
  int e = resolve(dir->fd, path, len, (path_flags & WRT_PF_SYMLINK_FOLLOW) != 0, &r);
  if (e) return fail(err, e);
  int oflags = O_CLOEXEC | O_NOFOLLOW;
  int rd = (desc_flags & WRT_DF_READ) != 0, wr = (desc_flags & WRT_DF_WRITE) != 0;
  oflags |= wr ? (rd ? O_RDWR : O_WRONLY) : O_RDONLY;
  if (open_flags & WRT_OF_CREATE) oflags |= O_CREAT;
  if (open_flags & WRT_OF_DIRECTORY) oflags |= O_DIRECTORY;
  if (open_flags & WRT_OF_EXCLUSIVE) oflags |= O_EXCL;
  if (open_flags & WRT_OF_TRUNCATE) oflags |= O_TRUNC;
  if ((open_flags & (WRT_OF_CREATE | WRT_OF_TRUNCATE)) && !(dir->dflags & WRT_DF_MUTATE_DIRECTORY)) {
    resolved_close(&r);
    return fail(err, EROFS);
  }
  int fd = openat(parent_of(&r), r.name, oflags, 0666);
  if (fd < 0 && errno == EISDIR && !wr) fd = openat(parent_of(&r), r.name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  e = errno;
  resolved_close(&r);
  if (fd < 0) return fail(err, e == ELOOP && !(path_flags & WRT_PF_SYMLINK_FOLLOW) ? ELOOP : e);
  uint32_t fl = desc_flags & (WRT_DF_READ | WRT_DF_WRITE | WRT_DF_FILE_INTEGRITY_SYNC |
                              WRT_DF_DATA_INTEGRITY_SYNC | WRT_DF_REQUESTED_WRITE_SYNC);
  wrt_obj *d = desc_new(fd, fl);
  if (!d) {
    close(fd);
    return fail(err, ENOMEM);
  }
  if (d->dtype == WRT_DT_DIRECTORY) d->dflags |= (dir->dflags & WRT_DF_MUTATE_DIRECTORY) | WRT_DF_READ;
  *out = d;
  return 0;
}

static void fill_stat(const struct stat *s, wrt_fs_stat_t *st) {
  st->type = dtype_of_mode(s->st_mode);
  st->link_count = (uint64_t)s->st_nlink;
  st->size = (uint64_t)s->st_size;
  st->atime_s = (uint64_t)s->st_atim.tv_sec;
  st->atime_ns = (uint32_t)s->st_atim.tv_nsec;
  st->mtime_s = (uint64_t)s->st_mtim.tv_sec;
  st->mtime_ns = (uint32_t)s->st_mtim.tv_nsec;
  st->ctime_s = (uint64_t)s->st_ctim.tv_sec;
  st->ctime_ns = (uint32_t)s->st_ctim.tv_nsec;
}

int wrt_fs_stat(wrt_obj *d, wrt_fs_stat_t *st, wrt_fs_error *err) {
  struct stat s;
  if (fstat(d->fd, &s) != 0) return fail(err, errno);
  fill_stat(&s, st);
  return 0;
}

static int stat_at_raw(wrt_obj *dir, uint32_t pf, const char *path, size_t len, struct stat *s) {
  resolved r;
  if (dir->dtype != WRT_DT_DIRECTORY) return ENOTDIR;
  int e = resolve(dir->fd, path, len, (pf & WRT_PF_SYMLINK_FOLLOW) != 0, &r);
  if (e) return e;
  e = fstatat(parent_of(&r), r.name, s, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : errno;
  resolved_close(&r);
  return e;
}

int wrt_fs_stat_at(wrt_obj *dir, uint32_t path_flags, const char *path, size_t len,
                   wrt_fs_stat_t *st, wrt_fs_error *err) {
  struct stat s;
  int e = stat_at_raw(dir, path_flags, path, len, &s);
  if (e) return fail(err, e);
  fill_stat(&s, st);
  return 0;
}

static int file_stream(wrt_obj *d, int kind, int sk, uint64_t offset, uint32_t need, wrt_obj **out,
                       wrt_fs_error *err) {
  if (d->dtype == WRT_DT_DIRECTORY) return fail(err, EISDIR);
  if (!(d->dflags & need)) return fail(err, EBADF);
  int fd = fcntl(d->fd, F_DUPFD_CLOEXEC, 0);
  if (fd < 0) return fail(err, errno);
  wrt_obj *s = wrt__obj_new(kind);
  if (!s) {
    close(fd);
    return fail(err, ENOMEM);
  }
  s->sk = sk;
  s->fd = fd;
  s->owns_fd = 1;
  s->offset = offset;
  *out = s;
  return 0;
}

int wrt_fs_read_via_stream(wrt_obj *d, uint64_t offset, wrt_obj **out, wrt_fs_error *err) {
  return file_stream(d, OBJ_INPUT, SK_FILE, offset, WRT_DF_READ, out, err);
}

int wrt_fs_write_via_stream(wrt_obj *d, uint64_t offset, wrt_obj **out, wrt_fs_error *err) {
  return file_stream(d, OBJ_OUTPUT, SK_FILE, offset, WRT_DF_WRITE, out, err);
}

int wrt_fs_append_via_stream(wrt_obj *d, wrt_obj **out, wrt_fs_error *err) {
  return file_stream(d, OBJ_OUTPUT, SK_APPEND, 0, WRT_DF_WRITE, out, err);
}

int wrt_fs_read_directory(wrt_obj *d, wrt_obj **out, wrt_fs_error *err) {
  if (d->dtype != WRT_DT_DIRECTORY) return fail(err, ENOTDIR);
  int fd = openat(d->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return fail(err, errno);
  DIR *dir = fdopendir(fd);
  if (!dir) {
    int e = errno;
    close(fd);
    return fail(err, e);
  }
  wrt_obj *s = wrt__obj_new(OBJ_DIRSTREAM);
  if (!s) {
    closedir(dir);
    return fail(err, ENOMEM);
  }
  s->dir = dir;
  *out = s;
  return 0;
}

int wrt_fs_dirent_next(wrt_obj *ds, char **name, uint8_t *type, wrt_fs_error *err) {
  for (;;) {
    errno = 0;
    struct dirent *e = readdir(ds->dir);
    if (!e) {
      if (errno) return fail(err, errno);
      return 0;
    }
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    switch (e->d_type) {
    case DT_REG: *type = WRT_DT_REGULAR_FILE; break;
    case DT_DIR: *type = WRT_DT_DIRECTORY; break;
    case DT_LNK: *type = WRT_DT_SYMBOLIC_LINK; break;
    case DT_CHR: *type = WRT_DT_CHARACTER_DEVICE; break;
    case DT_BLK: *type = WRT_DT_BLOCK_DEVICE; break;
    case DT_FIFO: *type = WRT_DT_FIFO; break;
    case DT_SOCK: *type = WRT_DT_SOCKET; break;
    default: {
      struct stat st;
      *type = fstatat(dirfd(ds->dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0
                  ? dtype_of_mode(st.st_mode) : WRT_DT_UNKNOWN;
    }
    }
    size_t n = strlen(e->d_name);
    *name = malloc(n + 1);
    if (!*name) return fail(err, ENOMEM);
    memcpy(*name, e->d_name, n + 1);
    return 1;
  }
}

/* --- lowered entry points ---------------------------------------------------------------- */

static wrt_obj *desc(wrt_cx *cx, uint32_t h) { return wrt__get(cx, &wrt_rtype_descriptor, h); }

/* A lifted path: validated UTF-8 in guest memory (no copy). */
static wrt_str path_arg(wrt_cx *cx, uint32_t ptr, uint32_t len) {
  return wrt_lift_string(cx, ptr, len);
}

/* result<_, error-code>: disc @0, code @1 */
static void unit_result(wrt_cx *cx, uint32_t ret, int ok_or_errno) {
  wrt_check_range(cx->mem, ret, 2, 1);
  if (ok_or_errno == 0) {
    wrt_store_u8(cx->mem, ret, 0);
  } else {
    wrt_store_u8(cx->mem, ret, 1);
    wrt_store_u8(cx->mem, ret + 1, (uint8_t)wrt_fs_error_from_errno(ok_or_errno));
  }
}

/* result<handle, error-code>: disc @0, payload @4 */
static void handle_result(wrt_cx *cx, uint32_t ret, int rc, wrt_fs_error e, const wrt_rtype *t, wrt_obj *o) {
  wrt_check_range(cx->mem, ret, 8, 4);
  if (rc == 0) {
    wrt_store_u8(cx->mem, ret, 0);
    wrt_store_u32(cx->mem, ret + 4, wrt__own(cx, t, o));
  } else {
    wrt_store_u8(cx->mem, ret, 1);
    wrt_store_u8(cx->mem, ret + 4, (uint8_t)e);
  }
}

void wrt_lower_wasi_filesystem_types__resource_drop_descriptor(wrt_cx *cx, uint32_t h) {
  wrt__drop(cx, &wrt_rtype_descriptor, h);
}

void wrt_lower_wasi_filesystem_types__resource_drop_directory_entry_stream(wrt_cx *cx, uint32_t h) {
  wrt__drop(cx, &wrt_rtype_directory_entry_stream, h);
}

void wrt_lower_wasi_filesystem_types__method_descriptor_read_via_stream(wrt_cx *cx, uint32_t self, uint64_t off, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 8, 4); /* before any side effect */
  wrt_obj *s = NULL;
  wrt_fs_error e = 0;
  int rc = wrt_fs_read_via_stream(desc(cx, self), off, &s, &e);
  handle_result(cx, ret, rc, e, &wrt_rtype_input_stream, s);
}

void wrt_lower_wasi_filesystem_types__method_descriptor_write_via_stream(wrt_cx *cx, uint32_t self, uint64_t off, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 8, 4); /* before any side effect */
  wrt_obj *s = NULL;
  wrt_fs_error e = 0;
  int rc = wrt_fs_write_via_stream(desc(cx, self), off, &s, &e);
  handle_result(cx, ret, rc, e, &wrt_rtype_output_stream, s);
}

void wrt_lower_wasi_filesystem_types__method_descriptor_append_via_stream(wrt_cx *cx, uint32_t self, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 8, 4); /* before any side effect */
  wrt_obj *s = NULL;
  wrt_fs_error e = 0;
  int rc = wrt_fs_append_via_stream(desc(cx, self), &s, &e);
  handle_result(cx, ret, rc, e, &wrt_rtype_output_stream, s);
}

void wrt_lower_wasi_filesystem_types__method_descriptor_advise(wrt_cx *cx, uint32_t self, uint64_t off, uint64_t len, uint32_t advice, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 2, 1); /* before any side effect */
  wrt_obj *d = desc(cx, self);
  static const int adv[] = {POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
                            POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
  wrt_check_discriminant(advice, 6);
  int r = posix_fadvise(d->fd, (off_t)off, (off_t)len, adv[advice]);
  unit_result(cx, ret, r == ESPIPE ? 0 : r);
}

void wrt_lower_wasi_filesystem_types__method_descriptor_sync_data(wrt_cx *cx, uint32_t self, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 2, 1); /* before any side effect */
  unit_result(cx, ret, fdatasync(desc(cx, self)->fd) == 0 ? 0 : errno);
}

void wrt_lower_wasi_filesystem_types__method_descriptor_sync(wrt_cx *cx, uint32_t self, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 2, 1); /* before any side effect */
  unit_result(cx, ret, fsync(desc(cx, self)->fd) == 0 ? 0 : errno);
}

/* result<u8-sized payload, error-code>: disc @0, payload @1 */
void wrt_lower_wasi_filesystem_types__method_descriptor_get_flags(wrt_cx *cx, uint32_t self, uint32_t ret) {
  wrt__enter(cx);
  wrt_obj *d = desc(cx, self);
  wrt_check_range(cx->mem, ret, 2, 1);
  wrt_store_u8(cx->mem, ret, 0);
  wrt_store_u8(cx->mem, ret + 1, (uint8_t)d->dflags);
}

void wrt_lower_wasi_filesystem_types__method_descriptor_get_type(wrt_cx *cx, uint32_t self, uint32_t ret) {
  wrt__enter(cx);
  wrt_obj *d = desc(cx, self);
  wrt_check_range(cx->mem, ret, 2, 1);
  wrt_store_u8(cx->mem, ret, 0);
  wrt_store_u8(cx->mem, ret + 1, d->dtype);
}

void wrt_lower_wasi_filesystem_types__method_descriptor_set_size(wrt_cx *cx, uint32_t self, uint64_t size, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 2, 1); /* before any side effect */
  wrt_obj *d = desc(cx, self);
  int e = !(d->dflags & WRT_DF_WRITE) ? EBADF : ftruncate(d->fd, (off_t)size) == 0 ? 0 : errno;
  unit_result(cx, ret, e);
}

/* new-timestamp: 0 no-change, 1 now, 2 timestamp(datetime) */
static struct timespec new_ts(uint32_t disc, uint64_t s, uint32_t ns) {
  struct timespec t = {0, UTIME_OMIT};
  switch (wrt_check_discriminant(disc, 3)) {
  case 1: t.tv_nsec = UTIME_NOW; break;
  case 2:
    if (ns >= 1000000000u) wrt_trap(WRT_TRAP_HOST, "datetime nanoseconds out of range");
    t.tv_sec = (time_t)s;
    t.tv_nsec = (long)ns;
    break;
  default: break;
  }
  return t;
}

void wrt_lower_wasi_filesystem_types__method_descriptor_set_times(wrt_cx *cx, uint32_t self, uint32_t ad, uint64_t as, uint32_t ans, uint32_t md, uint64_t ms, uint32_t mns, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 2, 1); /* before any side effect */
  wrt_obj *d = desc(cx, self);
  struct timespec ts[2] = {new_ts(ad, as, ans), new_ts(md, ms, mns)};
  unit_result(cx, ret, futimens(d->fd, ts) == 0 ? 0 : errno);
}

/* result<tuple<list<u8>, bool>, error-code>: disc @0, ptr @4, len @8, eof @12 */
void wrt_lower_wasi_filesystem_types__method_descriptor_read(wrt_cx *cx, uint32_t self, uint64_t len, uint64_t off, uint32_t ret) {
  wrt__enter(cx);
  wrt_obj *d = desc(cx, self);
  wrt_check_range(cx->mem, ret, 16, 4);
  size_t want = len > (4u << 20) ? (4u << 20) : (size_t)len;
  int e = 0;
  ssize_t n = 0;
  uint8_t *buf = wrt__scratch_alloc(want);
  if (!(d->dflags & WRT_DF_READ)) e = EBADF;
  else if (d->dtype == WRT_DT_DIRECTORY) e = EISDIR;
  else {
    do n = pread(d->fd, buf, want, (off_t)off);
    while (n < 0 && errno == EINTR);
    if (n < 0) e = errno;
  }
  if (e) {
    wrt__scratch_free(buf);
    wrt_store_u8(cx->mem, ret, 1);
    wrt_store_u8(cx->mem, ret + 4, (uint8_t)wrt_fs_error_from_errno(e));
    return;
  }
  uint32_t p = wrt__lower_u8s(cx, buf, (size_t)n);
  wrt__scratch_free(buf);
  wrt_store_u8(cx->mem, ret, 0);
  wrt_store_u32(cx->mem, ret + 4, p);
  wrt_store_u32(cx->mem, ret + 8, (uint32_t)n);
  wrt_store_u8(cx->mem, ret + 12, (n == 0 && want > 0) ? 1 : 0);
}

/* result<filesize, error-code>: disc @0, payload @8 */
void wrt_lower_wasi_filesystem_types__method_descriptor_write(wrt_cx *cx, uint32_t self, uint32_t ptr, uint32_t len, uint64_t off, uint32_t ret) {
  wrt__enter(cx);
  wrt_obj *d = desc(cx, self);
  wrt_check_range(cx->mem, ret, 16, 8);
  const uint8_t *data = wrt_lift_list(cx->mem, ptr, len, 1, 1);
  ssize_t n = -1;
  int e = 0;
  if (!(d->dflags & WRT_DF_WRITE)) e = EBADF;
  else {
    do n = pwrite(d->fd, data, len, (off_t)off);
    while (n < 0 && errno == EINTR);
    if (n < 0) e = errno;
  }
  if (e) {
    wrt_store_u8(cx->mem, ret, 1);
    wrt_store_u8(cx->mem, ret + 8, (uint8_t)wrt_fs_error_from_errno(e));
  } else {
    wrt_store_u8(cx->mem, ret, 0);
    wrt_store_u64(cx->mem, ret + 8, (uint64_t)n);
  }
}

void wrt_lower_wasi_filesystem_types__method_descriptor_read_directory(wrt_cx *cx, uint32_t self, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 8, 4); /* before any side effect */
  wrt_obj *s = NULL;
  wrt_fs_error e = 0;
  int rc = wrt_fs_read_directory(desc(cx, self), &s, &e);
  handle_result(cx, ret, rc, e, &wrt_rtype_directory_entry_stream, s);
}

/* Run op(parent, name) on a resolved path; returns 0 or errno. */
typedef int (*at_op)(int dirfd, const char *name, void *arg);

static int with_path(wrt_cx *cx, uint32_t self, uint32_t pf, uint32_t ptr, uint32_t len, at_op op, void *arg) {
  wrt_obj *d = desc(cx, self);
  resolved r;
  if (d->dtype != WRT_DT_DIRECTORY) return ENOTDIR;
  wrt_str p = path_arg(cx, ptr, len);
  int e = resolve(d->fd, p.data, p.len, (pf & WRT_PF_SYMLINK_FOLLOW) != 0, &r);
  wrt_str_free(&p);
  if (e) return e;
  e = op(parent_of(&r), r.name, arg);
  resolved_close(&r);
  return e;
}

static int op_mkdir(int dfd, const char *name, void *arg) { (void)arg; return mkdirat(dfd, name, 0777) == 0 ? 0 : errno; }
static int op_rmdir(int dfd, const char *name, void *arg) { (void)arg; return unlinkat(dfd, name, AT_REMOVEDIR) == 0 ? 0 : errno; }
static int op_unlink(int dfd, const char *name, void *arg) { (void)arg; return unlinkat(dfd, name, 0) == 0 ? 0 : errno; }

void wrt_lower_wasi_filesystem_types__method_descriptor_create_directory_at(wrt_cx *cx, uint32_t self, uint32_t ptr, uint32_t len, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 2, 1); /* before any side effect */
  unit_result(cx, ret, with_path(cx, self, 0, ptr, len, op_mkdir, NULL));
}

void wrt_lower_wasi_filesystem_types__method_descriptor_remove_directory_at(wrt_cx *cx, uint32_t self, uint32_t ptr, uint32_t len, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 2, 1); /* before any side effect */
  unit_result(cx, ret, with_path(cx, self, 0, ptr, len, op_rmdir, NULL));
}

void wrt_lower_wasi_filesystem_types__method_descriptor_unlink_file_at(wrt_cx *cx, uint32_t self, uint32_t ptr, uint32_t len, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 2, 1); /* before any side effect */
  unit_result(cx, ret, with_path(cx, self, 0, ptr, len, op_unlink, NULL));
}

/* descriptor-stat at `at` (8-aligned): type @0, link-count @8, size @16, then three
 * option<datetime> of 24 bytes at @24, @48, @72 (disc @0, seconds @8, nanoseconds @16). */
static void store_stat(wrt_cx *cx, uint32_t at, const wrt_fs_stat_t *st) {
  wrt_store_u8(cx->mem, at, st->type);
  wrt_store_u64(cx->mem, at + 8, st->link_count);
  wrt_store_u64(cx->mem, at + 16, st->size);
  const uint64_t s[3] = {st->atime_s, st->mtime_s, st->ctime_s};
  const uint32_t ns[3] = {st->atime_ns, st->mtime_ns, st->ctime_ns};
  for (int i = 0; i < 3; i++) {
    uint32_t o = at + 24 + 24 * (uint32_t)i;
    wrt_store_u8(cx->mem, o, 1);
    wrt_store_u64(cx->mem, o + 8, s[i]);
    wrt_store_u32(cx->mem, o + 16, ns[i]);
  }
}

/* result<descriptor-stat, error-code>: disc @0, payload @8 (104 bytes) */
static void stat_result(wrt_cx *cx, uint32_t ret, int rc, wrt_fs_error e, const wrt_fs_stat_t *st) {
  wrt_check_range(cx->mem, ret, 104, 8);
  if (rc == 0) {
    wrt_store_u8(cx->mem, ret, 0);
    store_stat(cx, ret + 8, st);
  } else {
    wrt_store_u8(cx->mem, ret, 1);
    wrt_store_u8(cx->mem, ret + 8, (uint8_t)e);
  }
}

void wrt_lower_wasi_filesystem_types__method_descriptor_stat(wrt_cx *cx, uint32_t self, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 104, 8); /* before any side effect */
  wrt_fs_stat_t st;
  wrt_fs_error e = 0;
  int rc = wrt_fs_stat(desc(cx, self), &st, &e);
  stat_result(cx, ret, rc, e, &st);
}

void wrt_lower_wasi_filesystem_types__method_descriptor_stat_at(wrt_cx *cx, uint32_t self, uint32_t pf, uint32_t ptr, uint32_t len, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 104, 8); /* before any side effect */
  wrt_obj *d = desc(cx, self);
  wrt_str p = path_arg(cx, ptr, len);
  wrt_fs_stat_t st;
  wrt_fs_error e = 0;
  int rc = wrt_fs_stat_at(d, pf, p.data, p.len, &st, &e);
  wrt_str_free(&p);
  stat_result(cx, ret, rc, e, &st);
}

typedef struct times_arg { struct timespec ts[2]; } times_arg;
static int op_times(int dfd, const char *name, void *arg) {
  return utimensat(dfd, name, ((times_arg *)arg)->ts, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : errno;
}

void wrt_lower_wasi_filesystem_types__method_descriptor_set_times_at(wrt_cx *cx, uint32_t self, uint32_t pf, uint32_t ptr, uint32_t len, uint32_t ad, uint64_t as, uint32_t ans, uint32_t md, uint64_t ms, uint32_t mns, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 2, 1); /* before any side effect */
  times_arg t = {{new_ts(ad, as, ans), new_ts(md, ms, mns)}};
  unit_result(cx, ret, with_path(cx, self, pf, ptr, len, op_times, &t));
}

/* Two-path operations resolve both paths, each beneath its own descriptor. */
typedef struct two_path { int dfd; const char *name; int link; } two_path;
static int op_second(int dfd, const char *name, void *arg) {
  two_path *t = arg;
  if (t->link) return linkat(t->dfd, t->name, dfd, name, 0) == 0 ? 0 : errno;
  return renameat(t->dfd, t->name, dfd, name) == 0 ? 0 : errno;
}
typedef struct two_path_outer { wrt_cx *cx; uint32_t nd, nptr, nlen; int link; } two_path_outer;
static int op_first(int dfd, const char *name, void *arg) {
  two_path_outer *o = arg;
  two_path t = {dfd, name, o->link};
  return with_path(o->cx, o->nd, 0, o->nptr, o->nlen, op_second, &t);
}

void wrt_lower_wasi_filesystem_types__method_descriptor_link_at(wrt_cx *cx, uint32_t self, uint32_t pf, uint32_t optr, uint32_t olen, uint32_t nd, uint32_t nptr, uint32_t nlen, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 2, 1); /* before any side effect */
  two_path_outer o = {cx, nd, nptr, nlen, 1};
  unit_result(cx, ret, with_path(cx, self, pf, optr, olen, op_first, &o));
}

void wrt_lower_wasi_filesystem_types__method_descriptor_rename_at(wrt_cx *cx, uint32_t self, uint32_t optr, uint32_t olen, uint32_t nd, uint32_t nptr, uint32_t nlen, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 2, 1); /* before any side effect */
  two_path_outer o = {cx, nd, nptr, nlen, 0};
  unit_result(cx, ret, with_path(cx, self, 0, optr, olen, op_first, &o));
}

typedef struct symlink_arg { const char *target; } symlink_arg;
static int op_symlink(int dfd, const char *name, void *arg) {
  return symlinkat(((symlink_arg *)arg)->target, dfd, name) == 0 ? 0 : errno;
}

void wrt_lower_wasi_filesystem_types__method_descriptor_symlink_at(wrt_cx *cx, uint32_t self, uint32_t optr, uint32_t olen, uint32_t nptr, uint32_t nlen, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 2, 1); /* before any side effect */
  wrt_str target = path_arg(cx, optr, olen);
  int e = 0;
  char *t = wrt__scratch_alloc(target.len + 1);
  {
    memcpy(t, target.data, target.len);
    t[target.len] = 0;
    /* an absolute or NUL-containing target could only ever lead outside */
    if (t[0] == '/' || strlen(t) != target.len) e = EPERM;
  }
  wrt_str_free(&target);
  if (!e) {
    symlink_arg a = {t};
    e = with_path(cx, self, 0, nptr, nlen, op_symlink, &a);
  }
  wrt__scratch_free(t);
  unit_result(cx, ret, e);
}

/* result<descriptor, error-code> */
void wrt_lower_wasi_filesystem_types__method_descriptor_open_at(wrt_cx *cx, uint32_t self, uint32_t pf, uint32_t ptr, uint32_t len, uint32_t of, uint32_t df, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 8, 4); /* before any side effect */
  wrt_obj *d = desc(cx, self);
  wrt_str p = path_arg(cx, ptr, len);
  wrt_obj *nd = NULL;
  wrt_fs_error e = 0;
  int rc = wrt_fs_open_at(d, pf, p.data, p.len, of, df, &nd, &e);
  wrt_str_free(&p);
  handle_result(cx, ret, rc, e, &wrt_rtype_descriptor, nd);
}

typedef struct readlink_arg { char buf[PATH_MAX]; ssize_t n; } readlink_arg;
static int op_readlink(int dfd, const char *name, void *arg) {
  readlink_arg *a = arg;
  a->n = readlinkat(dfd, name, a->buf, sizeof a->buf);
  return a->n < 0 ? errno : 0;
}

/* result<string, error-code>: disc @0, ptr @4, len @8 */
void wrt_lower_wasi_filesystem_types__method_descriptor_readlink_at(wrt_cx *cx, uint32_t self, uint32_t ptr, uint32_t len, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 12, 4);
  readlink_arg *a = wrt__scratch_alloc(sizeof *a);
  int e = with_path(cx, self, 0, ptr, len, op_readlink, a);
  if (!e && !wrt_utf8_valid((const uint8_t *)a->buf, (size_t)a->n)) e = EILSEQ;
  if (e) {
    wrt__scratch_free(a);
    wrt_store_u8(cx->mem, ret, 1);
    wrt_store_u8(cx->mem, ret + 4, (uint8_t)wrt_fs_error_from_errno(e));
    return;
  }
  uint32_t p, l;
  wrt_lower_string(cx, a->buf, (size_t)a->n, &p, &l);
  wrt__scratch_free(a);
  wrt_store_u8(cx->mem, ret, 0);
  wrt_store_u32(cx->mem, ret + 4, p);
  wrt_store_u32(cx->mem, ret + 8, l);
}

uint32_t wrt_lower_wasi_filesystem_types__method_descriptor_is_same_object(wrt_cx *cx, uint32_t self, uint32_t other) {
  wrt__enter(cx);
  struct stat a, b;
  if (fstat(desc(cx, self)->fd, &a) != 0 || fstat(desc(cx, other)->fd, &b) != 0) return 0;
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

/* result<metadata-hash-value, error-code>: disc @0, lower @8, upper @16 */
static void hash_result(wrt_cx *cx, uint32_t ret, int e, const struct stat *s) {
  wrt_check_range(cx->mem, ret, 24, 8);
  if (e) {
    wrt_store_u8(cx->mem, ret, 1);
    wrt_store_u8(cx->mem, ret + 8, (uint8_t)wrt_fs_error_from_errno(e));
    return;
  }
  wrt_store_u8(cx->mem, ret, 0);
  wrt_store_u64(cx->mem, ret + 8, mix((uint64_t)s->st_ino ^ mix((uint64_t)s->st_dev)));
  wrt_store_u64(cx->mem, ret + 16, mix((uint64_t)s->st_mtim.tv_sec * 1000000000ull + (uint64_t)s->st_mtim.tv_nsec) ^ (uint64_t)s->st_size);
}

void wrt_lower_wasi_filesystem_types__method_descriptor_metadata_hash(wrt_cx *cx, uint32_t self, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 24, 8); /* before any side effect */
  struct stat s;
  int e = fstat(desc(cx, self)->fd, &s) == 0 ? 0 : errno;
  hash_result(cx, ret, e, &s);
}

void wrt_lower_wasi_filesystem_types__method_descriptor_metadata_hash_at(wrt_cx *cx, uint32_t self, uint32_t pf, uint32_t ptr, uint32_t len, uint32_t ret) {
  wrt__enter(cx);
  wrt_check_range(cx->mem, ret, 24, 8); /* before any side effect */
  wrt_obj *d = desc(cx, self);
  wrt_str p = path_arg(cx, ptr, len);
  struct stat s;
  int e = stat_at_raw(d, pf, p.data, p.len, &s);
  wrt_str_free(&p);
  hash_result(cx, ret, e, &s);
}

/* result<option<directory-entry>, error-code>: disc @0; option disc @4, type @8, name @12/@16 */
void wrt_lower_wasi_filesystem_types__method_directory_entry_stream_read_directory_entry(wrt_cx *cx, uint32_t self, uint32_t ret) {
  wrt__enter(cx);
  wrt_obj *ds = wrt__get(cx, &wrt_rtype_directory_entry_stream, self);
  wrt_check_range(cx->mem, ret, 20, 4);
  char *name = NULL;
  uint8_t type = 0;
  wrt_fs_error e = 0;
  int r = wrt_fs_dirent_next(ds, &name, &type, &e);
  if (r < 0) {
    wrt_store_u8(cx->mem, ret, 1);
    wrt_store_u8(cx->mem, ret + 4, (uint8_t)e);
    return;
  }
  wrt_store_u8(cx->mem, ret, 0);
  if (r == 0) {
    wrt_store_u8(cx->mem, ret + 4, 0);
    return;
  }
  char local[NAME_MAX + 1];
  size_t nl = strlen(name);
  if (nl > NAME_MAX) nl = NAME_MAX;
  memcpy(local, name, nl);
  free(name); /* lowering below may trap: keep nothing on the heap */
  if (!wrt_utf8_valid((const uint8_t *)local, nl)) {
    wrt_store_u8(cx->mem, ret, 1);
    wrt_store_u8(cx->mem, ret + 4, WRT_FS_ILLEGAL_BYTE_SEQUENCE);
    return;
  }
  uint32_t p, l;
  wrt_lower_string(cx, local, nl, &p, &l);
  wrt_store_u8(cx->mem, ret + 4, 1);
  wrt_store_u8(cx->mem, ret + 8, type);
  wrt_store_u32(cx->mem, ret + 12, p);
  wrt_store_u32(cx->mem, ret + 16, l);
}

/* option<error-code>: disc @0, code @1 */
void wrt_lower_wasi_filesystem_types__filesystem_error_code(wrt_cx *cx, uint32_t err, uint32_t ret) {
  wrt__enter(cx);
  wrt_obj *e = wrt__get(cx, &wrt_rtype_error, err);
  wrt_check_range(cx->mem, ret, 2, 1);
  if (e->err == 0) {
    wrt_store_u8(cx->mem, ret, 0);
    return;
  }
  wrt_store_u8(cx->mem, ret, 1);
  wrt_store_u8(cx->mem, ret + 1, (uint8_t)wrt_fs_error_from_errno(e->err));
}

/* list<tuple<descriptor, string>>: elements of 12 bytes {handle @0, ptr @4, len @8} */
void wrt_lower_wasi_filesystem_preopens__get_directories(wrt_cx *cx, uint32_t ret) {
  wrt__enter(cx);
  wrt_wasi *w = wrt__wasi(cx);
  wrt_check_range(cx->mem, ret, 8, 4);
  uint32_t list = wrt_alloc_list(cx, (uint32_t)w->npre, 12, 4);
  for (size_t i = 0; i < w->npre; i++) {
    uint32_t p, l, at = list + 12 * (uint32_t)i;
    wrt_lower_string(cx, w->pre_names[i], strlen(w->pre_names[i]), &p, &l);
    wrt_obj_retain(w->pre[i]);
    wrt_store_u32(cx->mem, at, wrt__own(cx, &wrt_rtype_descriptor, w->pre[i]));
    wrt_store_u32(cx->mem, at + 4, p);
    wrt_store_u32(cx->mem, at + 8, l);
  }
  wrt_store_u32(cx->mem, ret, list);
  wrt_store_u32(cx->mem, ret + 4, (uint32_t)w->npre);
}
