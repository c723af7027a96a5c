import Checksums
import Foundation
import Testing

@testable import Datasets

struct DataSetTests {
    @Test func sourcesParse() throws {
        #expect(try DataSource(parsing: "embedded") == .embedded)
        #expect(try DataSource(parsing: "mnist") == .mnist)
        #expect(try DataSource(parsing: "fashion-mnist") == .fashionMNIST)
        #expect(try DataSource(parsing: "data/digits") == .folder("data/digits"))
        #expect(throws: DataError.emptySource) { try DataSource(parsing: "") }
        for text in ["embedded", "mnist", "fashion-mnist", "/tmp/x"] { #expect(try DataSource(parsing: text).description == text) }
    }

    /// The embedded subset, against NumPy: `x = img.astype(np.float32) / 255.0`, hashed as little-endian float32
    /// bytes; the label counts and the interleaving its README describes.
    @Test func embeddedIsTheSubsetNumPyReads() throws {
        let data = try DataSet.load(.embedded)
        #expect(data.name == "embedded")
        #expect(data.notes.isEmpty)
        #expect(data.verified == .embedded)
        #expect(data.files.map { ($0 as NSString).lastPathComponent } == KnownSet.embedded.files.map(\.name))
        #expect(data.classNames == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"])
        #expect(data.train.count == 4000 && data.test.count == 1000)
        #expect(data.train.rows == 28 && data.train.columns == 28)
        #expect(data.train.bytes.count == 4000 * 784 && data.test.bytes.count == 1000 * 784)
        #expect(floatsDigest(data.train.pixels) == "61b7449a079e8dc704317a3377d3cec3f47e75cd141ad553f3d06b0914057ac1")
        #expect(floatsDigest(data.test.pixels) == "dbb6129a89afb380d6c053a3979592d45467daa6073401b95c3be5c47dfd351b")
        #expect(SHA256.hash(data.train.labels) == "18f60181177257fa959576b2e27a6e81f2d1e246d592a7c27d824f6b4d9c1072")
        #expect(data.train.labels.enumerated().allSatisfy { Int($1) == $0 % 10 })
        #expect(data.test.labels.enumerated().allSatisfy { Int($1) == $0 % 10 })
        // The first training image is mnist_5k.csv's first line: a 0 whose first ink is 51 at pixel 127.
        #expect(data.train.pixels[..<127].allSatisfy { $0 == 0 })
        #expect(data.train.pixels[127] == Float(51) / 255)
    }

    @Test func batchesAreRowsOfDoublesAndOneHotLabels() throws {
        let pixels: [UInt8] = (0..<(3 * 784)).map { (i: Int) -> UInt8 in UInt8(truncatingIfNeeded: i &* 11) }
        let widened: [Double] = pixels.map { (p: UInt8) -> Double in Double(Float(p) / 255) }
        let set = ImageSet(count: 3, rows: 28, columns: 28, bytes: pixels, labels: [4, 0, 9])
        let (x, t) = set.batch([2, 0, 2])
        #expect(x.count == 3 * 784 && t.count == 30)
        #expect(Array(x[0..<784]) == Array(widened[(2 * 784)...]))
        #expect(Array(x[784..<1568]) == Array(widened[..<784]))
        let nine: [Double] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
        let four: [Double] = [0, 0, 0, 0, 1, 0, 0, 0, 0, 0]
        #expect(t == nine + four + nine)
        // np.float32(51) / 255.0 widened: 0.20000000298023224 (NumPy prints it so).
        #expect(Double(Float(51) / 255) == 0.20000000298023224)
    }

    /// Every byte value, in images whose size is not a multiple of the
    /// eight the fast loop widens at a time, and ranges that start anywhere.
    @Test(arguments: [1, 3, 7, 15, 64])
    func wideningIsTheBooksDivisionInFloat(_ size: Int) {
        let count = 600 / size + 2
        let bytes = (0..<count * size).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let set = ImageSet(count: count, rows: 1, columns: size, bytes: bytes, labels: [UInt8](repeating: 0, count: count))
        for images in [0..<count, 1..<(count - 1), (count - 1)..<count] {
            var out = [Double](repeating: .nan, count: images.count * size)
            out.withUnsafeMutableBufferPointer { set.widen(images, into: $0) }
            let expected = bytes[(images.lowerBound * size)..<(images.upperBound * size)].map { Double(IDX.scale[Int($0)]) }
            #expect(out == expected, "images \(images) of \(size) pixels")
        }
    }

    @Test func aLoadIsRemembered() throws {
        let first = try DataSet.load(.embedded)
        let second = try DataSet.load(.embedded)
        first.train.bytes.withUnsafeBufferPointer { a in
            second.train.bytes.withUnsafeBufferPointer { b in #expect(a.baseAddress == b.baseAddress) }
        }
    }

    @Test func aFolderWithKnownFilesSaysWhichSetTheyAre() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.copyEmbedded()
        let data = try DataSet.load(.folder(folder.path))
        #expect(data.name == folder.path)
        #expect(data.verified == .embedded)
        #expect(data.notes == ["files in \(folder.path) are the embedded MNIST subset's (SHA-256 verified)"])
        #expect(data.train.count == 4000)
    }

    @Test func uncompressedUnknownFilesAreUsedWithANote() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let trainPixels = (0..<(20 * 784)).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        try folder.write("train-images-idx3-ubyte", IDX.encode(images: trainPixels, count: 20))
        try folder.write("train-labels-idx1-ubyte", IDX.encode(labels: (0..<20).map { UInt8($0 % 10) }))
        try folder.write("t10k-images.idx3-ubyte", IDX.encode(images: Array(trainPixels.prefix(5 * 784)), count: 5))
        try folder.write("t10k-labels.idx1-ubyte", IDX.encode(labels: [3, 1, 4, 1, 5]))
        let data = try DataSet.load(.folder(folder.path))
        #expect(data.notes == ["files in \(folder.path) match no known checksum; used as given"])
        #expect(data.verified == nil)
        #expect(data.classNames == KnownSet.digits)
        #expect(data.train.bytes == trainPixels)
        #expect(data.train.pixels == trainPixels.map { Float($0) / 255 })
        #expect(data.test.labels == [3, 1, 4, 1, 5])
    }

