/* dot_simd.c -- the fast paths of dot.c: outputs of the blocked kind computed
 * many at a time with AVX-512 (the AVX2 tiles are dot_packed.c's), or single
 * rows and columns with AVX2 and FMA, each lane its own chain in the
 * same order as dot_order.h's, so the same bits as the portable loops.
 */

#include "dot_order.h"

#if defined(__x86_64__)
int npk__has_avx512(void) {
    static int known = -1;
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx512f") && npk_has_avx2_fma() && strcmp(npk__simd_limit(), "avx2") != 0;
    }
    return known;
}

/// R rows × 16 columns (two registers of eight lanes per row), each lane
/// one output's FMA chain over the block; `w` ≤ 16 columns are live
/// (masked lanes compute on zeros and are never stored).
/// R rows × up to 8 columns in one register per row (the last few columns).
static inline __attribute__((always_inline, target("avx512f"))) void tile512_narrow(
    const double *A, long ai, long ak, const double *B, double *C, long N, long i, long j, long k0, long len, int R, int w) {
    __mmask8 m0 = w >= 8 ? 0xFF : (__mmask8)((1u << w) - 1);
    __m512d s[8];
    for (int r = 0; r < R; r++) s[r] = _mm512_setzero_pd();
    for (long k = k0; k < k0 + len; k++) {
        __m512d b0 = _mm512_maskz_loadu_pd(m0, B + k * N + j);
        for (int r = 0; r < R; r++) s[r] = _mm512_fmadd_pd(_mm512_set1_pd(A[(i + r) * ai + k * ak]), b0, s[r]);
    }
    for (int r = 0; r < R; r++) {
        double *c = C + (i + r) * N + j;
        _mm512_mask_storeu_pd(c, m0, _mm512_add_pd(s[r], _mm512_maskz_loadu_pd(m0, c)));
    }
}

static inline __attribute__((always_inline, target("avx512f"))) void tile512(
    const double *A, long ai, long ak, const double *B, double *C, long N, long i, long j, long k0, long len, int R, int w) {
    __mmask8 m0 = w >= 8 ? 0xFF : (__mmask8)((1u << w) - 1);
    __mmask8 m1 = w >= 16 ? 0xFF : (w > 8 ? (__mmask8)((1u << (w - 8)) - 1) : 0);
    __m512d s[8][2];
    for (int r = 0; r < R; r++) s[r][0] = s[r][1] = _mm512_setzero_pd();
    for (long k = k0; k < k0 + len; k++) {
        __m512d b0 = _mm512_maskz_loadu_pd(m0, B + k * N + j);
        __m512d b1 = _mm512_maskz_loadu_pd(m1, B + k * N + j + 8);
        for (int r = 0; r < R; r++) {
            __m512d a = _mm512_set1_pd(A[(i + r) * ai + k * ak]);
            s[r][0] = _mm512_fmadd_pd(a, b0, s[r][0]);
            s[r][1] = _mm512_fmadd_pd(a, b1, s[r][1]);
        }
    }
    for (int r = 0; r < R; r++) {
        double *c = C + (i + r) * N + j;
        _mm512_mask_storeu_pd(c, m0, _mm512_add_pd(s[r][0], _mm512_maskz_loadu_pd(m0, c)));
        _mm512_mask_storeu_pd(c + 8, m1, _mm512_add_pd(s[r][1], _mm512_maskz_loadu_pd(m1, c + 8)));
    }
}

