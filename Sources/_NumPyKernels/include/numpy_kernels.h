#ifndef NUMPY_KERNELS_H
#define NUMPY_KERNELS_H

#include "numpy_exp_log.h"
#include <stdint.h>

/// The OpenBLAS kernels NumPy's products follow.
enum npk_kernel { NPK_HASWELL = 0, NPK_SKYLAKEX = 1 };

/// One product `C (M×N) = A (M×K) · B (K×N)` as NumPy hands it to OpenBLAS
/// (see dot.c for the orders). `a_view` / `b_view`: NumPy's operand was a
/// transposed view (x.T), which selects other OpenBLAS paths. npk_plan
/// fills the rest.
typedef struct {
    int kernel;
    long M, N, K;
    int a_view, b_view;
    /// What NumPy calls: 0 nothing (K = 0), 1 ddot, 2 a (1, 1) factor,
    /// 3 dgemv for one row, 4 dgemv for one column, 5 dgemm.
    int route;
    /// The operands as OpenBLAS's dgemm sees them (views, and any (n, 1) or (1, n)).
    int ta, tb;
    /// dgemm: 0 the level-3 driver (blocks of q, rounded to u), 1 SkylakeX's
    /// small-matrix kernels (one chain over K; dot style from column dot_from).
    int path;
    long q, u;
    long dot_from;
} npk_product;

npk_product npk_plan(int kernel, long M, long N, long K, int ta, int tb);

/// Rows [row0, row1) of C; A, B, C row-major with their logical shapes.
void npk_dot_rows(const npk_product *p, const double *A, const double *B, double *C, long row0, long row1);

/// Rows [row0, row1) of C, as npk_dot_rows gives them, from only those
/// rows: `A_rows` holds rows row0.. of A, `C_rows` receives rows row0.. of
/// C. The order of each output depends on its row in the whole product (an
/// odd last row, SkylakeX's row groups), so the plan is the whole product's
/// and the row indices absolute; a pass over a large set needs no more than
/// a block of it in memory.
void npk_dot_rows_from(const npk_product *p, const double *A_rows, const double *B, double *C_rows, long row0, long row1);

/// Whether some outputs of the product add up otherwise than in blocks of
/// single chains (then only npk_dot_rows computes it).
int npk_dot_has_exceptions(const npk_product *p);

/// Rows [row0, row1) of C for a product without exceptions, A's element
/// (i, k) being A[i * ai + k * ak] (ai = 1, ak = M for a transpose stored
/// row-major): the same bits as npk_dot_rows, without copying A.
void npk_dot_rows_strided(const npk_product *p, const double *A, long ai, long ak, const double *B, double *C, long row0, long row1);

/// The one output C[i, j]. A is row-major (M×K); B's element (k, j) is
/// B[k * bk + j * bj] (bk = N, bj = 1 for row-major B; bk = 1, bj = K for
/// its transpose stored row-major).
double npk_dot_entry(const npk_product *p, const double *A, const double *B, long bk, long bj, long i, long j);

/// Outputs C[rows[q], j] for q < count, each exactly as npk_dot_entry gives it.
void npk_dot_column(const npk_product *p, const double *A, const double *B, long bk, long bj, long j, const long *rows, long count,
                    double *out);

/// Whether every output of column j adds up in blocks of single chains
/// (so that npk_dot_column_nudged applies).
int npk_dot_column_is_blocked(const npk_product *p, long j);

/// The number of blocks K splits into.
long npk_dot_block_count(const npk_product *p);

/// For a blocked column with entries b[k * bs]: `before[r * K + k]` gets
/// row r's chain just before term k, `sums[r * blocks + t]` block t's sum.
void npk_dot_column_prefixes(const npk_product *p, const double *A, const double *b, long bs, double *before, double *sums);

/// Outputs (rows[n], j) of that column with its entry k_changed set to
/// `value`, from the saved chains: the same bits as the whole product.
void npk_dot_column_nudged(const npk_product *p, const double *A, const double *b, long bs, long k_changed, double value,
                           const double *before, const double *sums, const long *rows, long count, double *out);

/// All N outputs of row i (`a_row` is row i of A; B row-major K×N), each
/// exactly as npk_dot_entry gives it.
void npk_dot_row(const npk_product *p, const double *a_row, const double *B, long i, double *out);

/// `np.sum(a)` of a contiguous float64 array: 0.0 + NumPy's pairwise sum.
double npk_sum(const double *a, long n);

/// `log(softmax(a)[label] + delta)` for one row `a` of n scores (the book's
/// delta is 1e-7), in the
/// book's steps and NumPy's order (max, exp of the differences, pairwise
/// sum, divide, log); `svml` picks NumPy's SVML exp/log (1) or the C
/// library's (0), here and in the functions below.
double npk_log_probability(const double *a, long n, long label, double delta, int svml);

/// NumPy's SVML exp and log (npk_exp and npk_log): the kernels' own copy of
/// _NumPyExpLog's functions, compiled with the kernels (see
/// exp_log_optimised.c); same source, same bits.
double npk_kernel_exp(double x);
double npk_kernel_log(double x);

/// The book's softmax of each of `rows` rows of n scores (y may be a).
void npk_softmax_rows(const double *a, double *y, long rows, long n, int svml);

/// z = 1 / (1 + exp(-a)) element by element (z may be a).
void npk_sigmoid(const double *a, double *z, long count, int svml);

/// out[k] = (double)((float)bytes[k] / 255.0f): the book's float32 pixels,
/// widened as np.dot widens them.
void npk_widen_pixels(const uint8_t *bytes, long count, double *out);

/// npk_widen_pixels of images indices[0..<count] (each `size` bytes, at
/// bytes + index * size) into consecutive rows of out.
void npk_widen_images(const uint8_t *bytes, long size, const long *indices, long count, double *out);

/// Large blocks freed by a long run stay in the heap for reuse, instead of
/// going back to the system and being faulted in and zeroed again (glibc).
void npk_keep_freed_memory(void);

/// 1 when this CPU runs the AVX2/FMA loops, 0 for portable fma() (same bits, slower).
int npk_has_avx2_fma(void);

#endif
