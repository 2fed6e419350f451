/* test_shard.c: shards: the spec's upload-form layout, round trips of every form, lookup tables,
 * dedup responses, malformed input. */
#define _POSIX_C_SOURCE 200809L
#include "test.h"
#include "hfhub_xet.h"
#include "xetdata.h"

/* spec/xet.md §9.6: the upload-form shard of "Hello World!". */
static const char *hello_shard_dump =
    "0000: 48 46 52 65 70 6f 4d 65 74 61 44 61 74 61 00 55\n"
    "0010: 69 67 45 6a 7b 81 57 83 a5 bd d9 5c cd d1 4a a9\n"
    "0020: 02 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
    "0030: bd 60 b0 88 ad e0 da a9 b1 95 cf bd 7a c8 e7 d7\n"
    "0040: 4f 6d b0 14 04 5a c9 32 65 71 b8 87 d2 68 eb 6b\n"
    "0050: 00 00 00 c0 01 00 00 00 00 00 00 00 00 00 00 00\n"
    "0060: a2 9c fb 08 e6 08 d4 d8 72 6d d8 65 9a 90 b9 13\n"
    "0070: 4b 32 40 d5 d8 e4 2d 5f cb 28 e2 a6 e7 63 a3 e8\n"
    "0080: 00 00 00 00 0c 00 00 00 00 00 00 00 01 00 00 00\n"
    "0090: 4c cb 98 8e 45 63 cb 89 23 b7 a7 a5 50 6b be 75\n"
    "00a0: 92 e6 48 53 5d f0 82 4b 2b 86 c3 5d af 1a b7 5f\n"
    "00b0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
    "00c0: 7f 83 b1 65 7f f1 fc 53 b9 2d c1 81 48 a1 d6 5d\n"
    "00d0: fc 2d 4b 1f a3 d6 77 28 4a dd d2 00 12 6d 90 69\n"
    "00e0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
    "00f0: ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff\n"
    "0100: ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff\n"
    "0110: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n"
    "0120: a2 9c fb 08 e6 08 d4 d8 72 6d d8 65 9a 90 b9 13\n"
    "0130: 4b 32 40 d5 d8 e4 2d 5f cb 28 e2 a6 e7 63 a3 e8\n"
    "0140: 00 00 00 00 01 00 00 00 0c 00 00 00 00 00 00 00\n"
    "0150: a2 9c fb 08 e6 08 d4 d8 72 6d d8 65 9a 90 b9 13\n"
    "0160: 4b 32 40 d5 d8 e4 2d 5f cb 28 e2 a6 e7 63 a3 e8\n"
    "0170: 00 00 00 00 0c 00 00 00 00 00 00 00 00 00 00 00\n"
    "0180: ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff\n"
    "0190: ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff\n"
    "01a0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\n";

typedef struct sink { uint8_t *p; size_t len, cap; } sink;
static int sink_write(void *user, const void *data, size_t n) {
    sink *s = (sink *)user;
    if (s->len + n > s->cap) {
        s->cap = (s->len + n) * 2;
        s->p = (uint8_t *)realloc(s->p, s->cap);
    }
    memcpy(s->p + s->len, data, n);
    s->len += n;
    return 0;
}

