/* dot_order.h -- what dot.c, dot_simd.c, dot_packed.c and dot_column.c share: the order
 * of each output (see dot.c's header for the rules these functions follow),
 * the routes and kinds of a plan, and the fast loops each file calls.
 * Private to _NumPyKernels: the public interface is include/numpy_kernels.h.
 */
#ifndef DOT_ORDER_H
#define DOT_ORDER_H

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


/// One FMA chain from 0 with A's entries `ak` apart.
INLINE double chain_strided(const double *a, long ak, const double *b, long bs, long k0, long k1) {
    double s = 0.0;
    for (long k = k0; k < k1; k++) s = fma(a[k * ak], b[k * bs], s);
    return s;
}

enum { ROUTE_ZERO, ROUTE_DDOT, ROUTE_OUTER, ROUTE_GEMV_ROW, ROUTE_GEMV_COLUMN, ROUTE_GEMM };
enum { KIND_BLOCKED, KIND_DOT_TREE4, KIND_DOT_RED8, KIND_SPLIT2, KIND_SPLIT4, KIND_LAST_ROW };

/// SkylakeX large path, N > 192: how column j's chain is split (0, 2 or 4 ways).
int npk__skx_column_split(const npk_product *p, long j);

#if defined(__x86_64__)
/// LESSONS_SIMD as set ("" when unset): avx2 or portable narrows the loops.
const char *npk__simd_limit(void);
/// Whether the AVX-512 loops may run here.
int npk__has_avx512(void);
/// The fast loops of dot_simd.c and dot_packed.c: blocked outputs many at a time, each lane its own chain.
__attribute__((target("avx512f"))) void npk__chains_avx512(const double *A, long ai, long ak, const double *B, double *C, long N, long K, long q, long u, long row0, long row1, long col_end);
__attribute__((target("avx2,fma"))) void npk__chains_avx2(const double *A, long ai, long ak, const double *B, double *C, long N, long K, long q, long u, long row0, long row1, long col_end);
__attribute__((target("avx2,fma"))) void npk__column_avx2(const double *A, long K, const double *b, long bs, const long *rows, long count, long q, long u, double *out);
__attribute__((target("avx2,fma"))) void npk__row_avx2(const double *a, const double *B, long N, long K, long q, long u, long col_end, double *out);
#endif

#endif
