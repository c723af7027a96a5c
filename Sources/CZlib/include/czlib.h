#ifndef CZLIB_H
#define CZLIB_H

#include <stddef.h>
#include <stdint.h>

/// Results of the two calls below.
enum {
    CZLIB_OK = 0,
    CZLIB_NO_MEMORY = 1,
    CZLIB_NOT_GZIP = 2,      // no gzip magic bytes, or an unknown method/flags
    CZLIB_CORRUPT = 3,       // bad deflate data or a CRC/length mismatch
    CZLIB_TRUNCATED = 4,     // the stream ends before its trailer
    CZLIB_TOO_LARGE = 5,     // decoded size would pass the caller's limit
    CZLIB_TRAILING_DATA = 6, // bytes after the end of the gzip member
    CZLIB_EMPTY = 7,         // no bytes at all
    CZLIB_INTERNAL = 8
};

/// Compresses `input` into a gzip member with fixed header fields (no name,
/// MTIME 0, OS 255) at `level` (1 fastest … 9 smallest; fixtures use 9), so
/// the same input gives the same bytes with the same zlib. On success
/// `*output` is malloc'd; free it with czlib_free.
int czlib_gzip(const uint8_t *input, size_t input_length, int level, uint8_t **output, size_t *output_length);

/// Decompresses exactly one gzip member (`gzip` non-zero) or one zlib
/// stream (`gzip` zero, as inside PNG files), refusing anything that decodes
/// to more than `limit` bytes. On success `*output` is malloc'd. `*message`
/// receives zlib's text for CZLIB_CORRUPT, or NULL.
int czlib_gunzip(const uint8_t *input, size_t input_length, size_t limit, uint8_t **output, size_t *output_length,
                 const char **message, int gzip);

void czlib_free(void *pointer);

#endif