__attribute__((target("avx512f"))) void npk__chains_avx512(
    const double *A, long ai, long ak, const double *B, double *C, long N, long K, long q, long u, long row0, long row1, long col_end) {
    for (long k0 = 0; k0 < K;) {
        long len = block_length(K - k0, q, u);
        for (long i = row0; i < row1; i += 8) {
            long rows = row1 - i < 8 ? row1 - i : 8;
            for (long j = 0; j < col_end; j += 16) {
                int w = (int)(col_end - j < 16 ? col_end - j : 16);
                if (w <= 8) {
                    switch (rows) {
                    case 8: tile512_narrow(A, ai, ak, B, C, N, i, j, k0, len, 8, w); break;
                    case 7: tile512_narrow(A, ai, ak, B, C, N, i, j, k0, len, 7, w); break;
                    case 6: tile512_narrow(A, ai, ak, B, C, N, i, j, k0, len, 6, w); break;
                    case 5: tile512_narrow(A, ai, ak, B, C, N, i, j, k0, len, 5, w); break;
                    case 4: tile512_narrow(A, ai, ak, B, C, N, i, j, k0, len, 4, w); break;
                    case 3: tile512_narrow(A, ai, ak, B, C, N, i, j, k0, len, 3, w); break;
                    case 2: tile512_narrow(A, ai, ak, B, C, N, i, j, k0, len, 2, w); break;
                    default: tile512_narrow(A, ai, ak, B, C, N, i, j, k0, len, 1, w); break;
                    }
                    continue;
                }
                switch (rows) {
                case 8: tile512(A, ai, ak, B, C, N, i, j, k0, len, 8, w); break;
                case 7: tile512(A, ai, ak, B, C, N, i, j, k0, len, 7, w); break;
                case 6: tile512(A, ai, ak, B, C, N, i, j, k0, len, 6, w); break;
                case 5: tile512(A, ai, ak, B, C, N, i, j, k0, len, 5, w); break;
                case 4: tile512(A, ai, ak, B, C, N, i, j, k0, len, 4, w); break;
                case 3: tile512(A, ai, ak, B, C, N, i, j, k0, len, 3, w); break;
                case 2: tile512(A, ai, ak, B, C, N, i, j, k0, len, 2, w); break;
                default: tile512(A, ai, ak, B, C, N, i, j, k0, len, 1, w); break;
                }
            }
        }
        k0 += len;
    }
}
#endif

#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) void npk__column_avx2(
    const double *A, long K, const double *b, long bs, const long *rows, long count, long q, long u, double *out) {
    long n = 0;
    for (; n + 4 <= count; n += 4) {
        const double *a0 = A + rows[n] * K, *a1 = A + rows[n + 1] * K, *a2 = A + rows[n + 2] * K, *a3 = A + rows[n + 3] * K;
        __m256d c = _mm256_setzero_pd();
        for (long k0 = 0; k0 < K;) {
            long len = block_length(K - k0, q, u);
            __m256d s = _mm256_setzero_pd();
            for (long k = k0; k < k0 + len; k++)
                s = _mm256_fmadd_pd(_mm256_set_pd(a3[k], a2[k], a1[k], a0[k]), _mm256_broadcast_sd(b + k * bs), s);
            c = _mm256_add_pd(s, c);
            k0 += len;
        }
        _mm256_storeu_pd(out + n, c);
    }
    for (; n < count; n++) {
        const double *a = A + rows[n] * K;
        double c = 0.0;
        for (long k0 = 0; k0 < K;) {
            long len = block_length(K - k0, q, u);
            c = chain(a, b, bs, k0, k0 + len, 0.0) + c;
            k0 += len;
        }
        out[n] = c;
    }
}

__attribute__((target("avx2,fma"))) void npk__row_avx2(
    const double *a, const double *B, long N, long K, long q, long u, long col_end, double *out) {
    long j = 0;
    for (; j + 4 <= col_end; j += 4) {
        __m256d c = _mm256_setzero_pd();
        for (long k0 = 0; k0 < K;) {
            long len = block_length(K - k0, q, u);
            __m256d s = _mm256_setzero_pd();
            for (long k = k0; k < k0 + len; k++) s = _mm256_fmadd_pd(_mm256_broadcast_sd(a + k), _mm256_loadu_pd(B + k * N + j), s);
            c = _mm256_add_pd(s, c);
            k0 += len;
        }
        _mm256_storeu_pd(out + j, c);
    }
    for (; j < col_end; j++) {
        double c = 0.0;
        for (long k0 = 0; k0 < K;) {
            long len = block_length(K - k0, q, u);
            c = chain(a, B + j, N, k0, k0 + len, 0.0) + c;
            k0 += len;
        }
        out[j] = c;
    }
}
#endif
