import Datasets
import LessonKit
import NumPyMath

/// The images a lesson learns from, as the book prepares them: pixels
/// `float32(p) / 255`, widened to float64 where NumPy's product widens them,
/// and labels one-hot.
package struct LessonData: Sendable {
    package let name: String
    package let trainImages: [Float]
    package let trainLabels: [UInt8]
    package let testImages: [Float]
    package let testLabels: [UInt8]
    package let features: Int
    package let classes: Int
    package let notes: [String]

    package var trainCount: Int { trainLabels.count }
    package var testCount: Int { testLabels.count }

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
        do { set = try DataSet.load(source) } catch { throw .badData("data: \(error)", status: error.exitStatus == 65 ? 65 : 64) }
        return LessonData(
            name: set.name, trainImages: set.train.pixels, trainLabels: set.train.labels,
            testImages: set.test.pixels, testLabels: set.test.labels,
            features: set.train.rows * set.train.columns, classes: 10, notes: set.notes)
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
        Self.rows(indices, images: trainImages, labels: trainLabels, features: features, classes: classes)
    }

    package static func rows(_ indices: [Int], images: [Float], labels: [UInt8], features: Int, classes: Int) -> (x: Matrix, t: Matrix) {
        var x = [Double](repeating: 0, count: indices.count * features)
        var t = [Double](repeating: 0, count: indices.count * classes)
        images.withUnsafeBufferPointer { p in
            for (row, index) in indices.enumerated() {
                for k in 0..<features { x[row * features + k] = Double(p[index * features + k]) }
                t[row * classes + Int(labels[index])] = 1
            }
        }
        return (Matrix(rows: indices.count, columns: features, scalars: x), Matrix(rows: indices.count, columns: classes, scalars: t))
    }

    /// One-hot rows for `labels`.
    package func oneHot(_ labels: [Int]) -> Matrix {
        var t = [Double](repeating: 0, count: labels.count * classes)
        for (row, label) in labels.enumerated() { t[row * classes + label] = 1 }
        return Matrix(rows: labels.count, columns: classes, scalars: t)
    }

    /// The whole training or test set as matrices, for accuracies.
    package var train: (x: Matrix, labels: [Int]) { (Self.widened(trainImages, rows: trainCount, features), trainLabels.map(Int.init)) }
    package var test: (x: Matrix, labels: [Int]) { (Self.widened(testImages, rows: testCount, features), testLabels.map(Int.init)) }

    static func widened(_ pixels: [Float], rows: Int, _ features: Int) -> Matrix {
        Matrix(rows: rows, columns: features, scalars: pixels.map(Double.init))
    }
}
