/* test_jobs.c: the Jobs API against tools/localhub (fast compute timings): request shapes
 * from the recorded bodies, a job followed to completion with its logs in order and its exit
 * status, log follow across a dropped SSE connection without duplicates, errors (unknown
 * flavor, auth, wait timeout), listing filters and pages, cancel, metrics, hardware,
 * scheduled jobs; and offline units: dotenv, timeouts, the log-line parser. */
#define _POSIX_C_SOURCE 200809L
#include "localhub.h"

static t_hub H;
static hfhub_client *C;

typedef struct lines {
    char items[64][64];
    char ts[64][40];
    int n;
    int stop_at;
} lines;

static int on_line(void *user, const char *line, const char *ts) {
    lines *L = (lines *)user;
    if (L->n < 64) {
        snprintf(L->items[L->n], sizeof L->items[0], "%s", line);
        snprintf(L->ts[L->n], sizeof L->ts[0], "%s", ts ? ts : "");
        L->n++;
    }
    return L->stop_at && L->n >= L->stop_at;
}

static hfhub_result run(const char *image, const char *const *cmd, size_t n, const hfhub_job_kv *env, size_t n_env,
                        hfhub_job_info **out) {
    hfhub_job_spec s;
    memset(&s, 0, sizeof s);
    s.image = image;
    s.command = cmd;
    s.n_command = n;
    s.env = env;
    s.n_env = n_env;
    return hfhub_run_job(C, &s, NULL, out);
}

static void test_request_shape(void) {
    static const char *const cmd[] = {"python", "-c", "print('hello')"};
    hfhub_job_kv env[1], sec[1], lab[1];
    hfhub_job_volume vol[1];
    int ports[1] = {8000};
    hfhub_job_spec s;
    hfhub_job_info *job = NULL;
    char body[2048];
    memset(&s, 0, sizeof s);
    env[0].key = "FOO"; env[0].value = "bar";
    sec[0].key = "HF_TOKEN"; sec[0].value = "hf_xxx";
    lab[0].key = "env"; lab[0].value = "prod";
    memset(vol, 0, sizeof vol);
    vol[0].type = "model"; vol[0].source = "org/model"; vol[0].mount_path = "/model"; vol[0].revision = "main";
    vol[0].read_only = 1;
    s.image = "python:3.12";
    s.command = cmd; s.n_command = 3;
    s.env = env; s.n_env = 1;
    s.secrets = sec; s.n_secrets = 1;
    s.flavor = "cpu-upgrade";
    s.timeout = "1.5h";
    s.labels = lab; s.n_labels = 1;
    s.volumes = vol; s.n_volumes = 1;
    s.expose_ports = ports; s.n_expose_ports = 1;
    CHECK_OK(hfhub_run_job(C, &s, NULL, &job));
    t_hub_last_compute_body(&H, body, sizeof body);
    CHECK(body == strstr(body, "{\"dockerImage\":\"python:3.12\",\"command\":[\"python\",\"-c\",\"print('hello')\"],\"arguments\":[],"
                    "\"environment\":{\"FOO\":\"bar\"},\"flavor\":\"cpu-upgrade\",\"secrets\":{\"HF_TOKEN\":\"hf_xxx\"},"
                    "\"timeoutSeconds\":5400,\"labels\":{\"env\":\"prod\",\"name\":\"python-3-12-"));
    CHECK(strstr(body, "\"volumes\":[{\"type\":\"model\",\"source\":\"org/model\",\"mountPath\":\"/model\",\"revision\":\"main\",\"readOnly\":true}],\"expose\":{\"ports\":[8000]}}") != NULL);
    CHECK(job && !strcmp(job->owner_name, "user") && !strcmp(job->stage, "SCHEDULING"));
    CHECK(job && job->n_secrets == 1 && !strcmp(job->secrets[0], "HF_TOKEN"));
    CHECK(job && job->url && strstr(job->url, "/jobs/user/") != NULL);
    hfhub_job_info_free(job);
    /* a Space as the image; the name given */
    s.image = "https://huggingface.co/spaces/user/my-space";
    s.name = "custom";
    s.labels = NULL; s.n_labels = 0;
    s.volumes = NULL; s.n_volumes = 0; s.expose_ports = NULL; s.n_expose_ports = 0;
    s.secrets = NULL; s.n_secrets = 0; s.timeout = NULL; s.ssh = 1;
    CHECK_OK(hfhub_run_job(C, &s, NULL, &job));
    t_hub_last_compute_body(&H, body, sizeof body);
    CHECK_STR(body, "{\"spaceId\":\"user/my-space\",\"command\":[\"python\",\"-c\",\"print('hello')\"],\"arguments\":[],"
                    "\"environment\":{\"FOO\":\"bar\"},\"flavor\":\"cpu-upgrade\",\"labels\":{\"name\":\"custom\"},"
                    "\"ssh\":{\"enabled\":true}}");
    hfhub_job_info_free(job);
    /* name and a name label together */
    s.labels = lab; s.n_labels = 1; lab[0].key = "name";
    CHECK_INT(hfhub_run_job(C, &s, NULL, &job), HFHUB_ERR_INVALID_ARG);
    CHECK(job == NULL);
}

