/* dot.c -- np.dot(A, B) for float64, bit for bit, as NumPy 2.4.6 computes it with its bundled
 * OpenBLAS 0.3.31 (scipy-openblas64, DYNAMIC_ARCH) on one thread (OPENBLAS_NUM_THREADS=1).
 * Written from OpenBLAS's source (interface/gemm.c, driver/level3/level3.c, kernel/x86_64/...,
 * read at the 0.3.28-era snapshot available here) and NumPy's cblasfuncs.c, and checked against
 * np.dot by Tests/NumPyMathTests/DotTests.swift and the lessons' crosscheck.  Build with
 * -ffp-contract=off (the fma() calls are the only fusions).
 *
 * Which order a product follows is the caller's choice (npk_plan's `kernel`): the lessons'
 * canonical arithmetic is SkylakeX's on every CPU, and Haswell's on request. The SIMD loops
 * (dot_simd.c's AVX-512 tiles, dot_packed.c's packed AVX2 tiles) and the portable C with fma()
 * only change the speed, never the bits.
 *
 * THE ORDER, PER OUTPUT c = C[i][j] = sum_k A[i][k] B[k][j]   (fma(x,y,s) = one rounding)
 *
 * 0. Routing (NumPy cblasfuncs.c): K == 0 -> +0.0.  M == 1 and N == 1 -> cblas_ddot (5).
 *    K == 1 and (M == 1 or N == 1) -> a*b, with -0 turned into +0 (daxpy into zeros), except
 *    (1,1).(1,1) -> a*b as is.  M == 1 -> dgemv (4), N == 1 -> dgemv (4).  Everything else -> dgemm.
 *    NumPy passes an F-contiguous operand (a transposed view, or any (n,1)/(1,n) matrix) as Trans.
 *
 * 1. "blocked" order (dgemm level-3 driver; both kernels, most shapes):
 *      split k = 0..K-1 into blocks: rest = K - start;  len = Q if rest >= 2Q,
 *      len = round_up(rest/2, U) if Q < rest < 2Q, else rest.   Haswell Q=256 U=4; SkylakeX Q=384 U=16.
 *      c = 0;  per block: s = 0; for k in block: s = fma(A[i][k], B[k][j], s);  c = c + s.
 *    So K = 784 is 256,256,136,136 on Haswell and 384,208,192 on SkylakeX.
 *
 * 2. Haswell exceptions: if M is odd, the last row, columns j < (N & ~3): per block of length len,
 *      4 chains: term t (0-based in the block) goes to acc[t % 4] for t < 8*floor(len/8), the
 *      remaining len % 8 terms continue acc[0];  s = (acc0 + acc1) + (acc2 + acc3);  c = c + s.
 *
 * 3. SkylakeX:
 *    3a. Small-matrix kernels (interface/gemm.c + dgemm_small_kernel_permit_skylakex.c) when
 *        M*N*K <= 1e6 and not [B transposed, A not, and (M*N > 1200 or K < 32)].  One chain over
 *        all K, no blocking:  c = fma-chain over k = 0..K-1 from 0 -- except the "dot style" outputs:
 *          - B transposed and A not (TN kernel): every output;
 *          - neither transposed (NN kernel): the columns j >= (N & ~7) when 1 <= N % 8 <= 4 and K >= 16.
 *        Dot style: 8 chains, term k goes to lane L[k % 8]; then
 *          tree4 = ((L0+L1)+(L2+L3)) + ((L4+L5)+(L6+L7))   for columns j < (N & ~3), and for the
 *                                                          other columns in rows i < (M & ~3);
 *          red8  = ((L0+L4)+(L2+L6)) + ((L1+L5)+(L3+L7))   otherwise (_mm512_reduce_add_pd).
 *    3b. Otherwise "blocked" (1), except when N > 192: columns are cut into blocks of 192 (or two
 *        halves rounded up to 16 when 192 < rest < 384); in every block but the first, for the rows
 *        in 12-row groups (i < 12*floor(M/12)) and the 4 / 2 / 1 columns left over after the 16s and
 *        8s of the block, each K block's chain is split: 2 chains (t%2) for the 4-column piece,
 *        4 chains (t%4) for the 2- and 1-column pieces, over the first len rounded down to 2 / 4
 *        terms, merged (l0+l1) or (l0+l1)+(l2+l3), then the rest of the block continues that sum.
 *
 * 4. dgemv (M == 1: y = B^T a; N == 1: y = A b).  Which kernel: M == 1 with B C-contiguous -> "n",
 *    with B transposed -> "t"; N == 1 with A C-contiguous -> "t", A transposed -> "n".
 *    Let m = number of outputs, n = K.
 *    dgemv_n, outputs o < m - m%4: y = 0; per group of 4 terms k..k+3:
 *          Haswell  s = fma(a2,x2, a0*x0) + fma(a3,x3, a1*x1);  SkylakeX s = fma(a3,x3, fma(a2,x2, fma(a0,x0, a1*x1)));
 *          y = y + s;  then if K & 2: s = a0*x0 + a1*x1 (Haswell) / fma(a0,x0, a1*x1) (SkylakeX), y = y + s;
 *          then if K & 1: y = y + a*x.
 *      the last m%4 outputs: t = 0; if m is 2 or 3: per 4 terms t = t + E2(k,k+1); t = t + E2(k+2,k+3)
 *          (E2 = a0*x0 + a1*x1 on Haswell, fma(a0,x0, a1*x1) on SkylakeX); remaining terms one by one
 *          t = t + a*x (Haswell) / fma(a,x,t) (SkylakeX);  y = 0 + t.
 *    dgemv_t (both kernels): terms in chunks of 2048 (only the first K - K%4 terms); per chunk:
 *          outputs o < n - n%4: 4 chains, term k -> lane k%4 (FMA), t = (l0+l2) + (l1+l3);
 *          the next 2 outputs (if n%4 >= 2): 2 lanes k%2, no FMA (l = l + a*x), t = l0 + l1;
 *          the last output (if n odd): lanes p (k%4 in {0,1}) and q (k%4 in {2,3}), no FMA,
 *          t = (p0+q0) + (p1+q1);   y = y + t.
 *        then the last K%4 terms: y = y + fma(a2,x2, fma(a0,x0, a1*x1)) (3 left), y + fma(a0,x0, a1*x1)
 *        (2 left), fma(a,x,y) (1 left); finally 0 + y.
 *
 * 5. ddot ((1,K).(K,1)): first n16 = K & ~15 terms:
 *      Haswell: 16 chains, term k -> acc[(k/4)%4][k%4]; per vector v: (l0+l2),(l1+l3); then
 *               ((v0+v1)+(v2+v3)) per half, then half0 + half1.
 *      SkylakeX: first K & ~31 terms in 32 chains acc5[(k/8)%4][k%8], folded a[v][l] = acc5[v][l] + acc5[v][l+4];
 *               a remaining 16-block continues a[(k/4)%4][k%4]; then s[l] = ((a0+a1)+a2)+a3 per lane,
 *               (s0+s2) + (s1+s3).
 *    remaining terms one by one: d = d + x*y (Haswell) / fma(x,y,d) (SkylakeX);  result 0 + d.
 */


