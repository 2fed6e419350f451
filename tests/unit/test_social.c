/* test_social.c: discussions, collections, access requests, spaces and webhooks against
 * tools/localhub: the request each call sends (method, path, query and JSON body from the
 * localhub request log), the typed fields read back, listings across pages, errors mapped
 * (404, 403), and the typed readers on bad server JSON (mistyped, missing, null fields). */
#define _POSIX_C_SOURCE 200809L
#include "test.h"
#include "localhub.h"
#include <stdlib.h>
#include <unistd.h>

static t_hub hub;
static hfhub_client *cw, *cr; /* write token, read token */

/* The last logged request of `method` whose path matches the regex re: its path (with the
 * query) and JSON body ("" when none). 0 when found. */
static int last_req(const char *method, const char *re, char *path, size_t pn, char *body, size_t bn) {
    hfhub__buf q;
    hfhub_json_doc *doc = NULL;
    const hfhub_json_value *e;
    int rc = -1;
    hfhub__buf_init(&q, NULL);
    hfhub__buf_printf(&q, "log?limit=1&method=%s&path=", method);
    hfhub__url_quote(&q, re, strlen(re), "");
    if (!q.failed && t_hub_admin(&hub, "GET", q.data, NULL, &doc) == HFHUB_OK &&
        (e = hfhub_json_at(hfhub_json_root(doc), 0)) != NULL) {
        snprintf(path, pn, "%s", hfhub_json_str(hfhub_json_get(e, "path"), ""));
        snprintf(body, bn, "%s", hfhub_json_str(hfhub_json_get(e, "body"), ""));
        rc = 0;
    }
    hfhub_json_free(doc);
    hfhub__buf_free(&q);
    return rc;
}

#define EXPECT_REQ(method, re, want_path, want_body) do { char p_[1024] = "", b_[4096] = ""; \
    CHECK_INT(last_req(method, re, p_, sizeof p_, b_, sizeof b_), 0); \
    CHECK_STR(p_, want_path); CHECK_STR(b_, want_body); } while (0)

static void test_discussions(void) {
    hfhub_discussion_details *d = NULL, *pr = NULL;
    hfhub_discussion_event *ev = NULL;
    hfhub_create_discussion_opts co;
    char cid[64];
    memset(&co, 0, sizeof co);
    co.description = "  First post  ";
    CHECK_OK(hfhub_create_discussion(cw, "user/repo", " Hello ", &co, &d));
    EXPECT_REQ("POST", "/api/models/user/repo/discussions$", "/api/models/user/repo/discussions",
               "{\"title\": \"Hello\", \"description\": \"First post\", \"pullRequest\": false}");
    EXPECT_REQ("GET", "/discussions/1", "/api/models/user/repo/discussions/1?diff=1", "");
    if (!d) return;
    CHECK_INT(d->discussion.num, 1);
    CHECK_STR(d->discussion.title, "Hello");
    CHECK_STR(d->discussion.status, "open");
    CHECK_STR(d->discussion.author, "user");
    CHECK_STR(d->discussion.repo_id, "user/repo");
    CHECK_STR(d->discussion.repo_type, "model");
    CHECK(!d->discussion.is_pull_request);
    CHECK(d->discussion.git_reference == NULL);
    CHECK(d->target_branch == NULL);
    CHECK_INT(d->n_events, 1);
    CHECK_STR(d->events[0].type, "comment");
    CHECK_STR(d->events[0].content, "First post");
    snprintf(cid, sizeof cid, "%s", d->events[0].id ? d->events[0].id : "");
    {
        char url[256];
        snprintf(url, sizeof url, "%s/user/repo/discussions/1", hub.url);
        CHECK_STR(d->discussion.url, url);
    }
    hfhub_discussion_details_free(d);

    /* a PR, with the default description */
    CHECK_OK(hfhub_create_pull_request(cw, "user/repo", "Fix", NULL, &pr));
    EXPECT_REQ("POST", "/api/models/user/repo/discussions$", "/api/models/user/repo/discussions",
               "{\"title\": \"Fix\", \"description\": \"Pull Request opened with [hfhub](https://huggingface.co/docs/huggingface_hub), "
               "the Hugging Face Hub client in C\", \"pullRequest\": true}");
    if (pr) {
        CHECK_INT(pr->discussion.num, 2);
        CHECK(pr->discussion.is_pull_request);
        CHECK_STR(pr->discussion.status, "draft");
        CHECK_STR(pr->discussion.git_reference, "refs/pr/2");
        CHECK_STR(pr->target_branch, "refs/heads/main");
        CHECK(pr->merge_commit_oid == NULL);
        CHECK_INT(pr->n_conflicting_files, 0);
        CHECK_STR(pr->diff, "");
        hfhub_discussion_details_free(pr);
    }

    CHECK_OK(hfhub_comment_discussion(cw, "user/repo", 1, "Nice", NULL, &ev));
    EXPECT_REQ("POST", "/comment$", "/api/models/user/repo/discussions/1/comment", "{\"comment\": \"Nice\"}");
    if (ev) {
        CHECK_STR(ev->type, "comment");
        CHECK_STR(ev->content, "Nice");
        CHECK_STR(ev->author, "user");
        CHECK(!ev->edited && !ev->hidden);
        hfhub_discussion_event_free(ev);
    }
    CHECK_OK(hfhub_edit_discussion_comment(cw, "user/repo", 1, cid, "Edited", NULL, &ev));
    {
        char want[256];
        snprintf(want, sizeof want, "/api/models/user/repo/discussions/1/comment/%s/edit", cid);
        EXPECT_REQ("POST", "/edit$", want, "{\"content\": \"Edited\"}");
    }
    if (ev) {
        CHECK_STR(ev->content, "Edited");
        CHECK(ev->edited);
        hfhub_discussion_event_free(ev);
    }
    CHECK_OK(hfhub_hide_discussion_comment(cw, "user/repo", 1, cid, NULL, &ev));
    if (ev) {
        CHECK(ev->hidden);
        hfhub_discussion_event_free(ev);
    }
    CHECK_OK(hfhub_rename_discussion(cw, "user/repo", 1, "Hello again", NULL, &ev));
    EXPECT_REQ("POST", "/title$", "/api/models/user/repo/discussions/1/title", "{\"title\": \"Hello again\"}");
    if (ev) {
        CHECK_STR(ev->type, "title-change");
        CHECK_STR(ev->old_title, "Hello");
        CHECK_STR(ev->new_title, "Hello again");
        hfhub_discussion_event_free(ev);
    }
    CHECK_OK(hfhub_change_discussion_status(cw, "user/repo", 1, "closed", " bye ", NULL, &ev));
    EXPECT_REQ("POST", "/status$", "/api/models/user/repo/discussions/1/status",
               "{\"status\": \"closed\", \"comment\": \"bye\"}");
    if (ev) {
        CHECK_STR(ev->type, "status-change");
        CHECK_STR(ev->new_status, "closed");
        hfhub_discussion_event_free(ev);
    }
    CHECK_INT(hfhub_change_discussion_status(cw, "user/repo", 1, "merged", NULL, NULL, &ev), HFHUB_ERR_INVALID_ARG);
    CHECK(ev == NULL);
    CHECK_OK(hfhub_change_discussion_status(cw, "user/repo", 1, "open", "", NULL, NULL));
    EXPECT_REQ("POST", "/status$", "/api/models/user/repo/discussions/1/status", "{\"status\": \"open\"}");

    /* the details now carry every event in order */
    CHECK_OK(hfhub_get_discussion_details(cw, "user/repo", 1, NULL, &d));
    if (d) {
        CHECK_STR(d->discussion.title, "Hello again");
        CHECK_INT(d->n_events, 6);
        if (d->n_events == 6) {
            CHECK(d->events[0].hidden && d->events[0].edited);
            CHECK_STR(d->events[2].type, "title-change");
            CHECK_STR(d->events[3].content, "bye");
            CHECK_STR(d->events[5].new_status, "open");
        }
        hfhub_discussion_details_free(d);
    }

    /* merge the PR, with and without a comment */
    CHECK_OK(hfhub_merge_pull_request(cw, "user/repo", 2, NULL, NULL));
    EXPECT_REQ("POST", "/merge$", "/api/models/user/repo/discussions/2/merge", "");
    CHECK_OK(hfhub_get_discussion_details(cw, "user/repo", 2, "model", &pr));
    if (pr) {
        CHECK_STR(pr->discussion.status, "merged");
        CHECK(pr->merge_commit_oid && strlen(pr->merge_commit_oid) == 40);
        hfhub_discussion_details_free(pr);
    }
    CHECK_INT(hfhub_merge_pull_request(cw, "user/repo", 2, "again", NULL), HFHUB_ERR_BAD_REQUEST);
    EXPECT_REQ("POST", "/merge$", "/api/models/user/repo/discussions/2/merge", "{\"comment\": \"again\"}");
}

