/* discussions_int.h: the typed readers of discussion JSON (library-internal, fuzzed). */

/* Reads one discussion object (list item or details) into d; strings point into v, the URL
 * is built in ar from endpoint. HFHUB_ERR_PARSE when v is not an object. */
HFHUB__API hfhub_result hfhub__discussion_read(hfhub__arena *ar, const char *endpoint, const hfhub_json_value *v,
                                              hfhub_discussion *d);
HFHUB__API hfhub_result hfhub__discussion_event_read(const hfhub_json_value *v, hfhub_discussion_event *e);
HFHUB__API hfhub_result hfhub__discussion_details_read(hfhub__arena *ar, const char *endpoint,
                                                      const hfhub_json_value *v, hfhub_discussion_details *d);
