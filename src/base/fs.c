/* fs.c: filesystem helpers (POSIX and Win32) and the random source for temp names. */
#include <string.h>
#include <stdlib.h>
#include <errno.h>
#if !defined(HFHUB_NO_STDIO)
#include <stdio.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <fcntl.h>
#if defined(HFHUB__WIN32)
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <io.h>
#include <direct.h>
#include <sys/locking.h>
#else
#include <unistd.h>
#include <dirent.h>
#include <pwd.h>
#include <sys/file.h>
#endif
#endif

/* ---- random ------------------------------------------------------------------------------ */

static HFHUB__TLS uint64_t hfhub__fs_rand_state;
static HFHUB__TLS int hfhub__fs_rand_seeded;

static uint64_t hfhub__fs_mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Seeds from the clocks, the address of this thread's state (distinct per thread), the
 * process id and, where there is one, the OS entropy device. */
static void hfhub__fs_rand_seed(void) {
    uint64_t s = (uint64_t)hfhub__monotonic_ms() * 1000003ULL ^ (uint64_t)hfhub__unix_time();
    s ^= hfhub__fs_mix64((uint64_t)(uintptr_t)&hfhub__fs_rand_state);
#if !defined(HFHUB_NO_STDIO) && !defined(HFHUB__WIN32)
    {
        uint64_t dev = 0;
        int fd = open("/dev/urandom", O_RDONLY);
        if (fd >= 0) {
            if (read(fd, &dev, sizeof dev) != (ssize_t)sizeof dev) dev = 0;
            close(fd);
        }
        s ^= hfhub__fs_mix64(dev ^ (uint64_t)getpid());
    }
#elif defined(HFHUB__WIN32) && !defined(HFHUB_NO_STDIO)
    s ^= hfhub__fs_mix64((uint64_t)GetCurrentProcessId() ^ (uint64_t)GetTickCount64());
#endif
    hfhub__fs_rand_state = s;
    hfhub__fs_rand_seeded = 1;
}

uint64_t hfhub__random_u64(void) {
    if (!hfhub__fs_rand_seeded) hfhub__fs_rand_seed();
    hfhub__fs_rand_state += 0x9E3779B97F4A7C15ULL; /* splitmix64 */
    return hfhub__fs_mix64(hfhub__fs_rand_state);
}

void hfhub__random_hex(char *out, size_t n) {
    static const char digits[] = "0123456789abcdef";
    uint64_t r = 0;
    size_t i;
    for (i = 0; i < n; i++) {
        if (i % 16 == 0) r = hfhub__random_u64();
        out[i] = digits[r & 15];
        r >>= 4;
    }
    out[n] = 0;
}

#if !defined(HFHUB_NO_STDIO)

/* ---- OS primitives ----------------------------------------------------------------------- */

#define HFHUB__FS_PATH_MAX 4096

#if defined(HFHUB__WIN32)
typedef struct _stat64 hfhub__fs_stat_t;
static int hfhub__fs_is_sep(char c) { return c == '/' || c == '\\'; }
static int hfhub__fs_os_open(const char *p, int flags, int mode) {
    return _open(p, flags | _O_BINARY | _O_NOINHERIT, mode & 0600 ? _S_IREAD | _S_IWRITE : _S_IREAD);
}
static long hfhub__fs_os_read(int fd, void *b, size_t n) { return _read(fd, b, (unsigned)(n > 0x40000000 ? 0x40000000 : n)); }
static long hfhub__fs_os_write(int fd, const void *b, size_t n) { return _write(fd, b, (unsigned)(n > 0x40000000 ? 0x40000000 : n)); }
static int hfhub__fs_os_close(int fd) { return _close(fd); }
static int hfhub__fs_os_sync(int fd) { return _commit(fd); }
static int hfhub__fs_os_mkdir(const char *p, int mode) { (void)mode; return _mkdir(p); }
static int hfhub__fs_os_stat(const char *p, hfhub__fs_stat_t *st) { return _stat64(p, st); }
static int hfhub__fs_os_lstat(const char *p, hfhub__fs_stat_t *st) { return _stat64(p, st); }
static int hfhub__fs_os_is_link(const char *p) {
    DWORD at = GetFileAttributesA(p);
    return at != INVALID_FILE_ATTRIBUTES && (at & FILE_ATTRIBUTE_REPARSE_POINT);
}
static int hfhub__fs_os_rename(const char *a, const char *b) {
    return MoveFileExA(a, b, MOVEFILE_REPLACE_EXISTING) ? 0 : (errno = EACCES, -1);
}
#define HFHUB__FS_S_ISDIR(m) (((m) & _S_IFMT) == _S_IFDIR)
#define HFHUB__FS_S_ISREG(m) (((m) & _S_IFMT) == _S_IFREG)
#define HFHUB__FS_O_EXCL_W (_O_WRONLY | _O_CREAT | _O_EXCL)
#else
typedef struct stat hfhub__fs_stat_t;
static int hfhub__fs_is_sep(char c) { return c == '/'; }
static int hfhub__fs_os_open(const char *p, int flags, int mode) {
    int fd;
    do fd = open(p, flags | O_CLOEXEC, (mode_t)mode);
    while (fd < 0 && errno == EINTR);
    return fd;
}
static long hfhub__fs_os_read(int fd, void *b, size_t n) { return (long)read(fd, b, n > 0x40000000 ? 0x40000000 : n); }
static long hfhub__fs_os_write(int fd, const void *b, size_t n) { return (long)write(fd, b, n > 0x40000000 ? 0x40000000 : n); }
static int hfhub__fs_os_close(int fd) { return close(fd); }
static int hfhub__fs_os_sync(int fd) { return fsync(fd); }
static int hfhub__fs_os_mkdir(const char *p, int mode) { return mkdir(p, (mode_t)mode); }
static int hfhub__fs_os_stat(const char *p, hfhub__fs_stat_t *st) { return stat(p, st); }
static int hfhub__fs_os_lstat(const char *p, hfhub__fs_stat_t *st) { return lstat(p, st); }
static int hfhub__fs_os_is_link(const char *p) {
    struct stat st;
    return lstat(p, &st) == 0 && S_ISLNK(st.st_mode);
}
static int hfhub__fs_os_rename(const char *a, const char *b) { return rename(a, b); }
#define HFHUB__FS_S_ISDIR(m) S_ISDIR(m)
#define HFHUB__FS_S_ISREG(m) S_ISREG(m)
#define HFHUB__FS_O_EXCL_W (O_WRONLY | O_CREAT | O_EXCL)
#endif

