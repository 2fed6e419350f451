/* compute_out.h: Python's printing of `hf jobs` / `hf endpoints` values: json.dumps
 * (ensure_ascii, indented or compact), str() of dicts and lists, out.table over dicts with
 * auto-detected headers, out.dict, and the dicts _dataclass_to_dict makes of a JobInfo or a
 * ScheduledJobInfo (snake_case fields in dataclass order, None dropped, dates in isoformat). */
#ifndef HF_COMPUTE_OUT_H
#define HF_COMPUTE_OUT_H
#include <stdio.h>
#include "hfhub.h"
#include "output.h"

/* A growable string (malloc). */
typedef struct hf_cstr {
    char *p;
    size_t n, cap;
} hf_cstr;
void hf_cstr_putn(hf_cstr *b, const char *s, size_t n);
void hf_cstr_puts(hf_cstr *b, const char *s);

/* json.dumps(v, indent=indent) with ensure_ascii; indent 0: json.dumps(v) (", " and ": "). */
void hf_json_dumps(hf_cstr *b, const hfhub_json_value *v, int indent);
/* str(v) of the Python value: a string as is, dicts and lists as their repr. */
void hf_py_str(hf_cstr *b, const hfhub_json_value *v);
/* _format_table_value_human (before truncation). */
void hf_py_human(hf_cstr *b, const hfhub_json_value *v);

/* out.table(items, id_key=id_key) for an array of objects, headers from the first item. */
void hf_out_items(const hf_out *o, const hfhub_json_value *items, const char *id_key);
/* The same with explicit headers (NULL: auto). */
void hf_out_items_headers(const hf_out *o, const hfhub_json_value *items, const char *const *headers,
                          size_t n_headers, const char *id_key);
/* A string as json.dumps writes it. */
void hf_json_dumps_str(hf_cstr *b, const char *s);
/* out.dict(v): indent 2 in human mode, compact otherwise. */
void hf_out_dict(const hf_out *o, const hfhub_json_value *v);

/* _surface_name(_dataclass_to_dict(JobInfo(**raw))) (scheduled: of ScheduledJobInfo), as
 * JSON text appended to b; endpoint is the Hub URL (JobInfo.endpoint). */
void hf_job_dict(hf_cstr *b, const hfhub_json_value *raw, const char *endpoint, int scheduled);

#endif
