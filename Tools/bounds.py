"""Intervals that enclose every order of a product's sums, for the oracle.

(Run it under np.errstate(all="ignore"), as the oracle runs every case:
infinite and NaN endpoints are expected and handled.)

Where NumPy's matrix products add up in an order the lessons do not
implement (an OpenBLAS core other than Haswell's or SkylakeX's, another
BLAS), a lesson's outputs cannot be NumPy's bits, and `lessons crosscheck`
compares them within a bound instead. This module derives that bound by
running the lesson's NumPy reference unchanged with its `np` replaced by a
namespace whose `dot` returns an `Interval`, and whose arrays carry one
through every later step:

- `value` is what NumPy computes, operation for operation, so the outputs
  are the reference's own;
- `[low, high]` encloses what any evaluation of the same operations gives
  when each product may add its terms in any order, with or without fused
  multiply-adds, and the operations after it work on what it gave.

The rules, each a proof that the enclosure holds:

- A product c = sum_k a_k b_k of K terms, in any order, is within
  gamma_K * sum_k |a_k b_k| of the exact sum, gamma_K = K u / (1 - K u),
  u = 2^-53 (Higham, Accuracy and Stability of Numerical Algorithms, 3.1),
  plus K * 2^-1074 where terms are subnormal. With operands in intervals
  (midpoint m, radius r), the exact sum lies within
  sum |m_a| r_b + r_a |m_b| + r_a r_b of sum m_a m_b. The midpoint product,
  the radius products and sum |a b| <= sum (|m_a| + r_a)(|m_b| + r_b) are
  computed with NumPy's own products, whose errors the same gamma_K bounds,
  so each is widened by 1/(1 - gamma_K) before use.
- + - * / and max/min are correctly rounded, so monotone: the result of any
  point of the operands' box lies between the results at its corners.
- exp and log are monotone in the C library and in SVML (both faithful, and
  monotone on every input the lessons' cross-checks give them); the lessons
  call the same exp and log as NumPy in this mode, so the endpoints are
  computed with them and then widened by one ulp against a non-monotone step.
- A sum or mean of n terms is bounded as a product with unit factors, so the
  order of its additions does not matter either.
- argmax of a row whose intervals overlap may be any of the overlapping
  indices; an accuracy is then an interval of counts.

A value whose interval is not finite is not bounded (a long training run's
later steps, where each step's error feeds the next); the caller counts
those and compares the rest.
"""
import math

import numpy as np

U = 2.0**-53
ETA = 2.0**-1074


def _gamma(n):
    return n * U / (1 - n * U) if n * U < 0.5 else math.inf


def _down(x):
    """At most x, at least an ulp below it (4u|x| is at least an ulp of x,
    2^-1074 at least one of a subnormal; the sum is exact or rounds away)."""
    return x - (np.abs(x) * (4 * U) + ETA)


def _up(x):
    """At least x, at least an ulp above it."""
    return x + (np.abs(x) * (4 * U) + ETA)


def _plain(x):
    return np.asarray(x, dtype=np.float64)


class NoRule(TypeError):
    """An operation with no interval rule here, such as the comparison
    behind ReLU's mask: whatever follows it has no enclosure, and the
    oracle reports the run's values as not bounded."""


