/* jobs.c: Hugging Face Jobs (spec inference.md §5). */
#include <string.h>
#include <stdlib.h>
#include "jobs.h"
#include "jobs_int.h"

/* ---- shared helpers ------------------------------------------------------------------------ */

hfhub__arena *hfhub__cres_new(const hfhub_allocator *a) {
    hfhub__arena tmp;
    hfhub__arena *ar;
    hfhub__arena_init(&tmp, a);
    ar = (hfhub__arena *)hfhub__arena_alloc(&tmp, sizeof *ar);
    if (!ar) {
        hfhub__arena_free(&tmp);
        return NULL;
    }
    *ar = tmp;
    return ar;
}

void hfhub__cres_free(hfhub__arena *ar) {
    hfhub__arena copy;
    if (!ar) return;
    copy = *ar;
    hfhub__arena_free(&copy);
}

hfhub_result hfhub__compute_ns(hfhub_client *c, const char *ns, const char *token, hfhub__arena *ar,
                               const char **out) {
    hfhub__buf url;
    const hfhub_json_value *root = NULL;
    hfhub_result r;
    const char *name;
    if (ns && *ns) {
        *out = ns;
        return HFHUB_OK;
    }
    hfhub__buf_init(&url, c->a);
    hfhub__buf_printf(&url, "%s/api/whoami-v2", c->endpoint);
    r = url.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "url") : hfhub__client_json_in(c, "GET", url.data, token, NULL, ar, &root);
    hfhub__buf_free(&url);
    if (r) return r;
    name = hfhub_json_str(hfhub_json_get(root, "name"), NULL);
    if (!name || !*name) return hfhub__fail(HFHUB_ERR_PARSE, "whoami-v2: no name in the answer");
    if (!strcmp(hfhub_json_str(hfhub_json_get(root, "type"), ""), "org"))
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "an organization token cannot infer a namespace: give one");
    *out = name;
    return HFHUB_OK;
}

hfhub_result hfhub__compute_strs(hfhub__arena *ar, const hfhub_json_value *arr, const char *const **out, size_t *n) {
    size_t i, len = hfhub_json_len(arr);
    const char **items;
    *out = NULL;
    *n = 0;
    if (hfhub_json_type_of(arr) != HFHUB_JSON_ARRAY || !len) return HFHUB_OK;
    items = (const char **)hfhub__arena_alloc(ar, len * sizeof *items);
    if (!items) return hfhub__fail(HFHUB_ERR_NOMEM, "strings");
    for (i = 0; i < len; i++) items[i] = hfhub_json_str(hfhub_json_at(arr, i), NULL);
    *out = items;
    *n = len;
    return HFHUB_OK;
}

hfhub_result hfhub__compute_kvs(hfhub__arena *ar, const hfhub_json_value *obj, const hfhub_job_kv **out, size_t *n) {
    size_t i, len = hfhub_json_len(obj);
    hfhub_job_kv *items;
    *out = NULL;
    *n = 0;
    if (hfhub_json_type_of(obj) != HFHUB_JSON_OBJECT || !len) return HFHUB_OK;
    items = (hfhub_job_kv *)hfhub__arena_alloc(ar, len * sizeof *items);
    if (!items) return hfhub__fail(HFHUB_ERR_NOMEM, "map");
    for (i = 0; i < len; i++) {
        items[i].key = hfhub_json_key_at(obj, i, NULL);
        items[i].value = hfhub_json_str(hfhub_json_at(obj, i), NULL);
    }
    *out = items;
    *n = len;
    return HFHUB_OK;
}

/* "a/b" refs: a job id given as namespace/id overrides the namespace. */
static void hfhub__jobs_split_ref(const char *ref, const char **ns, const char **id, char *nsbuf, size_t cap) {
    const char *slash = strchr(ref, '/');
    *id = ref;
    if (slash && (size_t)(slash - ref) < cap && slash[1]) {
        memcpy(nsbuf, ref, (size_t)(slash - ref));
        nsbuf[slash - ref] = 0;
        *ns = nsbuf;
        *id = slash + 1;
    }
}

/* {E}/api/{kind}/{ns}[/{id}[/{word}]] into b. */
static hfhub_result hfhub__jobs_url(hfhub_client *c, hfhub__buf *b, const char *kind, const char *ns, const char *id,
                                    const char *word) {
    hfhub__buf_printf(b, "%s/api/%s/", c->endpoint, kind);
    hfhub__url_quote(b, ns, strlen(ns), "");
    if (id) {
        hfhub__buf_putc(b, '/');
        hfhub__url_quote(b, id, strlen(id), "");
    }
    if (word) hfhub__buf_printf(b, "/%s", word);
    return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "url") : HFHUB_OK;
}

/* ---- parsing ------------------------------------------------------------------------------- */

#define HFHUB__JOBS_STR(v, k) hfhub_json_str(hfhub_json_get((v), (k)), NULL)

