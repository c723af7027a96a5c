"""NumPy reference for the gradient-check lesson: the book's chapter-5
layers (common/layers.py: Affine, Relu, SoftmaxWithLoss), its layered
TwoLayerNet (ch05/two_layer_net.py) and gradient_check.py, each operation
as the book performs it."""
from collections import OrderedDict

import numpy as np

import oracle

LESSON = "gradient-check"


def _images():
    return oracle.reference("two-layer-net")


class Relu:
    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        # In place, as the book does: the caller's dout is changed.
        dout[self.mask] = 0
        return dout


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return np.dot(x, self.W) + self.b

    def backward(self, dout):
        dx = np.dot(dout, self.W.T)
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return dx


class SoftmaxWithLoss:
    delta = 1e-7

    def forward(self, x, t):
        helpers = _images()
        self.t = t
        self.y = helpers.softmax(x)
        return helpers.cross_entropy_error(self.y, t, self.delta)

    def backward(self, dout=1):
        # One-hot t: (y - t) / batch_size.
        return (self.y - self.t) / self.t.shape[0]


class LayeredNetwork:
    """Affine, Relu, Affine, then SoftmaxWithLoss; the layers hold the
    parameter arrays themselves, so a nudge of a parameter reaches them."""

    def __init__(self, input_size, hidden_size, output_size, weight_init_std, delta=1e-7):
        self.params = {}
        self.params["W1"] = weight_init_std * np.random.randn(input_size, hidden_size)
        self.params["b1"] = np.zeros(hidden_size)
        self.params["W2"] = weight_init_std * np.random.randn(hidden_size, output_size)
        self.params["b2"] = np.zeros(output_size)
        self.layers = OrderedDict()
        self.layers["Affine1"] = Affine(self.params["W1"], self.params["b1"])
        self.layers["Relu1"] = Relu()
        self.layers["Affine2"] = Affine(self.params["W2"], self.params["b2"])
        self.last = SoftmaxWithLoss()
        self.last.delta = delta

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        return self.last.forward(self.predict(x), t)

    def accuracy(self, x, t):
        y = np.argmax(self.predict(x), axis=1)
        if t.ndim != 1:
            t = np.argmax(t, axis=1)
        return np.sum(y == t) / float(x.shape[0])

    def numerical_gradient(self, x, t):
        nudged = oracle.reference("simplenet-gradient").numerical_gradient
        loss = lambda _: self.loss(x, t)
        return {key: nudged(loss, self.params[key], 1e-4) for key in ("W1", "b1", "W2", "b2")}

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        first, second = self.layers["Affine1"], self.layers["Affine2"]
        return {"W1": first.dW, "b1": first.db, "W2": second.dW, "b2": second.db}


def run(seed, parameters):
    np.random.seed(seed)
    x_train, t_train = _images().load(parameters["data"])["train"]
    batch = int(parameters["batch_size"])
    x, t = x_train[:batch], t_train[:batch]
    network = LayeredNetwork(
        784, int(parameters["hidden_size"]), 10, oracle.number(parameters["weight_init_std"]),
        oracle.number(parameters["delta"]))
    numerical = network.numerical_gradient(x, t)
    backprop = network.gradient(x, t)
    outputs = {}
    for key in ("W1", "b1", "W2", "b2"):
        outputs["grad_" + key] = backprop[key]
        outputs["numerical_" + key] = numerical[key]
    outputs["difference"] = np.array([np.average(np.abs(backprop[k] - numerical[k])) for k in ("W1", "b1", "W2", "b2")])
    return outputs
