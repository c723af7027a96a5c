"""NumPy reference for the gradient lesson (notebook In [264])."""
import numpy as np

import oracle

LESSON = "gradient"


def numerical_gradient(f, x, h):
    # One central difference per coordinate, written into x in place and
    # restored, as the notebook's loop does.
    grad = np.zeros_like(x)
    for i in range(x.size):
        saved = x[i]
        x[i] = saved + h
        fx1 = f(x)
        x[i] = saved - h
        fx2 = f(x)
        grad[i] = (fx1 - fx2) / (2 * h)
        x[i] = saved
    return grad


def run(seed, parameters):
    f = oracle.function(parameters["function"], vector=True)
    x = oracle.array(parameters["x"])
    return {"gradient": numerical_gradient(f, x, oracle.number(parameters["h"]))}
