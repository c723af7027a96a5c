import Checksums
import Dispatch
import FileAccess
import Gzip
import Synchronization
import _NumPyKernels

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One split of a data set: images as their files hold them, and their labels.
public struct ImageSet: Sendable {
    public let count: Int
    /// 28 and 28.
    public let rows: Int, columns: Int
    /// `count·rows·columns` pixel bytes in C order (image, row, column), as
    /// the file holds them: one byte each, so that a split takes what its
    /// file holds (60 000 images: 47 MB), and each image is widened when it
    /// is used (``batch(_:classes:)``, ``widen(_:into:)``).
    public let bytes: [UInt8]
    /// `count` class labels, 0...9.
    public let labels: [UInt8]

    public init(count: Int, rows: Int, columns: Int, bytes: [UInt8], labels: [UInt8]) {
        precondition(bytes.count == count * rows * columns && labels.count == count, "ImageSet: sizes disagree")
        self.count = count
        self.rows = rows
        self.columns = columns
        self.bytes = bytes
        self.labels = labels
    }

    /// Every pixel normalised as the book's `normalize` does, `Float(byte) /
    /// 255` rounded in Float. Allocates four bytes a pixel: for tests and
    /// summaries; a lesson widens what it uses.
    public var pixels: [Float] { bytes.map { IDX.scale[Int($0)] } }

    /// Images `images` (a range of indices) written into `target` as
    /// doubles, one row of `rows·columns` per image: `Double(Float(byte) /
    /// 255)`, as NumPy widens the book's float32 pixels in `np.dot`.
    public func widen(_ images: Range<Int>, into target: UnsafeMutableBufferPointer<Double>) {
        let size = rows * columns
        precondition(images.lowerBound >= 0 && images.upperBound <= count && target.count >= images.count * size)
        guard images.count * size > 0 else { return }
        bytes.withUnsafeBufferPointer { source in
            Self.widen(source.baseAddress! + images.lowerBound * size, count: images.count * size, into: target.baseAddress!)
        }
    }

    /// `Double(Float(byte) / 255)` for `count` bytes (``IDX/scale``, widened
    /// exactly), computed eight at a time where the CPU can.
    @inline(__always)
    static func widen(_ source: UnsafePointer<UInt8>, count: Int, into target: UnsafeMutablePointer<Double>) {
        npk_widen_pixels(source, count, target)
    }

    /// Images `indices` (in that order, repeats allowed) as one row of
    /// `rows·columns` doubles each, and their labels one-hot in `classes`
    /// columns: the book's `x_train[batch_mask]`, `t_train[batch_mask]`
    /// after `normalize=True, one_hot_label=True`. Widening Float to Double
    /// is exact, as NumPy's `astype(np.float64)`.
    ///
    /// - Precondition: every index is in `0..<count`.
    public func batch(_ indices: [Int], classes: Int = 10) -> (x: [Double], t: [Double]) {
        let size = rows * columns
        for index in indices { precondition(index >= 0 && index < count, "ImageSet.batch: index \(index) outside 0..<\(count)") }
        let x = [Double](unsafeUninitializedCapacity: indices.count * size) { target, written in
            if size > 0 && !indices.isEmpty {
                bytes.withUnsafeBufferPointer { source in
                    indices.withUnsafeBufferPointer { indices in
                        npk_widen_images(source.baseAddress!, size, indices.baseAddress!, indices.count, target.baseAddress!)
                    }
                }
            }
            written = indices.count * size
        }
        var t = [Double](repeating: 0, count: indices.count * classes)
        for (row, index) in indices.enumerated() where Int(labels[index]) < classes { t[row * classes + Int(labels[index])] = 1 }
        return (x, t)
    }
}

/// A data set with a training and a test split, and where it came from.
public struct DataSet: Sendable {
    /// "embedded", "mnist", "fashion-mnist", or the folder path.
    public let name: String
    public let train: ImageSet
    public let test: ImageSet
    /// "0"..."9", or Fashion-MNIST's ten names.
    public let classNames: [String]
    /// What a learner should know about the files, e.g. that they match no known checksum.
    public let notes: [String]
    /// The known set the four files are, by SHA-256, or nil.
    public let verified: KnownSet?
    /// The four files read, in `DataFile` order (train images, train labels,
    /// test images, test labels): what a NumPy reference must read to see
    /// the same data. Empty for a data set made in memory.
    public let files: [String]

    public init(
        name: String, train: ImageSet, test: ImageSet, classNames: [String], notes: [String], verified: KnownSet? = nil,
        files: [String] = []
    ) {
        self.name = name
        self.train = train
        self.test = test
        self.classNames = classNames
        self.notes = notes
        self.verified = verified
        self.files = files
    }
}

