#ifndef CHTTP_H
#define CHTTP_H

#include <stddef.h>
#include <stdint.h>

/// Receives a download's bytes as they arrive; returns 0 to go on, anything else to stop.
typedef int (*chttp_http_sink)(void *context, const uint8_t *bytes, size_t count);

/// GETs `url` (http or https, following redirects) through libcurl, loaded on
/// first use. Only a 200 response's body reaches `sink`. `status` gets the
/// final HTTP status (0 if none came). Returns 0 when the transfer ended (or
/// `sink` or a status other than 200 stopped it), -1 on a transport failure,
/// with its text in `error`. A connection silent, or under 1 KiB a second,
/// for `timeout` seconds fails, and so does a transfer past `total` seconds.
int chttp_http_get(const char *url, double timeout, double total, chttp_http_sink sink, void *context, long *status,
                       char *error, size_t error_size);

#endif
