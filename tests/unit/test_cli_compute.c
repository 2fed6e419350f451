/* test_cli_compute.c: `hf jobs ...` and `hf endpoints ...` run as $HFHUB_BUILD/hf against
 * tools/localhub (fast compute timings): Python's lines, JSON and exit codes; bad flags. */
#define _POSIX_C_SOURCE 200809L
#include "localhub.h"
#include <unistd.h>

static t_hub H;
static char out[65536];
static char envs[1024];
static const char *build;

/* Runs `env -i NO_COLOR=1 <hub env> hf <args>`; stdout (and stderr when err) into out. */
static int hf(const char *args, int err) {
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "env -i HOME=%s NO_COLOR=1 %s %s/hf %s %s", H.root, envs, build, args, err ? "2>&1" : "2>/dev/null");
    return t_capture(cmd, out, sizeof out);
}

static int has_line(const char *line) {
    char want[1024];
    size_t n = strlen(line);
    const char *p = out;
    snprintf(want, sizeof want, "%s\n", line);
    if (!strncmp(out, want, n + 1)) return 1;
    while ((p = strstr(p, want)) != NULL) {
        if (p > out && p[-1] == '\n') return 1;
        p++;
    }
    return 0;
}

/* The value after "  id: " in a result. */
static void result_id(char *id, size_t cap) {
    const char *p = strstr(out, "  id: ");
    id[0] = 0;
    if (p) snprintf(id, cap, "%.*s", (int)strcspn(p + 6, "\n"), p + 6);
}

static void test_run_follow(void) {
    char id[64], args[256], want[512];
    CHECK_INT(hf("jobs run -e LOCALHUB_LINES=3 --name hello python:3.12 python -c 'print(1)'", 0), 0);
    CHECK(strncmp(out, "\xe2\x9c\x93 Job started\n  id: ", 22) == 0);
    CHECK(has_line("  name: hello"));
    CHECK(has_line("line 1") && has_line("line 2") && has_line("line 3"));
    CHECK(strstr(out, "line 1\nline 2\nline 3\n") != NULL);
    result_id(id, sizeof id);
    {
        char want[128];
        snprintf(want, sizeof want, "Job %s completed", id);
        CHECK(has_line(want));
    }
    /* the summary and hints go to stderr */
    CHECK_INT(hf("jobs run -d -e A=1 -s HF_TOKEN alpine echo hi", 1), 0);
    CHECK(has_line("Job configuration:"));
    CHECK(has_line("  env      A=1"));
    CHECK(has_line("  secrets  HF_TOKEN=***"));
    CHECK(strstr(out, "Hint: Job auto-named 'alpine-") != NULL);
    /* --dry-run: the summary on stdout, nothing sent */
    t_hub_log_clear(&H);
    CHECK_INT(hf("jobs run --dry-run --name n alpine echo 'a b'", 0), 0);
    CHECK_STR(out, "Job configuration:\n  image    alpine\n  command  echo 'a b'\n  flavor   cpu-basic\n"
                   "  labels   name=n\n(dry run) Job not submitted.\n");
    CHECK_INT(hf("jobs uv run --dry-run --with trl -p 3.12 https://x.test/t.py --epochs 1", 0), 0);
    CHECK_STR(out, "Job configuration:\n  script  https://x.test/t.py\n  args    --epochs 1\n  with    trl\n"
                   "  image   ghcr.io/astral-sh/uv:python3.12-bookworm\n  flavor  cpu-basic\n  python  3.12\n"
                   "(dry run) Job not submitted.\n");
    CHECK_INT(t_hub_log_count(&H, "hub", "POST", NULL), 0);
    /* logs of a finished job, not following, with a tail */
    snprintf(args, sizeof args, "jobs logs -n 2 user/%s", id);
    CHECK_INT(hf(args, 0), 0);
    CHECK_STR(out, "line 2\nline 3\n");
    /* inspect: Python's out.table of _surface_name(_dataclass_to_dict(JobInfo)) */
    snprintf(args, sizeof args, "jobs inspect --format json %s", id);
    CHECK_INT(hf(args, 0), 0);
    snprintf(want, sizeof want, "[{\"name\": \"hello\", \"id\": \"%s\", \"created_at\": \"", id);
    CHECK(strncmp(out, want, strlen(want)) == 0);
    CHECK(strstr(out, "+00:00\", \"docker_image\": \"python:3.12\", \"command\": [\"python\", \"-c\", \"print(1)\"], "
                      "\"arguments\": [], \"environment\": {\"LOCALHUB_LINES\": \"3\"}, \"secrets\": {}, \"flavor\": "
                      "\"cpu-basic\", \"labels\": {\"name\": \"hello\"}, \"status\": {\"stage\": \"COMPLETED\"}, "
                      "\"owner\": {\"id\": \"") != NULL);
    snprintf(want, sizeof want, "\"endpoint\": \"%s\", \"url\": \"%s/jobs/user/%s\"}]\n", H.url, H.url, id);
    CHECK(strstr(out, want) != NULL && strlen(strstr(out, want)) == strlen(want));
    snprintf(args, sizeof args, "jobs inspect %s", id);
    CHECK_INT(hf(args, 0), 0);
    CHECK(strncmp(out, "NAME  ID                       CREATED_AT DOCKER_IMAGE COMMAND              ARGUMENTS "
                       "ENVIRONMENT             SECRETS FLAVOR    LABELS STATUS                 OWNER INITIATOR DURATIONS ", 183) == 0);
    CHECK(strstr(out, " python:3.12  python, -c, print(1)           {\"LOCALHUB_LINES\": \"3\"} {}      cpu-basic "
                      "hello  {\"stage\": \"COMPLETED\"} user  user ") != NULL);
    snprintf(args, sizeof args, "jobs inspect --format agent %s", id);
    CHECK_INT(hf(args, 0), 0);
    CHECK(strncmp(out, "name\tid\tcreated_at\tdocker_image\tcommand\targuments\tenvironment\tsecrets\tflavor\tlabels\t"
                       "status\towner\tinitiator\t", 98) == 0);
    CHECK(strstr(out, "\tpython:3.12\t['python', '-c', 'print(1)']\t[]\t{'LOCALHUB_LINES': '3'}\t{}\tcpu-basic\t"
                      "{'name': 'hello'}\t{'stage': 'COMPLETED'}\t{'id': '") != NULL);
    snprintf(args, sizeof args, "jobs inspect -q %s nope", id);   /* all fetched before anything is printed */
    CHECK_INT(hf(args, 0), 1);
    CHECK_STR(out, "");
    snprintf(args, sizeof args, "jobs wait %s", id);
    CHECK_INT(hf(args, 0), 0);
    CHECK(strstr(out, "COMPLETED") != NULL);
}

