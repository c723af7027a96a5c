/* pixels.c -- the book's pixel normalisation as NumPy computes it: each byte
 * to float32, divided by 255 in float32 (`x.astype(np.float32) / 255.0`),
 * then widened exactly to float64 (as np.dot widens a float32 operand).
 * One correctly rounded division each, so the AVX2 loop (eight at a time)
 * and the portable one give the same values.
 */

#include "numpy_kernels.h"
#pragma STDC FP_CONTRACT OFF
#include <stdint.h>
#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2"))) static long widen_avx2(const uint8_t *bytes, long count, double *out) {
    const __m256 scale = _mm256_set1_ps(255.0f);
    long k = 0;
    for (; k + 8 <= count; k += 8) {
        __m128i eight = _mm_loadl_epi64((const __m128i *)(bytes + k));
        __m256 f = _mm256_div_ps(_mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(eight)), scale);
        _mm256_storeu_pd(out + k, _mm256_cvtps_pd(_mm256_castps256_ps128(f)));
        _mm256_storeu_pd(out + k + 4, _mm256_cvtps_pd(_mm256_extractf128_ps(f, 1)));
    }
    return k;
}
#endif

void npk_widen_pixels(const uint8_t *bytes, long count, double *out) {
    long k = 0;
#if defined(__x86_64__)
    if (npk_has_avx2_fma()) k = widen_avx2(bytes, count, out);
#endif
    for (; k < count; k++) out[k] = (double)((float)bytes[k] / 255.0f);
}

void npk_widen_images(const uint8_t *bytes, long size, const long *indices, long count, double *out) {
    // The images lie anywhere in the set: the next two are fetched into the
    // cache while this one is widened, so their bytes are there in time.
    for (long n = 0; n < count && n < 2; n++)
        for (long b = 0; b < size; b += 64) __builtin_prefetch(bytes + indices[n] * size + b);
    for (long n = 0; n < count; n++) {
        if (n + 2 < count)
            for (long b = 0; b < size; b += 64) __builtin_prefetch(bytes + indices[n + 2] * size + b);
        npk_widen_pixels(bytes + indices[n] * size, size, out + n * size);
    }
}
