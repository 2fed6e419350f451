/* compute_out.c: Python's printing of values for `hf jobs` and `hf endpoints` (compute_out.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compute_out.h"

void hf_cstr_putn(hf_cstr *b, const char *s, size_t n) {
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *p;
        while (cap < b->n + n + 1) cap *= 2;
        p = (char *)realloc(b->p, cap);
        if (!p) {
            fprintf(stderr, "hf: out of memory\n");
            exit(1);
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

void hf_cstr_puts(hf_cstr *b, const char *s) { hf_cstr_putn(b, s, strlen(s)); }

static void hf_cstr_printf_u(hf_cstr *b, const char *fmt, unsigned v) {
    char tmp[16];
    snprintf(tmp, sizeof tmp, fmt, v);
    hf_cstr_puts(b, tmp);
}

/* One UTF-8 sequence at s (n bytes left): its code point and length; a bad byte is itself. */
static unsigned hf_utf8_next(const unsigned char *s, size_t n, size_t *len) {
    unsigned cp = s[0];
    size_t k, need = cp >= 0xF0 && cp < 0xF8 ? 4 : cp >= 0xE0 ? 3 : cp >= 0xC0 ? 2 : 1;
    *len = 1;
    if (cp < 0x80 || need == 1 || need > n) return cp;
    cp &= 0xFFu >> (need + 1);
    for (k = 1; k < need; k++) {
        if ((s[k] & 0xC0) != 0x80) return s[0];
        cp = (cp << 6) | (s[k] & 0x3Fu);
    }
    *len = need;
    return cp;
}

/* A JSON string as json.dumps writes it (ensure_ascii: \uXXXX beyond ' '..'~'). */
static void hf_json_string(hf_cstr *b, const char *s, size_t n) {
    size_t i = 0;
    hf_cstr_puts(b, "\"");
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        size_t len = 1;
        unsigned cp;
        if (c == '"' || c == '\\') {
            char esc[3] = {'\\', (char)c, 0};
            hf_cstr_puts(b, esc);
        } else if (c == '\n') hf_cstr_puts(b, "\\n");
        else if (c == '\r') hf_cstr_puts(b, "\\r");
        else if (c == '\t') hf_cstr_puts(b, "\\t");
        else if (c == '\b') hf_cstr_puts(b, "\\b");
        else if (c == '\f') hf_cstr_puts(b, "\\f");
        else if (c >= 0x20 && c < 0x7F) hf_cstr_putn(b, (const char *)&s[i], 1);
        else {
            cp = hf_utf8_next((const unsigned char *)s + i, n - i, &len);
            if (cp >= 0x10000) {
                cp -= 0x10000;
                hf_cstr_printf_u(b, "\\u%04x", 0xD800 + (cp >> 10));
                hf_cstr_printf_u(b, "\\u%04x", 0xDC00 + (cp & 0x3FF));
            } else {
                hf_cstr_printf_u(b, "\\u%04x", cp);
            }
        }
        i += len;
    }
    hf_cstr_puts(b, "\"");
}

static void hf_json_newline(hf_cstr *b, int indent, int level) {
    int i;
    hf_cstr_puts(b, "\n");
    for (i = 0; i < indent * level; i++) hf_cstr_puts(b, " ");
}

static void hf_json_dumps_at(hf_cstr *b, const hfhub_json_value *v, int indent, int level) {
    size_t i, n = hfhub_json_len(v), len;
    const char *s;
    int obj = hfhub_json_type_of(v) == HFHUB_JSON_OBJECT;
    switch (hfhub_json_type_of(v)) {
    case HFHUB_JSON_BOOL: hf_cstr_puts(b, hfhub_json_bool(v, 0) ? "true" : "false"); return;
    case HFHUB_JSON_NUMBER: s = hfhub_json_number_raw(v, &len); hf_cstr_putn(b, s, len); return;
    case HFHUB_JSON_STRING: s = hfhub_json_strn(v, &len); hf_json_string(b, s, len); return;
    case HFHUB_JSON_ARRAY: case HFHUB_JSON_OBJECT: break;
    default: hf_cstr_puts(b, "null"); return;
    }
    hf_cstr_puts(b, obj ? "{" : "[");
    for (i = 0; i < n; i++) {
        if (i) hf_cstr_puts(b, indent ? "," : ", ");
        if (indent) hf_json_newline(b, indent, level + 1);
        if (obj) {
            s = hfhub_json_key_at(v, i, &len);
            hf_json_string(b, s, len);
            hf_cstr_puts(b, ": ");
        }
        hf_json_dumps_at(b, hfhub_json_at(v, i), indent, level + 1);
    }
    if (n && indent) hf_json_newline(b, indent, level);
    hf_cstr_puts(b, obj ? "}" : "]");
}

