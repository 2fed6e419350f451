/* test_fs.c: filesystem helpers, path expansion and the filelock-compatible lock. */
#define _POSIX_C_SOURCE 200809L
#include "test.h"
#include <unistd.h>
#include <sys/stat.h>

static char root[256];

static const char *P(const char *rel) {
    static char bufs[4][512];
    static int i;
    char *b = bufs[i++ & 3];
    snprintf(b, 512, "%s/%s", root, rel);
    return b;
}

static void test_mkdirs(void) {
    CHECK_OK(hfhub__fs_mkdirs(P("a/b//c/"), 0755));
    CHECK(hfhub__fs_is_dir(P("a/b/c")));
    CHECK_OK(hfhub__fs_mkdirs(P("a/b/c"), 0755)); /* exists: fine */
    CHECK_OK(hfhub__fs_write_atomic(P("a/file"), "x", 1, 0644));
    CHECK_INT(hfhub__fs_mkdirs(P("a/file/sub"), 0755), HFHUB_ERR_IO);
    CHECK_INT(hfhub__fs_mkdirs(P("a/file"), 0755), HFHUB_ERR_IO);
    CHECK_OK(hfhub__fs_mkdirs_parent(P("p/q/r.txt")));
    CHECK(hfhub__fs_is_dir(P("p/q")));
    CHECK(!hfhub__fs_exists(P("p/q/r.txt")));
}

