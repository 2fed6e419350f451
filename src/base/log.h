/* log.h: the log callback. The library is silent unless a callback is set. */

typedef enum hfhub_log_level {
    HFHUB_LOG_ERROR = 1,
    HFHUB_LOG_WARN = 2,
    HFHUB_LOG_INFO = 3,
    HFHUB_LOG_DEBUG = 4
} hfhub_log_level;

/* Receives one message without a trailing newline. Tokens never appear in messages. */
typedef void (*hfhub_log_fn)(void *user, int level, const char *msg);
