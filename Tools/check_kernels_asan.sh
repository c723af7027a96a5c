#!/usr/bin/env bash
# Builds the numeric kernels (_NumPyKernels, _NumPyExpLog) with
# AddressSanitizer and runs Tools/kernels_asan.c over them: a read or write
# past a buffer in the C loops is found here, where a test run would at best
# corrupt the heap somewhere else. Needs clang (the Swift toolchain's).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
clang -O1 -g -fsanitize=address -fno-omit-frame-pointer -ffp-contract=off \
  -I Sources/_NumPyKernels/include -I Sources/_NumPyExpLog/include \
  Tools/kernels_asan.c Sources/_NumPyKernels/*.c Sources/_NumPyExpLog/*.c -lm -o "$out/kernels_asan" 2>"$out/build.log" \
  || { cat "$out/build.log" >&2; exit 1; }
# The kernels' loops under both instruction sets this CPU offers.
"$out/kernels_asan"
LESSONS_SIMD=portable "$out/kernels_asan"