static void test_failing_job(void) {
    char id[64], args[256];
    CHECK_INT(hf("jobs run -e LOCALHUB_EXIT=4 alpine false", 1), 1);
    result_id(id, sizeof id);
    {
        char want[256];
        snprintf(want, sizeof want, "Error: Job %s finished with stage 'ERROR': Job failed with exit code: 4", id);
        CHECK(has_line(want));
    }
    snprintf(args, sizeof args, "jobs wait %s", id);
    CHECK_INT(hf(args, 1), 1);
    CHECK(strstr(out, "1 of 1 Job(s) did not complete successfully") != NULL);
}

static void test_ps_hardware_cancel(void) {
    char id[64], args[256];
    CHECK_INT(hf("jobs run -d -e LOCALHUB_LINES=5000 -l team=red alpine sleep", 0), 0);
    result_id(id, sizeof id);
    CHECK_INT(hf("jobs ps --format json -l team=red", 0), 0);
    CHECK(strstr(out, id) != NULL && strstr(out, "\"image/space\": \"alpine\"") != NULL);
    CHECK_INT(hf("jobs ps -q -l team=red", 0), 0);
    {
        char want[80];
        snprintf(want, sizeof want, "%s\n", id);
        CHECK_STR(out, want);
    }
    snprintf(args, sizeof args, "jobs cancel %s", id);
    CHECK_INT(hf(args, 0), 0);
    CHECK(strstr(out, "Job cancelled") != NULL);
    CHECK_INT(hf("jobs ps -l team=red", 1), 0);
    CHECK(has_line("No jobs matched filters: label=team=red"));
    /* stats of two running Jobs, streamed at once: one table with a row per Job ("--" first),
     * refreshed in place; a Job with GPUs gets a row per GPU; a finished Job leaves the table */
    CHECK_INT(hf("jobs run -d -q -e LOCALHUB_LINES=60 -e LOCALHUB_GPUS=2 alpine x", 0), 0);
    snprintf(id, sizeof id, "%.*s", (int)strcspn(out, "\n"), out);
    CHECK_INT(hf("jobs run -d -q -e LOCALHUB_LINES=30 alpine y", 0), 0);
    snprintf(args, sizeof args, "jobs stats %s user/%.*s", id, (int)strcspn(out, "\n"), out);
    {
        char want[600];
        CHECK_INT(hf(args, 0), 0);
        snprintf(want, sizeof want, "JOB ID                   CPU %% NUM CPU MEM %% MEM USAGE NET I/O GPU UTIL %% GPU MEM %% "
                                    "GPU MEM USAGE \n------------------------ ----- ------- ----- --------- ------- ---------- "
                                    "--------- ------------- \n%s --    --      --    -- / --   -- / -- --         --        "
                                    "-- / --       \n", id);
        CHECK(strncmp(out, want, strlen(want)) == 0);
        /* redraws are at most every 100 ms (Python's rate): what came shows the metrics */
        if (strstr(out, "B / 17.2GB")) CHECK(strstr(out, "B / 17.2GB 0.0bps / 0.0bps ") != NULL && strstr(out, "     2.0 ") != NULL);
        if (strstr(out, "4.17%"))
            CHECK(strstr(out, "4.17%     1.0GB / 24.0GB \n") != NULL && strstr(out, "8.33%     2.0GB / 24.0GB \n") != NULL);
    }
    CHECK_INT(hf("jobs stats nope", 1), 1);
    CHECK(strstr(out, "Error: ") != NULL && strstr(out, "Job not found") != NULL);
    CHECK_INT(hf("jobs hardware", 0), 0);
    CHECK(strstr(out, "a10g-small") != NULL && strstr(out, "1x A10G (24 GB)") != NULL);
    CHECK_INT(hf("jobs ps -a --status running", 1), 1);
}

