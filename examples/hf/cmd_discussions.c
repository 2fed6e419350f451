/* cmd_discussions.c: `hf discussions list|info|diff|create|comment|edit|rename|close|reopen|merge`,
 * with the flags and messages of Python's `hf discussions` (spec/hub-api.md §7). */
#define _POSIX_C_SOURCE 200809L /* setenv, strdup */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hfhub.h"
#include "cmds.h"
#include "output.h"
#include "social_cli.h"

#define HF_BLUE "\033[34m"

static int hf_disc_usage(FILE *f) {
    fprintf(f, "usage: hf discussions <command> [<args>]\n\n"
               "Manage discussions and pull requests on the Hub.\n\n"
               "commands:\n"
               "  list (ls) REPO_ID [-s/--status open|closed|merged|draft|all] [-k/--kind all|discussion|pull_request]\n"
               "            [--author A] [--limit 30] [--format table|json] [-q]\n"
               "  info REPO_ID NUM [--comments] [--diff] [--no-color] [--format text|json]\n"
               "  diff REPO_ID NUM\n"
               "  create REPO_ID --title T [--body B | --body-file F] [--pull-request]\n"
               "  comment REPO_ID NUM (--body B | --body-file F)\n"
               "  edit REPO_ID NUM COMMENT_ID (--body B | --body-file F)\n"
               "  rename REPO_ID NUM NEW_TITLE\n"
               "  close|reopen|merge REPO_ID NUM [--comment C] [-y/--yes]\n"
               "common options: [--type/--repo-type model|dataset|space] [--token T]\n");
    return f == stderr ? 2 : 0;
}

/* A discussion number argument (>= 1). */
static int hf_disc_num(const char *s, long long *num) {
    if (hf_s_int("NUM", s, num)) return -1;
    if (*num < 1) {
        fprintf(stderr, "Error: Invalid value for 'NUM': %lld is not in the range x>=1.\n", *num);
        return -1;
    }
    return 0;
}

/* --body or --body-file (a path, or '-' for stdin): a malloc'd text, or NULL with *bad set. */
static char *hf_disc_body(const hf_s_args *a, int *bad) {
    const char *body = hf_s_get(a, "--body"), *file = hf_s_get(a, "--body-file");
    FILE *f;
    char *text = NULL;
    size_t n = 0, cap = 0, got;
    *bad = 0;
    if (body && file) {
        *bad = hf_s_usage("Invalid value: Cannot use both --body and --body-file.");
        return NULL;
    }
    if (!file) return body ? strdup(body) : NULL;
    f = strcmp(file, "-") ? fopen(file, "rb") : stdin;
    if (!f) {
        fprintf(stderr, "Error: Invalid value for '--body-file': File '%s' does not exist.\n", file);
        *bad = 2;
        return NULL;
    }
    do {
        if (n + 4096 + 1 > cap) {
            char *t = (char *)realloc(text, cap = (n + 4096 + 1) * 2);
            if (!t) break;
            text = t;
        }
        got = fread(text + n, 1, 4096, f);
        n += got;
    } while (got > 0);
    if (f != stdin) fclose(f);
    if (text) text[n] = 0;
    return text;
}

/* click.confirm: "msg [y/N]: "; 1 on y/yes. */
static int hf_disc_confirm(const char *msg) {
    char line[64];
    printf("%s [y/N]: ", msg);
    fflush(stdout);
    if (!fgets(line, sizeof line, stdin)) return 0;
    return !strcmp(line, "y\n") || !strcmp(line, "Y\n") || !strcmp(line, "yes\n") || !strcmp(line, "y");
}

static const char *hf_disc_status_color(const char *status) {
    if (!status) return "";
    if (!strcmp(status, "open")) return HF_GREEN;
    if (!strcmp(status, "closed")) return HF_RED;
    if (!strcmp(status, "merged")) return HF_BLUE;
    if (!strcmp(status, "draft")) return HF_YELLOW;
    return "";
}

/* "2026-01-02T03:04:05.000Z" -> "2026-01-02 03:04" (strftime("%Y-%m-%d %H:%M")). */
static void hf_disc_when(const char *iso, char out[20]) {
    if (iso && strlen(iso) >= 16) snprintf(out, 20, "%.10s %.5s", iso, iso + 11);
    else snprintf(out, 20, "%s", iso ? iso : "");
}

