"""NumPy reference for the two-layer-net lesson (the book's TwoLayerNet and its gradient check)."""
import gzip
import os
import pathlib

import numpy as np

import oracle

LESSON = "two-layer-net"

_FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}
_cache = {}


def _folder(name):
    if name == "embedded":
        return oracle.ROOT / "Sources" / "EmbeddedMNIST" / "Embedded"
    if name == "fashion-mnist":
        return pathlib.Path("/usr/share/datasets/fashion-mnist")
    if name == "mnist":
        if os.environ.get("LESSONS_DATA"):
            return pathlib.Path(os.environ["LESSONS_DATA"]) / "mnist"
        cache = os.environ.get("XDG_CACHE_HOME")
        if not cache or not os.path.isabs(cache):
            cache = os.path.join(os.environ["HOME"], ".cache")
        return pathlib.Path(cache) / "lessons" / "mnist"
    return pathlib.Path(name)


def _read(folder, stem, offset):
    for path in (folder / (stem + ".gz"), folder / stem):
        if path.exists():
            raw = gzip.open(path).read() if path.suffix == ".gz" else path.read_bytes()
            return np.frombuffer(raw, dtype=np.uint8, offset=offset)
    raise FileNotFoundError(str(folder / stem))


def load(name):
    """The book's load_mnist(normalize=True, one_hot_label=True): float32 / 255, one-hot labels."""
    if name not in _cache:
        folder = _folder(name)
        data = {}
        for part in ("train", "test"):
            images = _read(folder, _FILES[part + "_images"], 16).reshape(-1, 784).astype(np.float32) / 255.0
            labels = _read(folder, _FILES[part + "_labels"], 8)
            one_hot = np.zeros((labels.size, 10))
            one_hot[np.arange(labels.size), labels] = 1
            data[part] = (images, one_hot)
        _cache[name] = data
    return _cache[name]


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(x):
    x = x - x.max(axis=-1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


def cross_entropy_error(y, t, delta=1e-7):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch), t] + delta)) / batch


def numerical_gradient(f, x):
    # The book's common numerical_gradient, with its h = 1e-4.
    return oracle.reference("simplenet-gradient").numerical_gradient(f, x, 1e-4)


class Network:
    # The constant inside the loss's log: the book's 1e-7 (the lesson's `delta`).
    delta = 1e-7

    def __init__(self, input_size, hidden_size, output_size, weight_init_std):
        self.params = {
            "W1": weight_init_std * np.random.randn(input_size, hidden_size),
            "b1": np.zeros(hidden_size),
        }
        self.params["W2"] = weight_init_std * np.random.randn(hidden_size, output_size)
        self.params["b2"] = np.zeros(output_size)

    def predict(self, x):
        p = self.params
        z1 = sigmoid(np.dot(x, p["W1"]) + p["b1"])
        return softmax(np.dot(z1, p["W2"]) + p["b2"])

    def loss(self, x, t):
        return cross_entropy_error(self.predict(x), t, self.delta)

    def accuracy(self, x, t):
        y = np.argmax(self.predict(x), axis=1)
        return np.sum(y == np.argmax(t, axis=1)) / float(x.shape[0])

    def numerical_gradient(self, x, t):
        loss = lambda _: self.loss(x, t)
        return {key: numerical_gradient(loss, self.params[key]) for key in ("W1", "b1", "W2", "b2")}

    def gradient(self, x, t):
        p = self.params
        batch = x.shape[0]
        a1 = np.dot(x, p["W1"]) + p["b1"]
        z1 = sigmoid(a1)
        y = softmax(np.dot(z1, p["W2"]) + p["b2"])
        dy = (y - t) / batch
        grads = {"W2": np.dot(z1.T, dy), "b2": np.sum(dy, axis=0)}
        dz1 = (1.0 - sigmoid(a1)) * sigmoid(a1) * np.dot(dy, p["W2"].T)
        grads["W1"] = np.dot(x.T, dz1)
        grads["b1"] = np.sum(dz1, axis=0)
        return grads


def setup(seed, parameters):
    """The network and, for the two-layer-net lesson, its batch: draws in the book's order."""
    np.random.seed(seed)
    network = Network(
        int(parameters["input_size"]), int(parameters["hidden_size"]),
        int(parameters["output_size"]), oracle.number(parameters["weight_init_std"]))
    return network


def run(seed, parameters):
    network = setup(seed, parameters)
    network.delta = oracle.number(parameters.get("delta", 1e-7))
    batch = int(parameters["batch_size"])
    if parameters["data"] == "random":
        x = np.random.rand(batch, int(parameters["input_size"]))
        t = np.random.rand(batch, int(parameters["output_size"]))
    else:
        x_train, t_train = load(parameters["data"])["train"]
        mask = np.random.choice(x_train.shape[0], batch)
        x, t = x_train[mask], t_train[mask]
    grad = network.gradient(x, t)
    numerical = network.numerical_gradient(x, t)
    outputs = {"loss": network.loss(x, t), "accuracy": network.accuracy(x, t)}
    for key in ("W1", "b1", "W2", "b2"):
        outputs["grad_" + key] = grad[key]
        outputs["numerical_" + key] = numerical[key]
    outputs["difference"] = np.array([np.average(np.abs(grad[k] - numerical[k])) for k in ("W1", "b1", "W2", "b2")])
    return outputs
