/* test_cache_scan.c: scan_cache_dir, the delete strategy, prune and verify on a cache built
 * by hand exactly as Python lays it out (cache_fixture.h). */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE 1
#include "test.h"
#include "cache_fixture.h"

static const char *t_warning_with(const hfhub_cache_info *info, const char *needle) {
    size_t i;
    for (i = 0; i < info->n_warnings; i++)
        if (strstr(info->warnings[i], needle)) return info->warnings[i];
    return NULL;
}

static void test_scan_repos(void) {
    hfhub_cache_info *info = NULL;
    const hfhub_cached_repo *m, *d;
    const hfhub_cached_revision *r1, *r2, *r3;
    char want[1024];
    fx_build();
    CHECK_OK(hfhub_scan_cache_dir(NULL, fx_root, &info));
    if (!info) { fx_destroy(); return; }
    CHECK_STR(info->cache_dir, fx_root);
    CHECK_INT(info->n_repos, 2);
    if (info->n_repos != 2) { hfhub_cache_info_free(info); fx_destroy(); return; }
    d = &info->repos[0]; /* sorted by path: datasets-- < models-- */
    m = &info->repos[1];
    CHECK_STR(m->repo_id, "org/model");
    CHECK_STR(m->repo_type, "model");
    fx_path(want, sizeof want, "models--org--model");
    CHECK_STR(m->repo_path, want);
    CHECK_INT(m->nb_files, 3);
    CHECK_INT(m->size_on_disk, strlen(FX_A) + strlen(FX_B) + strlen(FX_C));
    CHECK(m->last_accessed == 3500.0);
    CHECK(m->last_modified == 3000.0);
    CHECK_INT(m->n_revisions, 3);
    r1 = &m->revisions[0]; r2 = &m->revisions[1]; r3 = &m->revisions[2];
    CHECK_STR(r1->commit_hash, FX_COMMIT1);
    CHECK_INT(r1->n_refs, 1);
    CHECK_STR(r1->refs[0], "main");
    CHECK_INT(r1->nb_files, 2);
    CHECK_INT(r1->size_on_disk, strlen(FX_A) + strlen(FX_B));
    CHECK(r1->last_modified == 2000.0);
    CHECK_STR(r1->files[0].file_name, "config.json");
    CHECK_STR(r1->files[1].file_name, "model.bin");
    CHECK_STR(r1->files[1].path_in_repo, "sub/model.bin");
    fx_path(want, sizeof want, "models--org--model/snapshots/" FX_COMMIT1 "/sub/model.bin");
    CHECK_STR(r1->files[1].file_path, want);
    snprintf(want, sizeof want, "%s/models--org--model/blobs/%s", fx_root, fx_b);
    CHECK_STR(r1->files[1].blob_path, want);
    CHECK_INT(r1->files[1].size_on_disk, strlen(FX_B));
    CHECK(r1->files[1].blob_last_accessed == 2500.0);
    CHECK_INT(r2->n_refs, 1);
    CHECK_STR(r2->refs[0], "refs/pr/1");
    CHECK_INT(r2->size_on_disk, strlen(FX_C) + strlen(FX_B));
    CHECK_INT(r3->n_refs, 0);
    CHECK_INT(r3->size_on_disk, strlen(FX_C));
    /* a copied file is its own blob */
    CHECK_STR(d->repo_id, "squad");
    CHECK_STR(d->repo_type, "dataset");
    CHECK_INT(d->nb_files, 2);
    CHECK_INT(d->size_on_disk, strlen(FX_CSV4) + strlen(FX_CSV5));
    CHECK_STR(d->revisions[0].files[0].blob_path, d->revisions[0].files[0].file_path);
    CHECK(d->last_modified == 5000.0);
    CHECK(d->revisions[0].last_modified == 4000.0);
    CHECK_INT(info->size_on_disk, m->size_on_disk + d->size_on_disk);
    CHECK(hfhub_cache_find_repo(info, "model/ORG/Model") == m);
    CHECK(hfhub_cache_find_repo(info, "dataset/org/model") == NULL);
    CHECK(hfhub_cache_find_revision(info, FX_COMMIT3, &m) == r3);
    hfhub_cache_info_free(info);
    fx_destroy();
}