/* `hf jobs ssh`: the Job's sshUrl turned into an ssh command (printed with --dry-run; a test
 * never runs ssh); a Job without SSH, or finished, is refused. */
static void test_ssh(void) {
    char id[64], args[256], want[300];
    CHECK_INT(hf("jobs run -d -q --ssh -e LOCALHUB_LINES=300 alpine x", 0), 0);
    snprintf(id, sizeof id, "%.*s", (int)strcspn(out, "\n"), out);
    snprintf(args, sizeof args, "jobs ssh --dry-run -i '/tmp/my key' user/%s", id);
    CHECK_INT(hf(args, 0), 0);   /* waits for RUNNING first */
    snprintf(want, sizeof want, "ssh -p 2222 -i '/tmp/my key' %s@ssh.jobs.localhub.test\n", id);
    CHECK_STR(out, want);
    snprintf(args, sizeof args, "jobs cancel %s", id);
    CHECK_INT(hf(args, 0), 0);
    snprintf(args, sizeof args, "jobs ssh --dry-run %s", id);
    CHECK_INT(hf(args, 1), 1);
    snprintf(want, sizeof want, "Error: Cannot SSH into job '%s': job has already finished (stage: 'CANCELED').\n", id);
    CHECK_STR(out, want);
    CHECK_INT(hf("jobs run -d -q -e LOCALHUB_LINES=300 alpine x", 0), 0);
    snprintf(id, sizeof id, "%.*s", (int)strcspn(out, "\n"), out);
    snprintf(args, sizeof args, "jobs ssh --dry-run %s", id);
    CHECK_INT(hf(args, 1), 1);
    CHECK_STR(out, "Error: SSH is not enabled on this job. Start a job with SSH support using `hf jobs run --ssh ...`.\n");
    snprintf(args, sizeof args, "jobs cancel %s", id);
    CHECK_INT(hf(args, 0), 0);
    CHECK_INT(hf("jobs ssh", 1), 2);
}

