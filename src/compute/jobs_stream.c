/* jobs_stream.c: job logs and metrics (SSE), uv jobs, dotenv parsing. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include "jobs.h"
#include "jobs_int.h"

/* ---- one SSE stream ---------------------------------------------------------------------- */

#define HFHUB__JOBSSE_MAX_ERR 65536

typedef struct hfhub__jobsse {
    hfhub__sse sse;
    int status;
    hfhub__buf err;          /* the body of an error response */
} hfhub__jobsse;

static int hfhub__jobsse_on_status(void *user, int status) {
    ((hfhub__jobsse *)user)->status = status;
    return 0;
}

static int hfhub__jobsse_on_body(void *user, const void *data, size_t n) {
    hfhub__jobsse *s = (hfhub__jobsse *)user;
    if (s->status >= 400) {
        if (s->err.len + n <= HFHUB__JOBSSE_MAX_ERR) hfhub__buf_append(&s->err, data, n);
        return 0;
    }
    return hfhub__sse_feed(&s->sse, data, n) != HFHUB_OK;
}

/* GETs url and feeds its SSE body to fn; *status gets the HTTP status (0 when none came).
 * An error status is mapped (HFHUB_ERR_* from the response), unless it is in `tolerated`
 * (then HFHUB_OK). A read timeout returns HFHUB_ERR_TIMEOUT, a dropped connection
 * HFHUB_ERR_NETWORK: the caller decides. */
static hfhub_result hfhub__jobsse_get(hfhub_client *c, const char *url, const char *token, int timeout_ms,
                                      hfhub__sse_fn fn, void *user, int tolerated, int *status) {
    hfhub__jobsse s;
    hfhub__req r;
    hfhub__http_response resp;
    hfhub_http_sink sink;
    hfhub_header hd[1];
    hfhub_result res;
    memset(&s, 0, sizeof s);
    hfhub__sse_init(&s.sse, c->a, 0, fn, user);
    hfhub__buf_init(&s.err, c->a);
    memset(&sink, 0, sizeof sink);
    sink.user = &s;
    sink.on_status = hfhub__jobsse_on_status;
    sink.on_body = hfhub__jobsse_on_body;
    memset(&r, 0, sizeof r);
    hd[0].name = "Accept";
    hd[0].value = "text/event-stream";
    r.url = url;
    r.token = token;
    r.headers = hd;
    r.n_headers = 1;
    r.timeout_ms = timeout_ms;
    r.sink = &sink;
    res = hfhub__client_request(c, &r, &resp);
    *status = resp.status;
    if (s.sse.error && s.sse.error != HFHUB_ERR_CANCELLED) {
        res = s.sse.error == HFHUB_ERR_TOO_LARGE ? hfhub__fail(HFHUB_ERR_TOO_LARGE, "log stream: an event beyond 1 MiB")
                                                 : s.sse.error;
    } else if (s.sse.error == HFHUB_ERR_CANCELLED) {
        res = HFHUB_ERR_CANCELLED;   /* the event handler stopped; it recorded why */
    } else if (!res && resp.status >= 400) {
        res = resp.status == tolerated ? HFHUB_OK : hfhub__map_http_error(&resp, url, s.err.data, s.err.len);
    } else if (!res) {
        res = hfhub__sse_finish(&s.sse);
        if (res == HFHUB_ERR_CANCELLED) res = HFHUB_ERR_CANCELLED;
    }
    hfhub__http_response_free(&resp);
    hfhub__sse_free(&s.sse);
    hfhub__buf_free(&s.err);
    return res;
}

/* ---- logs ---------------------------------------------------------------------------------- */

