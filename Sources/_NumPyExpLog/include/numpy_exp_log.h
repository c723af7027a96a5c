/*
 * numpy_exp_log.h -- scalar, portable re-implementations of the float64
 * exp/log kernels that NumPy 2.x (Linux x86_64 wheels, e.g. 2.4.x) runs on
 * CPUs with the X86_V4 (AVX-512 F/CD/BW/DQ/VL) feature group.
 *
 * On such CPUs NumPy's DOUBLE_exp / DOUBLE_log inner loops call Intel's
 * open-source SVML kernels __svml_exp8_ha / __svml_log8_ha (vendored in
 * numpy/_core/src/umath/svml), NOT glibc.  npk_exp/npk_log reproduce those
 * results bit for bit using only scalar C (fma() from <math.h>).
 *
 * Build with -ffp-contract=off (no implicit FMA contraction).
 *
 * Being scalar C with explicit fma(), they give the same bits on every CPU
 * and OS: they are the exp and log of the lessons' canonical arithmetic
 * (Sources/Arithmetic), whatever NumPy does on the machine at hand.
 * Sources/_NumPyKernels/exp_log_optimised.c compiles this file a second
 * time, under the names npk_kernel_exp and npk_kernel_log.
 *
 * Caveat (NumPy behaviour, not this file): even on X86_V4 CPUs NumPy uses
 * libm exp/log when the ufunc inner loop gets a NEGATIVE input or output
 * stride (e.g. np.exp(x[::-1]) for 1-D x, or out=y[::-1]): the check
 * npyv_loadable_stride_f64() divides the signed stride by an unsigned
 * sizeof and rejects it.  Partially overlapping in/out memory also falls
 * back to libm.  Multi-dimensional reversed views are normally re-oriented
 * by the iterator and do use SVML.
 */
#ifndef NUMPY_EXP_LOG_H
#define NUMPY_EXP_LOG_H

#ifdef __cplusplus
extern "C" {
#endif

/* np.exp(x) for float64, as computed by NumPy's AVX-512 (SVML) loop. */
double npk_exp(double x);

/* np.log(x) for float64, as computed by NumPy's AVX-512 (SVML) loop. */
double npk_log(double x);

/* The C library's pow(x, y), called out of line. Where an optimiser sees
 * pow(x, 2.0) (Swift's and clang's alike) it writes x * x instead, which is
 * the correctly rounded square and not always what pow returns; NumPy's
 * scalar x**2 calls pow. A call through this function cannot be rewritten. */
double npk_libm_pow(double x, double y);

#ifdef __cplusplus
}
#endif

#endif /* NUMPY_EXP_LOG_H */