/* ---- list ----------------------------------------------------------------------------------- */

/* The members of Python's Discussion dataclass (api_object_to_dict: None dropped later,
 * created_at as datetime.isoformat()). */
static void hf_disc_sb_discussion(hf_s_sb *b, const hfhub_discussion *d, const char *endpoint) {
    char num[32], iso[40];
    snprintf(num, sizeof num, "%lld", (long long)d->num);
    hf_s_iso(d->created_at, iso);
    hf_s_sb_kv(b, "title", d->title);
    hf_s_sb_kv(b, "status", d->status);
    hf_s_sb_kraw(b, "num", num);
    hf_s_sb_kv(b, "repo_id", d->repo_id);
    hf_s_sb_kv(b, "repo_type", d->repo_type);
    hf_s_sb_kv(b, "author", d->author);
    hf_s_sb_kraw(b, "is_pull_request", d->is_pull_request ? "true" : "false");
    hf_s_sb_kv(b, "created_at", d->created_at ? iso : NULL);
    hf_s_sb_kv(b, "endpoint", endpoint);
}

/* DiscussionEvent and its subclasses' fields. */
static void hf_disc_sb_event(hf_s_sb *b, const hfhub_discussion_event *e) {
    char iso[40];
    const char *t = e->type ? e->type : "";
    hf_s_iso(e->created_at, iso);
    hf_s_sb_puts(b, "{");
    hf_s_sb_kv(b, "id", e->id);
    hf_s_sb_kv(b, "type", e->type);
    hf_s_sb_kv(b, "created_at", e->created_at ? iso : NULL);
    hf_s_sb_kv(b, "author", e->author);
    hf_s_sb_kraw(b, "_event", "");
    hf_s_sb_json_value(b, e->json);
    if (!strcmp(t, "comment")) {
        hf_s_sb_kv(b, "content", e->content);
        hf_s_sb_kraw(b, "edited", e->edited ? "true" : "false");
        hf_s_sb_kraw(b, "hidden", e->hidden ? "true" : "false");
    } else if (!strcmp(t, "status-change")) hf_s_sb_kv(b, "new_status", e->new_status);
    else if (!strcmp(t, "commit")) {
        hf_s_sb_kv(b, "summary", e->summary);
        hf_s_sb_kv(b, "oid", e->oid);
    } else if (!strcmp(t, "title-change")) {
        hf_s_sb_kv(b, "old_title", e->old_title);
        hf_s_sb_kv(b, "new_title", e->new_title);
    }
    hf_s_sb_puts(b, "}");
}

/* DiscussionWithDetails as Python's api_object_to_dict (without the diff unless with_diff). */
static void hf_disc_print_details_json(const hfhub_discussion_details *d, const char *endpoint, int with_diff) {
    hf_s_sb b = {NULL, 0, 0};
    size_t i;
    hf_s_sb_puts(&b, "{");
    hf_disc_sb_discussion(&b, &d->discussion, endpoint);
    hf_s_sb_kraw(&b, "events", "[");
    for (i = 0; i < d->n_events; i++) {
        if (i) hf_s_sb_puts(&b, ", ");
        hf_disc_sb_event(&b, &d->events[i]);
    }
    hf_s_sb_puts(&b, "]");
    if (d->conflicting_files_all) hf_s_sb_kraw(&b, "conflicting_files", "true");
    else if (d->discussion.is_pull_request) {
        hf_s_sb_kraw(&b, "conflicting_files", "[");
        for (i = 0; i < d->n_conflicting_files; i++) {
            if (i) hf_s_sb_puts(&b, ", ");
            hf_s_sb_json_str(&b, d->conflicting_files[i]);
        }
        hf_s_sb_puts(&b, "]");
    }
    hf_s_sb_kv(&b, "target_branch", d->target_branch);
    hf_s_sb_kv(&b, "merge_commit_oid", d->merge_commit_oid);
    hf_s_sb_kv(&b, "diff", d->diff);
    hf_s_sb_puts(&b, "}");
    hf_s_json_print_text(b.p, 1, with_diff ? NULL : "diff");
    free(b.p);
}