static hfhub_result hfhub__fs_err(const char *what, const char *path) {
    return hfhub__fail(HFHUB_ERR_IO, "%s '%s': %s", what, path, strerror(errno));
}

/* Copies s into a path buffer of HFHUB__FS_PATH_MAX bytes. */
static hfhub_result hfhub__fs_copy_path(char *dst, const char *s) {
    size_t n = strlen(s);
    if (n >= HFHUB__FS_PATH_MAX) return hfhub__fail(HFHUB_ERR_TOO_LARGE, "path longer than %d bytes", HFHUB__FS_PATH_MAX - 1);
    memcpy(dst, s, n + 1);
    return HFHUB_OK;
}

/* ---- queries ----------------------------------------------------------------------------- */

int hfhub__fs_kind(const char *path) {
    hfhub__fs_stat_t st;
    if (hfhub__fs_os_is_link(path)) return HFHUB__FS_LINK;
    if (hfhub__fs_os_lstat(path, &st) != 0) return HFHUB__FS_NONE;
    if (HFHUB__FS_S_ISDIR(st.st_mode)) return HFHUB__FS_DIR;
    if (HFHUB__FS_S_ISREG(st.st_mode)) return HFHUB__FS_FILE;
    return HFHUB__FS_OTHER;
}

int hfhub__fs_exists(const char *path) {
    hfhub__fs_stat_t st;
    return hfhub__fs_os_stat(path, &st) == 0;
}

int hfhub__fs_is_dir(const char *path) {
    hfhub__fs_stat_t st;
    return hfhub__fs_os_stat(path, &st) == 0 && HFHUB__FS_S_ISDIR(st.st_mode);
}

hfhub_result hfhub__fs_size(const char *path, uint64_t *out) {
    hfhub__fs_stat_t st;
    if (hfhub__fs_os_stat(path, &st) != 0) return hfhub__fs_err("cannot stat", path);
    *out = (uint64_t)st.st_size;
    return HFHUB_OK;
}

hfhub_result hfhub__fs_mtime(const char *path, int64_t *out) {
    hfhub__fs_stat_t st;
    if (hfhub__fs_os_stat(path, &st) != 0) return hfhub__fs_err("cannot stat", path);
    *out = (int64_t)st.st_mtime;
    return HFHUB_OK;
}

/* ---- folders ----------------------------------------------------------------------------- */

hfhub_result hfhub__fs_mkdirs(const char *path, int mode) {
    char buf[HFHUB__FS_PATH_MAX];
    size_t i, n;
    hfhub_result r = hfhub__fs_copy_path(buf, path);
    if (r) return r;
    n = strlen(buf);
    while (n > 1 && hfhub__fs_is_sep(buf[n - 1])) buf[--n] = 0;
    if (n == 0) return HFHUB_OK;
    /* Create each prefix ending before a separator, then the full path. */
    for (i = 1; i <= n; i++) {
        char saved;
        if (i < n && !hfhub__fs_is_sep(buf[i])) continue;
        if (i < n && hfhub__fs_is_sep(buf[i - 1])) continue; /* "a//b" */
        saved = buf[i];
        buf[i] = 0;
        if (hfhub__fs_os_mkdir(buf, mode) != 0 && errno != EEXIST && !hfhub__fs_is_dir(buf)) {
            hfhub_result e = hfhub__fs_err("cannot create folder", buf);
            buf[i] = saved;
            return e;
        }
        buf[i] = saved;
    }
    if (!hfhub__fs_is_dir(path)) return hfhub__fail(HFHUB_ERR_IO, "'%s' exists and is not a folder", path);
    return HFHUB_OK;
}