int hfhub__joblog_event(hfhub__joblog *L, const char *data, size_t len) {
    hfhub__arena ar;
    const hfhub_json_value *root = NULL;
    const char *line, *ts;
    int deliver = 1;
    hfhub_result r;
    if (!len || data[0] != '{') return 0;   /* keep-alives and other non-JSON payloads */
    hfhub__arena_init(&ar, L->a);
    r = hfhub__json_parse_in(&ar, data, len, 64, &root);
    if (r) {
        L->err = hfhub__fail(HFHUB_ERR_PARSE, "job logs: a data line is not JSON: %.80s", data);
        hfhub__arena_free(&ar);
        return 1;
    }
    line = hfhub_json_str(hfhub_json_get(root, "data"), NULL);
    ts = hfhub_json_str(hfhub_json_get(root, "timestamp"), NULL);
    if (!line) {
        hfhub__arena_free(&ar);
        return 0;   /* an event of another kind */
    }
    if (ts && strlen(ts) >= sizeof L->last_ts) ts = NULL;  /* not a timestamp we can compare */
    if (L->resumed) {
        /* a reconnect replays from the start: skip up to the last line passed on */
        if (ts && L->last_ts[0]) {
            int cmp = strcmp(ts, L->last_ts);
            if (cmp < 0 || (cmp == 0 && L->skip_ts < L->n_at_ts)) {
                if (cmp == 0) L->skip_ts++;
                deliver = 0;
            }
        } else if (L->skip_idx < L->n_seen) {
            L->skip_idx++;
            deliver = 0;
        }
        if (deliver) L->resumed = 0;
    }
    if (deliver) {
        L->n_seen++;
        if (ts) {
            if (strcmp(ts, L->last_ts)) {
                memcpy(L->last_ts, ts, strlen(ts) + 1);
                L->n_at_ts = 0;
            }
            L->n_at_ts++;
        }
        if (strncmp(line, "===== Job started", 17) && L->fn(L->user, line, ts)) {
            L->stopped = 1;
            L->err = hfhub__fail(HFHUB_ERR_CANCELLED, "job logs: stopped by the callback");
        }
    }
    hfhub__arena_free(&ar);
    return L->stopped;
}

static int hfhub__joblog_sse(void *user, const hfhub__sse_event *ev) {
    return hfhub__joblog_event((hfhub__joblog *)user, ev->data, ev->data_len);
}

/* Is the job still producing logs (follow mode reconnects)? */
static hfhub_result hfhub__joblog_alive(hfhub_client *c, const char *ns, const char *id, const char *token, int *alive) {
    hfhub_job_opts o;
    hfhub_job_info *info = NULL;
    hfhub_result r;
    memset(&o, 0, sizeof o);
    o.ns = ns;
    o.token = token;
    r = hfhub_inspect_job(c, id, &o, &info);
    if (r) return r;
    *alive = info->stage && (!strcmp(info->stage, "RUNNING") || !strcmp(info->stage, "UPDATING") ||
                             !strcmp(info->stage, "SCHEDULING"));
    hfhub_job_info_free(info);
    return HFHUB_OK;
}

static hfhub_result hfhub__joblog_url(hfhub_client *c, hfhub__buf *b, const char *ns, const char *id, const char *word,
                                      int tail) {
    hfhub__buf_reset(b);
    hfhub__buf_printf(b, "%s/api/jobs/", c->endpoint);
    hfhub__url_quote(b, ns, strlen(ns), "");
    hfhub__buf_putc(b, '/');
    hfhub__url_quote(b, id, strlen(id), "");
    hfhub__buf_printf(b, "/%s", word);
    if (tail > 0) hfhub__buf_printf(b, "?tail=%d", tail);
    return b->failed ? hfhub__fail(HFHUB_ERR_NOMEM, "url") : HFHUB_OK;
}

/* ns and id of a job reference (ns/id or id with the namespace of the call), in ar. */
static hfhub_result hfhub__joblog_ref(hfhub_client *c, const char *ref, const hfhub_job_opts *o, hfhub__arena *ar,
                                      const char **ns, const char **id) {
    const char *slash;
    if (!ref || !*ref) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "an empty job id");
    slash = strchr(ref, '/');
    if (slash && slash[1]) {
        *ns = hfhub__arena_strndup(ar, ref, (size_t)(slash - ref));
        *id = slash + 1;
        return *ns ? HFHUB_OK : hfhub__fail(HFHUB_ERR_NOMEM, "namespace");
    }
    *id = ref;
    return hfhub__compute_ns(c, o ? o->ns : NULL, o ? o->token : NULL, ar, ns);
}

