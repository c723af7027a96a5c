#ifndef NUMPY_KERNELS_H
#define NUMPY_KERNELS_H

#include "numpy_exp_log.h"

/// The OpenBLAS kernels NumPy's products follow.
enum npk_kernel { NPK_HASWELL = 0, NPK_SKYLAKEX = 1 };

/// One product `C (M×N) = A (M×K) · B (K×N)` as NumPy hands it to OpenBLAS:
/// `ta` / `tb` say whether NumPy's operand was a transposed view (x.T), which
/// can select another OpenBLAS path. `npk_plan` fills the rest.
typedef struct {
    int kernel;
    long M, N, K;
    int ta, tb;
    /// How each output adds up (set by npk_plan): 0 = blocks of K (q, u) each
    /// one FMA chain, 1 = OpenBLAS's small-matrix paths (see dot.c).
    int path;
    long q, u;
} npk_product;

npk_product npk_plan(int kernel, long M, long N, long K, int ta, int tb);

/// Rows [row0, row1) of C; A, B, C row-major with their logical shapes.
void npk_dot_rows(const npk_product *p, const double *A, const double *B, double *C, long row0, long row1);

/// The one output C[i, j]: `a` is row i of A (K values, stride 1), `b` is
/// column j of B (K values, `b_stride` apart).
double npk_dot_entry(const npk_product *p, const double *a, const double *b, long b_stride, long i, long j);

/// Outputs C[rows[q], j] for q < count (A row-major M×K; `b` column j of B,
/// `b_stride` apart), each exactly as npk_dot_entry gives it.
void npk_dot_column(const npk_product *p, const double *A, const double *b, long b_stride, long j, const long *rows, long count,
                    double *out);

/// All N outputs of row i (`a` is row i of A; B row-major K×N), each exactly
/// as npk_dot_entry gives it.
void npk_dot_row(const npk_product *p, const double *a, const double *B, long i, double *out);

/// `np.sum(a)` of a contiguous float64 array: 0.0 + NumPy's pairwise sum.
double npk_sum(const double *a, long n);

/// `log(softmax(a)[label] + 1e-7)` for one row `a` of n scores, in the
/// book's steps and NumPy's order (max, exp of the differences, pairwise
/// sum, divide, log); `svml` picks NumPy's own exp/log over the C library's.
double npk_log_probability(const double *a, long n, long label, int svml);

/// The book's softmax of each of `rows` rows of n scores (y may be a).
void npk_softmax_rows(const double *a, double *y, long rows, long n, int svml);

/// z = 1 / (1 + exp(-a)) element by element (z may be a).
void npk_sigmoid(const double *a, double *z, long count, int svml);

/// Which kernel NumPy's OpenBLAS picks on this CPU.
int npk_openblas_kernel(void);

/// 1 when this CPU runs the AVX2/FMA loops, 0 for portable fma() (same bits, slower).
int npk_has_avx2_fma(void);

#endif
