/* tls_openssl.c: TLS connections through OpenSSL (1.1.1 or later). The socket is driven
 * through a BIO of our own, so it stays non-blocking with our timeouts and never raises
 * SIGPIPE. */
#if !defined(HFHUB_NO_SOCKETS) && defined(HFHUB_TLS_OPENSSL)
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#if OPENSSL_VERSION_NUMBER < 0x10101000L
#error "hfhub: HFHUB_TLS_OPENSSL needs OpenSSL 1.1.1 or later"
#endif

struct hfhub__tls_ctx {
    const hfhub_allocator *a;
    SSL_CTX *ctx;
    BIO_METHOD *bio;
    int insecure;
};

struct hfhub__tls {
    const hfhub_allocator *a;
    SSL *ssl;
    hfhub__sock fd;
    int sock_err;        /* the socket failed (the error is recorded) */
    hfhub_result failed; /* an error met after data was returned, reported on the next read */
};

static int hfhub__ossl_bio_write(BIO *b, const char *data, int len) {
    hfhub__tls *t = (hfhub__tls *)BIO_get_data(b);
    size_t n = 0;
    int k = hfhub__net_try_send(t->fd, data, (size_t)len, &n);
    BIO_clear_retry_flags(b);
    if (k > 0) return (int)n;
    if (k == 0) BIO_set_retry_write(b);
    else t->sock_err = 1;
    return -1;
}

static int hfhub__ossl_bio_read(BIO *b, char *buf, int cap) {
    hfhub__tls *t = (hfhub__tls *)BIO_get_data(b);
    size_t n = 0;
    int k = hfhub__net_try_recv(t->fd, buf, (size_t)cap, &n);
    BIO_clear_retry_flags(b);
    if (k > 0) return (int)n;
    if (k == 0) BIO_set_retry_read(b);
    else t->sock_err = 1;
    return -1;
}

static long hfhub__ossl_bio_ctrl(BIO *b, int cmd, long num, void *ptr) {
    (void)b;
    (void)num;
    (void)ptr;
    return cmd == BIO_CTRL_FLUSH ? 1 : 0;
}

static int hfhub__ossl_bio_create(BIO *b) {
    BIO_set_init(b, 1);
    return 1;
}

/* The most recent OpenSSL error as text ("unable to get local issuer certificate", ...). */
static const char *hfhub__ossl_err(char *buf, size_t cap) {
    unsigned long e = ERR_peek_last_error();
    if (!e) return "connection closed by the peer";
    ERR_error_string_n(e, buf, cap);
    return buf;
}

const char *hfhub__tls_version(void) { return OpenSSL_version(OPENSSL_VERSION); }

void hfhub__tls_ctx_free(hfhub__tls_ctx *c) {
    if (!c) return;
    if (c->ctx) SSL_CTX_free(c->ctx);
    if (c->bio) BIO_meth_free(c->bio);
    hfhub__free(c->a, c, sizeof *c);
}

static hfhub_result hfhub__ossl_load_cas(hfhub__tls_ctx *c, const char *ca_file, const char *ca_dir) {
    char err[256];
    if (ca_file || ca_dir) {
        if (SSL_CTX_load_verify_locations(c->ctx, ca_file, ca_dir) != 1)
            return hfhub__fail(HFHUB_ERR_TLS, "cannot load CA certificates from %s: %s",
                               ca_file ? ca_file : ca_dir, hfhub__ossl_err(err, sizeof err));
    } else if (SSL_CTX_set_default_verify_paths(c->ctx) != 1) {
        return hfhub__fail(HFHUB_ERR_TLS, "cannot load the system CA certificates: %s",
                           hfhub__ossl_err(err, sizeof err));
    }
    return HFHUB_OK;
}