static void test_scan_incomplete_and_warnings(void) {
    hfhub_cache_info *info = NULL;
    char want[1024];
    fx_build();
    CHECK_OK(hfhub_scan_cache_dir(NULL, fx_root, &info));
    if (!info) { fx_destroy(); return; }
    CHECK_INT(info->n_incomplete_files, 1);
    CHECK_INT(info->incomplete_size_on_disk, strlen(FX_INCOMPLETE));
    snprintf(want, sizeof want, "%s/models--org--model/blobs/%s.0badc0de.incomplete", fx_root, fx_b);
    if (info->n_incomplete_files) CHECK_STR(info->incomplete_files[0].file_path, want);
    CHECK_INT(info->n_unreferenced_blobs, 1);
    CHECK_INT(info->unreferenced_size_on_disk, strlen(FX_ORPHAN));
    snprintf(want, sizeof want, "%s/models--org--model/blobs/%s", fx_root, fx_o);
    if (info->n_unreferenced_blobs) CHECK_STR(info->unreferenced_blobs[0].file_path, want);
    CHECK_INT(info->n_warnings, 6);
    snprintf(want, sizeof want, "Repo path is not a valid HuggingFace cache directory: %s/not-a-repo", fx_root);
    CHECK_STR(t_warning_with(info, "not-a-repo"), want);
    snprintf(want, sizeof want, "Repo path is not a directory: %s/models--afile", fx_root);
    CHECK_STR(t_warning_with(info, "afile"), want);
    snprintf(want, sizeof want, "Repo type must be `dataset`, `model` or `space`, found `kernel` (%s/kernels--org--k).", fx_root);
    CHECK_STR(t_warning_with(info, "kernels"), want);
    snprintf(want, sizeof want, "Snapshots dir doesn't exist in cached repo: %s/models--nosnap/snapshots", fx_root);
    CHECK_STR(t_warning_with(info, "nosnap"), want);
    snprintf(want, sizeof want, "Reference(s) refer to missing commit hashes: {'%s': {'main'}} (%s/spaces--org--app).",
             FX_COMMIT2, fx_root);
    CHECK_STR(t_warning_with(info, "spaces--org--app"), want);
    snprintf(want, sizeof want, "Blob missing (broken symlink): %s/models--org--broken/blobs/0000000000000000000000000000000000000000", fx_root);
    CHECK_STR(t_warning_with(info, "broken"), want);
    hfhub_cache_info_free(info);
    fx_destroy();
}

static void test_scan_errors(void) {
    hfhub_cache_info *info = (hfhub_cache_info *)1;
    CHECK_INT(hfhub_scan_cache_dir(NULL, "/nonexistent/hfhub/cache", &info), HFHUB_ERR_LOCAL_ENTRY_NOT_FOUND);
    CHECK(info == NULL);
    CHECK(strstr(hfhub_last_error()->message, "Cache directory not found: /nonexistent/hfhub/cache") != NULL);
    CHECK_INT(hfhub_scan_cache_dir(NULL, "/etc/hostname", &info), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_scan_cache_dir(NULL, NULL, &info), HFHUB_ERR_INVALID_ARG);
}

static void test_scan_client_default_dir(void) {
    hfhub_client *c = NULL;
    hfhub_config cfg;
    hfhub_cache_info *info = NULL;
    fx_build();
    memset(&cfg, 0, sizeof cfg);
    cfg.cache_dir = fx_root;
    CHECK_OK(hfhub_client_new(&cfg, &c));
    if (c) {
        CHECK_OK(hfhub_scan_cache_dir(c, NULL, &info));
        if (info) CHECK_INT(info->n_repos, 2);
        hfhub_cache_info_free(info);
        hfhub_client_free(c);
    }
    fx_destroy();
}

