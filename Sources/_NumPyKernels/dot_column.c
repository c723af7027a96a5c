/* dot_column.c -- one column of a product again after one weight changed,
 * from saved partial sums (the numerical gradient's nudges), in the order of
 * dot_order.h, so the same bits as the whole product.
 */

#include "dot_order.h"

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
    return p->route == ROUTE_GEMM && p->K > 0 && npk__skx_column_split(p, j) == 0 && !(p->path == 1 && j >= p->dot_from)
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