class Interval:
    """NumPy's value with an enclosure of what any order of the products gives."""

    __array_priority__ = 1000

    def __init__(self, value, low, high, exact=False):
        self.value = value
        self.low = low if type(low) is np.ndarray and low.dtype == np.float64 else np.asarray(low, dtype=np.float64)
        self.high = high if type(high) is np.ndarray and high.dtype == np.float64 else np.asarray(high, dtype=np.float64)
        # low, high and value are one array: nothing is uncertain.
        self.is_exact = exact

    @staticmethod
    def exact(x):
        x = _plain(x)
        return Interval(x, x, x, exact=True)

    # NumPy's array attributes, on the value.
    shape = property(lambda self: np.shape(self.value))
    ndim = property(lambda self: np.ndim(self.value))
    size = property(lambda self: np.size(self.value))
    T = property(lambda self: Interval(self.value.T, self.low.T, self.high.T))

    def reshape(self, *shape):
        return Interval(np.asarray(self.value).reshape(*shape), self.low.reshape(*shape), self.high.reshape(*shape))

    def __getitem__(self, index):
        return Interval(self.value[index], self.low[index], self.high[index])

    def __setitem__(self, index, item):
        item = _interval(item)
        self.value[index] = item.value
        self.low[index] = item.low
        self.high[index] = item.high

    def __len__(self):
        return len(self.value)

    def max(self, axis=None, keepdims=False):
        return _reduce_max(self, axis, keepdims)

    def sum(self, axis=None, keepdims=False):
        return _sum(self, axis, keepdims)

    def argmax(self, axis=None):
        return _argmax(self, axis)

    # A comparison picks a branch that an enclosure may lie on both sides of.
    def _compare(self, other):
        raise NoRule("a comparison (such as ReLU's mask x <= 0) has no interval rule")

    __le__ = __lt__ = __ge__ = __gt__ = _compare

    # Nothing converts an interval to a plain number silently.
    def __array__(self, *args, **kwargs):
        raise TypeError("an Interval is not a plain array: bounds.py lacks a rule for this operation")

    def __float__(self):
        # The book's numerical_gradient writes float(x) + h back into x: a
        # nudge of an uncertain value has no enclosure here.
        raise NoRule("an Interval is not a plain number")

    def copy(self):
        return Interval(np.copy(self.value), self.low.copy(), self.high.copy(), exact=self.is_exact)

    # Arithmetic by the rules below. NumPy's ufuncs stay out of it
    # (__array_ufunc__ = None): then `array op interval`, and `array -= interval`
    # too, fall back to these methods, and the names the references call
    # (np.exp, np.log, …) come from `Namespace`.
    __array_ufunc__ = None

    def __add__(self, other):
        return _add(self, _interval(other))

    def __radd__(self, other):
        return _add(_interval(other), self)

    def __sub__(self, other):
        return _subtract(self, _interval(other))

    def __rsub__(self, other):
        return _subtract(_interval(other), self)

    def __mul__(self, other):
        return _multiply(self, _interval(other))

    def __rmul__(self, other):
        return _multiply(_interval(other), self)

    def __truediv__(self, other):
        return _divide(self, _interval(other))

    def __rtruediv__(self, other):
        return _divide(_interval(other), self)

    def __neg__(self):
        return _negative(self)

    def __array_function__(self, function, types, args, kwargs):
        rule = _FUNCTIONS.get(function)
        if rule is None:
            return NotImplemented
        return rule(*args, **kwargs)


class Possible:
    """The indices argmax may give per row: NumPy's own, and for each row
    which indices could be the largest under some order of the products."""

    def __init__(self, value, possible):
        self.value = value
        self.possible = possible

    def __eq__(self, labels):
        labels = np.asarray(labels)
        rows = np.arange(self.possible.shape[0])
        can = self.possible[rows, labels]
        must = can & (self.possible.sum(axis=1) == 1)
        return Counted(self.value == labels, must, can)


class Counted:
    """Per row, whether a prediction is right: NumPy's answer, whether it
    must be right, and whether it can be."""

    def __init__(self, value, must, can):
        self.value, self.must, self.can = value, must, can

    def __array_function__(self, function, types, args, kwargs):
        if function is np.sum:
            return Interval(np.sum(self.value), float(np.sum(self.must)), float(np.sum(self.can)))
        return NotImplemented


def _interval(x):
    return x if isinstance(x, Interval) else Interval.exact(x)


def _finite_or_wide(low, high):
    """NaN endpoints mean nothing is known: the interval is (-inf, inf)."""
    bad = np.isnan(low) | np.isnan(high)
    if bad.any():
        low = np.where(bad, -np.inf, low)
        high = np.where(bad, np.inf, high)
    return low, high


def _corners(operation, x, y):
    """The smallest and largest of `operation` at the corners of the box."""
    xs = (x.low,) if x.is_exact else (x.low, x.high)
    ys = (y.low,) if y.is_exact else (y.low, y.high)
    values = [operation(a, b) for a in xs for b in ys]
    if len(values) == 1:
        return _finite_or_wide(values[0], values[0])
    low = np.minimum.reduce([np.where(np.isnan(v), -np.inf, v) for v in values])
    high = np.maximum.reduce([np.where(np.isnan(v), np.inf, v) for v in values])
    return low, high


def _add(x, y):
    return Interval(np.add(x.value, y.value), *_finite_or_wide(x.low + y.low, x.high + y.high))


def _subtract(x, y):
    return Interval(np.subtract(x.value, y.value), *_finite_or_wide(x.low - y.high, x.high - y.low))


def _multiply(x, y):
    return Interval(np.multiply(x.value, y.value), *_corners(np.multiply, x, y))


def _divide(x, y):
    low, high = _corners(np.true_divide, x, y)
    # A divisor that may be 0 allows any result.
    spans_zero = (y.low <= 0) & (y.high >= 0)
    low = np.where(spans_zero, -np.inf, low)
    high = np.where(spans_zero, np.inf, high)
    return Interval(np.true_divide(x.value, y.value), low, high)


