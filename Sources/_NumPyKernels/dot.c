/* dot.c -- np.dot(A, B) for float64, bit for bit, as NumPy 2.4.6 computes it with its bundled
 * OpenBLAS 0.3.31 (scipy-openblas64, DYNAMIC_ARCH) on one thread (OPENBLAS_NUM_THREADS=1).
 * Written from OpenBLAS's source (interface/gemm.c, driver/level3/level3.c, kernel/x86_64/...,
 * read at the 0.3.28-era snapshot available here) and NumPy's cblasfuncs.c, and checked against
 * np.dot by Tests/NumPyMathTests/DotTests.swift and the lessons' crosscheck.  Build with
 * -ffp-contract=off (the fma() calls are the only fusions).
 *
 * Which order a product follows is the caller's choice (npk_plan's `kernel`): the lessons'
 * canonical arithmetic is SkylakeX's on every CPU, and Haswell's on request. The SIMD loops
 * below (AVX-512, AVX2, or portable C with fma()) only change the speed, never the bits.
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

#include "numpy_kernels.h"
#pragma STDC FP_CONTRACT OFF
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define INLINE static inline __attribute__((always_inline))

/* ------------------------------------------------------------------------
 * The per-output orders. `a` is row i of A (stride 1), `b` column j of B
 * (stride bs); K terms.
 * ------------------------------------------------------------------------ */

/// OpenBLAS's split of K into blocks: q while at least 2q remain, then half
/// the rest rounded up to u when more than q remain, then the rest.
INLINE long block_length(long rest, long q, long u) {
    if (rest >= 2 * q) return q;
    if (rest > q) return ((rest / 2) + u - 1) / u * u;
    return rest;
}

INLINE double chain(const double *a, const double *b, long bs, long k0, long k1, double s) {
    for (long k = k0; k < k1; k++) s = fma(a[k], b[k * bs], s);
    return s;
}

/// (1): per block one FMA chain from 0, c = c + s. q > K gives one chain over all of K.
INLINE double blocked(const double *a, const double *b, long bs, long K, long q, long u) {
    if (q > K) return chain(a, b, bs, 0, K, 0.0);
    double c = 0.0;
    for (long k0 = 0; k0 < K;) {
        long len = block_length(K - k0, q, u);
        c = c + chain(a, b, bs, k0, k0 + len, 0.0);
        k0 += len;
    }
    return c;
}

/// (3a) dot style: eight chains (term k in lane k % 8), then one of two trees.
INLINE double dotstyle(const double *a, const double *b, long bs, long K, int tree4) {
    double l[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (long k = 0; k < K; k++) l[k & 7] = fma(a[k], b[k * bs], l[k & 7]);
    if (tree4) return ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]));
    return ((l[0] + l[4]) + (l[2] + l[6])) + ((l[1] + l[5]) + (l[3] + l[7]));
}

/// (3b) SkylakeX blocks whose chain is split 2 or 4 ways.
INLINE double k4split(const double *a, const double *b, long bs, long K, int ways) {
    double c = 0.0;
    for (long ls = 0; ls < K;) {
        long len = block_length(K - ls, 384, 16);
        double s = 0.0;
        long t = 0;
        if (ways == 4 && len >= 4) {
            double l[4] = {0.0, 0.0, 0.0, 0.0};
            for (; t < (len & -4L); t++) l[t & 3] = fma(a[ls + t], b[(ls + t) * bs], l[t & 3]);
            s = (l[0] + l[1]) + (l[2] + l[3]);
        } else if (ways == 2 && len >= 2) {
            double l[2] = {0.0, 0.0};
            for (; t < (len & -2L); t++) l[t & 1] = fma(a[ls + t], b[(ls + t) * bs], l[t & 1]);
            s = l[0] + l[1];
        }
        for (; t < len; t++) s = fma(a[ls + t], b[(ls + t) * bs], s);
        c = c + s;
        ls += len;
    }
    return c;
}

