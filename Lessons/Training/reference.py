"""NumPy reference for the training lesson (the book's train_neuralnet)."""
import numpy as np

import oracle

LESSON = "training"


def run(seed, parameters):
    net = oracle.reference("two-layer-net")
    np.random.seed(seed)
    (x_train, t_train), (x_test, t_test) = (net.load(parameters["data"])[part] for part in ("train", "test"))
    if parameters.get("network", "sigmoid") == "layers":
        # Chapter 5's train_neuralnet: the same loop over the layered network.
        layered = oracle.reference("gradient-check")
        network = layered.LayeredNetwork(784, int(parameters["hidden_size"]), 10, oracle.number(parameters["weight_init_std"]))
    else:
        network = net.Network(784, int(parameters["hidden_size"]), 10, oracle.number(parameters["weight_init_std"]))
    iters_num = int(parameters["iters_num"])
    batch_size = int(parameters["batch_size"])
    learning_rate = oracle.number(parameters["learning_rate"])
    train_size = x_train.shape[0]
    iter_per_epoch = max(train_size / batch_size, 1)
    train_loss, train_acc, test_acc = [], [], []
    for i in range(iters_num):
        mask = np.random.choice(train_size, batch_size)
        x_batch, t_batch = x_train[mask], t_train[mask]
        if parameters["gradient"] == "numerical":
            grad = network.numerical_gradient(x_batch, t_batch)
        else:
            grad = network.gradient(x_batch, t_batch)
        for key in ("W1", "b1", "W2", "b2"):
            network.params[key] -= learning_rate * grad[key]
        train_loss.append(network.loss(x_batch, t_batch))
        if i % iter_per_epoch == 0:
            train_acc.append(network.accuracy(x_train, t_train))
            test_acc.append(network.accuracy(x_test, t_test))
    outputs = {"train_loss": np.array(train_loss), "train_acc": np.array(train_acc), "test_acc": np.array(test_acc)}
    outputs.update(network.params)
    return outputs
