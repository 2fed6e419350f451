/* collections_int.h: the typed reader of collection JSON (library-internal, fuzzed). */
HFHUB__API hfhub_result hfhub__collection_read(hfhub__arena *ar, const char *endpoint, const hfhub_json_value *v,
                                              hfhub_collection *col);
