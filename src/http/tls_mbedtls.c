/* tls_mbedtls.c: TLS connections through mbedTLS (2.28 LTS or 3.x). The socket is driven
 * through our own send/receive callbacks, so it stays non-blocking with our timeouts. */
#if !defined(HFHUB_NO_SOCKETS) && defined(HFHUB_TLS_MBEDTLS)
#include <stdio.h>
#include <string.h>
#include <mbedtls/version.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#if MBEDTLS_VERSION_NUMBER >= 0x03000000 && defined(MBEDTLS_PSA_CRYPTO_C)
#include <psa/crypto.h>
#endif

struct hfhub__tls_ctx {
    const hfhub_allocator *a;
    mbedtls_ssl_config conf;
    mbedtls_x509_crt ca;
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    hfhub__mutex rng_mu; /* the DRBG is shared by all connections */
};

struct hfhub__tls {
    const hfhub_allocator *a;
    mbedtls_ssl_context ssl;
    hfhub__sock fd;
    int sock_err;        /* the socket failed (the error is recorded) */
    hfhub_result failed; /* an error met after data was returned, reported on the next read */
};

const char *hfhub__tls_version(void) { return "mbedTLS " MBEDTLS_VERSION_STRING; }

static int hfhub__mbed_rng(void *p, unsigned char *out, size_t n) {
    hfhub__tls_ctx *c = (hfhub__tls_ctx *)p;
    int rc;
    hfhub__mutex_lock(&c->rng_mu);
    rc = mbedtls_ctr_drbg_random(&c->drbg, out, n);
    hfhub__mutex_unlock(&c->rng_mu);
    return rc;
}

static int hfhub__mbed_send(void *p, const unsigned char *data, size_t len) {
    hfhub__tls *t = (hfhub__tls *)p;
    size_t n = 0;
    int k = hfhub__net_try_send(t->fd, data, len, &n);
    if (k > 0) return (int)n;
    if (k == 0) return MBEDTLS_ERR_SSL_WANT_WRITE;
    t->sock_err = 1;
    return MBEDTLS_ERR_NET_SEND_FAILED;
}

static int hfhub__mbed_recv(void *p, unsigned char *buf, size_t cap) {
    hfhub__tls *t = (hfhub__tls *)p;
    size_t n = 0;
    int k = hfhub__net_try_recv(t->fd, buf, cap, &n);
    if (k > 0) return (int)n;
    if (k == 0) return MBEDTLS_ERR_SSL_WANT_READ;
    t->sock_err = 1;
    return MBEDTLS_ERR_NET_RECV_FAILED;
}

static const char *hfhub__mbed_err(int rc, char *buf, size_t cap) {
#ifdef MBEDTLS_ERROR_C
    mbedtls_strerror(rc, buf, cap);
#else
    snprintf(buf, cap, "mbedTLS error -0x%04x", (unsigned)-rc);
#endif
    return buf;
}

void hfhub__tls_ctx_free(hfhub__tls_ctx *c) {
    if (!c) return;
    mbedtls_ssl_config_free(&c->conf);
    mbedtls_x509_crt_free(&c->ca);
    mbedtls_ctr_drbg_free(&c->drbg);
    mbedtls_entropy_free(&c->entropy);
    hfhub__mutex_destroy(&c->rng_mu);
    hfhub__free(c->a, c, sizeof *c);
}

/* CA bundles of the common systems, for when none is configured (mbedTLS has no default). */
static const char *const hfhub__mbed_ca_files[] = {
    "/etc/ssl/certs/ca-certificates.crt",               /* Debian, Ubuntu, Arch, Alpine */
    "/etc/pki/tls/certs/ca-bundle.crt",                 /* Fedora, RHEL */
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/ssl/ca-bundle.pem",                           /* openSUSE */
    "/etc/ssl/cert.pem",                                /* macOS, BSDs */
};

/* mbedTLS returns > 0 when some certificates of a bundle could not be parsed: that is fine
 * as long as others were. */
