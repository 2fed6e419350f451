/* log.c: emitting log messages. */
#include <stdio.h>

void hfhub__log(const hfhub__logger *lg, int level, const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    int max;
    if (!lg || !lg->fn) return;
    max = lg->level ? lg->level : HFHUB_LOG_INFO;
    if (level > max) return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    lg->fn(lg->user, level, msg);
}
