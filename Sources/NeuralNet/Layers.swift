import Arithmetic
import LessonKit
import NumPyMath

/// The book's chapter-5 layers (common/layers.py), each a forward and a
/// backward pass over a batch in NumPy's order of operations. A layer
/// keeps what its backward pass needs, as the book's classes do.
///
/// ```
/// Relu:             out = x where x > 0, else 0      dx = dout where x > 0, else 0
/// Sigmoid:          out = 1 / (1 + exp(-x))           dx = dout · (1 - out) · out
/// Affine:           out = x · W + b                   dx = dout · Wᵀ, dW = xᵀ · dout, db = sum(dout, axis=0)
/// SoftmaxWithLoss:  loss = cross_entropy(softmax(x))  dx = (y - t) / batch
/// ```
package enum Layer {
    /// `out = x.copy(); out[x <= 0] = 0`; backward `dout[mask] = 0`.
    package struct Relu {
        var mask: [Bool] = []
        package init() {}
        package mutating func forward(_ x: Matrix) -> Matrix {
            mask = x.scalars.map { $0 <= 0 }
            return Matrix(rows: x.rows, columns: x.columns, scalars: x.scalars.map(Network.relu))
        }
        package func backward(_ dout: Matrix) -> Matrix {
            var dx = dout
            for i in dx.scalars.indices where mask[i] { dx.scalars[i] = 0 }
            return dx
        }
    }

    /// `out = sigmoid(x)`; backward `dout * (1.0 - out) * out`, left to right.
    package struct Sigmoid {
        let numpy: NumPyFunctions
        var out = Matrix(zeros: 0, 0)
        package init(_ arithmetic: Arithmetic) { numpy = NumPyFunctions(arithmetic) }
        package mutating func forward(_ x: Matrix) -> Matrix {
            out = numpy.sigmoid(x)
            return out
        }
        package func backward(_ dout: Matrix) -> Matrix {
            var dx = dout
            for i in dx.scalars.indices { dx.scalars[i] = (dout.scalars[i] * (1.0 - out.scalars[i])) * out.scalars[i] }
            return dx
        }
    }

    /// `out = np.dot(x, W) + b`; backward `dx = np.dot(dout, W.T)`,
    /// `dW = np.dot(x.T, dout)`, `db = np.sum(dout, axis=0)`: products in
    /// the arithmetic's order.
    package struct Affine {
        package var W: Matrix
        package var b: [Double]
        let order: Arithmetic.Products
        var x = Matrix(zeros: 0, 0)
        package private(set) var dW = Matrix(zeros: 0, 0)
        package private(set) var db: [Double] = []
        package init(W: Matrix, b: [Double], _ arithmetic: Arithmetic) { (self.W, self.b, order) = (W, b, arithmetic.products) }
        package mutating func forward(_ x: Matrix) -> Matrix {
            self.x = x
            var out = dot(x, W, order: order)
            Network.addRow(b, to: &out)
            return out
        }
        package mutating func backward(_ dout: Matrix) -> Matrix {
            dW = dot(x, dout, transpose: .a, order: order)
            db = Network.sumColumns(dout)
            return dot(dout, W, transpose: .b, order: order)
        }
    }

    /// `y = softmax(x)`, `loss = cross_entropy_error(y, t)` with `delta`
    /// inside the log; backward, for a one-hot t, `(y - t) / batch_size`:
    /// the gradient of the loss without the delta.
    package struct SoftmaxWithLoss {
        let numpy: NumPyFunctions
        let delta: Double
        package private(set) var y = Matrix(zeros: 0, 0)
        var t = Matrix(zeros: 0, 0)
        package init(delta: Double = 1e-7, _ arithmetic: Arithmetic) { (self.delta, numpy) = (delta, NumPyFunctions(arithmetic)) }
        package mutating func forward(_ x: Matrix, _ t: Matrix) -> Double {
            self.t = t
            y = numpy.softmaxRows(x)
            return Network.crossEntropy(y, labels: Network.argmaxRows(t), delta: delta, numpy)
        }
        package func backward() -> Matrix {
            var dx = y
            let batch = Double(t.rows)
            for i in dx.scalars.indices { dx.scalars[i] = (y.scalars[i] - t.scalars[i]) / batch }
            return dx
        }
    }

    /// The book's `numerical_gradient(f, x)` (common/gradient.py): each
    /// element in C order set to `x + h`, then `x - h`, `f` taken at both,
    /// `(up - down) / (2h)`, the element put back.
    package static func numericalGradient(_ x: inout [Double], h: Double = 1e-4, _ f: ([Double]) -> Double) -> [Double] {
        var grad = [Double](repeating: 0, count: x.count)
        for i in x.indices {
            let saved = x[i]
            x[i] = saved + h
            let up = f(x)
            x[i] = saved - h
            let down = f(x)
            grad[i] = (up - down) / (2 * h)
            x[i] = saved
        }
        return grad
    }
}