static hfhub_cache_info *t_scan(void) {
    hfhub_cache_info *info = NULL;
    CHECK_OK(hfhub_scan_cache_dir(NULL, fx_root, &info));
    return info;
}

static int t_has(const char *const *list, size_t n, const char *s) {
    size_t i;
    for (i = 0; i < n; i++)
        if (!strcmp(list[i], s)) return 1;
    return 0;
}

static void test_strategy_sizes(void) {
    hfhub_cache_info *info;
    hfhub_cache_delete_strategy *s = NULL;
    const char *h3[] = {FX_COMMIT3};
    const char *h23[] = {FX_COMMIT2, FX_COMMIT3, "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef"};
    const char *h123[] = {FX_COMMIT3, FX_COMMIT1, FX_COMMIT2};
    const char *h5[] = {FX_COMMIT5};
    char want[1024];
    fx_build();
    info = t_scan();
    if (!info) { fx_destroy(); return; }
    /* a detached revision whose blob another revision still links: only the snapshot goes */
    CHECK_OK(hfhub_cache_delete_revisions(info, h3, 1, &s));
    if (s) {
        CHECK_INT(s->expected_freed_size, 0);
        CHECK_INT(s->n_snapshots, 1);
        fx_path(want, sizeof want, "models--org--model/snapshots/" FX_COMMIT3);
        CHECK_STR(s->snapshots[0], want);
        CHECK_INT(s->n_blobs + s->n_refs + s->n_repos + s->n_not_found, 0);
        hfhub_cache_strategy_free(s);
    }
    /* two revisions: C is linked by nobody else; B stays (main); refs/pr/1 goes */
    CHECK_OK(hfhub_cache_delete_revisions(info, h23, 3, &s));
    if (s) {
        CHECK_INT(s->expected_freed_size, strlen(FX_C));
        CHECK_INT(s->n_snapshots, 2);
        CHECK_INT(s->n_blobs, 1);
        snprintf(want, sizeof want, "%s/models--org--model/blobs/%s", fx_root, fx_c);
        if (s->n_blobs) CHECK_STR(s->blobs[0], want);
        CHECK_INT(s->n_refs, 1);
        fx_path(want, sizeof want, "models--org--model/refs/refs/pr/1");
        if (s->n_refs) CHECK_STR(s->refs[0], want);
        CHECK_INT(s->n_not_found, 1);
        if (s->n_not_found) CHECK_STR(s->not_found[0], "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef");
        hfhub_cache_strategy_free(s);
    }
    /* every revision: the whole repo, its full size */
    CHECK_OK(hfhub_cache_delete_revisions(info, h123, 3, &s));
    if (s) {
        CHECK_INT(s->n_repos, 1);
        CHECK_INT(s->n_snapshots + s->n_blobs + s->n_refs, 0);
        CHECK_INT(s->expected_freed_size, strlen(FX_A) + strlen(FX_B) + strlen(FX_C));
        hfhub_cache_strategy_free(s);
    }
    /* copied files go with their snapshot and count as freed */
    CHECK_OK(hfhub_cache_delete_revisions(info, h5, 1, &s));
    if (s) {
        CHECK_INT(s->n_snapshots, 1);
        CHECK_INT(s->n_blobs, 0);
        CHECK_INT(s->expected_freed_size, strlen(FX_CSV5));
        hfhub_cache_strategy_free(s);
    }
    hfhub_cache_info_free(info);
    fx_destroy();
}

