/* tls_int.h: TLS client connections over a connected socket (library-internal), from
 * OpenSSL (HFHUB_TLS_OPENSSL) or mbedTLS (HFHUB_TLS_MBEDTLS). SNI, certificate chain and
 * host name verification are on unless the context is insecure. */
#if !defined(HFHUB_NO_SOCKETS) && (defined(HFHUB_TLS_OPENSSL) || defined(HFHUB_TLS_MBEDTLS))
#define HFHUB__HAVE_TLS 1

typedef struct hfhub__tls_ctx hfhub__tls_ctx; /* trust store and settings, shared by connections */
typedef struct hfhub__tls hfhub__tls;         /* one connection */

/* ca_file / ca_dir NULL: the system's default store. Errors: HFHUB_ERR_TLS (unreadable
 * bundle, ...), HFHUB_ERR_NOMEM. */
HFHUB__API hfhub_result hfhub__tls_ctx_new(const char *ca_file, const char *ca_dir, int insecure,
                                          const hfhub_allocator *a, hfhub__tls_ctx **out);
HFHUB__API void hfhub__tls_ctx_free(hfhub__tls_ctx *c);
/* Runs the handshake on s for `host` within t. On failure nothing is left to free (s stays
 * open). Errors: HFHUB_ERR_TLS ("certificate verify failed: ..."), NETWORK, TIMEOUT. */
HFHUB__API hfhub_result hfhub__tls_connect(hfhub__tls_ctx *c, hfhub__sock s, const char *host,
                                          const hfhub__net_timer *t, hfhub__tls **out);
/* Reads decrypted bytes (as many as are at hand, up to cap; *n = 0: the peer closed). */
HFHUB__API hfhub_result hfhub__tls_read(hfhub__tls *c, void *buf, size_t cap, size_t *n,
                                       const hfhub__net_timer *t);
HFHUB__API hfhub_result hfhub__tls_write(hfhub__tls *c, const void *buf, size_t len, const hfhub__net_timer *t);
/* Frees the connection state (the socket is the caller's to close). */
HFHUB__API void hfhub__tls_free(hfhub__tls *c);
/* "OpenSSL 3.0.2 ..." or "mbedTLS 2.28.3", for `hf env`. */
HFHUB__API const char *hfhub__tls_version(void);

#endif