hfhub_result hfhub__job_info_parse(hfhub__arena *ar, const char *endpoint, const hfhub_json_value *v,
                                   hfhub_job_info *o) {
    const hfhub_json_value *st = hfhub_json_get(v, "status"), *owner = hfhub_json_get(v, "owner");
    const hfhub_json_value *secrets = hfhub_json_get(v, "secrets");
    hfhub_result r;
    size_t i;
    memset(o, 0, sizeof *o);
    if (hfhub_json_type_of(v) != HFHUB_JSON_OBJECT || !HFHUB__JOBS_STR(v, "id"))
        return hfhub__fail(HFHUB_ERR_PARSE, "job: not a JobInfo object (no id)");
    o->raw = v;
    o->id = HFHUB__JOBS_STR(v, "id");
    o->created_at = HFHUB__JOBS_STR(v, "createdAt");
    o->started_at = HFHUB__JOBS_STR(v, "startedAt");
    o->finished_at = HFHUB__JOBS_STR(v, "finishedAt");
    o->docker_image = HFHUB__JOBS_STR(v, "dockerImage");
    o->space_id = HFHUB__JOBS_STR(v, "spaceId");
    o->flavor = HFHUB__JOBS_STR(v, "flavor");
    o->stage = HFHUB__JOBS_STR(st, "stage");
    o->message = HFHUB__JOBS_STR(st, "message");
    o->owner_id = HFHUB__JOBS_STR(owner, "id");
    o->owner_name = HFHUB__JOBS_STR(owner, "name");
    o->owner_type = HFHUB__JOBS_STR(owner, "type");
    if ((r = hfhub__compute_strs(ar, hfhub_json_get(v, "command"), &o->command, &o->n_command)) ||
        (r = hfhub__compute_strs(ar, hfhub_json_get(v, "arguments"), &o->arguments, &o->n_arguments)) ||
        (r = hfhub__compute_kvs(ar, hfhub_json_get(v, "environment"), &o->environment, &o->n_environment)) ||
        (r = hfhub__compute_kvs(ar, hfhub_json_get(v, "labels"), &o->labels, &o->n_labels)))
        return r;
    if (hfhub_json_type_of(secrets) == HFHUB_JSON_OBJECT && hfhub_json_len(secrets)) {
        const char **names = (const char **)hfhub__arena_alloc(ar, hfhub_json_len(secrets) * sizeof *names);
        if (!names) return hfhub__fail(HFHUB_ERR_NOMEM, "secrets");
        for (i = 0; i < hfhub_json_len(secrets); i++) names[i] = hfhub_json_key_at(secrets, i, NULL);
        o->secrets = names;
        o->n_secrets = hfhub_json_len(secrets);
    }
    if (endpoint && o->owner_name) {
        size_t n = strlen(endpoint) + strlen(o->owner_name) + strlen(o->id) + 16;
        char *u = (char *)hfhub__arena_alloc(ar, n);
        if (!u) return hfhub__fail(HFHUB_ERR_NOMEM, "url");
        snprintf(u, n, "%s/jobs/%s/%s", endpoint, o->owner_name, o->id);
        o->url = u;
    }
    return HFHUB_OK;
}

hfhub_result hfhub__scheduled_job_parse(hfhub__arena *ar, const hfhub_json_value *v, hfhub_scheduled_job_info *o) {
    const hfhub_json_value *spec = hfhub_json_get(v, "jobSpec"), *st = hfhub_json_get(v, "status");
    memset(o, 0, sizeof *o);
    if (hfhub_json_type_of(v) != HFHUB_JSON_OBJECT || !HFHUB__JOBS_STR(v, "id"))
        return hfhub__fail(HFHUB_ERR_PARSE, "scheduled job: not a ScheduledJobInfo object (no id)");
    o->raw = v;
    o->id = HFHUB__JOBS_STR(v, "id");
    o->created_at = HFHUB__JOBS_STR(v, "createdAt");
    o->schedule = HFHUB__JOBS_STR(v, "schedule");
    o->suspend = hfhub_json_bool(hfhub_json_get(v, "suspend"), 0);
    o->concurrency = hfhub_json_bool(hfhub_json_get(v, "concurrency"), 0);
    o->docker_image = HFHUB__JOBS_STR(spec, "dockerImage");
    o->space_id = HFHUB__JOBS_STR(spec, "spaceId");
    o->flavor = HFHUB__JOBS_STR(spec, "flavor");
    o->last_job_id = hfhub_json_str(hfhub_json_path(st, "lastJob.id"), NULL);
    o->last_job_at = hfhub_json_str(hfhub_json_path(st, "lastJob.at"), NULL);
    o->next_job_run_at = HFHUB__JOBS_STR(st, "nextJobRunAt");
    o->owner_name = hfhub_json_str(hfhub_json_path(v, "owner.name"), NULL);
    return hfhub__compute_strs(ar, hfhub_json_get(spec, "command"), &o->command, &o->n_command);
}

/* Parses one object or an array of them into a fresh array in ar. */
static hfhub_result hfhub__jobs_parse_many(hfhub_client *c, hfhub__arena *ar, const hfhub_json_value *root, int many,
                                           hfhub_job_info **out, size_t *n) {
    size_t i, count = many ? hfhub_json_len(root) : 1;
    hfhub_job_info *items;
    hfhub_result r;
    if (many && hfhub_json_type_of(root) != HFHUB_JSON_ARRAY)
        return hfhub__fail(HFHUB_ERR_PARSE, "jobs: expected a JSON array");
    *n = count;
    if (!count) return HFHUB_OK;
    items = (hfhub_job_info *)hfhub__arena_alloc(ar, count * sizeof *items);
    if (!items) return hfhub__fail(HFHUB_ERR_NOMEM, "jobs");
    for (i = 0; i < count; i++)
        if ((r = hfhub__job_info_parse(ar, c->endpoint, many ? hfhub_json_at(root, i) : root, &items[i]))) return r;
    *out = items;
    return HFHUB_OK;
}

