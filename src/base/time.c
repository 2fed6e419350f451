/* time.c: clocks and sleeping on POSIX and Win32. Hosts without either (firmware) define
 * HFHUB_NO_CLOCK and supply hfhub__monotonic_ms / hfhub__unix_time / hfhub__sleep_ms. */
#if !defined(HFHUB_NO_CLOCK)
#if defined(HFHUB__WIN32)
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
#include <time.h>

int64_t hfhub__monotonic_ms(void) { return (int64_t)GetTickCount64(); }
int64_t hfhub__unix_time(void) { return (int64_t)time(NULL); }
void hfhub__sleep_ms(int64_t ms) { if (ms > 0) Sleep((DWORD)ms); }

#else
#include <time.h>
#include <errno.h>

int64_t hfhub__monotonic_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
int64_t hfhub__unix_time(void) { return (int64_t)time(NULL); }
void hfhub__sleep_ms(int64_t ms) {
    struct timespec ts;
    if (ms <= 0) return;
    ts.tv_sec = (time_t)(ms / 1000);
    ts.tv_nsec = (long)(ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) && errno == EINTR) {}
}
#endif
#endif
