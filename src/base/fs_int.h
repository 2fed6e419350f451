/* fs_int.h: filesystem helpers (library-internal). POSIX and Win32; compiled out by
 * HFHUB_NO_STDIO. Paths are UTF-8 / native narrow strings with '/' separators (Win32 also
 * accepts '\\'). Failures return HFHUB_ERR_IO (or the code named) with the path and the
 * OS reason in hfhub_last_error(). */

/* Random values for temp names and trace ids: not cryptographic, never repeating within a
 * process (seeded from the clock, addresses and a counter; per thread). Always available. */
HFHUB__API uint64_t hfhub__random_u64(void);
/* Writes n random lowercase hex digits and a NUL into out (n + 1 bytes). */
HFHUB__API void hfhub__random_hex(char *out, size_t n);

#ifndef HFHUB_NO_STDIO

/* Kinds reported by hfhub__fs_kind (lstat: a symlink is reported as such). */
#define HFHUB__FS_NONE 0
#define HFHUB__FS_FILE 1
#define HFHUB__FS_DIR 2
#define HFHUB__FS_LINK 3
#define HFHUB__FS_OTHER 4

HFHUB__API int hfhub__fs_kind(const char *path);        /* does not follow a final symlink */
HFHUB__API int hfhub__fs_exists(const char *path);      /* follows symlinks (a dangling one: 0) */
HFHUB__API int hfhub__fs_is_dir(const char *path);      /* follows symlinks */
HFHUB__API hfhub_result hfhub__fs_size(const char *path, uint64_t *out);
/* Last modification time in seconds since the epoch (follows symlinks). */
HFHUB__API hfhub_result hfhub__fs_mtime(const char *path, int64_t *out);

/* mkdir -p: creates every missing folder of path with mode (umask applies). An existing
 * folder is fine; an existing non-folder is HFHUB_ERR_IO. */
HFHUB__API hfhub_result hfhub__fs_mkdirs(const char *path, int mode);
/* Creates the parent folders of a file path (mode 0777 & ~umask, like Python's makedirs). */
HFHUB__API hfhub_result hfhub__fs_mkdirs_parent(const char *path);

/* Writes data to path atomically: a temp file in the same folder ("<path>.<8hex>.tmp",
 * created exclusively with mode), fsync, rename over path. Readers see the old or the new
 * content, never a mix. The temp file is removed on failure. */
HFHUB__API hfhub_result hfhub__fs_write_atomic(const char *path, const void *data, size_t n, int mode);
/* Reads a whole file (at most max bytes, else HFHUB_ERR_TOO_LARGE) into a NUL-terminated
 * block of *len + 1 bytes from a: free with hfhub__free(a, p, *len + 1). */
HFHUB__API hfhub_result hfhub__fs_read_file(const hfhub_allocator *a, const char *path, size_t max,
                                           char **out, size_t *len);

/* Removes a file or symlink (a missing one is fine). */
HFHUB__API hfhub_result hfhub__fs_remove(const char *path);
/* Removes an empty folder. */
HFHUB__API hfhub_result hfhub__fs_rmdir(const char *path);
/* Renames, replacing an existing destination file. */
HFHUB__API hfhub_result hfhub__fs_rename(const char *from, const char *to);
/* Copies the bytes of from into to (atomically, as hfhub__fs_write_atomic; mode 0644). */
HFHUB__API hfhub_result hfhub__fs_copy(const char *from, const char *to);

/* Creates link_path as a symlink whose content is exactly target. HFHUB_ERR_UNSUPPORTED when
 * the OS or filesystem refuses symlinks (callers then copy or move). */
HFHUB__API hfhub_result hfhub__fs_symlink(const char *target, const char *link_path);
/* Creates link_path pointing at target through a relative path (os.path.relpath of target
 * from link_path's folder, like the Hub cache's snapshot links). Replaces an existing link. */
HFHUB__API hfhub_result hfhub__fs_symlink_relative(const hfhub_allocator *a, const char *target,
                                                  const char *link_path);
/* Relative symlink, or a copy of target where symlinks are impossible. *copied tells which
 * (may be NULL). */
HFHUB__API hfhub_result hfhub__fs_link_or_copy(const hfhub_allocator *a, const char *target,
                                              const char *link_path, int *copied);
