"""NumPy reference for optimizer-compare: the book's four optimizers
(chapter 6, optimizer_compare_naive) on f(x, y) = x**2 / 20 + y**2.

Each optimizer works on a dict of scalar parameters, as the book's
common/optimizer.py does, and the path holds the point before each update.
"""
import numpy as np

import oracle

LESSON = "optimizer-compare"


def gradient(x, y):
    return x / 10.0, 2.0 * y


class SGD:
    def __init__(self, lr):
        self.lr = lr

    def update(self, params, grads):
        for key in params:
            params[key] -= self.lr * grads[key]


class Momentum:
    def __init__(self, lr, momentum):
        self.lr, self.momentum, self.v = lr, momentum, None

    def update(self, params, grads):
        if self.v is None:
            self.v = {key: np.zeros_like(value) for key, value in params.items()}
        for key in params:
            self.v[key] = self.momentum * self.v[key] - self.lr * grads[key]
            params[key] += self.v[key]


class AdaGrad:
    def __init__(self, lr):
        self.lr, self.h = lr, None

    def update(self, params, grads):
        if self.h is None:
            self.h = {key: np.zeros_like(value) for key, value in params.items()}
        for key in params:
            self.h[key] += grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)


class Adam:
    def __init__(self, lr, beta1, beta2):
        self.lr, self.beta1, self.beta2 = lr, beta1, beta2
        self.iter, self.m, self.v = 0, None, None

    def update(self, params, grads):
        if self.m is None:
            self.m = {key: np.zeros_like(value) for key, value in params.items()}
            self.v = {key: np.zeros_like(value) for key, value in params.items()}
        self.iter += 1
        lr_t = self.lr * np.sqrt(1.0 - self.beta2**self.iter) / (1.0 - self.beta1**self.iter)
        for key in params:
            self.m[key] += (1 - self.beta1) * (grads[key] - self.m[key])
            self.v[key] += (1 - self.beta2) * (grads[key] ** 2 - self.v[key])
            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)


def run(seed, parameters):
    start = oracle.array(parameters["init"])
    steps = int(parameters["steps"])
    number = oracle.number
    optimizers = {
        "sgd": SGD(number(parameters["lr_sgd"])),
        "momentum": Momentum(number(parameters["lr_momentum"]), number(parameters["momentum"])),
        "adagrad": AdaGrad(number(parameters["lr_adagrad"])),
        "adam": Adam(number(parameters["lr_adam"]), number(parameters["beta1"]), number(parameters["beta2"])),
    }
    paths = {}
    for name, optimizer in optimizers.items():
        params = {"x": float(start[0]), "y": float(start[1])}
        grads = {}
        path = []
        for _ in range(steps):
            path.append([params["x"], params["y"]])
            grads["x"], grads["y"] = gradient(params["x"], params["y"])
            optimizer.update(params, grads)
        paths[name] = np.array(path, dtype=np.float64)
    return paths