static void test_run_follow_wait(void) {
    static const char *const cmd[] = {"sh"};
    hfhub_job_kv env[1];
    hfhub_job_info *job = NULL, *done = NULL;
    hfhub_wait_job_opts w;
    lines L;
    int i;
    env[0].key = "LOCALHUB_LINES"; env[0].value = "12";
    CHECK_OK(run("alpine", cmd, 1, env, 1, &job));
    if (!job) return;
    memset(&L, 0, sizeof L);
    CHECK_OK(hfhub_fetch_job_logs(C, job->id, NULL, on_line, &L));
    CHECK_INT(L.n, 12);
    for (i = 0; i < L.n; i++) {
        char want[16];
        snprintf(want, sizeof want, "line %d", i + 1);
        CHECK_STR(L.items[i], want);
        if (i) CHECK(strcmp(L.ts[i - 1], L.ts[i]) <= 0);
    }
    memset(&w, 0, sizeof w);
    w.poll_ms = 20;
    t_hub_log_clear(&H);
    CHECK_OK(hfhub_wait_for_job(C, job->id, &w, &done));
    CHECK_INT(t_hub_log_count(&H, "hub", "GET", "/api/whoami-v2$"), 1);
    CHECK(done && !strcmp(done->stage, "COMPLETED"));
    CHECK_INT(hfhub_job_exit_status(done), 0);
    hfhub_job_info_free(done);
    /* tail, not following, with the "ns/id" form */
    {
        hfhub_job_logs_opts o;
        char ref[128];
        memset(&o, 0, sizeof o);
        o.no_follow = 1;
        o.tail = 2;
        snprintf(ref, sizeof ref, "user/%s", job->id);
        memset(&L, 0, sizeof L);
        CHECK_OK(hfhub_fetch_job_logs(C, ref, &o, on_line, &L));
        CHECK_INT(L.n, 2);
        CHECK_STR(L.items[0], "line 11");
        CHECK_STR(L.items[1], "line 12");
    }
    /* the callback stops the stream */
    memset(&L, 0, sizeof L);
    L.stop_at = 3;
    CHECK_INT(hfhub_fetch_job_logs(C, job->id, NULL, on_line, &L), HFHUB_ERR_CANCELLED);
    CHECK_INT(L.n, 3);
    hfhub_job_info_free(job);
}