static void test_strategy_execute(void) {
    hfhub_cache_info *info;
    hfhub_cache_delete_strategy *s = NULL;
    const char *h23[] = {FX_COMMIT2, FX_COMMIT3};
    char path[1024];
    fx_build();
    info = t_scan();
    if (!info) { fx_destroy(); return; }
    CHECK_OK(hfhub_cache_delete_revisions(info, h23, 2, &s));
    hfhub_cache_info_free(info);
    if (!s) { fx_destroy(); return; }
    CHECK_OK(hfhub_cache_strategy_execute(s));
    CHECK_OK(hfhub_cache_strategy_execute(s)); /* again: everything already gone is fine */
    hfhub_cache_strategy_free(s);
    snprintf(path, sizeof path, "%s/models--org--model/blobs/%s", fx_root, fx_c);
    CHECK(access(path, F_OK) != 0);
    snprintf(path, sizeof path, "%s/models--org--model/blobs/%s", fx_root, fx_b);
    CHECK(access(path, F_OK) == 0);
    fx_path(path, sizeof path, "models--org--model/refs/refs/pr/1");
    CHECK(access(path, F_OK) != 0);
    info = t_scan();
    if (info) {
        const hfhub_cached_repo *m = hfhub_cache_find_repo(info, "model/org/model");
        CHECK(m != NULL);
        if (m) {
            CHECK_INT(m->n_revisions, 1);
            CHECK_INT(m->nb_files, 2);
        }
        CHECK_INT(info->n_warnings, 6); /* no new corruption */
        hfhub_cache_info_free(info);
    }
    fx_destroy();
}

static void test_prune(void) {
    hfhub_cache_info *info;
    hfhub_cache_delete_strategy *s = NULL;
    fx_build();
    info = t_scan();
    if (!info) { fx_destroy(); return; }
    CHECK_OK(hfhub_cache_prune(info, &s));
    hfhub_cache_info_free(info);
    if (!s) { fx_destroy(); return; }
    CHECK_INT(s->n_snapshots, 2);  /* 3 (model) and 5 (dataset) are detached */
    CHECK_INT(s->n_incomplete, 1);
    CHECK_INT(s->n_unreferenced, 1);
    CHECK_INT(s->expected_freed_size, strlen(FX_CSV5) + strlen(FX_INCOMPLETE) + strlen(FX_ORPHAN));
    {   /* a download holding the etag's lock keeps its partial file */
        hfhub__fs_lock l;
        char lock[1024], partial[1024];
        snprintf(lock, sizeof lock, "%s/.locks/models--org--model/%s.lock", fx_root, fx_b);
        snprintf(partial, sizeof partial, "%s/models--org--model/blobs/%s.0badc0de.incomplete", fx_root, fx_b);
        CHECK_OK(hfhub__fs_lock_acquire(&l, lock, 0, NULL));
        CHECK_OK(hfhub_cache_strategy_execute(s));
        CHECK(access(partial, F_OK) == 0);
        hfhub__fs_lock_release(&l);
        CHECK_OK(hfhub_cache_strategy_execute(s));
        CHECK(access(partial, F_OK) != 0);
    }
    hfhub_cache_strategy_free(s);
    info = t_scan();
    if (info) {
        size_t i, j, detached = 0;
        CHECK_INT(info->n_incomplete_files, 0);
        CHECK_INT(info->n_unreferenced_blobs, 0);
        for (i = 0; i < info->n_repos; i++)
            for (j = 0; j < info->repos[i].n_revisions; j++) detached += info->repos[i].revisions[j].n_refs == 0;
        CHECK_INT(detached, 0);
        CHECK(hfhub_cache_find_revision(info, FX_COMMIT2, NULL) != NULL);
        /* nothing left to prune */
        CHECK_OK(hfhub_cache_prune(info, &s));
        if (s) {
            CHECK_INT(s->n_snapshots + s->n_incomplete + s->n_repos + s->n_unreferenced, 0);
            CHECK(t_has(s->snapshots, s->n_snapshots, "x") == 0);
            hfhub_cache_strategy_free(s);
        }
        hfhub_cache_info_free(info);
    }
    fx_destroy();
}