hfhub_result hfhub__fs_mkdirs_parent(const char *path) {
    char buf[HFHUB__FS_PATH_MAX];
    size_t n;
    hfhub_result r = hfhub__fs_copy_path(buf, path);
    if (r) return r;
    n = strlen(buf);
    while (n > 0 && !hfhub__fs_is_sep(buf[n - 1])) n--;
    while (n > 1 && hfhub__fs_is_sep(buf[n - 1])) n--;
    if (n == 0) return HFHUB_OK; /* a bare name: the current folder */
    buf[n] = 0;
    return hfhub__fs_mkdirs(buf, 0777);
}

hfhub_result hfhub__fs_rmdir(const char *path) {
#if defined(HFHUB__WIN32)
    if (_rmdir(path) != 0) return hfhub__fs_err("cannot remove folder", path);
#else
    if (rmdir(path) != 0) return hfhub__fs_err("cannot remove folder", path);
#endif
    return HFHUB_OK;
}

/* ---- whole files ------------------------------------------------------------------------- */

static hfhub_result hfhub__fs_write_all(int fd, const void *data, size_t n, const char *path) {
    const char *p = (const char *)data;
    while (n > 0) {
        long w = hfhub__fs_os_write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return hfhub__fs_err("cannot write", path);
        p += w;
        n -= (size_t)w;
    }
    return HFHUB_OK;
}

/* Creates "<path>.<8hex>.tmp" exclusively; its name goes into tmp. */
static int hfhub__fs_open_temp(const char *path, int mode, char *tmp) {
    int attempt;
    for (attempt = 0; attempt < 16; attempt++) {
        char hex[9];
        int fd;
        hfhub__random_hex(hex, 8);
        if (strlen(path) + 14 >= HFHUB__FS_PATH_MAX) {
            errno = ENAMETOOLONG;
            return -1;
        }
        sprintf(tmp, "%s.%s.tmp", path, hex);
        fd = hfhub__fs_os_open(tmp, HFHUB__FS_O_EXCL_W, mode);
        if (fd >= 0 || errno != EEXIST) return fd;
    }
    return -1;
}

hfhub_result hfhub__fs_write_atomic(const char *path, const void *data, size_t n, int mode) {
    char tmp[HFHUB__FS_PATH_MAX];
    hfhub_result r;
    int fd = hfhub__fs_open_temp(path, mode, tmp);
    if (fd < 0) return hfhub__fs_err("cannot create a temp file for", path);
    r = hfhub__fs_write_all(fd, data, n, tmp);
    if (!r && hfhub__fs_os_sync(fd) != 0) r = hfhub__fs_err("cannot sync", tmp);
    if (hfhub__fs_os_close(fd) != 0 && !r) r = hfhub__fs_err("cannot close", tmp);
    if (!r && hfhub__fs_os_rename(tmp, path) != 0) r = hfhub__fs_err("cannot rename into", path);
    if (r) remove(tmp);
    return r;
}

hfhub_result hfhub__fs_read_file(const hfhub_allocator *a, const char *path, size_t max,
                                 char **out, size_t *len) {
    hfhub__buf b;
    hfhub_result r = HFHUB_OK;
    int fd = hfhub__fs_os_open(path, O_RDONLY, 0);
    *out = NULL;
    *len = 0;
    if (fd < 0) return hfhub__fs_err("cannot open", path);
    hfhub__buf_init(&b, a);
    for (;;) {
        long got;
        if (hfhub__buf_reserve(&b, 65536) != 0) { r = hfhub__fail(HFHUB_ERR_NOMEM, "reading '%s'", path); break; }
        got = hfhub__fs_os_read(fd, b.data + b.len, b.cap - b.len - 1);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) { r = hfhub__fs_err("cannot read", path); break; }
        if (got == 0) break;
        b.len += (size_t)got;
        b.data[b.len] = 0;
        if (b.len > max) { r = hfhub__fail(HFHUB_ERR_TOO_LARGE, "'%s' is larger than %lu bytes", path, (unsigned long)max); break; }
    }
    hfhub__fs_os_close(fd);
    if (b.data) b.data[b.len] = 0;
    if (!r && b.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "reading '%s'", path);
    if (r) { hfhub__buf_free(&b); return r; }
    *len = b.len;
    *out = hfhub__buf_take(&b);
    if (!*out) return hfhub__fail(HFHUB_ERR_NOMEM, "reading '%s'", path);
    return HFHUB_OK;
}

hfhub_result hfhub__fs_remove(const char *path) {
    if (remove(path) != 0 && errno != ENOENT) return hfhub__fs_err("cannot remove", path);
    return HFHUB_OK;
}

hfhub_result hfhub__fs_rename(const char *from, const char *to) {
    if (hfhub__fs_os_rename(from, to) != 0) return hfhub__fs_err("cannot rename", from);
    return HFHUB_OK;
}