typedef struct seen {
    int n, stop_at;
    char titles[8][32];
} seen;

static int on_discussion(void *user, const hfhub_discussion *d) {
    seen *s = (seen *)user;
    if (s->n < 8) snprintf(s->titles[s->n], sizeof s->titles[0], "%s", d->title ? d->title : "");
    return ++s->n == s->stop_at;
}

static void test_discussion_listing(void) {
    hfhub_discussion_list *l = NULL;
    hfhub_discussions_opts o;
    int i;
    char title[32];
    /* 2 so far (a discussion, a merged PR); 5 more discussions, 2 a page: 4 pages */
    for (i = 0; i < 5; i++) {
        snprintf(title, sizeof title, "d%d", i);
        CHECK_OK(hfhub_create_discussion(cw, "user/repo", title, NULL, NULL));
    }
    CHECK_OK(t_hub_admin(&hub, "POST", "config", "{\"discussions_page_size\": 2}", NULL));
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_get_repo_discussions(cr, "user/repo", NULL, &l));
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "/discussions(\\?|$)"), 4);
    EXPECT_REQ("GET", "/discussions(\\?|$)", "/api/models/user/repo/discussions?p=3", "");
    if (l) {
        CHECK_INT(l->n, 7);
        if (l->n == 7) {
            CHECK_STR(l->items[0].title, "d4"); /* newest first */
            CHECK_INT(l->items[6].num, 1);
            CHECK_STR(l->items[5].git_reference, "refs/pr/2");
        }
        hfhub_discussion_list_free(l);
    }
    /* the lazy form: one callback per discussion; a nonzero return stops the paging */
    {
        seen sn;
        memset(&sn, 0, sizeof sn);
        sn.stop_at = 3;
        t_hub_log_clear(&hub);
        CHECK_OK(hfhub_foreach_repo_discussion(cr, "user/repo", NULL, on_discussion, &sn));
        CHECK_INT(sn.n, 3);
        CHECK_STR(sn.titles[2], "d2");
        CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "/discussions(\\?|$)"), 2);
        memset(&sn, 0, sizeof sn);
        CHECK_OK(hfhub_foreach_repo_discussion(cr, "user/repo", NULL, on_discussion, &sn));
        CHECK_INT(sn.n, 7);
        CHECK_INT(hfhub_foreach_repo_discussion(cr, "user/repo", NULL, NULL, &sn), HFHUB_ERR_INVALID_ARG);
    }
    /* filters in Python's order, and a limit that stops paging */
    memset(&o, 0, sizeof o);
    o.discussion_type = "discussion";
    o.discussion_status = "open";
    o.author = "user name";
    o.limit = 3;
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_get_repo_discussions(cr, "user/repo", &o, &l));
    EXPECT_REQ("GET", "/discussions(\\?|$)", "/api/models/user/repo/discussions?p=0&type=discussion&status=open&author=user+name", "");
    if (l) {
        CHECK_INT(l->n, 0);
        hfhub_discussion_list_free(l);
    }
    o.author = "user";
    CHECK_OK(hfhub_get_repo_discussions(cr, "user/repo", &o, &l));
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "/discussions(\\?|$)"), 3); /* p=0, p=0, p=1 */
    if (l) {
        CHECK_INT(l->n, 3);
        hfhub_discussion_list_free(l);
    }
    o.discussion_status = "merged";
    CHECK_INT(hfhub_get_repo_discussions(cr, "user/repo", &o, &l), HFHUB_ERR_INVALID_ARG);
    CHECK(l == NULL);
    CHECK_OK(t_hub_admin(&hub, "POST", "config", "{\"discussions_page_size\": 50}", NULL));
}

static void test_discussion_errors(void) {
    hfhub_discussion_details *d = (hfhub_discussion_details *)1;
    hfhub_discussion_list *l = NULL;
    CHECK_INT(hfhub_get_discussion_details(cr, "user/repo", 99, NULL, &d), HFHUB_ERR_HTTP);
    CHECK_INT(hfhub_last_error()->http_status, 404);
    CHECK(d == NULL);
    CHECK_INT(hfhub_get_discussion_details(cr, "user/repo", 0, NULL, &d), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_get_repo_discussions(cr, "user/nope", NULL, &l), HFHUB_ERR_REPO_NOT_FOUND);
    CHECK_INT(hfhub_create_discussion(cr, "user/repo", "x", NULL, NULL), HFHUB_ERR_FORBIDDEN);
    CHECK_INT(hfhub_last_error()->http_status, 403);
    CHECK_INT(hfhub_create_discussion(cw, "user/repo", "  ", NULL, NULL), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_get_repo_discussions(cr, "bad--id", NULL, &l), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_comment_discussion(cw, "user/repo", 1, "x", "kernelz", NULL), HFHUB_ERR_INVALID_ARG);
}

static int on_collection(void *user, const hfhub_collection *col) {
    int *n = (int *)user;
    (*n)++;
    return col->title && !strcmp(col->title, "Second"); /* stop there */
}

