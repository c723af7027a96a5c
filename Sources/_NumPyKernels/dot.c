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

int npk_has_avx2_fma(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
    return 0;
#endif
}

int npk_openblas_kernel(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl"))
        return NPK_SKYLAKEX;
#endif
    return NPK_HASWELL;
}

/// OpenBLAS's level-3 driver splits K into blocks of at most q: a full block
/// while at least 2q remain, then the rest halved (rounded up to a multiple
/// of u) when more than q remain, then the rest.
static long block_length(long rest, long q, long u) {
    if (rest >= 2 * q) return q;
    if (rest > q) return ((rest / 2) + u - 1) / u * u;
    return rest;
}

npk_product npk_plan(int kernel, long M, long N, long K, int ta, int tb) {
    npk_product p = {kernel, M, N, K, ta, tb, 0, 256, 4};
    // NumPy passes a (M, 1) or (1, N) operand as transposed too.
    if (K == 1 || M == 1) p.ta = 1;
    if (K == 1 || N == 1) p.tb = 1;
    if (kernel == NPK_SKYLAKEX) {
        p.q = 384;
        p.u = 16;
        double mnk = (double)M * (double)N * (double)K;
        int small = mnk <= 1000000.0;
        // OpenBLAS's column-major view: its A is our B.
        int transa = p.tb, transb = p.ta;
        if (small && transa && !transb && (M * N > 1200 || K < 32)) small = 0;
        if (small) p.path = 1;
    }
    return p;
}

/// One FMA chain from s over k0 ..< k1.
static inline __attribute__((always_inline)) double chain(const double *a, const double *b, long bs, long k0, long k1, double s) {
    for (long k = k0; k < k1; k++) s = fma(a[k], b[k * bs], s);
    return s;
}

static inline __attribute__((always_inline)) double blocked(const npk_product *p, const double *a, const double *b, long bs) {
    double c = 0.0;
    for (long k0 = 0; k0 < p->K;) {
        long len = block_length(p->K - k0, p->q, p->u);
        c = chain(a, b, bs, k0, k0 + len, 0.0) + c;
        k0 += len;
    }
    return c;
}

/// SkylakeX small-matrix "dot" style: eight interleaved FMA chains (lane r
/// takes k = r, r+8, …), then added in one of two trees.
static inline __attribute__((always_inline)) double lanes8(const double *a, const double *b, long bs, long K, int tree) {
    double l[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (long k = 0; k < K; k++) l[k & 7] = fma(a[k], b[k * bs], l[k & 7]);
    if (tree) return ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]));
    return ((l[0] + l[4]) + (l[2] + l[6])) + ((l[1] + l[5]) + (l[3] + l[7]));
}

static inline __attribute__((always_inline)) double small_entry(const npk_product *p, const double *a, const double *b, long bs, long i, long j) {
    long M = p->M, N = p->N, K = p->K;
    int transa = p->tb, transb = p->ta;
    int dotstyle;
    if (!transa) {
        long m8 = N & ~7L, mm = N - m8;
        dotstyle = !transb && mm > 0 && mm <= 4 && K >= 16 && j >= m8;
    } else {
        dotstyle = !transb;
    }
    if (!dotstyle) return chain(a, b, bs, 0, K, 0.0);
    long m4 = N & ~3L, n4 = M & ~3L;
    return lanes8(a, b, bs, K, j < m4 || i < n4);
}

static inline __attribute__((always_inline)) double entry_body(
    const npk_product *p, const double *a, const double *b, long b_stride, long i, long j) {
    if (p->K <= 0) return 0.0;
    if (p->path == 1) return small_entry(p, a, b, b_stride, i, j);
    return blocked(p, a, b, b_stride);
}

#if defined(__x86_64__)
/// The same code with FMA instructions (fma() inlined): same bits, faster.
__attribute__((target("avx2,fma"))) static double entry_fma(
    const npk_product *p, const double *a, const double *b, long b_stride, long i, long j) {
    return entry_body(p, a, b, b_stride, i, j);
}
#endif