hfhub_result hfhub__fs_copy(const char *from, const char *to) {
    char tmp[HFHUB__FS_PATH_MAX];
    char chunk[16384];
    hfhub_result r = HFHUB_OK;
    int in = hfhub__fs_os_open(from, O_RDONLY, 0), out;
    if (in < 0) return hfhub__fs_err("cannot open", from);
    out = hfhub__fs_open_temp(to, 0644, tmp);
    if (out < 0) { hfhub__fs_os_close(in); return hfhub__fs_err("cannot create a temp file for", to); }
    for (;;) {
        long got = hfhub__fs_os_read(in, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) { r = hfhub__fs_err("cannot read", from); break; }
        if (got == 0) break;
        if ((r = hfhub__fs_write_all(out, chunk, (size_t)got, tmp)) != HFHUB_OK) break;
    }
    hfhub__fs_os_close(in);
    if (!r && hfhub__fs_os_sync(out) != 0) r = hfhub__fs_err("cannot sync", tmp);
    if (hfhub__fs_os_close(out) != 0 && !r) r = hfhub__fs_err("cannot close", tmp);
    if (!r && hfhub__fs_os_rename(tmp, to) != 0) r = hfhub__fs_err("cannot rename into", to);
    if (r) remove(tmp);
    return r;
}

/* ---- paths ------------------------------------------------------------------------------- */

/* Length of the root prefix: "/" on POSIX; "C:/", "C:" or "/" on Win32; 0 if relative. */
static size_t hfhub__fs_root_len(const char *p) {
#if defined(HFHUB__WIN32)
    if (((p[0] | 32) >= 'a' && (p[0] | 32) <= 'z') && p[1] == ':') return hfhub__fs_is_sep(p[2]) ? 3 : 2;
#endif
    return hfhub__fs_is_sep(p[0]) ? 1 : 0;
}

/* Appends the normalised segments of p to b (which holds a root, possibly followed by
 * segments without a trailing separator); ".." pops, "." and empty segments vanish. */
static void hfhub__fs_push_segments(hfhub__buf *b, size_t root, const char *p) {
    while (*p) {
        const char *s = p;
        size_t n;
        while (*p && !hfhub__fs_is_sep(*p)) p++;
        n = (size_t)(p - s);
        if (*p) p++;
        if (n == 0 || (n == 1 && s[0] == '.')) continue;
        if (n == 2 && s[0] == '.' && s[1] == '.') {
            while (b->len > root && !hfhub__fs_is_sep(b->data[b->len - 1])) b->len--;
            if (b->len > root) b->len--;
            if (b->data) b->data[b->len] = 0;
            continue;
        }
        if (b->len > root) hfhub__buf_putc(b, '/');
        hfhub__buf_append(b, s, n);
    }
}

hfhub_result hfhub__fs_abspath(const hfhub_allocator *a, const char *path, char **out) {
    hfhub__buf b;
    size_t root = hfhub__fs_root_len(path);
    hfhub__buf_init(&b, a);
    if (root) {
        hfhub__buf_append(&b, path, root);
        hfhub__fs_push_segments(&b, root, path + root);
    } else {
        char cwd[HFHUB__FS_PATH_MAX];
#if defined(HFHUB__WIN32)
        if (!_getcwd(cwd, sizeof cwd)) return hfhub__fs_err("cannot read the current folder for", path);
#else
        if (!getcwd(cwd, sizeof cwd)) return hfhub__fs_err("cannot read the current folder for", path);
#endif
        root = hfhub__fs_root_len(cwd);
        hfhub__buf_append(&b, cwd, root);
        hfhub__fs_push_segments(&b, root, cwd + root);
        hfhub__fs_push_segments(&b, root, path);
    }
    *out = hfhub__buf_take(&b);
    return *out ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "abspath");
}

/* Next segment of a normalised absolute path after *p; 0 at the end. */
static size_t hfhub__fs_next_seg(const char **p) {
    const char *s;
    while (**p && hfhub__fs_is_sep(**p)) (*p)++;
    s = *p;
    while (**p && !hfhub__fs_is_sep(**p)) (*p)++;
    return (size_t)(*p - s);
}