static hfhub_result hfhub__joblog_run(hfhub_client *c, const char *ns, const char *id, const hfhub_job_logs_opts *o,
                                      hfhub__joblog *L, hfhub__buf *url) {
    int follow = !(o && o->no_follow);
    int timeout = o && o->read_timeout_ms > 0 ? o->read_timeout_ms : follow ? 120000 : 5000;
    int max_retries = o && o->max_reconnects > 0 ? o->max_reconnects : 5;
    int64_t backoff = o && o->backoff_ms > 0 ? o->backoff_ms : 1000;
    const char *token = o ? o->where.token : NULL;
    int64_t base = backoff;
    int failures = 0, first = 1, status, alive;
    hfhub_result r, rs;
    for (;;) {
        if ((r = hfhub__joblog_url(c, url, ns, id, "logs", first && o ? o->tail : 0))) return r;
        L->resumed = !first;
        L->skip_ts = L->skip_idx = 0;
        rs = hfhub__jobsse_get(c, url->data, token, timeout, hfhub__joblog_sse, L, 0, &status);
        first = 0;
        if (L->err) return L->err;
        if (!follow) return rs == HFHUB_ERR_TIMEOUT ? HFHUB_OK : rs;
        if (rs == HFHUB_ERR_NETWORK || rs == HFHUB_ERR_TIMEOUT) {
            if (++failures > max_retries) return rs;
        } else if (rs) {
            return rs;
        } else {
            failures = 0;
        }
        if ((r = hfhub__joblog_alive(c, ns, id, token, &alive))) return r;
        /* a clean end of a finished job is the end; a dropped stream is read again (the
         * replay brings the lines we missed, even when the job has finished since) */
        if (!alive && rs == HFHUB_OK) return HFHUB_OK;
        hfhub__sleep_ms(failures ? backoff : base);
        if (failures) backoff = backoff * 2 > 10000 ? 10000 : backoff * 2;
        else backoff = base;
    }
}

hfhub_result hfhub_fetch_job_logs(hfhub_client *c, const char *job_id, const hfhub_job_logs_opts *opts,
                                  hfhub_job_log_fn fn, void *user) {
    hfhub__arena *ar = hfhub__cres_new(c->a);
    hfhub__joblog L;
    hfhub__buf url;
    const char *ns = NULL, *id = NULL;
    hfhub_result r;
    if (!ar) return hfhub__fail(HFHUB_ERR_NOMEM, "logs");
    if (!fn) {
        hfhub__cres_free(ar);
        return hfhub__fail(HFHUB_ERR_INVALID_ARG, "job logs: no callback");
    }
    memset(&L, 0, sizeof L);
    L.fn = fn;
    L.user = user;
    L.a = c->a;
    hfhub__buf_init(&url, c->a);
    r = hfhub__joblog_ref(c, job_id, opts ? &opts->where : NULL, ar, &ns, &id);
    if (!r) r = hfhub__joblog_run(c, ns, id, opts, &L, &url);
    hfhub__buf_free(&url);
    hfhub__cres_free(ar);
    return r;
}
/* ---- metrics ------------------------------------------------------------------------------- */

typedef struct hfhub__jobmet {
    hfhub_job_metrics_fn fn;
    void *user;
    const hfhub_allocator *a;
    hfhub_result err;
} hfhub__jobmet;

static int hfhub__jobmet_sse(void *user, const hfhub__sse_event *ev) {
    hfhub__jobmet *M = (hfhub__jobmet *)user;
    hfhub__arena ar;
    const hfhub_json_value *v = NULL;
    hfhub_job_metrics m;
    int stop = 0;
    if (!ev->data_len || ev->data[0] != '{') return 0;
    hfhub__arena_init(&ar, M->a);
    if (hfhub__json_parse_in(&ar, ev->data, ev->data_len, 64, &v)) {
        M->err = hfhub__fail(HFHUB_ERR_PARSE, "job metrics: a data line is not JSON: %.80s", ev->data);
        hfhub__arena_free(&ar);
        return 1;
    }
    memset(&m, 0, sizeof m);
    m.cpu_usage_pct = hfhub_json_double(hfhub_json_get(v, "cpu_usage_pct"), 0);
    m.cpu_millicores = hfhub_json_int(hfhub_json_get(v, "cpu_millicores"), 0);
    m.memory_used_bytes = hfhub_json_int(hfhub_json_get(v, "memory_used_bytes"), 0);
    m.memory_total_bytes = hfhub_json_int(hfhub_json_get(v, "memory_total_bytes"), 0);
    m.rx_bps = hfhub_json_int(hfhub_json_get(v, "rx_bps"), 0);
    m.tx_bps = hfhub_json_int(hfhub_json_get(v, "tx_bps"), 0);
    m.replica = hfhub_json_str(hfhub_json_get(v, "replica"), NULL);
    m.raw = v;
    if (M->fn(M->user, &m)) {
        M->err = hfhub__fail(HFHUB_ERR_CANCELLED, "job metrics: stopped by the callback");
        stop = 1;
    }
    hfhub__arena_free(&ar);
    return stop;
}

