/* cache.c: the shared cache layout: folders, refs, snapshot links, lookups. */
#include <stdio.h>
#include <string.h>

#ifndef HFHUB_NO_STDIO

static const char hfhub__cache_tag_text[] =
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by huggingface_hub.\n"
    "# For information about cache directory tags, see:\n"
    "#\thttps://bford.info/cachedir/\n";

void hfhub__cache_repo_folder(hfhub__buf *b, int type_index, const char *repo_id) {
    const char *p;
    hfhub__buf_puts(b, hfhub__repo_type_plural(type_index));
    hfhub__buf_puts(b, "--");
    for (p = repo_id; *p; p++) {
        if (*p == '/') hfhub__buf_puts(b, "--");
        else hfhub__buf_putc(b, *p);
    }
}

void hfhub__cache_repo_dir(hfhub__buf *b, const char *cache_dir, int type_index, const char *repo_id) {
    hfhub__buf_reset(b);
    hfhub__buf_printf(b, "%s/", cache_dir);
    hfhub__cache_repo_folder(b, type_index, repo_id);
}

static int hfhub__cache_is_lower_hex(const char *s, size_t n) {
    size_t i;
    if (!s) return 0;
    for (i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return 0;
    return s[n] == 0;
}

int hfhub__is_commit_hash(const char *s) { return hfhub__cache_is_lower_hex(s, 40); }

int hfhub__is_sha256_hex(const char *s) { return hfhub__cache_is_lower_hex(s, 64); }

int hfhub__cache_read_ref(const hfhub_allocator *a, const char *repo_dir, const char *revision, char out[41]) {
    char path[4096], *data = NULL;
    size_t len = 0, n;
    int ok;
    if ((size_t)snprintf(path, sizeof path, "%s/refs/%s", repo_dir, revision) >= sizeof path) return -1;
    if (hfhub__fs_kind(path) != HFHUB__FS_FILE) return -1;
    if (hfhub__fs_read_file(a, path, 4096, &data, &len)) return -1;
    n = len; /* Python strips nothing, but a ref edited by hand may end with a newline */
    while (n && (data[n - 1] == '\n' || data[n - 1] == '\r' || data[n - 1] == ' ')) n--;
    data[n] = 0;
    ok = hfhub__is_commit_hash(data);
    if (ok) memcpy(out, data, 41);
    hfhub__free(a, data, len + 1);
    return ok ? 0 : -1;
}

hfhub_result hfhub__cache_write_ref(const hfhub_allocator *a, const char *repo_dir, const char *revision,
                                   const char *commit) {
    char path[4096], current[41];
    hfhub_result r;
    if (!strcmp(revision, commit)) return HFHUB_OK; /* refs name revisions, never commits */
    if (!hfhub__cache_read_ref(a, repo_dir, revision, current) && !strcmp(current, commit)) return HFHUB_OK;
    if ((size_t)snprintf(path, sizeof path, "%s/refs/%s", repo_dir, revision) >= sizeof path)
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "ref path too long");
    if ((r = hfhub__fs_mkdirs_parent(path)) != HFHUB_OK) return r;
    return hfhub__fs_write_atomic(path, commit, strlen(commit), 0644);
}

void hfhub__cache_tag(const char *cache_dir) {
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/CACHEDIR.TAG", cache_dir) >= sizeof path) return;
    if (hfhub__fs_kind(path) != HFHUB__FS_NONE) return;
    /* best effort, as in Python: a read-only cache still serves what it has */
    if (hfhub__fs_mkdirs(cache_dir, 0777) == HFHUB_OK)
        hfhub__fs_write_atomic(path, hfhub__cache_tag_text, sizeof hfhub__cache_tag_text - 1, 0644);
}

int hfhub__cache_lookup(const hfhub_allocator *a, const char *repo_dir, const char *revision,
                        const char *filename, char **path) {
    char commit[41];
    hfhub__buf b;
    int found = HFHUB__CACHED_NONE;
    *path = NULL;
    if (!revision) revision = "main";
    if (hfhub__is_commit_hash(revision)) memcpy(commit, revision, 41);
    else if (hfhub__cache_read_ref(a, repo_dir, revision, commit)) return HFHUB__CACHED_NONE;
    hfhub__buf_init(&b, a);
    hfhub__buf_printf(&b, "%s/snapshots/%s/%s", repo_dir, commit, filename);
    if (!b.failed && hfhub__fs_exists(b.data)) {
        *path = hfhub__buf_take(&b);
        found = *path ? HFHUB__CACHED_FILE : HFHUB__CACHED_NONE;
    } else {
        hfhub__buf_reset(&b);
        hfhub__buf_printf(&b, "%s/.no_exist/%s/%s", repo_dir, commit, filename);
        if (!b.failed && hfhub__fs_kind(b.data) == HFHUB__FS_FILE) found = HFHUB__CACHED_NO_EXIST;
    }
    hfhub__buf_free(&b);
    return found;
}

hfhub_result hfhub__cache_link(const hfhub_allocator *a, const char *blob, const char *pointer,
                               int new_blob, int disable_symlinks) {
    hfhub_result r;
    if ((r = hfhub__fs_mkdirs_parent(pointer)) != HFHUB_OK) return r;
    if (!disable_symlinks) {
        r = hfhub__fs_symlink_relative(a, blob, pointer);
        if (r != HFHUB_ERR_UNSUPPORTED) return r;
    }
    hfhub__fs_remove(pointer);
    return new_blob ? hfhub__fs_rename(blob, pointer) : hfhub__fs_copy(blob, pointer);
}

#endif
