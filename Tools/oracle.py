#!/usr/bin/env python3
"""The NumPy oracle for the lessons.

Reads one JSON case per line on stdin and writes one JSON line per case on
stdout, after a first line naming the NumPy and Python versions. A case is
either a lesson run

    {"lesson": "gradient", "reference": ".../reference.py", "seed": null, "parameters": {...}}

answered with {"lesson", "seed", "parameters", "outputs"} in the shape of
`lessons run --format json`, or an RNG sequence

    {"rng": {"seed": 7, "calls": [["randn", 3], ["rand", 2], ["randint", 0, 10, 4], ["choice", 60000, 5]]}}

answered with {"draws": [[...], ...]}, or a timing (for `lessons bench`)

    {"bench": {"lesson": "descent", "seed": null, "parameters": {...}, "runs": 5, "budget": 10}}

answered with {"seconds": [...], "digest": {...}}: the reference run `runs`
times (fewer once `budget` seconds are spent, at least once), each timed
with time.perf_counter, and a digest of its outputs (see _digest), or the
machine's matrix-product rate

    {"dgemm": {"n": 2000, "runs": 3}}

answered with {"seconds": [...], "flops": 2·n³, "threads": BLAS threads}, or
{"references": true}, answered with the ids of the lessons that have a
reference. A case that raises is answered with {"error": "..."}; the
process goes on with the next line.

Each lesson's algorithm lives beside its Swift code, in a reference.py
that defines LESSON (its id) and run(seed, parameters) -> {output name:
value}. A case names the file ("reference", which the lesson's
configuration declares); the package's own Lessons/*/reference.py are
loaded first, so that one reference can build on another
(oracle.reference("two-layer-net")).

NumPy runs as installed, with its own SIMD loops. LESSONS_NUMPY_KERNELS=baseline
switches its AVX2 and AVX-512 loops off (NPY_DISABLE_CPU_FEATURES), so that
its exp, log, tanh and array powers are the C library's: on an AVX-512 CPU
that compares the lessons' arithmetic with NumPy's without two
implementations of exp in between (docs/reproducibility.md, "Known differences").
"""
import importlib.util
import json
import math
import os
import pathlib
import re
import sys
import time

_SIMD_FEATURES = (
    "AVX2 FMA3 AVX512F AVX512CD AVX512_KNL AVX512_KNM AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL AVX512_SPR X86_V3 X86_V4"
)
KERNELS = "baseline" if os.environ.get("LESSONS_NUMPY_KERNELS") == "baseline" else "native"
if KERNELS == "baseline":
    os.environ["NPY_DISABLE_CPU_FEATURES"] = _SIMD_FEATURES

# One BLAS thread: OpenBLAS splits rows among threads, and the rows at a
# split add up in another order. Each output of the lessons' products is
# computed on its own, so one thread is the reference on any machine.
# `lessons bench` also times NumPy as it runs by default
# (LESSONS_NUMPY_THREADS=default): its bits are then not compared.
import os

if os.environ.get("LESSONS_NUMPY_THREADS") != "default":
    os.environ["OPENBLAS_NUM_THREADS"] = "1"

try:
    import numpy as np
except ImportError:
    print(json.dumps({"fatal": "NumPy is not installed for " + sys.executable}), flush=True)
    sys.exit(3)

ROOT = pathlib.Path(__file__).resolve().parent.parent
_references = {}
_by_path = {}


def reference(lesson):
    """The reference module of a lesson, by id (for lessons that build on others)."""
    return _references[lesson]


def _load_references():
    sys.modules.setdefault("oracle", sys.modules[__name__])
    # No __pycache__ folders inside the Swift targets' folders.
    sys.dont_write_bytecode = True
    for path in sorted((ROOT / "Lessons").glob("*/reference.py")):
        _load(path)