static hfhub_result hfhub__mbed_load_cas(hfhub__tls_ctx *c, const char *ca_file, const char *ca_dir) {
    char err[160];
    int rc;
    size_t i;
    if (ca_file && (rc = mbedtls_x509_crt_parse_file(&c->ca, ca_file)) < 0)
        return hfhub__fail(HFHUB_ERR_TLS, "cannot load CA certificates from %s: %s", ca_file,
                           hfhub__mbed_err(rc, err, sizeof err));
    if (ca_dir && (rc = mbedtls_x509_crt_parse_path(&c->ca, ca_dir)) < 0)
        return hfhub__fail(HFHUB_ERR_TLS, "cannot load CA certificates from %s: %s", ca_dir,
                           hfhub__mbed_err(rc, err, sizeof err));
    for (i = 0; !ca_file && !ca_dir && i < sizeof hfhub__mbed_ca_files / sizeof hfhub__mbed_ca_files[0]; i++)
        if (mbedtls_x509_crt_parse_file(&c->ca, hfhub__mbed_ca_files[i]) >= 0 && c->ca.version) break;
    if (!c->ca.version)
        return hfhub__fail(HFHUB_ERR_TLS, "no CA certificates found: set HF_HUB_CA_BUNDLE or SSL_CERT_FILE "
                                          "to a PEM bundle");
    mbedtls_ssl_conf_ca_chain(&c->conf, &c->ca, NULL);
    return HFHUB_OK;
}