static void test_collections(void) {
    hfhub_collection *col = NULL, *again = NULL;
    hfhub_collection_list *l = NULL;
    hfhub_create_collection_opts co;
    hfhub_update_collection_opts uo;
    hfhub_add_collection_item_opts ao;
    hfhub_list_collections_opts lo;
    char slug[256] = "", item_oid[64] = "", path[512];
    memset(&co, 0, sizeof co);
    co.description = "Mine";
    CHECK_OK(hfhub_create_collection(cw, "My things", &co, &col));
    EXPECT_REQ("POST", "/api/collections$", "/api/collections",
               "{\"title\": \"My things\", \"namespace\": \"user\", \"private\": false, \"description\": \"Mine\"}");
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "/api/whoami-v2$") >= 1, 1);
    if (!col) return;
    CHECK_STR(col->title, "My things");
    CHECK_STR(col->owner, "user");
    CHECK_STR(col->description, "Mine");
    CHECK(!col->is_private);
    CHECK_INT(col->n_items, 0);
    CHECK(col->slug && !strncmp(col->slug, "user/my-things-", 15));
    snprintf(slug, sizeof slug, "%s", col->slug ? col->slug : "");
    hfhub_collection_free(col);

    /* exists_ok: the 409 names the existing one */
    co.exists_ok = 1;
    co.namespace_ = "user";
    CHECK_OK(hfhub_create_collection(cw, "My things", &co, &again));
    if (again) {
        CHECK_STR(again->slug, slug);
        hfhub_collection_free(again);
    }
    co.exists_ok = 0;
    CHECK_INT(hfhub_create_collection(cw, "My things", &co, NULL), HFHUB_ERR_CONFLICT);

    memset(&ao, 0, sizeof ao);
    ao.note = "great";
    CHECK_OK(hfhub_add_collection_item(cw, slug, "user/repo", "model", &ao, &col));
    snprintf(path, sizeof path, "/api/collections/%s/items", slug);
    EXPECT_REQ("POST", "/items$", path, "{\"item\": {\"id\": \"user/repo\", \"type\": \"model\"}, \"note\": \"great\"}");
    if (col) {
        CHECK_INT(col->n_items, 1);
        if (col->n_items == 1) {
            CHECK_STR(col->items[0].item_id, "user/repo");
            CHECK_STR(col->items[0].item_type, "model");
            CHECK_STR(col->items[0].note, "great");
            CHECK_INT(col->items[0].position, 0);
            snprintf(item_oid, sizeof item_oid, "%s", col->items[0].item_object_id ? col->items[0].item_object_id : "");
        }
        hfhub_collection_free(col);
    }
    CHECK_INT(hfhub_add_collection_item(cw, slug, "user/repo", "model", NULL, NULL), HFHUB_ERR_CONFLICT);
    ao.exists_ok = 1;
    CHECK_OK(hfhub_add_collection_item(cw, slug, "user/repo", "model", &ao, NULL));
    CHECK_OK(hfhub_add_collection_item(cw, slug, "user/space", "space", NULL, NULL));

    CHECK_OK(hfhub_update_collection_item(cw, slug, item_oid, "better", 5));
    snprintf(path, sizeof path, "/api/collections/%s/items/%s", slug, item_oid);
    EXPECT_REQ("PATCH", "/items/", path, "{\"position\": 5, \"note\": \"better\"}");

    memset(&uo, 0, sizeof uo);
    uo.title = "Renamed";
    uo.is_private = HFHUB_ON;
    uo.theme = "blue";
    CHECK_OK(hfhub_update_collection_metadata(cw, slug, &uo, &col));
    snprintf(path, sizeof path, "/api/collections/%s", slug);
    EXPECT_REQ("PATCH", "/api/collections/", path, "{\"private\": true, \"theme\": \"blue\", \"title\": \"Renamed\"}");
    if (col) {
        CHECK_STR(col->title, "Renamed");
        CHECK(col->is_private);
        CHECK_STR(col->theme, "blue");
        CHECK_INT(col->n_items, 2);
        if (col->n_items == 2) {
            CHECK_STR(col->items[1].note, "better"); /* position 5 sorts last */
            CHECK_INT(col->items[1].position, 5);
        }
        hfhub_collection_free(col);
    }

    CHECK_OK(hfhub_get_collection(cr, slug, &col));
    if (col) {
        char url[512];
        snprintf(url, sizeof url, "%s/collections/%s", hub.url, slug);
        CHECK_STR(col->url, url);
        hfhub_collection_free(col);
    }

    /* listing: 3 collections, 1 a page */
    CHECK_OK(hfhub_create_collection(cw, "Second", &co, NULL));
    CHECK_OK(hfhub_create_collection(cw, "Third", &co, NULL));
    CHECK_OK(t_hub_admin(&hub, "POST", "config", "{\"list_page_size\": 1}", NULL));
    t_hub_log_clear(&hub);
    memset(&lo, 0, sizeof lo);
    lo.owner = "user";
    lo.sort = "lastModified";
    CHECK_OK(hfhub_list_collections(cr, &lo, &l));
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "/api/collections(\\?|$)"), 3);
    if (l) {
        CHECK_INT(l->n, 3);
        hfhub_collection_list_free(l);
    }
    {
        int n = 0;
        t_hub_log_clear(&hub);
        CHECK_OK(hfhub_foreach_collection(cr, &lo, on_collection, &n));
        CHECK(n >= 1 && n <= 3);
        CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "/api/collections(\\?|$)"), n); /* one a page, none after the stop */
        n = 0;
        lo.limit = 1;
        CHECK_OK(hfhub_foreach_collection(cr, &lo, on_collection, &n));
        CHECK_INT(n, 1);
    }
    lo.limit = 2;
    lo.item = "models/user/repo";
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_list_collections(cr, &lo, &l));
    EXPECT_REQ("GET", "/api/collections(\\?|$)", "/api/collections?owner=user&item=models%2Fuser%2Frepo&sort=lastModified&limit=2", "");
    if (l) {
        CHECK_INT(l->n, 1);
        if (l->n == 1) CHECK_STR(l->items[0].slug, slug);
        hfhub_collection_list_free(l);
    }
    CHECK_OK(t_hub_admin(&hub, "POST", "config", "{\"list_page_size\": 1000}", NULL));

    CHECK_OK(hfhub_delete_collection_item(cw, slug, item_oid, 0));
    CHECK_INT(hfhub_delete_collection_item(cw, slug, item_oid, 0), HFHUB_ERR_HTTP);
    CHECK_INT(hfhub_last_error()->http_status, 404);
    CHECK_OK(hfhub_delete_collection_item(cw, slug, item_oid, 1));
    CHECK_INT(hfhub_delete_collection(cr, slug, 0), HFHUB_ERR_FORBIDDEN);
    CHECK_OK(hfhub_delete_collection(cw, slug, 0));
    EXPECT_REQ("DELETE", "/api/collections/", path, "");
    CHECK_INT(hfhub_delete_collection(cw, slug, 0), HFHUB_ERR_HTTP);
    CHECK_OK(hfhub_delete_collection(cw, slug, 1));
    CHECK_INT(hfhub_get_collection(cr, slug, &col), HFHUB_ERR_HTTP);
    CHECK(col == NULL);
}

/* Drains an access-request iterator: the count (-1 on failure) and the first item's status. */
static int access_drain(hfhub_iter *it, char *first_status, size_t cap) {
    const hfhub_access_request *a;
    int n = 0;
    hfhub_result r;
    if (first_status) first_status[0] = 0;
    while ((r = hfhub_iter_next_access_request(it, &a)) == HFHUB_OK && a) {
        if (!n && first_status) snprintf(first_status, cap, "%s", a->status ? a->status : "");
        n++;
    }
    return r ? -1 : n;
}