static void hf_disc_table(const hf_s_args *a, const hfhub_discussion **items, size_t n) {
    static const char *const keys[] = {"num", "title", "is_pull_request", "status", "author", "created_at"};
    static const size_t headers[] = {0, 1, 2, 3, 4, 5};
    hf_val *cells = (hf_val *)calloc(n ? n * 6 : 1, sizeof *cells);
    char (*nums)[32] = (char (*)[32])calloc(n ? n : 1, 32);
    char (*titles)[256] = (char (*)[256])calloc(n ? n : 1, 256);
    hf_table t;
    size_t i;
    if (!cells || !nums || !titles) {
        free(cells), free(nums), free(titles);
        return;
    }
    for (i = 0; i < n; i++) {
        const hfhub_discussion *d = items[i];
        const char *title = d->title ? d->title : "";
        snprintf(nums[i], 32, a->out.mode == HF_OUT_QUIET ? "%lld" : "#%lld", (long long)d->num);
        /* _format_cell(title, max_len=50) */
        if (strlen(title) > 50 && !a->out.no_truncate) snprintf(titles[i], 256, "%.47s...", title);
        else snprintf(titles[i], 256, "%s", title);
        cells[i * 6 + 0] = hf_str(nums[i]);
        cells[i * 6 + 1] = hf_str(titles[i]);
        cells[i * 6 + 2] = hf_str(d->is_pull_request ? "PR" : "");
        cells[i * 6 + 3] = hf_str(d->status);
        cells[i * 6 + 4] = hf_str(d->author);
        cells[i * 6 + 5] = hf_str(d->created_at);
    }
    memset(&t, 0, sizeof t);
    t.keys = keys;
    t.n_keys = 6;
    t.headers = headers;
    t.n_headers = 6;
    t.id_col = 0;
    t.right_col = 0;
    t.raw_cols = 0x3f; /* row_fn's strings: the title cut at 50 above, nothing cut at 35 */
    t.cells = cells;
    t.n_rows = n;
    hf_out_table(&a->out, &t);
    free(cells), free(nums), free(titles);
}

static int hf_disc_list(hfhub_client *c, const hf_s_args *a) {
    hfhub_discussions_opts o;
    hfhub_discussion_list *l = NULL;
    hfhub_client_info info;
    const char *status = hf_s_get(a, "--status|-s"), *kind = hf_s_get(a, "--kind|-k"), *lim = hf_s_get(a, "--limit");
    const hfhub_discussion **keep;
    long long limit = 30;
    size_t i, n = 0;
    if (a->npos != 1) return hf_s_usage("Missing argument 'REPO_ID'.");
    if (!status) status = "open";
    if (!kind) kind = "all";
    if (strcmp(status, "open") && strcmp(status, "closed") && strcmp(status, "merged") && strcmp(status, "draft") && strcmp(status, "all"))
        return hf_s_usage("Invalid value for '-s' / '--status': not one of 'open', 'closed', 'merged', 'draft', 'all'.");
    if (strcmp(kind, "all") && strcmp(kind, "discussion") && strcmp(kind, "pull_request"))
        return hf_s_usage("Invalid value for '-k' / '--kind': not one of 'all', 'discussion', 'pull_request'.");
    if (lim && hf_s_int("--limit", lim, &limit)) return 2;
    memset(&o, 0, sizeof o);
    o.repo_type = a->repo_type;
    o.author = hf_s_get(a, "--author");
    o.discussion_type = strcmp(kind, "all") ? kind : NULL;
    /* merged and draft are not server filters: fetch all and keep those client-side */
    o.discussion_status = !strcmp(status, "open") || !strcmp(status, "closed") ? status : NULL;
    if (o.discussion_status && limit > 0) o.limit = (size_t)limit;
    if (hfhub_get_repo_discussions(c, a->pos[0], &o, &l)) return hf_s_fail(&a->out);
    keep = (const hfhub_discussion **)calloc(l->n ? l->n : 1, sizeof *keep);
    for (i = 0; keep && i < l->n && (long long)n < limit; i++)
        if (o.discussion_status || !strcmp(status, "all") || (l->items[i].status && !strcmp(l->items[i].status, status)))
            keep[n++] = &l->items[i];
    hfhub_client_get_info(c, &info);
    if (a->out.mode == HF_OUT_JSON) { /* print_list_output: json.dumps(items, indent=2) */
        hf_s_sb b = {NULL, 0, 0};
        hf_s_sb_puts(&b, "[");
        for (i = 0; keep && i < n; i++) {
            hf_s_sb_puts(&b, i ? ", {" : "{");
            hf_disc_sb_discussion(&b, keep[i], info.endpoint);
            hf_s_sb_puts(&b, "}");
        }
        hf_s_sb_puts(&b, "]");
        hf_s_json_print_text(b.p, 1, NULL);
        free(b.p);
    } else if (keep) hf_disc_table(a, keep, n);
    free(keep);
    hfhub_discussion_list_free(l);
    return 0;
}

