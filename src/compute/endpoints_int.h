/* endpoints_int.h: the Endpoint parser, for the fuzz harness (library-internal). */

/* Fills e from an Endpoint JSON object (strings point into v; ns is kept as given). */
HFHUB__API hfhub_result hfhub__endpoint_parse(const char *ns, const hfhub_json_value *v, hfhub_inference_endpoint *e);
