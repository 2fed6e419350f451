/* localhub-xet: the heavy Xet work of tools/localhub done in C with the project's codecs
 * (localhub falls back to pure Python, xetcodec.py, when this binary is not built).
 *
 *   localhub-xet pack FILE OUTDIR [MAX_BYTES]  chunk FILE, pack its chunks into stored xorbs (records +
 *                                   footer) written as OUTDIR/<xorb hex>; prints one JSON line
 *                                   {"size","sha256","fileHash","xorbs":[{"hash","chunks",
 *                                   "unpacked","dedup":[[chunk hex, index]...]}]}
 *   localhub-xet xorb IN OUT        checks an uploaded xorb (records, optional footer), decodes
 *                                   every chunk and hashes it; writes the stored form to OUT;
 *                                   prints {"hash","chunks","unpacked"}; exit 1 + message if bad
 *   localhub-xet extract OUT        reads "XORBPATH START END" lines on stdin, appends the
 *                                   decoded chunks [START,END) of each to OUT; prints the sha256
 *   localhub-xet terms OUT|-        the same lines: prints each term's verification hash, then
 *                                   "FILEHASH SHA256", from the stored footers' chunk hashes;
 *                                   with OUT "-" nothing is extracted and SHA256 is "-"
 * Everything is kept in memory one xorb at a time (at most 64 MiB). */
#define HFHUB_IMPLEMENTATION
#include "hfhub_xet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int die(const char *what) {
    const hfhub_error *e = hfhub_last_error();
    fprintf(stderr, "%s%s%s\n", what, e && e->message ? ": " : "", e && e->message ? e->message : "");
    return 1;
}

/* Reads the file at path into *buf (grown as needed, kept for the next call: one allocation
 * for many xorbs); 0, or -1 if it cannot be read. */
static int read_into(const char *path, unsigned char **buf, size_t *cap, size_t *n) {
    FILE *f = fopen(path, "rb");
    size_t len = 0, k;
    long size;
    if (!f) return -1;
    /* sized from the file, grown if it was still being written */
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 && (size_t)size >= *cap) {
        unsigned char *nb = (unsigned char *)realloc(*buf, (size_t)size + 1);
        if (!nb) { fclose(f); return -1; }
        *buf = nb;
        *cap = (size_t)size + 1;
    }
    for (;;) {
        if (len == *cap) {
            size_t nc = *cap ? *cap * 2 : (1u << 20);
            unsigned char *nb = (unsigned char *)realloc(*buf, nc);
            if (!nb) { fclose(f); return -1; }
            *buf = nb;
            *cap = nc;
        }
        k = fread(*buf + len, 1, *cap - len, f);
        if (k == 0) break;
        len += k;
    }
    fclose(f);
    *n = len;
    return 0;
}