/* ---- info / diff ---------------------------------------------------------------------------- */

static void hf_disc_print_info(const hfhub_discussion_details *d, int show_comments) {
    const hfhub_discussion *x = &d->discussion;
    const hfhub_discussion_event *body = NULL;
    char when[20];
    size_t i, n_comments = 0;
    printf("%s%s%s %s#%lld%s\n", hf_ansi(HF_BOLD), x->title ? x->title : "", hf_ansi(HF_RESET), hf_ansi(HF_GRAY),
           (long long)x->num, hf_ansi(HF_RESET));
    hf_disc_when(x->created_at, when);
    printf("%s: %s%s%s \xc2\xb7 %s \xc2\xb7 %s", x->is_pull_request ? "Pull Request" : "Discussion",
           hf_ansi(hf_disc_status_color(x->status)), x->status ? x->status : "", *hf_disc_status_color(x->status) ? hf_ansi(HF_RESET) : "",
           x->author, when);
    if (x->is_pull_request && d->target_branch)
        printf(" \xc2\xb7 into %s%s%s", hf_ansi(HF_BOLD), d->target_branch, hf_ansi(HF_RESET));
    printf("\n");
    if (x->is_pull_request && d->conflicting_files_all) printf("%sHas conflicting files%s\n", hf_ansi(HF_YELLOW), hf_ansi(HF_RESET));
    else if (x->is_pull_request && d->n_conflicting_files) {
        printf("%sConflicting files: ", hf_ansi(HF_YELLOW));
        for (i = 0; i < d->n_conflicting_files; i++) printf("%s%s", i ? ", " : "", d->conflicting_files[i]);
        printf("%s\n", hf_ansi(HF_RESET));
    }
    for (i = 0; i < d->n_events; i++) {
        const hfhub_discussion_event *e = &d->events[i];
        if (!e->type || strcmp(e->type, "comment") || e->hidden) continue;
        if (!body) body = e;
        else n_comments++;
    }
    if (body && body->content && strspn(body->content, " \t\r\n") < strlen(body->content)) {
        const char *s = body->content + strspn(body->content, " \t\r\n"), *e = s + strlen(s);
        while (e > s && strchr(" \t\r\n", e[-1])) e--;
        printf("\n%.*s\n", (int)(e - s), s);
    }
    if (show_comments && n_comments) {
        printf("\n%s", hf_ansi(HF_GRAY));
        for (i = 0; i < 60; i++) printf("\xe2\x94\x80");
        printf("%s\n", hf_ansi(HF_RESET));
        for (i = 0; i < d->n_events; i++) {
            const hfhub_discussion_event *e = &d->events[i];
            const char *s;
            size_t len;
            if (!e->type || strcmp(e->type, "comment") || e->hidden || e == body) continue;
            hf_disc_when(e->created_at, when);
            printf("\n%s%s%s \xc2\xb7 %s\n", hf_ansi(HF_BOLD), e->author, hf_ansi(HF_RESET), when);
            s = e->content ? e->content + strspn(e->content, " \t\r\n") : "";
            len = strlen(s);
            while (len && strchr(" \t\r\n", s[len - 1])) len--;
            printf("%.*s\n", (int)len, s);
        }
    } else if (n_comments)
        printf("\n%s%zu comment%s (use --comments to show)%s\n", hf_ansi(HF_GRAY), n_comments, n_comments != 1 ? "s" : "",
               hf_ansi(HF_RESET));
    printf("\nView on Hub: %s%s%s\n", hf_ansi(HF_BLUE), x->url ? x->url : "", hf_ansi(HF_RESET));
}

