/* dot_packed.c -- the blocked order (dot.c's rule 1) with AVX2 and FMA, near
 * the FMA units' rate: the same chains as dot_order.h's blocked(), many at a
 * time.
 *
 * Per block of k (OpenBLAS's split), B's block is copied into panels of 8
 * columns (k-major and aligned, the last panel padded with zeros). A 6×8
 * tile keeps 12 registers of 4 lanes: lane (r, j) is output (i + r, j)'s chain
 *     s = fma(A[i + r][k], B[k][j], s)   for k in the block, from s = 0,
 * and adds it to the output, C = s + C, as the block ends. A is read where
 * it lies (row stride ai, term stride ak, so a transposed x is read as
 * stored), one broadcast per row and term. Every lane is its own chain in
 * the order of the portable loop, so the bits are the same; padded lanes
 * (columns past N, rows past the strip's end, which re-read its first row)
 * compute on what they are given and are never stored.
 */

#include "dot_order.h"

#if defined(__x86_64__)

enum { MR = 6, NR = 8 };

/// Scratch that grows as needed, one per thread and kept for the thread's
/// life (each thread packs its own copy of B's block: a small cost beside
/// the products it feeds, and no thread waits for another).
static __thread double *scratch;
static __thread long scratch_count;

static double *scratch_for(long count) {
    if (count > scratch_count) {
        free(scratch);
        scratch = aligned_alloc(64, (size_t)((count * 8 + 63) / 64 * 64));
        scratch_count = scratch ? count : 0;
    }
    return scratch;
}

/// B's rows k0 ..< k0 + len, columns 0 ..< cols, as panels of NR columns:
/// panel p holds B[k][p*NR + c] at out[(p*len + (k - k0))*NR + c].
static void pack_b(const double *B, long N, long k0, long len, long cols, double *out) {
    for (long j = 0, p = 0; j < cols; j += NR, p++) {
        long w = cols - j < NR ? cols - j : NR;
        double *panel = out + p * len * NR;
        for (long k = 0; k < len; k++) {
            const double *row = B + (k0 + k) * N + j;
            double *dst = panel + k * NR;
            long c = 0;
            for (; c < w; c++) dst[c] = row[c];
            for (; c < NR; c++) dst[c] = 0.0;
        }
    }
}


/// One 6×8 tile: every lane's chain over the block, then C = s + C for the
/// `rows` × `w` outputs that exist.
__attribute__((target("avx2,fma"))) static void tile(const double *a, long ai, long ak, const double *b, long len, double *C, long N, long rows, long w) {
    // Rows past the last one read row 0 again (their lanes are never stored).
    const double *a0 = a, *a1 = a + (rows > 1) * ai, *a2 = a + (rows > 2) * 2 * ai, *a3 = a + (rows > 3) * 3 * ai;
    const double *a4 = a + (rows > 4) * 4 * ai, *a5 = a + (rows > 5) * 5 * ai;
    __m256d s00 = _mm256_setzero_pd(), s01 = _mm256_setzero_pd(), s10 = _mm256_setzero_pd(), s11 = _mm256_setzero_pd();
    __m256d s20 = _mm256_setzero_pd(), s21 = _mm256_setzero_pd(), s30 = _mm256_setzero_pd(), s31 = _mm256_setzero_pd();
    __m256d s40 = _mm256_setzero_pd(), s41 = _mm256_setzero_pd(), s50 = _mm256_setzero_pd(), s51 = _mm256_setzero_pd();
    for (long k = 0; k < len; k++) {
        __m256d b0 = _mm256_load_pd(b + k * NR), b1 = _mm256_load_pd(b + k * NR + 4);
        __m256d x;
        x = _mm256_broadcast_sd(a0 + k * ak); s00 = _mm256_fmadd_pd(x, b0, s00); s01 = _mm256_fmadd_pd(x, b1, s01);
        x = _mm256_broadcast_sd(a1 + k * ak); s10 = _mm256_fmadd_pd(x, b0, s10); s11 = _mm256_fmadd_pd(x, b1, s11);
        x = _mm256_broadcast_sd(a2 + k * ak); s20 = _mm256_fmadd_pd(x, b0, s20); s21 = _mm256_fmadd_pd(x, b1, s21);
        x = _mm256_broadcast_sd(a3 + k * ak); s30 = _mm256_fmadd_pd(x, b0, s30); s31 = _mm256_fmadd_pd(x, b1, s31);
        x = _mm256_broadcast_sd(a4 + k * ak); s40 = _mm256_fmadd_pd(x, b0, s40); s41 = _mm256_fmadd_pd(x, b1, s41);
        x = _mm256_broadcast_sd(a5 + k * ak); s50 = _mm256_fmadd_pd(x, b0, s50); s51 = _mm256_fmadd_pd(x, b1, s51);
    }
    __m256d s[MR][2] = {{s00, s01}, {s10, s11}, {s20, s21}, {s30, s31}, {s40, s41}, {s50, s51}};
    if (w == NR) {
        for (long r = 0; r < rows; r++) {
            double *c = C + r * N;
            _mm256_storeu_pd(c, _mm256_add_pd(s[r][0], _mm256_loadu_pd(c)));
            _mm256_storeu_pd(c + 4, _mm256_add_pd(s[r][1], _mm256_loadu_pd(c + 4)));
        }
        return;
    }
    for (long r = 0; r < rows; r++) {
        double lanes[NR];
        _mm256_storeu_pd(lanes, s[r][0]);
        _mm256_storeu_pd(lanes + 4, s[r][1]);
        double *c = C + r * N;
        for (long j = 0; j < w; j++) c[j] = lanes[j] + c[j];
    }
}

__attribute__((target("avx2,fma"))) void npk__chains_avx2(
    const double *A, long ai, long ak, const double *B, double *C, long N, long K, long q, long u, long row0, long row1, long col_end) {
    if (col_end <= 0 || row1 <= row0) return;
    long panels = (col_end + NR - 1) / NR;
    // The longest block (not always the first: K = 257 splits as 128, 129).
    long longest = 0;
    for (long k0 = 0, len; k0 < K; k0 += len) {
        len = block_length(K - k0, q, u);
        if (len > longest) longest = len;
    }
    double *space = scratch_for(longest * panels * NR);
    if (!space) {
        // No memory for the panels: the same chains, one output at a time.
        for (long k0 = 0; k0 < K;) {
            long len = block_length(K - k0, q, u);
            for (long i = row0; i < row1; i++)
                for (long j = 0; j < col_end; j++) C[i * N + j] = chain_strided(A + i * ai, ak, B + j, N, k0, k0 + len) + C[i * N + j];
            k0 += len;
        }
        return;
    }
    double *bp = space;
    for (long k0 = 0; k0 < K;) {
        long len = block_length(K - k0, q, u);
        pack_b(B, N, k0, len, col_end, bp);
        for (long i = row0; i < row1; i += MR) {
            long rows = row1 - i < MR ? row1 - i : MR;
            for (long p = 0; p < panels; p++) {
                long j = p * NR, w = col_end - j < NR ? col_end - j : NR;
                tile(A + i * ai + k0 * ak, ai, ak, bp + p * len * NR, len, C + i * N + j, N, rows, w);
            }
        }
        k0 += len;
    }
}
#endif
