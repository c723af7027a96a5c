"""NumPy reference for the layers lesson: the book's chapter-5 layers
(common/layers.py: Relu, Sigmoid, Affine, SoftmaxWithLoss) forward and
backward on seeded inputs, each backward beside the book's
numerical_gradient of the same layer."""
import numpy as np

import oracle

LESSON = "layers"


class Sigmoid:
    def forward(self, x):
        out = 1 / (1 + np.exp(-x))
        self.out = out
        return out

    def backward(self, dout):
        return dout * (1.0 - self.out) * self.out


def run(seed, parameters):
    layered = oracle.reference("gradient-check")
    nudged = oracle.reference("simplenet-gradient").numerical_gradient
    n, d, m = (int(parameters[name]) for name in ("batch_size", "input_size", "output_size"))
    delta = oracle.number(parameters["delta"])
    np.random.seed(seed)
    x = np.random.randn(n, d)
    dout = np.random.randn(n, d)
    W = np.random.randn(d, m)
    b = np.random.randn(m)
    dout_affine = np.random.randn(n, m)
    t = np.zeros((n, m))
    t[np.arange(n), np.random.choice(m, n)] = 1

    relu = layered.Relu()
    relu_out = relu.forward(x)
    relu_dx = relu.backward(dout.copy())  # the book's Relu changes dout in place
    sigmoid = Sigmoid()
    sigmoid_out = sigmoid.forward(x)
    sigmoid_dx = sigmoid.backward(dout)
    affine = layered.Affine(W, b)
    affine_out = affine.forward(x)
    affine_dx = affine.backward(dout_affine)
    softmax = layered.SoftmaxWithLoss()
    softmax.delta = delta
    loss = softmax.forward(affine_out, t)
    softmax_dx = softmax.backward()

    h = 1e-4
    x_nudged = x.copy()
    numerical_relu = nudged(lambda v: np.sum(layered.Relu().forward(v) * dout), x_nudged, h)
    numerical_sigmoid = nudged(lambda v: np.sum(Sigmoid().forward(v) * dout), x_nudged, h)
    numerical_affine_dx = nudged(lambda v: np.sum(layered.Affine(W, b).forward(v) * dout_affine), x_nudged, h)
    W_nudged, b_nudged = W.copy(), b.copy()
    numerical_affine_dW = nudged(lambda v: np.sum(layered.Affine(v, b).forward(x) * dout_affine), W_nudged, h)
    numerical_affine_db = nudged(lambda v: np.sum(layered.Affine(W, v).forward(x) * dout_affine), b_nudged, h)

    def loss_of(scores):
        layer = layered.SoftmaxWithLoss()
        layer.delta = delta
        return layer.forward(scores, t)

    scores = affine_out.copy()
    if type(scores).__name__ == "Interval":
        # The oracle's bounded run (Tools/bounds.py): nudging one uncertain value at a time has no interval rule.
        import bounds
        raise bounds.NoRule("a numerical gradient over an interval")
    numerical_softmax = nudged(loss_of, scores, h)
    pairs = [
        (relu_dx, numerical_relu), (sigmoid_dx, numerical_sigmoid), (affine_dx, numerical_affine_dx),
        (affine.dW, numerical_affine_dW), (affine.db, numerical_affine_db), (softmax_dx, numerical_softmax),
    ]
    return {
        "relu_out": relu_out, "relu_dx": relu_dx, "sigmoid_out": sigmoid_out, "sigmoid_dx": sigmoid_dx,
        "affine_out": affine_out, "affine_dx": affine_dx, "affine_dW": affine.dW, "affine_db": affine.db,
        "loss": loss, "softmax_dx": softmax_dx,
        "numerical_relu_dx": numerical_relu, "numerical_sigmoid_dx": numerical_sigmoid,
        "numerical_affine_dx": numerical_affine_dx, "numerical_affine_dW": numerical_affine_dW,
        "numerical_affine_db": numerical_affine_db, "numerical_softmax_dx": numerical_softmax,
        "difference": np.array([np.average(np.abs(a - b)) for a, b in pairs]),
    }
