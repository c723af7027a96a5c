/*
 * exp_log.c -- bit-exact scalar ports of the float64 exp/log kernels
 * that NumPy 2.x (Linux x86_64 builds, verified against 2.4.6) executes on
 * CPUs with its X86_V4 (AVX-512) feature group.
 *
 * Where the numbers come from
 * ---------------------------
 * numpy/_core/src/umath/loops_exponent_log.dispatch.c.src (v2.4.6), function
 * DOUBLE_exp / DOUBLE_log: when compiled for the X86_V4 target
 * (NPY_HAVE_AVX512_SKX) and NPY_CAN_LINK_SVML (set by numpy/_core/meson.build
 * for linux + x86_64 + X86_V4 in the dispatch list, i.e. every manylinux
 * x86_64 wheel), the loop calls __svml_exp8_ha / __svml_log8_ha, Intel's
 * open-source SVML kernels vendored from github.com/numpy/SVML
 * (linux/avx512/svml_z0_exp_d_ha.s, svml_z0_log_d_ha.s).  The older
 * AVX512F_exp_DOUBLE / AVX512F_log_DOUBLE code in that file is compiled out
 * in such builds.  This file re-expresses the algorithm of those SVML
 * kernels (main vector path + scalar "rare" callout) in portable scalar C;
 * the tables and coefficients are the kernels' constants (as IEEE bit
 * patterns).  Every fused multiply-add of the vector code is an explicit
 * fma(); every separately rounded operation is a plain C operation, so the
 * file must be compiled without FP contraction (-ffp-contract=off).
 *
 * Requirements: IEEE-754 binary64 double, round-to-nearest mode, a correctly
 * rounded fma() (C99/glibc/Apple libm all qualify).
 *
 * Compiled twice: here, and in Sources/_NumPyKernels/exp_log_optimised.c,
 * which includes this file under the names npk_kernel_exp, npk_kernel_log
 * and npk_kernel_libm_pow (that file says why).
 */
#include "numpy_exp_log.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Every a*b+c below must be rounded twice unless written as fma().  Build
 * with -ffp-contract=off; the pragmas additionally stop implicit contraction
 * under clang's default (-ffp-contract=on, e.g. SwiftPM C targets) and GCC's
 * GNU-mode default (fast) on FMA-capable targets (arm64, -march=x86-64-v3). */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize ("fp-contract=off")
#endif

#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD != 0
#error "numpy_exp_log.c needs FLT_EVAL_METHOD == 0 (SSE2/arm64 double arithmetic)"
#endif

static inline uint64_t npk_bits(double d) { uint64_t u; memcpy(&u, &d, sizeof u); return u; }
static inline double npk_dbl(uint64_t u) { double d; memcpy(&d, &u, sizeof d); return d; }

/* NaN in, the same NaN out, made quiet (what the x86 vector units return). */
static inline double npk_quiet(double x) { return npk_dbl(npk_bits(x) | 0x0008000000000000ULL); }

/* 2^k as a double, for -1022 <= k <= 1023 (exact, built from bits). */
static inline double npk_pow2(int k) { return npk_dbl((uint64_t)(k + 1023) << 52); }

/* ------------------------------------------------------------------------
 * exp
 * ------------------------------------------------------------------------
 * 2^(j/64), j = 0..63, as (high, low) pairs: EXP2_J64[2j] is the double
 * nearest to 2^(j/64), EXP2_J64[2j+1] the next correction term.  The vector
 * path uses the 16 entries j = 4i (2^(i/16)); the scalar rare path all 64.
 */
