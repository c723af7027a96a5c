// Matrix products in the order of operations of NumPy's OpenBLAS.
//
// Every output is computed on its own, so any tiling and any split of rows
// across threads gives the same bits; tiling only makes it fast.
#include "numpy_kernels.h"
#pragma STDC FP_CONTRACT OFF
#include <math.h>
#include <string.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

/// OpenBLAS's level-3 driver splits K into blocks of at most Q = 256: a full
/// block while at least 2Q remain, then the rest halved (rounded up to a
/// multiple of 4) when more than Q remain, then the rest.
static long haswell_block(long rest) {
    const long q = 256;
    if (rest >= 2 * q) return q;
    if (rest > q) return ((rest / 2) + 3) / 4 * 4;
    return rest;
}

/// One output, the reference order: per block s = fma(a, b, s) from 0, then c = s + c.
static double haswell_one(const double *A, const double *B, long N, long K, long i, long j) {
    double c = 0.0;
    for (long k0 = 0; k0 < K;) {
        long len = haswell_block(K - k0);
        double s = 0.0;
        for (long k = k0; k < k0 + len; k++) s = fma(A[i * K + k], B[k * N + j], s);
        c = s + c;
        k0 += len;
    }
    return c;
}

static void haswell_portable(const double *A, const double *B, double *C, long M, long N, long K, long row0, long row1) {
    (void)M;
    for (long i = row0; i < row1; i++)
        for (long j = 0; j < N; j++) C[i * N + j] = haswell_one(A, B, N, K, i, j);
}

#if defined(__x86_64__)
int npk_has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

/// Tiles of 4 rows × 8 columns: eight accumulators of four lanes, each lane
/// one output's own FMA chain (vfmadd rounds once, as fma() does).
__attribute__((target("avx2,fma"))) static void haswell_avx2(
    const double *A, const double *B, double *C, long M, long N, long K, long row0, long row1) {
    (void)M;
    for (long i = row0; i < row1; i++)
        for (long j = 0; j < N; j++) C[i * N + j] = 0.0;
    for (long k0 = 0; k0 < K;) {
        long len = haswell_block(K - k0);
        long i = row0;
        for (; i + 4 <= row1; i += 4) {
            long j = 0;
            for (; j + 8 <= N; j += 8) {
                __m256d s[4][2];
                for (int r = 0; r < 4; r++) s[r][0] = s[r][1] = _mm256_setzero_pd();
                for (long k = k0; k < k0 + len; k++) {
                    __m256d b0 = _mm256_loadu_pd(B + k * N + j), b1 = _mm256_loadu_pd(B + k * N + j + 4);
                    for (int r = 0; r < 4; r++) {
                        __m256d a = _mm256_broadcast_sd(A + (i + r) * K + k);
                        s[r][0] = _mm256_fmadd_pd(a, b0, s[r][0]);
                        s[r][1] = _mm256_fmadd_pd(a, b1, s[r][1]);
                    }
                }
                for (int r = 0; r < 4; r++) {
                    double *c = C + (i + r) * N + j;
                    _mm256_storeu_pd(c, _mm256_add_pd(s[r][0], _mm256_loadu_pd(c)));
                    _mm256_storeu_pd(c + 4, _mm256_add_pd(s[r][1], _mm256_loadu_pd(c + 4)));
                }
            }
            for (; j + 4 <= N; j += 4) {
                __m256d s[4];
                for (int r = 0; r < 4; r++) s[r] = _mm256_setzero_pd();
                for (long k = k0; k < k0 + len; k++) {
                    __m256d b0 = _mm256_loadu_pd(B + k * N + j);
                    for (int r = 0; r < 4; r++) s[r] = _mm256_fmadd_pd(_mm256_broadcast_sd(A + (i + r) * K + k), b0, s[r]);
                }
                for (int r = 0; r < 4; r++) {
                    double *c = C + (i + r) * N + j;
                    _mm256_storeu_pd(c, _mm256_add_pd(s[r], _mm256_loadu_pd(c)));
                }
            }
            for (; j < N; j++)
                for (int r = 0; r < 4; r++) {
                    double s = 0.0;
                    for (long k = k0; k < k0 + len; k++) s = fma(A[(i + r) * K + k], B[k * N + j], s);
                    C[(i + r) * N + j] = s + C[(i + r) * N + j];
                }
        }
        for (; i < row1; i++) {
            long j = 0;
            for (; j + 4 <= N; j += 4) {
                __m256d s = _mm256_setzero_pd();
                for (long k = k0; k < k0 + len; k++)
                    s = _mm256_fmadd_pd(_mm256_broadcast_sd(A + i * K + k), _mm256_loadu_pd(B + k * N + j), s);
                double *c = C + i * N + j;
                _mm256_storeu_pd(c, _mm256_add_pd(s, _mm256_loadu_pd(c)));
            }
            for (; j < N; j++) {
                double s = 0.0;
                for (long k = k0; k < k0 + len; k++) s = fma(A[i * K + k], B[k * N + j], s);
                C[i * N + j] = s + C[i * N + j];
            }
        }
        k0 += len;
    }
}
#else
int npk_has_avx2_fma(void) { return 0; }
#endif

void npk_dot_haswell(const double *A, const double *B, double *C, long M, long N, long K, long row0, long row1) {
#if defined(__x86_64__)
    if (npk_has_avx2_fma()) {
        haswell_avx2(A, B, C, M, N, K, row0, row1);
        return;
    }
#endif
    haswell_portable(A, B, C, M, N, K, row0, row1);
}