static void test_follow_survives_drop(void) {
    static const char *const cmd[] = {"sh"};
    hfhub_job_kv env[1];
    hfhub_job_info *job = NULL;
    hfhub_job_logs_opts o;
    lines L;
    int i;
    env[0].key = "LOCALHUB_LINES"; env[0].value = "30";
    CHECK_OK(t_hub_admin(&H, "POST", "compute", "{\"drop_logs\": 8, \"log_noise\": true}", NULL));
    CHECK_OK(run("alpine", cmd, 1, env, 1, &job));
    if (!job) return;
    t_hub_log_clear(&H);
    memset(&o, 0, sizeof o);
    o.backoff_ms = 10;
    memset(&L, 0, sizeof L);
    CHECK_OK(hfhub_fetch_job_logs(C, job->id, &o, on_line, &L));
    CHECK_INT(L.n, 30);
    for (i = 0; i < L.n; i++) {
        char want[16];
        snprintf(want, sizeof want, "line %d", i + 1);
        CHECK_STR(L.items[i], want);
    }
    CHECK(t_hub_log_count(&H, "hub", "GET", "/logs$") >= 2);
    CHECK_OK(t_hub_admin(&H, "POST", "compute", "{\"log_noise\": false}", NULL));
    hfhub_job_info_free(job);
}

static void test_error_and_bad_input(void) {
    static const char *const cmd[] = {"false"};
    hfhub_job_kv env[1];
    hfhub_job_info *job = NULL, *done = NULL;
    hfhub_wait_job_opts w;
    hfhub_job_spec s;
    env[0].key = "LOCALHUB_EXIT"; env[0].value = "3";
    CHECK_OK(run("alpine", cmd, 1, env, 1, &job));
    memset(&w, 0, sizeof w);
    w.poll_ms = 20;
    if (job) CHECK_OK(hfhub_wait_for_job(C, job->id, &w, &done));
    CHECK(done && !strcmp(done->stage, "ERROR") && strstr(done->message, "exit code: 3"));
    CHECK_INT(hfhub_job_exit_status(done), 1);
    hfhub_job_info_free(done);
    hfhub_job_info_free(job);
    memset(&s, 0, sizeof s);
    s.image = "alpine";
    s.flavor = "gpu-huge";
    CHECK_INT(hfhub_run_job(C, &s, NULL, &job), HFHUB_ERR_BAD_REQUEST);
    CHECK(strstr(hfhub_last_error()->message, "Invalid flavor") != NULL);
    s.flavor = NULL;
    s.timeout = "5x";
    CHECK_INT(hfhub_run_job(C, &s, NULL, &job), HFHUB_ERR_INVALID_ARG);
    s.timeout = NULL;
    s.image = NULL;
    CHECK_INT(hfhub_run_job(C, &s, NULL, &job), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_inspect_job(C, "0123456789abcdef01234567", NULL, &job), HFHUB_ERR_HTTP);
    CHECK_INT(hfhub_last_error()->http_status, 404);
    CHECK_INT(hfhub_inspect_job(C, "", NULL, &job), HFHUB_ERR_INVALID_ARG);
    {
        hfhub_client *anon = t_hub_client(&H, NULL, NULL);
        hfhub_job_opts o;
        memset(&o, 0, sizeof o);
        o.ns = "user";
        CHECK(hfhub_inspect_job(anon, "x", &o, &job) != HFHUB_OK);
        CHECK_INT(hfhub_last_error()->http_status, 401);
        hfhub_client_free(anon);
    }
    /* wait past its timeout */
    {
        static const char *const c2[] = {"sh"};
        env[0].key = "LOCALHUB_LINES"; env[0].value = "1000";
        CHECK_OK(run("alpine", c2, 1, env, 1, &job));
        w.timeout_ms = 100;
        if (job) {
            CHECK_INT(hfhub_wait_for_job(C, job->id, &w, &done), HFHUB_ERR_TIMEOUT);
            CHECK(done == NULL);
            CHECK_OK(hfhub_cancel_job(C, job->id, NULL));
            w.timeout_ms = 0;
            CHECK_OK(hfhub_wait_for_job(C, job->id, &w, &done));
            CHECK(done && !strcmp(done->stage, "CANCELED"));
            hfhub_job_info_free(done);
        }
        hfhub_job_info_free(job);
    }
}