hfhub_result hfhub_fetch_job_metrics(hfhub_client *c, const char *job_id, const hfhub_job_opts *opts,
                                     hfhub_job_metrics_fn fn, void *user) {
    hfhub__arena *ar = hfhub__cres_new(c->a);
    hfhub__jobmet M;
    hfhub__buf url;
    const char *ns = NULL, *id = NULL;
    int status = 0;
    hfhub_result r;
    if (!ar) return hfhub__fail(HFHUB_ERR_NOMEM, "metrics");
    memset(&M, 0, sizeof M);
    M.fn = fn;
    M.user = user;
    M.a = c->a;
    hfhub__buf_init(&url, c->a);
    r = fn ? hfhub__joblog_ref(c, job_id, opts, ar, &ns, &id) : hfhub__fail(HFHUB_ERR_INVALID_ARG, "job metrics: no callback");
    if (!r) r = hfhub__joblog_url(c, &url, ns, id, "metrics", 0);
    if (!r) r = hfhub__jobsse_get(c, url.data, opts ? opts->token : NULL, 120000, hfhub__jobmet_sse, &M, 500, &status);
    if (M.err) r = M.err;
    hfhub__buf_free(&url);
    hfhub__cres_free(ar);
    return r;
}

/* ---- uv jobs ------------------------------------------------------------------------------- */

#define HFHUB__UV_IMAGE "ghcr.io/astral-sh/uv:python3.12-bookworm"

#ifndef HFHUB_NO_STDIO
static int hfhub__uv_is_url(const char *s) {
    return !strncmp(s, "https://", 8) || !strncmp(s, "http://", 7);
}

/* A file Python would have had to find locally: .py .sh .yaml .yml .toml */
static int hfhub__uv_wants_file(const char *s) {
    static const char *const exts[] = {".py", ".sh", ".yaml", ".yml", ".toml"};
    size_t i, n = strlen(s);
    for (i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t e = strlen(exts[i]);
        if (n > e && !strcmp(s + n - e, exts[i])) return 1;
    }
    return 0;
}

static int hfhub__uv_is_local(const char *s) {
    return !hfhub__uv_is_url(s) && hfhub__fs_exists(s) && !hfhub__fs_is_dir(s);
}

/* Local files are uploaded (with a hook) or refused; expected ones that are missing fail. */
static hfhub_result hfhub__uv_check(const hfhub_uv_job_spec *uv, const char *item) {
    if (hfhub__uv_is_local(item)) {
        if (uv->upload) return HFHUB_OK;
        return hfhub__fail(HFHUB_ERR_UNSUPPORTED,
                           "uv job: '%s' is a local file: it goes to a jobs-artifacts bucket, which needs an upload "
                           "function (hfhub_bucket_uv_upload from hfhub_xet.h), or give a URL", item);
    }
    if (!hfhub__uv_is_url(item) && hfhub__uv_wants_file(item))
        return hfhub__fail(HFHUB_ERR_IO, "uv job: local file '%s' not found", item);
    return HFHUB_OK;
}
#endif

/* The command; check: local files checked (not for a spec whose files were uploaded and
 * rewritten to /data/...). */
