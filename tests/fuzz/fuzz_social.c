/* fuzz_social.c: libFuzzer harness for the typed readers of the community API (discussions
 * and their details and events, collections, access requests, Space runtimes and variable
 * maps, webhooks). Each accepted JSON document is read by every reader, as a whole and item
 * by item; every string a reader hands out must be NUL-terminated and every count must
 * match its array (ASan checks the reads). */
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub_xet.h"
#include <stdlib.h>
#include <string.h>

static size_t fz_sink;

static void fz_s(const char *s) {
    if (s) fz_sink += strlen(s);
}

static void fz_event(const hfhub_discussion_event *e) {
    fz_s(e->id), fz_s(e->type), fz_s(e->created_at), fz_s(e->author), fz_s(e->content);
    fz_s(e->new_status), fz_s(e->summary), fz_s(e->oid), fz_s(e->old_title), fz_s(e->new_title);
}

static void fz_discussion(const hfhub_discussion *d) {
    fz_s(d->title), fz_s(d->status), fz_s(d->author), fz_s(d->created_at), fz_s(d->repo_id);
    fz_s(d->repo_type), fz_s(d->git_reference), fz_s(d->url);
}

static void fz_readers(hfhub__arena *ar, const hfhub_json_value *v) {
    hfhub_discussion d;
    hfhub_discussion_details dd;
    hfhub_discussion_event e;
    hfhub_collection col;
    hfhub_access_request a;
    hfhub_space_runtime rt;
    hfhub_space_variable_list vl;
    hfhub_webhook w;
    size_t i;
    if (!hfhub__discussion_read(ar, "https://huggingface.co", v, &d)) fz_discussion(&d);
    if (!hfhub__discussion_event_read(v, &e)) fz_event(&e);
    if (!hfhub__discussion_details_read(ar, "https://huggingface.co", v, &dd)) {
        fz_discussion(&dd.discussion);
        for (i = 0; i < dd.n_events; i++) fz_event(&dd.events[i]);
        for (i = 0; i < dd.n_conflicting_files; i++) fz_s(dd.conflicting_files[i]);
        if (dd.conflicting_files[dd.n_conflicting_files]) abort();
        fz_s(dd.target_branch), fz_s(dd.merge_commit_oid), fz_s(dd.diff);
    }
    if (!hfhub__collection_read(ar, "https://huggingface.co", v, &col)) {
        fz_s(col.slug), fz_s(col.title), fz_s(col.owner), fz_s(col.description), fz_s(col.url);
        for (i = 0; i < col.n_items; i++) {
            fz_s(col.items[i].item_object_id), fz_s(col.items[i].item_id);
            fz_s(col.items[i].item_type), fz_s(col.items[i].note);
        }
    }
    if (!hfhub__access_request_read(v, &a)) fz_s(a.username), fz_s(a.fullname), fz_s(a.email), fz_s(a.status);
    if (!hfhub__space_runtime_read(v, &rt)) fz_s(rt.stage), fz_s(rt.hardware), fz_s(rt.requested_hardware), fz_s(rt.storage);
    if (!hfhub__space_variables_read(ar, v, &vl))
        for (i = 0; i < vl.n; i++) fz_s(vl.items[i].key), fz_s(vl.items[i].value), fz_s(vl.items[i].description);
    if (!hfhub__webhook_read(ar, v, &w)) {
        fz_s(w.id), fz_s(w.url), fz_s(w.job_id), fz_s(w.secret);
        for (i = 0; i < w.n_watched; i++) fz_s(w.watched[i].type), fz_s(w.watched[i].name);
        for (i = 0; i < w.n_domains; i++) fz_s(w.domains[i]);
        if (w.domains[w.n_domains]) abort();
    }
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    hfhub__arena ar;
    const hfhub_json_value *root = NULL;
    size_t i;
    hfhub__arena_init(&ar, NULL);
    if (hfhub__json_parse_in(&ar, (const char *)data, size, 64, &root) == HFHUB_OK) {
        fz_readers(&ar, root);
        /* list answers: every item, and the `discussions` / `webhook` / `data` wrappers */
        for (i = 0; i < hfhub_json_len(root) && i < 64; i++) fz_readers(&ar, hfhub_json_at(root, i));
        fz_readers(&ar, hfhub_json_get(root, "webhook"));
        fz_readers(&ar, hfhub_json_get(root, "data"));
    }
    hfhub__arena_free(&ar);
    return 0;
}