hfhub_result hfhub__fs_relpath(const hfhub_allocator *a, const char *path, const char *start, char **out) {
    char *ap = NULL, *as = NULL;
    const char *pp, *ps, *common_p;
    hfhub__buf b;
    hfhub_result r = hfhub__fs_abspath(a, path, &ap);
    if (!r) r = hfhub__fs_abspath(a, start, &as);
    if (r) goto done;
    if (hfhub__fs_root_len(ap) != hfhub__fs_root_len(as) || strncmp(ap, as, hfhub__fs_root_len(ap)) != 0) {
        r = hfhub__fail(HFHUB_ERR_INVALID_ARG, "'%s' and '%s' are on different drives", path, start);
        goto done;
    }
    pp = ap + hfhub__fs_root_len(ap);
    ps = as + hfhub__fs_root_len(as);
    /* Skip the common leading segments. */
    for (;;) {
        const char *qp = pp, *qs = ps;
        size_t np = hfhub__fs_next_seg(&qp), ns = hfhub__fs_next_seg(&qs);
        if (np == 0 || np != ns || memcmp(qp - np, qs - ns, np) != 0) break;
        pp = qp;
        ps = qs;
    }
    common_p = pp;
    hfhub__buf_init(&b, a);
    while (hfhub__fs_next_seg(&ps)) {
        if (b.len) hfhub__buf_putc(&b, '/');
        hfhub__buf_puts(&b, "..");
    }
    while (*common_p && hfhub__fs_is_sep(*common_p)) common_p++;
    if (*common_p) {
        if (b.len) hfhub__buf_putc(&b, '/');
        hfhub__buf_puts(&b, common_p);
    }
    if (!b.len) hfhub__buf_putc(&b, '.');
    *out = hfhub__buf_take(&b);
    if (!*out) r = hfhub__fail(HFHUB_ERR_NOMEM, "relpath");
done:
    if (ap) hfhub__free(a, ap, strlen(ap) + 1);
    if (as) hfhub__free(a, as, strlen(as) + 1);
    return r;
}

/* The home folder of the current user ("" if unknown) or of `name` (NULL if unknown). */
static const char *hfhub__fs_home(const char *name, size_t name_len, char *scratch, size_t cap) {
#if defined(HFHUB__WIN32)
    const char *h = getenv("USERPROFILE");
    (void)name; (void)scratch; (void)cap;
    if (name_len) return NULL;
    if (h) return h;
    h = getenv("HOMEPATH");
    return h ? h : "";
#else
    struct passwd pw, *res = NULL;
    char user[256];
    if (!name_len) {
        const char *h = getenv("HOME");
        if (h) return h;
        if (getpwuid_r(getuid(), &pw, scratch, cap, &res) != 0 || !res) return "";
        return res->pw_dir;
    }
    if (name_len >= sizeof user) return NULL;
    memcpy(user, name, name_len);
    user[name_len] = 0;
    if (getpwnam_r(user, &pw, scratch, cap, &res) != 0 || !res) return NULL;
    return res->pw_dir;
#endif
}

static void hfhub__fs_expanduser(hfhub__buf *b, const char *p) {
    char scratch[2048];
    const char *home;
    size_t i = 1, hl;
    if (p[0] != '~') { hfhub__buf_puts(b, p); return; }
    while (p[i] && !hfhub__fs_is_sep(p[i])) i++;
    home = hfhub__fs_home(p + 1, i - 1, scratch, sizeof scratch);
    if (!home) { hfhub__buf_puts(b, p); return; }
    hl = strlen(home);
    while (hl > 0 && hfhub__fs_is_sep(home[hl - 1])) hl--;
    hfhub__buf_append(b, home, hl);
    hfhub__buf_puts(b, p + i);
    if (hl == 0 && !p[i]) hfhub__buf_putc(b, '/'); /* Python: `... or root` */
}

static int hfhub__fs_is_word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* posixpath.expandvars: "$name" (\w+) or "${anything but }}", replaced when set. */
static void hfhub__fs_expandvars(hfhub__buf *b, const char *p) {
    while (*p) {
        const char *name, *end;
        size_t n;
        char var[256];
        const char *val;
        if (*p != '$') { hfhub__buf_putc(b, *p++); continue; }
        if (p[1] == '{') {
            name = p + 2;
            end = strchr(name, '}');
            if (!end) { hfhub__buf_putc(b, *p++); continue; }
            n = (size_t)(end - name);
            end++;
        } else {
            name = end = p + 1;
            while (hfhub__fs_is_word(*end)) end++;
            n = (size_t)(end - name);
            if (n == 0) { hfhub__buf_putc(b, *p++); continue; }
        }
        val = NULL;
        if (n > 0 && n < sizeof var) {
            memcpy(var, name, n);
            var[n] = 0;
            val = getenv(var);
        }
        if (val) hfhub__buf_puts(b, val);
        else hfhub__buf_append(b, p, (size_t)(end - p));
        p = end;
    }
}

hfhub_result hfhub__fs_expand(const hfhub_allocator *a, const char *path, char **out) {
    hfhub__buf user, b;
    hfhub__buf_init(&user, a);
    hfhub__buf_init(&b, a);
    hfhub__fs_expanduser(&user, path);
    if (!user.failed && user.data) hfhub__fs_expandvars(&b, user.data);
    if (!b.data && !b.failed) hfhub__buf_puts(&b, "");
    if (user.failed) b.failed = 1;
    hfhub__buf_free(&user);
    *out = hfhub__buf_take(&b);
    return *out ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "expanding a path");
}

char *hfhub__fs_temp_name(const hfhub_allocator *a, const char *path, const char *suffix) {
    hfhub__buf b;
    char hex[9];
    hfhub__random_hex(hex, 8);
    hfhub__buf_init(&b, a);
    hfhub__buf_printf(&b, "%s.%s%s", path, hex, suffix ? suffix : "");
    return hfhub__buf_take(&b);
}