static void test_list_and_labels(void) {
    static const char *const cmd[] = {"echo", "x"};
    hfhub_job_spec s;
    hfhub_job_kv lab[1];
    hfhub_job_info *job = NULL, *list = NULL;
    hfhub_list_jobs_opts lo;
    const char *filters[1] = {"team=blue"};
    size_t n = 0;
    int i;
    CHECK_OK(t_hub_admin(&H, "POST", "compute", "{\"timings\": {\"jobs_page_size\": 2}}", NULL));
    memset(&s, 0, sizeof s);
    s.image = "alpine";
    s.command = cmd;
    s.n_command = 2;
    lab[0].key = "team";
    for (i = 0; i < 3; i++) {
        lab[0].value = i == 1 ? "blue" : "red";
        s.labels = lab;
        s.n_labels = 1;
        CHECK_OK(hfhub_run_job(C, &s, NULL, &job));
        hfhub_job_info_free(job);
    }
    memset(&lo, 0, sizeof lo);
    CHECK_OK(hfhub_list_jobs(C, &lo, &list, &n));
    CHECK(n >= 3);
    CHECK(t_hub_log_count(&H, "hub", "GET", "/api/jobs/user\\?.*cursor=") >= 1);
    hfhub_job_info_free(list);
    lo.labels = filters;
    lo.n_labels = 1;
    CHECK_OK(hfhub_list_jobs(C, &lo, &list, &n));
    CHECK_INT(n, 1);
    CHECK(n == 1 && !strcmp(list[0].labels[0].value, "blue"));
    if (n == 1) {
        hfhub_job_kv nl[2];
        hfhub_job_info *upd = NULL;
        nl[0].key = "team"; nl[0].value = "green";
        nl[1].key = "x"; nl[1].value = "y";
        CHECK_OK(hfhub_set_job_labels(C, list[0].id, nl, 2, NULL, &upd));
        CHECK(upd && upd->n_labels == 2 && !strcmp(upd->labels[0].value, "green"));
        hfhub_job_info_free(upd);
    }
    hfhub_job_info_free(list);
    {   /* the filters as query parameters, repeated */
        const char *st[2] = {"RUNNING", "SCHEDULING"};
        memset(&lo, 0, sizeof lo);
        lo.stages = st;
        lo.n_stages = 2;
        lo.labels = filters;
        lo.n_labels = 1;
        t_hub_log_clear(&H);
        CHECK_OK(hfhub_list_jobs(C, &lo, &list, &n));
        CHECK_INT(t_hub_log_count(&H, "hub", "GET", "^/api/jobs/user\\?stage=RUNNING&stage=SCHEDULING&label=team%3Dblue$"), 1);
        hfhub_job_info_free(list);
    }
    {
        const char *stages[1] = {"DELETED"};
        memset(&lo, 0, sizeof lo);
        lo.stages = stages;
        lo.n_stages = 1;
        list = (hfhub_job_info *)&lo; /* must be reset */
        CHECK_OK(hfhub_list_jobs(C, &lo, &list, &n));
        CHECK(n == 0 && list == NULL);
    }
    CHECK_OK(t_hub_admin(&H, "POST", "compute", "{\"timings\": {\"jobs_page_size\": 50}}", NULL));
}

static int on_metrics(void *user, const hfhub_job_metrics *m) {
    int *n = (int *)user;
    if (m->memory_total_bytes == 17179869184LL && m->replica) (*n)++;
    return *n >= 2;
}

