/* users.h: user and organization pages (spec/hub-api.md §5.6): overviews, members,
 * followers and following. Lists are iterators of hfhub_user (hfhub_iter_next_user). */

/* Python's Organization. */
typedef struct hfhub_organization {
    const char *name;
    const char *fullname, *avatar_url, *details;
    int is_verified, is_following;    /* 1, 0, or -1 when not given */
    int64_t num_users, num_models, num_spaces, num_datasets, num_followers; /* -1: not given */
    const hfhub_json_value *json;
} hfhub_organization;

/* GET {E}/api/users/{user}/overview; *out freed with hfhub_api_free. opts may be NULL. */
HFHUB_API hfhub_result hfhub_get_user_overview(hfhub_client *c, const char *username, const hfhub_api_opts *opts,
                                               hfhub_user **out);
/* GET {E}/api/organizations/{org}/overview; *out freed with hfhub_api_free. */
HFHUB_API hfhub_result hfhub_get_organization_overview(hfhub_client *c, const char *organization,
                                                       const hfhub_api_opts *opts, hfhub_organization **out);
/* Paginated lists of users: {E}/api/organizations/{org}/members, .../{org}/followers,
 * {E}/api/users/{user}/followers and .../{user}/following. */
HFHUB_API hfhub_result hfhub_list_organization_members(hfhub_client *c, const char *organization,
                                                       const hfhub_api_opts *opts, hfhub_iter **out);
HFHUB_API hfhub_result hfhub_list_organization_followers(hfhub_client *c, const char *organization,
                                                         const hfhub_api_opts *opts, hfhub_iter **out);
HFHUB_API hfhub_result hfhub_list_user_followers(hfhub_client *c, const char *username, const hfhub_api_opts *opts,
                                                 hfhub_iter **out);
HFHUB_API hfhub_result hfhub_list_user_following(hfhub_client *c, const char *username, const hfhub_api_opts *opts,
                                                 hfhub_iter **out);