def _load(path):
    """Loads the reference module at `path` once, registering it under its LESSON."""
    path = pathlib.Path(path).resolve()
    if path not in _by_path:
        spec = importlib.util.spec_from_file_location("reference_%d_%s" % (len(_by_path), path.parent.name.lower()), path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _by_path[path] = module
        _references.setdefault(module.LESSON, module)
    return _by_path[path]


def _module(case):
    """The reference of a case's lesson: the file the case names, else one of
    the package's own; an error names every place looked in."""
    lesson = case["lesson"]
    given = case.get("reference")
    if given:
        if not pathlib.Path(given).is_file():
            raise KeyError("no NumPy reference for lesson %r: no file %s" % (lesson, given))
        module = _load(given)
        if module.LESSON != lesson:
            raise KeyError("%s is the reference of lesson %r, not of %r" % (given, module.LESSON, lesson))
        return module
    if lesson not in _references:
        raise KeyError("no NumPy reference for lesson %r: the case names none, and %s/*/reference.py has none" % (lesson, ROOT / "Lessons"))
    return _references[lesson]


# The lessons' expression language, translated to Python source: `^` is
# `**`, x0 and x[0] index the point (a float64 scalar), x alone is the whole
# array, sum is np.sum, e and pi are np.e and np.pi, functions are NumPy's.
# Precedence is Python's own, which the language was designed to share.
_TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|(\*\*|[-+*/^()\[\]])|([A-Za-z_]\w*))")
_FUNCTIONS = {"exp", "log", "sqrt", "sin", "cos", "tanh", "abs", "sum"}
_CONSTANTS = {"e": "np.float64(np.e)", "pi": "np.float64(np.pi)"}


def function(source, vector):
    """A Python function for an expression of x (vector=False) or x0, x1, ..., x (vector=True)."""
    pieces = []
    position = 0
    source = source.strip()
    while position < len(source):
        match = _TOKEN.match(source, position)
        if not match or match.end() == position:
            raise ValueError("cannot read %r at column %d" % (source, position + 1))
        number, operator, name = match.groups()
        if number is not None and pieces[-2:-1] == ["["]:
            pieces.append(str(int(number)))  # an index, x[1]
        elif number is not None:
            # float64 literals: a constant part such as (-8)**(1/3) or
            # 10**400 behaves as in IEEE doubles (nan, inf), not as Python's
            # complex numbers and unbounded integers.
            pieces.append("np.float64(%s)" % number)
        elif operator is not None:
            pieces.append("**" if operator == "^" else operator)
        elif name in _FUNCTIONS:
            pieces.append("np." + name)
        elif name in _CONSTANTS:
            pieces.append(_CONSTANTS[name])
        elif name == "x":
            pieces.append("x")
        elif vector and re.fullmatch(r"x\d+", name):
            pieces.append("x[%d]" % int(name[1:]))
        else:
            raise ValueError("unknown name %r in %r" % (name, source))
        pieces.append(" ")
        position = match.end()
    return eval("lambda x: " + "".join(pieces), {"np": np})


def number(value):
    """A JSON number, or one of the strings "nan", "inf", "-inf"."""
    if isinstance(value, str):
        return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}[value]
    return float(value)


def array(value):
    """A JSON array (nested for a matrix) as a float64 array."""
    if isinstance(value, list):
        return np.array([array(item) for item in value], dtype=np.float64)
    return number(value)


def _encode_number(x):
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return x


def encode(value):
    """A float64 scalar or array as JSON: a number, an array, or an array of arrays."""
    value = np.asarray(value, dtype=np.float64)
    if value.ndim == 0:
        return _encode_number(value)
    return [encode(item) for item in value]