static hfhub_result hfhub__uv_command(hfhub_client *c, const hfhub_uv_job_spec *uv, int check, char ***command,
                                      size_t *n) {
    size_t i, count, bytes = 0, k = 0;
    const char *items[4096];
    char **arr, *p;
    *command = NULL;
    *n = 0;
    if (!uv || !uv->script || !*uv->script) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "uv job: a script is required");
    count = 2 + 2 * uv->n_dependencies + (uv->python ? 2 : 0) + 1 + uv->n_script_args;
    if (count > sizeof items / sizeof items[0]) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "uv job: too many arguments");
    items[k++] = "uv";
    items[k++] = "run";
    for (i = 0; i < uv->n_dependencies; i++) {
        items[k++] = "--with";
        items[k++] = uv->dependencies[i];
    }
    if (uv->python) {
        items[k++] = "--python";
        items[k++] = uv->python;
    }
    items[k++] = uv->script;
    for (i = 0; i < uv->n_script_args; i++) items[k++] = uv->script_args[i];
    for (i = 0; i < k; i++) {
        if (!items[i]) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "uv job: a NULL argument");
        bytes += strlen(items[i]) + 1;
    }
#ifndef HFHUB_NO_STDIO
    for (i = k - 1 - uv->n_script_args; check && i < k; i++) {
        hfhub_result r = hfhub__uv_check(uv, items[i]);
        if (r) return r;
    }
#endif
#ifdef HFHUB_NO_STDIO
    (void)check;   /* no local files without a filesystem */
#endif
    arr = (char **)hfhub__out_alloc(c, k * sizeof *arr + bytes);
    if (!arr) return hfhub__fail(HFHUB_ERR_NOMEM, "uv command");
    p = (char *)(arr + k);
    for (i = 0; i < k; i++) {
        size_t len = strlen(items[i]) + 1;
        memcpy(p, items[i], len);
        arr[i] = p;
        p += len;
    }
    *command = arr;
    *n = k;
    return HFHUB_OK;
}

hfhub_result hfhub_uv_job_command(hfhub_client *c, const hfhub_uv_job_spec *uv, char ***command, size_t *n) {
    return hfhub__uv_command(c, uv, 1, command, n);
}

#ifndef HFHUB_NO_STDIO
/* "YYYYmmddTHHMMSS-<6 hex>" (UTC) into out (23 bytes). */
static void hfhub__uv_prefix(char out[32]) {
    int64_t t = hfhub__unix_time(), days = t / 86400, secs = t % 86400, y, era, doe, yoe, doy, mp, d, m;
    char hex[7];
    /* civil from days (proleptic Gregorian) */
    days += 719468;
    era = (days >= 0 ? days : days - 146096) / 146097;
    doe = days - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    hfhub__random_hex(hex, 6);
    snprintf(out, 32, "%04d%02d%02dT%02d%02d%02d-%s", (int)y, (int)m, (int)d, (int)(secs / 3600), (int)(secs / 60 % 60),
             (int)(secs % 60), hex);
}

/* a b c concatenated, in ar (NULL: no memory). */
static char *hfhub__uv_join(hfhub__arena *ar, const char *a, const char *b, const char *c) {
    size_t la = strlen(a), lb = strlen(b), lc = strlen(c);
    char *out = (char *)hfhub__arena_alloc(ar, la + lb + lc + 1);
    if (!out) return NULL;
    memcpy(out, a, la);
    memcpy(out + la, b, lb);
    memcpy(out + la + lb, c, lc + 1);
    return out;
}