static void test_access_requests(void) {
    hfhub_iter *it = NULL;
    const hfhub_access_request *a = NULL;
    char st[32];
    CHECK_OK(hfhub_grant_access(cw, "user/gated", "alice", "dataset"));
    EXPECT_REQ("POST", "/grant$", "/api/datasets/user/gated/user-access-request/grant", "{\"user\": \"alice\"}");
    CHECK_OK(hfhub_list_accepted_access_requests(cw, "user/gated", "dataset", &it));
    CHECK_OK(hfhub_iter_next_access_request(it, &a));
    EXPECT_REQ("GET", "/accepted", "/api/datasets/user/gated/user-access-request/accepted", "");
    CHECK(a != NULL);
    if (a) {
        CHECK_STR(a->username, "alice");
        CHECK_STR(a->fullname, "Alice A");
        CHECK_STR(a->email, "alice@localhub.test");
        CHECK_STR(a->status, "accepted");
        CHECK(a->timestamp != NULL);
        CHECK_INT(hfhub_json_type_of(a->fields), HFHUB_JSON_OBJECT);
    }
    CHECK_OK(hfhub_iter_next_access_request(it, &a));
    CHECK(a == NULL);
    hfhub_iter_free(it);
    CHECK_OK(hfhub_reject_access_request(cw, "user/gated", "alice", "not now", "dataset"));
    EXPECT_REQ("POST", "/handle$", "/api/datasets/user/gated/user-access-request/handle",
               "{\"user\": \"alice\", \"status\": \"rejected\", \"rejectionReason\": \"not now\"}");
    CHECK_OK(hfhub_list_rejected_access_requests(cw, "user/gated", "dataset", &it));
    CHECK_INT(access_drain(it, st, sizeof st), 1);
    CHECK_STR(st, "rejected");
    hfhub_iter_free(it);
    CHECK_OK(hfhub_cancel_access_request(cw, "user/gated", "alice", "dataset"));
    EXPECT_REQ("POST", "/handle$", "/api/datasets/user/gated/user-access-request/handle",
               "{\"user\": \"alice\", \"status\": \"pending\"}");
    CHECK_OK(hfhub_list_pending_access_requests(cw, "user/gated", "dataset", &it));
    CHECK_INT(access_drain(it, st, sizeof st), 1);
    CHECK_STR(st, "pending");
    EXPECT_REQ("GET", "/pending", "/api/datasets/user/gated/user-access-request/pending", "");
    hfhub_iter_free(it);
    CHECK_OK(hfhub_accept_access_request(cw, "user/gated", "alice", "dataset"));
    EXPECT_REQ("POST", "/handle$", "/api/datasets/user/gated/user-access-request/handle",
               "{\"user\": \"alice\", \"status\": \"accepted\"}");
    CHECK_OK(hfhub_list_pending_access_requests(cw, "user/gated", "dataset", &it));
    CHECK_INT(access_drain(it, NULL, 0), 0);
    hfhub_iter_free(it);
    /* errors come with the first page: 403 for a read token, 404 for a missing repo */
    CHECK_OK(hfhub_list_pending_access_requests(cr, "user/gated", "dataset", &it));
    CHECK_INT(hfhub_iter_next_access_request(it, &a), HFHUB_ERR_FORBIDDEN);
    CHECK(a == NULL);
    CHECK_INT(hfhub_iter_next_access_request(it, &a), HFHUB_ERR_FORBIDDEN); /* sticky */
    hfhub_iter_free(it);
    CHECK_OK(hfhub_list_pending_access_requests(cw, "user/nope", "dataset", &it));
    CHECK_INT(hfhub_iter_next_access_request(it, &a), HFHUB_ERR_REPO_NOT_FOUND);
    hfhub_iter_free(it);
    CHECK_INT(hfhub_list_pending_access_requests(cw, "user/gated", "kernelz", &it), HFHUB_ERR_INVALID_ARG);
    CHECK(it == NULL);
    CHECK_INT(hfhub_iter_next_user(NULL, NULL), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_grant_access(cw, "user/gated", "nobody", "dataset"), HFHUB_ERR_HTTP);
    CHECK_INT(hfhub_last_error()->http_status, 404);
    CHECK_INT(hfhub_grant_access(cw, "user/gated", NULL, "dataset"), HFHUB_ERR_INVALID_ARG);
}

/* The access-request listings page lazily (Link rel="next"): 6 accepted users over pages of 2
 * are 3 GETs, each asked only when the previous page is read; an iterator freed mid-way
 * leaks nothing (ASan/valgrind) and fetches no further page. */
static void test_access_request_pages(void) {
    static const char *const users[] = {"u1", "u2", "u3", "u4", "u5"};
    hfhub_iter *it = NULL;
    const hfhub_access_request *a = NULL;
    char body[256];
    size_t i;
    for (i = 0; i < 5; i++) {
        snprintf(body, sizeof body, "{\"name\": \"%s\", \"token\": \"hf_%s\"}", users[i], users[i]);
        t_hub_admin(&hub, "POST", "users", body, NULL);
        CHECK_OK(hfhub_grant_access(cw, "user/gated", users[i], "dataset"));
    }
    CHECK_OK(t_hub_admin(&hub, "POST", "config", "{\"list_page_size\": 2}", NULL));
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_list_accepted_access_requests(cw, "user/gated", "dataset", &it));
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "/user-access-request/accepted"), 0); /* lazy */
    CHECK_INT(access_drain(it, NULL, 0), 6);
    CHECK_INT((int)hfhub_iter_pages(it), 3);
    CHECK_INT((int)hfhub_iter_count(it), 6);
    hfhub_iter_free(it);
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "/user-access-request/accepted"), 3);
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "/user-access-request/accepted.*cursor="), 2);
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_list_accepted_access_requests(cw, "user/gated", "dataset", &it));
    CHECK_OK(hfhub_iter_next_access_request(it, &a));
    CHECK(a && a->username && !strcmp(a->username, "alice"));
    CHECK_OK(hfhub_iter_next_access_request(it, &a));
    CHECK_OK(hfhub_iter_next_access_request(it, &a)); /* the second page */
    CHECK(a && a->username && !strcmp(a->username, "u2"));
    hfhub_iter_free(it); /* mid-way */
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "/user-access-request/accepted"), 2);
    CHECK_OK(t_hub_admin(&hub, "POST", "config", "{\"list_page_size\": 1000}", NULL));
}

/* dev mode's request shape; wait_for_space polls the runtime until a settled stage, with a
 * timeout; errors of the runtime call are returned. */