/* Content of a symlink; free with hfhub__free(a, p, strlen(p) + 1). */
HFHUB__API hfhub_result hfhub__fs_readlink(const hfhub_allocator *a, const char *path, char **out);

/* Absolute, lexically normalised path ("." and ".." segments and repeated '/' removed, like
 * os.path.abspath). Free with strlen + 1. */
HFHUB__API hfhub_result hfhub__fs_abspath(const hfhub_allocator *a, const char *path, char **out);
/* os.path.relpath(path, start) for two paths (made absolute first). */
HFHUB__API hfhub_result hfhub__fs_relpath(const hfhub_allocator *a, const char *path,
                                         const char *start, char **out);
/* os.path.expandvars(os.path.expanduser(path)): a leading "~" or "~user" becomes the home
 * folder ($HOME, else the password database); "$NAME" and "${NAME}" become the variable's
 * value when it is set and are left as they are otherwise. Free with strlen + 1. */
HFHUB__API hfhub_result hfhub__fs_expand(const hfhub_allocator *a, const char *path, char **out);
/* "<path>.<8 random hex><suffix>", e.g. suffix ".incomplete" or ".tmp". Free with strlen + 1. */
HFHUB__API char *hfhub__fs_temp_name(const hfhub_allocator *a, const char *path, const char *suffix);

/* Directory listing, "." and ".." skipped, in the order the OS gives. */
typedef struct hfhub__fs_dir {
    void *handle;           /* DIR* or a Win32 find HANDLE */
    void *data;             /* Win32: the find data; its first entry is pending */
    int pending;
    const hfhub_allocator *a;
    hfhub__buf path;        /* "<dir>/" then the current entry */
    size_t base_len;
    char name[512];
} hfhub__fs_dir;
HFHUB__API hfhub_result hfhub__fs_dir_open(hfhub__fs_dir *d, const hfhub_allocator *a, const char *path);
/* Next entry: *name (valid until the next call) and *kind (HFHUB__FS_*, not following links);
 * *name is NULL at the end. */
HFHUB__API hfhub_result hfhub__fs_dir_next(hfhub__fs_dir *d, const char **name, int *kind);
HFHUB__API void hfhub__fs_dir_close(hfhub__fs_dir *d);

/* An exclusive OS lock on a lock file, interoperable with Python's `filelock` as used by
 * huggingface_hub: POSIX opens the file O_RDWR|O_CREAT|O_TRUNC (mode 0644) and takes
 * flock(LOCK_EX|LOCK_NB) in a 50 ms poll loop; Win32 locks byte 0 (msvcrt.locking). The file
 * is left in place on release (like filelock on POSIX). */
typedef struct hfhub__fs_lock {
    intptr_t fd;
    int held;
} hfhub__fs_lock;
/* timeout_ms < 0 waits forever; 0 tries once. HFHUB_ERR_TIMEOUT when not acquired in time.
 * Parent folders are created. Logs "still waiting" every 10 s through lg (may be NULL). */
HFHUB__API hfhub_result hfhub__fs_lock_acquire(hfhub__fs_lock *l, const char *path, int timeout_ms,
                                              const hfhub__logger *lg);
HFHUB__API void hfhub__fs_lock_release(hfhub__fs_lock *l);

/* A file written and read at explicit offsets, from several threads at once (pwrite/pread).
 * open_rw creates the file when missing and keeps what is there. */
typedef struct hfhub__fs_file {
    intptr_t fd;
} hfhub__fs_file;
HFHUB__API hfhub_result hfhub__fs_open_rw(hfhub__fs_file *f, const char *path);
HFHUB__API hfhub_result hfhub__fs_pwrite(hfhub__fs_file *f, const void *data, size_t n, uint64_t offset);
/* Reads up to n bytes; *got is short only at the end of the file. */
HFHUB__API hfhub_result hfhub__fs_pread(hfhub__fs_file *f, void *data, size_t n, uint64_t offset, size_t *got);
HFHUB__API hfhub_result hfhub__fs_truncate(hfhub__fs_file *f, uint64_t size);
HFHUB__API hfhub_result hfhub__fs_close(hfhub__fs_file *f);
/* Up to n bytes of the file at path from offset (fewer only at its end), the file opened
 * read-only for this call alone: callable from any thread. */
HFHUB__API hfhub_result hfhub__fs_read_at(const char *path, uint64_t offset, void *data, size_t n, size_t *got);

#endif /* HFHUB_NO_STDIO */