static void test_metrics_and_hardware(void) {
    static const char *const cmd[] = {"sh"};
    hfhub_job_kv env[1];
    hfhub_job_info *job = NULL;
    hfhub_job_hardware *hw = NULL;
    size_t n = 0, i;
    int got = 0, found = 0;
    env[0].key = "LOCALHUB_LINES"; env[0].value = "50";
    CHECK_OK(run("alpine", cmd, 1, env, 1, &job));
    if (job) {
        CHECK_INT(hfhub_fetch_job_metrics(C, job->id, NULL, on_metrics, &got), HFHUB_ERR_CANCELLED);
        CHECK_INT(got, 2);
        CHECK_OK(hfhub_cancel_job(C, job->id, NULL));
    }
    hfhub_job_info_free(job);
    CHECK_OK(hfhub_list_jobs_hardware(C, NULL, &hw, &n));
    for (i = 0; i < n; i++)
        if (!strcmp(hw[i].name, "a10g-small")) {
            found = 1;
            CHECK_STR(hw[i].accelerator_model, "A10G");
            CHECK(hw[i].unit_cost_usd > 0.016 && hw[i].unit_cost_usd < 0.017);
        }
    CHECK(found);
    hfhub_job_hardware_free(hw);
}

static void test_scheduled(void) {
    static const char *const cmd[] = {"echo", "hi"};
    hfhub_job_spec s;
    hfhub_scheduled_job_info *sj = NULL, *all = NULL;
    hfhub_job_info *job = NULL;
    size_t n = 0;
    char body[1024];
    memset(&s, 0, sizeof s);
    s.image = "alpine";
    s.command = cmd;
    s.n_command = 2;
    s.name = "hourly";
    CHECK_INT(hfhub_create_scheduled_job(C, &s, "every hour", 0, 0, NULL, &sj), HFHUB_ERR_INVALID_ARG);
    CHECK_OK(hfhub_create_scheduled_job(C, &s, "*/5 * * * *", 0, HFHUB_ON, NULL, &sj));
    t_hub_last_compute_body(&H, body, sizeof body);
    CHECK_STR(body, "{\"jobSpec\":{\"dockerImage\":\"alpine\",\"command\":[\"echo\",\"hi\"],\"arguments\":[],\"environment\":{},"
                    "\"flavor\":\"cpu-basic\",\"labels\":{\"name\":\"hourly\"}},\"schedule\":\"*/5 * * * *\","
                    "\"concurrency\":true}");
    if (!sj) return;
    CHECK(sj->concurrency == 1 && !strcmp(sj->schedule, "*/5 * * * *") && !strcmp(sj->docker_image, "alpine"));
    CHECK_OK(hfhub_suspend_scheduled_job(C, sj->id, NULL));
    CHECK_OK(hfhub_list_scheduled_jobs(C, NULL, &all, &n));
    CHECK(n >= 1 && all && all[n - 1].suspend == 1);
    hfhub_scheduled_job_info_free(all);
    {
        hfhub_job_kv lab[1];
        hfhub_scheduled_job_info *upd = NULL;
        lab[0].key = "team";
        lab[0].value = "ops";
        CHECK_OK(hfhub_set_scheduled_job_labels(C, sj->id, lab, 1, NULL, &upd));
        CHECK(upd && !strcmp(hfhub_json_str(hfhub_json_path(upd->raw, "jobSpec.labels.team"), ""), "ops"));
        hfhub_scheduled_job_info_free(upd);
    }
    CHECK_OK(hfhub_resume_scheduled_job(C, sj->id, NULL));
    CHECK_OK(hfhub_trigger_scheduled_job(C, sj->id, NULL, &job));
    CHECK(job && job->n_command == 2);
    hfhub_job_info_free(job);
    {
        hfhub_scheduled_job_info *again = NULL;
        CHECK_OK(hfhub_inspect_scheduled_job(C, sj->id, NULL, &again));
        CHECK(again && again->suspend == 0 && again->last_job_id != NULL);
        hfhub_scheduled_job_info_free(again);
    }
    CHECK_OK(hfhub_delete_scheduled_job(C, sj->id, NULL));
    CHECK_INT(hfhub_inspect_scheduled_job(C, sj->id, NULL, &all), HFHUB_ERR_HTTP);
    hfhub_scheduled_job_info_free(sj);
}

