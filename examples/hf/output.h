/* output.h: the output modes of Python's `hf` (its _output.Output): --format
 * human|agent|json|quiet (auto = human here), tables, results, warnings and errors, with
 * Python's exact text, colours (unless NO_COLOR) and sizes/ages formatting. */
#ifndef HF_OUTPUT_H
#define HF_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

typedef enum hf_out_mode { HF_OUT_HUMAN, HF_OUT_AGENT, HF_OUT_JSON, HF_OUT_QUIET } hf_out_mode;

typedef struct hf_out {
    hf_out_mode mode;
    int no_truncate;  /* --no-truncate: table cells are never cut at 35 characters */
} hf_out;

/* Consumes one of the global output flags at argv[*i] (--format X, --format=X, --json,
 * -q/--quiet, --no-truncate): 1 when it was one (and *i advanced past a value), 0 when
 * not, -1 on a bad value (message printed). */
int hf_out_flag(hf_out *o, int argc, char **argv, int *i);

/* ANSI styles, empty under NO_COLOR. */
const char *hf_ansi(const char *code);
#define HF_BOLD "\033[1m"
#define HF_GRAY "\033[90m"
#define HF_GREEN "\033[32m"
#define HF_RED "\033[1m\033[31m"
#define HF_YELLOW "\033[33m"
#define HF_RESET "\033[0m"

/* A plain message on stdout (human and agent; json/quiet print nothing). bold: human
 * mode wraps it in bold. */
void hf_out_text(const hf_out *o, const char *msg, int bold);
void hf_out_warning(const hf_out *o, const char *msg);  /* stderr "Warning: ..." */
void hf_out_error(const hf_out *o, const char *msg);    /* stderr "Error: ..." */
void hf_out_hint(const hf_out *o, const char *msg);     /* stderr "Hint: ..." */

/* A value of a table cell or a result field, typed like the Python value it stands for. */
typedef enum hf_val_kind { HF_VAL_STR, HF_VAL_INT, HF_VAL_BOOL, HF_VAL_LIST, HF_VAL_NONE } hf_val_kind;
typedef struct hf_val {
    hf_val_kind kind;
    const char *s;             /* HF_VAL_STR */
    long long i;               /* HF_VAL_INT, HF_VAL_BOOL */
    const char *const *list;   /* HF_VAL_LIST of strings */
    size_t n;
} hf_val;
hf_val hf_str(const char *s);
hf_val hf_int(long long i);
hf_val hf_bool(int b);
hf_val hf_list(const char *const *items, size_t n);
hf_val hf_none(void);          /* Python's None: results skip it (json: null, quiet: "None") */

/* A table: items are rows of n_keys values named by keys; the columns shown are `headers`
 * (indices into keys); id_col (an index into keys) is what quiet mode prints and is never
 * truncated; right_col (index into keys, -1 none) is right-aligned. JSON prints every key. */
typedef struct hf_table {
    const char *const *keys;
    size_t n_keys;
    const size_t *headers;
    size_t n_headers;
    size_t id_col;
    long right_col;
    const hf_val *cells;       /* n_rows * n_keys */
    size_t n_rows;
    unsigned long raw_cols;    /* bit k: column k (index into keys) holds cells the command already
                                * formatted (Python's row_fn): never cut at 35 characters */
} hf_table;
void hf_out_table(const hf_out *o, const hf_table *t);

/* A success summary: human "✓ message" and "  key: value" lines; agent "k=v ..."; json the
 * fields; quiet the first value. */
void hf_out_result(const hf_out *o, const char *msg, const char *const *keys, const hf_val *vals, size_t n);

/* Python's _format_size ("3.4G") and format_timesince ("2 days ago") into out. */
void hf_format_size(uint64_t n, char out[32]);
void hf_format_timesince(double ts, double now, char out[48]);
double hf_now(void);

/* click.confirm(abort=True): "msg [y/N]: " on stdout; 1 yes; 0 after printing "Aborted!". */
int hf_confirm(const char *msg);

#endif