/// (2) Haswell, odd M, last row: four chains per block.
INLINE double haswell_last_row(const double *a, const double *b, long bs, long K) {
    double c = 0.0;
    for (long ls = 0; ls < K;) {
        long len = block_length(K - ls, 256, 4);
        double acc[4] = {0.0, 0.0, 0.0, 0.0};
        long n8 = len & ~7L, t;
        for (t = 0; t < n8; t++) acc[t & 3] = fma(a[ls + t], b[(ls + t) * bs], acc[t & 3]);
        for (; t < len; t++) acc[0] = fma(a[ls + t], b[(ls + t) * bs], acc[0]);
        c = c + ((acc[0] + acc[1]) + (acc[2] + acc[3]));
        ls += len;
    }
    return c;
}

/* (4) dgemv and (5) ddot. How OpenBLAS's scalar C was compiled (measured):
   the SkylakeX kernels fuse every a*b + c into an FMA; the Haswell kernels
   fuse only where the addend is not a loop accumulator. */
static const int contract_n[2] = {0, 1};
static const int contract_t[2] = {1, 1};

INLINE double e2(int ct, double a0, double x0, double a1, double x1) { return ct ? fma(a0, x0, a1 * x1) : a0 * x0 + a1 * x1; }
INLINE double e3(int ct, double a0, double x0, double a1, double x1, double a2, double x2) {
    return ct ? fma(a2, x2, fma(a0, x0, a1 * x1)) : (a0 * x0 + a1 * x1) + a2 * x2;
}
INLINE double e4(int ct, double a0, double x0, double a1, double x1, double a2, double x2, double a3, double x3) {
    return ct ? fma(a3, x3, fma(a2, x2, fma(a0, x0, a1 * x1))) : ((a0 * x0 + a1 * x1) + a2 * x2) + a3 * x3;
}
INLINE double acc1(int ct, double t, double a, double x) { return ct ? fma(a, x, t) : t + a * x; }
INLINE double pz(double v) { return v + 0.0; } /* 0 + v: -0 becomes +0 */

typedef struct {
    const double *a;
    long so, sk;
    const double *x;
    long sx;
} gemv_operands;
#define GA(g, o, k) ((g)->a[(o) * (g)->so + (k) * (g)->sk])
#define GX(g, k) ((g)->x[(k) * (g)->sx])

/// dgemv "n": output o of m, n terms.
INLINE double gemv_n(int kern, const gemv_operands *g, long m, long n, long o) {
    int ct = contract_n[kern];
    long m3 = m & 3;
    if (o < m - m3) {
        double y = 0.0;
        long k = 0;
        for (; k + 4 <= n; k += 4) {
            double a0 = GA(g, o, k), a1 = GA(g, o, k + 1), a2 = GA(g, o, k + 2), a3 = GA(g, o, k + 3);
            double x0 = GX(g, k), x1 = GX(g, k + 1), x2 = GX(g, k + 2), x3 = GX(g, k + 3);
            double s = kern == 0 ? fma(a2, x2, a0 * x0) + fma(a3, x3, a1 * x1) : fma(a3, x3, fma(a2, x2, fma(a0, x0, a1 * x1)));
            y = y + s;
        }
        if (n & 2) {
            double a0 = GA(g, o, k), a1 = GA(g, o, k + 1), x0 = GX(g, k), x1 = GX(g, k + 1);
            y = y + (kern == 0 ? a0 * x0 + a1 * x1 : fma(a0, x0, a1 * x1));
            k += 2;
        }
        if (n & 1) y = y + GA(g, o, k) * GX(g, k);
        return y;
    }
    double t = 0.0;
    long k = 0;
    if (m == 3 || m == 2) {
        for (; k < (n & -4L); k += 4) {
            t = t + e2(ct, GA(g, o, k), GX(g, k), GA(g, o, k + 1), GX(g, k + 1));
            t = t + e2(ct, GA(g, o, k + 2), GX(g, k + 2), GA(g, o, k + 3), GX(g, k + 3));
        }
    } else if (m == 1) {
        for (; k < (n & -4L); k += 4)
            t = t + e4(ct, GA(g, o, k), GX(g, k), GA(g, o, k + 1), GX(g, k + 1), GA(g, o, k + 2), GX(g, k + 2), GA(g, o, k + 3), GX(g, k + 3));
    }
    for (; k < n; k++) t = acc1(ct, t, GA(g, o, k), GX(g, k));
    return pz(t);
}

