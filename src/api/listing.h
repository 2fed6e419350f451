/* listing.h: lazy listings (spec/hub-api.md §5.3-§5.6): models, datasets and spaces with
 * Python's filters; a repo's tree, paths-info, files, refs, commits and likers; likes.
 *
 *     hfhub_list_repos_opts o = {0};
 *     hfhub_iter *it;
 *     const hfhub_info *m;
 *     o.author = "openai"; o.sort = "downloads"; o.limit = 10;
 *     if (hfhub_list_models(c, &o, &it) == HFHUB_OK) {
 *         while (hfhub_iter_next_repo(it, &m) == HFHUB_OK && m) puts(m->id);
 *         hfhub_iter_free(it);
 *     }
 *
 * Nothing is sent before the first next call; an error (also of a later page) is returned
 * by next and stays. */

/* Options of list_models / list_datasets / list_spaces; zero means "not sent". Lists are
 * pointer + count; every string is sent as given (repeated parameters for lists). */
typedef struct hfhub_list_repos_opts {
    const char *search;               /* contained in the id */
    const char *author;
    const char *const *filter;        /* tags ("filter", repeated) */
    size_t n_filter;
    const char *sort;                 /* "created_at"/"createdAt", "downloads", "last_modified"/
                                         "lastModified", "likes", "trending_score"/"trendingScore" */
    int direction;                    /* deprecated in Python; -1 sends direction=-1, 0 nothing */
    uint64_t limit;                   /* 0: all; else sent as limit= and the listing stops there */
    const char *const *expand;        /* properties to return (only those); not with full */
    size_t n_expand;
    int full;                         /* full=true */
    /* models */
    const char *model_name;           /* another search term */
    const char *const *trained_dataset; /* filter=dataset:<x> */
    size_t n_trained_dataset;
    const char *const *apps;
    size_t n_apps;
    int gated;                        /* models and datasets: HFHUB_ON gated=true, HFHUB_OFF false */
    const char *inference;            /* "warm" */
    const char *const *inference_provider; /* "all" or provider names */
    size_t n_inference_provider;
    const char *pipeline_tag;
    const char *num_parameters;       /* e.g. "min:1B,max:10B" */
    int card_data;                    /* cardData=true */
    int fetch_config;                 /* config=true */
    /* datasets: each becomes filter=<key>:<value> (unless it already starts with "<key>:") */
    const char *const *language_creators; size_t n_language_creators;
    const char *const *language; size_t n_language;
    const char *const *multilinguality; size_t n_multilinguality;
    const char *const *size_categories; size_t n_size_categories;
    const char *const *task_categories; size_t n_task_categories;
    const char *const *task_ids; size_t n_task_ids;
    const char *benchmark;            /* "official" -> filter=benchmark:official */
    const char *dataset_name;         /* another search term */
    /* spaces */
    const char *const *datasets; size_t n_datasets;
    const char *const *models; size_t n_models;
    int linked;                       /* linked=true */
    hfhub_api_opts api;
} hfhub_list_repos_opts;

/* GET {E}/api/models|datasets|spaces, paginated. opts may be NULL. */
HFHUB_API hfhub_result hfhub_list_models(hfhub_client *c, const hfhub_list_repos_opts *opts, hfhub_iter **out);
HFHUB_API hfhub_result hfhub_list_datasets(hfhub_client *c, const hfhub_list_repos_opts *opts, hfhub_iter **out);
HFHUB_API hfhub_result hfhub_list_spaces(hfhub_client *c, const hfhub_list_repos_opts *opts, hfhub_iter **out);
/* The next repo of a model/dataset/space listing (*info NULL at the end). */
HFHUB_API hfhub_result hfhub_iter_next_repo(hfhub_iter *it, const hfhub_info **info);

/* Options of the calls on one repo. */
typedef struct hfhub_repo_read_opts {
    const char *repo_type;            /* NULL: "model" */
    const char *revision;             /* NULL: "main" */
    hfhub_api_opts api;
} hfhub_repo_read_opts;

typedef struct hfhub_last_commit {
    const char *oid, *title, *date;
} hfhub_last_commit;

/* A file or folder of a tree (Python's RepoFile / RepoFolder). */
typedef struct hfhub_repo_entry {
    int is_file;                      /* 0: a folder (any type other than "file") */
    const char *path;
    const char *oid;                  /* the blob id of a file, the tree id of a folder */
    int64_t size;                     /* files; -1 if not given */
    const hfhub_blob_lfs *lfs;        /* NULL: not LFS */
    const char *xet_hash;             /* NULL: not Xet-backed */
    const hfhub_last_commit *last_commit;  /* with expand */
    const char *security_status;      /* with expand: securityFileStatus.status ("safe"...) */
    const hfhub_json_value *json;
} hfhub_repo_entry;