static void test_spec_upload_form(void) {
    uint8_t want[500];
    size_t n = xd_from_dump(hello_shard_dump, want, sizeof want);
    hfhub_shard_term term;
    hfhub_shard_file file;
    hfhub_shard_chunk chunk;
    hfhub_shard_xorb xorb;
    hfhub_shard *s = NULL;
    sink out = {NULL, 0, 0};
    CHECK_INT(n, 432);
    memset(&term, 0, sizeof term);
    memset(&file, 0, sizeof file);
    memset(&chunk, 0, sizeof chunk);
    memset(&xorb, 0, sizeof xorb);
    memcpy(term.xorb_hash, want + 0x60, 32);
    term.unpacked_bytes = 12;
    term.chunk_start = 0;
    term.chunk_end = 1;
    memcpy(term.verification, want + 0x90, 32);
    memcpy(file.file_hash, want + 0x30, 32);
    file.flags = HFHUB_SHARD_FILE_VERIFICATION | HFHUB_SHARD_FILE_METADATA_EXT;
    memcpy(file.sha256, want + 0xc0, 32);
    file.terms = &term;
    file.num_terms = 1;
    memcpy(chunk.hash, want + 0x60, 32);
    chunk.len = 12;
    memcpy(xorb.xorb_hash, want + 0x60, 32);
    xorb.bytes_in_cas = 12;
    xorb.chunks = &chunk;
    xorb.num_chunks = 1;
    CHECK_INT(hfhub_shard_size(&file, 1, &xorb, 1, 0), 432);
    CHECK_OK(hfhub_shard_write(NULL, &file, 1, &xorb, 1, NULL, sink_write, &out));
    CHECK_INT(out.len, 432);
    CHECK(out.p && memcmp(out.p, want, 432) == 0);
    free(out.p);
    CHECK_OK(hfhub_shard_parse(NULL, want, n, &s));
    if (!s) return;
    CHECK_INT(s->num_files, 1);
    CHECK_INT(s->num_xorbs, 1);
    CHECK_INT(s->has_footer, 0);
    CHECK_INT(s->files[0].flags, 0xC0000000u);
    CHECK_INT(s->files[0].num_terms, 1);
    CHECK(memcmp(s->files[0].file_hash, want + 0x30, 32) == 0);
    CHECK(memcmp(s->files[0].sha256, want + 0xc0, 32) == 0);
    CHECK(memcmp(s->files[0].terms[0].verification, want + 0x90, 32) == 0);
    CHECK_INT(s->files[0].terms[0].chunk_end, 1);
    CHECK_INT(s->xorbs[0].num_chunks, 1);
    CHECK_INT(s->xorbs[0].chunks[0].len, 12);
    CHECK(hfhub_shard_find_chunk(s, want + 0x60) != NULL);
    CHECK(hfhub_shard_find_chunk(s, want + 0x30) == NULL);
    CHECK_INT(hfhub_shard_is_keyed(s), 0);
    hfhub_shard_free(s);
}

/* A random shard description (owned arrays, freed by drop()). */
typedef struct desc {
    hfhub_shard_file files[6];
    hfhub_shard_xorb xorbs[5];
    size_t nf, nx;
} desc;

static void make(desc *d, uint64_t seed, size_t nf, size_t nx, uint32_t flags) {
    size_t i, j;
    memset(d, 0, sizeof *d);
    d->nf = nf;
    d->nx = nx;
    for (i = 0; i < nx; i++) {
        hfhub_shard_xorb *x = &d->xorbs[i];
        uint32_t pos = 0;
        xd_random(x->xorb_hash, 32, seed++);
        x->num_chunks = 1 + (uint32_t)(xd_splitmix(&seed) % 300);
        x->chunks = (hfhub_shard_chunk *)calloc(x->num_chunks, sizeof *x->chunks);
        for (j = 0; j < x->num_chunks; j++) {
            xd_random(x->chunks[j].hash, 32, seed++);
            x->chunks[j].byte_start = pos;
            x->chunks[j].len = 8192 + (uint32_t)(xd_splitmix(&seed) % 100000);
            x->chunks[j].flags = (j % 5 == 0) ? HFHUB_SHARD_CHUNK_GLOBAL_DEDUP : 0;
            pos += x->chunks[j].len;
        }
        if (i == 1 && x->num_chunks > 2) memcpy(x->chunks[2].hash, x->chunks[0].hash, 8); /* equal truncated keys */
        x->bytes_in_cas = pos;
        x->bytes_on_disk = pos / 2;
    }
    for (i = 0; i < nf; i++) {
        hfhub_shard_file *f = &d->files[i];
        xd_random(f->file_hash, 32, seed++);
        xd_random(f->sha256, 32, seed++);
        f->flags = flags;
        f->num_terms = (uint32_t)(xd_splitmix(&seed) % 5); /* zero terms too */
        f->terms = (hfhub_shard_term *)calloc(f->num_terms + 1, sizeof *f->terms);
        for (j = 0; j < f->num_terms; j++) {
            hfhub_shard_term *t = &f->terms[j];
            xd_random(t->xorb_hash, 32, seed++);
            if (flags & HFHUB_SHARD_FILE_VERIFICATION) xd_random(t->verification, 32, seed++);
            t->chunk_start = (uint32_t)j;
            t->chunk_end = (uint32_t)j + 1 + (uint32_t)(xd_splitmix(&seed) % 9);
            t->unpacked_bytes = 65536 * (t->chunk_end - t->chunk_start);
        }
        if (!(flags & HFHUB_SHARD_FILE_METADATA_EXT)) memset(f->sha256, 0, 32);
    }
}

