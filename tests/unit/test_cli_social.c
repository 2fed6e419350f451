/* test_cli_social.c: `hf discussions|collections|webhooks` and the spaces operations (hidden
 * `hf spaces` operations) run as $HFHUB_BUILD/hf against tools/localhub: Python's messages, tables,
 * --format json / -q outputs and exit codes. */
#define _POSIX_C_SOURCE 200809L
#include "localhub.h"

static t_hub hub;
static char out[65536];
static const char *build;

/* Runs `env -i NO_COLOR=1 HF_ENDPOINT=... HF_TOKEN=<write> hf <args>`; stdout (and stderr
 * when err) into out; the exit code. */
static int hf(const char *args, int err) {
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "env -i HOME=%s NO_COLOR=1 HF_ENDPOINT=%s HF_TOKEN=%s %s/hf %s %s", hub.root, hub.url,
             T_HUB_WRITE_TOKEN, build, args, err ? "2>&1" : "2>/dev/null");
    return t_capture(cmd, out, sizeof out);
}

/* out with the hub URL replaced by "HUB" and created-at timestamps by "TS" (in place). */
static void normalize(void) {
    char buf[65536], *o = buf;
    const char *p = out;
    size_t ul = strlen(hub.url);
    while (*p && (size_t)(o - buf) < sizeof buf - 8) {
        size_t rem = strlen(p);
        int date = rem >= 19 && p[0] == '2' && p[4] == '-' && p[7] == '-';
        if (!strncmp(p, hub.url, ul)) {
            memcpy(o, "HUB", 3), o += 3, p += ul;
        } else if (date && rem >= 24 && p[10] == 'T' && p[23] == 'Z') {
            memcpy(o, "TS", 2), o += 2, p += 24; /* "2026-01-02T03:04:05.123Z" */
        } else if (date && rem >= 32 && p[10] == 'T' && !strncmp(p + 26, "+00:00", 6)) {
            memcpy(o, "ISO", 3), o += 3, p += 32; /* "2026-01-02T03:04:05.123000+00:00" */
        } else if (date && rem >= 25 && p[10] == 'T' && !strncmp(p + 19, "+00:00", 6)) {
            memcpy(o, "ISO", 3), o += 3, p += 25; /* the same at a whole second */
        } else if (date && p[10] == ' ' && p[13] == ':') {
            memcpy(o, "WHEN", 4), o += 4, p += 16; /* "2026-01-02 03:04" */
        } else if (rem >= 10 && p[0] == '2' && p[4] == '-' && p[7] == '-' && (p[10] == '\n' || p[10] == ' ')) {
            memcpy(o, "DAY", 3), o += 3, p += 10; /* a table's date cell "2026-01-02" */
        } else *o++ = *p++;
    }
    *o = 0;
    memcpy(out, buf, (size_t)(o - buf) + 1);
}

