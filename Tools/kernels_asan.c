/* kernels_asan.c -- the numeric kernels' loops under AddressSanitizer:
 * products of shapes around the tiles' edges and OpenBLAS's blocks of K
 * (both kernels' orders, transposed views), each output against the plan's
 * one-output code, and the row operations and pixel widening on lengths
 * that are not multiples of their vector widths. Any read or write past a
 * buffer stops the run; a differing output fails it. Built and run by
 * Tools/check_kernels_asan.sh.
 */
#include "numpy_kernels.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state = 88172645463325252ULL;
static uint64_t next(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}
static double value(void) { return (double)(next() % 2001) / 1000 - 1; }

/// One product; the count of outputs that differ from the one-output code.
static long product(long M, long N, long K, int kernel, int transposed) {
    double *A = malloc(M * K * sizeof(double)), *B = malloc(K * N * sizeof(double));
    double *C = malloc(M * N * sizeof(double)), *AT = malloc(M * K * sizeof(double));
    for (long i = 0; i < M * K; i++) A[i] = value();
    for (long i = 0; i < K * N; i++) B[i] = value();
    for (long i = 0; i < M; i++)
        for (long k = 0; k < K; k++) AT[k * M + i] = A[i * K + k];
    npk_product p = npk_plan(kernel, M, N, K, transposed, 0);
    if (transposed && !npk_dot_has_exceptions(&p)) npk_dot_rows_strided(&p, AT, 1, M, B, C, 0, M);
    else npk_dot_rows(&p, A, B, C, 0, M);
    long differing = 0;
    for (long i = 0; i < M; i++)
        for (long j = 0; j < N; j++) differing += npk_dot_entry(&p, A, B, N, 1, i, j) != C[i * N + j];
    free(A), free(B), free(C), free(AT);
    return differing;
}

int main(void) {
    // First, on this thread's fresh scratch: blocks that grow (K = 257 on
    // Haswell's split is 128 then 129; K = 385 on SkylakeX's, 192 then 193).
    long differing = product(6, 8, 257, NPK_HASWELL, 0) + product(7, 9, 385, NPK_SKYLAKEX, 0);
    const long ks[] = {1, 2, 3, 8, 33, 100, 255, 256, 257, 383, 384, 385, 511, 512, 513, 767, 768, 769, 784, 785, 1000};
    long cases = 2;
    for (; cases < 2000; cases++)
        differing += product(1 + next() % 40, 1 + next() % 30, ks[next() % 21], (int)(next() % 2), (int)(next() % 2));
    for (long n = 1; n <= 37; n++) {
        double a[37], z[37];
        uint8_t bytes[37];
        for (long i = 0; i < n; i++) a[i] = value() * 50, bytes[i] = (uint8_t)next();
        for (int svml = 0; svml < 2; svml++) {
            npk_sigmoid(a, z, n, svml);
            npk_softmax_rows(a, z, 1, n, svml);
            (void)npk_log_probability(a, n, n - 1, 1e-7, svml);
        }
        npk_widen_pixels(bytes, n, z);
        // Images of n bytes picked from a set of 5, repeats allowed.
        uint8_t set[5 * 37];
        long picked[7];
        double rows[7 * 37];
        for (long i = 0; i < 5 * n; i++) set[i] = (uint8_t)next();
        for (long i = 0; i < 7; i++) picked[i] = (long)(next() % 5);
        npk_widen_images(set, n, picked, 1 + n % 7, rows);
        for (long i = 0; i < (1 + n % 7) * n; i++)
            differing += rows[i] != (double)((float)set[picked[i / n] * n + i % n] / 255.0f);
    }
    printf("kernels_asan: %ld products and the row operations and widening on lengths 1 to 37: %ld values differ\n", cases, differing);
    return differing != 0;
}