def _rng(case):
    np.random.seed(case["seed"])
    draws = []
    for call in case["calls"]:
        kind, args = call[0], call[1:]
        if kind == "randn":
            draws.append([_encode_number(x) for x in np.random.randn(args[0])])
        elif kind == "rand":
            draws.append([_encode_number(x) for x in np.random.rand(args[0])])
        elif kind == "randint":
            draws.append([int(x) for x in np.random.randint(args[0], args[1], size=args[2])])
        elif kind == "choice":
            draws.append([int(x) for x in np.random.choice(args[0], args[1])])
        else:
            raise ValueError("unknown RNG call %r" % kind)
    return {"draws": draws}


def _digest(value):
    """Shape and a 64-bit digest of a float64 array's bits, as Swift computes it:
    sum over i of word[i] * (2i + 1) modulo 2**64, NaNs as 0x7ff8000000000000.
    Two arrays that differ in one element never share it (2i + 1 is odd)."""
    value = np.asarray(value, dtype=np.float64)
    flat = np.ascontiguousarray(value).reshape(-1)
    words = flat.view(np.uint64).copy()
    words[np.isnan(flat)] = np.uint64(0x7FF8000000000000)
    weights = np.arange(1, 2 * words.size, 2, dtype=np.uint64)
    with np.errstate(over="ignore"):
        total = int(np.sum(words * weights, dtype=np.uint64))
    return {"shape": list(value.shape), "digest": str(total)}


def _bench(case):
    module = _module(case)
    times = []
    outputs = None
    while len(times) < max(1, case.get("runs", 1)):
        start = time.perf_counter()
        outputs = module.run(case.get("seed"), case["parameters"])
        times.append(time.perf_counter() - start)
        if sum(times) > case.get("budget", math.inf):
            break
    return {"seconds": times, "digest": {name: _digest(value) for name, value in outputs.items()}}


def _dgemm(case):
    """Times np.dot of two n×n float64 matrices (2·n³ operations): the
    machine's matrix-product rate, at this process's BLAS threads."""
    n = int(case.get("n", 2000))
    rng = np.random.RandomState(0)
    a, b = rng.rand(n, n), rng.rand(n, n)
    np.dot(a, b)  # the first call loads and sizes the kernels
    times = []
    while len(times) < max(1, case.get("runs", 3)):
        start = time.perf_counter()
        np.dot(a, b)
        times.append(time.perf_counter() - start)
    threads = os.environ.get("OPENBLAS_NUM_THREADS") or str(os.cpu_count())
    return {"seconds": times, "flops": 2.0 * n * n * n, "threads": int(threads)}


def answer(case):
    if "rng" in case:
        return _rng(case["rng"])
    if "bench" in case:
        return _bench(case["bench"])
    if "dgemm" in case:
        return _dgemm(case["dgemm"])
    if "references" in case:
        return {"references": sorted(_references)}
    lesson = case["lesson"]
    module = _module(case)
    if case.get("bounds"):
        return _bounded(lesson, module, case)
    outputs = module.run(case.get("seed"), case["parameters"])
    return {
        "lesson": lesson,
        "seed": case.get("seed"),
        "parameters": case["parameters"],
        "outputs": {name: encode(value) for name, value in outputs.items()},
    }


def _bounded(lesson, reference, case):
    """The reference run with every product carried as an interval that
    encloses any order of its sums (Tools/bounds.py): NumPy's outputs, and
    for each a low and a high array."""
    import bounds

    # Only references that compute with NumPy carry products to bound.
    modules = [module for module in _by_path.values() if hasattr(module, "np")]
    saved = [module.np for module in modules]
    unbounded = False
    try:
        for module in modules:
            module.np = bounds.numpy
        outputs = reference.run(case.get("seed"), case["parameters"])
    except bounds.NoRule:
        unbounded = True
    finally:
        for module, np_ in zip(modules, saved):
            module.np = np_
    if unbounded:
        # No enclosure past the operation: NumPy's values, each bounded by
        # (-inf, inf), which the lessons count as not bounded.
        outputs = reference.run(case.get("seed"), case["parameters"])
    values, limits = {}, {}
    for name, output in outputs.items():
        value, low, high = bounds.split(output)
        if unbounded:
            value = np.asarray(output, dtype=np.float64)
            low, high = np.full_like(value, -np.inf), np.full_like(value, np.inf)
        values[name] = encode(value)
        limits[name] = {"low": encode(low), "high": encode(high)}
    return {"lesson": lesson, "seed": case.get("seed"), "parameters": case["parameters"], "outputs": values, "bounds": limits}


