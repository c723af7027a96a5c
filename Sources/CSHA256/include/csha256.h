#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// SHA-256 (FIPS 180-4) of `length` bytes at `input`, written as 32 bytes to `digest`.
void csha256_sha256(const uint8_t *input, size_t length, uint8_t digest[32]);

/// An incremental SHA-256, for data that arrives in pieces (a download).
typedef struct {
    uint32_t state[8];
    uint64_t length;
    uint8_t buffer[64];
    size_t buffered;
    /// Non-zero to use the CPU's SHA instructions (set by init when the CPU has them).
    int accelerated;
} csha256_sha256_context;

void csha256_sha256_init(csha256_sha256_context *context);
void csha256_sha256_update(csha256_sha256_context *context, const uint8_t *input, size_t length);
void csha256_sha256_final(csha256_sha256_context *context, uint8_t digest[32]);

#endif