static void test_discussions_cli(void) {
    CHECK_INT(hf("discussions create user/repo --title 'Bug report' --body 'It breaks'", 0), 0);
    normalize();
    CHECK_STR(out, "Created discussion #1 on user/repo\nView on Hub: HUB/user/repo/discussions/1\n");
    CHECK_INT(hf("discussions create user/repo --title 'Fix typo' --pr", 0), 0);
    normalize();
    CHECK_STR(out, "Created pull request #2 on user/repo\nPush changes to: refs/pr/2\nView on Hub: HUB/user/repo/discussions/2\n");
    CHECK_INT(hf("discussions comment user/repo 1 --body 'me too'", 0), 0);
    CHECK_STR(out, "Commented on #1 in user/repo\n");
    CHECK_INT(hf("discussions list user/repo", 0), 0);
    normalize();
    CHECK_STR(out, "NUM TITLE      IS_PULL_REQUEST STATUS AUTHOR CREATED_AT\n"
                   "--- ---------- --------------- ------ ------ ----------\n"
                   " #2 Fix typo   PR              draft  user   DAY\n"
                   " #1 Bug report                 open   user   DAY\n");
    CHECK_INT(hf("discussions create user/repo --title 'A title of forty-five characters, not cut xx'", 0), 0);
    CHECK_INT(hf("discussions create user/repo --title 'A title longer than fifty characters is cut at 47 + ...'", 0), 0);
    CHECK_INT(hf("discussions ls user/repo", 0), 0);
    CHECK(strstr(out, " #3 A title of forty-five characters, not cut xx ") != NULL);
    CHECK(strstr(out, " #4 A title longer than fifty characters is cut at ... ") != NULL);
    CHECK_INT(hf("discussions close user/repo 3 -y -q", 0), 0);
    CHECK_INT(hf("discussions close user/repo 4 -y -q", 0), 0);
    CHECK_INT(hf("discussions ls user/repo -q", 0), 0);
    CHECK_STR(out, "2\n1\n");
    CHECK_INT(hf("discussions ls user/repo --kind pull_request --format json", 0), 0);
    normalize();
    CHECK_STR(out, "[\n  {\n    \"title\": \"Fix typo\",\n    \"status\": \"draft\",\n    \"num\": 2,\n"
                   "    \"repo_id\": \"user/repo\",\n    \"repo_type\": \"model\",\n    \"author\": \"user\",\n"
                   "    \"is_pull_request\": true,\n    \"created_at\": \"ISO\",\n    \"endpoint\": \"HUB\"\n  }\n]\n");
    CHECK_INT(hf("discussions ls user/repo --kind pull_request --status closed --format json", 0), 0);
    CHECK_STR(out, "[]\n");
    CHECK_INT(hf("discussions info user/repo 1 --format json", 0), 0);
    normalize();
    CHECK(strstr(out, "{\n  \"title\": \"Bug report\",\n") == out);
    CHECK(strstr(out, "\n      \"type\": \"comment\",\n      \"created_at\": \"ISO\",\n      \"author\": \"user\",\n"
                      "      \"_event\": {\n") != NULL);
    CHECK(strstr(out, "\n      \"content\": \"me too\",\n      \"edited\": false,\n      \"hidden\": false\n    }\n  ]\n}\n") != NULL);
    CHECK(strstr(out, "target_branch") == NULL && strstr(out, "\"diff\"") == NULL && strstr(out, "null") == NULL);
    CHECK_INT(hf("discussions info user/repo 1", 0), 0);
    normalize();
    CHECK_STR(out, "Bug report #1\nDiscussion: open \xc2\xb7 user \xc2\xb7 WHEN\n\nIt breaks\n\n1 comment (use --comments to show)\n\n"
                   "View on Hub: HUB/user/repo/discussions/1\n");
    CHECK_INT(hf("discussions info user/repo 1 --comments", 0), 0);
    CHECK(strstr(out, "\nuser \xc2\xb7 ") != NULL && strstr(out, "\nme too\n") != NULL);
    CHECK_INT(hf("discussions close user/repo 1 -y --comment done", 0), 0);
    CHECK_STR(out, "Closed #1 in user/repo\n");
    CHECK_INT(hf("discussions rename user/repo 1 'New title'", 0), 0);
    CHECK_STR(out, "Renamed #1 to New title in user/repo\n");
    CHECK_INT(hf("discussions reopen user/repo 1 < /dev/null", 0), 0);
    CHECK_STR(out, "Reopen #1 on 'user/repo'? [y/N]: Aborted.\n");
    CHECK_INT(hf("discussions merge user/repo 2 --yes", 0), 0);
    CHECK_STR(out, "Merged #2 in user/repo\n");
    CHECK_INT(hf("discussions ls user/repo --status merged -q", 0), 0);
    CHECK_STR(out, "2\n");
    CHECK_INT(hf("discussions diff user/repo 2", 0), 0);
    CHECK_STR(out, "No diff available.\n");
    CHECK_INT(hf("discussions info user/repo 9", 1), 1);
    CHECK(strstr(out, "Error: ") == out && strstr(out, "Discussion not found") != NULL);
    CHECK(strstr(out, "Hint: set HF_DEBUG=1 as environment variable for full traceback.\n") != NULL);
    CHECK_INT(hf("discussions info user/repo 0", 1), 2);
    CHECK_INT(hf("discussions comment user/repo 1", 1), 2);
    CHECK_STR(out, "Error: Invalid value: Either --body or --body-file is required.\n");
    CHECK_INT(hf("discussions list user/repo --status weird", 1), 2);
}