/* ---- symlinks ---------------------------------------------------------------------------- */

hfhub_result hfhub__fs_symlink(const char *target, const char *link_path) {
#if defined(HFHUB__WIN32)
    /* 0x2: SYMBOLIC_LINK_FLAG_ALLOW_UNPRIVILEGED_CREATE (developer mode). */
    DWORD flags = 0x2 | (hfhub__fs_is_dir(target) ? SYMBOLIC_LINK_FLAG_DIRECTORY : 0);
    if (!CreateSymbolicLinkA(link_path, target, flags))
        return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "cannot create symlink '%s' (error %lu)", link_path,
                           (unsigned long)GetLastError());
    return HFHUB_OK;
#else
    if (symlink(target, link_path) == 0) return HFHUB_OK;
    if (errno == EPERM || errno == ENOSYS || errno == EOPNOTSUPP)
        return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "cannot create symlink '%s': %s", link_path, strerror(errno));
    return hfhub__fs_err("cannot create symlink", link_path);
#endif
}

hfhub_result hfhub__fs_symlink_relative(const hfhub_allocator *a, const char *target, const char *link_path) {
    char *abs_link = NULL, *rel = NULL;
    size_t n;
    hfhub_result r = hfhub__fs_abspath(a, link_path, &abs_link);
    if (r) return r;
    n = strlen(abs_link);
    while (n > 0 && !hfhub__fs_is_sep(abs_link[n - 1])) n--;
    if (n > 1) n--;          /* drop the separator, keep a root "/" */
    {
        char saved = abs_link[n];
        abs_link[n] = 0;
        r = hfhub__fs_relpath(a, target, abs_link, &rel);
        abs_link[n] = saved;
    }
    hfhub__free(a, abs_link, strlen(abs_link) + 1);
    if (r == HFHUB_ERR_INVALID_ARG) { /* different drives: an absolute link */
        r = hfhub__fs_abspath(a, target, &rel);
    }
    if (r) return r;
    if (hfhub__fs_kind(link_path) != HFHUB__FS_NONE) hfhub__fs_remove(link_path);
    r = hfhub__fs_symlink(rel, link_path);
    hfhub__free(a, rel, strlen(rel) + 1);
    return r;
}

hfhub_result hfhub__fs_link_or_copy(const hfhub_allocator *a, const char *target, const char *link_path,
                                    int *copied) {
    hfhub_result r = hfhub__fs_symlink_relative(a, target, link_path);
    if (copied) *copied = 0;
    if (r != HFHUB_ERR_UNSUPPORTED) return r;
    if (copied) *copied = 1;
    return hfhub__fs_copy(target, link_path);
}

hfhub_result hfhub__fs_readlink(const hfhub_allocator *a, const char *path, char **out) {
#if defined(HFHUB__WIN32)
    (void)a;
    *out = NULL;
    return hfhub__fail(HFHUB_ERR_UNSUPPORTED, "reading symlink '%s' is not supported on Windows", path);
#else
    char buf[HFHUB__FS_PATH_MAX];
    ssize_t n = readlink(path, buf, sizeof buf);
    *out = NULL;
    if (n < 0) return hfhub__fs_err("cannot read symlink", path);
    if ((size_t)n >= sizeof buf) return hfhub__fail(HFHUB_ERR_TOO_LARGE, "symlink '%s' is too long", path);
    *out = hfhub__strndup(a, buf, (size_t)n);
    return *out ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "readlink");
#endif
}

/* ---- directory listing ------------------------------------------------------------------- */

hfhub_result hfhub__fs_dir_open(hfhub__fs_dir *d, const hfhub_allocator *a, const char *path) {
    memset(d, 0, sizeof *d);
    d->a = a;
    hfhub__buf_init(&d->path, a);
    hfhub__buf_puts(&d->path, path);
    if (d->path.len && !hfhub__fs_is_sep(d->path.data[d->path.len - 1])) hfhub__buf_putc(&d->path, '/');
    if (d->path.failed) { hfhub__buf_free(&d->path); return hfhub__fail(HFHUB_ERR_NOMEM, "listing '%s'", path); }
    d->base_len = d->path.len;
#if defined(HFHUB__WIN32)
    {
        WIN32_FIND_DATAA *fd = (WIN32_FIND_DATAA *)hfhub__alloc(a, sizeof *fd);
        HANDLE h;
        hfhub__buf_putc(&d->path, '*');
        h = fd ? FindFirstFileA(d->path.data, fd) : INVALID_HANDLE_VALUE;
        d->path.len = d->base_len;
        if (h == INVALID_HANDLE_VALUE) {
            if (fd) hfhub__free(a, fd, sizeof *fd);
            hfhub__buf_free(&d->path);
            return hfhub__fail(HFHUB_ERR_IO, "cannot list '%s'", path);
        }
        d->handle = (void *)h;
        d->data = fd;
        d->pending = 1;
    }
#else
    d->handle = opendir(path);
    if (!d->handle) {
        hfhub__buf_free(&d->path);
        return hfhub__fs_err("cannot list", path);
    }
#endif
    return HFHUB_OK;
}