static const uint64_t EXP2_J64[128] = {
    0x3ff0000000000000ULL, 0x0000000000000000ULL,
    0x3ff02c9a3e778061ULL, 0xbc7160139cd8dc5dULL,
    0x3ff059b0d3158574ULL, 0x3c8cd2523567f613ULL,
    0x3ff0874518759bc8ULL, 0x3c60f74e61e6c861ULL,
    0x3ff0b5586cf9890fULL, 0x3c979aa65d837b6dULL,
    0x3ff0e3ec32d3d1a2ULL, 0x3c3ebe3d702f9cd1ULL,
    0x3ff11301d0125b51ULL, 0xbc9556522a2fbd0eULL,
    0x3ff1429aaea92de0ULL, 0xbc91c923b9d5f416ULL,
    0x3ff172b83c7d517bULL, 0xbc801b15eaa59348ULL,
    0x3ff1a35beb6fcb75ULL, 0x3c8b898c3f1353bfULL,
    0x3ff1d4873168b9aaULL, 0x3c9aecf73e3a2f60ULL,
    0x3ff2063b88628cd6ULL, 0x3c8a6f4144a6c38dULL,
    0x3ff2387a6e756238ULL, 0x3c968efde3a8a894ULL,
    0x3ff26b4565e27cddULL, 0x3c80472b981fe7f2ULL,
    0x3ff29e9df51fdee1ULL, 0x3c82f7e16d09ab31ULL,
    0x3ff2d285a6e4030bULL, 0x3c8b3782720c0ab4ULL,
    0x3ff306fe0a31b715ULL, 0x3c834d754db0abb6ULL,
    0x3ff33c08b26416ffULL, 0x3c8fdd395dd3f84aULL,
    0x3ff371a7373aa9cbULL, 0xbc924aedcc4b5068ULL,
    0x3ff3a7db34e59ff7ULL, 0xbc71d1e83e9436d2ULL,
    0x3ff3dea64c123422ULL, 0x3c859f48a72a4c6dULL,
    0x3ff4160a21f72e2aULL, 0xbc58a78f4817895bULL,
    0x3ff44e086061892dULL, 0x3c4363ed60c2ac11ULL,
    0x3ff486a2b5c13cd0ULL, 0x3c6ecce1daa10379ULL,
    0x3ff4bfdad5362a27ULL, 0x3c7690cebb7aafb0ULL,
    0x3ff4f9b2769d2ca7ULL, 0xbc8f94340071a38eULL,
    0x3ff5342b569d4f82ULL, 0xbc78dec6bd0f385fULL,
    0x3ff56f4736b527daULL, 0x3c93350518fdd78eULL,
    0x3ff5ab07dd485429ULL, 0x3c9063e1e21c5409ULL,
    0x3ff5e76f15ad2148ULL, 0x3c9432e62b64c035ULL,
    0x3ff6247eb03a5585ULL, 0xbc8c33c53bef4da8ULL,
    0x3ff6623882552225ULL, 0xbc93cedd78565858ULL,
    0x3ff6a09e667f3bcdULL, 0xbc93b3efbf5e2228ULL,
    0x3ff6dfb23c651a2fULL, 0xbc6367efb86da9eeULL,
    0x3ff71f75e8ec5f74ULL, 0xbc781f647e5a3ecfULL,
    0x3ff75feb564267c9ULL, 0xbc8619321e55e68aULL,
    0x3ff7a11473eb0187ULL, 0xbc7b32dcb94da51dULL,
    0x3ff7e2f336cf4e62ULL, 0x3c65ebe1abd66c55ULL,
    0x3ff82589994cce13ULL, 0xbc9369b6f13b3734ULL,
    0x3ff868d99b4492edULL, 0xbc94d450d872576eULL,
    0x3ff8ace5422aa0dbULL, 0x3c8db72fc1f0eab4ULL,
    0x3ff8f1ae99157736ULL, 0x3c7bf68359f35f44ULL,
    0x3ff93737b0cdc5e5ULL, 0xbc5da9b88b6c1e29ULL,
    0x3ff97d829fde4e50ULL, 0xbc92434322f4f9aaULL,
    0x3ff9c49182a3f090ULL, 0x3c71affc2b91ce27ULL,
    0x3ffa0c667b5de565ULL, 0xbc87c50422622263ULL,
    0x3ffa5503b23e255dULL, 0xbc91bbd1d3bcbb15ULL,
    0x3ffa9e6b5579fdbfULL, 0x3c8469846e735ab3ULL,
    0x3ffae89f995ad3adULL, 0x3c8c1a7792cb3387ULL,
    0x3ffb33a2b84f15fbULL, 0xbc55c3d956dcaebaULL,
    0x3ffb7f76f2fb5e47ULL, 0xbc68d6f438ad9334ULL,
    0x3ffbcc1e904bc1d2ULL, 0x3c74ffd70a5fddcdULL,
    0x3ffc199bdd85529cULL, 0x3c736eae30af0cb3ULL,
    0x3ffc67f12e57d14bULL, 0x3c84e08fd10959acULL,
    0x3ffcb720dcef9069ULL, 0x3c676b2c6c921968ULL,
    0x3ffd072d4a07897cULL, 0xbc8fad5d3ffffa6fULL,
    0x3ffd5818dcfba487ULL, 0x3c74a385a63d07a7ULL,
    0x3ffda9e603db3285ULL, 0x3c8e5a50d5c192acULL,
    0x3ffdfc97337b9b5fULL, 0xbc82d52107b43e1fULL,
    0x3ffe502ee78b3ff6ULL, 0x3c74b604603a88d3ULL,
    0x3ffea4afa2a490daULL, 0xbc8ff7128fd391f0ULL,
    0x3ffefa1bee615a27ULL, 0x3c8ec3bc41aa2008ULL,
    0x3fff50765b6e4540ULL, 0x3c8a64a931d185eeULL,
    0x3fffa7c1819e90d8ULL, 0x3c77893b4d91cd9dULL,
};