/// dgemv "t": m terms, output o of n.
INLINE double gemv_t(int kern, const gemv_operands *g, long m, long n, long o) {
    int ct = contract_t[kern];
    long m3 = m & 3, m1 = m & -4L, m2 = (m & 2047) - m3, nb = 2048, k0 = 0;
    double y = 0.0;
    while (nb == 2048) {
        m1 -= nb;
        if (m1 < 0) {
            if (m2 == 0) break;
            nb = m2;
        }
        double t;
        if (o < (n & -4L)) {
            double l[4] = {0, 0, 0, 0};
            for (long k = 0; k < nb; k++) l[k & 3] = fma(GA(g, o, k0 + k), GX(g, k0 + k), l[k & 3]);
            t = (l[0] + l[2]) + (l[1] + l[3]);
        } else if ((n & 2) && o < (n & -4L) + 2) {
            double l[2] = {0, 0};
            for (long k = 0; k < nb; k++) l[k & 1] = l[k & 1] + GA(g, o, k0 + k) * GX(g, k0 + k);
            t = l[0] + l[1];
        } else {
            double p[2] = {0, 0}, q[2] = {0, 0};
            for (long k = 0; k < nb; k++) {
                double v = GA(g, o, k0 + k) * GX(g, k0 + k);
                if ((k & 3) < 2) p[k & 1] = p[k & 1] + v;
                else q[k & 1] = q[k & 1] + v;
            }
            t = (p[0] + q[0]) + (p[1] + q[1]);
        }
        y = y + t;
        k0 += nb;
    }
    if (m3 == 3) y = y + e3(ct, GA(g, o, k0), GX(g, k0), GA(g, o, k0 + 1), GX(g, k0 + 1), GA(g, o, k0 + 2), GX(g, k0 + 2));
    else if (m3 == 2) y = y + e2(ct, GA(g, o, k0), GX(g, k0), GA(g, o, k0 + 1), GX(g, k0 + 1));
    else if (m3 == 1) y = acc1(ct, y, GA(g, o, k0), GX(g, k0));
    return pz(y);
}

/// ddot of x (stride 1) and y (stride ys), n terms.
INLINE double ddot(int kern, const double *x, const double *y, long ys, long n) {
    long n16 = n & -16L, i = 0;
    double dot = 0.0;
    if (n16) {
        if (kern == 0) {
            double a[4][4] = {{0}};
            for (i = 0; i < n16; i++) a[(i >> 2) & 3][i & 3] = fma(x[i], y[i * ys], a[(i >> 2) & 3][i & 3]);
            double h[4][2];
            for (int v = 0; v < 4; v++) {
                h[v][0] = a[v][0] + a[v][2];
                h[v][1] = a[v][1] + a[v][3];
            }
            double u0 = (h[0][0] + h[1][0]) + (h[2][0] + h[3][0]);
            double u1 = (h[0][1] + h[1][1]) + (h[2][1] + h[3][1]);
            dot = u0 + u1;
        } else {
            long n32 = n16 & -32L;
            double a[4][4] = {{0}};
            if (n32) {
                double z[4][8] = {{0}};
                for (i = 0; i < n32; i++) z[(i >> 3) & 3][i & 7] = fma(x[i], y[i * ys], z[(i >> 3) & 3][i & 7]);
                for (int v = 0; v < 4; v++)
                    for (int l = 0; l < 4; l++) a[v][l] = z[v][l] + z[v][l + 4];
            }
            for (i = n32; i < n16; i++) a[((i - n32) >> 2) & 3][i & 3] = fma(x[i], y[i * ys], a[((i - n32) >> 2) & 3][i & 3]);
            double s[4];
            for (int l = 0; l < 4; l++) s[l] = ((a[0][l] + a[1][l]) + a[2][l]) + a[3][l];
            dot = (s[0] + s[2]) + (s[1] + s[3]);
        }
    }
    for (i = n16; i < n; i++) dot = kern == 0 ? dot + y[i * ys] * x[i] : fma(y[i * ys], x[i], dot);
    return pz(dot);
}