static int hf_disc_info(hfhub_client *c, const hf_s_args *a, int diff_only) {
    hfhub_discussion_details *d = NULL;
    long long num;
    size_t i;
    if (a->npos != 2) return hf_s_usage("Expected REPO_ID and NUM.");
    if (hf_disc_num(a->pos[1], &num)) return 2;
    if (hf_s_has(a, "--no-color")) setenv("NO_COLOR", "1", 1);
    if (hfhub_get_discussion_details(c, a->pos[0], num, a->repo_type, &d)) return hf_s_fail(&a->out);
    if (diff_only) printf("%s\n", d->diff && *d->diff ? d->diff : "No diff available.");
    else if (a->out.mode == HF_OUT_JSON) {
        hfhub_client_info info;
        hfhub_client_get_info(c, &info);
        hf_disc_print_details_json(d, info.endpoint, hf_s_has(a, "--diff"));
    } else {
        hf_disc_print_info(d, hf_s_has(a, "--comments"));
        if (hf_s_has(a, "--diff") && d->diff && *d->diff) {
            printf("\n%s", hf_ansi(HF_GRAY));
            for (i = 0; i < 60; i++) printf("\xe2\x94\x80");
            printf("%s\n%s\n", hf_ansi(HF_RESET), d->diff);
        }
    }
    hfhub_discussion_details_free(d);
    return 0;
}

/* ---- changes -------------------------------------------------------------------------------- */

static int hf_disc_create(hfhub_client *c, const hf_s_args *a) {
    hfhub_create_discussion_opts o;
    hfhub_discussion_details *d = NULL;
    const char *title = hf_s_get(a, "--title");
    int bad, pr = hf_s_has(a, "--pull-request|--pr");
    char *body;
    hfhub_result r;
    if (a->npos != 1) return hf_s_usage("Missing argument 'REPO_ID'.");
    if (!title) return hf_s_usage("Missing option '--title'.");
    body = hf_disc_body(a, &bad);
    if (bad) return bad;
    memset(&o, 0, sizeof o);
    o.repo_type = a->repo_type;
    o.description = body;
    o.pull_request = pr;
    r = hfhub_create_discussion(c, a->pos[0], title, &o, &d);
    free(body);
    if (r) return hf_s_fail(&a->out);
    printf("Created %s %s#%lld%s on %s%s%s\n", pr ? "pull request" : "discussion", hf_ansi(HF_BOLD),
           (long long)d->discussion.num, hf_ansi(HF_RESET), hf_ansi(HF_BOLD), a->pos[0], hf_ansi(HF_RESET));
    if (pr) printf("Push changes to: %srefs/pr/%lld%s\n", hf_ansi(HF_BOLD), (long long)d->discussion.num, hf_ansi(HF_RESET));
    printf("View on Hub: %s%s%s\n", hf_ansi(HF_BLUE), d->discussion.url ? d->discussion.url : "", hf_ansi(HF_RESET));
    hfhub_discussion_details_free(d);
    return 0;
}

static int hf_disc_comment(hfhub_client *c, const hf_s_args *a, int edit) {
    long long num;
    int bad;
    char *body;
    hfhub_result r;
    if (a->npos != (edit ? 3 : 2)) return hf_s_usage(edit ? "Expected REPO_ID, NUM and COMMENT_ID." : "Expected REPO_ID and NUM.");
    if (hf_disc_num(a->pos[1], &num)) return 2;
    body = hf_disc_body(a, &bad);
    if (bad) return bad;
    if (!body) return hf_s_usage("Invalid value: Either --body or --body-file is required.");
    r = edit ? hfhub_edit_discussion_comment(c, a->pos[0], num, a->pos[2], body, a->repo_type, NULL)
             : hfhub_comment_discussion(c, a->pos[0], num, body, a->repo_type, NULL);
    free(body);
    if (r) return hf_s_fail(&a->out);
    if (edit) printf("Edited comment %s on #%lld in %s%s%s\n", a->pos[2], num, hf_ansi(HF_BOLD), a->pos[0], hf_ansi(HF_RESET));
    else printf("Commented on #%lld in %s%s%s\n", num, hf_ansi(HF_BOLD), a->pos[0], hf_ansi(HF_RESET));
    return 0;
}