static void drop(desc *d) {
    size_t i;
    for (i = 0; i < d->nf; i++) free(d->files[i].terms);
    for (i = 0; i < d->nx; i++) free(d->xorbs[i].chunks);
}

static void check_same(const desc *d, const hfhub_shard *s) {
    size_t i, j;
    CHECK_INT(s->num_files, d->nf);
    CHECK_INT(s->num_xorbs, d->nx);
    if (s->num_files != d->nf || s->num_xorbs != d->nx) return;
    for (i = 0; i < d->nf; i++) {
        const hfhub_shard_file *a = &d->files[i], *b = &s->files[i];
        CHECK(memcmp(a->file_hash, b->file_hash, 32) == 0 && a->flags == b->flags && a->num_terms == b->num_terms);
        CHECK(memcmp(a->sha256, b->sha256, 32) == 0);
        for (j = 0; j < a->num_terms && a->num_terms == b->num_terms; j++)
            CHECK(memcmp(&a->terms[j], &b->terms[j], sizeof a->terms[j]) == 0);
    }
    for (i = 0; i < d->nx; i++) {
        const hfhub_shard_xorb *a = &d->xorbs[i], *b = &s->xorbs[i];
        CHECK(memcmp(a->xorb_hash, b->xorb_hash, 32) == 0 && a->num_chunks == b->num_chunks);
        CHECK(a->bytes_in_cas == b->bytes_in_cas && a->bytes_on_disk == b->bytes_on_disk && a->flags == b->flags);
        for (j = 0; j < a->num_chunks && a->num_chunks == b->num_chunks; j++) {
            const hfhub_shard_chunk_ref *r = hfhub_shard_find_chunk(s, a->chunks[j].hash);
            CHECK(memcmp(&a->chunks[j], &b->chunks[j], sizeof a->chunks[j]) == 0);
            CHECK(r && r->xorb == i && r->chunk == j);
            if (!hfhub_shard_is_keyed(s)) CHECK(hfhub_shard_find_raw_chunk(s, a->chunks[j].hash) == r);
        }
    }
}

static void test_roundtrip(void) {
    static const uint32_t flag_sets[] = {0, HFHUB_SHARD_FILE_VERIFICATION, HFHUB_SHARD_FILE_METADATA_EXT,
                                         HFHUB_SHARD_FILE_VERIFICATION | HFHUB_SHARD_FILE_METADATA_EXT};
    size_t k, footer;
    for (k = 0; k < 16; k++)
        for (footer = 0; footer < 2; footer++) {
            desc d;
            hfhub_shard_write_opts o;
            hfhub_shard *s = NULL;
            sink out = {NULL, 0, 0};
            uint64_t materialized = 0, stored = 0, on_disk = 0;
            size_t i, j;
            make(&d, k * 100 + footer, k % 7, (k * 3) % 6, flag_sets[k % 4]);
            memset(&o, 0, sizeof o);
            o.with_footer = (int)footer;
            o.creation_time = 1700000000 + k;
            o.key_expiry = 1800000000;
            CHECK_OK(hfhub_shard_write(NULL, d.files, d.nf, d.xorbs, d.nx, &o, sink_write, &out));
            CHECK_INT(out.len, hfhub_shard_size(d.files, d.nf, d.xorbs, d.nx, (int)footer));
            CHECK_OK(hfhub_shard_parse(NULL, out.p, out.len, &s));
            if (s) {
                check_same(&d, s);
                CHECK_INT(s->has_footer, (int)footer);
                for (i = 0; i < d.nf; i++)
                    for (j = 0; j < d.files[i].num_terms; j++) materialized += d.files[i].terms[j].unpacked_bytes;
                for (i = 0; i < d.nx; i++) {
                    stored += d.xorbs[i].bytes_in_cas;
                    on_disk += d.xorbs[i].bytes_on_disk;
                }
                if (footer) {
                    CHECK_INT(s->creation_time, 1700000000 + k);
                    CHECK_INT(s->key_expiry, 1800000000);
                    CHECK_INT(s->materialized_bytes, materialized);
                    CHECK_INT(s->stored_bytes, stored);
                    CHECK_INT(s->stored_bytes_on_disk, on_disk);
                }
                hfhub_shard_free(s);
            }
            /* the upload form is the stored form cut at the lookup tables, footer size 0 */
            if (footer) {
                size_t up = (size_t)hfhub_shard_size(d.files, d.nf, d.xorbs, d.nx, 0);
                uint8_t *cut = (uint8_t *)malloc(up);
                memcpy(cut, out.p, up);
                memset(cut + 40, 0, 8);
                CHECK_OK(hfhub_shard_parse(NULL, cut, up, &s));
                if (s) { check_same(&d, s); hfhub_shard_free(s); }
                free(cut);
            }
            free(out.p);
            drop(&d);
        }
}

