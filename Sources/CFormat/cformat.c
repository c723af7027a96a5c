#include "cformat.h"

#include <stdio.h>

int cformat_double(char *buffer, size_t size, const char *format, double x) {
    return snprintf(buffer, size, format, x);
}
