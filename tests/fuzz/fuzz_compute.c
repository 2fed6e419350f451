/* fuzz_compute.c: libFuzzer harness for the Jobs / Inference Endpoints input handling: the
 * bytes as a JSON JobInfo, ScheduledJobInfo and Endpoint (typed parsers), as a dotenv file
 * (hfhub_parse_dotenv) and a timeout ("1.5h"), and as the body of a job log stream followed
 * through hfhub_fetch_job_logs over a mock transport (the stream is served twice with a
 * dropped connection in between, so the replay-skipping runs on arbitrary events). */
#define HFHUB_IMPLEMENTATION
#define HFHUB_INTERNAL
#include "hfhub_xet.h"
#include <stdlib.h>
#include <string.h>

typedef struct fz_in { const uint8_t *data; size_t size; int logs_served; } fz_in;

static hfhub_result fz_perform(void *ctx, const hfhub_http_request *req, const hfhub_http_sink *sink) {
    fz_in *in = (fz_in *)ctx;
    static const char info[] = "{\"id\":\"j\",\"status\":{\"stage\":\"COMPLETED\"},\"owner\":{\"name\":\"u\"}}";
    const char *body = info;
    size_t n = sizeof info - 1;
    int logs = strstr(req->url, "/logs") != NULL;
    if (sink->on_status && sink->on_status(sink->user, 200)) return HFHUB_ERR_CANCELLED;
    if (logs) {
        body = (const char *)in->data;
        n = in->size;
    }
    if (n && sink->on_body && sink->on_body(sink->user, body, n)) return HFHUB_ERR_CANCELLED;
    /* the first log stream drops, the second ends cleanly */
    if (logs && in->logs_served++ == 0) return HFHUB_ERR_NETWORK;
    return HFHUB_OK;
}

static int fz_line(void *user, const char *line, const char *ts) {
    size_t *count = (size_t *)user;
    (void)line;
    (void)ts;
    return ++*count > 100000;
}

static void fz_json(const uint8_t *data, size_t size) {
    hfhub__arena ar;
    const hfhub_json_value *root = NULL;
    hfhub_job_info job;
    hfhub_scheduled_job_info sj;
    hfhub_inference_endpoint ep;
    hfhub__arena_init(&ar, NULL);
    if (hfhub__json_parse_in(&ar, (const char *)data, size, 64, &root) == HFHUB_OK) {
        (void)hfhub__job_info_parse(&ar, "http://e", root, &job);
        (void)hfhub__scheduled_job_parse(&ar, root, &sj);
        (void)hfhub__endpoint_parse("ns", root, &ep);
    }
    hfhub__arena_free(&ar);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static hfhub_client *c;
    fz_in in;
    hfhub_transport t;
    hfhub_config cfg;
    hfhub_job_kv *kv = NULL;
    hfhub_job_logs_opts lo;
    size_t n = 0, lines = 0;
    int64_t secs;
    char small[40];
    memset(&in, 0, sizeof in);
    in.data = data;
    in.size = size;
    if (!c) {
        memset(&t, 0, sizeof t);
        t.perform = fz_perform;
        memset(&cfg, 0, sizeof cfg);
        cfg.endpoint = "http://hub.test";
        cfg.token = "hf_fuzz";
        cfg.transport = &t;
        cfg.proxy = "";
        if (hfhub_client_new(&cfg, &c) != HFHUB_OK) abort();
    }
    c->transport.ctx = &in;   /* this input */
    fz_json(data, size);
    if (hfhub_parse_dotenv(c, (const char *)data, size, &kv, &n) == HFHUB_OK) hfhub_free(c, kv);
    snprintf(small, sizeof small, "%.*s", (int)(size < 32 ? size : 32), (const char *)data);
    (void)hfhub_parse_job_timeout(small, &secs);
    memset(&lo, 0, sizeof lo);
    lo.where.ns = "u";
    lo.backoff_ms = 1;
    lo.max_reconnects = 2;
    (void)hfhub_fetch_job_logs(c, "j", &lo, fz_line, &lines);
    return 0;
}
