#include "cdatasets.h"

// SwiftPM compiles C without optimisation in debug builds (what `swift run`
// uses). There a plain loop over MNIST's 47 million pixels spends most of
// its time on the loop itself; eight table look-ups per turn take about
// half as long (SSE2 intrinsics are slower still without optimisation:
// every intermediate goes through the stack).
void cdatasets_widen(const uint8_t *input, size_t count, const float table[256], float *output) {
    const uint8_t *end = input + (count & ~(size_t)7);
    while (input < end) {
        output[0] = table[input[0]];
        output[1] = table[input[1]];
        output[2] = table[input[2]];
        output[3] = table[input[3]];
        output[4] = table[input[4]];
        output[5] = table[input[5]];
        output[6] = table[input[6]];
        output[7] = table[input[7]];
        input += 8;
        output += 8;
    }
    for (size_t i = 0; i < (count & 7); i++) output[i] = table[input[i]];
}