void hf_json_dumps(hf_cstr *b, const hfhub_json_value *v, int indent) { hf_json_dumps_at(b, v, indent, 0); }

/* repr(str): single quotes unless the text has ' and no ". */
static void hf_py_repr_str(hf_cstr *b, const char *s, size_t n) {
    char q = memchr(s, '\'', n) && !memchr(s, '"', n) ? '"' : '\'';
    size_t i;
    hf_cstr_putn(b, &q, 1);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\' || c == (unsigned char)q) {
            char esc[3] = {'\\', (char)c, 0};
            hf_cstr_puts(b, esc);
        } else if (c == '\n') hf_cstr_puts(b, "\\n");
        else if (c == '\r') hf_cstr_puts(b, "\\r");
        else if (c == '\t') hf_cstr_puts(b, "\\t");
        else if (c < 0x20 || c == 0x7F) hf_cstr_printf_u(b, "\\x%02x", c);
        else hf_cstr_putn(b, (const char *)&s[i], 1);
    }
    hf_cstr_putn(b, &q, 1);
}

static void hf_py_repr(hf_cstr *b, const hfhub_json_value *v) {
    size_t i, n = hfhub_json_len(v), len;
    const char *s;
    int obj = hfhub_json_type_of(v) == HFHUB_JSON_OBJECT;
    switch (hfhub_json_type_of(v)) {
    case HFHUB_JSON_BOOL: hf_cstr_puts(b, hfhub_json_bool(v, 0) ? "True" : "False"); return;
    case HFHUB_JSON_NUMBER: s = hfhub_json_number_raw(v, &len); hf_cstr_putn(b, s, len); return;
    case HFHUB_JSON_STRING: s = hfhub_json_strn(v, &len); hf_py_repr_str(b, s, len); return;
    case HFHUB_JSON_ARRAY: case HFHUB_JSON_OBJECT: break;
    default: hf_cstr_puts(b, "None"); return;
    }
    hf_cstr_puts(b, obj ? "{" : "[");
    for (i = 0; i < n; i++) {
        if (i) hf_cstr_puts(b, ", ");
        if (obj) {
            s = hfhub_json_key_at(v, i, &len);
            hf_py_repr_str(b, s, len);
            hf_cstr_puts(b, ": ");
        }
        hf_py_repr(b, hfhub_json_at(v, i));
    }
    hf_cstr_puts(b, obj ? "}" : "]");
}

void hf_py_str(hf_cstr *b, const hfhub_json_value *v) {
    size_t len;
    const char *s;
    if (hfhub_json_type_of(v) == HFHUB_JSON_STRING) {
        s = hfhub_json_strn(v, &len);
        hf_cstr_putn(b, s, len);
    } else {
        hf_py_repr(b, v);
    }
}

