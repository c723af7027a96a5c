#!/usr/bin/env python3
"""Whole-process timings: a `lessons` binary against the notebook's NumPy loops.

    python3 Tools/whole_process.py [.build/release/lessons] [--runs N]

Each work runs as a fresh process on both sides, N times (default 15), the
two sides taking turns so that both meet the machine's load alike, and the
table gives the median CPU time (user + system) of the process and its
children: that is what start-up plus the work cost, and it is steadier on a
shared machine than wall time (also printed). The NumPy side is the
notebook's own `numerical_gradient` / `gradient_descent` loops on
`np.sum(x**2)` and `x[0]**2 + x[1]**2`, one BLAS thread. Before timing, each
work's result is compared bit for bit between the two sides (through JSON on
the Swift side and float.hex on both).
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

# The notebook's numerical gradient, which both scripts below run.
NUMERICAL_GRADIENT = """
import numpy as np
def numerical_gradient(f, x, h=1e-4):
    grad = np.zeros_like(x)
    for i in range(x.size):
        saved = x[i]
        x[i] = saved + h
        fxh1 = f(x)
        x[i] = saved - h
        fxh2 = f(x)
        grad[i] = (fxh1 - fxh2) / (2 * h)
        x[i] = saved
    return grad
"""

GRADIENT = NUMERICAL_GRADIENT + """
def f(x):
    return np.sum(x**2)
x = np.array([(i % 97) / 8 - 6 for i in range(N)], dtype=np.float64)
g = numerical_gradient(f, x)
"""

DESCENT = NUMERICAL_GRADIENT + """
def gradient_descent(f, init_x, lr=0.1, step_num=100):
    x = init_x
    for i in range(step_num):
        grad = numerical_gradient(f, x)
        x -= lr * grad
    return x
def f(x):
    return x[0]**2 + x[1]**2
g = gradient_descent(f, np.array([33.0, 20.0]), lr=0.1, step_num=N)
"""

# The same loop, keeping the point before each step as the lesson's history
# output does (for the bit check only; the timed script is the one above).
DESCENT_HISTORY = DESCENT.replace("    for i in range(step_num):\n", "    for i in range(step_num):\n        history.append(x.copy())\n").replace(
    "    x = init_x\n", "    x = init_x\n    history = []\n").replace("    return x\n", "    return np.concatenate([x, np.ravel(history)])\n")


def point(n):
    return [(i % 97) / 8 - 6 for i in range(n)]


def once(command, env):
    """CPU (user + system) and wall seconds of one run of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def timed(commands, env):
    """Median CPU and wall seconds of each command, the commands taking turns
    (one run of each per round) so that both sides meet the same load."""
    cpu = [[] for _ in commands]
    wall = [[] for _ in commands]
    for round in range(max(r for _, r in commands)):
        for k, (command, count) in enumerate(commands):
            if round < count:
                c, w = once(command, env)
                cpu[k].append(c)
                wall[k].append(w)
    return [(statistics.median(c), statistics.median(w)) for c, w in zip(cpu, wall)]


def numpy_values(script, n, env):
    code = script.replace("N)", f"{n})") + "\nimport sys\nsys.stdout.write(' '.join(float(v).hex() for v in np.ravel(g)))\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    return out.split()


def flat(value):
    return [w for v in value for w in flat(v)] if isinstance(value, list) else [float(value).hex()]


def swift_values(command, outputs, env):
    out = subprocess.run(command + ["--format", "json", "--outputs", ",".join(outputs)], capture_output=True, text=True, env=env, check=True)
    values = json.loads(out.stdout)["outputs"]
    return [w for name in outputs for w in flat(values[name])]


def show(seconds):
    return f"{seconds * 1e3:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main():
    parser = argparse.ArgumentParser(
        description="Whole-process timings of a lessons binary against the notebook's NumPy loops.")
    parser.add_argument("binary", nargs="?", default=".build/release/lessons",
                        help="the lessons binary (default: .build/release/lessons)")
    parser.add_argument("--runs", type=int, default=15, help="runs of each work and side (default: 15)")
    options = parser.parse_args()
    if options.runs < 1:
        parser.error(f"--runs must be at least 1, got {options.runs}")
    if not (os.path.isfile(options.binary) and os.access(options.binary, os.X_OK)):
        parser.error(f"{options.binary}: not an executable file (build it: swift build -c release --product lessons)")
    runs, binary = options.runs, options.binary
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", LC_ALL="C")
    works = []
    works.append(("`lessons run gradient` / `import numpy`", [binary, "run", "gradient"], [sys.executable, "-c", "import numpy"], None))
    for n in (1000, 10000):
        swift = [binary, "run", "gradient", "--set", "function=sum(x^2)", "--set", "x=" + json.dumps(point(n))]
        python = [sys.executable, "-c", GRADIENT.replace("N)", f"{n})")]
        works.append((f"gradient of sum(x^2), n = {n}", swift, python, (GRADIENT, n, ["gradient"])))
    steps = 1_000_000
    swift = [binary, "run", "descent", "--set", f"steps={steps}"]
    python = [sys.executable, "-c", DESCENT.replace("N)", f"{steps})")]
    works.append(("descent, 10^6 steps, text", swift, python, (DESCENT_HISTORY, steps, ["x", "history"])))
    works.append(("descent, 10^6 steps, --format json", swift + ["--format", "json"], None, None))

    print(f"whole processes, median of {runs} runs, CPU time (user + system); wall in brackets")
    print("| run | Swift | NumPy | Swift / NumPy | bits identical |")
    print("|---|---|---|---|---|")
    text_cpu = None
    for name, swift, python, check in works:
        same = "—"
        if check:
            script, n, outputs = check
            same = "yes" if swift_values(swift, outputs, env) == numpy_values(script, n, env) else "NO"
        if python:
            p_runs = runs if "descent" not in name else max(3, runs // 5)
            (s_cpu, s_wall), (p_cpu, p_wall) = timed([(swift, runs), (python, p_runs)], env)
            ratio = f"{s_cpu / p_cpu:.3f}"
            numpy = f"{show(p_cpu)} ({show(p_wall)})"
        else:
            ((s_cpu, s_wall),) = timed([(swift, runs)], env)
            numpy, ratio = "—", f"{s_cpu / text_cpu:.2f} × text" if text_cpu else "—"
        if name.endswith("text"):
            text_cpu = s_cpu
        print(f"| {name} | {show(s_cpu)} ({show(s_wall)}) | {numpy} | {ratio} | {same} |", flush=True)


if __name__ == "__main__":
    main()