static const char *hfhub__uv_basename(const char *path) {
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* Uploads the local files among script and args to {ns}/jobs-artifacts/<prefix>/<name> and
 * rewrites them to /data/<name> in items (strings in ar); *prefix_out gets the prefix. */
static hfhub_result hfhub__uv_upload(const hfhub_uv_job_spec *uv, const char *ns, hfhub__arena *ar, const char **items,
                                     size_t n, const char **bucket_out, const char **prefix_out) {
    char prefix[32];
    size_t i, j;
    hfhub_result r = HFHUB_OK;
    hfhub__uv_prefix(prefix);
    *bucket_out = hfhub__uv_join(ar, ns, "/", "jobs-artifacts");
    *prefix_out = hfhub__arena_strdup(ar, prefix);
    if (!*bucket_out || !*prefix_out) return hfhub__fail(HFHUB_ERR_NOMEM, "uv upload");
    for (i = 0; i < n; i++)   /* two files with one name would overwrite each other */
        for (j = 0; j < i && hfhub__uv_is_local(items[i]); j++)
            if (hfhub__uv_is_local(items[j]) && !strcmp(hfhub__uv_basename(items[j]), hfhub__uv_basename(items[i])))
                return hfhub__fail(HFHUB_ERR_INVALID_ARG, "uv job: two local files are named '%s'",
                                   hfhub__uv_basename(items[i]));
    for (i = 0; i < n && !r; i++) {
        const char *name = hfhub__uv_basename(items[i]);
        char *in_bucket, *remote;
        if (!hfhub__uv_is_local(items[i])) continue;
        in_bucket = hfhub__uv_join(ar, prefix, "/", name);
        remote = hfhub__uv_join(ar, "/data", "/", name);
        if (!in_bucket || !remote) return hfhub__fail(HFHUB_ERR_NOMEM, "uv upload");
        if ((r = uv->upload(uv->upload_user, *bucket_out, in_bucket, items[i])) == HFHUB_OK) items[i] = remote;
    }
    return r;
}

#endif

/* What create_scheduled_uv_job adds to a uv run. */
typedef struct hfhub__uv_sched {
    const char *schedule;
    int suspend, concurrency;
    hfhub_scheduled_job_info **out;
} hfhub__uv_sched;

/* Submits the uv run of uv: as a job (into *out), or with sc as a scheduled job. */
static hfhub_result hfhub__uv_submit(hfhub_client *c, const hfhub_uv_job_spec *uv, int check,
                                     const hfhub_job_opts *opts, hfhub_job_info **out, const hfhub__uv_sched *sc) {
    hfhub_job_spec s;
    char **cmd = NULL;
    size_t n = 0;
    hfhub_result r;
    if ((r = hfhub__uv_command(c, uv, check, &cmd, &n))) return r;
    s = uv->job;
    if (!s.image) s.image = HFHUB__UV_IMAGE;
    s.command = (const char *const *)cmd;
    s.n_command = n;
    r = sc ? hfhub_create_scheduled_job(c, &s, sc->schedule, sc->suspend, sc->concurrency, opts, sc->out)
           : hfhub_run_job(c, &s, opts, out);
    hfhub_free(c, cmd);
    return r;
}

#ifndef HFHUB_NO_STDIO
/* The run (or schedule, with sc) with its local files uploaded: the rewritten spec plus the
 * /data bucket volume. */
static hfhub_result hfhub__uv_run_local(hfhub_client *c, const hfhub_uv_job_spec *uv, const hfhub_job_opts *opts,
                                        hfhub_job_info **out, const hfhub__uv_sched *sc) {
    hfhub__arena *ar = hfhub__cres_new(c->a);
    hfhub_uv_job_spec u = *uv;
    const char **items;
    const char *ns = NULL, *bucket = NULL, *prefix = NULL;
    hfhub_job_volume *vols;
    hfhub_result r;
    size_t i;
    if (!ar) return hfhub__fail(HFHUB_ERR_NOMEM, "uv job");
    items = (const char **)hfhub__arena_alloc(ar, (uv->n_script_args + 1) * sizeof *items);
    vols = (hfhub_job_volume *)hfhub__arena_alloc(ar, (uv->job.n_volumes + 1) * sizeof *vols);
    r = items && vols ? hfhub__compute_ns(c, opts ? opts->ns : NULL, opts ? opts->token : NULL, ar, &ns)
                      : hfhub__fail(HFHUB_ERR_NOMEM, "uv job");
    if (!r) {
        items[0] = uv->script;
        for (i = 0; i < uv->n_script_args; i++) items[i + 1] = uv->script_args[i];
        r = hfhub__uv_upload(uv, ns, ar, items, uv->n_script_args + 1, &bucket, &prefix);
    }
    if (!r) {
        for (i = 0; i < uv->job.n_volumes; i++) vols[i] = uv->job.volumes[i];
        memset(&vols[i], 0, sizeof vols[i]);
        vols[i].type = "bucket";
        vols[i].source = bucket;
        vols[i].mount_path = "/data";
        vols[i].path = prefix;
        u.script = items[0];
        u.script_args = items + 1;
        u.upload = NULL;
        u.job.volumes = vols;
        u.job.n_volumes = uv->job.n_volumes + 1;
        r = hfhub__uv_submit(c, &u, 0, opts, out, sc);
    }
    hfhub__cres_free(ar);
    return r;
}

/* Whether the script or an argument is a local file. */
static int hfhub__uv_has_local(const hfhub_uv_job_spec *uv) {
    size_t i;
    if (uv->script && hfhub__uv_is_local(uv->script)) return 1;
    for (i = 0; i < uv->n_script_args; i++)
        if (uv->script_args[i] && hfhub__uv_is_local(uv->script_args[i])) return 1;
    return 0;
}
#endif

hfhub_result hfhub_run_uv_job(hfhub_client *c, const hfhub_uv_job_spec *uv, const hfhub_job_opts *opts,
                              hfhub_job_info **out) {
    char **cmd = NULL;
    size_t n = 0;
    hfhub_result r;
    *out = NULL;
    if ((r = hfhub_uv_job_command(c, uv, &cmd, &n))) return r;   /* bad input before any request */
    hfhub_free(c, cmd);
#ifndef HFHUB_NO_STDIO
    if (uv->upload && hfhub__uv_has_local(uv)) return hfhub__uv_run_local(c, uv, opts, out, NULL);
#endif
    return hfhub__uv_submit(c, uv, 1, opts, out, NULL);
}

hfhub_result hfhub_create_scheduled_uv_job(hfhub_client *c, const hfhub_uv_job_spec *uv, const char *schedule,
                                           int suspend, int concurrency, const hfhub_job_opts *opts,
                                           hfhub_scheduled_job_info **out) {
    hfhub__uv_sched sc;
    char **cmd = NULL;
    size_t n = 0;
    hfhub_result r;
    *out = NULL;
    sc.schedule = schedule;
    sc.suspend = suspend;
    sc.concurrency = concurrency;
    sc.out = out;
    if ((r = hfhub_uv_job_command(c, uv, &cmd, &n))) return r;   /* bad input before any request */
    hfhub_free(c, cmd);
#ifndef HFHUB_NO_STDIO
    if (uv->upload && hfhub__uv_has_local(uv)) return hfhub__uv_run_local(c, uv, opts, NULL, &sc);
#endif
    return hfhub__uv_submit(c, uv, 1, opts, NULL, &sc);
}

/* ---- dotenv -------------------------------------------------------------------------------- */

typedef struct hfhub__dotenv_line {
    size_t key, key_len;     /* offsets into the value buffer */
    size_t val;
    int has_val;
} hfhub__dotenv_line;

static int hfhub__dotenv_key_ch(char ch) {
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ||
           ch == '.' || ch == '-';
}

/* Parses the value starting at s[*i] (line ends at e) into b. */
static hfhub_result hfhub__dotenv_value(const char *s, size_t *i, size_t e, hfhub__buf *b, unsigned line) {
    size_t j = *i;
    if (j < e && (s[j] == '\'' || s[j] == '"')) {
        char q = s[j++];
        for (; j < e && s[j] != q; j++) {
            if (q == '"' && s[j] == '\\' && j + 1 < e) {
                char n = s[++j];
                hfhub__buf_putc(b, n == 'n' ? '\n' : n == 't' ? '\t' : n == 'r' ? '\r' : n);
            } else {
                hfhub__buf_putc(b, s[j]);
            }
        }
        if (j >= e) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "dotenv line %u: unterminated quote", line);
        j++;
        while (j < e && (s[j] == ' ' || s[j] == '\t')) j++;
        if (j < e && s[j] != '#') return hfhub__fail(HFHUB_ERR_INVALID_ARG, "dotenv line %u: text after the quoted value", line);
    } else {
        size_t end = j;
        for (; j < e; j++) {
            if (s[j] == '#' && (j == *i || s[j - 1] == ' ' || s[j - 1] == '\t')) break;
            end = j + 1;
        }
        while (end > *i && (s[end - 1] == ' ' || s[end - 1] == '\t')) end--;
        hfhub__buf_append(b, s + *i, end - *i);
    }
    hfhub__buf_putc(b, 0);
    *i = e;
    return HFHUB_OK;
}