/* ^\d{4}-\d{2}-\d{2}T */
static int hf_py_is_date(const char *s, size_t n) {
    static const char pat[] = "dddd-dd-ddT";
    size_t i;
    if (n < 11) return 0;
    for (i = 0; i < 11; i++)
        if (pat[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != pat[i]) return 0;
    return 1;
}

void hf_py_human(hf_cstr *b, const hfhub_json_value *v) {
    size_t i, n = hfhub_json_len(v), len;
    const char *s;
    switch (hfhub_json_type_of(v)) {
    case HFHUB_JSON_BOOL: hf_cstr_puts(b, hfhub_json_bool(v, 0) ? "\xe2\x9c\x94" : ""); return;
    case HFHUB_JSON_NUMBER: hf_py_str(b, v); return;
    case HFHUB_JSON_STRING:
        s = hfhub_json_strn(v, &len);
        hf_cstr_putn(b, s, hf_py_is_date(s, len) ? 10 : len);
        return;
    case HFHUB_JSON_ARRAY:
        for (i = 0; i < n; i++) {
            if (i) hf_cstr_puts(b, ", ");
            hf_py_human(b, hfhub_json_at(v, i));
        }
        return;
    case HFHUB_JSON_OBJECT:
        if (hfhub_json_get(v, "name")) hf_py_str(b, hfhub_json_get(v, "name"));   /* a user or an org */
        else hf_json_dumps(b, v, 0);
        return;
    default: return;
    }
}

static int hf_present(const hfhub_json_value *v) {
    return v && hfhub_json_type_of(v) != HFHUB_JSON_NULL && hfhub_json_type_of(v) != HFHUB_JSON_NONE;
}

/* The auto headers: the first item's keys that some item has a non-None value for. */
static size_t hf_items_headers(const hfhub_json_value *items, const char **hdr, size_t cap) {
    const hfhub_json_value *first = hfhub_json_at(items, 0);
    size_t k, i, n = 0;
    for (k = 0; k < hfhub_json_len(first) && n < cap; k++) {
        const char *key = hfhub_json_key_at(first, k, NULL);
        for (i = 0; i < hfhub_json_len(items); i++)
            if (hf_present(hfhub_json_get(hfhub_json_at(items, i), key))) {
                hdr[n++] = key;
                break;
            }
    }
    return n;
}

static void hf_items_human(const hf_out *o, const hfhub_json_value *items, const char **hdr, size_t nh,
                           const char *id_key) {
    size_t rows = hfhub_json_len(items), r, c;
    hf_val *cells = (hf_val *)calloc(rows * nh + 1, sizeof *cells);
    hf_cstr *text = (hf_cstr *)calloc(rows * nh + 1, sizeof *text);
    size_t *idx = (size_t *)calloc(nh + 1, sizeof *idx);
    hf_table t;
    if (!cells || !text || !idx) {
        fprintf(stderr, "hf: out of memory\n");
        exit(1);
    }
    memset(&t, 0, sizeof t);
    t.id_col = nh;
    for (c = 0; c < nh; c++) {
        idx[c] = c;
        if (id_key && !strcmp(hdr[c], id_key)) t.id_col = c;
    }
    for (r = 0; r < rows; r++)
        for (c = 0; c < nh; c++) {
            hf_py_human(&text[r * nh + c], hfhub_json_get(hfhub_json_at(items, r), hdr[c]));
            cells[r * nh + c] = hf_str(text[r * nh + c].p ? text[r * nh + c].p : "");
        }
    t.keys = hdr;
    t.n_keys = nh;
    t.headers = idx;
    t.n_headers = nh;
    t.right_col = -1;
    t.cells = cells;
    t.n_rows = rows;
    hf_out_table(o, &t);
    for (r = 0; r < rows * nh; r++) free(text[r].p);
    free(text);
    free(cells);
    free(idx);
}

/* Agent: TSV of str(value) ("None" when absent), tabs turned to spaces. */
static void hf_items_agent(const hfhub_json_value *items, const char **hdr, size_t nh) {
    hf_cstr b = {NULL, 0, 0};
    size_t r, c, k;
    for (c = 0; c < nh; c++) {
        if (c) hf_cstr_puts(&b, "\t");
        hf_cstr_puts(&b, hdr[c]);
    }
    hf_cstr_puts(&b, "\n");
    for (r = 0; r < hfhub_json_len(items); r++) {
        for (c = 0; c < nh; c++) {
            size_t start;
            if (c) hf_cstr_puts(&b, "\t");
            start = b.n;
            hf_py_str(&b, hfhub_json_get(hfhub_json_at(items, r), hdr[c]));
            for (k = start; k < b.n; k++)
                if (b.p[k] == '\t') b.p[k] = ' ';
        }
        hf_cstr_puts(&b, "\n");
    }
    fputs(b.p, stdout);
    free(b.p);
}

void hf_out_items_headers(const hf_out *o, const hfhub_json_value *items, const char *const *headers,
                          size_t n_headers, const char *id_key) {
    const char *hdr[64];
    size_t nh, r;
    hf_cstr b = {NULL, 0, 0};
    if (!hfhub_json_len(items)) {
        if (o->mode == HF_OUT_HUMAN || o->mode == HF_OUT_AGENT) printf("No results found.\n");
        else if (o->mode == HF_OUT_JSON) printf("[]\n");
        return;
    }
    if (headers) {
        for (nh = 0; nh < n_headers && nh < 64; nh++) hdr[nh] = headers[nh];
    } else {
        nh = hf_items_headers(items, hdr, 64);
    }
    switch (o->mode) {
    case HF_OUT_HUMAN: hf_items_human(o, items, hdr, nh, id_key); return;
    case HF_OUT_AGENT: hf_items_agent(items, hdr, nh); return;
    case HF_OUT_JSON: hf_json_dumps(&b, items, 0); break;
    case HF_OUT_QUIET:
        for (r = 0; r < hfhub_json_len(items); r++) {
            const hfhub_json_value *v = hfhub_json_get(hfhub_json_at(items, r), id_key ? id_key : hdr[0]);
            if (v) hf_py_str(&b, v);
            hf_cstr_puts(&b, "\n");
        }
        fputs(b.p ? b.p : "", stdout);
        free(b.p);
        return;
    }
    printf("%s\n", b.p ? b.p : "");
    free(b.p);
}

void hf_out_items(const hf_out *o, const hfhub_json_value *items, const char *id_key) {
    hf_out_items_headers(o, items, NULL, 0, id_key);
}

void hf_json_dumps_str(hf_cstr *b, const char *s) { hf_json_string(b, s, strlen(s)); }

void hf_out_dict(const hf_out *o, const hfhub_json_value *v) {
    hf_cstr b = {NULL, 0, 0};
    hf_json_dumps(&b, v, o->mode == HF_OUT_HUMAN ? 2 : 0);
    printf("%s\n", b.p ? b.p : "");
    free(b.p);
}

/* ---- dataclasses ------------------------------------------------------------------------- */

/* A dataclass field: its snake_case name, the API's key, and how its value is converted. */
enum { HF_F_VAL, HF_F_DATE, HF_F_OBJ, HF_F_OBJLIST, HF_F_CONST };
typedef struct hf_field {
    const char *name, *key;
    int kind;
    const struct hf_field *sub;  /* HF_F_OBJ / HF_F_OBJLIST: the nested dataclass, ended by a NULL name */
} hf_field;

static const hf_field hf_f_owner[] = {{"id", "id", HF_F_VAL, NULL}, {"name", "name", HF_F_VAL, NULL},
                                      {"type", "type", HF_F_VAL, NULL}, {NULL, NULL, 0, NULL}};
static const hf_field hf_f_initiator[] = {{"type", "type", HF_F_VAL, NULL}, {"id", "id", HF_F_VAL, NULL},
                                          {"name", "name", HF_F_VAL, NULL}, {NULL, NULL, 0, NULL}};
static const hf_field hf_f_status[] = {{"stage", "stage", HF_F_VAL, NULL}, {"message", "message", HF_F_VAL, NULL},
                                       {"expose_urls", "exposeUrls", HF_F_VAL, NULL},
                                       {"ssh_url", "sshUrl", HF_F_VAL, NULL}, {NULL, NULL, 0, NULL}};
static const hf_field hf_f_durations[] = {{"scheduling_secs", "schedulingSecs", HF_F_VAL, NULL},
                                          {"running_secs", "runningSecs", HF_F_VAL, NULL},
                                          {"total_secs", "totalSecs", HF_F_VAL, NULL}, {NULL, NULL, 0, NULL}};
static const hf_field hf_f_volume[] = {{"type", "type", HF_F_VAL, NULL}, {"source", "source", HF_F_VAL, NULL},
                                       {"mount_path", "mountPath", HF_F_VAL, NULL},
                                       {"revision", "revision", HF_F_VAL, NULL},
                                       {"read_only", "readOnly", HF_F_VAL, NULL}, {"path", "path", HF_F_VAL, NULL},
                                       {NULL, NULL, 0, NULL}};
static const hf_field hf_f_job[] = {
    {"id", "id", HF_F_VAL, NULL}, {"created_at", "createdAt", HF_F_DATE, NULL},
    {"docker_image", "dockerImage", HF_F_VAL, NULL}, {"space_id", "spaceId", HF_F_VAL, NULL},
    {"command", "command", HF_F_VAL, NULL}, {"arguments", "arguments", HF_F_VAL, NULL},
    {"environment", "environment", HF_F_VAL, NULL}, {"secrets", "secrets", HF_F_VAL, NULL},
    {"flavor", "flavor", HF_F_VAL, NULL}, {"labels", "labels", HF_F_VAL, NULL},
    {"volumes", "volumes", HF_F_OBJLIST, hf_f_volume}, {"status", "status", HF_F_OBJ, hf_f_status},
    {"owner", "owner", HF_F_OBJ, hf_f_owner}, {"initiator", "initiator", HF_F_OBJ, hf_f_initiator},
    {"durations", "durations", HF_F_OBJ, hf_f_durations}, {"endpoint", NULL, HF_F_CONST, NULL},
    {"url", NULL, HF_F_CONST, NULL}, {NULL, NULL, 0, NULL}};
static const hf_field hf_f_spec[] = {
    {"docker_image", "dockerImage", HF_F_VAL, NULL}, {"space_id", "spaceId", HF_F_VAL, NULL},
    {"command", "command", HF_F_VAL, NULL}, {"arguments", "arguments", HF_F_VAL, NULL},
    {"environment", "environment", HF_F_VAL, NULL}, {"secrets", "secrets", HF_F_VAL, NULL},
    {"flavor", "flavor", HF_F_VAL, NULL}, {"timeout", "timeout", HF_F_VAL, NULL}, {"tags", "tags", HF_F_VAL, NULL},
    {"arch", "arch", HF_F_VAL, NULL}, {"labels", "labels", HF_F_VAL, NULL},
    {"volumes", "volumes", HF_F_OBJLIST, hf_f_volume}, {NULL, NULL, 0, NULL}};
static const hf_field hf_f_last_job[] = {{"id", "id", HF_F_VAL, NULL}, {"at", "at", HF_F_DATE, NULL},
                                         {NULL, NULL, 0, NULL}};
static const hf_field hf_f_sched_status[] = {{"last_job", "lastJob", HF_F_OBJ, hf_f_last_job},
                                             {"next_job_run_at", "nextJobRunAt", HF_F_DATE, NULL},
                                             {NULL, NULL, 0, NULL}};
static const hf_field hf_f_scheduled[] = {
    {"id", "id", HF_F_VAL, NULL}, {"created_at", "createdAt", HF_F_DATE, NULL},
    {"job_spec", "jobSpec", HF_F_OBJ, hf_f_spec}, {"schedule", "schedule", HF_F_VAL, NULL},
    {"suspend", "suspend", HF_F_VAL, NULL}, {"concurrency", "concurrency", HF_F_VAL, NULL},
    {"status", "status", HF_F_OBJ, hf_f_sched_status}, {"owner", "owner", HF_F_OBJ, hf_f_owner},
    {NULL, NULL, 0, NULL}};

/* _serialize_value of a plain value: dicts lose their None members, lists keep their items. */
static void hf_serialize(hf_cstr *b, const hfhub_json_value *v) {
    size_t i, n = hfhub_json_len(v), len, k = 0;
    const char *s;
    int obj = hfhub_json_type_of(v) == HFHUB_JSON_OBJECT;
    if (!obj && hfhub_json_type_of(v) != HFHUB_JSON_ARRAY) {
        hf_json_dumps(b, v, 0);
        return;
    }
    hf_cstr_puts(b, obj ? "{" : "[");
    for (i = 0; i < n; i++) {
        if (obj && !hf_present(hfhub_json_at(v, i))) continue;
        if (k++) hf_cstr_puts(b, ",");
        if (obj) {
            s = hfhub_json_key_at(v, i, &len);
            hf_json_string(b, s, len);
            hf_cstr_puts(b, ":");
        }
        hf_serialize(b, hfhub_json_at(v, i));
    }
    hf_cstr_puts(b, obj ? "}" : "]");
}

/* parse_datetime(s).isoformat(): "2025-07-22T13:24:46.909Z" -> "2025-07-22T13:24:46.909000+00:00"
 * (the fraction left out when zero). Text that is not such a date is kept. */
static void hf_isoformat(hf_cstr *b, const char *s, size_t n) {
    char out[64];
    unsigned long us = 0;
    size_t i = 19, digits = 0;
    const char *tail;
    if (n < 19 || s[10] != 'T') {
        hf_json_string(b, s, n);
        return;
    }
    if (i < n && s[i] == '.')
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            if (digits < 6) {
                us = us * 10 + (unsigned long)(s[i] - '0');
                digits++;
            }
    for (; digits && digits < 6; digits++) us *= 10;
    tail = s + i;
    if (!((n - i == 1 && *tail == 'Z') || (n - i == 6 && !strncmp(tail, "+00:00", 6)) || i == n)) {
        hf_json_string(b, s, n);
        return;
    }
    if (us) snprintf(out, sizeof out, "\"%.19s.%06lu+00:00\"", s, us);
    else snprintf(out, sizeof out, "\"%.19s+00:00\"", s);
    hf_cstr_puts(b, out);
}

static void hf_dataclass(hf_cstr *b, const hfhub_json_value *raw, const hf_field *f, const char *const *consts);

/* One field's serialized value; 0 when it is None (and so left out). */
static int hf_field_value(hf_cstr *b, const hfhub_json_value *raw, const hf_field *f, const char *const *consts,
                          size_t *const_i) {
    const hfhub_json_value *v = f->key ? hfhub_json_get(raw, f->key) : NULL;
    size_t i, len;
    const char *s;
    if (f->kind == HF_F_CONST) {
        const char *c = consts ? consts[(*const_i)++] : NULL;
        if (!c) return 0;
        hf_json_string(b, c, strlen(c));
        return 1;
    }
    if (!hf_present(v)) return 0;
    switch (f->kind) {
    case HF_F_DATE:
        s = hfhub_json_strn(v, &len);
        if (!s || !len) return 0;
        hf_isoformat(b, s, len);
        return 1;
    case HF_F_OBJ:
        if (hfhub_json_type_of(v) != HFHUB_JSON_OBJECT) return 0;
        hf_dataclass(b, v, f->sub, NULL);
        return 1;
    case HF_F_OBJLIST:
        if (hfhub_json_type_of(v) != HFHUB_JSON_ARRAY || !hfhub_json_len(v)) return 0;
        hf_cstr_puts(b, "[");
        for (i = 0; i < hfhub_json_len(v); i++) {
            if (i) hf_cstr_puts(b, ",");
            hf_dataclass(b, hfhub_json_at(v, i), f->sub, NULL);
        }
        hf_cstr_puts(b, "]");
        return 1;
    default:
        hf_serialize(b, v);
        return 1;
    }
}

static void hf_dataclass(hf_cstr *b, const hfhub_json_value *raw, const hf_field *f, const char *const *consts) {
    size_t k = 0, const_i = 0;
    hf_cstr_puts(b, "{");
    for (; f->name; f++) {
        size_t mark = b->n;
        if (k) hf_cstr_puts(b, ",");
        hf_json_string(b, f->name, strlen(f->name));
        hf_cstr_puts(b, ":");
        if (hf_field_value(b, raw, f, consts, &const_i)) k++;
        else {
            b->n = mark;   /* None: left out */
            b->p[mark] = 0;
        }
    }
    hf_cstr_puts(b, "}");
}

void hf_job_dict(hf_cstr *b, const hfhub_json_value *raw, const char *endpoint, int scheduled) {
    const hfhub_json_value *name =
        hfhub_json_path(raw, scheduled ? "jobSpec.labels.name" : "labels.name");
    char url[1024];
    const char *consts[2];
    hf_cstr body = {NULL, 0, 0};
    snprintf(url, sizeof url, "%s/jobs/%s/%s", endpoint, hfhub_json_str(hfhub_json_path(raw, "owner.name"), ""),
             hfhub_json_str(hfhub_json_get(raw, "id"), ""));
    consts[0] = endpoint;
    consts[1] = url;
    hf_dataclass(&body, raw, scheduled ? hf_f_scheduled : hf_f_job, consts);
    if (!hf_present(name)) {
        hf_cstr_puts(b, body.p);
    } else {   /* _surface_name: the name label first */
        hf_cstr_puts(b, "{\"name\":");
        hf_serialize(b, name);
        hf_cstr_puts(b, body.n > 2 ? "," : "");
        hf_cstr_puts(b, body.p + 1);
    }
    free(body.p);
}