/* The end of every call returning jobs: hands the arena to the first item, or frees it. */
static hfhub_result hfhub__jobs_finish(hfhub_result r, hfhub__arena *ar, hfhub_job_info **out, hfhub_job_info *items,
                                       size_t n) {
    if (r || !n) {
        hfhub__cres_free(ar);
        *out = NULL;
        return r;
    }
    items[0].res_ = ar;
    *out = items;
    return HFHUB_OK;
}

void hfhub_job_info_free(hfhub_job_info *jobs) {
    if (jobs) hfhub__cres_free((hfhub__arena *)jobs->res_);
}

int hfhub_job_stage_is_final(const char *stage) {
    return stage && (!strcmp(stage, "COMPLETED") || !strcmp(stage, "CANCELED") || !strcmp(stage, "ERROR") ||
                     !strcmp(stage, "DELETED"));
}

int hfhub_job_exit_status(const hfhub_job_info *job) {
    return job && job->stage && !strcmp(job->stage, "COMPLETED") ? 0 : 1;
}

/* ---- the JobSpec ------------------------------------------------------------------------- */

hfhub_result hfhub_parse_job_timeout(const char *s, int64_t *seconds) {
    double v, mult = 1;
    char *end;
    size_t n = s ? strlen(s) : 0;
    if (!n || n > 32) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "timeout: empty or too long");
    switch (s[n - 1]) {
    case 's': mult = 1; n--; break;
    case 'm': mult = 60; n--; break;
    case 'h': mult = 3600; n--; break;
    case 'd': mult = 86400; n--; break;
    default: break;
    }
    {
        char tmp[40];
        size_t i;
        memcpy(tmp, s, n);
        tmp[n] = 0;
        for (i = 0; i < n; i++)
            if (!((tmp[i] >= '0' && tmp[i] <= '9') || tmp[i] == '.'))
                return hfhub__fail(HFHUB_ERR_INVALID_ARG, "timeout '%s': a number with an optional unit s, m, h or d", s);
        v = strtod(tmp, &end);
        if (!n || *end || v * mult < 1 || v * mult > 1e9)
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "timeout '%s': a number with an optional unit s, m, h or d", s);
    }
    *seconds = (int64_t)(v * mult);
    return HFHUB_OK;
}

/* A Space given as the image: "https://huggingface.co/spaces/u/s", "hf.co/spaces/u/s"... */
static const char *hfhub__jobs_space_id(const char *image) {
    static const char *const prefixes[] = {"https://huggingface.co/spaces/", "http://huggingface.co/spaces/",
                                           "huggingface.co/spaces/", "https://hf.co/spaces/",
                                           "http://hf.co/spaces/", "hf.co/spaces/"};
    size_t i;
    for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (!strncmp(image, prefixes[i], strlen(prefixes[i]))) return image + strlen(prefixes[i]);
    return NULL;
}

/* Python's default job name: the last path segment of the image with every character that
 * is not a letter, digit or '-' replaced by '-', then '-' and the first 8 hex digits of
 * sha256(image "\0" cmd0 "\0" cmd1 ...). */
static void hfhub__jobs_default_name(const hfhub_job_spec *s, char *out, size_t cap) {
    const char *seg = strrchr(s->image, '/');
    hfhub_sha256_ctx h;
    unsigned char d[32];
    size_t i, o = 0;
    seg = seg ? seg + 1 : s->image;
    for (i = 0; seg[i] && o + 10 < cap; i++) {
        char ch = seg[i];
        out[o++] = ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-') ? ch : '-';
    }
    hfhub_sha256_init(&h);
    hfhub_sha256_update(&h, s->image, strlen(s->image));
    for (i = 0; i < s->n_command; i++) {
        hfhub_sha256_update(&h, "", 1);
        hfhub_sha256_update(&h, s->command[i], strlen(s->command[i]));
    }
    hfhub_sha256_final(&h, d);
    out[o++] = '-';
    for (i = 0; i < 4; i++) {
        static const char hx[] = "0123456789abcdef";
        out[o++] = hx[d[i] >> 4];
        out[o++] = hx[d[i] & 15];
    }
    out[o] = 0;
}

static void hfhub__jobs_kv_object(hfhub__jw *w, const char *key, const hfhub_job_kv *kv, size_t n) {
    size_t i;
    hfhub__jw_key(w, key);
    hfhub__jw_begin_object(w);
    for (i = 0; i < n; i++) hfhub__jw_kv_string(w, kv[i].key, kv[i].value ? kv[i].value : "");
    hfhub__jw_end_object(w);
}