static void test_dedup_response(void) {
    desc d;
    hfhub_shard_write_opts o;
    hfhub_shard *s = NULL;
    sink out = {NULL, 0, 0};
    size_t i;
    make(&d, 77, 0, 3, 0);
    memset(&o, 0, sizeof o);
    o.with_footer = 1;
    for (i = 0; i < 32; i++) o.hmac_key[i] = (uint8_t)(i * 7 + 1);
    o.key_expiry = 4000000000u;
    CHECK_OK(hfhub_shard_write(NULL, NULL, 0, d.xorbs, d.nx, &o, sink_write, &out));
    CHECK_OK(hfhub_shard_parse(NULL, out.p, out.len, &s));
    if (s) {
        check_same(&d, s);
        CHECK_INT(hfhub_shard_is_keyed(s), 1);
        CHECK(memcmp(s->hmac_key, o.hmac_key, 32) == 0);
        CHECK_INT(s->key_expiry, 4000000000u);
        CHECK_INT(s->num_chunks, d.xorbs[0].num_chunks + d.xorbs[1].num_chunks + d.xorbs[2].num_chunks);
        hfhub_shard_free(s);
    }
    { /* huggingface.js form: footer without lookup tables, zero lookup offsets */
        size_t up = (size_t)hfhub_shard_size(NULL, 0, d.xorbs, d.nx, 0);
        uint8_t *js = (uint8_t *)calloc(1, up + 200);
        memcpy(js, out.p, up);
        memcpy(js + up, out.p + out.len - 200, 200);
        memset(js + up + 24, 0, 48);
        memset(js + up + 192, 0, 8);
        CHECK_OK(hfhub_shard_parse(NULL, js, up + 200, &s));
        if (s) { check_same(&d, s); CHECK_INT(s->has_footer, 1); hfhub_shard_free(s); }
        free(js);
    }
    free(out.p);
    drop(&d);
}

/* Keyed chunk hashes as the global-dedup API sends them: BLAKE3 keyed with the footer key over
 * the raw hash (checked once against b3sum --keyed). */
static void test_dedup_hmac(void) {
    desc d;
    hfhub_shard_write_opts o;
    hfhub_shard *s = NULL;
    sink out = {NULL, 0, 0};
    uint8_t (*raw)[32];
    uint8_t keyed[32];
    size_t i, j, k = 0, total = 0;
    make(&d, 99, 0, 2, 0);
    memset(&o, 0, sizeof o);
    o.with_footer = 1;
    xd_random(o.hmac_key, 32, 1234);
    for (i = 0; i < d.nx; i++) total += d.xorbs[i].num_chunks;
    raw = (uint8_t(*)[32])malloc(total * 32);
    for (i = 0; i < d.nx; i++)
        for (j = 0; j < d.xorbs[i].num_chunks; j++, k++) {
            memcpy(raw[k], d.xorbs[i].chunks[j].hash, 32);
            hfhub_blake3_keyed(o.hmac_key, raw[k], 32, d.xorbs[i].chunks[j].hash);
        }
    { /* b3sum agrees on the first keyed hash */
        char dir[] = "/tmp/hfhub_shard_XXXXXX", cmd[300], hex[65], want[65];
        FILE *p;
        if (mkdtemp(dir)) {
            char kf[100], mf[100];
            snprintf(kf, sizeof kf, "%s/key", dir);
            snprintf(mf, sizeof mf, "%s/msg", dir);
            xd_write_file(kf, o.hmac_key, 32);
            xd_write_file(mf, raw[0], 32);
            snprintf(cmd, sizeof cmd, "b3sum --keyed --no-names '%s' < '%s'; rm -rf '%s'", mf, kf, dir);
            p = popen(cmd, "r");
            CHECK(p != NULL);
            if (p) {
                CHECK(fscanf(p, "%64s", hex) == 1);
                pclose(p);
                for (i = 0; i < 32; i++) snprintf(want + 2 * i, 3, "%02x", d.xorbs[0].chunks[0].hash[i]);
                CHECK_STR(hex, want);
            }
        }
    }
    CHECK_OK(hfhub_shard_write(NULL, NULL, 0, d.xorbs, d.nx, &o, sink_write, &out));
    CHECK_OK(hfhub_shard_parse(NULL, out.p, out.len, &s));
    if (s) {
        CHECK_INT(hfhub_shard_is_keyed(s), 1);
        for (i = 0, k = 0; i < d.nx; i++)
            for (j = 0; j < d.xorbs[i].num_chunks; j++, k++) {
                const hfhub_shard_chunk_ref *r = hfhub_shard_find_raw_chunk(s, raw[k]);
                CHECK(r && r->xorb == i && r->chunk == j);
                hfhub_shard_key_chunk_hash(s, raw[k], keyed);
                CHECK(memcmp(keyed, d.xorbs[i].chunks[j].hash, 32) == 0);
            }
        CHECK(hfhub_shard_find_chunk(s, raw[0]) == NULL); /* stored keyed, not raw */
        hfhub_shard_free(s);
    }
    free(raw);
    free(out.p);
    drop(&d);
}

