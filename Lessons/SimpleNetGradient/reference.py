"""NumPy reference for the simplenet-gradient lesson (the book's gradient_simplenet)."""
import numpy as np

import oracle

LESSON = "simplenet-gradient"


def softmax(a):
    a = a - np.max(a)
    return np.exp(a) / np.sum(np.exp(a))


def cross_entropy_error(y, t, delta):
    # One sample: t one-hot (or any t of y's size) is read as its argmax.
    y = y.reshape(1, y.size)
    label = t.reshape(1, t.size).argmax(axis=1)
    return -np.sum(np.log(y[np.arange(1), label] + delta)) / 1


def numerical_gradient(f, x, h):
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=[["readwrite"]])
    while not it.finished:
        index = it.multi_index
        saved = x[index]
        x[index] = float(saved) + h
        up = f(x)
        x[index] = saved - h
        down = f(x)
        grad[index] = (up - down) / (2 * h)
        x[index] = saved
        it.iternext()
    return grad


def run(seed, parameters):
    np.random.seed(seed)
    w = np.random.randn(2, 3)
    if parameters.get("w") is not None:
        w = oracle.array(parameters["w"])
    x = oracle.array(parameters["x"])
    t = oracle.array(parameters["t"])
    h = oracle.number(parameters["h"])
    delta = oracle.number(parameters["delta"])

    def loss(_):
        return cross_entropy_error(softmax(np.dot(x, w)), t, delta)

    dW = numerical_gradient(loss, w, h)
    return {"w": w, "loss": loss(w), "dW": dW}
