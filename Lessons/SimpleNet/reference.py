"""NumPy reference for the simplenet lesson (notebook In [369] and In [372])."""
import numpy as np

import oracle

LESSON = "simplenet"


def softmax(a):
    c = np.max(a)
    exp_a = np.exp(a - c)
    return exp_a / np.sum(exp_a)


def cross_entropy_error(y, t):
    delta = 1e-7
    return -np.sum(t * np.log(y + delta))


def run(seed, parameters):
    np.random.seed(seed)
    # Both draws happen, in this order, whatever is set.
    w = np.random.randn(2, 3)
    x = np.random.randn(1, 2)
    if parameters.get("w") is not None:
        w = oracle.array(parameters["w"])
    if parameters.get("x") is not None:
        x = oracle.array(parameters["x"])
    t = oracle.array(parameters["t"])
    y = softmax(np.dot(x, w))
    return {"w": w, "x": x, "y": y, "loss": cross_entropy_error(y, t)}