static hfhub_result hfhub__jobs_check_spec(const hfhub_job_spec *s) {
    size_t i;
    if (!s || !s->image || !*s->image) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "job: an image is required");
    for (i = 0; i < s->n_labels; i++)
        if (s->name && !strcmp(s->labels[i].key, "name"))
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "job: give either a name or a 'name' label, not both");
    for (i = 0; i < s->n_env + s->n_secrets + s->n_labels; i++) {
        const hfhub_job_kv *kv = i < s->n_env ? &s->env[i] : i < s->n_env + s->n_secrets ? &s->secrets[i - s->n_env]
                                                                                       : &s->labels[i - s->n_env - s->n_secrets];
        if (!kv->key || !*kv->key) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "job: an empty environment, secret or label key");
    }
    for (i = 0; i < s->n_command; i++)
        if (!s->command[i]) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "job: command item %u is NULL", (unsigned)i);
    for (i = 0; i < s->n_volumes; i++)
        if (!s->volumes[i].type || !s->volumes[i].source || !s->volumes[i].mount_path)
            return hfhub__fail(HFHUB_ERR_INVALID_ARG, "job: volume %u needs a type, a source and a mount path", (unsigned)i);
    return HFHUB_OK;
}

static void hfhub__jobs_write_volumes(hfhub__jw *w, const hfhub_job_spec *s) {
    size_t i;
    hfhub__jw_key(w, "volumes");
    hfhub__jw_begin_array(w);
    for (i = 0; i < s->n_volumes; i++) {
        const hfhub_job_volume *v = &s->volumes[i];
        hfhub__jw_begin_object(w);
        hfhub__jw_kv_string(w, "type", v->type);
        hfhub__jw_kv_string(w, "source", v->source);
        hfhub__jw_kv_string(w, "mountPath", v->mount_path);
        if (v->revision) hfhub__jw_kv_string(w, "revision", v->revision);
        hfhub__jw_kv_bool(w, "readOnly", v->read_only);
        if (v->path) hfhub__jw_kv_string(w, "path", v->path);
        hfhub__jw_end_object(w);
    }
    hfhub__jw_end_array(w);
}

/* Writes the JobSpec object into w. */
static hfhub_result hfhub__jobs_write_spec(hfhub__jw *w, const hfhub_job_spec *s) {
    const char *space;
    char name[160];
    int64_t timeout = 0;
    size_t i;
    hfhub_result r;
    if ((r = hfhub__jobs_check_spec(s))) return r;
    if (s->timeout && (r = hfhub_parse_job_timeout(s->timeout, &timeout))) return r;
    space = hfhub__jobs_space_id(s->image);
    hfhub__jw_begin_object(w);
    hfhub__jw_kv_string(w, space ? "spaceId" : "dockerImage", space ? space : s->image);
    hfhub__jw_key(w, "command");
    hfhub__jw_begin_array(w);
    for (i = 0; i < s->n_command; i++) hfhub__jw_string(w, s->command[i]);
    hfhub__jw_end_array(w);
    hfhub__jw_key(w, "arguments");
    hfhub__jw_begin_array(w);
    hfhub__jw_end_array(w);
    hfhub__jobs_kv_object(w, "environment", s->env, s->n_env);
    hfhub__jw_kv_string(w, "flavor", s->flavor ? s->flavor : "cpu-basic");
    if (s->n_secrets) hfhub__jobs_kv_object(w, "secrets", s->secrets, s->n_secrets);
    if (s->timeout) hfhub__jw_kv_int(w, "timeoutSeconds", timeout);
    hfhub__jw_key(w, "labels");
    hfhub__jw_begin_object(w);
    for (i = 0; i < s->n_labels; i++) hfhub__jw_kv_string(w, s->labels[i].key, s->labels[i].value ? s->labels[i].value : "");
    if (s->name) hfhub__jw_kv_string(w, "name", s->name);
    else {
        for (i = 0; i < s->n_labels && strcmp(s->labels[i].key, "name"); i++) {
        }
        if (i == s->n_labels) {
            hfhub__jobs_default_name(s, name, sizeof name);
            hfhub__jw_kv_string(w, "name", name);
        }
    }
    hfhub__jw_end_object(w);
    if (s->n_volumes) hfhub__jobs_write_volumes(w, s);
    if (s->n_expose_ports) {
        hfhub__jw_key(w, "expose");
        hfhub__jw_begin_object(w);
        hfhub__jw_key(w, "ports");
        hfhub__jw_begin_array(w);
        for (i = 0; i < s->n_expose_ports; i++) hfhub__jw_int(w, s->expose_ports[i]);
        hfhub__jw_end_array(w);
        hfhub__jw_end_object(w);
    }
    if (s->ssh) {
        hfhub__jw_key(w, "ssh");
        hfhub__jw_begin_object(w);
        hfhub__jw_kv_bool(w, "enabled", 1);
        hfhub__jw_end_object(w);
    }
    if (s->resource_group_id) hfhub__jw_kv_string(w, "resourceGroupId", s->resource_group_id);
    hfhub__jw_end_object(w);
    return HFHUB_OK;
}

static hfhub_result hfhub__jobs_spec_buf(const hfhub_job_spec *s, hfhub__buf *b) {
    hfhub__jw w;
    hfhub_result r;
    hfhub__jw_init(&w, b, HFHUB__JW_COMPACT);
    if ((r = hfhub__jobs_write_spec(&w, s))) return r;
    return hfhub__jw_result(&w);
}

