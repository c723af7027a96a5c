/*
 * NumPy's exp and log for the kernels below: Sources/_NumPyExpLog/exp_log.c
 * compiled a second time, here, under the names npk_kernel_*.
 *
 * Why twice: Package.swift compiles this target with -O2 in debug builds
 * too, so that `swift test` runs the networks at their real sizes; that
 * flag cannot go on _NumPyExpLog, which the LessonKit library product
 * depends on (a package with unsafe flags can be depended on only by
 * path). Without this copy, every sigmoid, softmax and log-probability
 * the kernels take in a debug build would call exp and log compiled at
 * -O0, a large share of `swift test`'s CPU time.
 *
 * The source, and so every operation and its order, is the same; the file
 * turns FP contraction off itself, so the optimiser cannot fuse a * b + c.
 * The bits are the same, which the network lessons' NumPy cross-checks
 * (debug and release) verify.
 */
#define npk_exp npk_kernel_exp
#define npk_log npk_kernel_log
#define npk_libm_pow npk_kernel_libm_pow
#include "../_NumPyExpLog/exp_log.c"

/* ------------------------------------------------------------------------
 * exp_body four at a time (AVX2 and FMA), for the kernels' long loops: the
 * same operations lane by lane, so the same bits. Lanes that would take
 * exp_body's other paths (NaN, |x| at or past EXP_RARE_ABS) make the
 * caller take the scalar code for those four.
 * ------------------------------------------------------------------------ */
#if defined(__x86_64__)
#include <immintrin.h>

/// 1 when every lane of x is on exp_body's common path.
__attribute__((target("avx2,fma"))) static inline int exp4_common(__m256d x) {
    __m256d magnitude = _mm256_andnot_pd(_mm256_set1_pd(-0.0), x);
    // NaN compares false (ordered, non-signalling), so it fails this test too.
    return _mm256_movemask_pd(_mm256_cmp_pd(magnitude, _mm256_set1_pd(EXP_RARE_ABS), _CMP_LT_OQ)) == 15;
}

/// exp_body(x) in each lane, every lane on the common path.
__attribute__((target("avx2,fma"))) static inline __m256d exp4(__m256d x) {
    const __m256d shifter = _mm256_set1_pd(0x1.8p52); // adding it leaves an integer in the low bits
    __m256d p = _mm256_mul_pd(x, _mm256_set1_pd(EXP_LOG2E));
    __m256d perr = _mm256_fmsub_pd(x, _mm256_set1_pd(EXP_LOG2E), p);
    __m256d p16 = _mm256_mul_pd(p, _mm256_set1_pd(16.0));
    __m256d f = _mm256_round_pd(p16, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
    __m256d tie = _mm256_and_pd(_mm256_cmp_pd(f, p16, _CMP_EQ_OQ), _mm256_cmp_pd(perr, _mm256_setzero_pd(), _CMP_LT_OQ));
    f = _mm256_sub_pd(f, _mm256_and_pd(tie, _mm256_set1_pd(1.0)));
    __m256d nn = _mm256_add_pd(_mm256_mul_pd(f, _mm256_set1_pd(0.0625)), _mm256_setzero_pd());
    // j = n16 & 15 (two's complement low bits), m = floor(n16 / 16) = floor(f / 16) (exact).
    __m256i n16 = _mm256_castpd_si256(_mm256_add_pd(f, shifter));
    __m256i j = _mm256_and_si256(n16, _mm256_set1_epi64x(15));
    __m256d mf = _mm256_round_pd(_mm256_mul_pd(f, _mm256_set1_pd(0.0625)), _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
    __m256i biased = _mm256_castpd_si256(_mm256_add_pd(_mm256_add_pd(mf, _mm256_set1_pd(1023.0)), shifter));
    __m256d scale = _mm256_castsi256_pd(_mm256_slli_epi64(_mm256_and_si256(biased, _mm256_set1_epi64x(2047)), 52));

    __m256d r = _mm256_fmadd_pd(_mm256_xor_pd(nn, _mm256_set1_pd(-0.0)), _mm256_set1_pd(EXP_LN2_HI), x);
    r = _mm256_fmadd_pd(_mm256_set1_pd(-EXP_LN2_LO), nn, r);
    r = _mm256_and_pd(r, _mm256_castsi256_pd(_mm256_set1_epi64x((long long)0xbfffffffffffffffULL)));
    __m256d r2 = _mm256_mul_pd(r, r);
    __m256d p56 = _mm256_fmadd_pd(_mm256_set1_pd(EXP_C6), r, _mm256_set1_pd(EXP_C5));
    __m256d p34 = _mm256_fmadd_pd(_mm256_set1_pd(EXP_C4), r, _mm256_set1_pd(EXP_C3));
    __m256d p12 = _mm256_fmadd_pd(_mm256_set1_pd(EXP_C2), r, _mm256_set1_pd(EXP_C1));
    __m256d q = _mm256_fmadd_pd(r2, p56, p34);
    q = _mm256_fmadd_pd(r2, q, p12);
    __m256i index = _mm256_slli_epi64(j, 3); // 8 * j
    __m256d th = _mm256_i64gather_pd((const double *)EXP2_J64, index, 8);
    __m256d tl = _mm256_i64gather_pd((const double *)EXP2_J64 + 1, index, 8);
    q = _mm256_fmadd_pd(q, r, tl);
    __m256d y = _mm256_fmadd_pd(th, q, th);
    return _mm256_mul_pd(y, scale);
}

/// z[i] = 1 / (1 + exp(-a[i])) with NumPy's SVML exp, four at a time; the
/// count done (the rest, under four, is the caller's).
__attribute__((target("avx2,fma"))) long npk__sigmoid_svml_avx2(const double *a, double *z, long count) {
    const __m256d one = _mm256_set1_pd(1.0);
    long i = 0;
    for (; i + 4 <= count; i += 4) {
        __m256d x = _mm256_xor_pd(_mm256_loadu_pd(a + i), _mm256_set1_pd(-0.0)); // -a, as the scalar code negates
        if (!exp4_common(x)) {
            for (long l = i; l < i + 4; l++) z[l] = 1 / (1 + exp_fma(-a[l]));
            continue;
        }
        _mm256_storeu_pd(z + i, _mm256_div_pd(one, _mm256_add_pd(one, exp4(x))));
    }
    return i;
}

/// out[k] = exp(in[k] - c) with NumPy's SVML exp, four at a time; the count
/// done.
__attribute__((target("avx2,fma"))) long npk__exp_shifted_svml_avx2(const double *in, double c, double *out, long count) {
    long k = 0;
    for (; k + 4 <= count; k += 4) {
        __m256d x = _mm256_sub_pd(_mm256_loadu_pd(in + k), _mm256_set1_pd(c));
        if (!exp4_common(x)) {
            for (long l = k; l < k + 4; l++) out[l] = exp_fma(in[l] - c);
            continue;
        }
        _mm256_storeu_pd(out + k, exp4(x));
    }
    return k;
}
#endif
