#include "czlib.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int czlib_gzip(const uint8_t *input, size_t input_length, int level, uint8_t **output, size_t *output_length) {
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    // windowBits 15 + 16 asks for a gzip wrapper; memLevel 8 and the default
    // strategy are zlib's defaults, fixed here so the bytes do not drift.
    if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return CZLIB_NO_MEMORY;
    gz_header header;
    memset(&header, 0, sizeof header);
    header.time = 0;  // MTIME 0: no time stamp
    header.os = 255;  // unknown: the same byte on every platform
    if (deflateSetHeader(&stream, &header) != Z_OK) {
        deflateEnd(&stream);
        return CZLIB_INTERNAL;
    }
    uLong bound = deflateBound(&stream, (uLong)input_length) + 64;
    uint8_t *buffer = malloc(bound);
    if (buffer == NULL) {
        deflateEnd(&stream);
        return CZLIB_NO_MEMORY;
    }
    stream.next_in = (Bytef *)input;
    stream.avail_in = (uInt)input_length;
    stream.next_out = buffer;
    stream.avail_out = (uInt)bound;
    int status = deflate(&stream, Z_FINISH);
    if (status != Z_STREAM_END) {
        free(buffer);
        deflateEnd(&stream);
        return CZLIB_INTERNAL;
    }
    *output_length = stream.total_out;
    *output = buffer;
    deflateEnd(&stream);
    return CZLIB_OK;
}

int czlib_gunzip(const uint8_t *input, size_t input_length, size_t limit, uint8_t **output, size_t *output_length,
                 const char **message, int gzip) {
    *message = NULL;
    if (input_length == 0) return CZLIB_EMPTY;
    if (gzip && (input_length < 2 || input[0] != 0x1f || input[1] != 0x8b)) return CZLIB_NOT_GZIP;
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    // 15 + 16: gzip only; 15: zlib only. Anything else is refused.
    if (inflateInit2(&stream, gzip ? 15 + 16 : 15) != Z_OK) return CZLIB_NO_MEMORY;
    size_t capacity = input_length * 4 + 1024;
    if (capacity > limit + 1) capacity = limit + 1;
    uint8_t *buffer = malloc(capacity);
    if (buffer == NULL) {
        inflateEnd(&stream);
        return CZLIB_NO_MEMORY;
    }
    stream.next_in = (Bytef *)input;
    stream.avail_in = (uInt)input_length;
    int result = CZLIB_INTERNAL;
    for (;;) {
        if (stream.total_out >= capacity) {
            if (capacity > limit) {
                result = CZLIB_TOO_LARGE;
                break;
            }
            size_t grown = capacity * 2;
            if (grown > limit + 1) grown = limit + 1;
            uint8_t *bigger = realloc(buffer, grown);
            if (bigger == NULL) {
                result = CZLIB_NO_MEMORY;
                break;
            }
            buffer = bigger;
            capacity = grown;
        }
        stream.next_out = buffer + stream.total_out;
        stream.avail_out = (uInt)(capacity - stream.total_out);
        int status = inflate(&stream, Z_NO_FLUSH);
        if (status == Z_STREAM_END) {
            if (stream.total_out > limit) {
                result = CZLIB_TOO_LARGE;
            } else if (stream.avail_in != 0) {
                result = CZLIB_TRAILING_DATA;
            } else {
                result = CZLIB_OK;
            }
            break;
        }
        if (status == Z_OK) continue;
        if (status == Z_BUF_ERROR) {
            // No progress possible: either the output is full (grow and go
            // on) or the input ran out before the end of the stream.
            if (stream.avail_out == 0) continue;
            result = CZLIB_TRUNCATED;
            break;
        }
        if (status == Z_DATA_ERROR) {
            *message = stream.msg;
            result = CZLIB_CORRUPT;
            break;
        }
        if (status == Z_MEM_ERROR) {
            result = CZLIB_NO_MEMORY;
            break;
        }
        result = CZLIB_INTERNAL;
        break;
    }
    if (result == CZLIB_OK) {
        *output = buffer;
        *output_length = stream.total_out;
    } else {
        free(buffer);
    }
    inflateEnd(&stream);
    return result;
}

void czlib_free(void *pointer) { free(pointer); }