hfhub_result hfhub_job_spec_json(hfhub_client *c, const hfhub_job_spec *spec, char **json) {
    hfhub__buf b;
    hfhub_result r;
    *json = NULL;
    hfhub__buf_init(&b, c->a);
    r = hfhub__jobs_spec_buf(spec, &b);
    if (!r) {
        *json = hfhub__out_strdup(c, b.data);
        if (!*json) r = hfhub__fail(HFHUB_ERR_NOMEM, "job spec");
    }
    hfhub__buf_free(&b);
    return r;
}

/* ---- calls --------------------------------------------------------------------------------- */

/* method on {E}/api/{kind}/{ns}[/{id}[/{word}]] with body; the answer parsed into ar. */
static hfhub_result hfhub__jobs_do(hfhub_client *c, const hfhub_job_opts *o, const char *kind, const char *ref,
                                   const char *word, const char *method, const char *body, hfhub__arena *ar,
                                   const hfhub_json_value **root) {
    char nsbuf[128];
    const char *ns = o ? o->ns : NULL, *id = NULL, *token = o ? o->token : NULL;
    hfhub__buf url;
    hfhub_result r;
    if (ref) {
        if (!*ref) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "an empty job id");
        hfhub__jobs_split_ref(ref, &ns, &id, nsbuf, sizeof nsbuf);
    }
    if ((r = hfhub__compute_ns(c, ns, token, ar, &ns))) return r;
    hfhub__buf_init(&url, c->a);
    r = hfhub__jobs_url(c, &url, kind, ns, id, word);
    if (!r) r = hfhub__client_json_in(c, method, url.data, token, body, ar, root);
    hfhub__buf_free(&url);
    return r;
}

static hfhub_result hfhub__jobs_one(hfhub_client *c, const hfhub_job_opts *o, const char *ref, const char *word,
                                    const char *method, const char *body, hfhub_job_info **out) {
    hfhub__arena *ar = hfhub__cres_new(c->a);
    const hfhub_json_value *root = NULL;
    hfhub_job_info *items = NULL;
    size_t n = 0;
    hfhub_result r;
    *out = NULL;
    if (!ar) return hfhub__fail(HFHUB_ERR_NOMEM, "job");
    r = hfhub__jobs_do(c, o, "jobs", ref, word, method, body, ar, &root);
    if (!r) r = hfhub__jobs_parse_many(c, ar, root, 0, &items, &n);
    return hfhub__jobs_finish(r, ar, out, items, n);
}

hfhub_result hfhub_run_job(hfhub_client *c, const hfhub_job_spec *spec, const hfhub_job_opts *opts,
                           hfhub_job_info **out) {
    hfhub__buf b;
    hfhub_result r;
    *out = NULL;
    hfhub__buf_init(&b, c->a);
    r = hfhub__jobs_spec_buf(spec, &b);
    if (!r) r = hfhub__jobs_one(c, opts, NULL, NULL, "POST", b.data, out);
    hfhub__buf_free(&b);
    return r;
}

hfhub_result hfhub_inspect_job(hfhub_client *c, const char *job_id, const hfhub_job_opts *opts, hfhub_job_info **out) {
    if (!job_id) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "no job id");
    return hfhub__jobs_one(c, opts, job_id, NULL, "GET", NULL, out);
}

hfhub_result hfhub_cancel_job(hfhub_client *c, const char *job_id, const hfhub_job_opts *opts) {
    hfhub__arena *ar;
    const hfhub_json_value *root;
    hfhub_result r;
    if (!job_id) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "no job id");
    if (!(ar = hfhub__cres_new(c->a))) return hfhub__fail(HFHUB_ERR_NOMEM, "cancel");
    r = hfhub__jobs_do(c, opts, "jobs", job_id, "cancel", "POST", NULL, ar, &root);
    hfhub__cres_free(ar);
    return r;
}

hfhub_result hfhub_set_job_labels(hfhub_client *c, const char *job_id, const hfhub_job_kv *labels, size_t n,
                                  const hfhub_job_opts *opts, hfhub_job_info **out) {
    hfhub__buf b;
    hfhub__jw w;
    hfhub_result r;
    *out = NULL;
    if (!job_id) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "no job id");
    hfhub__buf_init(&b, c->a);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jobs_kv_object(&w, "labels", labels, n);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r) r = hfhub__jobs_one(c, opts, job_id, "labels", "PUT", b.data, out);
    hfhub__buf_free(&b);
    return r;
}

/* ---- list (paginated) ---------------------------------------------------------------------- */

typedef struct hfhub__jobs_pages {
    hfhub_client *c;
    hfhub__arena *ar;
    hfhub_job_info *items;
    size_t n, cap;
} hfhub__jobs_pages;

