/* log_int.h: emitting log messages (library-internal). */

typedef struct hfhub__logger {
    hfhub_log_fn fn;   /* NULL: silent */
    void *user;
    int level;         /* messages above this level are dropped; 0 means HFHUB_LOG_INFO */
} hfhub__logger;

HFHUB__API void hfhub__log(const hfhub__logger *lg, int level, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
