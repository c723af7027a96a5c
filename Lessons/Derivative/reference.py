"""NumPy reference for the derivative lesson (notebook In [263])."""
import numpy as np

import oracle

LESSON = "derivative"


def numerical_diff(f, x, h):
    # Central difference, in the notebook's order of operations.
    return (f(x + h) - f(x - h)) / (2 * h)


def run(seed, parameters):
    f = oracle.function(parameters["function"], vector=False)
    # np.float64 rather than a Python float: the same bits for + - * /, and
    # IEEE inf/nan instead of Python's OverflowError and ZeroDivisionError.
    x = np.float64(oracle.number(parameters["x"]))
    h = oracle.number(parameters["h"])
    return {"derivative": numerical_diff(f, x, h)}