#include "dot_order.h"

/* ------------------------------------------------------------------------
 * The plan: which routine NumPy and OpenBLAS use, and which order each
 * output of a dgemm gets.
 * ------------------------------------------------------------------------ */


npk_product npk_plan(int kernel, long M, long N, long K, int ta, int tb) {
    npk_product p;
    memset(&p, 0, sizeof p);
    p.kernel = kernel;
    p.M = M;
    p.N = N;
    p.K = K;
    p.a_view = ta;
    p.b_view = tb;
    if (K <= 0) p.route = ROUTE_ZERO;
    else if (M == 1 && N == 1) p.route = ROUTE_DDOT;
    else if (K == 1 && (M == 1 || N == 1)) p.route = ROUTE_OUTER;
    else if (M == 1) p.route = ROUTE_GEMV_ROW;
    else if (N == 1) p.route = ROUTE_GEMV_COLUMN;
    else p.route = ROUTE_GEMM;
    // NumPy passes an F-contiguous operand as transposed: a view, or any (n, 1) or (1, n) matrix.
    p.ta = ta || K == 1 || M == 1;
    p.tb = tb || K == 1 || N == 1;
    if (kernel == NPK_HASWELL) {
        p.q = 256;
        p.u = 4;
    } else {
        p.q = 384;
        p.u = 16;
        int transa = p.tb, transb = p.ta; // OpenBLAS's column-major view: its A is our B
        double mnk = (double)M * (double)N * (double)K;
        int small = mnk <= 1000000.0;
        if (small && transa && !transb && (M * N > 1200 || K < 32)) small = 0;
        if (small) {
            p.path = 1;
            p.q = K + 1; // one chain over all of K
            p.u = 1;
            if (!transa && !transb) {
                long mm = N - (N & ~7L);
                p.dot_from = (mm > 0 && mm <= 4 && K >= 16) ? (N & ~7L) : N;
            } else if (!transa) {
                p.dot_from = N;
            } else if (!transb) {
                p.dot_from = 0; // every output dot style
            } else {
                p.dot_from = N;
            }
        } else {
            p.dot_from = N;
        }
    }
    return p;
}