/* ------------------------------------------------------------------------
 * The plan: which routine NumPy and OpenBLAS use, and which order each
 * output of a dgemm gets.
 * ------------------------------------------------------------------------ */

enum { ROUTE_ZERO, ROUTE_DDOT, ROUTE_OUTER, ROUTE_GEMV_ROW, ROUTE_GEMV_COLUMN, ROUTE_GEMM };
enum { KIND_BLOCKED, KIND_DOT_TREE4, KIND_DOT_RED8, KIND_SPLIT2, KIND_SPLIT4, KIND_LAST_ROW };

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
static int skx_column_split(const npk_product *p, long j) {
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

/// The order of dgemm output (i, j); `split` is skx_column_split(p, j).
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
    switch (output_kind(p, i, j, skx_column_split(p, j))) {
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
static const char *simd_limit(void) {
    const char *limit = getenv("LESSONS_SIMD");
    return limit ? limit : "";
}
#endif

int npk_has_avx2_fma(void) {
#if defined(__x86_64__)
    static int known = -1;
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && strcmp(simd_limit(), "portable") != 0;
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

/* ------------------------------------------------------------------------
 * Fast paths: outputs of the blocked kind computed many at a time, each
 * lane its own chain in the same order; then the outputs of other kinds.
 * ------------------------------------------------------------------------ */
#if defined(__x86_64__)
static int has_avx512(void) {
    static int known = -1;
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx512f") && npk_has_avx2_fma() && strcmp(simd_limit(), "avx2") != 0;
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

__attribute__((target("avx512f"))) static void chains_avx512(
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

/// One FMA chain from 0 with A's entries `ak` apart.
static inline __attribute__((always_inline)) double chain_strided(const double *a, long ak, const double *b, long bs, long k0, long k1) {
    double s = 0.0;
    for (long k = k0; k < k1; k++) s = fma(a[k * ak], b[k * bs], s);
    return s;
}

#if defined(__x86_64__)
/// Tiles of 4 rows × 8 columns: eight accumulators of four lanes, each lane
/// one output's own FMA chain (vfmadd rounds once, as fma() does).
__attribute__((target("avx2,fma"))) static void chains_avx2(
    const double *A, long ai, long ak, const double *B, double *C, long N, long K, long q, long u, long row0, long row1, long col_end) {
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
                        __m256d a = _mm256_broadcast_sd(A + (i + r) * ai + k * ak);
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
                    for (int r = 0; r < 4; r++) s[r] = _mm256_fmadd_pd(_mm256_broadcast_sd(A + (i + r) * ai + k * ak), b0, s[r]);
                }
                for (int r = 0; r < 4; r++) {
                    double *c = C + (i + r) * N + j;
                    _mm256_storeu_pd(c, _mm256_add_pd(s[r], _mm256_loadu_pd(c)));
                }
            }
            for (; j < col_end; j++)
                for (int r = 0; r < 4; r++) {
                    double *c = C + (i + r) * N + j;
                    *c = chain_strided(A + (i + r) * ai, ak, B + j, N, k0, k0 + len) + *c;
                }
        }
        for (; i < row1; i++) {
            long j = 0;
            for (; j + 4 <= col_end; j += 4) {
                __m256d s = _mm256_setzero_pd();
                for (long k = k0; k < k0 + len; k++)
                    s = _mm256_fmadd_pd(_mm256_broadcast_sd(A + i * ai + k * ak), _mm256_loadu_pd(B + k * N + j), s);
                double *c = C + i * N + j;
                _mm256_storeu_pd(c, _mm256_add_pd(s, _mm256_loadu_pd(c)));
            }
            for (; j < col_end; j++) {
                double *c = C + i * N + j;
                *c = chain_strided(A + i * ai, ak, B + j, N, k0, k0 + len) + *c;
            }
        }
        k0 += len;
    }
}
#endif

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
    if (has_avx512()) return chains_avx512(A, ai, ak, B, C, N, K, p->q, p->u, row0, row1, N);
    if (npk_has_avx2_fma()) return chains_avx2(A, ai, ak, B, C, N, K, p->q, p->u, row0, row1, N);
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
    if (has_avx512()) chains_avx512(A, K, 1, B, C, N, K, p->q, p->u, row0, row1, cols);
    else if (npk_has_avx2_fma()) chains_avx2(A, K, 1, B, C, N, K, p->q, p->u, row0, row1, cols);
    else
#endif
        for (long i = row0; i < row1; i++)
            for (long j = 0; j < cols; j++) C[i * N + j] = blocked(A + i * K, B + j, N, K, p->q, p->u);
    // The outputs of other kinds: dot-style columns, split columns, Haswell's odd last row.
    int exceptions = cols < N || (p->kernel == NPK_HASWELL && (p->M & 1) && row1 == p->M) || (p->kernel == NPK_SKYLAKEX && p->path == 0 && N > 192);
    if (!exceptions) return;
    for (long j = 0; j < N; j++) {
        int split = skx_column_split(p, j);
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
    int uniform = p->route == ROUTE_GEMM && skx_column_split(p, j) == 0 && !(p->path == 1 && j >= p->dot_from)
        && !(p->kernel == NPK_HASWELL && (p->M & 1) && j < (p->N & ~3L));
    if (uniform && npk_has_avx2_fma()) {
        column_avx2(A, p->K, B + j * bj, bk, rows, count, p->q, p->u, out);
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
        row_avx2(a_row, B, N, K, p->q, p->u, cols, out);
    } else
#endif
        cols = 0;
    for (long j = cols; j < N; j++) out[j] = entry(p, A, B, N, 1, i, j);
    if (cols > 0)
        for (long j = 0; j < cols; j++) {
            int split = skx_column_split(p, j);
            if (split && output_kind(p, i, j, split) != KIND_BLOCKED) out[j] = entry(p, A, B, N, 1, i, j);
        }
}

/* ------------------------------------------------------------------------
 * Columns with one weight changed, from saved partial sums: for a blocked
 * column, the chain of a block is s_k = fma(a_k, b_k, s_{k-1}) from 0, so
 * changing b at k0 leaves everything before k0 as it was. Saving the chain
 * before every term and every block's sum, a nudge recomputes only the rest
 * of one block and the sum of the block sums -- the same operations on the
 * same values as the whole product, so the same bits.
 * ------------------------------------------------------------------------ */

long npk_dot_block_count(const npk_product *p) {
    long n = 0;
    for (long k0 = 0; k0 < p->K; n++) k0 += block_length(p->K - k0, p->q, p->u);
    return n;
}

int npk_dot_column_is_blocked(const npk_product *p, long j) {
    return p->route == ROUTE_GEMM && p->K > 0 && skx_column_split(p, j) == 0 && !(p->path == 1 && j >= p->dot_from)
        && !(p->kernel == NPK_HASWELL && (p->M & 1) && j < (p->N & ~3L));
}

INLINE void prefixes_body(const npk_product *p, const double *A, const double *b, long bs, double *before, double *sums) {
    long K = p->K;
    for (long r = 0; r < p->M; r++) {
        const double *a = A + r * K;
        double *pre = before + r * K, *sum = sums + r * npk_dot_block_count(p);
        long block = 0;
        for (long k0 = 0; k0 < K; block++) {
            long len = block_length(K - k0, p->q, p->u);
            double s = 0.0;
            for (long k = k0; k < k0 + len; k++) {
                pre[k] = s;
                s = fma(a[k], b[k * bs], s);
            }
            sum[block] = s;
            k0 += len;
        }
    }
}

/// The block that holds term k: its index and where it ends.
static inline void find_block(const npk_product *p, long k, long *index, long *end) {
    long n = 0;
    for (long k0 = 0; k0 < p->K; n++) {
        long len = block_length(p->K - k0, p->q, p->u);
        if (k < k0 + len) {
            *index = n;
            *end = k0 + len;
            return;
        }
        k0 += len;
    }
    *index = n;
    *end = p->K;
}

INLINE void nudged_body(const npk_product *p, const double *A, const double *b, long bs, long k_changed, double value,
                        const double *before, const double *sums, const long *rows, long count, double *out) {
    long K = p->K, nb = npk_dot_block_count(p);
    long target, end;
    find_block(p, k_changed, &target, &end);
    for (long n = 0; n < count; n++) {
        long r = rows[n];
        const double *a = A + r * K;
        double s = fma(a[k_changed], value, before[r * K + k_changed]);
        for (long k = k_changed + 1; k < end; k++) s = fma(a[k], b[k * bs], s);
        const double *sum = sums + r * nb;
        double c;
        if (p->q > K) {
            c = s; // one chain over all of K, no block sum
        } else {
            c = 0.0;
            for (long block = 0; block < nb; block++) c = c + (block == target ? s : sum[block]);
        }
        out[n] = c;
    }
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) static void prefixes_fma(
    const npk_product *p, const double *A, const double *b, long bs, double *before, double *sums) {
    prefixes_body(p, A, b, bs, before, sums);
}
/// Four rows at a time, each lane its own row's chain from its saved value.
__attribute__((target("avx2,fma"))) static void nudged_fma(
    const npk_product *p, const double *A, const double *b, long bs, long k_changed, double value, const double *before, const double *sums,
    const long *rows, long count, double *out) {
    long K = p->K, nb = npk_dot_block_count(p);
    long target, end;
    find_block(p, k_changed, &target, &end);
    long n = 0;
    __m256d v = _mm256_set1_pd(value);
    for (; n + 4 <= count; n += 4) {
        const double *a0 = A + rows[n] * K, *a1 = A + rows[n + 1] * K, *a2 = A + rows[n + 2] * K, *a3 = A + rows[n + 3] * K;
        __m256d s = _mm256_set_pd(
            before[rows[n + 3] * K + k_changed], before[rows[n + 2] * K + k_changed], before[rows[n + 1] * K + k_changed],
            before[rows[n] * K + k_changed]);
        s = _mm256_fmadd_pd(_mm256_set_pd(a3[k_changed], a2[k_changed], a1[k_changed], a0[k_changed]), v, s);
        for (long k = k_changed + 1; k < end; k++)
            s = _mm256_fmadd_pd(_mm256_set_pd(a3[k], a2[k], a1[k], a0[k]), _mm256_broadcast_sd(b + k * bs), s);
        double lanes[4];
        _mm256_storeu_pd(lanes, s);
        for (int l = 0; l < 4; l++) {
            const double *sum = sums + rows[n + l] * nb;
            double c;
            if (p->q > K) {
                c = lanes[l];
            } else {
                c = 0.0;
                for (long block = 0; block < nb; block++) c = c + (block == target ? lanes[l] : sum[block]);
            }
            out[n + l] = c;
        }
    }
    if (n < count) nudged_body(p, A, b, bs, k_changed, value, before, sums, rows + n, count - n, out + n);
}
#endif

void npk_dot_column_prefixes(const npk_product *p, const double *A, const double *b, long bs, double *before, double *sums) {
#if defined(__x86_64__)
    if (npk_has_avx2_fma()) return prefixes_fma(p, A, b, bs, before, sums);
#endif
    prefixes_body(p, A, b, bs, before, sums);
}

void npk_dot_column_nudged(const npk_product *p, const double *A, const double *b, long bs, long k_changed, double value,
                           const double *before, const double *sums, const long *rows, long count, double *out) {
#if defined(__x86_64__)
    if (npk_has_avx2_fma()) return nudged_fma(p, A, b, bs, k_changed, value, before, sums, rows, count, out);
#endif
    nudged_body(p, A, b, bs, k_changed, value, before, sums, rows, count, out);
}