static void test_write_read(void) {
    char *data = NULL;
    size_t len = 0;
    uint64_t size = 0;
    struct stat st;
    const char *name;
    int kind, n = 0;
    hfhub__fs_dir d;
    CHECK_OK(hfhub__fs_mkdirs(P("w"), 0755));
    CHECK_OK(hfhub__fs_write_atomic(P("w/f"), "hello\0world", 11, 0600));
    CHECK_OK(hfhub__fs_read_file(NULL, P("w/f"), 100, &data, &len));
    CHECK_INT(len, 11);
    CHECK(data && memcmp(data, "hello\0world", 12) == 0);
    hfhub__free(NULL, data, len + 1);
    CHECK(stat(P("w/f"), &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK_OK(hfhub__fs_write_atomic(P("w/f"), "new", 3, 0600)); /* replaces */
    CHECK_OK(hfhub__fs_read_file(NULL, P("w/f"), 3, &data, &len));
    CHECK_STR(data, "new");
    hfhub__free(NULL, data, len + 1);
    CHECK_INT(hfhub__fs_read_file(NULL, P("w/f"), 2, &data, &len), HFHUB_ERR_TOO_LARGE);
    CHECK(data == NULL);
    CHECK_INT(hfhub__fs_read_file(NULL, P("w/missing"), 2, &data, &len), HFHUB_ERR_IO);
    CHECK(strstr(hfhub_last_error()->message, "missing") != NULL);
    CHECK_OK(hfhub__fs_write_atomic(P("w/empty"), "", 0, 0644));
    CHECK_OK(hfhub__fs_read_file(NULL, P("w/empty"), 10, &data, &len));
    CHECK_INT(len, 0);
    CHECK_STR(data, "");
    hfhub__free(NULL, data, 1);
    CHECK_OK(hfhub__fs_size(P("w/f"), &size));
    CHECK_INT(size, 3);
    CHECK_INT(hfhub__fs_kind(P("w/f")), HFHUB__FS_FILE);
    CHECK_INT(hfhub__fs_kind(P("w")), HFHUB__FS_DIR);
    CHECK_INT(hfhub__fs_kind(P("w/nope")), HFHUB__FS_NONE);
    /* no temp files left behind */
    CHECK_OK(hfhub__fs_dir_open(&d, NULL, P("w")));
    while (hfhub__fs_dir_next(&d, &name, &kind) == HFHUB_OK && name) {
        n++;
        CHECK(strstr(name, ".tmp") == NULL);
    }
    hfhub__fs_dir_close(&d);
    CHECK_INT(n, 2);
}

static void test_remove_rename_copy(void) {
    char *data = NULL;
    size_t len;
    CHECK_OK(hfhub__fs_mkdirs(P("r"), 0755));
    CHECK_OK(hfhub__fs_write_atomic(P("r/a"), "AAA", 3, 0644));
    CHECK_OK(hfhub__fs_write_atomic(P("r/b"), "B", 1, 0644));
    CHECK_OK(hfhub__fs_rename(P("r/a"), P("r/b")));
    CHECK(!hfhub__fs_exists(P("r/a")));
    CHECK_OK(hfhub__fs_copy(P("r/b"), P("r/c")));
    CHECK_OK(hfhub__fs_read_file(NULL, P("r/c"), 10, &data, &len));
    CHECK_STR(data, "AAA");
    hfhub__free(NULL, data, len + 1);
    CHECK_OK(hfhub__fs_remove(P("r/c")));
    CHECK_OK(hfhub__fs_remove(P("r/c"))); /* missing is fine */
    CHECK_INT(hfhub__fs_rename(P("r/zz"), P("r/b")), HFHUB_ERR_IO);
    CHECK_OK(hfhub__fs_remove(P("r/b")));
    CHECK_OK(hfhub__fs_rmdir(P("r")));
    CHECK(!hfhub__fs_exists(P("r")));
}

static void test_paths(void) {
    char *s = NULL;
    CHECK_OK(hfhub__fs_abspath(NULL, "/a/./b//c/../d/", &s));
    CHECK_STR(s, "/a/b/d");
    hfhub__free(NULL, s, strlen(s) + 1);
    CHECK_OK(hfhub__fs_abspath(NULL, "/../..", &s));
    CHECK_STR(s, "/");
    hfhub__free(NULL, s, strlen(s) + 1);
    {
        char cwd[512], want[600];
        CHECK(getcwd(cwd, sizeof cwd) != NULL);
        snprintf(want, sizeof want, "%s/x/y", strcmp(cwd, "/") ? cwd : "");
        CHECK_OK(hfhub__fs_abspath(NULL, "x/./y", &s));
        CHECK_STR(s, want);
        hfhub__free(NULL, s, strlen(s) + 1);
    }
    /* os.path.relpath results */
    CHECK_OK(hfhub__fs_relpath(NULL, "/c/models--a--b/blobs/e1", "/c/models--a--b/snapshots/c1/sub/dir", &s));
    CHECK_STR(s, "../../../../blobs/e1");
    hfhub__free(NULL, s, strlen(s) + 1);
    CHECK_OK(hfhub__fs_relpath(NULL, "/a/b", "/a/b", &s));
    CHECK_STR(s, ".");
    hfhub__free(NULL, s, strlen(s) + 1);
    CHECK_OK(hfhub__fs_relpath(NULL, "/a/bc/d", "/a/b", &s));
    CHECK_STR(s, "../bc/d");
    hfhub__free(NULL, s, strlen(s) + 1);
    CHECK_OK(hfhub__fs_relpath(NULL, "/", "/x/y", &s));
    CHECK_STR(s, "../..");
    hfhub__free(NULL, s, strlen(s) + 1);
    s = hfhub__fs_temp_name(NULL, "/x/blobs/abc", ".incomplete");
    CHECK(s && strlen(s) == strlen("/x/blobs/abc.12345678.incomplete"));
    CHECK(s && strncmp(s, "/x/blobs/abc.", 13) == 0 && strcmp(s + 21, ".incomplete") == 0);
    CHECK(s && strspn(s + 13, "0123456789abcdef") == 8);
    hfhub__free(NULL, s, strlen(s) + 1);
}

static void expect_expand(const char *in, const char *want) {
    char *s = NULL;
    CHECK_OK(hfhub__fs_expand(NULL, in, &s));
    CHECK_STR(s, want);
    if (s) hfhub__free(NULL, s, strlen(s) + 1);
}

/* Expectations are what os.path.expandvars(os.path.expanduser(x)) returns. */
static void test_expand(void) {
    setenv("HOME", "/home/tester/", 1);
    setenv("T_FOO", "foo", 1);
    unsetenv("T_UNSET");
    expect_expand("~", "/home/tester");
    expect_expand("~/x/y", "/home/tester/x/y");
    expect_expand("a/~/b", "a/~/b");
    expect_expand("~hfhub_no_such_user_x/z", "~hfhub_no_such_user_x/z");
    expect_expand("$T_FOO/x", "foo/x");
    expect_expand("${T_FOO}bar", "foobar");
    expect_expand("$T_FOObar", "$T_FOObar");
    expect_expand("$T_UNSET/x", "$T_UNSET/x");
    expect_expand("${T_UNSET}/x", "${T_UNSET}/x");
    expect_expand("${T_FOO", "${T_FOO");
    expect_expand("$", "$");
    expect_expand("a$-b", "a$-b");
    expect_expand("~/$T_FOO/${T_FOO}", "/home/tester/foo/foo");
    expect_expand("", "");
    setenv("HOME", "/", 1);
    expect_expand("~", "/");
    expect_expand("~/a", "/a");
    if (access("/root", F_OK) == 0) expect_expand("~root/q", "/root/q");
}

static void test_symlinks(void) {
    char *s = NULL, *data = NULL;
    size_t len;
    int copied = -1;
    CHECK_OK(hfhub__fs_mkdirs(P("c/models--a--b/blobs"), 0755));
    CHECK_OK(hfhub__fs_mkdirs(P("c/models--a--b/snapshots/c1/sub/dir"), 0755));
    CHECK_OK(hfhub__fs_write_atomic(P("c/models--a--b/blobs/e1"), "blob", 4, 0644));
    CHECK_OK(hfhub__fs_link_or_copy(NULL, P("c/models--a--b/blobs/e1"), P("c/models--a--b/snapshots/c1/sub/dir/f.bin"), &copied));
    CHECK_INT(copied, 0);
    CHECK_INT(hfhub__fs_kind(P("c/models--a--b/snapshots/c1/sub/dir/f.bin")), HFHUB__FS_LINK);
    CHECK_OK(hfhub__fs_readlink(NULL, P("c/models--a--b/snapshots/c1/sub/dir/f.bin"), &s));
    CHECK_STR(s, "../../../../blobs/e1");
    hfhub__free(NULL, s, strlen(s) + 1);
    CHECK_OK(hfhub__fs_read_file(NULL, P("c/models--a--b/snapshots/c1/sub/dir/f.bin"), 100, &data, &len));
    CHECK_STR(data, "blob");
    hfhub__free(NULL, data, len + 1);
    /* relinking replaces the old link */
    CHECK_OK(hfhub__fs_write_atomic(P("c/models--a--b/blobs/e2"), "two", 3, 0644));
    CHECK_OK(hfhub__fs_symlink_relative(NULL, P("c/models--a--b/blobs/e2"), P("c/models--a--b/snapshots/c1/sub/dir/f.bin")));
    CHECK_OK(hfhub__fs_readlink(NULL, P("c/models--a--b/snapshots/c1/sub/dir/f.bin"), &s));
    CHECK_STR(s, "../../../../blobs/e2");
    hfhub__free(NULL, s, strlen(s) + 1);
    /* dangling link: kind LINK, exists 0 */
    CHECK_OK(hfhub__fs_symlink("nowhere", P("c/dangling")));
    CHECK_INT(hfhub__fs_kind(P("c/dangling")), HFHUB__FS_LINK);
    CHECK(!hfhub__fs_exists(P("c/dangling")));
    CHECK_INT(hfhub__fs_readlink(NULL, P("c/models--a--b/blobs/e1"), &s), HFHUB_ERR_IO);
}

static void test_dir_listing(void) {
    hfhub__fs_dir d;
    const char *name;
    int kind, seen = 0;
    CHECK_OK(hfhub__fs_mkdirs(P("l/sub"), 0755));
    CHECK_OK(hfhub__fs_write_atomic(P("l/file"), "x", 1, 0644));
    CHECK_OK(hfhub__fs_symlink("file", P("l/link")));
    CHECK_OK(hfhub__fs_dir_open(&d, NULL, P("l")));
    for (;;) {
        CHECK_OK(hfhub__fs_dir_next(&d, &name, &kind));
        if (!name) break;
        if (!strcmp(name, "sub")) { CHECK_INT(kind, HFHUB__FS_DIR); seen |= 1; }
        else if (!strcmp(name, "file")) { CHECK_INT(kind, HFHUB__FS_FILE); seen |= 2; }
        else if (!strcmp(name, "link")) { CHECK_INT(kind, HFHUB__FS_LINK); seen |= 4; }
        else CHECK(!"unexpected entry");
    }
    hfhub__fs_dir_close(&d);
    CHECK_INT(seen, 7);
    CHECK_INT(hfhub__fs_dir_open(&d, NULL, P("l/none")), HFHUB_ERR_IO);
}

static void test_lock_in_process(void) {
    hfhub__fs_lock a, b;
    CHECK_OK(hfhub__fs_lock_acquire(&a, P("locks/deep/x.lock"), 0, NULL));
    CHECK(hfhub__fs_exists(P("locks/deep/x.lock")));
    /* a second open file description conflicts, like two filelock objects */
    CHECK_INT(hfhub__fs_lock_acquire(&b, P("locks/deep/x.lock"), 120, NULL), HFHUB_ERR_TIMEOUT);
    hfhub__fs_lock_release(&a);
    CHECK_OK(hfhub__fs_lock_acquire(&b, P("locks/deep/x.lock"), 0, NULL));
    hfhub__fs_lock_release(&b);
    hfhub__fs_lock_release(&b); /* twice: harmless */
}

/* A Python process holds the lock the way filelock does; we must wait for it. */
static void test_lock_against_python(void) {
    char cmd[1024], line[64] = {0};
    FILE *py;
    hfhub__fs_lock l;
    int64_t t0;
    snprintf(cmd, sizeof cmd,
             "python3 -c \"import fcntl, os, sys, time\n"
             "fd = os.open('%s', os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)\n"
             "fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
             "print('locked', flush=True)\n"
             "time.sleep(1.0)\n"
             "fcntl.flock(fd, fcntl.LOCK_UN)\"", P("py.lock"));
    py = popen(cmd, "r");
    CHECK(py != NULL);
    if (!py) return;
    CHECK(fgets(line, sizeof line, py) != NULL);
    CHECK_STR(line, "locked\n");
    CHECK_INT(hfhub__fs_lock_acquire(&l, P("py.lock"), 200, NULL), HFHUB_ERR_TIMEOUT);
    t0 = hfhub__monotonic_ms();
    CHECK_OK(hfhub__fs_lock_acquire(&l, P("py.lock"), 10000, NULL));
    CHECK(hfhub__monotonic_ms() - t0 >= 300); /* it waited for Python to let go */
    pclose(py);
    /* and Python cannot take it while we hold it */
    snprintf(cmd, sizeof cmd,
             "python3 -c \"import fcntl, os\n"
             "fd = os.open('%s', os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)\n"
             "try:\n    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB); print('got')\n"
             "except OSError:\n    print('busy')\"", P("py.lock"));
    py = popen(cmd, "r");
    CHECK(py && fgets(line, sizeof line, py) != NULL);
    CHECK_STR(line, "busy\n");
    if (py) pclose(py);
    hfhub__fs_lock_release(&l);
}

static void test_random(void) {
    char a[33], b[33];
    hfhub__random_hex(a, 32);
    hfhub__random_hex(b, 32);
    CHECK(strlen(a) == 32 && strspn(a, "0123456789abcdef") == 32);
    CHECK(strcmp(a, b) != 0);
}

int main(void) {
    char cmd[300];
    snprintf(root, sizeof root, "/tmp/hfhub_test_fs.XXXXXX");
    if (!mkdtemp(root)) { perror("mkdtemp"); return 1; }
    RUN(test_mkdirs);
    RUN(test_write_read);
    RUN(test_remove_rename_copy);
    RUN(test_paths);
    RUN(test_expand);
    RUN(test_symlinks);
    RUN(test_dir_listing);
    RUN(test_lock_in_process);
    RUN(test_lock_against_python);
    RUN(test_random);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", root);
    return TEST_END();
}