static hfhub_result hfhub__jobs_page(void *user, const hfhub_json_value *page) {
    hfhub__jobs_pages *p = (hfhub__jobs_pages *)user;
    hfhub__buf text;
    const hfhub_json_value *copy = NULL;
    size_t i, len = hfhub_json_len(page);
    hfhub_result r;
    if (hfhub_json_type_of(page) != HFHUB_JSON_ARRAY) return hfhub__fail(HFHUB_ERR_PARSE, "jobs: expected a JSON array");
    /* the page goes away after the call: keep a copy in the result's arena */
    hfhub__buf_init(&text, p->c->a);
    {
        hfhub__jw w;
        hfhub__jw_init(&w, &text, HFHUB__JW_COMPACT);
        hfhub__jw_value(&w, page);
        r = hfhub__jw_result(&w);
    }
    if (!r) r = hfhub__json_parse_in(p->ar, text.data, text.len, 0, &copy);
    hfhub__buf_free(&text);
    if (r) return r;
    if (p->n + len > p->cap) {
        size_t cap = (p->n + len) * 2;
        hfhub_job_info *grown = (hfhub_job_info *)hfhub__arena_alloc(p->ar, cap * sizeof *grown);
        if (!grown) return hfhub__fail(HFHUB_ERR_NOMEM, "jobs");
        if (p->n) memcpy(grown, p->items, p->n * sizeof *grown);
        p->items = grown;
        p->cap = cap;
    }
    for (i = 0; i < len; i++)
        if ((r = hfhub__job_info_parse(p->ar, p->c->endpoint, hfhub_json_at(copy, i), &p->items[p->n++]))) return r;
    return HFHUB_OK;
}

hfhub_result hfhub_list_jobs(hfhub_client *c, const hfhub_list_jobs_opts *opts, hfhub_job_info **out, size_t *n) {
    hfhub__jobs_pages p;
    hfhub__buf url;
    const char *ns;
    const char *token = opts ? opts->where.token : NULL;
    hfhub_result r;
    size_t i;
    char sep = '?';
    *out = NULL;
    *n = 0;
    memset(&p, 0, sizeof p);
    p.c = c;
    if (!(p.ar = hfhub__cres_new(c->a))) return hfhub__fail(HFHUB_ERR_NOMEM, "jobs");
    hfhub__buf_init(&url, c->a);
    r = hfhub__compute_ns(c, opts ? opts->where.ns : NULL, token, p.ar, &ns);
    if (!r) r = hfhub__jobs_url(c, &url, "jobs", ns, NULL, NULL);
    for (i = 0; !r && opts && i < opts->n_stages + opts->n_labels; i++) {
        const char *v = i < opts->n_stages ? opts->stages[i] : opts->labels[i - opts->n_stages];
        hfhub__buf_printf(&url, "%c%s=", sep, i < opts->n_stages ? "stage" : "label");
        hfhub__url_quote(&url, v, strlen(v), "");
        sep = '&';
    }
    if (!r) r = url.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "url") : hfhub__client_paginate(c, url.data, token, hfhub__jobs_page, &p);
    hfhub__buf_free(&url);
    *n = r ? 0 : p.n;
    return hfhub__jobs_finish(r, p.ar, out, p.items, p.n);
}

/* ---- wait ----------------------------------------------------------------------------------- */

hfhub_result hfhub_wait_for_job(hfhub_client *c, const char *job_id, const hfhub_wait_job_opts *opts,
                                hfhub_job_info **out) {
    int poll = opts && opts->poll_ms > 0 ? opts->poll_ms : 1000;
    int64_t t0 = hfhub__monotonic_ms();
    hfhub_job_info *info = NULL;
    hfhub_job_opts where;
    hfhub__arena *ar;
    hfhub_result r;
    if (out) *out = NULL;
    if (!job_id) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "no job id");
    memset(&where, 0, sizeof where);
    if (opts) where = opts->where;
    /* the namespace once, not a whoami per poll */
    if (!(ar = hfhub__cres_new(c->a))) return hfhub__fail(HFHUB_ERR_NOMEM, "wait");
    if (!strchr(job_id, '/') && (r = hfhub__compute_ns(c, where.ns, where.token, ar, &where.ns))) {
        hfhub__cres_free(ar);
        return r;
    }
    for (;;) {
        r = hfhub_inspect_job(c, job_id, &where, &info);
        if (r) break;
        if (hfhub_job_stage_is_final(info->stage)) break;
        if (opts && opts->timeout_ms > 0 && hfhub__monotonic_ms() - t0 >= opts->timeout_ms) {
            r = hfhub__fail(HFHUB_ERR_TIMEOUT, "job %s still %s after %d ms", info->id, info->stage ? info->stage : "?",
                            opts->timeout_ms);
            break;
        }
        hfhub_job_info_free(info);
        info = NULL;
        hfhub__sleep_ms(poll);
    }
    hfhub__cres_free(ar);
    if (!r && out) *out = info;
    else hfhub_job_info_free(info);
    return r;
}

/* ---- hardware ------------------------------------------------------------------------------ */