static void test_malformed(void) {
    uint8_t x[500], y[500];
    size_t n = xd_from_dump(hello_shard_dump, x, sizeof x), cut, i;
    hfhub_shard *s = NULL;
    desc d;
    hfhub_shard_write_opts o;
    sink out = {NULL, 0, 0};
    for (cut = 0; cut < n; cut++) {
        CHECK_INT(hfhub_shard_parse(NULL, x, cut, &s), HFHUB_ERR_PARSE);
        CHECK(s == NULL);
    }
    memcpy(y, x, n);
    y[3] ^= 1; /* tag */
    CHECK_INT(hfhub_shard_parse(NULL, y, n, &s), HFHUB_ERR_PARSE);
    memcpy(y, x, n);
    y[32] = 3; /* version */
    CHECK_INT(hfhub_shard_parse(NULL, y, n, &s), HFHUB_ERR_PARSE);
    memcpy(y, x, n);
    y[40] = 200; /* footer announced, none present */
    CHECK_INT(hfhub_shard_parse(NULL, y, n, &s), HFHUB_ERR_PARSE);
    memcpy(y, x, n);
    y[0x54] = 2; /* two terms announced */
    CHECK_INT(hfhub_shard_parse(NULL, y, n, &s), HFHUB_ERR_PARSE);
    memcpy(y, x, n);
    y[0x8c] = 0; /* empty chunk range */
    CHECK_INT(hfhub_shard_parse(NULL, y, n, &s), HFHUB_ERR_PARSE);
    memcpy(y, x, n);
    memset(y + 0x144, 0xFF, 4); /* 4 billion chunks in the xorb block */
    CHECK_INT(hfhub_shard_parse(NULL, y, n, &s), HFHUB_ERR_PARSE);
    memcpy(y, x, n);
    y[n] = 0; /* trailing garbage */
    CHECK_INT(hfhub_shard_parse(NULL, y, n + 1, &s), HFHUB_ERR_PARSE);
    /* stored form: every footer and lookup-table field is checked */
    make(&d, 5, 3, 3, HFHUB_SHARD_FILE_VERIFICATION | HFHUB_SHARD_FILE_METADATA_EXT);
    memset(&o, 0, sizeof o);
    o.with_footer = 1;
    CHECK_OK(hfhub_shard_write(NULL, d.files, d.nf, d.xorbs, d.nx, &o, sink_write, &out));
    for (cut = out.len - 300; cut < out.len; cut++) CHECK_INT(hfhub_shard_parse(NULL, out.p, cut, &s), HFHUB_ERR_PARSE);
    {
        size_t up = (size_t)hfhub_shard_size(d.files, d.nf, d.xorbs, d.nx, 0);
        for (i = up; i < out.len; i++) { /* lookup tables and footer: key bits, indices, offsets */
            hfhub_result r;
            size_t foot = out.len - 200;
            int checked = i < foot || (i - foot) < 72 || ((i - foot) >= 192);
            out.p[i] ^= 0x10;
            r = hfhub_shard_parse(NULL, out.p, out.len, &s);
            if (r == HFHUB_OK) hfhub_shard_free(s);
            if (checked) CHECK_INT(r, HFHUB_ERR_PARSE);
            out.p[i] ^= 0x10;
        }
    }
    free(out.p);
    drop(&d);
}

int main(void) {
    RUN(test_spec_upload_form);
    RUN(test_roundtrip);
    RUN(test_dedup_response);
    RUN(test_dedup_hmac);
    RUN(test_malformed);
    return TEST_END();
}
