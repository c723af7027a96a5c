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
