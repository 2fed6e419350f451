/* time_int.h: clocks and sleeping (library-internal). */

/* Milliseconds from a monotonic clock (arbitrary origin). */
HFHUB__API int64_t hfhub__monotonic_ms(void);
/* Seconds since the Unix epoch (wall clock). */
HFHUB__API int64_t hfhub__unix_time(void);
HFHUB__API void hfhub__sleep_ms(int64_t ms);