hfhub_result hfhub_list_jobs_hardware(hfhub_client *c, const hfhub_job_opts *opts, hfhub_job_hardware **out,
                                      size_t *n) {
    hfhub__arena *ar = hfhub__cres_new(c->a);
    const hfhub_json_value *root = NULL;
    hfhub_job_hardware *items = NULL;
    hfhub__buf url;
    hfhub_result r;
    size_t i, len = 0;
    *out = NULL;
    *n = 0;
    if (!ar) return hfhub__fail(HFHUB_ERR_NOMEM, "hardware");
    hfhub__buf_init(&url, c->a);
    hfhub__buf_printf(&url, "%s/api/jobs/hardware", c->endpoint);
    r = url.failed ? hfhub__fail(HFHUB_ERR_NOMEM, "url")
                   : hfhub__client_json_in(c, "GET", url.data, opts ? opts->token : NULL, NULL, ar, &root);
    hfhub__buf_free(&url);
    if (!r && hfhub_json_type_of(root) != HFHUB_JSON_ARRAY) r = hfhub__fail(HFHUB_ERR_PARSE, "hardware: expected a JSON array");
    if (!r && (len = hfhub_json_len(root)) > 0) {
        items = (hfhub_job_hardware *)hfhub__arena_alloc(ar, len * sizeof *items);
        if (!items) r = hfhub__fail(HFHUB_ERR_NOMEM, "hardware");
    }
    for (i = 0; !r && i < len; i++) {
        const hfhub_json_value *v = hfhub_json_at(root, i), *acc = hfhub_json_get(v, "accelerator");
        hfhub_job_hardware *h = &items[i];
        memset(h, 0, sizeof *h);
        h->raw = v;
        h->name = HFHUB__JOBS_STR(v, "name");
        h->pretty_name = HFHUB__JOBS_STR(v, "prettyName");
        h->cpu = HFHUB__JOBS_STR(v, "cpu");
        h->ram = HFHUB__JOBS_STR(v, "ram");
        h->accelerator_type = HFHUB__JOBS_STR(acc, "type");
        h->accelerator_model = HFHUB__JOBS_STR(acc, "model");
        h->accelerator_quantity = HFHUB__JOBS_STR(acc, "quantity");
        h->accelerator_vram = HFHUB__JOBS_STR(acc, "vram");
        h->unit_cost_usd = hfhub_json_double(hfhub_json_get(v, "unitCostUSD"), 0);
        h->unit_label = HFHUB__JOBS_STR(v, "unitLabel");
        if (!h->name) r = hfhub__fail(HFHUB_ERR_PARSE, "hardware: an entry without a name");
    }
    if (r || !len) {
        hfhub__cres_free(ar);
        return r;
    }
    items[0].res_ = ar;
    *out = items;
    *n = len;
    return HFHUB_OK;
}

void hfhub_job_hardware_free(hfhub_job_hardware *hw) {
    if (hw) hfhub__cres_free((hfhub__arena *)hw->res_);
}

/* ---- scheduled jobs ------------------------------------------------------------------------ */

static hfhub_result hfhub__jobs_check_schedule(const char *s) {
    static const char *const named[] = {"@annually", "@yearly", "@monthly", "@weekly", "@daily", "@hourly"};
    size_t i, fields = 0;
    int in_field = 0;
    if (!s) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "a schedule is required");
    for (i = 0; i < sizeof named / sizeof named[0]; i++)
        if (!strcmp(s, named[i])) return HFHUB_OK;
    for (i = 0; s[i]; i++) {
        int space = s[i] == ' ' || s[i] == '\t';
        if (!space && !strchr("0123456789*/,-?LW#ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", s[i]))
            break;
        if (!space && !in_field) fields++;
        in_field = !space;
    }
    if (s[i] || fields != 5)
        return hfhub__fail(HFHUB_ERR_INVALID_ARG,
                           "schedule '%s': a 5-field cron expression or one of @annually, @yearly, @monthly, "
                           "@weekly, @daily, @hourly", s);
    return HFHUB_OK;
}

static hfhub_result hfhub__sched_one(hfhub_client *c, const hfhub_job_opts *o, const char *id, const char *word,
                                     const char *method, const char *body, hfhub_scheduled_job_info **out) {
    hfhub__arena *ar = hfhub__cres_new(c->a);
    const hfhub_json_value *root = NULL;
    hfhub_scheduled_job_info *s;
    hfhub_result r;
    if (out) *out = NULL;
    if (!ar) return hfhub__fail(HFHUB_ERR_NOMEM, "scheduled job");
    r = hfhub__jobs_do(c, o, "scheduled-jobs", id, word, method, body, ar, &root);
    if (!r && out) {
        s = (hfhub_scheduled_job_info *)hfhub__arena_alloc(ar, sizeof *s);
        r = s ? hfhub__scheduled_job_parse(ar, root, s) : hfhub__fail(HFHUB_ERR_NOMEM, "scheduled job");
        if (!r) {
            s->res_ = ar;
            *out = s;
            return HFHUB_OK;
        }
    }
    hfhub__cres_free(ar);
    return r;
}

hfhub_result hfhub_create_scheduled_job(hfhub_client *c, const hfhub_job_spec *spec, const char *schedule, int suspend,
                                        int concurrency, const hfhub_job_opts *opts, hfhub_scheduled_job_info **out) {
    hfhub__buf b;
    hfhub__jw w;
    hfhub_result r;
    *out = NULL;
    if ((r = hfhub__jobs_check_schedule(schedule))) return r;
    hfhub__buf_init(&b, c->a);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jw_key(&w, "jobSpec");
    r = hfhub__jobs_write_spec(&w, spec);
    hfhub__jw_kv_string(&w, "schedule", schedule);
    if (suspend) hfhub__jw_kv_bool(&w, "suspend", suspend > 0);   /* omitted when not given, as in Python */
    if (concurrency) hfhub__jw_kv_bool(&w, "concurrency", concurrency > 0);
    hfhub__jw_end_object(&w);
    if (!r) r = hfhub__jw_result(&w);
    if (!r) r = hfhub__sched_one(c, opts, NULL, NULL, "POST", b.data, out);
    hfhub__buf_free(&b);
    return r;
}

