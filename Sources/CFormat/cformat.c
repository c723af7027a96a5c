#define _GNU_SOURCE
#include "cformat.h"

#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __APPLE__
#include <xlocale.h>
#endif

int cformat_double(char *buffer, size_t size, const char *format, double x) {
    return snprintf(buffer, size, format, x);
}

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void) { c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0); }

double cformat_parse_double(const char *bytes, size_t length, int *ok) {
    char buffer[1001];
    if (length >= sizeof buffer) {
        *ok = 0;
        return 0;
    }
    memcpy(buffer, bytes, length);
    buffer[length] = 0;
    pthread_once(&c_locale_once, make_c_locale);
    char *end = buffer;
    double value = c_locale ? strtod_l(buffer, &end, c_locale) : strtod(buffer, &end);
    *ok = end == buffer + length;
    return value;
}
