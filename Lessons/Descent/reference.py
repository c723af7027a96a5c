"""NumPy reference for the descent lesson (notebook In [265])."""
import numpy as np

import oracle

LESSON = "descent"


def gradient_descent(f, init_x, lr, steps, h):
    numerical_gradient = oracle.reference("gradient").numerical_gradient
    x = init_x
    history = []
    for _ in range(steps):
        history.append(x.copy())
        grad = numerical_gradient(f, x, h)
        x = x - lr * grad
    return x, np.array(history, dtype=np.float64).reshape(steps, init_x.size)


def run(seed, parameters):
    f = oracle.function(parameters["function"], vector=True)
    x, history = gradient_descent(
        f,
        oracle.array(parameters["init"]),
        oracle.number(parameters["lr"]),
        int(parameters["steps"]),
        oracle.number(parameters["h"]),
    )
    return {"x": x, "history": history}
