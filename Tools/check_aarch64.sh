#!/usr/bin/env bash
# Compiles every C file of the package for aarch64 Linux, syntax and types
# only (no object is kept), with every warning an error: each x86 intrinsic
# must sit behind its guard, and each portable path must be complete.
# Needs Debian's libc6-dev-arm64-cross (the aarch64 C library's headers)
# and clang (the Swift toolchain's); .ci/run installs the first.
set -euo pipefail
cd "$(dirname "$0")/.."

headers=/usr/aarch64-linux-gnu/include
if [ ! -f "$headers/stdio.h" ]; then
  echo "check_aarch64: no aarch64 C headers at $headers (apt-get install libc6-dev-arm64-cross)" >&2
  exit 69
fi
# zlib's header is the same on every architecture; the host's copy alone is borrowed.
zlib=$(mktemp -d)
trap 'rm -rf "$zlib"' EXIT
ln -s /usr/include/zlib.h /usr/include/zconf.h "$zlib/"

count=0
while IFS= read -r file; do
  target=$(dirname "$file")
  while [ "$(dirname "$target")" != "Sources" ]; do target=$(dirname "$target"); done
  clang --target=aarch64-linux-gnu -nostdlibinc -isystem "$headers" -idirafter "$zlib" \
    -I "$target/include" -I Sources/_NumPyExpLog/include \
    -std=gnu11 -Wall -Wextra -Wno-unused-parameter -Werror -fsyntax-only "$file"
  count=$((count + 1))
done < <(git ls-files 'Sources/*.c')
echo "check_aarch64: $count C files compile for aarch64-linux-gnu"