static void test_uv(void) {
    static const char *const deps[] = {"trl", "torch"};
    static const char *const args[] = {"--epochs", "1"};
    hfhub_uv_job_spec uv;
    hfhub_job_info *job = NULL;
    char body[1024];
    memset(&uv, 0, sizeof uv);
    uv.script = "https://example.com/train.py";
    uv.dependencies = deps; uv.n_dependencies = 2;
    uv.script_args = args; uv.n_script_args = 2;
    uv.python = "3.12";
    CHECK_OK(hfhub_run_uv_job(C, &uv, NULL, &job));
    t_hub_last_compute_body(&H, body, sizeof body);
    CHECK(strstr(body, "{\"dockerImage\":\"ghcr.io/astral-sh/uv:python3.12-bookworm\",\"command\":[\"uv\",\"run\","
                       "\"--with\",\"trl\",\"--with\",\"torch\",\"--python\",\"3.12\",\"https://example.com/train.py\","
                       "\"--epochs\",\"1\"]") == body);
    hfhub_job_info_free(job);
    uv.script = "tests/unit/test_jobs.c";   /* a local file, and no upload function */
    CHECK_INT(hfhub_run_uv_job(C, &uv, NULL, &job), HFHUB_ERR_UNSUPPORTED);
}

/* An upload function that records what it was asked to put where. */
typedef struct uploads {
    char calls[4][300];
    int n;
    hfhub_result fail;
} uploads;

static hfhub_result on_upload(void *user, const char *bucket, const char *path, const char *local) {
    uploads *u = (uploads *)user;
    if (u->n < 4) snprintf(u->calls[u->n++], sizeof u->calls[0], "%s|%s|%s", bucket, path, local);
    return u->fail;
}

/* Local files of a uv run (spec §5): put in {ns}/jobs-artifacts under YYYYmmddTHHMMSS-<6 hex>/,
 * that prefix mounted at /data, the command rewritten; a missing .py/.yaml refused first. */