hfhub_result hfhub__tls_ctx_new(const char *ca_file, const char *ca_dir, int insecure, const hfhub_allocator *a,
                                hfhub__tls_ctx **out) {
    hfhub__tls_ctx *c;
    char err[160];
    int rc;
    hfhub_result r = HFHUB_OK;
    *out = NULL;
    c = (hfhub__tls_ctx *)hfhub__alloc(a, sizeof *c);
    if (!c) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    memset(c, 0, sizeof *c);
    c->a = a;
    hfhub__mutex_init(&c->rng_mu);
    mbedtls_ssl_config_init(&c->conf);
    mbedtls_x509_crt_init(&c->ca);
    mbedtls_entropy_init(&c->entropy);
    mbedtls_ctr_drbg_init(&c->drbg);
#if MBEDTLS_VERSION_NUMBER >= 0x03000000 && defined(MBEDTLS_PSA_CRYPTO_C)
    if (psa_crypto_init() != PSA_SUCCESS) r = hfhub__fail(HFHUB_ERR_TLS, "mbedTLS: PSA crypto failed to initialise");
#endif
    if (r == HFHUB_OK &&
        ((rc = mbedtls_ctr_drbg_seed(&c->drbg, mbedtls_entropy_func, &c->entropy, (const unsigned char *)"hfhub", 5)) ||
         (rc = mbedtls_ssl_config_defaults(&c->conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                           MBEDTLS_SSL_PRESET_DEFAULT))))
        r = hfhub__fail(HFHUB_ERR_TLS, "mbedTLS: cannot set up TLS: %s", hfhub__mbed_err(rc, err, sizeof err));
    if (r == HFHUB_OK) {
#if MBEDTLS_VERSION_NUMBER < 0x03000000
        mbedtls_ssl_conf_min_version(&c->conf, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
#endif
        mbedtls_ssl_conf_rng(&c->conf, hfhub__mbed_rng, c);
        mbedtls_ssl_conf_authmode(&c->conf, insecure ? MBEDTLS_SSL_VERIFY_NONE : MBEDTLS_SSL_VERIFY_REQUIRED);
        if (!insecure) r = hfhub__mbed_load_cas(c, ca_file, ca_dir);
    }
    if (r != HFHUB_OK) {
        hfhub__tls_ctx_free(c);
        return r;
    }
    *out = c;
    return HFHUB_OK;
}

/* Waits for what mbedTLS asked for; anything else is a failure described by `what`. */
static hfhub_result hfhub__mbed_retry(hfhub__tls *t, int rc, const hfhub__net_timer *tm, const char *what) {
    char err[160], prev[512];
    if (rc == MBEDTLS_ERR_SSL_WANT_READ) return hfhub__net_wait(t->fd, 0, tm);
    if (rc == MBEDTLS_ERR_SSL_WANT_WRITE) return hfhub__net_wait(t->fd, 1, tm);
#ifdef MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET
    if (rc == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET) return HFHUB_OK;
#endif
    if (t->sock_err) {
        snprintf(prev, sizeof prev, "%.400s", hfhub_last_error()->message);
        return hfhub__fail(HFHUB_ERR_NETWORK, "%s: %s", what, prev);
    }
    return hfhub__fail(HFHUB_ERR_TLS, "%s: %s", what, hfhub__mbed_err(rc, err, sizeof err));
}

/* "certificate verify failed: <reasons>" from mbedTLS's multi-line report. */
static hfhub_result hfhub__mbed_verify_failed(uint32_t flags, const char *host) {
    char info[512];
    char *p;
    int n = mbedtls_x509_crt_verify_info(info, sizeof info, "", flags);
    if (n <= 0) snprintf(info, sizeof info, "flags 0x%x", (unsigned)flags);
    while (n > 0 && info[n - 1] == '\n') info[--n] = 0;
    for (p = info; (p = strchr(p, '\n')) != NULL;) *p = ';';
    return hfhub__fail(HFHUB_ERR_TLS, "certificate verify failed: %s (connecting to %s)", info, host);
}

hfhub_result hfhub__tls_connect(hfhub__tls_ctx *c, hfhub__sock s, const char *host, const hfhub__net_timer *tm,
                                hfhub__tls **out) {
    hfhub__tls *t;
    char err[160];
    int rc;
    hfhub_result r = HFHUB_OK;
    *out = NULL;
    t = (hfhub__tls *)hfhub__alloc(c->a, sizeof *t);
    if (!t) return hfhub__fail(HFHUB_ERR_NOMEM, "out of memory");
    memset(t, 0, sizeof *t);
    t->a = c->a;
    t->fd = s;
    mbedtls_ssl_init(&t->ssl);
    if ((rc = mbedtls_ssl_setup(&t->ssl, &c->conf)) || (rc = mbedtls_ssl_set_hostname(&t->ssl, host)))
        r = hfhub__fail(HFHUB_ERR_TLS, "mbedTLS: cannot set up the connection: %s", hfhub__mbed_err(rc, err, sizeof err));
    mbedtls_ssl_set_bio(&t->ssl, t, hfhub__mbed_send, hfhub__mbed_recv, NULL);
    while (r == HFHUB_OK && (rc = mbedtls_ssl_handshake(&t->ssl)) != 0) {
        uint32_t flags = mbedtls_ssl_get_verify_result(&t->ssl);
        if (rc == MBEDTLS_ERR_X509_CERT_VERIFY_FAILED && flags && flags != (uint32_t)-1)
            r = hfhub__mbed_verify_failed(flags, host);
        else
            r = hfhub__mbed_retry(t, rc, tm, "TLS handshake failed");
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
        int rc = mbedtls_ssl_read(&t->ssl, (unsigned char *)buf + got, cap - got);
        hfhub_result r;
        if (rc > 0) {
            got += (size_t)rc;
            continue;
        }
        if (rc == 0 || rc == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || rc == MBEDTLS_ERR_SSL_CONN_EOF) break;
        if (got && (rc == MBEDTLS_ERR_SSL_WANT_READ || rc == MBEDTLS_ERR_SSL_WANT_WRITE)) break;
        r = hfhub__mbed_retry(t, rc, tm, "TLS read failed");
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
    const unsigned char *p = (const unsigned char *)buf;
    while (len) {
        int rc = mbedtls_ssl_write(&t->ssl, p, len);
        hfhub_result r;
        if (rc > 0) {
            p += rc;
            len -= (size_t)rc;
            continue;
        }
        if ((r = hfhub__mbed_retry(t, rc, tm, "TLS write failed")) != HFHUB_OK) return r;
    }
    return HFHUB_OK;
}

void hfhub__tls_free(hfhub__tls *t) {
    if (!t) return;
    mbedtls_ssl_free(&t->ssl);
    hfhub__free(t->a, t, sizeof *t);
}
#endif
