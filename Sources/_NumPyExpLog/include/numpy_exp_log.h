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

/* 1 if NumPy 2.x on the running CPU would dispatch float64 exp/log to the
 * AVX-512 (SVML) code, i.e. the CPU (and OS) supports NumPy's X86_V4 group:
 * AVX512F, AVX512CD, AVX512BW, AVX512DQ, AVX512VL plus the X86_V3 group
 * (AVX, AVX2, FMA3, F16C, BMI, BMI2, LZCNT, MOVBE) and X86_V2 baseline.
 * 0 otherwise (NumPy then uses the C library's exp/log).
 * Always 0 on non-x86_64 targets. */
int npk_numpy_uses_own_exp_log(void);

/* Whether np.exp/np.log here are the SVML ones: npk_numpy_uses_own_exp_log(),
 * unless LESSONS_NUMPY_EXP=libm or svml says otherwise. */
int npk_numpy_uses_svml(void);

/* np.exp(x) and np.log(x) as NumPy computes them on this CPU: npk_exp and
 * npk_log where NumPy uses SVML, the C library's exp and log elsewhere. */
double npk_numpy_exp(double x);
double npk_numpy_log(double x);

/* The C library's pow(x, y), called out of line. Where an optimiser sees
 * pow(x, 2.0) (Swift's and clang's alike) it writes x * x instead, which is
 * the correctly rounded square and not always what pow returns; NumPy's
 * scalar x**2 calls pow. A call through this function cannot be rewritten. */
double npk_libm_pow(double x, double y);

#ifdef __cplusplus
}
#endif

#endif /* NUMPY_EXP_LOG_H */