static void test_bad_flags(void) {
    CHECK_INT(hf("jobs run --flavor gpu-huge alpine x", 1), 1);
    CHECK(strstr(out, "Invalid flavor 'gpu-huge'") != NULL);
    CHECK_INT(hf("jobs run -e '=v' alpine x", 1), 1);
    CHECK(has_line("Error: dotenv line 1: expected KEY=VALUE"));
    CHECK_INT(hf("jobs run -e 'A=\"open' alpine x", 1), 1);
    CHECK(strstr(out, "unterminated quote") != NULL);
    CHECK_INT(hf("jobs run -e NOT_SET_ANYWHERE alpine x", 1), 1);
    CHECK(strstr(out, "'NOT_SET_ANYWHERE' is not set") != NULL);
    CHECK_INT(hf("jobs run --env-file /nonexistent/env alpine x", 1), 1);
    CHECK(strstr(out, "Could not read '/nonexistent/env'") != NULL);
    CHECK_INT(hf("jobs run --timeout 5x alpine x", 1), 1);
    CHECK_INT(hf("jobs run alpine", 1), 2);
    CHECK(has_line("Error: Missing argument 'COMMAND...'."));
    CHECK_INT(hf("jobs run --bogus alpine x", 1), 2);
    CHECK_INT(hf("jobs run -v nothf:/x alpine x", 1), 1);
    CHECK(strstr(out, "Invalid volume 'nothf:/x'") != NULL);
    CHECK_INT(hf("jobs nope", 1), 2);
    CHECK_INT(hf("jobs scheduled run 'every day' alpine x", 1), 1);
    CHECK(strstr(out, "5-field cron") != NULL);
    CHECK_INT(hf("jobs logs", 1), 2);
}

static void test_env_file_and_scheduled(void) {
    char path[300], id[64], args[400];
    FILE *f;
    snprintf(path, sizeof path, "%s/job.env", H.root);
    f = fopen(path, "w");
    if (f) {
        fputs("# env\nexport LOCALHUB_OUTPUT=\"from file\"\n", f);
        fclose(f);
    }
    snprintf(args, sizeof args, "jobs run --env-file %s alpine x", path);
    CHECK_INT(hf(args, 0), 0);
    CHECK(has_line("from file"));
    CHECK_INT(hf("jobs scheduled run --name nightly @daily alpine echo hi", 0), 0);
    CHECK(strstr(out, "Scheduled Job created") != NULL);
    result_id(id, sizeof id);
    snprintf(args, sizeof args, "jobs scheduled suspend %s", id);
    CHECK_INT(hf(args, 0), 0);
    CHECK_INT(hf("jobs scheduled ls --format json", 0), 0);
    CHECK(strstr(out, id) == NULL);   /* suspended ones need -a */
    CHECK_INT(hf("jobs scheduled ls -a --format json", 0), 0);
    CHECK(strstr(out, id) != NULL && strstr(out, "\"schedule\": \"@daily\"") != NULL);
    snprintf(args, sizeof args, "jobs scheduled labels %s --label env=prod", id);
    CHECK_INT(hf(args, 0), 0);
    CHECK(strstr(out, "Labels updated") != NULL);
    snprintf(args, sizeof args, "jobs scheduled labels %s --name renamed", id);   /* keeps env=prod */
    CHECK_INT(hf(args, 0), 0);
    CHECK(has_line("  name: renamed"));
    snprintf(args, sizeof args, "jobs scheduled inspect --format json %s", id);
    CHECK_INT(hf(args, 0), 0);
    {
        char want[300];
        snprintf(want, sizeof want, "[{\"name\": \"renamed\", \"id\": \"%s\", \"created_at\": \"", id);
        CHECK(strncmp(out, want, strlen(want)) == 0);
    }
    CHECK(strstr(out, "+00:00\", \"job_spec\": {\"docker_image\": \"alpine\", \"command\": [\"echo\", \"hi\"], "
                      "\"arguments\": [], \"environment\": {}, \"flavor\": \"cpu-basic\", \"labels\": {\"env\": \"prod\", "
                      "\"name\": \"renamed\"}}, \"schedule\": \"@daily\", \"suspend\": true, \"concurrency\": false, "
                      "\"status\": {}, \"owner\": {\"id\": \"") != NULL);
    snprintf(args, sizeof args, "jobs scheduled inspect %s", id);
    CHECK_INT(hf(args, 0), 0);
    CHECK(strncmp(out, "NAME    ID                       CREATED_AT JOB_SPEC                            SCHEDULE SUSPEND "
                       "CONCURRENCY STATUS OWNER\n", 121) == 0);
    CHECK(strstr(out, " {\"docker_image\": \"alpine\", \"comm... @daily   \xe2\x9c\x94                   {}     user \n") != NULL);
    snprintf(args, sizeof args, "jobs scheduled trigger %s", id);
    CHECK_INT(hf(args, 0), 0);
    CHECK(strstr(out, "Scheduled Job triggered") != NULL);
    snprintf(args, sizeof args, "jobs scheduled delete %s", id);
    CHECK_INT(hf(args, 0), 0);
    snprintf(args, sizeof args, "jobs scheduled inspect %s", id);
    CHECK_INT(hf(args, 1), 1);
}

