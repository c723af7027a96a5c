#ifndef NUMPY_KERNELS_H
#define NUMPY_KERNELS_H

/// C = A · B for row-major A (M×K), B (K×N), C (M×N), rows [row0, row1) of C
/// only, in the order of operations of OpenBLAS's Haswell dgemm (see dot.c).
void npk_dot_haswell(const double *A, const double *B, double *C, long M, long N, long K, long row0, long row1);

/// 1 when this CPU runs the AVX2/FMA kernel, 0 for the portable fma() loop
/// (same bits, slower).
int npk_has_avx2_fma(void);

#endif