hfhub_result hfhub_list_scheduled_jobs(hfhub_client *c, const hfhub_job_opts *opts, hfhub_scheduled_job_info **out,
                                       size_t *n) {
    hfhub__arena *ar = hfhub__cres_new(c->a);
    const hfhub_json_value *root = NULL;
    hfhub_scheduled_job_info *items = NULL;
    hfhub_result r;
    size_t i, len = 0;
    *out = NULL;
    *n = 0;
    if (!ar) return hfhub__fail(HFHUB_ERR_NOMEM, "scheduled jobs");
    r = hfhub__jobs_do(c, opts, "scheduled-jobs", NULL, NULL, "GET", NULL, ar, &root);
    if (!r && hfhub_json_type_of(root) != HFHUB_JSON_ARRAY) r = hfhub__fail(HFHUB_ERR_PARSE, "scheduled jobs: expected an array");
    if (!r && (len = hfhub_json_len(root)) > 0) {
        items = (hfhub_scheduled_job_info *)hfhub__arena_alloc(ar, len * sizeof *items);
        if (!items) r = hfhub__fail(HFHUB_ERR_NOMEM, "scheduled jobs");
    }
    for (i = 0; !r && i < len; i++) r = hfhub__scheduled_job_parse(ar, hfhub_json_at(root, i), &items[i]);
    if (r || !len) {
        hfhub__cres_free(ar);
        return r;
    }
    items[0].res_ = ar;
    *out = items;
    *n = len;
    return HFHUB_OK;
}

hfhub_result hfhub_inspect_scheduled_job(hfhub_client *c, const char *id, const hfhub_job_opts *opts,
                                         hfhub_scheduled_job_info **out) {
    if (!id || !*id) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "no scheduled job id");
    return hfhub__sched_one(c, opts, id, NULL, "GET", NULL, out);
}

hfhub_result hfhub_suspend_scheduled_job(hfhub_client *c, const char *id, const hfhub_job_opts *opts) {
    if (!id || !*id) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "no scheduled job id");
    return hfhub__sched_one(c, opts, id, "suspend", "POST", NULL, NULL);
}

hfhub_result hfhub_resume_scheduled_job(hfhub_client *c, const char *id, const hfhub_job_opts *opts) {
    if (!id || !*id) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "no scheduled job id");
    return hfhub__sched_one(c, opts, id, "resume", "POST", NULL, NULL);
}

hfhub_result hfhub_delete_scheduled_job(hfhub_client *c, const char *id, const hfhub_job_opts *opts) {
    if (!id || !*id) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "no scheduled job id");
    return hfhub__sched_one(c, opts, id, NULL, "DELETE", NULL, NULL);
}

hfhub_result hfhub_trigger_scheduled_job(hfhub_client *c, const char *id, const hfhub_job_opts *opts,
                                         hfhub_job_info **out) {
    hfhub__arena *ar = hfhub__cres_new(c->a);
    const hfhub_json_value *root = NULL;
    hfhub_job_info *items = NULL;
    size_t n = 0;
    hfhub_result r;
    *out = NULL;
    if (!id || !*id) r = hfhub__fail(HFHUB_ERR_INVALID_ARG, "no scheduled job id");
    else if (!ar) return hfhub__fail(HFHUB_ERR_NOMEM, "scheduled job");
    else r = hfhub__jobs_do(c, opts, "scheduled-jobs", id, "run", "POST", NULL, ar, &root);
    if (!r) r = hfhub__jobs_parse_many(c, ar, root, 0, &items, &n);
    return hfhub__jobs_finish(r, ar, out, items, n);
}

hfhub_result hfhub_set_scheduled_job_labels(hfhub_client *c, const char *id, const hfhub_job_kv *labels, size_t n,
                                            const hfhub_job_opts *opts, hfhub_scheduled_job_info **out) {
    hfhub__buf b;
    hfhub__jw w;
    hfhub_result r;
    *out = NULL;
    if (!id || !*id) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "no scheduled job id");
    hfhub__buf_init(&b, c->a);
    hfhub__jw_init(&w, &b, HFHUB__JW_COMPACT);
    hfhub__jw_begin_object(&w);
    hfhub__jobs_kv_object(&w, "labels", labels, n);
    hfhub__jw_end_object(&w);
    r = hfhub__jw_result(&w);
    if (!r) r = hfhub__sched_one(c, opts, id, "labels", "PUT", b.data, out);
    hfhub__buf_free(&b);
    return r;
}

void hfhub_scheduled_job_info_free(hfhub_scheduled_job_info *s) {
    if (s) hfhub__cres_free((hfhub__arena *)s->res_);
}

#undef HFHUB__JOBS_STR