# OpenBLAS's cores by the kernels whose order their products follow, as the
# lessons name them (Sources/Arithmetic): Zen cores use the Haswell kernels,
# and Cooperlake and Sapphire Rapids SkylakeX's. Other cores keep their name.
_KERNEL_FAMILIES = {"haswell": "haswell", "zen": "haswell", "skylakex": "skylakex", "cooperlake": "skylakex", "sapphirerapids": "skylakex"}
# What a core's kernels need of the CPU, as NumPy names its features.
_KERNEL_NEEDS = {"skylakex": ("AVX512F", "AVX512VL"), "haswell": ("AVX2", "FMA3")}


def _openblas_core():
    """The OpenBLAS core NumPy's OpenBLAS runs (asked of the library NumPy
    loaded), lower case, or None when it cannot be asked."""
    import ctypes

    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "openblas" in line.lower() and line.split()[-1].startswith("/")})
    except OSError:
        return None
    for path in paths:
        library = ctypes.CDLL(path)
        for name in ("scipy_openblas_get_corename64_", "openblas_get_corename64_", "openblas_get_corename"):
            function = getattr(library, name, None)
            if function is not None:
                function.restype = ctypes.c_char_p
                core = function().decode().lower()
                if core:
                    return core
    return None


def arithmetic():
    """How this NumPy computes where machines differ: {"products": the kernel
    family of OpenBLAS's core (`skylakex`, `haswell`, or another core's own
    name), "functions": `svml` when np.exp and np.log are its AVX512_SKX
    loops, else `libm`}, and "unusable" with the reason when NumPy's products
    cannot run here at all (a core forced by OPENBLAS_CORETYPE whose
    instructions this CPU lacks: OpenBLAS would stop on the first product)."""
    from numpy._core._multiarray_umath import __cpu_features__

    answer = {"products": None, "functions": "svml" if __cpu_features__.get("AVX512_SKX", False) else "libm"}
    core = _openblas_core()
    if core:
        family = _KERNEL_FAMILIES.get(core, core)
        answer["products"] = family
        # The CPU's own features: NPY_DISABLE_CPU_FEATURES hides some from NumPy, not from OpenBLAS.
        missing = [f for f in _KERNEL_NEEDS.get(family, ()) if not _cpu_has(f)]
        if missing:
            answer["unusable"] = "OpenBLAS runs its %s kernels (OPENBLAS_CORETYPE=%s), which need %s, and this CPU lacks %s" % (
                core, os.environ.get("OPENBLAS_CORETYPE", ""), " and ".join(_KERNEL_NEEDS[family]), " and ".join(missing))
    return answer


def _cpu_has(feature):
    """Whether the CPU has `feature` (a NumPy feature name), from /proc/cpuinfo's flags."""
    flags = {"AVX512F": "avx512f", "AVX512VL": "avx512vl", "AVX2": "avx2", "FMA3": "fma"}
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("flags"):
                    return flags[feature] in line.split()
    except OSError:
        pass
    return True


def main():
    _load_references()
    header = {"numpy": np.__version__, "python": sys.version.split()[0], "kernels": KERNELS}
    header.update(arithmetic())
    print(json.dumps(header), flush=True)
    with np.errstate(all="ignore"):
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                result = answer(json.loads(line))
            except Exception as error:  # one bad case must not stop the batch
                result = {"error": "%s: %s" % (type(error).__name__, error)}
            sys.stdout.write(json.dumps(result, allow_nan=False) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