static void test_space_dev_mode_wait(void) {
    hfhub_space_runtime *rt = NULL;
    hfhub_wait_space_opts wo;
    CHECK_OK(hfhub_enable_space_dev_mode(cw, "user/space", &rt));
    EXPECT_REQ("POST", "/dev-mode$", "/api/spaces/user/space/dev-mode", "{\"enabled\": true}");
    CHECK(rt && rt->dev_mode == 1);
    hfhub_space_runtime_free(rt);
    CHECK_OK(hfhub_disable_space_dev_mode(cw, "user/space", NULL));
    EXPECT_REQ("POST", "/dev-mode$", "/api/spaces/user/space/dev-mode", "{\"enabled\": false}");
    CHECK_INT(hfhub_enable_space_dev_mode(cr, "user/space", NULL), HFHUB_ERR_FORBIDDEN);
    CHECK_INT(hfhub_enable_space_dev_mode(cw, "user/nope", NULL), HFHUB_ERR_REPO_NOT_FOUND);
    CHECK(hfhub_space_stage_is_transient("APP_STARTING") && !hfhub_space_stage_is_transient("RUNNING") &&
          !hfhub_space_stage_is_transient(NULL));
    memset(&wo, 0, sizeof wo);
    wo.poll_ms = 5;
    CHECK_OK(t_hub_admin(&hub, "POST", "space-stages",
                         "{\"repo\": \"user/space\", \"stages\": [\"BUILDING\", \"RUNNING_BUILDING\", \"APP_STARTING\", \"BUILD_ERROR\"]}", NULL));
    t_hub_log_clear(&hub);
    CHECK_OK(hfhub_wait_for_space(cr, "user/space", &wo, &rt));
    CHECK(rt && rt->stage && !strcmp(rt->stage, "BUILD_ERROR")); /* settled, though not running */
    hfhub_space_runtime_free(rt);
    CHECK_INT(t_hub_log_count(&hub, "hub", "GET", "/api/spaces/user/space/runtime$"), 4);
    CHECK_OK(t_hub_admin(&hub, "POST", "space-stages", "{\"repo\": \"user/space\", \"stages\": [\"BUILDING\"]}", NULL));
    wo.timeout_ms = 40;
    CHECK_INT(hfhub_wait_for_space(cr, "user/space", &wo, &rt), HFHUB_ERR_TIMEOUT);
    CHECK(rt == NULL);
    CHECK_INT(hfhub_wait_for_space(cr, "user/nope", &wo, NULL), HFHUB_ERR_REPO_NOT_FOUND);
    CHECK_OK(t_hub_admin(&hub, "POST", "space-stages", "{\"repo\": \"user/space\", \"stages\": [\"RUNNING\"]}", NULL));
    CHECK_OK(hfhub_wait_for_space(cr, "user/space", NULL, NULL));
}

typedef struct t_loglines {
    char text[1024];
    int n, stop_after;
} t_loglines;

static int t_logline(void *user, const char *line, const char *ts) {
    t_loglines *L = (t_loglines *)user;
    size_t k = strlen(L->text);
    snprintf(L->text + k, sizeof L->text - k, "%s|%s;", line, ts ? ts : "-");
    return ++L->n == L->stop_after;
}

/* Space logs: the route, SSE events in order, a silent open stream ending the listing
 * without --follow (read timeout), the callback stopping, errors mapped. */
static void test_space_logs(void) {
    hfhub_space_logs_opts o;
    t_loglines L;
    memset(&o, 0, sizeof o);
    memset(&L, 0, sizeof L);
    CHECK_OK(t_hub_admin(&hub, "POST", "space-logs", "{\"repo\": \"user/space\", \"run\": [\"hello\\n\", \"world\"], \"build\": [\"step 1\"]}", NULL));
    CHECK_OK(hfhub_fetch_space_logs(cr, "user/space", &o, t_logline, &L));
    EXPECT_REQ("GET", "/logs/", "/api/spaces/user/space/logs/run", "");
    CHECK_STR(L.text, "hello\n|2026-01-01T00:00:00.000Z;world|2026-01-01T00:00:01.000Z;");
    memset(&L, 0, sizeof L);
    o.build = 1;
    o.follow = 1;
    CHECK_OK(hfhub_fetch_space_logs(cr, "user/space", &o, t_logline, &L));
    EXPECT_REQ("GET", "/logs/", "/api/spaces/user/space/logs/build", "");
    CHECK_STR(L.text, "step 1|2026-01-01T00:00:00.000Z;");
    /* an open, silent stream: without follow, a read timeout ends the listing */
    CHECK_OK(t_hub_admin(&hub, "POST", "space-logs", "{\"repo\": \"user/space\", \"run\": [\"a\", \"b\"], \"hold\": 3}", NULL));
    memset(&L, 0, sizeof L);
    memset(&o, 0, sizeof o);
    o.read_timeout_ms = 300;
    CHECK_OK(hfhub_fetch_space_logs(cr, "user/space", &o, t_logline, &L));
    CHECK_INT(L.n, 2);
    o.follow = 1; /* following, the same timeout is a failure */
    memset(&L, 0, sizeof L);
    CHECK_INT(hfhub_fetch_space_logs(cr, "user/space", &o, t_logline, &L), HFHUB_ERR_TIMEOUT);
    CHECK_OK(t_hub_admin(&hub, "POST", "space-logs", "{\"repo\": \"user/space\", \"run\": [\"a\", \"b\", \"c\"]}", NULL));
    memset(&L, 0, sizeof L);
    L.stop_after = 2;
    CHECK_INT(hfhub_fetch_space_logs(cr, "user/space", NULL, t_logline, &L), HFHUB_ERR_CANCELLED);
    CHECK_INT(L.n, 2);
    CHECK_INT(hfhub_fetch_space_logs(cr, "user/nope", NULL, t_logline, &L), HFHUB_ERR_REPO_NOT_FOUND);
    CHECK_INT(hfhub_fetch_space_logs(cr, "user/space", NULL, NULL, NULL), HFHUB_ERR_INVALID_ARG);
}

/* Space volumes: PUT's body (optional members omitted), the runtime shows them, DELETE;
 * bad arguments and a refused body. */
static void test_space_volumes(void) {
    hfhub_space_volume v[2];
    hfhub_space_runtime *rt = NULL;
    memset(v, 0, sizeof v);
    v[0].type = "model";
    v[0].source = "user/repo";
    v[0].mount_path = "/models";
    v[1].type = "bucket";
    v[1].source = "user/b";
    v[1].mount_path = "/data";
    v[1].revision = "main";
    v[1].path = "sub";
    v[1].read_only = HFHUB_OFF;
    CHECK_OK(hfhub_set_space_volumes(cw, "user/space", v, 2));
    EXPECT_REQ("PUT", "/volumes$", "/api/spaces/user/space/volumes",
               "{\"volumes\": [{\"type\": \"model\", \"source\": \"user/repo\", \"mountPath\": \"/models\"}, "
               "{\"type\": \"bucket\", \"source\": \"user/b\", \"mountPath\": \"/data\", \"revision\": \"main\", "
               "\"readOnly\": false, \"path\": \"sub\"}]}");
    CHECK_OK(hfhub_get_space_runtime(cr, "user/space", &rt));
    CHECK(rt && hfhub_json_len(hfhub_json_get(rt->json, "volumes")) == 2);
    hfhub_space_runtime_free(rt);
    CHECK_OK(hfhub_delete_space_volumes(cw, "user/space"));
    EXPECT_REQ("DELETE", "/volumes$", "/api/spaces/user/space/volumes", "");
    CHECK_OK(hfhub_get_space_runtime(cr, "user/space", &rt));
    CHECK(rt && hfhub_json_get(rt->json, "volumes") == NULL);
    hfhub_space_runtime_free(rt);
    v[0].mount_path = NULL;
    CHECK_INT(hfhub_set_space_volumes(cw, "user/space", v, 1), HFHUB_ERR_INVALID_ARG);
    v[0].mount_path = "relative";
    CHECK_INT(hfhub_set_space_volumes(cw, "user/space", v, 1), HFHUB_ERR_BAD_REQUEST);
    CHECK_INT(hfhub_set_space_volumes(cr, "user/space", v + 1, 1), HFHUB_ERR_FORBIDDEN);
}