def _negative(x):
    return Interval(np.negative(x.value), -x.high, -x.low)


def _monotone(function):
    def rule(x):
        low, high = _finite_or_wide(_down(function(x.low)), _up(function(x.high)))
        return Interval(function(x.value), low, high)

    return rule


def _absolute(x):
    low = np.where(x.low >= 0, x.low, np.where(x.high <= 0, -x.high, 0.0))
    high = np.maximum(np.abs(x.low), np.abs(x.high))
    return Interval(np.absolute(x.value), low, high)


def _maximum(x, y):
    return Interval(np.maximum(x.value, y.value), np.maximum(x.low, y.low), np.maximum(x.high, y.high))


def _minimum(x, y):
    return Interval(np.minimum(x.value, y.value), np.minimum(x.low, y.low), np.minimum(x.high, y.high))


def _elementwise(ufunc, rule):
    """NumPy's function for plain arrays, the interval rule when one is an Interval."""

    def call(*inputs, **kwargs):
        if any(isinstance(x, Interval) for x in inputs):
            if kwargs:
                raise TypeError("bounds.py: %s with %s on an Interval" % (ufunc.__name__, sorted(kwargs)))
            return rule(*[_interval(x) for x in inputs])
        return ufunc(*inputs, **kwargs)

    return staticmethod(call)


def _midpoint_radius(x):
    """A midpoint and a radius, rounded so that [m - r, m + r] holds [low, high]."""
    middle = 0.5 * x.low + 0.5 * x.high
    radius = _up(np.maximum(x.high - middle, middle - x.low))
    radius = np.where(np.isfinite(radius), radius, np.inf)
    return np.where(np.isfinite(middle), middle, 0.0), radius


def dot(a, b):
    """np.dot with an enclosure of every order of its sums (see the module's doc)."""
    a, b = _interval(a), _interval(b)
    value = np.dot(a.value, b.value)
    if np.ndim(a.value) == 0 or np.ndim(b.value) == 0:
        return _multiply(a, b)
    k = np.shape(a.value)[-1]
    gamma = _gamma(k)
    # An exact operand is its own midpoint, with radius 0: its terms drop out.
    if a.is_exact:
        ma, ra, abs_a = a.value, None, np.abs(a.value)
    else:
        ma, ra = _midpoint_radius(a)
        abs_a = _up(np.abs(ma) + ra)
    if b.is_exact:
        mb, rb, abs_b = b.value, None, np.abs(b.value)
    else:
        mb, rb = _midpoint_radius(b)
        abs_b = _up(np.abs(mb) + rb)
    center = value if a.is_exact and b.is_exact else np.dot(ma, mb)
    spread = 0.0
    if rb is not None:
        spread = spread + np.dot(np.abs(ma), rb)
    if ra is not None:
        spread = spread + np.dot(ra, np.abs(mb)) + (np.dot(ra, rb) if rb is not None else 0.0)
    magnitude = np.dot(abs_a, abs_b)
    # Each computed product errs by at most gamma of its magnitude: the
    # center (once), the spread and the magnitude (scaled up to cover it),
    # and each order of the true product (gamma of the magnitude again).
    radius = (spread + 3 * gamma * magnitude) / (1 - gamma) * (1 + 8 * U) + 4 * k * ETA
    radius = np.where(np.isnan(radius), np.inf, radius)
    low, high = _down(center - radius), _up(center + radius)
    return Interval(value, *_finite_or_wide(low, high))


def _sum(x, axis=None, keepdims=False, **kwargs):
    """np.sum, in any order of its additions: a product with unit factors."""
    x = _interval(x)
    value = np.sum(x.value, axis=axis, keepdims=keepdims)
    n = x.low.size if axis is None else x.low.shape[axis]
    gamma = _gamma(n)
    magnitude = np.sum(np.maximum(np.abs(x.low), np.abs(x.high)), axis=axis, keepdims=keepdims)
    slack = 2 * gamma * magnitude / (1 - gamma) * (1 + 8 * U) + 4 * n * ETA
    low = _down(np.sum(x.low, axis=axis, keepdims=keepdims) - slack)
    high = _up(np.sum(x.high, axis=axis, keepdims=keepdims) + slack)
    return Interval(value, *_finite_or_wide(low, high))


def _average(x, axis=None, **kwargs):
    x = _interval(x)
    n = x.low.size if axis is None else x.low.shape[axis]
    mean = _divide(_sum(x, axis=axis), Interval.exact(float(n)))
    return Interval(np.average(x.value, axis=axis), mean.low, mean.high)