#define SKX_GEMM_R 10704L /* rows per chunk; matters only for M > this with N > 192 */

/// SkylakeX large path, N > 192: how column j's chain is split (0, 2 or 4 ways).
int npk__skx_column_split(const npk_product *p, long j) {
    const long P = 192, U = 16;
    long N = p->N;
    if (p->kernel != NPK_SKYLAKEX || p->path != 0 || N <= P) return 0;
    long first = N;
    if (first >= 2 * P) first = P;
    else if (first > P) first = ((first / 2 + U - 1) / U) * U;
    if (j < first) return 0;
    long is = first, min_i = 0;
    for (;;) {
        min_i = N - is;
        if (min_i >= 2 * P) min_i = P;
        else if (min_i > P) min_i = ((min_i / 2 + U - 1) / U) * U;
        if (j < is + min_i) break;
        is += min_i;
    }
    long jj = j - is, rem = min_i & 15, base4 = min_i - rem + (rem & 8), base2 = base4 + (rem & 4);
    int ways = 0;
    if ((rem & 4) && jj >= base4 && jj < base4 + 4) ways = 2;
    if ((rem & 2) && jj >= base2 && jj < base2 + 2) ways = 4;
    if ((rem & 1) && jj == min_i - 1) ways = 4;
    return ways;
}

/// Whether row i is in the 12-row groups of its chunk (where the split applies).
static int skx_row_splits(const npk_product *p, long i) {
    long js = (i / SKX_GEMM_R) * SKX_GEMM_R, min_j = p->M - js;
    if (min_j > SKX_GEMM_R) min_j = SKX_GEMM_R;
    return (i - js) < (min_j / 12) * 12;
}

/// The order of dgemm output (i, j); `split` is npk__skx_column_split(p, j).
static int output_kind(const npk_product *p, long i, long j, int split) {
    if (p->kernel == NPK_HASWELL) return ((p->M & 1) && i == p->M - 1 && j < (p->N & ~3L)) ? KIND_LAST_ROW : KIND_BLOCKED;
    if (p->path == 1) {
        if (j < p->dot_from) return KIND_BLOCKED;
        return (j < (p->N & ~3L) || i < (p->M & ~3L)) ? KIND_DOT_TREE4 : KIND_DOT_RED8;
    }
    if (split && skx_row_splits(p, i)) return split == 2 ? KIND_SPLIT2 : KIND_SPLIT4;
    return KIND_BLOCKED;
}