/* --- vector-path constants (__svml_dexp_ha_data_internal_avx512) --- */
#define EXP_LOG2E     0x1.71547652b82fep+0   /* log2(e) */
#define EXP_LN2_HI    0x1.62e42fefa39efp-1   /* ln 2, high part */
#define EXP_LN2_LO    0x1.abc9e3b39803fp-56  /* ln 2, low part */
#define EXP_C6        0x1.7411836940c04p-10
#define EXP_C5        0x1.1101cbbc265c0p-7
#define EXP_C4        0x1.55557242d68fep-5
#define EXP_C3        0x1.5555553939732p-3
#define EXP_C2        0x1.000000000d008p-1
#define EXP_C1        0x1.fffffffffff70p-1
#define EXP_RARE_ABS  0x1.61da04cbafe44p+9   /* |x| >= this (~707.703) -> rare path */

/* --- scalar rare-path constants (_imldExpHATab) --- */
#define EXPR_64_LN2   0x1.71547652b82fep+6   /* 64/ln 2 */
#define EXPR_SHIFT    0x1.8p+52              /* 1.5*2^52, round-to-integer shifter */
#define EXPR_LN2_64H  0x1.62e42fefa0000p-7   /* ln2/64, high part (trailing zeros) */
#define EXPR_LN2_64L  0x1.cf79abc9e3b3ap-46  /* ln2/64, low part */
#define EXPR_P1       0x1.0p-1
#define EXPR_P2       0x1.55555555548f8p-3
#define EXPR_P3       0x1.5555555558fccp-5
#define EXPR_P4       0x1.111123aaf20d3p-7
#define EXPR_P5       0x1.6c16a1c2a3ffdp-10
#define EXPR_OVF      0x1.62e42fefa39efp+9   /* x > this -> +inf */
#define EXPR_SUBN     (-0x1.6232bdd7abcd2p+9) /* x < this -> subnormal result path */
#define EXPR_UNF      (-0x1.74910d52d3051p+9) /* x < this -> +0 */
#define EXPR_SPLIT    0x1.8p+32

/* Scalar callout of __svml_exp8_ha: taken for |x| >= EXP_RARE_ABS, +-inf.
 * Plain (non-fused) double arithmetic, in the kernel's order. */
