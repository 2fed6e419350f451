/* access_int.h: the typed reader of access-request JSON (library-internal, fuzzed). */
HFHUB__API hfhub_result hfhub__access_request_read(const hfhub_json_value *v, hfhub_access_request *a);