static int hf_disc_rename(hfhub_client *c, const hf_s_args *a) {
    long long num;
    if (a->npos != 3) return hf_s_usage("Expected REPO_ID, NUM and NEW_TITLE.");
    if (hf_disc_num(a->pos[1], &num)) return 2;
    if (hfhub_rename_discussion(c, a->pos[0], num, a->pos[2], a->repo_type, NULL)) return hf_s_fail(&a->out);
    printf("Renamed #%lld to %s%s%s in %s%s%s\n", num, hf_ansi(HF_BOLD), a->pos[2], hf_ansi(HF_RESET), hf_ansi(HF_BOLD),
           a->pos[0], hf_ansi(HF_RESET));
    return 0;
}

/* close, reopen, merge: a confirmation unless --yes, then the change. */
static int hf_disc_status(hfhub_client *c, const hf_s_args *a, const char *what) {
    long long num;
    char q[512];
    const char *comment = hf_s_get(a, "--comment");
    hfhub_result r;
    if (a->npos != 2) return hf_s_usage("Expected REPO_ID and NUM.");
    if (hf_disc_num(a->pos[1], &num)) return 2;
    if (!hf_s_has(a, "--yes|-y")) {
        snprintf(q, sizeof q, "%s #%lld on '%s'?", !strcmp(what, "close") ? "Close" : !strcmp(what, "reopen") ? "Reopen" : "Merge",
                 num, a->pos[0]);
        if (!hf_disc_confirm(q)) {
            printf("Aborted.\n");
            return 0;
        }
    }
    if (!strcmp(what, "merge")) r = hfhub_merge_pull_request(c, a->pos[0], num, comment, a->repo_type);
    else r = hfhub_change_discussion_status(c, a->pos[0], num, !strcmp(what, "close") ? "closed" : "open", comment,
                                            a->repo_type, NULL);
    if (r) return hf_s_fail(&a->out);
    printf("%s #%lld in %s%s%s\n", !strcmp(what, "close") ? "Closed" : !strcmp(what, "reopen") ? "Reopened" : "Merged", num,
           hf_ansi(HF_BOLD), a->pos[0], hf_ansi(HF_RESET));
    return 0;
}

int cmd_discussions(int argc, char **argv) {
    static const char *const valued[] = {"--status", "-s", "--kind", "-k", "--author", "--limit", "--title", "--body",
                                         "--body-file", "--comment", NULL};
    static const char *const flags[] = {"--comments", "--diff", "--no-color", "--pull-request", "--pr", "--yes", "-y", NULL};
    hf_s_args a;
    hfhub_client *c;
    const char *sub;
    int rc;
    if (argc < 1) return hf_disc_usage(stderr);
    sub = argv[0];
    if (!strcmp(sub, "-h") || !strcmp(sub, "--help")) return hf_disc_usage(stdout);
    if ((rc = hf_s_parse("discussions", argc - 1, argv + 1, valued, flags, &a)) != 0) return rc == 1 ? hf_disc_usage(stdout) : rc;
    if (strcmp(sub, "list") && strcmp(sub, "ls") && strcmp(sub, "info") && strcmp(sub, "diff") && strcmp(sub, "create") &&
        strcmp(sub, "comment") && strcmp(sub, "edit") && strcmp(sub, "rename") && strcmp(sub, "close") &&
        strcmp(sub, "reopen") && strcmp(sub, "merge")) {
        fprintf(stderr, "Error: No such command '%s'.\n", sub);
        return 2;
    }
    if (!(c = hf_s_client(a.token))) return 1;
    if (!strcmp(sub, "list") || !strcmp(sub, "ls")) rc = hf_disc_list(c, &a);
    else if (!strcmp(sub, "info")) rc = hf_disc_info(c, &a, 0);
    else if (!strcmp(sub, "diff")) rc = hf_disc_info(c, &a, 1);
    else if (!strcmp(sub, "create")) rc = hf_disc_create(c, &a);
    else if (!strcmp(sub, "comment")) rc = hf_disc_comment(c, &a, 0);
    else if (!strcmp(sub, "edit")) rc = hf_disc_comment(c, &a, 1);
    else if (!strcmp(sub, "rename")) rc = hf_disc_rename(c, &a);
    else rc = hf_disc_status(c, &a, sub);
    hfhub_client_free(c);
    return rc;
}