    @Test func aMixOfKnownAndUnknownNamesTheUnknown() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.copyEmbedded(except: ["t10k-labels-idx1-ubyte.gz"])
        try folder.write("t10k-labels-idx1-ubyte", IDX.encode(labels: [UInt8](repeating: 2, count: 1000)))
        let data = try DataSet.load(.folder(folder.path))
        #expect(data.notes == ["t10k-labels-idx1-ubyte in \(folder.path) matches no known checksum; used as given"])
        #expect(data.test.labels.allSatisfy { $0 == 2 })
    }

    @Test func missingAndDamagedFoldersNameWhatIsWrong() throws {
        #expect(throws: DataError.noFolder("/nonexistent/digits")) { try DataSet.load(.folder("/nonexistent/digits")) }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.copyEmbedded(except: ["t10k-images-idx3-ubyte.gz"])
        #expect(throws: DataError.missingFile(folder: folder.path, name: "t10k-images-idx3-ubyte", hint: "")) {
            try DataSet.load(.folder(folder.path))
        }
        // Three images for a thousand labels.
        try folder.write("t10k-images-idx3-ubyte", IDX.encode(images: [UInt8](repeating: 1, count: 3 * 784), count: 3))
        #expect(
            throws: DataError.countMismatch(
                images: folder.file("t10k-images-idx3-ubyte"), imageCount: 3, labels: folder.file("t10k-labels-idx1-ubyte.gz"),
                labelCount: 1000)
        ) { try DataSet.load(.folder(folder.path)) }
        // A gzip file cut short.
        let cut = Array(try readBytes(embeddedSource + "/t10k-images-idx3-ubyte.gz").prefix(5000))
        try FileManager.default.removeItem(atPath: folder.file("t10k-images-idx3-ubyte"))
        try folder.write("t10k-images-idx3-ubyte.gz", cut)
        #expect(throws: DataError.badGzip(file: folder.file("t10k-images-idx3-ubyte.gz"), reason: "the gzip stream is truncated")) {
            try DataSet.load(.folder(folder.path))
        }
        // A folder where a file should be.
        try FileManager.default.removeItem(atPath: folder.file("t10k-images-idx3-ubyte.gz"))
        try FileManager.default.createDirectory(atPath: folder.file("t10k-images-idx3-ubyte.gz"), withIntermediateDirectories: false)
        #expect(throws: DataError.notRegularFile(folder.file("t10k-images-idx3-ubyte.gz"))) { try DataSet.load(.folder(folder.path)) }
    }

    /// The embedded files must be the committed ones: a changed file is refused, not used.
    @Test func theEmbeddedCheckIsStrict() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.copyEmbedded(except: ["t10k-labels-idx1-ubyte.gz"])
        try folder.write("t10k-labels-idx1-ubyte", IDX.encode(labels: [UInt8](repeating: 2, count: 1000)))
        #expect(
            throws: DataError.checksumMismatch(
                file: folder.file("t10k-labels-idx1-ubyte"), expected: KnownSet.embedded.files[3].sha256,
                found: SHA256.hash(IDX.encode(labels: [UInt8](repeating: 2, count: 1000))))
        ) { try DataSet.load(folder: folder.path, name: "embedded", expected: .embedded, hint: "", strict: true) }
    }

    @Test func mnistReadsOnlyItsCacheFolder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(
            throws: DataError.missingFile(
                folder: folder.path + "/mnist", name: "train-images-idx3-ubyte", hint: "run 'lessons data fetch mnist' first")
        ) {
            try DataSet.load(.mnist, environment: ["LESSONS_DATA": folder.path, "HOME": "/root"])
        }
        try FileManager.default.createDirectory(atPath: folder.file("mnist"), withIntermediateDirectories: false)
        for name in try FileManager.default.contentsOfDirectory(atPath: embeddedSource) where name.hasSuffix(".gz") {
            try FileManager.default.copyItem(atPath: embeddedSource + "/" + name, toPath: folder.file("mnist/" + name))
        }
        let data = try DataSet.load(.mnist, environment: ["LESSONS_DATA": folder.path])
        #expect(data.name == "mnist")
        #expect(data.notes == ["files in \(folder.path)/mnist are the embedded MNIST subset's (SHA-256 verified)"])
    }

    static let fashionInstalled = FileManager.default.fileExists(atPath: DataLocation.fashionMNISTFolder + "/train-images-idx3-ubyte.gz")

    /// All 70 000 Fashion-MNIST images, against NumPy's `astype(np.float32) / 255.0` (hashes computed with NumPy 2.4).
    @Test(.enabled(if: fashionInstalled, "Debian's dataset-fashion-mnist is not installed"))
    func fashionMNISTIsWhatNumPyReads() throws {
        let start = Date()
        let data = try DataSet.load(.fashionMNIST)
        let seconds = Date().timeIntervalSince(start)
        print("fashion-mnist: 70 000 images loaded, hashed and checked in \(String(format: "%.3f", seconds)) s")
        #expect(data.verified == .fashionMNIST && data.notes.isEmpty)
        #expect(data.classNames[0] == "T-shirt/top" && data.classNames[9] == "Ankle boot")
        #expect(data.train.count == 60000 && data.test.count == 10000)
        #expect(floatsDigest(data.train.pixels) == "c8e7985e4e6a3382c3c25c81a43502a695894fef5d797f4c58a637801efb1612")
        #expect(floatsDigest(data.test.pixels) == "0c0f08b9d95e81a9c662a7e200cbb82a22e7669e3a79c4e861585d1dbf736efd")
        #expect(SHA256.hash(data.train.labels) == "657fbd221bfc9f4198cc14b5619cc33ec57c58dd0e47af4d99d6650759e869a7")
        #expect(SHA256.hash(data.test.labels) == "3d0e6c6ea990b53b6f8f500a41cac93881d981b315f84578b7d915342ade01e9")
    }

    @Test func aMissingFashionMNISTNamesThePackage() {
        let error = DataError.missingFile(
            folder: DataLocation.fashionMNISTFolder, name: "train-images-idx3-ubyte",
            hint: "install Debian's package dataset-fashion-mnist (apt-get install dataset-fashion-mnist)")
        #expect(error.description.contains("dataset-fashion-mnist"))
        #expect(error.exitStatus == 64)
        if !Self.fashionInstalled { #expect(throws: error) { try DataSet.load(.fashionMNIST) } }
    }
}
