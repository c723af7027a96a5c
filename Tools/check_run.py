#!/usr/bin/env python3
"""Compares one `lessons run ID --format json` with NumPy, bit for bit.

    lessons run training --set data=fashion-mnist --arithmetic numpy --format json > run.json
    python3 Tools/check_run.py run.json

Runs the lesson's reference.py with the run's seed and parameters (NumPy on
one BLAS thread, as the oracle runs it), then compares every output: the
same doubles, NaN meeting NaN. Prints one line per output and the times,
and exits 1 if anything differs, 2 if the run cannot be read.
"""
import json
import math
import os
import pathlib
import sys
import time

os.environ["OPENBLAS_NUM_THREADS"] = "1"
sys.dont_write_bytecode = True
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import numpy as np  # noqa: E402

import oracle  # noqa: E402


def flat(value):
    return [float(v) for v in np.ravel(np.asarray(value, dtype=float))]


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))


def main(path):
    try:
        run = json.loads(pathlib.Path(path).read_text())
        lesson, seed, parameters, outputs = run["lesson"], run["seed"], run["parameters"], run["outputs"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        print("cannot read a lesson run from %s: %s" % (path, error), file=sys.stderr)
        return 2
    oracle._load_references()
    # The run names its arithmetic when it is not the canonical one.
    computed = run.get("arithmetic", "skylakex-svml")
    here = oracle.arithmetic()
    numpy_order = "%s-%s" % (here["products"], here["functions"])
    if computed != numpy_order:
        print("note: the run computed in %s and NumPy here computes as %s, so their bits need not agree "
              "(run it with --arithmetic numpy)" % (computed, numpy_order))
    start = time.perf_counter()
    expected = oracle.reference(lesson).run(seed, parameters)
    seconds = time.perf_counter() - start
    failed = False
    for name, value in outputs.items():
        got, want = flat(value), flat(expected[name])
        differing = [i for i, (g, w) in enumerate(zip(got, want)) if not same(g, w)]
        if len(got) != len(want) or differing:
            failed = True
            where = differing[0] if differing else min(len(got), len(want))
            print("%s: %d of %d values differ (first at flat index %d)" % (name, len(differing), len(want), where))
        else:
            print("%s: %d values, all the same bits" % (name, len(want)))
    print("%s: NumPy %s took %.1f s — %s" % (lesson, np.__version__, seconds, "FAILED" if failed else "OK"))
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: check_run.py RUN.json", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
