// Row operations of the network's loss in NumPy's order, for the numerical
// gradient's inner loop (compiled optimised even in debug builds).
#include "numpy_kernels.h"
#pragma STDC FP_CONTRACT OFF
#include <math.h>
#include <stdlib.h>

/// NumPy's pairwise sum of a contiguous float64 array (without the leading
/// 0.0 + that np.sum adds).
static double pairwise(const double *a, long n) {
    if (n < 8) {
        double r = 0.0;
        for (long i = 0; i < n; i++) r += a[i];
        return r;
    }
    if (n <= 128) {
        double r[8];
        for (int j = 0; j < 8; j++) r[j] = a[j];
        long i = 8;
        for (; i < n - n % 8; i += 8)
            for (int j = 0; j < 8; j++) r[j] += a[i + j];
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) res += a[i];
        return res;
    }
    long half = n / 2;
    half -= half % 8;
    return pairwise(a, half) + pairwise(a + half, n - half);
}

double npk_sum(const double *a, long n) { return 0.0 + pairwise(a, n); }

static double numpy_exp(double x, int svml) { return svml ? npk_kernel_exp(x) : exp(x); }
static double numpy_log(double x, int svml) { return svml ? npk_kernel_log(x) : log(x); }

#if defined(__x86_64__)
/* exp_log_optimised.c: the SVML exp four at a time (same bits); each
 * returns how many values it did, the rest being the caller's. */
long npk__sigmoid_svml_avx2(const double *a, double *z, long count);
long npk__exp_shifted_svml_avx2(const double *in, double c, double *out, long count);
#endif

/// out[k] = exp(in[k] - c) for k < n.
static void exp_shifted(const double *in, double c, double *out, long n, int svml) {
    long k = 0;
#if defined(__x86_64__)
    if (svml && npk_has_avx2_fma()) k = npk__exp_shifted_svml_avx2(in, c, out, n);
#endif
    for (; k < n; k++) out[k] = numpy_exp(in[k] - c, svml);
}

static double row_max(const double *a, long n) {
    double c = a[0];
    for (long k = 1; k < n; k++) {
        if (isnan(a[k]) || isnan(c)) return NAN;
        if (a[k] > c) c = a[k];
    }
    return c;
}

double npk_log_probability(const double *a, long n, long label, double delta, int svml) {
    double stack[128];
    double *e = n <= 128 ? stack : malloc((size_t)n * sizeof(double));
    double c = row_max(a, n);
    exp_shifted(a, c, e, n, svml);
    double s = npk_sum(e, n);
    double y = e[label] / s;
    if (e != stack) free(e);
    return numpy_log(y + delta, svml);
}

void npk_softmax_rows(const double *a, double *y, long rows, long n, int svml) {
    for (long r = 0; r < rows; r++) {
        const double *in = a + r * n;
        double *out = y + r * n;
        double c = row_max(in, n);
        exp_shifted(in, c, out, n, svml);
        double s = npk_sum(out, n);
        for (long k = 0; k < n; k++) out[k] = out[k] / s;
    }
}

void npk_sigmoid(const double *a, double *z, long count, int svml) {
    long i = 0;
#if defined(__x86_64__)
    if (svml && npk_has_avx2_fma()) i = npk__sigmoid_svml_avx2(a, z, count);
#endif
    for (; i < count; i++) z[i] = 1 / (1 + numpy_exp(-a[i], svml));
}

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void npk_keep_freed_memory(void) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}