static void test_collections_cli(void) {
    char args[1024], slug[96];
    CHECK_INT(hf("collections create 'My Models' --description desc -q", 0), 0);
    snprintf(slug, sizeof slug, "%.*s", (int)strcspn(out, "\n"), out);
    CHECK(!strncmp(slug, "user/my-models-", 15));
    CHECK_INT(hf("collections create 'My Models' --exists-ok", 0), 0);
    normalize();
    snprintf(args, sizeof args, "\xe2\x9c\x93 Collection created\n  slug: %s\n  url: HUB/collections/%s\n", slug, slug);
    CHECK_STR(out, args);
    snprintf(args, sizeof args, "collections add-item %s user/repo model --note nice --format agent", slug);
    CHECK_INT(hf(args, 0), 0);
    normalize();
    {
        char want[1024];
        snprintf(want, sizeof want, "slug=%s url=HUB/collections/%s\n", slug, slug);
        CHECK_STR(out, want);
    }
    /* ls: Python's out.table of the Collection dicts (as `info` prints them) */
    CHECK_INT(hf("collections ls --format json", 0), 0);
    normalize();
    snprintf(args, sizeof args, "[{\"slug\": \"%s\", \"title\": \"My Models\", \"owner\": {\"name\": \"user\", \"fullname\": "
                                "\"user\", \"type\": \"user\", \"avatarUrl\": \"/avatars/user.svg\"}, \"items\": [{\"item_object_id\": \"", slug);
    CHECK(!strncmp(out, args, strlen(args)));
    CHECK(strstr(out, "\", \"item_id\": \"user/repo\", \"item_type\": \"model\", \"position\": 0, \"note\": \"nice\"}], "
                      "\"last_updated\": \"ISO\", \"position\": 0, \"private\": false, \"theme\": \"orange\", \"upvotes\": 0, "
                      "\"description\": \"desc\"}]\n") != NULL);
    CHECK_INT(hf("collections ls", 0), 0);
    normalize();
    snprintf(args, sizeof args, "%s My Models user  {\"item_object_id\": \"", slug); /* the truthy columns */
    CHECK(strstr(out, "SLUG ") == out && strstr(out, " TITLE     OWNER ITEMS                               LAST_UPDATED THEME  DESCRIPTION\n"));
    CHECK(strstr(out, args) != NULL && strstr(out, "... DAY   orange desc       \n") != NULL);
    CHECK_INT(hf("collections ls -q", 0), 0);
    snprintf(args, sizeof args, "%s\n", slug);
    CHECK_STR(out, args);
    snprintf(args, sizeof args, "collections info %s", slug);
    CHECK_INT(hf(args, 0), 0);
    CHECK(!strncmp(out, "{\n  \"slug\": ", 12));
    CHECK(strstr(out, "\n      \"item_id\": \"user/repo\",\n      \"item_type\": \"model\",\n      \"position\": 0,\n"
                      "      \"note\": \"nice\"\n    }\n  ],\n  \"last_updated\": \"") != NULL);
    /* Python's Collection dataclass: snake_case, items as CollectionItem, isoformat date */
    snprintf(args, sizeof args, "collections info %s --format json", slug);
    CHECK_INT(hf(args, 0), 0);
    normalize();
    {
        char want[1024];
        const char *tail = strstr(out, "\", \"item_id\"");
        snprintf(want, sizeof want, "{\"slug\": \"%s\", \"title\": \"My Models\", \"owner\": {\"name\": \"user\", \"fullname\": "
                                    "\"user\", \"type\": \"user\", \"avatarUrl\": \"/avatars/user.svg\"}, \"items\": "
                                    "[{\"item_object_id\": \"", slug);
        CHECK(!strncmp(out, want, strlen(want)));
        CHECK_STR(tail ? tail : "", "\", \"item_id\": \"user/repo\", \"item_type\": \"model\", \"position\": 0, \"note\": \"nice\"}], "
                                    "\"last_updated\": \"ISO\", \"position\": 0, \"private\": false, \"theme\": \"orange\", "
                                    "\"upvotes\": 0, \"description\": \"desc\"}\n");
    }
    snprintf(args, sizeof args, "collections update %s --title T2 --private --theme green -q", slug);
    CHECK_INT(hf(args, 0), 0);
    snprintf(args, sizeof args, "%s\n", slug);
    CHECK_STR(out, args);
    snprintf(args, sizeof args, "collections delete %s", slug);
    CHECK_INT(hf(args, 0), 0);
    CHECK_INT(hf(args, 1), 1);
    CHECK(strstr(out, "Collection not found") != NULL);
    snprintf(args, sizeof args, "collections delete %s --missing-ok --json", slug);
    CHECK_INT(hf(args, 0), 0);
    snprintf(args, sizeof args, "{\"slug\": \"%s\"}\n", slug);
    CHECK_STR(out, args);
    CHECK_INT(hf("collections add-item a/b x weird", 1), 2);
}