static void test_uv_local_files(void) {
    static const char *const args[] = {"--config", "tests/unit/../unit/test_jobs.c", "--epochs", "1"};
    static const char *const missing[] = {"--config", "nowhere/cfg.yaml"};
    hfhub_job_volume vol[1];
    hfhub_uv_job_spec uv;
    hfhub_job_info *job = NULL;
    uploads u;
    char body[2048], prefix[64] = "", want[600];
    size_t i;
    memset(&u, 0, sizeof u);
    memset(&uv, 0, sizeof uv);
    memset(vol, 0, sizeof vol);
    vol[0].type = "dataset";
    vol[0].source = "org/ds";
    vol[0].mount_path = "/in";
    vol[0].read_only = 1;
    uv.script = "tests/support/localhub.h";
    uv.script_args = args;
    uv.n_script_args = 4;
    uv.job.volumes = vol;
    uv.job.n_volumes = 1;
    uv.upload = on_upload;
    uv.upload_user = &u;
    /* two local files named alike would overwrite each other */
    {
        static const char *const twice[] = {"tests/unit/test_jobs.c", "tests/unit/../unit/test_jobs.c"};
        hfhub_uv_job_spec t = uv;
        t.script = "https://x.test/s.py";
        t.script_args = twice;
        t.n_script_args = 2;
        t_hub_log_clear(&H);
        CHECK_INT(hfhub_run_uv_job(C, &t, NULL, &job), HFHUB_ERR_INVALID_ARG);
        CHECK_INT(u.n, 0);
    }
    CHECK_OK(hfhub_run_uv_job(C, &uv, NULL, &job));
    CHECK_INT(u.n, 2);
    if (u.n == 2) {
        const char *p = strchr(u.calls[0], '|');
        snprintf(prefix, sizeof prefix, "%.*s", (int)strcspn(p + 1, "/"), p + 1);
        CHECK_INT((int)strlen(prefix), 22);   /* YYYYmmddTHHMMSS-xxxxxx */
        CHECK(prefix[8] == 'T' && prefix[15] == '-');
        for (i = 0; i < 22; i++)
            if (i != 8 && i != 15) CHECK(i < 15 ? (prefix[i] >= '0' && prefix[i] <= '9') : strchr("0123456789abcdef", prefix[i]) != NULL);
        snprintf(want, sizeof want, "user/jobs-artifacts|%s/localhub.h|tests/support/localhub.h", prefix);
        CHECK_STR(u.calls[0], want);
        snprintf(want, sizeof want, "user/jobs-artifacts|%s/test_jobs.c|tests/unit/../unit/test_jobs.c", prefix);
        CHECK_STR(u.calls[1], want);
    }
    t_hub_last_compute_body(&H, body, sizeof body);
    snprintf(want, sizeof want, "\"command\":[\"uv\",\"run\",\"/data/localhub.h\",\"--config\",\"/data/test_jobs.c\","
                                "\"--epochs\",\"1\"]");
    CHECK(strstr(body, want) != NULL);
    snprintf(want, sizeof want, "\"volumes\":[{\"type\":\"dataset\",\"source\":\"org/ds\",\"mountPath\":\"/in\","
                                "\"readOnly\":true},{\"type\":\"bucket\",\"source\":\"user/jobs-artifacts\",\"mountPath\":"
                                "\"/data\",\"readOnly\":false,\"path\":\"%s\"}]", prefix);
    CHECK(strstr(body, want) != NULL);
    CHECK(job && job->raw && hfhub_json_len(hfhub_json_get(job->raw, "volumes")) == 2);
    hfhub_job_info_free(job);
    /* an upload failure stops the run */
    u.n = 0;
    u.fail = HFHUB_ERR_NETWORK;
    t_hub_log_clear(&H);
    CHECK_INT(hfhub_run_uv_job(C, &uv, NULL, &job), HFHUB_ERR_NETWORK);
    CHECK_INT(t_hub_log_count(&H, "hub", "POST", "/api/jobs/"), 0);
    /* a script argument that names a missing local file: refused before anything is sent */
    uv.script = "https://x.test/train.py";
    uv.script_args = missing;
    uv.n_script_args = 2;
    t_hub_log_clear(&H);
    CHECK_INT(hfhub_run_uv_job(C, &uv, NULL, &job), HFHUB_ERR_IO);
    CHECK(strstr(hfhub_last_error()->message, "nowhere/cfg.yaml") != NULL);
    CHECK_INT(t_hub_log_count(&H, "hub", NULL, NULL), 0);
}

/* ---- offline units ------------------------------------------------------------------------ */

static void test_dotenv(void) {
    const char *text = "# comment\nexport A=1\nB = \"two\\nlines\" # c\nC='lit $x'\nD=plain value # note\nE\nF=\n\r\n";
    hfhub_job_kv *kv = NULL;
    size_t n = 0;
    CHECK_OK(hfhub_parse_dotenv(C, text, strlen(text), &kv, &n));
    CHECK_INT(n, 6);
    if (n == 6) {
        CHECK_STR(kv[0].key, "A"); CHECK_STR(kv[0].value, "1");
        CHECK_STR(kv[1].key, "B"); CHECK_STR(kv[1].value, "two\nlines");
        CHECK_STR(kv[2].value, "lit $x");
        CHECK_STR(kv[3].value, "plain value");
        CHECK_STR(kv[4].key, "E"); CHECK(kv[4].value == NULL);
        CHECK_STR(kv[5].value, "");
    }
    hfhub_free(C, kv);
    CHECK_INT(hfhub_parse_dotenv(C, "=v", 2, &kv, &n), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_parse_dotenv(C, "A=\"open", 7, &kv, &n), HFHUB_ERR_INVALID_ARG);
    CHECK(strstr(hfhub_last_error()->message, "line 1") != NULL);
    CHECK_INT(hfhub_parse_dotenv(C, "OK=1\nBAD KEY=v", 14, &kv, &n), HFHUB_ERR_INVALID_ARG);
    CHECK(strstr(hfhub_last_error()->message, "line 2") != NULL);
    CHECK(kv == NULL && n == 0);
    CHECK_OK(hfhub_parse_dotenv(C, "", 0, &kv, &n));
    CHECK(n == 0 && kv == NULL);
}