/* Records one entry's name and kind; 1 when it is to be reported. */
static int hfhub__fs_dir_take(hfhub__fs_dir *d, const char *name, int *kind) {
    size_t n = strlen(name);
    if ((n == 1 && name[0] == '.') || (n == 2 && name[0] == '.' && name[1] == '.')) return 0;
    if (n >= sizeof d->name) n = sizeof d->name - 1;
    memcpy(d->name, name, n);
    d->name[n] = 0;
    d->path.len = d->base_len;
    hfhub__buf_append(&d->path, d->name, n);
    *kind = d->path.failed ? HFHUB__FS_OTHER : hfhub__fs_kind(d->path.data);
    return 1;
}

hfhub_result hfhub__fs_dir_next(hfhub__fs_dir *d, const char **name, int *kind) {
    *name = NULL;
    *kind = HFHUB__FS_NONE;
    if (!d->handle) return HFHUB_OK;
#if defined(HFHUB__WIN32)
    {
        WIN32_FIND_DATAA *fd = (WIN32_FIND_DATAA *)d->data;
        for (;;) {
            if (!d->pending && !FindNextFileA((HANDLE)d->handle, fd)) return HFHUB_OK;
            d->pending = 0;
            if (hfhub__fs_dir_take(d, fd->cFileName, kind)) { *name = d->name; return HFHUB_OK; }
        }
    }
#else
    for (;;) {
        struct dirent *e;
        errno = 0;
        e = readdir((DIR *)d->handle);
        if (!e) return errno ? hfhub__fs_err("cannot list", d->path.data) : HFHUB_OK;
        if (hfhub__fs_dir_take(d, e->d_name, kind)) { *name = d->name; return HFHUB_OK; }
    }
#endif
}

void hfhub__fs_dir_close(hfhub__fs_dir *d) {
    if (d->handle) {
#if defined(HFHUB__WIN32)
        FindClose((HANDLE)d->handle);
        hfhub__free(d->a, d->data, sizeof(WIN32_FIND_DATAA));
#else
        closedir((DIR *)d->handle);
#endif
    }
    d->handle = NULL;
    hfhub__buf_free(&d->path);
}

/* ---- locks ------------------------------------------------------------------------------- */

/* One attempt: 1 acquired, 0 held by someone else, -1 error (recorded). */
static int hfhub__fs_lock_try(hfhub__fs_lock *l, const char *path) {
#if defined(HFHUB__WIN32)
    int fd = _open(path, _O_RDWR | _O_CREAT | _O_TRUNC | _O_BINARY | _O_NOINHERIT, _S_IREAD | _S_IWRITE);
    if (fd < 0) { hfhub__fs_err("cannot open lock file", path); return -1; }
    if (_locking(fd, _LK_NBLCK, 1) != 0) { _close(fd); return 0; }
    l->fd = fd;
    return 1;
#else
    struct stat st;
    int fd = hfhub__fs_os_open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) { hfhub__fs_err("cannot open lock file", path); return -1; }
    (void)fchmod(fd, 0644); /* filelock does the same, ignoring permission errors */
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(fd);
        if (e == EWOULDBLOCK || e == EAGAIN || e == EINTR) return 0;
        errno = e;
        hfhub__fs_err("cannot lock", path);
        return -1;
    }
    /* The file was unlinked between our open and flock: lock a fresh one instead. */
    if (fstat(fd, &st) == 0 && st.st_nlink == 0) { close(fd); return 0; }
    l->fd = fd;
    return 1;
#endif
}

hfhub_result hfhub__fs_lock_acquire(hfhub__fs_lock *l, const char *path, int timeout_ms,
                                    const hfhub__logger *lg) {
    int64_t start = hfhub__monotonic_ms(), next_log = start + 10000;
    hfhub_result r;
    l->fd = -1;
    l->held = 0;
    if ((r = hfhub__fs_mkdirs_parent(path)) != HFHUB_OK) return r;
    for (;;) {
        int64_t now;
        int got = hfhub__fs_lock_try(l, path);
        if (got < 0) return HFHUB_ERR_IO;
        if (got > 0) { l->held = 1; return HFHUB_OK; }
        now = hfhub__monotonic_ms();
        if (timeout_ms >= 0 && now - start >= timeout_ms)
            return hfhub__fail(HFHUB_ERR_TIMEOUT, "timed out waiting for lock '%s'", path);
        if (now >= next_log) {
            hfhub__log(lg, HFHUB_LOG_INFO, "Still waiting to acquire lock on %s (elapsed: %.1f seconds)",
                       path, (double)(now - start) / 1000.0);
            next_log = now + 10000;
        }
        hfhub__sleep_ms(50);
    }
}

