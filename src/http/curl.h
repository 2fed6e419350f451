/* curl.h: the libcurl transport, compiled in with HFHUB_USE_CURL (link with -lcurl).
 *
 * Same contract as every transport (see http.h): one exchange per perform(), redirects and
 * retries left to the library, the body streamed both ways, HTTP/1.1. Connections are
 * reused through a small pool of easy handles. libcurl is initialised with
 * curl_global_init() when the transport is created and released when it is destroyed: on
 * libcurl older than 7.84 create and destroy it while no other thread uses libcurl. */
#ifdef HFHUB_USE_CURL
typedef struct hfhub_curl_opts {
    /* Trusted CA certificates (PEM), as for the socket transport: NULL: $HF_HUB_CA_BUNDLE,
     * else $SSL_CERT_FILE, else libcurl's default. ca_dir: a directory of certificates;
     * NULL: $SSL_CERT_DIR, else libcurl's default. */
    const char *ca_file;
    const char *ca_dir;
    int insecure;            /* 1: no certificate or host name verification (tests only!) */
    int max_idle;            /* idle handles (and their connections) kept; 0: 8 */
    size_t buffer_size;      /* receive buffer per handle; 0: 256 KiB */
} hfhub_curl_opts;

/* Fills *out with a new libcurl transport (opts may be NULL; a may be NULL and must outlive
 * it). Free it with out->destroy(out->ctx). */
HFHUB_API hfhub_result hfhub_curl_transport_new(const hfhub_curl_opts *opts, const hfhub_allocator *a,
                                                hfhub_transport *out);
#endif
