#!/usr/bin/env bash
# What the package's checks catch, run after `swift build`: a misspelt
# parameter or output key is a compile error, and a one-value change to the
# lesson (SGD's default rate, 0.95 → 0.96) fails `verify` and the tests.
set -euo pipefail
cd "$(dirname "$0")"
modules=(-I .build/debug/Modules -I .build/debug)
# The C headers of the lessons package, whose modules LessonKit's imports
# reach (a kernel header includes the exp/log header of another target).
for include in ../../Sources/*/include; do modules+=(-Xcc -I -Xcc "$include"); done
check=$(mktemp -d)
lesson=Sources/OptimizerCompare/OptimizerCompare.swift
cp "$lesson" "$check/lesson.swift"
# The lesson is put back whatever happens.
trap 'cp "$check/lesson.swift" "$lesson"; rm -rf "$check"' EXIT

cat > "$check/right.swift" <<'SWIFT'
import LessonKit
import OptimizerCompare
func path(_ run: Run) -> Tensor { run[OptimizerCompare.Outputs.sgd] }
func rate(_ run: Run) -> Double? { run[OptimizerCompare.Parameters.lr_sgd] }
SWIFT
swiftc -typecheck "${modules[@]}" "$check/right.swift"
for key in "Outputs.sdg" "Parameters.lr_sdg"; do
  sed "s/Outputs.sgd/${key}/; s/Parameters.lr_sgd/${key}/" "$check/right.swift" > "$check/wrong.swift"
  if swiftc -typecheck "${modules[@]}" "$check/wrong.swift" 2> "$check/errors"; then
    echo "a misspelt key ($key) compiled"; exit 1
  fi
  grep -q "has no member" "$check/errors" || { cat "$check/errors"; exit 1; }
done
echo "misspelt keys: compile errors, as they should be"

sed -i 's/default: "0.95", "SGD/default: "0.96", "SGD/' "$lesson"
grep -q '"0.96", "SGD' "$lesson"
swift build -q
if .build/debug/optimizers verify > "$check/verify" 2>&1; then echo "verify passed a changed lesson"; exit 1; fi
grep -q "FAILED" "$check/verify"
if swift test > "$check/test" 2>&1; then echo "the tests passed a changed lesson"; exit 1; fi
echo "a one-value change: verify and the tests fail, as they should"
cp "$check/lesson.swift" "$lesson"
swift build -q