def _reduce_max(x, axis=None, keepdims=False, **kwargs):
    x = _interval(x)
    return Interval(
        np.max(x.value, axis=axis, keepdims=keepdims), np.max(x.low, axis=axis, keepdims=keepdims), np.max(x.high, axis=axis, keepdims=keepdims))


def _argmax(x, axis=None, **kwargs):
    x = _interval(x)
    if axis is None or x.low.ndim != 2 or axis not in (1, -1):
        raise TypeError("bounds.py bounds argmax only along the rows of a matrix")
    value = np.argmax(x.value, axis=1)
    unknown = np.isnan(x.low) | np.isnan(x.high)
    best_low = np.max(np.where(unknown, -np.inf, x.low), axis=1, keepdims=True)
    possible = (x.high >= best_low) | unknown | np.any(unknown, axis=1, keepdims=True)
    return Possible(value, possible)


def _stack(items, dtype=None, **kwargs):
    """np.array of a list that holds intervals: each part stacked."""
    if isinstance(items, (list, tuple)) and any(isinstance(item, Interval) for item in items):
        parts = [_interval(item) for item in items]
        return Interval(
            np.array([p.value for p in parts], dtype=dtype), np.array([p.low for p in parts]), np.array([p.high for p in parts]))
    if isinstance(items, Interval):
        return items
    return np.array(items, dtype=dtype, **kwargs)


def _zeros_like(x, *args, **kwargs):
    zeros = np.zeros_like(x.value if isinstance(x, Interval) else x, *args, **kwargs)
    return Interval(zeros, np.zeros(zeros.shape), np.zeros(zeros.shape))


_FUNCTIONS = {
    np.sum: _sum,
    np.max: _reduce_max,
    np.amax: _reduce_max,
    np.argmax: _argmax,
    np.average: _average,
    np.mean: _average,
    np.dot: dot,
}


class _Drawn(np.ndarray):
    """An array the reference made itself (drawn, or zeros): NumPy's own,
    except that an update by an interval in place (`params[key] -= lr * grad`)
    makes it an interval, as `a = a - b` would; NumPy raises for an in-place
    operation with an operand it cannot write into the array."""

    def _in_place(self, other, rule, plain):
        if isinstance(other, Interval):
            return rule(Interval.exact(np.asarray(self)), other)
        return plain(other)

    def __iadd__(self, other):
        return self._in_place(other, _add, super().__iadd__)

    def __isub__(self, other):
        return self._in_place(other, _subtract, super().__isub__)

    def __imul__(self, other):
        return self._in_place(other, _multiply, super().__imul__)

    def __itruediv__(self, other):
        return self._in_place(other, _divide, super().__itruediv__)


class _Random:
    """np.random with its arrays made `_Drawn` (the draws themselves are NumPy's)."""

    def __getattr__(self, name):
        function = getattr(np.random, name)
        if not callable(function):
            return function

        def call(*args, **kwargs):
            result = function(*args, **kwargs)
            return result.view(_Drawn) if isinstance(result, np.ndarray) and result.dtype == np.float64 else result

        return call


class Namespace:
    """NumPy as a reference module sees it during a bounded run: np.dot
    starts an interval, np.zeros_like and np.array make room for them, and
    everything else is NumPy's own (its functions dispatch to Interval)."""

    dot = staticmethod(dot)
    zeros_like = staticmethod(_zeros_like)
    array = staticmethod(_stack)
    random = _Random()
    zeros = staticmethod(lambda *args, **kwargs: np.zeros(*args, **kwargs).view(_Drawn))
    add = _elementwise(np.add, _add)
    subtract = _elementwise(np.subtract, _subtract)
    multiply = _elementwise(np.multiply, _multiply)
    divide = true_divide = _elementwise(np.true_divide, _divide)
    negative = _elementwise(np.negative, _negative)
    exp = _elementwise(np.exp, _monotone(np.exp))
    log = _elementwise(np.log, _monotone(np.log))
    sqrt = _elementwise(np.sqrt, _monotone(np.sqrt))
    abs = absolute = _elementwise(np.absolute, _absolute)
    maximum = _elementwise(np.maximum, _maximum)
    minimum = _elementwise(np.minimum, _minimum)

    def __getattr__(self, name):
        return getattr(np, name)


numpy = Namespace()


def split(value):
    """An output as (NumPy's value, low, high) plain arrays."""
    if isinstance(value, Interval):
        return _plain(value.value), value.low, value.high
    plain = _plain(value)
    return plain, plain, plain