/// Where a data set comes from: always a place the learner named.
public enum DataSource: Sendable, Equatable, CustomStringConvertible {
    /// The MNIST subset inside the package (4 000 + 1 000 images): offline, the same everywhere.
    case embedded
    /// MNIST from the cache folder that `lessons data fetch mnist` fills.
    case mnist
    /// Fashion-MNIST from Debian's `dataset-fashion-mnist`.
    case fashionMNIST
    /// A folder holding the four IDX files (gzip-compressed or not).
    case folder(String)

    /// `embedded`, `mnist`, `fashion-mnist`, or else a folder path.
    public init(parsing text: String) throws(DataError) {
        switch text {
        case "": throw .emptySource
        case "embedded": self = .embedded
        case "mnist": self = .mnist
        case "fashion-mnist": self = .fashionMNIST
        default: self = .folder(text)
        }
    }

    public var description: String {
        switch self {
        case .embedded: return "embedded"
        case .mnist: return "mnist"
        case .fashionMNIST: return "fashion-mnist"
        case .folder(let path): return path
        }
    }
}

extension DataSet {
    /// Loads both splits of `source`, checking every file (see `IDX`) and
    /// matching each against the known SHA-256 sums.
    ///
    /// The embedded subset must match its sums (it is part of the package);
    /// any other folder is used as given, with a note when its files are not
    /// a known set. Loads are remembered for the life of the process, keyed
    /// by each file's path, size, inode and modification time, so a lesson
    /// run many times reads its data once.
    ///
    /// ```swift
    /// let data = try DataSet.load(try DataSource(parsing: "fashion-mnist"))
    /// let (x, t) = data.train.batch([0, 1, 2])     // 3×784 doubles, 3×10 one-hot
    /// for note in data.notes { print("note:", note) }
    /// ```
    ///
    /// - Complexity: reads, hashes and decodes the four files, hashing and
    ///   decoding on separate threads: O(size of the files).
    public static func load(_ source: DataSource) throws(DataError) -> DataSet {
        try load(source, environment: ProcessInfo.processInfo.environment)
    }

    /// `load(_:)` with the environment that names the MNIST cache folder.
    public static func load(_ source: DataSource, environment: [String: String]) throws(DataError) -> DataSet {
        switch source {
        case .embedded:
            let (folder, searched) = DataLocation.embeddedFolder()
            guard let folder else { throw .embeddedMissing(searched: searched) }
            return try load(folder: folder, name: "embedded", expected: .embedded, hint: "rebuild the package", strict: true)
        case .mnist:
            let folder = try DataLocation.mnistFolder(environment: environment)
            return try load(folder: folder, name: "mnist", expected: .mnist, hint: "run 'lessons data fetch mnist' first", strict: false)
        case .fashionMNIST:
            return try load(
                folder: DataLocation.fashionMNISTFolder, name: "fashion-mnist", expected: .fashionMNIST,
                hint: "install Debian's package dataset-fashion-mnist (apt-get install dataset-fashion-mnist)", strict: false)
        case .folder(let path):
            guard Files.isDirectory(path) else { throw .noFolder(path) }
            return try load(folder: path, name: path, expected: nil, hint: "", strict: false)
        }
    }

    /// The four files of `folder`, by role; throws for a missing one.
    static func locate(folder: String, hint: String) throws(DataError) -> [String] {
        var paths: [String] = []
        for role in DataFile.allCases {
            let found = role.candidates.map { DataLocation.join(folder, $0) }.first { Files.kind($0) != .none }
            guard let found else { throw .missingFile(folder: folder, name: role.stem, hint: hint) }
            paths.append(found)
        }
        return paths
    }

    private static let remembered = Mutex<[String: DataSet]>([:])

    static func load(folder: String, name: String, expected: KnownSet?, hint: String, strict: Bool) throws(DataError) -> DataSet {
        let paths = try locate(folder: folder, hint: hint)
        var key = name
        for path in paths {
            guard case .regular(let size, let modified, let inode) = Files.kind(path) else { throw .notRegularFile(path) }
            key += "\u{0}\(path)\u{0}\(size)\u{0}\(modified)\u{0}\(inode)"
        }
        if let known = remembered.withLock({ $0[key] }) { return known }
        let loaded = try read(paths: paths, folder: folder, name: name, expected: expected, strict: strict)
        remembered.withLock { $0[key] = loaded }
        return loaded
    }

    private enum Decoded {
        case images(count: Int, rows: Int, columns: Int, bytes: [UInt8])
        case labels([UInt8])
    }

