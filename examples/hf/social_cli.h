/* social_cli.h: what the community commands share (discussions, collections, webhooks, spaces
 * ops): option parsing, a client with the --token given, error reporting like Python's CLI,
 * and json.dumps of a JSON value. */
#ifndef HF_SOCIAL_CLI_H
#define HF_SOCIAL_CLI_H
#include <stdio.h>
#include "hfhub.h"
#include "output.h"

#define HF_S_MAX_ARGS 64

/* The arguments of one sub-command: output flags, --token, --type/--repo-type, the
 * positionals, and the other options as "--name" -> value ("" for a bare flag). */
typedef struct hf_s_args {
    hf_out out;
    const char *token, *repo_type;
    const char *pos[HF_S_MAX_ARGS];
    int npos;
    const char *opt_name[HF_S_MAX_ARGS], *opt_val[HF_S_MAX_ARGS];
    int nopt;
} hf_s_args;

/* Parses argv: `valued` lists the options that take a value ("--title", "-s" ...), `flags`
 * the bare ones; both NULL-terminated. Prints the problem and returns 2 on a bad option;
 * 1 for -h/--help; 0 otherwise. */
int hf_s_parse(const char *cmd, int argc, char **argv, const char *const *valued, const char *const *flags,
               hf_s_args *a);
/* The last value of an option (any of its names, '|'-separated like "--status|-s"), or NULL. */
const char *hf_s_get(const hf_s_args *a, const char *names);
/* Every value of a repeatable option into out (at most cap); returns the count. */
int hf_s_all(const hf_s_args *a, const char *names, const char **out, int cap);
int hf_s_has(const hf_s_args *a, const char *names);

/* A client like hf_client(), with this token when not NULL. */
hfhub_client *hf_s_client(const char *token);
/* Python's CLI error for the last failure (format_known_exception: "Repository not found. ...",
 * else the message) and the HF_DEBUG hint on stderr; returns 1. */
int hf_s_fail(const hf_out *o);
/* A usage error: "Error: <msg>" on stderr; returns 2. */
int hf_s_usage(const char *msg);

/* json.dumps(value, indent=2 when indent else compact ", "/": " separators) of a JSON value
 * (ensure_ascii, numbers as written), then a newline. */
void hf_s_json_print(const hfhub_json_value *v, int indent);
/* The same without the member skip_key of the top-level object (NULL: none skipped) and,
 * with drop_null, without the null members of every object (Python's api_object_to_dict). */
void hf_s_json_print_except(const hfhub_json_value *v, int indent, const char *skip_key, int drop_null);
/* JSON text parsed and printed so (drop_null on); -1 when it does not parse. */
int hf_s_json_print_text(const char *text, int indent, const char *skip_key);
/* A Hub timestamp ("2026-01-02T03:04:05.360Z") as Python's parse_datetime(...).isoformat()
 * ("2026-01-02T03:04:05.360000+00:00"); anything else as written. */
void hf_s_iso(const char *s, char out[40]);

/* A growable string for building JSON (exits on no memory, like the rest of the CLI). */
typedef struct hf_s_sb {
    char *p;
    size_t n, cap;
} hf_s_sb;
void hf_s_sb_puts(hf_s_sb *b, const char *s);
void hf_s_sb_json_str(hf_s_sb *b, const char *s);   /* a JSON string literal (UTF-8 kept) */
/* ", "-separated object members: a string (NULL: null) or raw JSON text. */
void hf_s_sb_kv(hf_s_sb *b, const char *key, const char *s);
void hf_s_sb_kraw(hf_s_sb *b, const char *key, const char *raw);
/* A parsed JSON value as compact JSON text. */
void hf_s_sb_json_value(hf_s_sb *b, const hfhub_json_value *v);
/* A JSON string literal (ensure_ascii) on stdout. */
void hf_s_json_str(const char *s);

/* A parsed integer option: 0 ok, -1 (message printed) when not an integer. */
int hf_s_int(const char *name, const char *v, long long *out);

#endif