void hfhub__fs_lock_release(hfhub__fs_lock *l) {
    if (!l->held) return;
#if defined(HFHUB__WIN32)
    _locking((int)l->fd, _LK_UNLCK, 1);
    _close((int)l->fd);
#else
    flock((int)l->fd, LOCK_UN);
    close((int)l->fd);
#endif
    l->held = 0;
    l->fd = -1;
}

/* ---- positional I/O ------------------------------------------------------------------------ */

#if defined(HFHUB__WIN32)
/* Win32 has no pread/pwrite: ReadFile/WriteFile with an OVERLAPPED offset do the same. */
static int hfhub__fs_win_io(hfhub__fs_file *f, void *data, size_t n, uint64_t off, int write, size_t *done) {
    OVERLAPPED ov;
    DWORD k = 0;
    HANDLE h = (HANDLE)_get_osfhandle((int)f->fd);
    BOOL ok;
    memset(&ov, 0, sizeof ov);
    ov.Offset = (DWORD)(off & 0xffffffffu);
    ov.OffsetHigh = (DWORD)(off >> 32);
    if (n > 0x40000000u) n = 0x40000000u;
    ok = write ? WriteFile(h, data, (DWORD)n, &k, &ov) : ReadFile(h, data, (DWORD)n, &k, &ov);
    *done = k;
    return ok || GetLastError() == ERROR_HANDLE_EOF ? 0 : -1;
}
#endif

hfhub_result hfhub__fs_open_rw(hfhub__fs_file *f, const char *path) {
#if defined(HFHUB__WIN32)
    f->fd = _open(path, _O_RDWR | _O_CREAT | _O_BINARY, _S_IREAD | _S_IWRITE);
#else
    f->fd = open(path, O_RDWR | O_CREAT, 0644);
#endif
    return f->fd < 0 ? hfhub__fs_err("cannot open", path) : HFHUB_OK;
}

hfhub_result hfhub__fs_pwrite(hfhub__fs_file *f, const void *data, size_t n, uint64_t offset) {
    const char *p = (const char *)data;
    while (n) {
#if defined(HFHUB__WIN32)
        size_t k = 0;
        if (hfhub__fs_win_io(f, (void *)p, n, offset, 1, &k) || !k)
            return hfhub__fail(HFHUB_ERR_IO, "cannot write (disk full?)");
#else
        ssize_t k = pwrite((int)f->fd, p, n, (off_t)offset);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return hfhub__fail(HFHUB_ERR_IO, "cannot write: %s", strerror(k < 0 ? errno : ENOSPC));
#endif
        p += k;
        n -= (size_t)k;
        offset += (uint64_t)k;
    }
    return HFHUB_OK;
}

hfhub_result hfhub__fs_pread(hfhub__fs_file *f, void *data, size_t n, uint64_t offset, size_t *got) {
    char *p = (char *)data;
    *got = 0;
    while (n) {
#if defined(HFHUB__WIN32)
        size_t k = 0;
        if (hfhub__fs_win_io(f, p, n, offset, 0, &k)) return hfhub__fail(HFHUB_ERR_IO, "cannot read");
#else
        ssize_t k = pread((int)f->fd, p, n, (off_t)offset);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) return hfhub__fail(HFHUB_ERR_IO, "cannot read: %s", strerror(errno));
#endif
        if (k == 0) break;
        p += k;
        n -= (size_t)k;
        offset += (uint64_t)k;
        *got += (size_t)k;
    }
    return HFHUB_OK;
}

hfhub_result hfhub__fs_truncate(hfhub__fs_file *f, uint64_t size) {
#if defined(HFHUB__WIN32)
    int bad = _chsize_s((int)f->fd, (__int64)size) != 0;
#else
    int bad = ftruncate((int)f->fd, (off_t)size) != 0;
#endif
    return bad ? hfhub__fail(HFHUB_ERR_IO, "cannot truncate a file") : HFHUB_OK;
}

hfhub_result hfhub__fs_close(hfhub__fs_file *f) {
    int bad;
    if (f->fd < 0) return HFHUB_OK;
#if defined(HFHUB__WIN32)
    bad = _close((int)f->fd) != 0;
#else
    bad = close((int)f->fd) != 0;
#endif
    f->fd = -1;
    return bad ? hfhub__fail(HFHUB_ERR_IO, "cannot close a file (disk full?)") : HFHUB_OK;
}

hfhub_result hfhub__fs_read_at(const char *path, uint64_t offset, void *data, size_t n, size_t *got) {
    hfhub__fs_file f;
    hfhub_result r;
    *got = 0;
#if defined(HFHUB__WIN32)
    f.fd = _open(path, _O_RDONLY | _O_BINARY);
#else
    f.fd = open(path, O_RDONLY);
#endif
    if (f.fd < 0) return hfhub__fs_err("cannot open", path);
    r = hfhub__fs_pread(&f, data, n, offset, got);
    hfhub__fs_close(&f);
    return r;
}

#undef HFHUB__FS_PATH_MAX
#undef HFHUB__FS_S_ISDIR
#undef HFHUB__FS_S_ISREG
#undef HFHUB__FS_O_EXCL_W

#endif /* HFHUB_NO_STDIO */