static void test_verify_revision_local(void) {
    hfhub_cache_info *info;
    hfhub_folder_verification *v = NULL;
    const hfhub_cached_revision *rev;
    char rel[256];
    fx_build();
    info = t_scan();
    if (!info) { fx_destroy(); return; }
    rev = hfhub_cache_find_revision(info, FX_COMMIT1, NULL);
    CHECK_OK(hfhub_cache_verify_revision(info, rev, &v));
    if (v) {
        CHECK_INT(v->checked_count, 2);
        CHECK_INT(v->n_mismatches, 0);
        CHECK_STR(v->revision, FX_COMMIT1);
        CHECK_STR(v->verified_path, rev->snapshot_path);
        hfhub_folder_verification_free(v);
    }
    /* a corrupted LFS blob is caught */
    snprintf(rel, sizeof rel, "models--org--model/blobs/%s", fx_b);
    fx_write(rel, "pretend these are weights: 0123456789abcdef0123456789abcdeX");
    CHECK_OK(hfhub_cache_verify_revision(info, rev, &v));
    if (v) {
        CHECK_INT(v->checked_count, 2);
        CHECK_INT(v->n_mismatches, 1);
        if (v->n_mismatches) {
            CHECK_STR(v->mismatches[0].path, "sub/model.bin");
            CHECK_STR(v->mismatches[0].algorithm, "sha256");
            CHECK_STR(v->mismatches[0].expected, fx_b);
            CHECK(strcmp(v->mismatches[0].actual, fx_b) != 0 && strlen(v->mismatches[0].actual) == 64);
        }
        hfhub_folder_verification_free(v);
    }
    /* and a regular file through its git blob id */
    snprintf(rel, sizeof rel, "models--org--model/blobs/%s", fx_a);
    fx_write(rel, FX_C);
    CHECK_OK(hfhub_cache_verify_revision(info, rev, &v));
    if (v) {
        CHECK_INT(v->n_mismatches, 2);
        if (v->n_mismatches == 2) {
            CHECK_STR(v->mismatches[0].path, "config.json");
            CHECK_STR(v->mismatches[0].algorithm, "git-sha1");
            CHECK_STR(v->mismatches[0].actual, fx_c);
        }
        hfhub_folder_verification_free(v);
    }
    hfhub_cache_info_free(info);
    fx_destroy();
}

static hfhub_client *t_mock_client(hfhub_mock **m, hfhub_transport *t) {
    hfhub_config cfg;
    hfhub_client *c = NULL;
    hfhub_mock_new(NULL, m);
    *t = hfhub_mock_transport(*m);
    memset(&cfg, 0, sizeof cfg);
    cfg.endpoint = "https://hub.test";
    cfg.cache_dir = fx_root;
    cfg.token = "hf_test";
    cfg.transport = t;
    CHECK_OK(hfhub_client_new(&cfg, &c));
    return c;
}

static void test_verify_repo_checksums_cache(void) {
    hfhub_mock *m = NULL;
    hfhub_transport t;
    hfhub_client *c;
    hfhub_folder_verification *v = NULL;
    char page1[512], page2[512], want[512];
    fx_build();
    c = t_mock_client(&m, &t);
    snprintf(page1, sizeof page1, "[{\"type\":\"file\",\"oid\":\"%s\",\"size\":%d,\"path\":\"config.json\"},"
             "{\"type\":\"directory\",\"oid\":\"ab\",\"size\":0,\"path\":\"sub\"}]", fx_a, (int)strlen(FX_A));
    snprintf(page2, sizeof page2, "[{\"type\":\"file\",\"oid\":\"9999999999999999999999999999999999999999\",\"size\":5,"
             "\"lfs\":{\"oid\":\"%s\",\"size\":5,\"pointerSize\":130},\"path\":\"sub/model.bin\"},"
             "{\"type\":\"file\",\"oid\":\"8888888888888888888888888888888888888888\",\"size\":1,\"path\":\"README.md\"}]", fx_b);
    hfhub_mock_add_simple(m, "https://hub.test/api/models/org/model/tree/" FX_COMMIT1 "?recursive=true&expand=false", 200,
                          "Content-Type: application/json\nLink: <https://hub.test/api/models/org/model/tree/p2?cursor=x>; rel=\"next\"", page1);
    hfhub_mock_add_simple(m, "https://hub.test/api/models/org/model/tree/p2?cursor=x", 200, "Content-Type: application/json", page2);
    if (c) {
        CHECK_OK(hfhub_verify_repo_checksums(c, "org/model", NULL, &v));
        CHECK_INT(hfhub_mock_count(m), 2);
        if (hfhub_mock_count(m)) CHECK_STR(hfhub_mock_request_header(hfhub_mock_request_at(m, 0), "Authorization"), "Bearer hf_test");
        if (v) {
            CHECK_STR(v->revision, FX_COMMIT1);
            fx_path(want, sizeof want, "models--org--model/snapshots/" FX_COMMIT1);
            CHECK_STR(v->verified_path, want);
            CHECK_INT(v->checked_count, 2);
            CHECK_INT(v->n_mismatches, 0);
            CHECK_INT(v->n_missing_paths, 1);
            if (v->n_missing_paths) CHECK_STR(v->missing_paths[0], "README.md");
            CHECK_INT(v->n_extra_paths, 0);
            hfhub_folder_verification_free(v);
        }
        {   /* errors with Python's messages, before any request */
            hfhub_verify_opts o;
            memset(&o, 0, sizeof o);
            o.revision = "v9";
            CHECK_INT(hfhub_verify_repo_checksums(c, "org/model", &o, &v), HFHUB_ERR_INVALID_ARG);
            CHECK(strstr(hfhub_last_error()->message, "Revision 'v9' could not be resolved in cache") != NULL);
            CHECK_INT(hfhub_verify_repo_checksums(c, "org/absent", NULL, &v), HFHUB_ERR_INVALID_ARG);
            CHECK(strstr(hfhub_last_error()->message, "Repo is not present in cache: ") != NULL);
            CHECK_INT(hfhub_mock_count(m), 2);
        }
        hfhub_client_free(c);
    }
    hfhub_mock_free(m);
    fx_destroy();
}

