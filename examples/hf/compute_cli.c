/* compute_cli.c: helpers shared by `hf jobs` and `hf endpoints`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compute_cli.h"

int hf_cli_opt(int argc, char **argv, int *i, const char *name, const char **val) {
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n)) return 0;
    if (a[n] == '=') {
        *val = a + n + 1;
        return 1;
    }
    if (a[n]) return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "Error: Option '%s' requires an argument.\n", name);
        return -1;
    }
    *val = argv[++*i];
    return 1;
}

int hf_cli_usage(const char *group, const char *cmd, const char *msg) {
    fprintf(stderr, "Usage: hf %s %s [OPTIONS]\nTry 'hf %s %s -h' for help.\n\nError: %s\n", group, cmd, group, cmd, msg);
    return 2;
}

char *hf_cli_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n < (64L << 20) && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = (char *)malloc((size_t)n + 1)) != NULL) {
        if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        } else {
            buf[n] = 0;
            *len = (size_t)n;
        }
    }
    fclose(f);
    return buf;
}

int hf_cli_env_int(const char *name, int dflt) {
    const char *v = getenv(name);
    int n = v ? atoi(v) : 0;
    return n > 0 ? n : dflt;
}

static void hf_cli_json_str(FILE *f, const char *s, size_t n) {
    size_t i;
    fputc('"', f);
    for (i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\') fprintf(f, "\\%c", ch);
        else if (ch == '\n') fputs("\\n", f);
        else if (ch == '\r') fputs("\\r", f);
        else if (ch == '\t') fputs("\\t", f);
        else if (ch < 0x20) fprintf(f, "\\u%04x", ch);
        else fputc(ch, f);
    }
    fputc('"', f);
}

static void hf_cli_indent(FILE *f, int indent, int level) {
    fputc('\n', f);
    fprintf(f, "%*s", indent * level, "");
}

/* Member order: as in the document, or sorted by key (Python's sort_keys). */
static size_t *hf_cli_order(const hfhub_json_value *v, size_t n, int sort) {
    size_t *idx = (size_t *)malloc((n ? n : 1) * sizeof *idx), i, j;
    if (!idx) return NULL;
    for (i = 0; i < n; i++) idx[i] = i;
    for (i = 1; sort && i < n; i++)
        for (j = i; j > 0 && strcmp(hfhub_json_key_at(v, idx[j - 1], NULL), hfhub_json_key_at(v, idx[j], NULL)) > 0; j--) {
            size_t t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    return idx;
}

void hf_cli_print_json(FILE *f, const hfhub_json_value *v, int indent, int level, int sort) {
    size_t i, n = hfhub_json_len(v), len, *idx;
    const char *s;
    int obj;
    switch (hfhub_json_type_of(v)) {
    case HFHUB_JSON_NULL: case HFHUB_JSON_NONE: fputs("null", f); break;
    case HFHUB_JSON_BOOL: fputs(hfhub_json_bool(v, 0) ? "true" : "false", f); break;
    case HFHUB_JSON_NUMBER: s = hfhub_json_number_raw(v, &len); fwrite(s, 1, len, f); break;
    case HFHUB_JSON_STRING: s = hfhub_json_strn(v, &len); hf_cli_json_str(f, s, len); break;
    case HFHUB_JSON_ARRAY:
    case HFHUB_JSON_OBJECT:
        obj = hfhub_json_type_of(v) == HFHUB_JSON_OBJECT;
        idx = obj ? hf_cli_order(v, n, sort) : NULL;
        if (obj && !idx) n = 0;
        fputc(obj ? '{' : '[', f);
        for (i = 0; i < n; i++) {
            size_t k = obj ? idx[i] : i;
            if (i) fputc(',', f);
            hf_cli_indent(f, indent, level + 1);
            if (obj) {
                s = hfhub_json_key_at(v, k, &len);
                hf_cli_json_str(f, s, len);
                fputs(": ", f);
            }
            hf_cli_print_json(f, hfhub_json_at(v, k), indent, level + 1, sort);
        }
        if (n) hf_cli_indent(f, indent, level);
        fputc(obj ? '}' : ']', f);
        free(idx);
        break;
    }
}