static double npk_exp_rare(double x)
{
    uint64_t ux = npk_bits(x);
    unsigned bexp = (unsigned)(ux >> 52) & 0x7ff;

    if (bexp == 0x7ff) {                       /* inf (NaN never gets here) */
        if ((ux >> 63) && (ux & 0x000fffffffffffffULL) == 0)
            return 0.0;                        /* exp(-inf) = +0 */
        return x * x;                          /* +inf (or quiet NaN) */
    }
    if (bexp <= 970)                           /* tiny |x| (unreachable via npk_exp) */
        return 1.0 + x;
    if (x > EXPR_OVF)
        return HUGE_VAL;                       /* overflow: DBL_MAX*DBL_MAX */
    if (x < EXPR_UNF)
        return 0.0;                            /* underflow: tiny*tiny = +0 */

    double t  = x * EXPR_64_LN2;
    double u  = t + EXPR_SHIFT;                /* integer N in the low mantissa bits */
    int64_t n = (int64_t)(npk_bits(u) & 0x000fffffffffffffULL) - ((int64_t)1 << 51);
    double nf = u - EXPR_SHIFT;
    int j     = (int)(n & 63);
    int64_t m = (n - j) / 64;                  /* floor(n / 64) */

    double r  = x - nf * EXPR_LN2_64H;
    r         = r - nf * EXPR_LN2_64L;

    double th = npk_dbl(EXP2_J64[2 * j]);
    double tl = npk_dbl(EXP2_J64[2 * j + 1]);
    double p  = EXPR_P5 * r;
    p = p + EXPR_P4;  p = p * r;
    p = p + EXPR_P3;  p = p * r;
    p = p + EXPR_P2;  p = p * r;
    p = p + EXPR_P1;  p = p * r;
    p = p * r;
    p = p + r;
    p = p + tl;
    p = p * th;                                /* th*(tl + expm1(r)) */

    if (!(x < EXPR_SUBN)) {                    /* normal (or overflowing) result */
        unsigned e = (unsigned)(m + 1023) & 2047u;
        double y = p + th;
        if (e > 2046u) {                       /* 2^1024 not representable: split */
            unsigned e2 = (e - 1u) & 2047u;
            double s = npk_dbl((uint64_t)e2 << 52);
            return (y * s) * 2.0;
        }
        return y * npk_dbl((uint64_t)e << 52);
    } else {                                   /* gradual underflow */
        unsigned e = (unsigned)(m + 1083) & 2047u;   /* 2^(m+60) */
        double sc = npk_dbl((uint64_t)e << 52);
        double lo = p * sc;
        double hi = sc * th;
        double s  = hi + lo;
        if (e <= 50u)
            return s * 0x1.0p-60;
        double b  = (hi - s) + lo;
        double c  = s * EXPR_SPLIT;
        double d  = s + c;
        double eh = d - c;                     /* s rounded to fewer bits */
        double f  = s - eh;
        double g  = b + f;
        return eh * 0x1.0p-60 + g * 0x1.0p-60;
    }
}

static inline __attribute__((always_inline)) double exp_body(double x)
{
    if (x != x)
        return npk_quiet(x);                   /* NaN: same sign/payload, quiet */
    if (!(fabs(x) < EXP_RARE_ABS))
        return npk_exp_rare(x);

    /* N = x*log2(e) truncated (toward -inf, since the vector code adds a
     * positive shifter 1.5*2^48+1023 in round-to-zero mode) to a multiple of
     * 1/16, computed from the exact product x*log2(e) = p + perr. */
    double p    = x * EXP_LOG2E;
    double perr = fma(x, EXP_LOG2E, -p);
    double p16  = p * 16.0;                    /* exact */
    double f    = floor(p16);
    if (f == p16 && perr < 0.0)
        f -= 1.0;
    int64_t n16 = (int64_t)f;                  /* |n16| < 16400 */
    double nn   = f * 0.0625 + 0.0;            /* N (and -0 -> +0, as s - shifter) */
    int j       = (int)(n16 & 15);
    int m       = (int)((n16 - j) / 16);       /* floor(N) */

    /* R = x - N*ln2 in two fused steps */
    double r = fma(-nn, EXP_LN2_HI, x);
    r = fma(-EXP_LN2_LO, nn, r);
    r = npk_dbl(npk_bits(r) & 0xbfffffffffffffffULL);   /* kernel's |R|<2 clamp */

    double r2  = r * r;
    double p56 = fma(EXP_C6, r, EXP_C5);
    double p34 = fma(EXP_C4, r, EXP_C3);
    double p12 = fma(EXP_C2, r, EXP_C1);
    double q   = fma(r2, p56, p34);
    q = fma(r2, q, p12);
    double th = npk_dbl(EXP2_J64[8 * j]);      /* 2^(j/16) */
    double tl = npk_dbl(EXP2_J64[8 * j + 1]);
    q = fma(q, r, tl);
    double y = fma(th, q, th);
    /* vscalefpd: y * 2^floor(N); the result is always a normal number here,
     * so the scaling is exact. */
    return y * npk_pow2(m);
}

