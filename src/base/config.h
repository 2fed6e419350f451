/* config.h: version, feature switches, linkage and the system headers every module needs. */

/* The implementation uses POSIX.1-2008 (clock_gettime, getaddrinfo, flock...). These take
 * effect when this header is the first include of the implementation file. */
#if defined(HFHUB_IMPLEMENTATION) && !defined(_WIN32)
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif
#ifndef _DARWIN_C_SOURCE
#define _DARWIN_C_SOURCE 1
#endif
#endif

#define HFHUB_VERSION_MAJOR 0
#define HFHUB_VERSION_MINOR 1
#define HFHUB_VERSION_PATCH 0
#define HFHUB_VERSION_STRING "0.1.0"

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

/* Linkage: extern by default; HFHUB_STATIC makes the whole library static to one file, so
 * two copies can live in one program. HFHUB__API does the same for internal declarations.
 * Definitions carry no storage class: they inherit the linkage of their declaration. */
#if defined(__GNUC__) || defined(__clang__)
#define HFHUB__UNUSED __attribute__((unused))
#else
#define HFHUB__UNUSED
#endif
#ifndef HFHUB_API
#ifdef HFHUB_STATIC
#define HFHUB_API static HFHUB__UNUSED
#else
#define HFHUB_API extern
#endif
#endif
#ifdef HFHUB_STATIC
#define HFHUB__API static HFHUB__UNUSED
#else
#define HFHUB__API extern
#endif

/* Thread-local storage for the per-thread error detail. */
#if defined(HFHUB_NO_THREADS)
#define HFHUB__TLS
#elif defined(__cplusplus) && __cplusplus >= 201103L
#define HFHUB__TLS thread_local
#elif defined(_MSC_VER)
#define HFHUB__TLS __declspec(thread)
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && !defined(__STDC_NO_THREADS__)
#define HFHUB__TLS _Thread_local
#else
#define HFHUB__TLS __thread
#endif

/* Allocator macros: all three or none. */
#if defined(HFHUB_MALLOC) && defined(HFHUB_REALLOC) && defined(HFHUB_FREE)
/* user supplied */
#elif !defined(HFHUB_MALLOC) && !defined(HFHUB_REALLOC) && !defined(HFHUB_FREE)
#include <stdlib.h>
#define HFHUB_MALLOC(sz) malloc(sz)
#define HFHUB_REALLOC(p, sz) realloc(p, sz)
#define HFHUB_FREE(p) free(p)
#else
#error "hfhub: define all of HFHUB_MALLOC, HFHUB_REALLOC and HFHUB_FREE, or none"
#endif

/* Feature switches. Transports: sockets (default) with TLS from OpenSSL or mbedTLS, or libcurl. */
#if defined(HFHUB_TLS_OPENSSL) && defined(HFHUB_TLS_MBEDTLS)
#error "hfhub: choose one of HFHUB_TLS_OPENSSL and HFHUB_TLS_MBEDTLS"
#endif
#if defined(HFHUB_NO_TLS) && (defined(HFHUB_TLS_OPENSSL) || defined(HFHUB_TLS_MBEDTLS))
#error "hfhub: HFHUB_NO_TLS contradicts HFHUB_TLS_OPENSSL / HFHUB_TLS_MBEDTLS"
#endif
#if defined(HFHUB_NO_SOCKETS) && (defined(HFHUB_TLS_OPENSSL) || defined(HFHUB_TLS_MBEDTLS))
#error "hfhub: TLS needs the socket transport; HFHUB_NO_SOCKETS turns it off"
#endif
#if defined(HFHUB_NO_SOCKETS) && defined(HFHUB_USE_CURL)
#error "hfhub: HFHUB_USE_CURL and HFHUB_NO_SOCKETS together leave nothing to build; drop one"
#endif

#if defined(_WIN32)
#define HFHUB__WIN32 1
#endif
#if !defined(HFHUB_NO_THREADS) && !defined(HFHUB__WIN32)
#include <pthread.h>
#endif

#ifdef __cplusplus
#define HFHUB__C_BEGIN extern "C" {
#define HFHUB__C_END }
#else
#define HFHUB__C_BEGIN
#define HFHUB__C_END
#endif