double npk_dot_entry(const npk_product *p, const double *a, const double *b, long b_stride, long i, long j) {
#if defined(__x86_64__)
    static int fast = -1;
    if (fast < 0) fast = npk_has_avx2_fma();
    if (fast) return entry_fma(p, a, b, b_stride, i, j);
#endif
    return entry_body(p, a, b, b_stride, i, j);
}

/// Whether every output of the product is one FMA chain per block of K
/// (blocks of `q`, or one block), so the tiled loop below applies.
static int all_chains(const npk_product *p, long *q, long *u) {
    if (p->path == 0) {
        *q = p->q;
        *u = p->u;
        return 1;
    }
    // Small path: plain chains unless a "dot" style output exists.
    int transa = p->tb, transb = p->ta;
    if (transa && !transb) return 0;
    if (!transa && !transb) {
        long m8 = p->N & ~7L, mm = p->N - m8;
        if (mm > 0 && mm <= 4 && p->K >= 16) return 0;
    }
    *q = p->K + 1;
    *u = 1;
    return 1;
}

#if defined(__x86_64__)
/// Tiles of 4 rows × 8 columns: eight accumulators of four lanes, each lane
/// one output's own FMA chain (vfmadd rounds once, as fma() does).
__attribute__((target("avx2,fma"))) static void chains_avx2(
    const double *A, const double *B, double *C, long N, long K, long q, long u, long row0, long row1, long col_end) {
    for (long k0 = 0; k0 < K;) {
        long len = block_length(K - k0, q, u);
        long i = row0;
        for (; i + 4 <= row1; i += 4) {
            long j = 0;
            for (; j + 8 <= col_end; j += 8) {
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
            for (; j + 4 <= col_end; j += 4) {
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
            for (; j < col_end; j++)
                for (int r = 0; r < 4; r++) {
                    double *c = C + (i + r) * N + j;
                    *c = chain(A + (i + r) * K, B + j, N, k0, k0 + len, 0.0) + *c;
                }
        }
        for (; i < row1; i++) {
            long j = 0;
            for (; j + 4 <= col_end; j += 4) {
                __m256d s = _mm256_setzero_pd();
                for (long k = k0; k < k0 + len; k++)
                    s = _mm256_fmadd_pd(_mm256_broadcast_sd(A + i * K + k), _mm256_loadu_pd(B + k * N + j), s);
                double *c = C + i * N + j;
                _mm256_storeu_pd(c, _mm256_add_pd(s, _mm256_loadu_pd(c)));
            }
            for (; j < col_end; j++) {
                double *c = C + i * N + j;
                *c = chain(A + i * K, B + j, N, k0, k0 + len, 0.0) + *c;
            }
        }
        k0 += len;
    }
}
#endif

#if defined(__x86_64__)
static int has_avx512(void) {
    static int known = -1;
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx512f") ? 1 : 0;
    }
    return known;
}

/// R rows × 16 columns (two registers of eight lanes per row), each lane
/// one output's FMA chain over the block; `w` ≤ 16 columns are live
/// (masked lanes compute on zeros and are never stored).
static inline __attribute__((always_inline, target("avx512f"))) void tile512(
    const double *A, const double *B, double *C, long N, long K, long i, long j, long k0, long len, int R, int w) {
    __mmask8 m0 = w >= 8 ? 0xFF : (__mmask8)((1u << w) - 1);
    __mmask8 m1 = w >= 16 ? 0xFF : (w > 8 ? (__mmask8)((1u << (w - 8)) - 1) : 0);
    __m512d s[4][2];
    for (int r = 0; r < R; r++) s[r][0] = s[r][1] = _mm512_setzero_pd();
    for (long k = k0; k < k0 + len; k++) {
        __m512d b0 = _mm512_maskz_loadu_pd(m0, B + k * N + j);
        __m512d b1 = _mm512_maskz_loadu_pd(m1, B + k * N + j + 8);
        for (int r = 0; r < R; r++) {
            __m512d a = _mm512_set1_pd(A[(i + r) * K + k]);
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

__attribute__((target("avx512f"))) static void chains_avx512(
    const double *A, const double *B, double *C, long N, long K, long q, long u, long row0, long row1, long col_end) {
    for (long k0 = 0; k0 < K;) {
        long len = block_length(K - k0, q, u);
        for (long i = row0; i < row1; i += 4) {
            long rows = row1 - i < 4 ? row1 - i : 4;
            for (long j = 0; j < col_end; j += 16) {
                int w = (int)(col_end - j < 16 ? col_end - j : 16);
                switch (rows) {
                case 4: tile512(A, B, C, N, K, i, j, k0, len, 4, w); break;
                case 3: tile512(A, B, C, N, K, i, j, k0, len, 3, w); break;
                case 2: tile512(A, B, C, N, K, i, j, k0, len, 2, w); break;
                default: tile512(A, B, C, N, K, i, j, k0, len, 1, w); break;
                }
            }
        }
        k0 += len;
    }
}
#endif

void npk_dot_rows(const npk_product *p, const double *A, const double *B, double *C, long row0, long row1) {
    long N = p->N, K = p->K;
    for (long i = row0; i < row1; i++)
        for (long j = 0; j < N; j++) C[i * N + j] = 0.0;
    if (K <= 0) return;
    long q, u;
#if defined(__x86_64__)
    if (all_chains(p, &q, &u)) {
        if (has_avx512()) {
            chains_avx512(A, B, C, N, K, q, u, row0, row1, N);
            return;
        }
        if (npk_has_avx2_fma()) {
            chains_avx2(A, B, C, N, K, q, u, row0, row1, N);
            return;
        }
    }
#endif
    for (long i = row0; i < row1; i++)
        for (long j = 0; j < N; j++) C[i * N + j] = npk_dot_entry(p, A + i * K, B + j, N, i, j);
}

/// Whether output column j is one FMA chain per block of K for every row,
/// and with which blocks.
static int column_is_chain(const npk_product *p, long j, long *q, long *u) {
    if (p->path == 0) {
        *q = p->q;
        *u = p->u;
        return 1;
    }
    int transa = p->tb, transb = p->ta;
    if (transa && !transb) return 0;
    if (!transa && !transb) {
        long m8 = p->N & ~7L, mm = p->N - m8;
        if (mm > 0 && mm <= 4 && p->K >= 16 && j >= m8) return 0;
    }
    *q = p->K + 1;
    *u = 1;
    return 1;
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) static void column_avx2(
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

__attribute__((target("avx2,fma"))) static void row_avx2(
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

void npk_dot_column(const npk_product *p, const double *A, const double *b, long b_stride, long j, const long *rows, long count,
                    double *out) {
    long q, u;
    if (p->K <= 0) {
        for (long n = 0; n < count; n++) out[n] = 0.0;
        return;
    }
#if defined(__x86_64__)
    if (npk_has_avx2_fma() && column_is_chain(p, j, &q, &u)) {
        column_avx2(A, p->K, b, b_stride, rows, count, q, u, out);
        return;
    }
#endif
    for (long n = 0; n < count; n++) out[n] = npk_dot_entry(p, A + rows[n] * p->K, b, b_stride, rows[n], j);
}

void npk_dot_row(const npk_product *p, const double *a, const double *B, long i, double *out) {
    long N = p->N, K = p->K, q, u;
    if (K <= 0) {
        for (long j = 0; j < N; j++) out[j] = 0.0;
        return;
    }
    long first_other = N;
    // Chain columns come first (a "dot" style tail only at the end, from column N & ~7).
    for (long j = 0; j < N; j++)
        if (!column_is_chain(p, j, &q, &u)) {
            first_other = j;
            break;
        }
#if defined(__x86_64__)
    if (npk_has_avx2_fma() && first_other > 0) {
        column_is_chain(p, 0, &q, &u);
        row_avx2(a, B, N, K, q, u, first_other, out);
        for (long j = first_other; j < N; j++) out[j] = npk_dot_entry(p, a, B + j, N, i, j);
        return;
    }
#endif
    for (long j = 0; j < N; j++) out[j] = npk_dot_entry(p, a, B + j, N, i, j);
}