/* ------------------------------------------------------------------------
 * log
 * ------------------------------------------------------------------------
 * Table indexed by the reciprocal D = (16+i)/32 (i = 1..15) or D = 1 (i=0):
 * LOG_TH[i] + LOG_TL[i] = -log(D) - (D < 0.75 ? ln 2 : 0).
 */
static const uint64_t LOG_TH[16] = {
    0x0000000000000000ULL, 0xbfaf0a30c0120000ULL, 0xbfbe27076e2b0000ULL, 0xbfc5ff3070a78000ULL,
    0xbfcc8ff7c79a8000ULL, 0xbfd1675cababc000ULL, 0xbfd4618bc21c4000ULL, 0xbfd739d7f6bbc000ULL,
    0x3fd269621134c000ULL, 0x3fcf991c6cb38000ULL, 0x3fca93ed3c8b0000ULL, 0x3fc5bf406b540000ULL,
    0x3fc1178e82280000ULL, 0x3fb9335e5d590000ULL, 0x3fb08598b59e0000ULL, 0x3fa0415d89e80000ULL,
};
static const uint64_t LOG_TL[16] = {
    0x0000000000000000ULL, 0x3d53ab33d066d1d2ULL, 0x3d2a342c2af0003cULL, 0xbd43d3c873e20a07ULL,
    0xbd4a21ac25d81ef3ULL, 0x3d59f1fc63382a8fULL, 0xbd5ec27d0b7b37b3ULL, 0xbd50069ce24c53fbULL,
    0x3d5b92783beb7677ULL, 0x3d59bcbecca0cdf3ULL, 0xbd530e486a0ac42dULL, 0x3d5ed8fdc149767eULL,
    0xbd4b8421cc74be04ULL, 0x3d52622b8757a8fbULL, 0x3d4d034451fecdfbULL, 0xbd577771fd187145ULL,
};

#define LOG_C9      0x1.c81cd309d7c70p-4
#define LOG_C8     (-0x1.007357e93af62p-3)
#define LOG_C7      0x1.249229cee81efp-3
#define LOG_C6     (-0x1.55553fb28db06p-3)
#define LOG_C5      0x1.9999999cc9f5cp-3
#define LOG_C4     (-0x1.00000000c05bdp-2)
#define LOG_C3      0x1.5555555555466p-2
#define LOG_C2     (-0x1.fffffffffffc6p-2)
#define LOG_LN2_HI  0x1.62e42fefa0000p-1
#define LOG_LN2_LO  0x1.cf79abc9e0000p-40

/*
 * The kernel computes D = roundscale(vrcp14pd(m), 5 fraction bits, RNE) for
 * the mantissa m in [1,2).  vrcp14pd depends only on the top 16 mantissa
 * bits of m (verified exhaustively on AMD Zen 4, all 65536 patterns, plus
 * random low bits), so D is a step function of those 16 bits: D = 1 - k/32,
 * k = number of entries below that are <= top16(m).  Measured on hardware.
 */
static const uint16_t LOG_RCP_STEP[16] = {
    1039, 3223, 5556, 8048, 10726, 13603, 16707, 20063,
    23705, 27669, 32007, 36764, 42010, 47824, 54300, 61568,
};

