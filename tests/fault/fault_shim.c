// fault_shim: an LD_PRELOAD library that makes the Nth write or sync to a database file fail, the
// way SQLite tests itself (its test VFS fails the Nth I/O call; we do it one level down, at the
// C library, so the code under test is the very quarry binary users run).
//
// Note [Fault injection points]
// An I/O point is one call of write, pwrite, pwrite64, writev, fsync, fdatasync or ftruncate on
// a descriptor whose file is a database file: its path (read back from /proc/self/fd, so no
// open() needs tracking and a reused descriptor is never misattributed) ends in .db, .db-wal,
// .db-journal or .db-shm. Other descriptors (stdout, stderr, input files) are never counted,
// so the points of a run are the same from run to run, whatever its output does.
//
// Environment:
//   QUARRY_FAULT_AT=N        fail the Nth point (1-based); 0 or unset: fail nothing, only count
//   QUARRY_FAULT_MODE=once   only the Nth fails (a transient error: EIO from a flaky disk)
//   QUARRY_FAULT_MODE=persist  the Nth and every later point fail (a full disk stays full)
//   QUARRY_FAULT_ERRNO=EIO   the error to fail with: ENOSPC (default) or EIO
//   QUARRY_FAULT_COUNT=FILE  at exit, write the number of points this process reached to FILE
//   QUARRY_FAULT_ALLOC=1     the points are libsqlite3's allocations, not database I/O (below)
//
// Note [Allocation failure points]
// With QUARRY_FAULT_ALLOC=1 the points are instead the calls of malloc, calloc and realloc made
// from inside libsqlite3 (its own allocator calls them; the caller is told by the return
// address, checked against the address ranges of libsqlite3's executable segments, found once
// at start-up with dl_iterate_phdr). The Nth such call returns NULL with ENOMEM (every later one
// too with persist); allocations from anywhere else, quarry's own among them, always succeed, so
// the code under test is SQLite's handling of SQLITE_NOMEM and ours of the errors it returns.
// The wrappers call glibc's __libc_malloc and friends (dlsym would allocate). Not usable under
// AddressSanitizer, which owns malloc.
//
// The shim keeps no per-descriptor state and takes no lock, so it is safe in any thread. Under
// AddressSanitizer the runtime must come first in LD_PRELOAD, or be told
// ASAN_OPTIONS=verify_asan_link_order=0.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static atomic_long g_points;  // points reached so far in this process
static long g_fail_at;        // 0: never fail
static int g_persist;
static int g_errno = ENOSPC;
static const char* g_count_file;

static int g_alloc;  // QUARRY_FAULT_ALLOC: count and fail libsqlite3's allocations instead
// Address ranges of libsqlite3's executable segments.
static uintptr_t g_sqlite_lo[4], g_sqlite_hi[4];
static int g_sqlite_ranges;

static int FindSqlite(struct dl_phdr_info* info, size_t size, void* data) {
  (void)size;
  (void)data;
  if (!info->dlpi_name || !strstr(info->dlpi_name, "libsqlite3")) return 0;
  for (int i = 0; i < info->dlpi_phnum && g_sqlite_ranges < 4; ++i) {
    const ElfW(Phdr)* ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X)) continue;
    g_sqlite_lo[g_sqlite_ranges] = info->dlpi_addr + ph->p_vaddr;
    g_sqlite_hi[g_sqlite_ranges] = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
    ++g_sqlite_ranges;
  }
  return 1;
}

__attribute__((constructor)) static void FaultInit(void) {
  const char* at = getenv("QUARRY_FAULT_AT");
  g_fail_at = at ? atol(at) : 0;
  const char* mode = getenv("QUARRY_FAULT_MODE");
  g_persist = mode && strcmp(mode, "persist") == 0;
  const char* err = getenv("QUARRY_FAULT_ERRNO");
  if (err && strcmp(err, "EIO") == 0) g_errno = EIO;
  g_count_file = getenv("QUARRY_FAULT_COUNT");
  const char* alloc = getenv("QUARRY_FAULT_ALLOC");
  if (alloc && strcmp(alloc, "1") == 0) {
    dl_iterate_phdr(FindSqlite, NULL);
    g_alloc = g_sqlite_ranges > 0;  // no libsqlite3 (linked statically): nothing to count
  }
}