static void test_webhooks_cli(void) {
    char args[512], id[64];
    CHECK_INT(hf("webhooks create --url https://e.com/h --watch model:user/repo --domain repo --secret s", 0), 0);
    CHECK(!strncmp(out, "Webhook created: ", 17));
    snprintf(id, sizeof id, "%.*s", (int)strcspn(out + 17, "\n"), out + 17);
    CHECK(strstr(out, "\n{\n  \"id\": \"") != NULL && strstr(out, "  \"disabled\": false\n}\n") != NULL);
    CHECK_INT(hf("webhooks ls", 0), 0);
    CHECK(strstr(out, "ID                       URL             DISABLED DOMAINS WATCHED        \n") == out);
    CHECK(strstr(out, " https://e.com/h False    repo    model:user/repo\n") != NULL);
    CHECK_INT(hf("webhooks create --url https://example.com/a/rather/long/webhook/path --watch model:user/repo", 0), 0);
    {
        char del[128];
        snprintf(del, sizeof del, "webhooks delete %.*s -y", (int)strcspn(out + 17, "\n"), out + 17);
        CHECK_INT(hf("webhooks ls", 0), 0);
        CHECK(strstr(out, " https://example.com/a/rather/long/webhook/path False    ") != NULL); /* not cut at 35 */
        CHECK_INT(hf(del, 0), 0);
    }
    CHECK_INT(hf("webhooks ls -q", 0), 0);
    snprintf(args, sizeof args, "%s\n", id);
    CHECK_STR(out, args);
    CHECK_INT(hf("webhooks ls --format json", 0), 0);
    snprintf(args, sizeof args, "[\n  {\n    \"id\": \"%s\",\n    \"url\": \"https://e.com/h\",\n    \"watched\": [\n      {\n"
                                "        \"type\": \"model\",\n        \"name\": \"user/repo\"\n      }\n    ],\n    \"domains\": [\n"
                                "      \"repo\"\n    ],\n    \"secret\": \"s\",\n    \"disabled\": false\n  }\n]\n", id);
    CHECK_STR(out, args);
    snprintf(args, sizeof args, "webhooks disable %s", id);
    CHECK_INT(hf(args, 0), 0);
    snprintf(args, sizeof args, "Webhook disabled: %s\n", id);
    CHECK_STR(out, args);
    snprintf(args, sizeof args, "webhooks info %s", id);
    CHECK_INT(hf(args, 0), 0);
    CHECK(strstr(out, "  \"disabled\": true\n") != NULL);
    snprintf(args, sizeof args, "webhooks delete %s < /dev/null", id);
    CHECK_INT(hf(args, 0), 1);
    snprintf(args, sizeof args, "Are you sure you want to delete webhook '%s'? [y/N]: Aborted.\n", id);
    CHECK_STR(out, args);
    snprintf(args, sizeof args, "webhooks delete %s -y", id);
    CHECK_INT(hf(args, 0), 0);
    snprintf(args, sizeof args, "Webhook deleted: %s\n", id);
    CHECK_STR(out, args);
    CHECK_INT(hf("webhooks create --url u --job-id j --watch model:a", 1), 2);
    CHECK_STR(out, "Error: Invalid value: Provide either --url or --job-id, not both.\n");
    CHECK_INT(hf("webhooks create --url u --watch bad:x", 1), 2);
}