static inline __attribute__((always_inline)) double log_body(double x)
{
    uint64_t ux = npk_bits(x);
    unsigned bexp = (unsigned)(ux >> 52) & 0x7ff;

    /* Lanes flagged by vfpclasspd(0xDF): NaN, +-0, +-inf, negative. */
    if ((ux >> 63) || bexp == 0x7ff || (ux << 1) == 0) {
        if (bexp == 0x7ff && (ux & 0x000fffffffffffffULL))
            return npk_quiet(x);               /* NaN -> same NaN (x*x) */
        if (bexp == 0x7ff && !(ux >> 63))
            return x;                          /* +inf */
        if ((ux << 1) == 0)
            return -HUGE_VAL;                  /* log(+-0) = -inf (-1/0) */
        /* negative finite or -inf: 0/0 -> x86 default NaN, sign bit set */
        return npk_dbl(0xfff8000000000000ULL);
    }

    /* x = 2^e * m, m in [1,2) (getexp/getmant; subnormals normalised) */
    int e;
    uint64_t mb;
    if (bexp == 0) {
        double xs = x * 0x1.0p64;              /* exact */
        uint64_t us = npk_bits(xs);
        e  = (int)((us >> 52) & 0x7ff) - 1023 - 64;
        mb = us & 0x000fffffffffffffULL;
    } else {
        e  = (int)bexp - 1023;
        mb = ux & 0x000fffffffffffffULL;
    }
    double m = npk_dbl(0x3ff0000000000000ULL | mb);

    unsigned top16 = (unsigned)(mb >> 36);
    int k = 0;
    while (k < 16 && LOG_RCP_STEP[k] <= top16)
        k++;
    double dr  = (double)(32 - k) * 0.03125;   /* D in {0.5, 17/32, ..., 1} */
    int idx    = (int)(npk_bits(dr) >> 48) & 15;

    double kk  = (double)e;
    if (dr < 0.75)
        kk = kk + 1.0;

    double r   = fma(dr, m, -1.0);             /* R = D*m - 1 */
    double p7  = fma(LOG_C7, r, LOG_C6);
    double p1  = fma(LOG_C9, r, LOG_C8);
    double r2  = r * r;
    double p9  = fma(LOG_C5, r, LOG_C4);
    p1 = fma(r2, p1, p7);
    double r4  = r2 * r2;
    double p8  = fma(LOG_C3, r, LOG_C2);
    p9 = fma(r2, p9, p8);
    double kth = fma(LOG_LN2_HI, kk, npk_dbl(LOG_TH[idx]));
    p1 = fma(r4, p1, p9);
    double hi  = kth + r;
    double rh  = hi - kth;
    double rl  = r - rh;
    p1 = fma(r2, p1, rl);
    double lo  = fma(LOG_LN2_LO, kk, npk_dbl(LOG_TL[idx]));
    return hi + (p1 + lo);
}

/* The same code compiled twice: with FMA instructions where the CPU has
 * them (fma() becomes one instruction instead of a library call), and
 * portably. Both round each fma() once, so they give the same bits. */
#if defined(__x86_64__) && defined(__clang__)
__attribute__((target("fma"))) static double exp_fma(double x) { return exp_body(x); }
__attribute__((target("fma"))) static double log_fma(double x) { return log_body(x); }
/* LESSONS_SIMD=portable keeps to the portable code (the path every CPU
 * without FMA instructions takes), so that it can be tested here. */
static int npk_cpu_fma(void) {
    static int known = -1; /* set once; a race only writes the same value */
    if (known < 0) {
        const char *limit = getenv("LESSONS_SIMD");
        __builtin_cpu_init();
        known = __builtin_cpu_supports("fma") && !(limit && strcmp(limit, "portable") == 0) ? 1 : 0;
    }
    return known;
}
double npk_exp(double x) { return npk_cpu_fma() ? exp_fma(x) : exp_body(x); }
double npk_log(double x) { return npk_cpu_fma() ? log_fma(x) : log_body(x); }
#else
double npk_exp(double x) { return exp_body(x); }
double npk_log(double x) { return log_body(x); }
#endif

/* y is only known at run time here, so no compiler turns this into x * x. */
double npk_libm_pow(double x, double y) { return pow(x, y); }
