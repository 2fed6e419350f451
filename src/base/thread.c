/* thread.c: mutexes, condition variables and threads on pthreads, Win32, or none. */
#if defined(HFHUB__WIN32) && !defined(HFHUB_NO_THREADS)
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <process.h>
#endif

#if defined(HFHUB_NO_THREADS)

int hfhub__mutex_init(hfhub__mutex *m) { (void)m; return 0; }
void hfhub__mutex_lock(hfhub__mutex *m) { (void)m; }
void hfhub__mutex_unlock(hfhub__mutex *m) { (void)m; }
void hfhub__mutex_destroy(hfhub__mutex *m) { (void)m; }
int hfhub__cond_init(hfhub__cond *c) { (void)c; return 0; }
void hfhub__cond_wait(hfhub__cond *c, hfhub__mutex *m) { (void)c; (void)m; }
void hfhub__cond_signal(hfhub__cond *c) { (void)c; }
void hfhub__cond_broadcast(hfhub__cond *c) { (void)c; }
void hfhub__cond_destroy(hfhub__cond *c) { (void)c; }
int hfhub__thread_start(hfhub__thread *t, void (*fn)(void *), void *arg) {
    (void)t;
    fn(arg);
    return 0;
}
void hfhub__thread_join(hfhub__thread *t) { (void)t; }

#elif defined(HFHUB__WIN32)

/* SRWLOCK and CONDITION_VARIABLE are one pointer each; zero is their initial state. */
int hfhub__mutex_init(hfhub__mutex *m) { InitializeSRWLock((PSRWLOCK)&m->srw); return 0; }
void hfhub__mutex_lock(hfhub__mutex *m) { AcquireSRWLockExclusive((PSRWLOCK)&m->srw); }
void hfhub__mutex_unlock(hfhub__mutex *m) { ReleaseSRWLockExclusive((PSRWLOCK)&m->srw); }
void hfhub__mutex_destroy(hfhub__mutex *m) { (void)m; }
int hfhub__cond_init(hfhub__cond *c) { InitializeConditionVariable((PCONDITION_VARIABLE)&c->cv); return 0; }
void hfhub__cond_wait(hfhub__cond *c, hfhub__mutex *m) {
    SleepConditionVariableSRW((PCONDITION_VARIABLE)&c->cv, (PSRWLOCK)&m->srw, INFINITE, 0);
}
void hfhub__cond_signal(hfhub__cond *c) { WakeConditionVariable((PCONDITION_VARIABLE)&c->cv); }
void hfhub__cond_broadcast(hfhub__cond *c) { WakeAllConditionVariable((PCONDITION_VARIABLE)&c->cv); }
void hfhub__cond_destroy(hfhub__cond *c) { (void)c; }

typedef struct hfhub__win_start { void (*fn)(void *); void *arg; } hfhub__win_start;
static unsigned __stdcall hfhub__win_thread_main(void *p) {
    hfhub__win_start s = *(hfhub__win_start *)p;
    HFHUB_FREE(p);
    s.fn(s.arg);
    return 0;
}
int hfhub__thread_start(hfhub__thread *t, void (*fn)(void *), void *arg) {
    hfhub__win_start *s = (hfhub__win_start *)HFHUB_MALLOC(sizeof *s);
    if (!s) return -1;
    s->fn = fn;
    s->arg = arg;
    t->handle = (void *)_beginthreadex(NULL, 0, hfhub__win_thread_main, s, 0, NULL);
    if (!t->handle) { HFHUB_FREE(s); return -1; }
    return 0;
}
void hfhub__thread_join(hfhub__thread *t) {
    WaitForSingleObject((HANDLE)t->handle, INFINITE);
    CloseHandle((HANDLE)t->handle);
}

#else

int hfhub__mutex_init(hfhub__mutex *m) { return pthread_mutex_init(&m->m, NULL) ? -1 : 0; }
void hfhub__mutex_lock(hfhub__mutex *m) { pthread_mutex_lock(&m->m); }
void hfhub__mutex_unlock(hfhub__mutex *m) { pthread_mutex_unlock(&m->m); }
void hfhub__mutex_destroy(hfhub__mutex *m) { pthread_mutex_destroy(&m->m); }
int hfhub__cond_init(hfhub__cond *c) { return pthread_cond_init(&c->c, NULL) ? -1 : 0; }
void hfhub__cond_wait(hfhub__cond *c, hfhub__mutex *m) { pthread_cond_wait(&c->c, &m->m); }
void hfhub__cond_signal(hfhub__cond *c) { pthread_cond_signal(&c->c); }
void hfhub__cond_broadcast(hfhub__cond *c) { pthread_cond_broadcast(&c->c); }
void hfhub__cond_destroy(hfhub__cond *c) { pthread_cond_destroy(&c->c); }

typedef struct hfhub__pt_start { void (*fn)(void *); void *arg; } hfhub__pt_start;
static void *hfhub__pt_thread_main(void *p) {
    hfhub__pt_start s = *(hfhub__pt_start *)p;
    HFHUB_FREE(p);
    s.fn(s.arg);
    return NULL;
}
int hfhub__thread_start(hfhub__thread *t, void (*fn)(void *), void *arg) {
    hfhub__pt_start *s = (hfhub__pt_start *)HFHUB_MALLOC(sizeof *s);
    if (!s) return -1;
    s->fn = fn;
    s->arg = arg;
    if (pthread_create(&t->t, NULL, hfhub__pt_thread_main, s)) { HFHUB_FREE(s); return -1; }
    return 0;
}
void hfhub__thread_join(hfhub__thread *t) { pthread_join(t->t, NULL); }

#endif
