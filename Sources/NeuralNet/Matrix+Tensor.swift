import LessonKit
import NumPyMath

extension Matrix {
    /// The matrix as a lesson's output: shape [rows, columns], C order.
    package var tensor: Tensor { Tensor(shape: [rows, columns], scalars: scalars) }
}