static unsigned char *read_all(const char *path, size_t *n) {
    unsigned char *buf = NULL;
    size_t cap = 0;
    if (read_into(path, &buf, &cap, n) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* ---- pack ---- */
typedef struct pack_state {
    const char *outdir;
    hfhub_xorb_writer w;
    hfhub_xet_merkle_entry *chunks; /* of the current xorb */
    uint64_t file_chunks;
    uint64_t max_bytes; /* raw bytes per xorb (tests ask for small xorbs: many terms) */
    int first_xorb;
} pack_state;

static int pack_flush(pack_state *s) {
    uint8_t h[32];
    char hex[65], path[4096];
    uint32_t i;
    int first = 1;
    FILE *f;
    if (s->w.num_chunks == 0) return 0;
    hfhub_xet_xorb_hash(s->chunks, s->w.num_chunks, h);
    if (hfhub_xorb_writer_footer(&s->w, h) != HFHUB_OK) return die("footer");
    hfhub_xet_hash_to_hex(h, hex);
    snprintf(path, sizeof path, "%s/%s", s->outdir, hex);
    f = fopen(path, "wb");
    if (!f || fwrite(s->w.data, 1, s->w.len, f) != s->w.len || fclose(f) != 0) return die(path);
    printf("%s{\"hash\":\"%s\",\"chunks\":%u,\"unpacked\":%llu,\"dedup\":[", s->first_xorb ? "" : ",", hex,
           (unsigned)s->w.num_chunks, (unsigned long long)s->w.raw_bytes);
    s->first_xorb = 0;
    for (i = 0; i < s->w.num_chunks; i++) {
        const uint8_t *ch = s->chunks[i].hash;
        uint64_t last = 0;
        int b;
        for (b = 7; b >= 0; b--) last = (last << 8) | ch[24 + b];
        if ((s->file_chunks == 0 && i == 0) || last % 1024 == 0) {
            hfhub_xet_hash_to_hex(ch, hex);
            printf("%s[\"%s\",%u]", first ? "" : ",", hex, (unsigned)i);
            first = 0;
        }
    }
    printf("]}");
    s->file_chunks += s->w.num_chunks;
    hfhub_xorb_writer_free(&s->w);
    hfhub_xorb_writer_init(&s->w, NULL, HFHUB_XET_POLICY_LZ4);
    return 0;
}

static int pack_chunk(pack_state *s, const unsigned char *data, size_t n) {
    hfhub_xet_merkle_entry *e;
    if ((!hfhub_xorb_writer_fits(&s->w, n) || (s->w.num_chunks && s->w.raw_bytes + n > s->max_bytes)) &&
        pack_flush(s))
        return 1;
    e = &s->chunks[s->w.num_chunks];
    hfhub_xet_chunk_hash(data, n, e->hash);
    e->size = n;
    if (hfhub_xorb_writer_add(&s->w, data, n, e->hash) != HFHUB_OK) return die("xorb");
    return 0;
}

static int cmd_pack(const char *in, const char *outdir, uint64_t max_bytes) {
    static unsigned char buf[1 << 20], chunk[HFHUB_XET_CHUNK_MAX];
    pack_state s;
    hfhub_xet_chunker c;
    hfhub_xet_merkle m;
    hfhub_sha256_ctx sha;
    unsigned char digest[32];
    uint8_t root[32], fh[32];
    char hex[65];
    size_t n, clen = 0, i;
    uint64_t size = 0;
    FILE *f = fopen(in, "rb");
    if (!f) return die(in);
    memset(&s, 0, sizeof s);
    s.outdir = outdir;
    s.max_bytes = max_bytes;
    s.first_xorb = 1;
    s.chunks = (hfhub_xet_merkle_entry *)malloc(sizeof(*s.chunks) * HFHUB_XORB_MAX_CHUNKS);
    if (!s.chunks) return die("memory");
    hfhub_xorb_writer_init(&s.w, NULL, HFHUB_XET_POLICY_LZ4);
    hfhub_xet_chunker_init(&c);
    hfhub_xet_merkle_init(&m);
    hfhub_sha256_init(&sha);
    printf("{\"xorbs\":[");
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        size_t off = 0;
        hfhub_sha256_update(&sha, buf, n);
        size += n;
        while (off < n) {
            int cut;
            size_t k = hfhub_xet_chunker_next(&c, buf + off, n - off, &cut);
            memcpy(chunk + clen, buf + off, k);
            clen += k;
            off += k;
            if (cut) {
                if (pack_chunk(&s, chunk, clen)) return 1;
                hfhub_xet_merkle_add(&m, s.chunks[s.w.num_chunks - 1].hash, clen);
                clen = 0;
            }
        }
    }
    fclose(f);
    if (hfhub_xet_chunker_finish(&c) && clen) {
        if (pack_chunk(&s, chunk, clen)) return 1;
        hfhub_xet_merkle_add(&m, s.chunks[s.w.num_chunks - 1].hash, clen);
    }
    if (pack_flush(&s)) return 1;
    hfhub_sha256_final(&sha, digest);
    hfhub_xet_merkle_finish(&m, root, NULL);
    hfhub_xet_file_hash_from_root(root, m.count, NULL, fh);
    hfhub_xet_hash_to_hex(fh, hex);
    printf("],\"size\":%llu,\"fileHash\":\"%s\",\"sha256\":\"", (unsigned long long)size, hex);
    for (i = 0; i < 32; i++) printf("%02x", digest[i]);
    printf("\"}\n");
    hfhub_xorb_writer_free(&s.w);
    free(s.chunks);
    return 0;
}

/* ---- xorb ---- */
static int cmd_xorb(const char *in, const char *out) {
    size_t n, off = 0;
    unsigned char *data = read_all(in, &n);
    static unsigned char chunk[HFHUB_XORB_MAX_CHUNK];
    hfhub_xorb_footer foot;
    int has_footer;
    uint32_t count, i;
    uint64_t un = 0;
    hfhub_xet_merkle_entry *e;
    hfhub_xorb_writer w;
    uint8_t h[32];
    char hex[65];
    FILE *f;
    if (!data) return die(in);
    if (hfhub_xorb_parse(data, n, &foot, &has_footer, &count) != HFHUB_OK) return die("invalid xorb");
    if (count == 0) return die("empty xorb");
    e = (hfhub_xet_merkle_entry *)malloc(sizeof(*e) * count);
    hfhub_xorb_writer_init(&w, NULL, HFHUB_XET_POLICY_NONE);
    w.entries = (hfhub_xorb_entry *)malloc(sizeof(*w.entries) * count);
    if (!e || !w.entries) return die("memory");
    w.slots = count;
    for (i = 0; i < count; i++) {
        hfhub_xorb_record rec;
        const unsigned char *bytes = chunk;
        if (hfhub_xorb_record_parse(data + off, n - off, &rec) != HFHUB_OK) return die("invalid chunk record");
        if (rec.scheme == HFHUB_XET_SCHEME_NONE && rec.compressed_len == rec.uncompressed_len)
            bytes = rec.payload; /* stored as is: hashed in place */
        else if (hfhub_xorb_record_decode(NULL, &rec, chunk, sizeof chunk) != HFHUB_OK)
            return die("invalid chunk record");
        hfhub_xet_chunk_hash(bytes, rec.uncompressed_len, e[i].hash);
        e[i].size = rec.uncompressed_len;
        if (has_footer && memcmp(hfhub_xorb_footer_hash(&foot, i), e[i].hash, 32) != 0)
            return die("footer chunk hash disagrees with the chunk");
        off += HFHUB_XORB_RECORD_HEADER + rec.compressed_len;
        un += rec.uncompressed_len;
        memcpy(w.entries[i].hash, e[i].hash, 32);
        w.entries[i].record_end = (uint32_t)off;
        w.entries[i].unpacked_end = (uint32_t)un;
    }
    w.raw_bytes = un;
    hfhub_xet_xorb_hash(e, count, h);
    if (has_footer && memcmp(foot.xorb_hash, h, 32) != 0) return die("footer xorb hash disagrees");
    /* stored form: the uploaded records as they are, then a footer we build (w holds only it) */
    w.num_chunks = count;
    if (hfhub_xorb_writer_footer(&w, h) != HFHUB_OK) return die("footer");
    f = fopen(out, "wb");
    if (!f || fwrite(data, 1, off, f) != off || fwrite(w.data, 1, w.len, f) != w.len || fclose(f) != 0)
        return die(out);
    hfhub_xet_hash_to_hex(h, hex);
    printf("{\"hash\":\"%s\",\"chunks\":%u,\"unpacked\":%llu}\n", hex, (unsigned)count, (unsigned long long)un);
    hfhub_xorb_writer_free(&w);
    free(e);
    free(data);
    return 0;
}

/* ---- extract ---- */
typedef struct extract_state {
    FILE *out;
    hfhub_sha256_ctx sha;
} extract_state;

static int extract_write(void *user, const void *data, size_t n) {
    extract_state *s = (extract_state *)user;
    hfhub_sha256_update(&s->sha, data, n);
    return fwrite(data, 1, n, s->out) == n ? 0 : -1;
}

/* The hashes of one term from the stored footer's chunk hashes (computed by `xorb` from the
 * decoded chunks): its verification hash (printed), its chunks into the file's merkle tree. */
static int term_hashes(const hfhub_xorb_footer *foot, unsigned start, unsigned end, hfhub_xet_merkle *m) {
    static hfhub_xet_merkle_entry e[HFHUB_XORB_MAX_CHUNKS];
    uint8_t v[32];
    unsigned k;
    int i;
    if (start >= end || end > foot->num_chunks) return die("term outside the xorb");
    for (k = start; k < end; k++) {
        uint32_t prev = k ? hfhub_xorb_footer_unpacked_end(foot, k - 1) : 0;
        memcpy(e[k - start].hash, hfhub_xorb_footer_hash(foot, k), 32);
        e[k - start].size = hfhub_xorb_footer_unpacked_end(foot, k) - prev;
        hfhub_xet_merkle_add(m, e[k - start].hash, e[k - start].size);
    }
    hfhub_xet_verification_hash(e, end - start, v);
    for (i = 0; i < 32; i++) printf("%02x", v[i]);
    printf("\n");
    return 0;
}

/* extract OUT: the file's bytes to OUT, its sha256 printed. terms OUT|-: first, per term, its
 * verification hash, then "FILEHASH SHA256" (SHA256 "-" and nothing written for OUT "-"). */
static int cmd_extract(const char *out, int terms) {
    char line[4200], path[4096];
    unsigned start, end;
    extract_state s;
    unsigned char digest[32];
    uint8_t root[32], fh[32];
    char hex[65];
    uint64_t nchunks = 0;
    unsigned char *data = NULL; /* one buffer for every xorb */
    size_t cap = 0;
    hfhub_xet_merkle *m = (hfhub_xet_merkle *)malloc(sizeof *m);
    int i, write = !terms || strcmp(out, "-") != 0;
    if (!m) return die("memory");
    hfhub_xet_merkle_init(m);
    s.out = write ? fopen(out, "wb") : NULL;
    if (write && !s.out) return die(out);
    hfhub_sha256_init(&s.sha);
    while (fgets(line, sizeof line, stdin)) {
        size_t n;
        hfhub_xorb_footer foot;
        int has_footer;
        if (sscanf(line, "%4095s %u %u", path, &start, &end) != 3) return die("bad extract line");
        if (read_into(path, &data, &cap, &n) != 0) return die(path);
        if (hfhub_xorb_parse(data, n, &foot, &has_footer, NULL) != HFHUB_OK || !has_footer) return die("stored xorb");
        if (terms && term_hashes(&foot, start, end, m)) return 1;
        nchunks += end - start;
        if (write && hfhub_xorb_extract(NULL, data, foot.records_len, 0, start, end, (uint64_t)1 << 40,
                                        extract_write, &s) != HFHUB_OK)
            return die("extract");
    }
    free(data);
    if (write && fclose(s.out) != 0) return die(out);
    hfhub_sha256_final(&s.sha, digest);
    if (terms) {
        hfhub_xet_merkle_finish(m, root, NULL);
        hfhub_xet_file_hash_from_root(root, nchunks, NULL, fh);
        hfhub_xet_hash_to_hex(fh, hex);
        printf("%s %s", hex, write ? "" : "-");
    }
    for (i = 0; write && i < 32; i++) printf("%02x", digest[i]);
    printf("\n");
    free(m);
    return 0;
}

int main(int argc, char **argv) {
    if ((argc == 4 || argc == 5) && !strcmp(argv[1], "pack"))
        return cmd_pack(argv[2], argv[3], argc == 5 ? strtoull(argv[4], NULL, 10) : HFHUB_XORB_MAX_BYTES);
    if (argc == 4 && !strcmp(argv[1], "xorb")) return cmd_xorb(argv[2], argv[3]);
    if (argc == 3 && !strcmp(argv[1], "extract")) return cmd_extract(argv[2], 0);
    if (argc == 3 && !strcmp(argv[1], "terms")) return cmd_extract(argv[2], 1);
    fprintf(stderr, "usage: localhub-xet pack FILE OUTDIR [MAX_BYTES] | xorb IN OUT | extract OUT | terms OUT|-\n");
    return 2;
}
