/* remote_int.h: the byte source of remote files (library-internal).
 *
 * The Xet seam: every read of a remote file goes through f->read. Open sets it to the HTTP
 * Range reader; the Xet transfer layer (hfhub_xet.h) may replace it, for files whose
 * hfhub_remote_xet_hash is not NULL, with a reader that fetches only the reconstruction
 * terms covering [offset, offset+n) (same contract: fill buf, set *got, short only at EOF). */

typedef hfhub_result (*hfhub__remote_reader)(hfhub_remote_file *f, uint64_t offset, void *buf, size_t n,
                                             size_t *got);

struct hfhub_remote_file {
    hfhub_client *c;
    hfhub__arena ar;
    const char *url;          /* the resolve URL at the commit */
    const char *token;        /* per-call token or NULL */
    hfhub_header headers[17]; /* the caller's extra headers (copied) */
    size_t n_headers;
    uint64_t size;
    char commit[41];
    const char *etag;
    const char *xet_hash;
    const char *xet_refresh_route;
    hfhub__remote_reader read;
    void *reader_ctx;         /* for a replacement reader */
};

/* GET url with Range: bytes=offset-(offset+n-1) into buf (retries on 5xx and network
 * errors); *got the bytes placed. A 200 answer (range ignored) is windowed. */
HFHUB__API hfhub_result hfhub__remote_get_range(hfhub_client *c, const char *url, const char *token,
                                               const hfhub_header *headers, size_t n_headers, uint64_t offset,
                                               void *buf, size_t n, size_t *got);