static void test_timeout_parse(void) {
    int64_t s = 0;
    CHECK_OK(hfhub_parse_job_timeout("1.5h", &s)); CHECK_INT(s, 5400);
    CHECK_OK(hfhub_parse_job_timeout("300", &s)); CHECK_INT(s, 300);
    CHECK_OK(hfhub_parse_job_timeout("10m", &s)); CHECK_INT(s, 600);
    CHECK_OK(hfhub_parse_job_timeout("2d", &s)); CHECK_INT(s, 172800);
    CHECK_INT(hfhub_parse_job_timeout("h", &s), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_parse_job_timeout("-5", &s), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_parse_job_timeout("1e9d", &s), HFHUB_ERR_INVALID_ARG);
    CHECK_INT(hfhub_parse_job_timeout("", &s), HFHUB_ERR_INVALID_ARG);
}

static void test_log_parser(void) {
    hfhub__joblog L;
    lines got;
    const char *ev[] = {"{\"data\":\"===== Job started at x =====\",\"timestamp\":\"2025-01-01T00:00:00Z\"}",
                        "{\"data\":\"a\",\"timestamp\":\"2025-01-01T00:00:01Z\"}",
                        "{\"data\":\"b\",\"timestamp\":\"2025-01-01T00:00:01Z\"}",
                        "{\"data\":\"c\",\"timestamp\":\"2025-01-01T00:00:02Z\"}"};
    int i;
    memset(&L, 0, sizeof L);
    memset(&got, 0, sizeof got);
    L.fn = on_line;
    L.user = &got;
    for (i = 0; i < 3; i++) CHECK_INT(hfhub__joblog_event(&L, ev[i], strlen(ev[i])), 0);
    CHECK_INT(hfhub__joblog_event(&L, "not json", 8), 0);
    CHECK_INT(hfhub__joblog_event(&L, "{\"other\":1}", 11), 0);
    /* reconnect: the replay of banner, a, b is skipped, c is new */
    L.resumed = 1;
    L.skip_ts = L.skip_idx = 0;
    for (i = 0; i < 4; i++) CHECK_INT(hfhub__joblog_event(&L, ev[i], strlen(ev[i])), 0);
    CHECK_INT(got.n, 3);
    CHECK_STR(got.items[0], "a");
    CHECK_STR(got.items[1], "b");
    CHECK_STR(got.items[2], "c");
    CHECK_INT(hfhub__joblog_event(&L, "{\"data\": broken", 15), 1);
    CHECK_INT(L.err, HFHUB_ERR_PARSE);
}

int main(void) {
    if (t_hub_start(&H) != 0) {
        fprintf(stderr, "could not start tools/localhub\n");
        t_hub_stop(&H);
        return 1;
    }
    CHECK_OK(t_hub_admin(&H, "POST", "compute",
                         "{\"timings\": {\"job_scheduling_s\": 0.05, \"job_line_s\": 0.01}}", NULL));
    C = t_hub_client(&H, T_HUB_WRITE_TOKEN, NULL);
    RUN(test_request_shape);
    RUN(test_run_follow_wait);
    RUN(test_follow_survives_drop);
    RUN(test_error_and_bad_input);
    RUN(test_list_and_labels);
    RUN(test_metrics_and_hardware);
    RUN(test_scheduled);
    RUN(test_uv);
    RUN(test_uv_local_files);
    RUN(test_dotenv);
    RUN(test_timeout_parse);
    RUN(test_log_parser);
    hfhub_client_free(C);
    t_hub_stop(&H);
    return TEST_END();
}