static void test_spaces(void) {
    hfhub_space_runtime *rt = NULL;
    hfhub_space_variable_list *vl = NULL;
    hfhub_duplicate_space_opts dop;
    hfhub_space_kv sec;
    char *url = NULL, want[256];
    CHECK_OK(hfhub_get_space_runtime(cr, "user/space", &rt));
    EXPECT_REQ("GET", "/runtime$", "/api/spaces/user/space/runtime", "");
    if (rt) {
        CHECK(rt->stage != NULL);
        CHECK_STR(rt->hardware, "cpu-basic");
        CHECK_STR(rt->requested_hardware, "cpu-basic");
        CHECK_INT(rt->sleep_time, 172800);
        CHECK(rt->storage == NULL);
        CHECK(!rt->dev_mode);
        hfhub_space_runtime_free(rt);
    }
    CHECK_OK(hfhub_request_space_hardware(cw, "user/space", "t4-small", 3600, &rt));
    EXPECT_REQ("POST", "/hardware$", "/api/spaces/user/space/hardware", "{\"flavor\": \"t4-small\", \"sleepTimeSeconds\": 3600}");
    if (rt) {
        CHECK_STR(rt->requested_hardware, "t4-small");
        CHECK_INT(rt->sleep_time, 3600);
        hfhub_space_runtime_free(rt);
    }
    CHECK_OK(hfhub_set_space_sleep_time(cw, "user/space", -1, &rt));
    EXPECT_REQ("POST", "/sleeptime$", "/api/spaces/user/space/sleeptime", "{\"seconds\": -1}");
    if (rt) {
        CHECK_INT(rt->sleep_time, -1);
        hfhub_space_runtime_free(rt);
    }
    CHECK_OK(hfhub_pause_space(cw, "user/space", &rt));
    EXPECT_REQ("POST", "/pause$", "/api/spaces/user/space/pause", "");
    if (rt) {
        CHECK_STR(rt->stage, "PAUSED");
        hfhub_space_runtime_free(rt);
    }
    CHECK_OK(hfhub_restart_space(cw, "user/space", 1, NULL));
    EXPECT_REQ("POST", "/restart", "/api/spaces/user/space/restart?factory=true", "");
    CHECK_OK(hfhub_restart_space(cw, "user/space", 0, &rt));
    EXPECT_REQ("POST", "/restart", "/api/spaces/user/space/restart", "");
    if (rt) {
        CHECK_STR(rt->stage, "RUNNING");
        hfhub_space_runtime_free(rt);
    }
    CHECK_OK(hfhub_request_space_storage(cw, "user/space", "small", &rt));
    EXPECT_REQ("POST", "/storage$", "/api/spaces/user/space/storage", "{\"tier\": \"small\"}");
    if (rt) {
        CHECK_STR(rt->storage, "small");
        hfhub_space_runtime_free(rt);
    }
    CHECK_OK(hfhub_delete_space_storage(cw, "user/space", &rt));
    if (rt) {
        CHECK(rt->storage == NULL);
        hfhub_space_runtime_free(rt);
    }
    CHECK_INT(hfhub_pause_space(cr, "user/space", NULL), HFHUB_ERR_FORBIDDEN);
    CHECK_INT(hfhub_get_space_runtime(cr, "user/nospace", &rt), HFHUB_ERR_REPO_NOT_FOUND);
    CHECK(rt == NULL);

    /* secrets and variables */
    CHECK_OK(hfhub_add_space_secret(cw, "user/space", "TOKEN", "s3cret", "the token"));
    EXPECT_REQ("POST", "/secrets$", "/api/spaces/user/space/secrets",
               "{\"key\": \"TOKEN\", \"value\": \"s3cret\", \"description\": \"the token\"}");
    CHECK_OK(hfhub_get_space_secrets(cw, "user/space", &vl));
    if (vl) {
        CHECK_INT(vl->n, 1);
        if (vl->n == 1) {
            CHECK_STR(vl->items[0].key, "TOKEN");
            CHECK(vl->items[0].value == NULL);
            CHECK_STR(vl->items[0].description, "the token");
            CHECK(vl->items[0].updated_at != NULL);
        }
        hfhub_space_variable_list_free(vl);
    }
    CHECK_OK(hfhub_delete_space_secret(cw, "user/space", "TOKEN"));
    EXPECT_REQ("DELETE", "/secrets$", "/api/spaces/user/space/secrets", "{\"key\": \"TOKEN\"}");
    CHECK_OK(hfhub_add_space_variable(cw, "user/space", "MODEL", "gpt2", NULL, &vl));
    EXPECT_REQ("POST", "/variables$", "/api/spaces/user/space/variables", "{\"key\": \"MODEL\", \"value\": \"gpt2\"}");
    if (vl) {
        CHECK_INT(vl->n, 1);
        if (vl->n == 1) CHECK_STR(vl->items[0].value, "gpt2");
        hfhub_space_variable_list_free(vl);
    }
    CHECK_OK(hfhub_add_space_variable(cw, "user/space", "B", "2", "bee", NULL));
    CHECK_OK(hfhub_get_space_variables(cr == NULL ? cw : cw, "user/space", &vl));
    if (vl) {
        CHECK_INT(vl->n, 2);
        if (vl->n == 2) CHECK_STR(vl->items[1].description, "bee");
        hfhub_space_variable_list_free(vl);
    }
    CHECK_OK(hfhub_delete_space_variable(cw, "user/space", "MODEL", &vl));
    if (vl) {
        CHECK_INT(vl->n, 1);
        hfhub_space_variable_list_free(vl);
    }
    CHECK_INT(hfhub_add_space_variable(cw, "user/space", "1bad", "x", NULL, NULL), HFHUB_ERR_BAD_REQUEST);

    /* duplicate: to the user's namespace by default, exist_ok on the 409 */
    memset(&dop, 0, sizeof dop);
    dop.is_private = HFHUB_ON;
    dop.hardware = "cpu-upgrade";
    sec.key = "K";
    sec.value = "V";
    sec.description = NULL;
    dop.secrets = &sec;
    dop.n_secrets = 1;
    dop.to_id = "space-copy";
    CHECK_OK(hfhub_duplicate_space(cw, "user/space", &dop, &url));
    EXPECT_REQ("POST", "/duplicate$", "/api/spaces/user/space/duplicate",
               "{\"repository\": \"user/space-copy\", \"visibility\": \"private\", \"hardware\": \"cpu-upgrade\", "
               "\"secrets\": [{\"key\": \"K\", \"value\": \"V\"}]}");
    snprintf(want, sizeof want, "%s/spaces/user/space-copy", hub.url);
    CHECK_STR(url, want);
    hfhub_free(cw, url);
    url = NULL;
    CHECK_INT(hfhub_duplicate_space(cw, "user/space", &dop, &url), HFHUB_ERR_CONFLICT);
    CHECK(url == NULL);
    dop.exist_ok = 1;
    CHECK_OK(hfhub_duplicate_space(cw, "user/space", &dop, &url));
    CHECK_STR(url, want);
    hfhub_free(cw, url);
}

