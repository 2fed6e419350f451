/* socket.h: the built-in transport over TCP sockets, with TLS through OpenSSL or mbedTLS.
 *
 * HTTP/1.1 with keep-alive connections pooled per scheme, host, port and proxy; http://
 * proxies (absolute-form requests, CONNECT tunnels for https://, Basic credentials from the
 * proxy URL's user:password); connect, read and total timeouts from each request. Safe to
 * use from several threads at once. Compiled out by HFHUB_NO_SOCKETS; without a TLS library
 * (HFHUB_NO_TLS) https:// URLs fail with HFHUB_ERR_UNSUPPORTED. */
#ifndef HFHUB_NO_SOCKETS

/* Zero-initialised means the defaults. */
typedef struct hfhub_socket_opts {
    /* Trusted CA certificates (PEM). NULL: $HF_HUB_CA_BUNDLE, else $SSL_CERT_FILE, else the
     * system store. ca_dir: a directory of PEM certificates; NULL: $SSL_CERT_DIR or none. */
    const char *ca_file;
    const char *ca_dir;
    /* 1 turns off certificate and host name verification. For tests only: anyone on the
     * path can then read and change the traffic. */
    int insecure;
    int max_idle_per_host;  /* idle connections kept per scheme+host+port; 0: 16 (parallel
                               transfers reuse theirs), -1: none */
    int max_idle;           /* idle connections kept in all; 0: 64 */
    int idle_timeout_ms;    /* an idle connection older than this is closed; 0: 30000 */
    /* Bytes each exchange reads or writes at a time (allocated per exchange). 0: 256 KiB,
     * which keeps a fast link busy; small hosts may go as low as 4 KiB. */
    size_t buffer_size;
} hfhub_socket_opts;

/* Fills *out with a new socket transport (opts and a may be NULL; both are copied). Free it
 * with out->destroy(out->ctx). Errors: HFHUB_ERR_NOMEM, HFHUB_ERR_NETWORK (Winsock). */
HFHUB_API hfhub_result hfhub_socket_transport_new(const hfhub_socket_opts *opts, const hfhub_allocator *a,
                                                  hfhub_transport *out);

#endif