    private final class Slots: Sendable {
        let hashes = Mutex<[String?]>([nil, nil, nil, nil])
        let decoded = Mutex<[Result<Decoded, DataError>?]>([nil, nil, nil, nil])
    }

    private static func read(paths: [String], folder: String, name: String, expected: KnownSet?, strict: Bool) throws(DataError) -> DataSet
    {
        var contents: [[UInt8]] = []
        for (index, path) in paths.enumerated() {
            let limit = index % 2 == 0 ? IDX.imagesLimit : IDX.labelsLimit
            // A gzip stream can be a little longer than what it holds (stored blocks).
            contents.append(try Files.readData(path, limit: limit + limit / 100 + 1024))
        }
        let slots = Slots()
        let files = contents
        // Jobs 0...3 decode, 4...7 hash: the large image file is hashed on
        // one core while it is inflated and checked on the other.
        DispatchQueue.concurrentPerform(iterations: 8) { job in
            let index = job % 4
            if job >= 4 {
                let digest = SHA256.hash(files[index])
                slots.hashes.withLock { $0[index] = digest }
                return
            }
            let result = Result { () throws(DataError) -> Decoded in
                try decode(files[index], images: index % 2 == 0, file: paths[index])
            }
            slots.decoded.withLock { $0[index] = result }
        }
        let hashes = slots.hashes.withLock { $0.map { $0 ?? "" } }
        var decoded: [Decoded] = []
        for result in slots.decoded.withLock({ $0 }) {
            switch result! {
            case .success(let value): decoded.append(value)
            case .failure(let error): throw error
            }
        }
        let train = try split(decoded[0], decoded[1], paths[0], paths[1])
        let test = try split(decoded[2], decoded[3], paths[2], paths[3])
        guard train.rows == test.rows, train.columns == test.columns else { throw .shapeMismatch(train: paths[0], test: paths[2]) }

        let identified = KnownSet.all.first { set in DataFile.allCases.allSatisfy { set.file($0).sha256 == hashes[$0.rawValue] } }
        if strict, let expected, identified != expected {
            let role = DataFile.allCases.first { expected.file($0).sha256 != hashes[$0.rawValue] }!
            throw .checksumMismatch(file: paths[role.rawValue], expected: expected.file(role).sha256, found: hashes[role.rawValue])
        }
        var notes: [String] = []
        if let identified {
            if identified != expected { notes.append("files in \(folder) are \(identified.title)'s (SHA-256 verified)") }
        } else {
            let unknown = DataFile.allCases.filter { role in
                !KnownSet.all.contains { $0.file(role).sha256 == hashes[role.rawValue] }
            }
            if unknown.count == 4 {
                notes.append("files in \(folder) match no known checksum; used as given")
            } else if unknown.isEmpty {
                notes.append("files in \(folder) mix files of different known sets; used as given")
            } else {
                let names = unknown.map { String(paths[$0.rawValue].split(separator: "/").last ?? "") }
                notes.append(
                    "\(names.joined(separator: ", ")) in \(folder) match\(names.count == 1 ? "es" : "") no known checksum; used as given")
            }
        }
        let classNames = (identified ?? expected)?.classNames ?? KnownSet.digits
        return DataSet(name: name, train: train, test: test, classNames: classNames, notes: notes, verified: identified, files: paths)
    }

    private static func decode(_ bytes: [UInt8], images: Bool, file: String) throws(DataError) -> Decoded {
        let limit = images ? IDX.imagesLimit : IDX.labelsLimit
        let parse = { (raw: UnsafeBufferPointer<UInt8>) throws(DataError) -> Decoded in
            if images {
                let (count, rows, columns, pixels) = try IDX.images(raw, file: file)
                return .images(count: count, rows: rows, columns: columns, bytes: pixels)
            }
            return .labels(try IDX.labels(raw, file: file))
        }
        if Gzip.isGzip(bytes) { return try Gunzip.withDecoded(bytes, limit: limit, file: file, parse) }
        return try bytes.withUnsafeBufferPointer { (raw) throws(DataError) in try parse(raw) }
    }

    private static func split(_ images: Decoded, _ labels: Decoded, _ imagesFile: String, _ labelsFile: String) throws(DataError)
        -> ImageSet
    {
        guard case .images(let count, let rows, let columns, let bytes) = images, case .labels(let values) = labels else {
            preconditionFailure("decode returns images for image files and labels for label files")
        }
        guard count == values.count else {
            throw .countMismatch(images: imagesFile, imageCount: count, labels: labelsFile, labelCount: values.count)
        }
        return ImageSet(count: count, rows: rows, columns: columns, bytes: bytes, labels: values)
    }
}