/// Output (i, j) of A (row-major, M×K) times B, whose element (k, j) is
/// B[k * bk + j * bj].
INLINE double entry_body(const npk_product *p, const double *A, const double *B, long bk, long bj, long i, long j) {
    long K = p->K;
    const double *a = A + i * K, *b = B + j * bj;
    switch (p->route) {
    case ROUTE_ZERO: return 0.0;
    case ROUTE_DDOT: return K == 1 ? A[0] * B[0] : ddot(p->kernel, A, B, bk, K);
    case ROUTE_OUTER: return pz(A[i] * B[j * bj]);
    case ROUTE_GEMV_ROW: {
        gemv_operands g = {B, bj, bk, A, 1};
        return p->b_view ? gemv_t(p->kernel, &g, K, p->N, j) : gemv_n(p->kernel, &g, p->N, K, j);
    }
    case ROUTE_GEMV_COLUMN: {
        gemv_operands g = {A, K, 1, B, bk};
        return p->a_view ? gemv_n(p->kernel, &g, p->M, K, i) : gemv_t(p->kernel, &g, K, p->M, i);
    }
    default: break;
    }
    switch (output_kind(p, i, j, npk__skx_column_split(p, j))) {
    case KIND_DOT_TREE4: return dotstyle(a, b, bk, K, 1);
    case KIND_DOT_RED8: return dotstyle(a, b, bk, K, 0);
    case KIND_SPLIT2: return k4split(a, b, bk, K, 2);
    case KIND_SPLIT4: return k4split(a, b, bk, K, 4);
    case KIND_LAST_ROW: return haswell_last_row(a, b, bk, K);
    default: return blocked(a, b, bk, K, p->q, p->u);
    }
}

#if defined(__x86_64__)
/// The same code with FMA instructions (fma() inlined): same bits, faster.
__attribute__((target("avx2,fma"))) static double entry_fma(
    const npk_product *p, const double *A, const double *B, long bk, long bj, long i, long j) {
    return entry_body(p, A, B, bk, bj, i, j);
}
#endif

#if defined(__x86_64__)
/// LESSONS_SIMD=avx2 or portable narrows the loops used (same bits), so
/// that every path can be tested on one machine.
const char *npk__simd_limit(void) {
    const char *limit = getenv("LESSONS_SIMD");
    return limit ? limit : "";
}
#endif

int npk_has_avx2_fma(void) {
#if defined(__x86_64__)
    static int known = -1;
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && strcmp(npk__simd_limit(), "portable") != 0;
    }
    return known;
#else
    return 0;
#endif
}

static double entry(const npk_product *p, const double *A, const double *B, long bk, long bj, long i, long j) {
#if defined(__x86_64__)
    if (npk_has_avx2_fma()) return entry_fma(p, A, B, bk, bj, i, j);
#endif
    return entry_body(p, A, B, bk, bj, i, j);
}

double npk_dot_entry(const npk_product *p, const double *A, const double *B, long bk, long bj, long i, long j) {
    return entry(p, A, B, bk, bj, i, j);
}

/// Whether the tiled loops may compute every output of the product (before
/// the exceptions are put in): a dgemm whose outputs are not all dot style.
static int tiled(const npk_product *p) { return p->route == ROUTE_GEMM && !(p->path == 1 && p->dot_from == 0); }

int npk_dot_has_exceptions(const npk_product *p) {
    if (!tiled(p)) return 1;
    if (p->path == 1 && p->dot_from < p->N) return 1;
    if (p->kernel == NPK_HASWELL && (p->M & 1)) return 1;
    if (p->kernel == NPK_SKYLAKEX && p->path == 0 && p->N > 192) return 1;
    return 0;
}

void npk_dot_rows_strided(const npk_product *p, const double *A, long ai, long ak, const double *B, double *C, long row0, long row1) {
    long N = p->N, K = p->K;
    for (long i = row0; i < row1; i++)
        for (long j = 0; j < N; j++) C[i * N + j] = 0.0;
    if (K <= 0) return;
#if defined(__x86_64__)
    if (npk__has_avx512()) return npk__chains_avx512(A, ai, ak, B, C, N, K, p->q, p->u, row0, row1, N);
    if (npk_has_avx2_fma()) return npk__chains_avx2(A, ai, ak, B, C, N, K, p->q, p->u, row0, row1, N);
#endif
    for (long i = row0; i < row1; i++)
        for (long j = 0; j < N; j++) {
            double c = 0.0;
            for (long k0 = 0; k0 < K;) {
                long len = block_length(K - k0, p->q, p->u);
                c = chain_strided(A + i * ai, ak, B + j, N, k0, k0 + len) + c;
                k0 += len;
            }
            C[i * N + j] = c;
        }
}

