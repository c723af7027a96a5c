#define _GNU_SOURCE
#include "cdoubletext.h"

#include <locale.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __APPLE__
#include <xlocale.h>
#endif

int cdoubletext_format(char *buffer, size_t size, const char *format, double x) {
    return snprintf(buffer, size, format, x);
}

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void) { c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0); }

/// Clinger's fast path: a decimal m · 10^e with m <= 2^53 and |e| <= 22 is
/// one multiplication or division of two doubles that hold m and 10^|e|
/// exactly, and IEEE arithmetic rounds that one operation correctly, as
/// strtod rounds the decimal. Returns 0 when the number is outside it.
static int fast_path(const char *bytes, size_t length, double *value) {
    static const double powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    size_t i = 0;
    int negative = i < length && bytes[i] == '-';
    if (negative) i++;
    uint64_t m = 0;
    int significant = 0, exponent = 0, point = 0;
    for (; i < length; i++) {
        char c = bytes[i];
        if (c == '.') {
            point = 1;
            continue;
        }
        if (c < '0' || c > '9') break;
        if (point) exponent--;
        if (m == 0 && c == '0') continue;  // a leading zero adds no digit
        if (++significant > 19) return 0;
        m = m * 10 + (uint64_t)(c - '0');
    }
    if (i < length) {  // 'e' or 'E', a sign, digits
        i++;
        int minus = i < length && bytes[i] == '-';
        if (i < length && (bytes[i] == '-' || bytes[i] == '+')) i++;
        int e = 0;
        for (; i < length; i++) {
            if (e > 10000) return 0;
            e = e * 10 + (bytes[i] - '0');
        }
        exponent += minus ? -e : e;
    }
    if (m > (1ULL << 53) || exponent < -22 || exponent > 22) return 0;
    double x = exponent < 0 ? (double)m / powers[-exponent] : (double)m * powers[exponent];
    *value = negative ? -x : x;
    return 1;
}

double cdoubletext_parse(const char *bytes, size_t length, int *ok) {
    double fast;
    if (fast_path(bytes, length, &fast)) {
        *ok = 1;
        return fast;
    }
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
