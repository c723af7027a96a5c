import Datasets
import LessonKit
import NumPyMath

/// The images a lesson learns from, as the book prepares them: pixels
/// `float32(p) / 255`, widened to float64 where NumPy's product widens them,
/// and labels one-hot. The images stay bytes as the files hold them; a
/// batch, or a block of an accuracy pass, is widened when it is used.
package struct LessonData: Sendable {
    package let name: String
    package let train: ImageSet
    package let test: ImageSet
    package let features: Int
    package let classes: Int
    package let notes: [String]

    package var trainCount: Int { train.count }
    package var testCount: Int { test.count }

    /// What `data` accepts, for `lessons list` and error lines.
    package static let accepted = accepted(random: true)

    /// What `data` accepts, with or without `random` (which training refuses:
    /// it has no test set).
    package static func accepted(random: Bool) -> String {
        "embedded, mnist, fashion-mnist, \(random ? "random, " : "")or a folder holding the four MNIST-format files"
    }

    /// Loads the data set a `data` value names; `random` is not a data set
    /// (the lesson draws it) and is handled before this.
    package static func load(_ text: String) throws(LessonError) -> LessonData {
        let source: DataSource
        do { source = try DataSource(parsing: text) } catch { throw .badValue(parameter: "data", value: text, expected: accepted) }
        let set: DataSet
        do { set = try DataSet.load(source) } catch {
            throw .badData("data: \(error)", status: [65, 69].contains(error.exitStatus) ? error.exitStatus : 64)
        }
        return LessonData(
            name: set.name, train: set.train, test: set.test, features: set.train.rows * set.train.columns, classes: 10, notes: set.notes)
    }

    /// What the data set itself says of a `data` value (a folder whose files
    /// match no known checksum, which known set a folder holds), for a run's
    /// notes; nothing for `random` or a value that does not load.
    package static func notes(for text: String) -> [String] {
        guard text != "random", let data = try? load(text) else { return [] }
        return data.notes
    }

    /// Rows `indices` of the training set: `x_train[batch_mask]`, `t_train[batch_mask]`.
    package func trainBatch(_ indices: [Int]) -> (x: Matrix, t: Matrix) {
        let (x, t) = train.batch(indices, classes: classes)
        return (Matrix(rows: indices.count, columns: features, scalars: x), Matrix(rows: indices.count, columns: classes, scalars: t))
    }

    /// One-hot rows for `labels`.
    package func oneHot(_ labels: [Int]) -> Matrix {
        var t = [Double](repeating: 0, count: labels.count * classes)
        for (row, label) in labels.enumerated() { t[row * classes + label] = 1 }
        return Matrix(rows: labels.count, columns: classes, scalars: t)
    }
}