/* `hf endpoints`: out.dict of the raw endpoint (indent 2, the API's key order), out.table for
 * ls / hardware, out.error + the HTTP status as exit code, out.confirm / out.result on delete. */
static void test_endpoints(void) {
    CHECK_INT(hf("endpoints deploy cli-ep --repo openai-community/gpt2 --framework pytorch --accelerator cpu "
                 "--instance-size x2 --instance-type intel-icl --region us-east-1 --vendor aws --task text-generation "
                 "-e MAX_INPUT_LENGTH=1024 --scale-to-zero-timeout 15", 1), 0);
    CHECK(strncmp(out, "{\n  \"name\": \"cli-ep\",\n  \"type\": \"protected\",\n  \"accountId\": null,\n  \"provider\": {\n"
                       "    \"vendor\": \"aws\",\n    \"region\": \"us-east-1\"\n  },\n", 122) == 0);
    CHECK(has_line("      \"MAX_INPUT_LENGTH\": \"1024\""));
    CHECK(has_line("Hint: Use 'hf endpoints describe cli-ep' to check the deployment status."));
    CHECK_INT(hf("endpoints describe cli-ep --format json", 0), 0);
    CHECK(strncmp(out, "{\"name\": \"cli-ep\", \"type\": \"protected\", \"accountId\": null, \"provider\": {\"vendor\": \"aws\", ", 89) == 0);
    CHECK_INT(hf("endpoints pause cli-ep", 0), 0);
    CHECK(has_line("    \"state\": \"paused\","));
    CHECK_INT(hf("endpoints resume cli-ep", 0), 0);
    CHECK(has_line("    \"state\": \"pending\","));
    CHECK_INT(hf("endpoints update cli-ep --instance-size x4 --min-replica 0", 0), 0);
    CHECK(has_line("    \"instanceSize\": \"x4\","));
    CHECK_INT(hf("endpoints catalog ls --format json", 0), 0);
    CHECK_STR(out, "{\"models\": [\"openai-community/gpt2\", \"meta-llama/Llama-3.1-8B-Instruct\", \"Qwen/Qwen2.5-7B-Instruct\"]}\n");
    CHECK_INT(hf("endpoints scale-to-zero cli-ep", 0), 0);
    CHECK(has_line("    \"state\": \"scaledToZero\","));
    /* ls while scaled to zero (a state that stays) */
    CHECK_INT(hf("endpoints ls", 0), 0);
    CHECK(has_line("NAME   MODEL                 STATUS       TASK            FRAMEWORK INSTANCE  VENDOR REGION   "));
    CHECK(has_line("cli-ep openai-community/gpt2 scaledToZero text-generation pytorch   intel-icl aws    us-east-1"));
    CHECK_INT(hf("endpoints ls --format json", 0), 0);
    CHECK_STR(out, "[{\"name\": \"cli-ep\", \"model\": \"openai-community/gpt2\", \"status\": \"scaledToZero\", \"task\": "
                   "\"text-generation\", \"framework\": \"pytorch\", \"instance\": \"intel-icl\", \"vendor\": \"aws\", "
                   "\"region\": \"us-east-1\"}]\n");
    CHECK_INT(hf("endpoints ls -q", 0), 0);
    CHECK_STR(out, "cli-ep\n");
    /* hardware: deployable only (the deprecated and the out-of-quota ones need -a), sorted */
    CHECK_INT(hf("endpoints hardware --accelerator GPU", 1), 0);
    CHECK_STR(out, "VENDOR REGION    ACCELERATOR INSTANCE_TYPE INSTANCE_SIZE MEMORY_GB GPU_MEMORY_GB PRICE_PER_HOUR QUOTA STATUS   \n"
                   "------ --------- ----------- ------------- ------------- --------- ------------- -------------- ----- ---------\n"
                   "aws    us-east-1 gpu         nvidia-a10g   x1            16        24            1.0            0/4   available\n"
                   "aws    us-east-1 gpu         nvidia-t4     x1            15        24            0.5            0/4   available\n"
                   "Hint: Deploy on one of these, e.g.: hf endpoints deploy my-endpoint --repo <repo> --framework <framework> "
                   "--vendor aws --region us-east-1 --accelerator gpu --instance-type nvidia-a10g --instance-size x1\n");
    CHECK_INT(hf("endpoints hardware -a --instance-type nvidia-k80 -q", 1), 0);
    CHECK_STR(out, "aws-us-east-1-nvidia-k80-x1\n"
                   "Hint: None of these can be deployed on right now, see the QUOTA and STATUS columns.\n");
    CHECK_INT(hf("endpoints hardware --instance-type nvidia-h100", 1), 0);
    CHECK_STR(out, "No results found.\nHint: Use '--all' to also show hardware that cannot be deployed on right now.\n");
    CHECK_INT(hf("endpoints hardware --vendor gcp --region us-east-1", 1), 0);
    CHECK(has_line("Hint: No such hardware: --vendor 'gcp' (valid: aws)."));
    CHECK_INT(hf("endpoints hardware --format json --instance-type intel-icl", 0), 0);
    CHECK_STR(out, "[{\"id\": \"aws-us-east-1-intel-icl-x2\", \"vendor\": \"aws\", \"region\": \"us-east-1\", \"accelerator\": "
                   "\"cpu\", \"instance_type\": \"intel-icl\", \"instance_size\": \"x2\", \"architecture\": \"x86\", "
                   "\"num_accelerators\": 0, \"num_cpus\": 2, \"memory_gb\": 4, \"price_per_hour\": 0.067, \"status\": "
                   "\"available\", \"max_accelerators\": 4, \"used_accelerators\": 0, \"quota\": \"0/4\"}]\n");
    /* delete: confirmed, or --yes; other modes refuse without --yes */
    CHECK_INT(hf("endpoints delete cli-ep --format json", 1), 1);
    CHECK(has_line("Error: Delete endpoint 'cli-ep'? Use --yes to skip confirmation."));
    CHECK_INT(hf("endpoints delete cli-ep < /dev/null", 1), 1);
    CHECK(strstr(out, "Delete endpoint 'cli-ep'? [y/N]: ") != NULL && has_line("Aborted!"));
    CHECK_INT(hf("endpoints delete cli-ep --yes", 0), 0);
    CHECK_STR(out, "\xe2\x9c\x93 Deleted 'cli-ep'.\n  name: cli-ep\n");
    /* click.exceptions.Exit(code=404): the shell sees 404 & 255 */
    CHECK_INT(hf("endpoints describe cli-ep", 1), 404 & 255);
    CHECK(strncmp(out, "Error: Fetch failed: ", 21) == 0);
    CHECK_INT(hf("endpoints deploy x --repo a", 1), 2);
    CHECK(has_line("Error: Missing option '--framework'."));
    CHECK_INT(hf("endpoints update x --min-replica lots", 1), 2);
    CHECK_INT(hf("endpoints deploy x --repo a --scaling-metric cpu", 1), 2);
}

int main(void) {
    build = getenv("HFHUB_BUILD");
    if (!build) build = "build";
    if (t_hub_start(&H) != 0) {
        fprintf(stderr, "could not start tools/localhub\n");
        t_hub_stop(&H);
        return 1;
    }
    CHECK_OK(t_hub_admin(&H, "POST", "compute",
                         "{\"timings\": {\"job_scheduling_s\": 0.02, \"job_line_s\": 0.01, \"endpoint_pending_s\": 0.05,"
                         " \"endpoint_init_s\": 0.1}}", NULL));
    snprintf(envs, sizeof envs,
             "HF_ENDPOINT=%s HF_TOKEN=%s HF_JOBS_POLL_MS=20 HF_INFERENCE_ENDPOINTS_ENDPOINT=%s/v2 "
             "HF_INFERENCE_CATALOG_ENDPOINT=%s/api/catalog", H.url, T_HUB_WRITE_TOKEN, H.url, H.url);
    RUN(test_run_follow);
    RUN(test_failing_job);
    RUN(test_ps_hardware_cancel);
    RUN(test_ssh);
    RUN(test_bad_flags);
    RUN(test_env_file_and_scheduled);
    RUN(test_endpoints);
    t_hub_stop(&H);
    return TEST_END();
}