static void test_webhooks(void) {
    hfhub_webhook *w = NULL;
    hfhub_webhook_list *l = NULL;
    hfhub_webhook_opts o;
    hfhub_webhook_watched watched[2];
    const char *domains[1];
    char id[64] = "", path[256];
    watched[0].type = "model";
    watched[0].name = "user/repo";
    watched[1].type = "org";
    watched[1].name = "acme";
    domains[0] = "repo";
    memset(&o, 0, sizeof o);
    o.url = "https://example.com/hook";
    o.watched = watched;
    o.n_watched = 2;
    o.domains = domains;
    o.n_domains = 1;
    o.secret = "shh";
    CHECK_OK(hfhub_create_webhook(cw, &o, &w));
    EXPECT_REQ("POST", "/api/settings/webhooks$", "/api/settings/webhooks",
               "{\"watched\": [{\"type\": \"model\", \"name\": \"user/repo\"}, {\"type\": \"org\", \"name\": \"acme\"}], "
               "\"domains\": [\"repo\"], \"secret\": \"shh\", \"url\": \"https://example.com/hook\"}");
    if (!w) return;
    CHECK(w->id != NULL);
    snprintf(id, sizeof id, "%s", w->id ? w->id : "");
    CHECK_STR(w->url, "https://example.com/hook");
    CHECK(w->job_id == NULL);
    CHECK_STR(w->secret, "shh");
    CHECK_INT(w->n_watched, 2);
    if (w->n_watched == 2) CHECK_STR(w->watched[1].name, "acme");
    CHECK_INT(w->n_domains, 1);
    CHECK_STR(w->domains[0], "repo");
    CHECK(!w->disabled);
    hfhub_webhook_free(w);

    CHECK_OK(hfhub_disable_webhook(cw, id, &w));
    snprintf(path, sizeof path, "/api/settings/webhooks/%s/disable", id);
    EXPECT_REQ("POST", "/disable$", path, "");
    if (w) {
        CHECK(w->disabled);
        hfhub_webhook_free(w);
    }
    CHECK_OK(hfhub_enable_webhook(cw, id, NULL));
    memset(&o, 0, sizeof o);
    o.url = "https://example.com/v2";
    CHECK_OK(hfhub_update_webhook(cw, id, &o, &w));
    snprintf(path, sizeof path, "/api/settings/webhooks/%s", id);
    EXPECT_REQ("POST", "/api/settings/webhooks/[0-9a-f]+$", path,
               "{\"watched\": [], \"url\": \"https://example.com/v2\", \"domains\": null, \"secret\": null}");
    if (w) {
        CHECK_STR(w->url, "https://example.com/v2");
        CHECK_INT(w->n_watched, 0);
        CHECK_INT(w->n_domains, 1); /* kept */
        hfhub_webhook_free(w);
    }
    CHECK_OK(hfhub_get_webhook(cr, id, &w));
    if (w) {
        CHECK_STR(w->id, id);
        CHECK(!w->disabled);
        hfhub_webhook_free(w);
    }
    memset(&o, 0, sizeof o);
    o.job_id = "job123";
    CHECK_OK(hfhub_create_webhook(cw, &o, NULL));
    EXPECT_REQ("POST", "/api/settings/webhooks$", "/api/settings/webhooks",
               "{\"watched\": [], \"domains\": null, \"secret\": null, \"jobSourceId\": \"job123\"}");
    CHECK_OK(hfhub_list_webhooks(cr, &l));
    if (l) {
        CHECK_INT(l->n, 2);
        if (l->n == 2) CHECK_STR(l->items[1].job_id, "job123");
        hfhub_webhook_list_free(l);
    }
    o.url = "https://x";
    CHECK_INT(hfhub_create_webhook(cw, &o, NULL), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_disable_webhook(cr, id, NULL), HFHUB_ERR_FORBIDDEN);
    CHECK_OK(hfhub_delete_webhook(cw, id));
    snprintf(path, sizeof path, "/api/settings/webhooks/%s", id);
    EXPECT_REQ("DELETE", "/api/settings/webhooks/", path, "");
    CHECK_INT(hfhub_get_webhook(cr, id, &w), HFHUB_ERR_HTTP);
    CHECK_INT(hfhub_last_error()->http_status, 404);
    CHECK(w == NULL);
}

/* ---- typed readers on bad JSON (no server) ---------------------------------------------- */

static const hfhub_json_value *parse(hfhub__arena *ar, const char *text) {
    const hfhub_json_value *v = NULL;
    if (hfhub__json_parse_in(ar, text, strlen(text), 0, &v) != HFHUB_OK) return NULL;
    return v;
}

