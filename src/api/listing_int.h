/* listing_int.h: the user parser users.c shares (library-internal). */

/* Fills *out from a user object (overview, member, follower, liker). */
HFHUB__API void hfhub__user_fill(const hfhub_json_value *v, hfhub_user *out);
/* The listing parser of users (an hfhub__iter_parse_fn). */
HFHUB__API hfhub_result hfhub__user_item(hfhub__arena *ar, const hfhub_json_value *item, const char *ctx, void **out);
