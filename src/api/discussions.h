/* discussions.h: discussions and pull requests of a repo (HfApi.get_repo_discussions & co,
 * spec/hub-api.md §5.9).
 *
 * repo_type is NULL (model), "model", "dataset" or "space". Results are one block each, freed
 * by their _free call; every string points into the result, `json` is the server's object
 * (fields the structs do not name are read from it). A missing or mistyped field reads as
 * NULL / 0; an item that is not a JSON object is HFHUB_ERR_PARSE.
 *
 *     hfhub_discussion_list *l;
 *     if (hfhub_get_repo_discussions(c, "user/repo", NULL, &l) == HFHUB_OK) {
 *         for (size_t i = 0; i < l->n; i++) printf("#%d %s\n", (int)l->items[i].num, l->items[i].title);
 *         hfhub_discussion_list_free(l);
 *     }
 */

typedef struct hfhub_discussion {
    int64_t num;
    const char *title;
    const char *status;         /* "open", "closed", "merged" or "draft" */
    const char *author;         /* "deleted" when the server names none (as Python) */
    const char *created_at;     /* ISO 8601, as sent */
    const char *repo_id, *repo_type;
    int is_pull_request;
    const char *git_reference;  /* "refs/pr/<num>" for pull requests, else NULL */
    const char *url;            /* {endpoint}/{prefix}{repo_id}/discussions/{num} */
    const hfhub_json_value *json;
} hfhub_discussion;

/* One event of a discussion; the fields of other types are NULL / 0. */
typedef struct hfhub_discussion_event {
    const char *id, *type;      /* "comment", "status-change", "commit", "title-change", ... */
    const char *created_at, *author;
    const char *content;        /* comment: data.latest.raw */
    int edited, hidden;         /* comment */
    const char *new_status;     /* status-change: data.status */
    const char *summary, *oid;  /* commit: data.subject, data.oid */
    const char *old_title, *new_title; /* title-change: data.from, data.to */
    const hfhub_json_value *json;
} hfhub_discussion_event;

typedef struct hfhub_discussion_list {
    hfhub_discussion *items;
    size_t n;
} hfhub_discussion_list;

/* DiscussionWithDetails: the discussion, its events, and for pull requests the target
 * branch, merge commit, conflicting files and diff (NULL / 0 for discussions). */
typedef struct hfhub_discussion_details {
    hfhub_discussion discussion;
    hfhub_discussion_event *events;
    size_t n_events;
    const char *target_branch;
    const char *merge_commit_oid;
    const char *diff;
    const char **conflicting_files;   /* NULL-terminated */
    size_t n_conflicting_files;
    int conflicting_files_all;        /* the server answered `true` (conflicts, list unknown) */
} hfhub_discussion_details;

typedef struct hfhub_discussions_opts {
    const char *repo_type;
    const char *author;              /* NULL: anyone */
    const char *discussion_type;     /* NULL, "all", "discussion" or "pull_request" */
    const char *discussion_status;   /* NULL, "all", "open" or "closed" */
    size_t limit;                    /* stop after this many (0: all pages) */
} hfhub_discussions_opts;

/* GET .../discussions?p=0,1,... while start + len(discussions) < count. opts may be NULL. */
HFHUB_API hfhub_result hfhub_get_repo_discussions(hfhub_client *c, const char *repo_id,
                                                  const hfhub_discussions_opts *opts,
                                                  hfhub_discussion_list **out);
HFHUB_API void hfhub_discussion_list_free(hfhub_discussion_list *l);

/* Python's lazy iterator: the same pages, each discussion handed to fn as it is read (valid
 * during the call only), so memory stays at one page whatever the listing's size. A nonzero
 * return from fn stops the listing (HFHUB_OK). */
typedef int (*hfhub_discussion_fn)(void *user, const hfhub_discussion *d);
HFHUB_API hfhub_result hfhub_foreach_repo_discussion(hfhub_client *c, const char *repo_id,
                                                     const hfhub_discussions_opts *opts,
                                                     hfhub_discussion_fn fn, void *user);

/* GET .../discussions/{num}?diff=1 */
HFHUB_API hfhub_result hfhub_get_discussion_details(hfhub_client *c, const char *repo_id, int64_t num,
                                                    const char *repo_type, hfhub_discussion_details **out);
HFHUB_API void hfhub_discussion_details_free(hfhub_discussion_details *d);

typedef struct hfhub_create_discussion_opts {
    const char *repo_type;
    const char *description;  /* NULL or blank: a line saying it was opened with hfhub */
    int pull_request;         /* hfhub_create_pull_request sets it */
} hfhub_create_discussion_opts;

/* POST .../discussions {"title","description","pullRequest"}, then the details of the new
 * one into *out (out may be NULL). The title must not be blank. */
HFHUB_API hfhub_result hfhub_create_discussion(hfhub_client *c, const char *repo_id, const char *title,
                                               const hfhub_create_discussion_opts *opts,
                                               hfhub_discussion_details **out);
/* The same with pullRequest true (a draft PR whose git ref is refs/pr/<num>). */
HFHUB_API hfhub_result hfhub_create_pull_request(hfhub_client *c, const char *repo_id, const char *title,
                                                 const hfhub_create_discussion_opts *opts,
                                                 hfhub_discussion_details **out);

/* The calls below give the event the server answers into *out (out may be NULL), freed with
 * hfhub_discussion_event_free. */
HFHUB_API void hfhub_discussion_event_free(hfhub_discussion_event *e);
/* POST .../comment {"comment"} */
HFHUB_API hfhub_result hfhub_comment_discussion(hfhub_client *c, const char *repo_id, int64_t num,
                                                const char *comment, const char *repo_type,
                                                hfhub_discussion_event **out);
/* POST .../comment/{comment_id}/edit {"content"} */
HFHUB_API hfhub_result hfhub_edit_discussion_comment(hfhub_client *c, const char *repo_id, int64_t num,
                                                     const char *comment_id, const char *new_content,
                                                     const char *repo_type, hfhub_discussion_event **out);
/* POST .../comment/{comment_id}/hide (irreversible) */
HFHUB_API hfhub_result hfhub_hide_discussion_comment(hfhub_client *c, const char *repo_id, int64_t num,
                                                     const char *comment_id, const char *repo_type,
                                                     hfhub_discussion_event **out);
/* POST .../title {"title"} */
HFHUB_API hfhub_result hfhub_rename_discussion(hfhub_client *c, const char *repo_id, int64_t num,
                                               const char *new_title, const char *repo_type,
                                               hfhub_discussion_event **out);
/* POST .../status {"status": "open"|"closed", "comment"?} (comment NULL or blank: none) */
HFHUB_API hfhub_result hfhub_change_discussion_status(hfhub_client *c, const char *repo_id, int64_t num,
                                                      const char *new_status, const char *comment,
                                                      const char *repo_type, hfhub_discussion_event **out);
/* POST .../merge with {"comment"} when comment is not NULL or blank, else no body. */
HFHUB_API hfhub_result hfhub_merge_pull_request(hfhub_client *c, const char *repo_id, int64_t num,
                                                const char *comment, const char *repo_type);
