/* thread_int.h: mutexes, once, threads, atomics-free counters (library-internal).
 * With HFHUB_NO_THREADS every lock is a no-op and hfhub__thread_start runs the function
 * to completion on the calling thread, so callers need no second code path. */

#if defined(HFHUB_NO_THREADS)
typedef struct hfhub__mutex { int unused; } hfhub__mutex;
typedef struct hfhub__cond { int unused; } hfhub__cond;
typedef struct hfhub__thread { int unused; } hfhub__thread;
#elif defined(HFHUB__WIN32)
typedef struct hfhub__mutex { void *srw; } hfhub__mutex;       /* SRWLOCK */
typedef struct hfhub__cond { void *cv; } hfhub__cond;          /* CONDITION_VARIABLE */
typedef struct hfhub__thread { void *handle; } hfhub__thread;
#else
typedef struct hfhub__mutex { pthread_mutex_t m; } hfhub__mutex;
typedef struct hfhub__cond { pthread_cond_t c; } hfhub__cond;
typedef struct hfhub__thread { pthread_t t; } hfhub__thread;
#endif

HFHUB__API int hfhub__mutex_init(hfhub__mutex *m);   /* 0 ok */
HFHUB__API void hfhub__mutex_lock(hfhub__mutex *m);
HFHUB__API void hfhub__mutex_unlock(hfhub__mutex *m);
HFHUB__API void hfhub__mutex_destroy(hfhub__mutex *m);
HFHUB__API int hfhub__cond_init(hfhub__cond *c);     /* 0 ok */
HFHUB__API void hfhub__cond_wait(hfhub__cond *c, hfhub__mutex *m);
HFHUB__API void hfhub__cond_signal(hfhub__cond *c);
HFHUB__API void hfhub__cond_broadcast(hfhub__cond *c);
HFHUB__API void hfhub__cond_destroy(hfhub__cond *c);
/* Starts fn(arg) on a new thread (0 ok). Under HFHUB_NO_THREADS runs it now. */
HFHUB__API int hfhub__thread_start(hfhub__thread *t, void (*fn)(void *), void *arg);
HFHUB__API void hfhub__thread_join(hfhub__thread *t);