/* GET {E}/api/{T}/{repo}/tree/{rev}[/{path}]?recursive=..&expand=.. (both always sent). */
HFHUB_API hfhub_result hfhub_list_repo_tree(hfhub_client *c, const char *repo_id, const char *path_in_repo,
                                            int recursive, int expand, const hfhub_repo_read_opts *opts,
                                            hfhub_iter **out);
/* POST {E}/api/{T}/{repo}/paths-info/{rev} (form: paths=..&paths=..&expand=..): the entries
 * that exist, as an iterator over the one answer. */
HFHUB_API hfhub_result hfhub_get_paths_info(hfhub_client *c, const char *repo_id, const char *const *paths,
                                            size_t n_paths, int expand, const hfhub_repo_read_opts *opts,
                                            hfhub_iter **out);
/* The next tree entry of a tree or paths-info iterator. */
HFHUB_API hfhub_result hfhub_iter_next_entry(hfhub_iter *it, const hfhub_repo_entry **entry);

/* A list of strings (freed with hfhub_api_free). */
typedef struct hfhub_string_list {
    const char *const *items;
    size_t n;
} hfhub_string_list;
/* Python's list_repo_files: the paths of every file (recursive tree), in the tree's order. */
HFHUB_API hfhub_result hfhub_list_repo_files(hfhub_client *c, const char *repo_id, const hfhub_repo_read_opts *opts,
                                             hfhub_string_list **out);

typedef struct hfhub_git_ref {
    const char *name, *ref, *target_commit;
} hfhub_git_ref;
/* Python's GitRefs; pull_requests only with include_prs (else n_pull_requests 0, has_pull_requests 0). */
typedef struct hfhub_repo_refs {
    const hfhub_git_ref *branches; size_t n_branches;
    const hfhub_git_ref *converts; size_t n_converts;
    const hfhub_git_ref *tags; size_t n_tags;
    const hfhub_git_ref *pull_requests; size_t n_pull_requests;
    int has_pull_requests;
    const hfhub_json_value *json;
} hfhub_repo_refs;
/* GET {E}/api/{T}/{repo}/refs[?include_prs=1]; *out freed with hfhub_api_free. branches,
 * converts and tags are required in the answer (HFHUB_ERR_PARSE without them). */
HFHUB_API hfhub_result hfhub_list_repo_refs(hfhub_client *c, const char *repo_id, int include_prs,
                                            const hfhub_repo_read_opts *opts, hfhub_repo_refs **out);

/* Python's GitCommitInfo. */
typedef struct hfhub_git_commit {
    const char *commit_id;
    const char *const *authors; size_t n_authors;
    const char *created_at;           /* "date" as sent */
    const char *title, *message;
    const char *formatted_title, *formatted_message; /* with formatted */
    const hfhub_json_value *json;
} hfhub_git_commit;
/* GET {E}/api/{T}/{repo}/commits/{rev}[?expand[]=formatted], paginated, newest first. */
HFHUB_API hfhub_result hfhub_list_repo_commits(hfhub_client *c, const char *repo_id, int formatted,
                                               const hfhub_repo_read_opts *opts, hfhub_iter **out);
HFHUB_API hfhub_result hfhub_iter_next_commit(hfhub_iter *it, const hfhub_git_commit **commit);

/* A Hub user or organization member (Python's User); the overview has the counts. */
typedef struct hfhub_user {
    const char *username;             /* "user" (or "name") */
    const char *fullname, *avatar_url, *details, *type;
    int is_pro, is_following;         /* 1, 0, or -1 when not given */
    int64_t num_models, num_datasets, num_spaces, num_discussions, num_papers, num_upvotes,
        num_likes, num_following, num_followers; /* -1: not given */
    const char *created_at;
    const hfhub_json_value *json;
} hfhub_user;
HFHUB_API hfhub_result hfhub_iter_next_user(hfhub_iter *it, const hfhub_user **user);

/* GET {E}/api/{T}/{repo}/likers, paginated (users). Of opts: repo_type and api. */
HFHUB_API hfhub_result hfhub_list_repo_likers(hfhub_client *c, const char *repo_id, const hfhub_repo_read_opts *opts,
                                              hfhub_iter **out);
/* DELETE {E}/api/{T}/{repo}/like. There is no like(): the Hub refuses likes from scripts. */
HFHUB_API hfhub_result hfhub_unlike(hfhub_client *c, const char *repo_id, const hfhub_repo_read_opts *opts);

typedef struct hfhub_liked_repo {
    const char *repo_id;              /* repo.name */
    const char *repo_type;            /* repo.type: "model", "dataset", "space"... */
    const hfhub_json_value *json;
} hfhub_liked_repo;
/* GET {E}/api/users/{user}/likes, paginated; user NULL: the token's user (whoami). */
HFHUB_API hfhub_result hfhub_list_liked_repos(hfhub_client *c, const char *user, const hfhub_api_opts *opts,
                                              hfhub_iter **out);
HFHUB_API hfhub_result hfhub_iter_next_liked(hfhub_iter *it, const hfhub_liked_repo **repo);