hfhub_result hfhub__tls_ctx_new(const char *ca_file, const char *ca_dir, int insecure, const hfhub_allocator *a,
                                hfhub__tls_ctx **out) {
    hfhub__tls_ctx *c;
    hfhub_result r = HFHUB_OK;
    *out = NULL;
    if (!OPENSSL_init_ssl(0, NULL)) return hfhub__fail(HFHUB_ERR_TLS, "OpenSSL failed to initialise");
    c = (hfhub__tls_ctx *)hfhub__alloc(a, sizeof *c);
    if (!c) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    memset(c, 0, sizeof *c);
    c->a = a;
    c->insecure = insecure;
    ERR_clear_error();
    c->ctx = SSL_CTX_new(TLS_client_method());
    /* No BIO_get_new_index(): its counter is process-wide and would run out of type bits
     * in a program making many transports; nothing looks our BIOs up by type. */
    c->bio = BIO_meth_new(BIO_TYPE_SOURCE_SINK, "hfhub socket");
    if (!c->ctx || !c->bio || !BIO_meth_set_write(c->bio, hfhub__ossl_bio_write) ||
        !BIO_meth_set_read(c->bio, hfhub__ossl_bio_read) || !BIO_meth_set_ctrl(c->bio, hfhub__ossl_bio_ctrl) ||
        !BIO_meth_set_create(c->bio, hfhub__ossl_bio_create)) {
        r = hfhub__fail(HFHUB_ERR_NOMEM, "OpenSSL: cannot create a TLS context");
    } else {
        SSL_CTX_set_min_proto_version(c->ctx, TLS1_2_VERSION);
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
        /* A close without close_notify is an ordinary end of stream: the HTTP framing tells
         * whether the body was complete. */
        SSL_CTX_set_options(c->ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
#endif
        SSL_CTX_set_verify(c->ctx, insecure ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, NULL);
        if (!insecure) r = hfhub__ossl_load_cas(c, ca_file, ca_dir);
    }
    if (r != HFHUB_OK) {
        hfhub__tls_ctx_free(c);
        return r;
    }
    *out = c;
    return HFHUB_OK;
}

static int hfhub__ossl_is_ip(const char *host) {
    return strchr(host, ':') != NULL || strspn(host, "0123456789.") == strlen(host);
}

/* Waits for what OpenSSL asked for; anything else is a failure described by `what`. */
static hfhub_result hfhub__ossl_retry(hfhub__tls *t, int rc, const hfhub__net_timer *tm, const char *what) {
    char err[256], prev[512];
    int e = SSL_get_error(t->ssl, rc);
    if (e == SSL_ERROR_WANT_READ) return hfhub__net_wait(t->fd, 0, tm);
    if (e == SSL_ERROR_WANT_WRITE) return hfhub__net_wait(t->fd, 1, tm);
    if (t->sock_err) {
        snprintf(prev, sizeof prev, "%.400s", hfhub_last_error()->message);
        return hfhub__fail(HFHUB_ERR_NETWORK, "%s: %s", what, prev);
    }
    return hfhub__fail(HFHUB_ERR_TLS, "%s: %s", what, hfhub__ossl_err(err, sizeof err));
}

hfhub_result hfhub__tls_connect(hfhub__tls_ctx *c, hfhub__sock s, const char *host, const hfhub__net_timer *tm,
                                hfhub__tls **out) {
    hfhub__tls *t;
    BIO *bio;
    hfhub_result r = HFHUB_OK;
    *out = NULL;
    t = (hfhub__tls *)hfhub__alloc(c->a, sizeof *t);
    if (!t) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    memset(t, 0, sizeof *t);
    t->a = c->a;
    t->fd = s;
    ERR_clear_error();
    t->ssl = SSL_new(c->ctx);
    bio = t->ssl ? BIO_new(c->bio) : NULL;
    if (!bio) {
        if (t->ssl) SSL_free(t->ssl);
        hfhub__free(c->a, t, sizeof *t);
        return hfhub__fail(HFHUB_ERR_NOMEM, "OpenSSL: cannot create a TLS connection");
    }
    BIO_set_data(bio, t);
    SSL_set_bio(t->ssl, bio, bio);
    if (!hfhub__ossl_is_ip(host)) SSL_set_tlsext_host_name(t->ssl, host);
    if (!c->insecure) {
        X509_VERIFY_PARAM *pm = SSL_get0_param(t->ssl);
        X509_VERIFY_PARAM_set_hostflags(pm, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        if (!(hfhub__ossl_is_ip(host) ? X509_VERIFY_PARAM_set1_ip_asc(pm, host) : X509_VERIFY_PARAM_set1_host(pm, host, 0)))
            r = hfhub__fail(HFHUB_ERR_TLS, "cannot verify host name \"%.100s\"", host);
    }
    while (r == HFHUB_OK) {
        int rc;
        ERR_clear_error();
        rc = SSL_connect(t->ssl);
        if (rc == 1) break;
        if (!c->insecure && SSL_get_verify_result(t->ssl) != X509_V_OK) {
            r = hfhub__fail(HFHUB_ERR_TLS, "certificate verify failed: %s (connecting to %s)",
                            X509_verify_cert_error_string(SSL_get_verify_result(t->ssl)), host);
            break;
        }
        r = hfhub__ossl_retry(t, rc, tm, "TLS handshake failed");
    }
    if (r != HFHUB_OK) {
        hfhub__tls_free(t);
        return r;
    }
    *out = t;
    return HFHUB_OK;
}

hfhub_result hfhub__tls_read(hfhub__tls *t, void *buf, size_t cap, size_t *n, const hfhub__net_timer *tm) {
    size_t got = 0;
    *n = 0;
    if (t->failed != HFHUB_OK) return t->failed;
    while (got < cap) {
        int rc, e;
        hfhub_result r;
        ERR_clear_error();
        rc = SSL_read(t->ssl, (char *)buf + got, cap - got > INT_MAX ? INT_MAX : (int)(cap - got));
        if (rc > 0) {
            got += (size_t)rc;
            continue;
        }
        e = SSL_get_error(t->ssl, rc);
        if (e == SSL_ERROR_ZERO_RETURN || (e == SSL_ERROR_SYSCALL && !t->sock_err && !ERR_peek_error()))
            break; /* closed */
        if (got && (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)) break;
        r = hfhub__ossl_retry(t, rc, tm, "TLS read failed");
        if (r != HFHUB_OK && got) { /* hand over the data first */
            t->failed = r;
            break;
        }
        if (r != HFHUB_OK) return r;
    }
    *n = got;
    return HFHUB_OK;
}

hfhub_result hfhub__tls_write(hfhub__tls *t, const void *buf, size_t len, const hfhub__net_timer *tm) {
    const char *p = (const char *)buf;
    while (len) {
        int rc;
        hfhub_result r;
        ERR_clear_error();
        rc = SSL_write(t->ssl, p, len > INT_MAX ? INT_MAX : (int)len);
        if (rc > 0) {
            p += rc;
            len -= (size_t)rc;
            continue;
        }
        if ((r = hfhub__ossl_retry(t, rc, tm, "TLS write failed")) != HFHUB_OK) return r;
    }
    return HFHUB_OK;
}

void hfhub__tls_free(hfhub__tls *t) {
    if (!t) return;
    SSL_free(t->ssl);
    hfhub__free(t->a, t, sizeof *t);
}
#endif