/* One line s[i..e): appends "key\0value\0" (or "key\0" for a bare key) to b. 1 when it had
 * an entry, 0 for a blank or comment line, <0 on error. */
static hfhub_result hfhub__dotenv_line_parse(const char *s, size_t i, size_t e, hfhub__buf *b, unsigned line,
                                             hfhub__dotenv_line *out) {
    size_t k;
    while (i < e && (s[i] == ' ' || s[i] == '\t')) i++;
    if (i == e || s[i] == '#') return (hfhub_result)0;
    if (e - i > 7 && !strncmp(s + i, "export ", 7)) {
        i += 7;
        while (i < e && s[i] == ' ') i++;
    }
    for (k = i; k < e && hfhub__dotenv_key_ch(s[k]); k++) {
    }
    if (k == i) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "dotenv line %u: expected KEY=VALUE", line);
    out->key = b->len;
    out->key_len = k - i;
    hfhub__buf_append(b, s + i, k - i);
    hfhub__buf_putc(b, 0);
    while (k < e && (s[k] == ' ' || s[k] == '\t')) k++;
    if (k == e) {
        out->has_val = 0;
        return (hfhub_result)1;
    }
    if (s[k] != '=') return hfhub__fail(HFHUB_ERR_INVALID_ARG, "dotenv line %u: expected '=' after the key", line);
    k++;
    while (k < e && (s[k] == ' ' || s[k] == '\t')) k++;
    out->val = b->len;
    out->has_val = 1;
    {
        hfhub_result r = hfhub__dotenv_value(s, &k, e, b, line);
        return r ? r : (hfhub_result)1;
    }
}

