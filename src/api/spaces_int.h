/* spaces_int.h: the typed readers of Space JSON (library-internal, fuzzed). */
HFHUB__API hfhub_result hfhub__space_runtime_read(const hfhub_json_value *v, hfhub_space_runtime *rt);
/* A map {"KEY": {"value", "description", "updatedAt"}} into items (allocated in ar). */
HFHUB__API hfhub_result hfhub__space_variables_read(hfhub__arena *ar, const hfhub_json_value *v,
                                                   hfhub_space_variable_list *l);