static void test_spaces_cli(void) {
    CHECK_INT(hf("spaces pause user/space", 1), 0);
    CHECK_STR(out, "\xe2\x9c\x93 Space paused\n  space_id: user/space\n  stage: PAUSED\n"
                   "Hint: Use `hf spaces restart user/space` to restart it.\n"
                   "Hint: Mount a Volume or bucket to persist data across restarts: `hf spaces volumes set user/space -v hf://...`\n");
    CHECK_INT(hf("spaces restart user/space --factory-reboot --format agent", 0), 0);
    CHECK_STR(out, "space_id=user/space stage=RUNNING factory_reboot=True\n");
    CHECK_INT(hf("spaces settings user/space --hardware t4-small --sleep-time 600 --json", 0), 0);
    CHECK_STR(out, "{\"space_id\": \"user/space\", \"hardware\": \"t4-small\", \"sleep_time\": 600}\n");
    CHECK_INT(hf("spaces settings user/space", 1), 1);
    CHECK_STR(out, "Error: Specify at least one setting to update.\n");
    CHECK_INT(hf("spaces secrets add user/space TOK abc --description 'a token'", 0), 0);
    CHECK_STR(out, "\xe2\x9c\x93 Secret added\n  space_id: user/space\n  key: TOK\n");
    CHECK_INT(hf("spaces secrets list user/space -q", 0), 0);
    CHECK_STR(out, "TOK\n");
    CHECK_INT(hf("spaces variables add user/space MODEL gpt2", 0), 0);
    CHECK_INT(hf("spaces variables ls user/space", 0), 0);
    normalize();
    CHECK_STR(out, "KEY   VALUE UPDATED_AT\n"  /* no description: no column; dates as value[:10] */
                   "----- ----- ----------\n"
                   "MODEL gpt2  DAY\n");
    CHECK_INT(hf("spaces variables delete user/space MODEL -q", 0), 0);
    CHECK_STR(out, "user/space\n");
    /* wait: stderr progress, the result; a Space settled elsewhere exits 1 */
    CHECK_OK(t_hub_admin(&hub, "POST", "space-stages", "{\"repo\": \"user/space\", \"stages\": [\"APP_STARTING\", \"RUNNING\"]}", NULL));
    CHECK_INT(hf("spaces wait user/space --timeout 1m", 1), 0);
    CHECK_STR(out, "Waiting for Space to be ready...\nSpace reached stage 'RUNNING'.\n"
                   "\xe2\x9c\x93 Space ready\n  space_id: user/space\n  stage: RUNNING\n"
                   "Hint: Use `hf spaces logs user/space` to view run logs.\n");
    CHECK_INT(hf("spaces wait user/space -q", 0), 0);
    CHECK_STR(out, "user/space\n");
    CHECK_OK(t_hub_admin(&hub, "POST", "space-stages", "{\"repo\": \"user/space\", \"stages\": [\"RUNTIME_ERROR\"]}", NULL));
    CHECK_INT(hf("spaces wait user/space", 1), 1);
    CHECK(strstr(out, "Error: Space 'user/space' is not running (stage='RUNTIME_ERROR').\n") != NULL);
    CHECK_INT(hf("spaces wait user/space --timeout 5x", 1), 2);
    CHECK_STR(out, "Error: Invalid value for '--timeout': '5x' is not a valid duration.\n");
    /* dev-mode: enable, wait, the connection help; --stop */
    CHECK_OK(t_hub_admin(&hub, "POST", "space-stages", "{\"repo\": \"user/space\", \"stages\": [\"RUNNING\"]}", NULL));
    CHECK_INT(hf("spaces dev-mode user/space", 0), 0);
    CHECK_STR(out, "Connect to dev environment:\n\nWeb:\n"
                   "  * VSCode: https://huggingface.co/spaces/user/space/dev-mode/vscode-web?folder=/home/user/app\n\n"
                   "Local:\n1. Add your SSH key to https://huggingface.co/settings/keys\n"
                   "2. SSH with `hf spaces ssh user/space` (or `ssh -i <your_key> user-space@ssh.hf.space`)\n   Or open\n"
                   "  * VSCode: vscode://vscode-remote/ssh-remote+user-space@ssh.hf.space/home/user/app\n"
                   "  * Cursor: cursor://vscode-remote/ssh-remote+user-space@ssh.hf.space/home/user/app\n\n"
                   "PS: Dev mode stops after 48h of inactivity, don't forget to save your changes regularly.\n");
    CHECK_INT(hf("spaces dev-mode user/space --stop", 0), 0);
    CHECK_STR(out, "Dev mode disabled for 'user/space'\n");
    CHECK_OK(t_hub_admin(&hub, "POST", "space-stages", "{\"repo\": \"user/space\", \"stages\": [\"PAUSED\"]}", NULL));
    CHECK_INT(hf("spaces dev-mode user/space", 1), 0);
    CHECK_STR(out, "Warning: Dev mode is not ready (stage='PAUSED')\n");
    /* logs: stripped lines; -n keeps the last N; no run logs -> the --build hint */
    CHECK_OK(t_hub_admin(&hub, "POST", "space-logs", "{\"repo\": \"user/space\", \"run\": [\"  one \\n\", \"two\", \"three\\n\"], \"build\": [\"b1\"]}", NULL));
    CHECK_INT(hf("spaces logs user/space", 1), 0);
    CHECK_STR(out, "one\ntwo\nthree\n");
    CHECK_INT(hf("spaces logs user/space -n 2", 1), 0);
    CHECK_STR(out, "two\nthree\n");
    CHECK_INT(hf("spaces logs user/space --tail 0", 1), 0);
    CHECK_STR(out, "Hint: No run logs found for space user/space. Try passing --build to fetch build logs instead.\n");
    CHECK_INT(hf("spaces logs user/space --build -f", 1), 0);
    CHECK_STR(out, "b1\n");
    CHECK_INT(hf("spaces logs user/space --json", 1), 0);
    CHECK_STR(out, "");
    CHECK_INT(hf("spaces logs user/space -f -n 3", 1), 1);
    CHECK_STR(out, "Error: Cannot use --follow and --tail together. Use --follow to stream logs or --tail to show recent logs.\n");
    /* volumes: set (handles as Python's to_hf_handle), ls (table / json without None), delete */
    CHECK_INT(hf("spaces volumes set user/space -v hf://models/user/repo:/models -v hf://buckets/user/b/sub:/data:rw", 1), 0);
    CHECK_STR(out, "\xe2\x9c\x93 Volumes set\n  space_id: user/space\n"
                   "  volumes: ['hf://models/user/repo:/models', 'hf://buckets/user/b/sub:/data:rw']\n"
                   "Hint: Use `hf spaces volumes ls user/space` to list volumes for a Space.\n");
    CHECK_INT(hf("spaces volumes ls user/space", 0), 0);
    CHECK_STR(out, "TYPE   SOURCE    MOUNT_PATH\n------ --------- ----------\nmodel  user/repo /models   \nbucket user/b    /data     \n");
    CHECK_INT(hf("spaces volumes ls user/space --json", 0), 0);
    CHECK_STR(out, "[{\"type\": \"model\", \"source\": \"user/repo\", \"mount_path\": \"/models\"}, "
                   "{\"type\": \"bucket\", \"source\": \"user/b\", \"mount_path\": \"/data\", \"read_only\": false, \"path\": \"sub\"}]\n");
    CHECK_INT(hf("spaces volumes set user/space --json -v hf://datasets/user/d@v1:/ds:ro", 0), 0);
    CHECK_STR(out, "{\"space_id\": \"user/space\", \"volumes\": [\"hf://datasets/user/d@v1:/ds:ro\"]}\n");
    CHECK_INT(hf("spaces volumes set user/space -v nope", 1), 1);
    CHECK(strstr(out, "Error: Invalid volume 'nope': ") == out);
    CHECK_INT(hf("spaces volumes set user/space", 1), 1);
    CHECK_STR(out, "Error: At least one volume must be specified with -v/--volume.\n");
    CHECK_INT(hf("spaces volumes delete user/space -y -q", 0), 0);
    CHECK_STR(out, "user/space\n");
    CHECK_INT(hf("spaces volumes ls user/space", 1), 0);
    CHECK_STR(out, "No results found.\nHint: Use `hf spaces volumes set user/space -v hf://<repo_type>/<repo_id>:/<mount_path>` "
                   "to set volumes for a Space.\n");
    CHECK_INT(hf("spaces secrets delete user/nope TOK", 1), 1);
    CHECK(strstr(out, "Error: ") == out);
}

int main(void) {
    build = getenv("HFHUB_BUILD");
    if (!build || !*build) build = "build";
    if (t_hub_start(&hub) != 0) {
        fprintf(stderr, "could not start tools/localhub\n");
        return 1;
    }
    t_hub_seed(&hub, "{\"repo\": \"user/repo\", \"files\": {\"README.md\": \"hi\"}}", NULL);
    t_hub_seed(&hub, "{\"repo\": \"user/space\", \"type\": \"space\", \"files\": {\"app.py\": \"print(1)\"}}", NULL);
    RUN(test_discussions_cli);
    RUN(test_collections_cli);
    RUN(test_webhooks_cli);
    RUN(test_spaces_cli);
    t_hub_stop(&hub);
    return TEST_END();
}