__attribute__((destructor)) static void FaultReport(void) {
  if (!g_count_file) return;
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%ld\n", (long)atomic_load(&g_points));
  // Raw system calls: the wrappers below would count them if the file were named like a database.
  int fd = (int)syscall(SYS_openat, AT_FDCWD, g_count_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  syscall(SYS_write, fd, buf, (size_t)n);
  syscall(SYS_close, fd);
}

static int EndsWith(const char* s, size_t n, const char* suffix) {
  size_t k = strlen(suffix);
  return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

static int IsDatabaseFd(int fd) {
  char link[64], path[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, path, sizeof path - 1);
  if (n <= 0) return 0;
  path[n] = 0;
  size_t len = (size_t)n;
  if (EndsWith(path, len, " (deleted)")) len -= strlen(" (deleted)");
  return EndsWith(path, len, ".db") || EndsWith(path, len, ".db-wal") || EndsWith(path, len, ".db-journal") ||
         EndsWith(path, len, ".db-shm");
}

// Counts a point on fd and says whether it must fail (errno is then set).
static int ShouldFail(int fd) {
  if (g_alloc || !IsDatabaseFd(fd)) return 0;
  long k = atomic_fetch_add(&g_points, 1) + 1;
  if (g_fail_at <= 0) return 0;
  if (k == g_fail_at || (g_persist && k > g_fail_at)) {
    errno = g_errno;
    return 1;
  }
  return 0;
}

// The C library's function of that name (looked up once; a race only looks it up twice).
#define REAL(name)                         \
  static __typeof__(name)* real_##name;    \
  if (!real_##name) real_##name = (__typeof__(name)*)dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void* buf, size_t count) {
  REAL(write);
  if (ShouldFail(fd)) return -1;
  return real_write(fd, buf, count);
}

ssize_t pwrite(int fd, const void* buf, size_t count, off_t offset) {
  REAL(pwrite);
  if (ShouldFail(fd)) return -1;
  return real_pwrite(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void* buf, size_t count, off64_t offset) {
  REAL(pwrite64);
  if (ShouldFail(fd)) return -1;
  return real_pwrite64(fd, buf, count, offset);
}

ssize_t writev(int fd, const struct iovec* iov, int iovcnt) {
  REAL(writev);
  if (ShouldFail(fd)) return -1;
  return real_writev(fd, iov, iovcnt);
}

int fsync(int fd) {
  REAL(fsync);
  if (ShouldFail(fd)) return -1;
  return real_fsync(fd);
}

int fdatasync(int fd) {
  REAL(fdatasync);
  if (ShouldFail(fd)) return -1;
  return real_fdatasync(fd);
}

int ftruncate(int fd, off_t length) {
  REAL(ftruncate);
  if (ShouldFail(fd)) return -1;
  return real_ftruncate(fd, length);
}

int ftruncate64(int fd, off64_t length) {
  REAL(ftruncate64);
  if (ShouldFail(fd)) return -1;
  return real_ftruncate64(fd, length);
}

// Allocation points (Note [Allocation failure points]).
extern void* __libc_malloc(size_t size);
extern void* __libc_calloc(size_t n, size_t size);
extern void* __libc_realloc(void* p, size_t size);

static int ShouldFailAlloc(void* caller) {
  if (!g_alloc) return 0;
  uintptr_t a = (uintptr_t)caller;
  int inside = 0;
  for (int i = 0; i < g_sqlite_ranges; ++i) inside |= a >= g_sqlite_lo[i] && a < g_sqlite_hi[i];
  if (!inside) return 0;
  long k = atomic_fetch_add(&g_points, 1) + 1;
  if (g_fail_at <= 0) return 0;
  if (k == g_fail_at || (g_persist && k > g_fail_at)) {
    errno = ENOMEM;
    return 1;
  }
  return 0;
}

void* malloc(size_t size) {
  if (ShouldFailAlloc(__builtin_return_address(0))) return NULL;
  return __libc_malloc(size);
}

void* calloc(size_t n, size_t size) {
  if (ShouldFailAlloc(__builtin_return_address(0))) return NULL;
  return __libc_calloc(n, size);
}

void* realloc(void* p, size_t size) {
  if (ShouldFailAlloc(__builtin_return_address(0))) return NULL;
  return __libc_realloc(p, size);
}
