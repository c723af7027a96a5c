#ifndef CDATASETS_H
#define CDATASETS_H

#include <stddef.h>
#include <stdint.h>

/// SHA-256 (FIPS 180-4) of `length` bytes at `input`, written as 32 bytes to `digest`.
void cdatasets_sha256(const uint8_t *input, size_t length, uint8_t digest[32]);

/// An incremental SHA-256, for data that arrives in pieces (a download).
typedef struct {
    uint32_t state[8];
    uint64_t length;
    uint8_t buffer[64];
    size_t buffered;
    /// Non-zero to use the CPU's SHA instructions (set by init when the CPU has them).
    int accelerated;
} cdatasets_sha256_context;

void cdatasets_sha256_init(cdatasets_sha256_context *context);
void cdatasets_sha256_update(cdatasets_sha256_context *context, const uint8_t *input, size_t length);
void cdatasets_sha256_final(cdatasets_sha256_context *context, uint8_t digest[32]);



/// Receives a download's bytes as they arrive; returns 0 to go on, anything else to stop.
typedef int (*cdatasets_http_sink)(void *context, const uint8_t *bytes, size_t count);

/// GETs `url` (http or https, following redirects) through libcurl, loaded on
/// first use. Only a 200 response's body reaches `sink`. `status` gets the
/// final HTTP status (0 if none came). Returns 0 when the transfer ended (or
/// `sink` or a status other than 200 stopped it), -1 on a transport failure,
/// with its text in `error`. A connection silent, or under 1 KiB a second,
/// for `timeout` seconds fails, and so does a transfer past `total` seconds.
int cdatasets_http_get(const char *url, double timeout, double total, cdatasets_http_sink sink, void *context, long *status,
                       char *error, size_t error_size);

#endif