static void test_bad_json(void) {
    hfhub__arena ar;
    hfhub_discussion d;
    hfhub_discussion_details dd;
    hfhub_collection col;
    hfhub_access_request a;
    hfhub_space_runtime rt;
    hfhub_space_variable_list vl;
    hfhub_webhook w;
    hfhub__arena_init(&ar, NULL);
    /* mistyped fields read as defaults */
    CHECK_OK(hfhub__discussion_read(&ar, "http://h", parse(&ar, "{\"num\": \"7\", \"title\": 3, \"author\": null, "
                                                               "\"isPullRequest\": \"yes\", \"repo\": []}"), &d));
    CHECK_INT(d.num, 0);
    CHECK(d.title == NULL);
    CHECK_STR(d.author, "deleted");
    CHECK(!d.is_pull_request && d.url == NULL && d.repo_id == NULL);
    CHECK_OK(hfhub__discussion_read(&ar, "http://h", parse(&ar, "{\"num\": 3, \"isPullRequest\": true, "
                                                               "\"repo\": {\"name\": \"a/b\", \"type\": \"weird\"}}"), &d));
    CHECK_STR(d.git_reference, "refs/pr/3");
    CHECK_STR(d.url, "http://h/a/b/discussions/3");
    CHECK_INT(hfhub__discussion_read(&ar, "http://h", parse(&ar, "[]"), &d), HFHUB_ERR_PARSE);
    CHECK_INT(hfhub__discussion_read(&ar, "http://h", NULL, &d), HFHUB_ERR_PARSE);
    CHECK_OK(hfhub__discussion_details_read(&ar, "h", parse(&ar, "{\"isPullRequest\": true, \"events\": null, "
                                                                 "\"filesWithConflicts\": true, \"changes\": 5}"), &dd));
    CHECK_INT(dd.n_events, 0);
    CHECK(dd.conflicting_files_all && dd.n_conflicting_files == 0 && dd.conflicting_files && !dd.conflicting_files[0]);
    CHECK(dd.target_branch == NULL);
    CHECK_OK(hfhub__discussion_details_read(&ar, "h", parse(&ar, "{\"isPullRequest\": true, "
                                                                 "\"filesWithConflicts\": [\"a\", 1, \"b\"], "
                                                                 "\"events\": [{\"type\": \"comment\", \"data\": null}]}"), &dd));
    CHECK_INT(dd.n_conflicting_files, 2);
    CHECK_STR(dd.conflicting_files[1], "b");
    CHECK_INT(dd.n_events, 1);
    CHECK(dd.events[0].content == NULL);
    CHECK_INT(hfhub__discussion_details_read(&ar, "h", parse(&ar, "{\"events\": [1]}"), &dd), HFHUB_ERR_PARSE);

    CHECK_OK(hfhub__collection_read(&ar, "h", parse(&ar, "{\"slug\": null, \"owner\": \"x\", \"items\": {}, \"private\": 1}"), &col));
    CHECK_STR(col.owner, "x");
    CHECK_INT(col.n_items, 0);
    CHECK(!col.is_private && col.url == NULL);
    CHECK_INT(hfhub__collection_read(&ar, "h", parse(&ar, "{\"items\": [null]}"), &col), HFHUB_ERR_PARSE);
    CHECK_OK(hfhub__collection_read(&ar, "h", parse(&ar, "{\"items\": [{\"note\": \"plain\", \"position\": 1.5}]}"), &col));
    CHECK(col.items[0].note == NULL);
    CHECK_INT(col.items[0].position, 0);

    CHECK_OK(hfhub__access_request_read(parse(&ar, "{\"user\": \"alice\", \"fields\": []}"), &a));
    CHECK(a.username == NULL && a.fields == NULL);
    CHECK_INT(hfhub__access_request_read(parse(&ar, "\"x\""), &a), HFHUB_ERR_PARSE);

    CHECK_OK(hfhub__space_runtime_read(parse(&ar, "{\"hardware\": null, \"gcTimeout\": \"1\", \"storage\": {\"current\": \"large\"}}"), &rt));
    CHECK(rt.hardware == NULL && rt.stage == NULL);
    CHECK_INT(rt.sleep_time, -1);
    CHECK_STR(rt.storage, "large");
    CHECK_INT(hfhub__space_runtime_read(parse(&ar, "null"), &rt), HFHUB_ERR_PARSE);
    CHECK_OK(hfhub__space_variables_read(&ar, parse(&ar, "{\"A\": null, \"B\": {\"value\": 1}}"), &vl));
    CHECK_INT(vl.n, 2);
    CHECK_STR(vl.items[0].key, "A");
    CHECK(vl.items[1].value == NULL);
    CHECK_INT(hfhub__space_variables_read(&ar, parse(&ar, "[]"), &vl), HFHUB_ERR_PARSE);
    CHECK_OK(hfhub__space_variables_read(&ar, NULL, &vl)); /* an empty answer: no variables */
    CHECK_INT(vl.n, 0);

    CHECK_OK(hfhub__webhook_read(&ar, parse(&ar, "{\"watched\": [1, {\"type\": 2}], \"domains\": \"repo\", \"job\": \"j\"}"), &w));
    CHECK_INT(w.n_watched, 2);
    CHECK(w.watched[0].type == NULL && w.watched[1].type == NULL);
    CHECK_INT(w.n_domains, 0);
    CHECK(w.job_id == NULL);
    CHECK_INT(hfhub__webhook_read(&ar, parse(&ar, "1"), &w), HFHUB_ERR_PARSE);
    hfhub__arena_free(&ar);
}

/* Pages that are not what the listings expect: parse errors, nothing leaked. */
static void test_bad_pages(void) {
    hfhub_discussion_list *l = NULL;
    hfhub_collection_list *cl = NULL;
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"corrupt\", \"pattern\": \"/discussions$\", \"offset\": 0}"));
    CHECK_INT(hfhub_get_repo_discussions(cr, "user/repo", NULL, &l), HFHUB_ERR_PARSE);
    CHECK(l == NULL);
    CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"corrupt\", \"pattern\": \"/api/collections$\", \"offset\": 0}"));
    CHECK_INT(hfhub_list_collections(cr, NULL, &cl), HFHUB_ERR_PARSE);
    CHECK(cl == NULL);
    {
        hfhub_iter *it = NULL;
        const hfhub_access_request *a = NULL;
        hfhub_space_runtime *rt = NULL;
        /* a corrupted access-request page; a 503 then a good second page (retried) */
        CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"corrupt\", \"pattern\": \"/user-access-request/accepted$\", \"offset\": 0}"));
        CHECK_OK(hfhub_list_accepted_access_requests(cw, "user/gated", "dataset", &it));
        CHECK_INT(hfhub_iter_next_access_request(it, &a), HFHUB_ERR_PARSE);
        CHECK(a == NULL);
        hfhub_iter_free(it);
        CHECK_OK(t_hub_admin(&hub, "POST", "config", "{\"list_page_size\": 1}", NULL));
        CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"status\", \"status\": 429, \"retry_after\": 0, \"match_query\": true, "
                                   "\"pattern\": \"/user-access-request/accepted.*cursor=\"}"));
        CHECK_OK(hfhub_list_accepted_access_requests(cw, "user/gated", "dataset", &it));
        CHECK_OK(hfhub_iter_next_access_request(it, &a));
        CHECK_OK(hfhub_iter_next_access_request(it, &a)); /* the second page, after one 429 */
        CHECK(a != NULL);
        hfhub_iter_free(it);
        CHECK_OK(t_hub_admin(&hub, "POST", "config", "{\"list_page_size\": 1000}", NULL));
        CHECK_OK(t_hub_fault(&hub, "{\"kind\": \"corrupt\", \"pattern\": \"/api/spaces/user/space/runtime$\", \"offset\": 0}"));
        CHECK_INT(hfhub_wait_for_space(cr, "user/space", NULL, &rt), HFHUB_ERR_PARSE);
        CHECK(rt == NULL);
    }
}

int main(void) {
    if (t_hub_start(&hub) != 0) {
        fprintf(stderr, "localhub did not start\n");
        return 1;
    }
    t_hub_admin(&hub, "POST", "users", "{\"name\": \"alice\", \"token\": \"hf_alice\", \"fullname\": \"Alice A\"}", NULL);
    t_hub_seed(&hub, "{\"repo\": \"user/repo\", \"files\": {\"README.md\": \"hi\"}}", NULL);
    t_hub_seed(&hub, "{\"repo\": \"user/space\", \"type\": \"space\", \"files\": {\"app.py\": \"print(1)\"}}", NULL);
    t_hub_seed(&hub, "{\"repo\": \"user/gated\", \"type\": \"dataset\", \"gated\": \"manual\", \"files\": {\"a.txt\": \"a\"}}", NULL);
    cw = t_hub_client(&hub, T_HUB_WRITE_TOKEN, NULL);
    cr = t_hub_client(&hub, T_HUB_READ_TOKEN, NULL);
    RUN(test_discussions);
    RUN(test_discussion_listing);
    RUN(test_discussion_errors);
    RUN(test_collections);
    RUN(test_access_requests);
    RUN(test_access_request_pages);
    RUN(test_spaces);
    RUN(test_space_dev_mode_wait);
    RUN(test_space_logs);
    RUN(test_space_volumes);
    RUN(test_webhooks);
    RUN(test_bad_json);
    RUN(test_bad_pages);
    hfhub_client_free(cw);
    hfhub_client_free(cr);
    t_hub_stop(&hub);
    return TEST_END();
}
