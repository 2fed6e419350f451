/* bucket_upload_int.h: the Xet upload entry point bucket uploads share with
 * hfhub_xet_upload_files (library-internal). */

#ifndef HFHUB_NO_STDIO
/* Uploads local files through the CAS whose write token comes from refresh_url (a
 * xet-write-token route): hfhub_xet_upload_files without the repo-specific URL. */
HFHUB__API hfhub_result hfhub__xet_upload_paths(hfhub_client *c, const char *refresh_url, const char *const *paths,
                                               size_t n, const hfhub_xet_upload_opts *opts, hfhub_xet_uploaded *out,
                                               hfhub_xet_upload_stats *stats);
#endif