static void test_verify_repo_checksums_local_dir(void) {
    hfhub_mock *m = NULL;
    hfhub_transport t;
    hfhub_client *c;
    hfhub_folder_verification *v = NULL;
    hfhub_verify_opts o;
    char page[512], dir[512];
    fx_build();
    fx_write("local/config.json", FX_C);
    fx_write("local/extra.txt", "x");
    fx_path(dir, sizeof dir, "local");
    c = t_mock_client(&m, &t);
    snprintf(page, sizeof page, "[{\"type\":\"file\",\"oid\":\"%s\",\"size\":3,\"path\":\"config.json\"}]", fx_a);
    hfhub_mock_add_simple(m, "https://hub.test/api/datasets/org/data/tree/refs%2Fpr%2F1?recursive=true&expand=false", 200, NULL, page);
    memset(&o, 0, sizeof o);
    o.local_dir = dir;
    o.repo_type = "dataset";
    o.revision = "refs/pr/1";
    if (c) {
        CHECK_OK(hfhub_verify_repo_checksums(c, "org/data", &o, &v));
        if (v) {
            CHECK_STR(v->revision, "refs/pr/1");
            CHECK_STR(v->verified_path, dir);
            CHECK_INT(v->checked_count, 1);
            CHECK_INT(v->n_mismatches, 1);
            if (v->n_mismatches) {
                CHECK_STR(v->mismatches[0].path, "config.json");
                CHECK_STR(v->mismatches[0].expected, fx_a);
                CHECK_STR(v->mismatches[0].actual, fx_c);
                CHECK_STR(v->mismatches[0].algorithm, "git-sha1");
            }
            CHECK_INT(v->n_extra_paths, 1);
            if (v->n_extra_paths) CHECK_STR(v->extra_paths[0], "extra.txt");
            hfhub_folder_verification_free(v);
        }
        hfhub_client_free(c);
    }
    hfhub_mock_free(m);
    fx_destroy();
}

int main(void) {
    RUN(test_scan_repos);
    RUN(test_scan_incomplete_and_warnings);
    RUN(test_scan_errors);
    RUN(test_scan_client_default_dir);
    RUN(test_strategy_sizes);
    RUN(test_strategy_execute);
    RUN(test_prune);
    RUN(test_verify_revision_local);
    RUN(test_verify_repo_checksums_cache);
    RUN(test_verify_repo_checksums_local_dir);
    return TEST_END();
}