hfhub_result hfhub_parse_dotenv(hfhub_client *c, const char *text, size_t len, hfhub_job_kv **out, size_t *n) {
    hfhub__buf b;
    hfhub__dotenv_line *lines = NULL;
    size_t i = 0, count = 0, cap = 0;
    unsigned line = 0;
    hfhub_result r = HFHUB_OK;
    *out = NULL;
    *n = 0;
    if (!text) return hfhub__fail(HFHUB_ERR_INVALID_ARG, "dotenv: no text");
    hfhub__buf_init(&b, c->a);
    while (i < len && !r) {
        size_t e = i;
        hfhub__dotenv_line L;
        while (e < len && text[e] != '\n') e++;
        line++;
        memset(&L, 0, sizeof L);
        r = hfhub__dotenv_line_parse(text, i, e > i && text[e - 1] == '\r' ? e - 1 : e, &b, line, &L);
        if (r == 1) {
            if (count == cap) {
                size_t nc = cap ? cap * 2 : 8;
                hfhub__dotenv_line *g = (hfhub__dotenv_line *)hfhub__realloc(c->a, lines, cap * sizeof *lines, nc * sizeof *lines);
                if (!g) r = hfhub__fail(HFHUB_ERR_NOMEM, "dotenv");
                else {
                    lines = g;
                    cap = nc;
                }
            }
            if (count < cap) lines[count++] = L;
            if (r == 1) r = HFHUB_OK;
        }
        i = e + 1;
    }
    if (!r && b.failed) r = hfhub__fail(HFHUB_ERR_NOMEM, "dotenv");
    if (!r && count) {
        hfhub_job_kv *kv = (hfhub_job_kv *)hfhub__out_alloc(c, count * sizeof *kv + b.len);
        if (!kv) r = hfhub__fail(HFHUB_ERR_NOMEM, "dotenv");
        else {
            char *strs = (char *)(kv + count);
            memcpy(strs, b.data, b.len);
            for (i = 0; i < count; i++) {
                kv[i].key = strs + lines[i].key;
                kv[i].value = lines[i].has_val ? strs + lines[i].val : NULL;
            }
            *out = kv;
            *n = count;
        }
    }
    hfhub__free(c->a, lines, cap * sizeof *lines);
    hfhub__buf_free(&b);
    return r;
}

#undef HFHUB__JOBSSE_MAX_ERR
#undef HFHUB__UV_IMAGE