void npk_dot_rows(const npk_product *p, const double *A, const double *B, double *C, long row0, long row1) {
    long N = p->N, K = p->K;
    for (long i = row0; i < row1; i++)
        for (long j = 0; j < N; j++) C[i * N + j] = 0.0;
    if (K <= 0) return;
    if (!tiled(p)) {
        for (long i = row0; i < row1; i++)
            for (long j = 0; j < N; j++) C[i * N + j] = entry(p, A, B, N, 1, i, j);
        return;
    }
    long cols = p->path == 1 ? p->dot_from : N;
#if defined(__x86_64__)
    if (npk__has_avx512()) npk__chains_avx512(A, K, 1, B, C, N, K, p->q, p->u, row0, row1, cols);
    else if (npk_has_avx2_fma()) npk__chains_avx2(A, K, 1, B, C, N, K, p->q, p->u, row0, row1, cols);
    else
#endif
        for (long i = row0; i < row1; i++)
            for (long j = 0; j < cols; j++) C[i * N + j] = blocked(A + i * K, B + j, N, K, p->q, p->u);
    // The outputs of other kinds: dot-style columns, split columns, Haswell's odd last row.
    int exceptions = cols < N || (p->kernel == NPK_HASWELL && (p->M & 1) && row1 == p->M) || (p->kernel == NPK_SKYLAKEX && p->path == 0 && N > 192);
    if (!exceptions) return;
    for (long j = 0; j < N; j++) {
        int split = npk__skx_column_split(p, j);
        for (long i = row0; i < row1; i++)
            if (j >= cols || output_kind(p, i, j, split) != KIND_BLOCKED) C[i * N + j] = entry(p, A, B, N, 1, i, j);
    }
}

void npk_dot_rows_from(const npk_product *p, const double *A_rows, const double *B, double *C_rows, long row0, long row1) {
    // npk_dot_rows indexes A and C by absolute row: it is handed where row 0
    // would be, computed as an address (it reads and writes rows row0.. only).
    const double *A = (const double *)((uintptr_t)A_rows - (uintptr_t)row0 * (uintptr_t)p->K * sizeof(double));
    double *C = (double *)((uintptr_t)C_rows - (uintptr_t)row0 * (uintptr_t)p->N * sizeof(double));
    npk_dot_rows(p, A, B, C, row0, row1);
}

void npk_dot_column(const npk_product *p, const double *A, const double *B, long bk, long bj, long j, const long *rows, long count,
                    double *out) {
#if defined(__x86_64__)
    // Conservative: a column with any output of another kind goes output by output.
    int uniform = p->route == ROUTE_GEMM && npk__skx_column_split(p, j) == 0 && !(p->path == 1 && j >= p->dot_from)
        && !(p->kernel == NPK_HASWELL && (p->M & 1) && j < (p->N & ~3L));
    if (uniform && npk_has_avx2_fma()) {
        npk__column_avx2(A, p->K, B + j * bj, bk, rows, count, p->q, p->u, out);
        return;
    }
#endif
    for (long n = 0; n < count; n++) out[n] = entry(p, A, B, bk, bj, rows[n], j);
}

void npk_dot_row(const npk_product *p, const double *a_row, const double *B, long i, double *out) {
    long N = p->N, K = p->K;
    // `a_row` is row i; entry() wants the whole A, which only row i of is read.
    const double *A = a_row - i * K;
    long cols = (p->route == ROUTE_GEMM && tiled(p)) ? (p->path == 1 ? p->dot_from : N) : 0;
    if (p->kernel == NPK_HASWELL && (p->M & 1) && i == p->M - 1) cols = 0;
#if defined(__x86_64__)
    if (cols > 0 && npk_has_avx2_fma()) {
        npk__row_avx2(a_row, B, N, K, p->q, p->u, cols, out);
    } else
#endif
        cols = 0;
    for (long j = cols; j < N; j++) out[j] = entry(p, A, B, N, 1, i, j);
    if (cols > 0)
        for (long j = 0; j < cols; j++) {
            int split = npk__skx_column_split(p, j);
            if (split && output_kind(p, i, j, split) != KIND_BLOCKED) out[j] = entry(p, A, B, N, 1, i, j);
        }
}
