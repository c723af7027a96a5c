import Testing

@testable import Datasets

struct IDXTests {
    let pixels = (0..<(3 * 784)).map { UInt8(truncatingIfNeeded: $0 * 7) }

    /// NumPy: `hashlib.sha256((np.arange(256, dtype=np.uint8).astype(np.float32) / 255.0).astype('<f4').tobytes())`.
    @Test func scaleIsNumPysFloat32Division() {
        #expect(floatsDigest(IDX.scale) == "010413efe9fc4438fee48de66c4d09f377b28af6a9fe2522201e8c1dbb831fc8")
        // np.float32(51) / 255.0 == 0.2 as float32: bits 0x3e4ccccd (1045220557).
        #expect(IDX.scale[51].bitPattern == 1_045_220_557)
        #expect(IDX.scale[0] == 0 && IDX.scale[255] == 1)
    }

    @Test func readsHeaderAndItems() throws {
        let file = IDX.encode(images: pixels, count: 3)
        #expect(Array(file.prefix(16)) == [0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 28, 0, 0, 0, 28])
        let images = try IDX.images(file, file: "x")
        #expect(images.count == 3 && images.rows == 28 && images.columns == 28)
        #expect(images.pixels == pixels)
        let labels = IDX.encode(labels: [7, 0, 9])
        #expect(Array(labels.prefix(8)) == [0, 0, 8, 1, 0, 0, 0, 3])
        #expect(try IDX.labels(labels, file: "y") == [7, 0, 9])
    }

    @Test func damagedImageFilesAreRefusedWithOneLine() {
        let good = IDX.encode(images: pixels, count: 3)
        #expect(throws: DataError.truncated(file: "x", expected: 16, found: 10)) { try IDX.images(Array(good.prefix(10)), file: "x") }
        #expect(throws: DataError.truncated(file: "x", expected: 16, found: 3)) { try IDX.images(Array(good.prefix(3)), file: "x") }
        #expect(throws: DataError.badMagic(file: "x", found: 2049, expected: 2051)) {
            try IDX.images(IDX.encode(labels: [1, 2]), file: "x")
        }
        #expect(throws: DataError.badDimensions(file: "x", rows: 32, columns: 32)) {
            try IDX.images(IDX.encode(images: [UInt8](repeating: 0, count: 1024), count: 1, rows: 32, columns: 32), file: "x")
        }
        #expect(throws: DataError.empty(file: "x")) { try IDX.images(IDX.encode(images: [], count: 0), file: "x") }
        #expect(throws: DataError.truncated(file: "x", expected: 16 + 3 * 784, found: 16 + 3 * 784 - 1)) {
            try IDX.images(Array(good.dropLast()), file: "x")
        }
        #expect(throws: DataError.trailingBytes(file: "x", extra: 2)) { try IDX.images(good + [0, 0], file: "x") }
        // A header that claims more images than the cap is refused before anything is allocated.
        #expect(throws: DataError.tooLarge(file: "x", limit: IDX.imagesLimit)) {
            try IDX.images(IDX.encode(images: [], count: IDX.maxItems + 1), file: "x")
        }
        #expect(throws: DataError.tooLarge(file: "x", limit: IDX.imagesLimit)) {
            try IDX.images(IDX.encode(images: [], count: 0xFFFF_FFFF), file: "x")
        }
    }

    @Test func damagedLabelFilesAreRefusedWithOneLine() {
        #expect(throws: DataError.badMagic(file: "y", found: 2051, expected: 2049)) {
            try IDX.labels(IDX.encode(images: pixels, count: 3), file: "y")
        }
        #expect(throws: DataError.badLabel(file: "y", index: 2, value: 10)) { try IDX.labels(IDX.encode(labels: [0, 9, 10]), file: "y") }
        #expect(throws: DataError.truncated(file: "y", expected: 11, found: 10)) {
            try IDX.labels(Array(IDX.encode(labels: [1, 2, 3]).dropLast()), file: "y")
        }
        #expect(throws: DataError.trailingBytes(file: "y", extra: 1)) { try IDX.labels(IDX.encode(labels: [1, 2, 3]) + [0], file: "y") }
        #expect(DataError.trailingBytes(file: "y", extra: 1).description == "y: 1 unexpected byte after the last item the header declares")
        #expect(DataError.trailingBytes(file: "x", extra: 2).description == "x: 2 unexpected bytes after the last item the header declares")
        #expect(throws: DataError.empty(file: "y")) { try IDX.labels(IDX.encode(labels: []), file: "y") }
    }

    /// Images that would not fit in the memory available are refused in one
    /// line before they are copied; what is available follows a container's
    /// limit where that is nearer than the machine's.
    @Test func imagesThatDoNotFitAreRefused() {
        let file = IDX.encode(images: pixels, count: 3)
        #expect(throws: DataError.tooLargeForMemory(file: "x", needed: 3 * 784, available: 1000)) {
            try IDX.images(file, file: "x", available: 1000)
        }
        #expect(
            DataError.tooLargeForMemory(file: "x", needed: 1_600_000_000, available: 300 << 20).description
                == "x: its images need 1.4 GB and this machine has 300 MB available (refused)")
        #expect(DataError.tooLargeForMemory(file: "x", needed: 1, available: 0).exitStatus == 69)
        let meminfo = "MemTotal:       24000000 kB\nMemAvailable:   20000000 kB\n"
        #expect(Memory.available(meminfo: meminfo, limit: nil, used: nil) == 20_000_000 * 1024)
        #expect(Memory.available(meminfo: meminfo, limit: "max\n", used: "5000\n") == 20_000_000 * 1024)
        #expect(Memory.available(meminfo: meminfo, limit: "1073741824\n", used: "73741824\n") == 1_000_000_000)
        #expect(Memory.available(meminfo: "MemTotal: 1 kB\n", limit: nil, used: nil) == nil)
    }

    /// No prefix of a good file, and no single flipped header byte, gets past the reader unreported or crashes it.
    @Test func everyPrefixAndHeaderFlipIsCaught() {
        let good = IDX.encode(images: Array(pixels.prefix(784)), count: 1)
        for length in 0..<good.count {
            #expect(throws: DataError.self) { try IDX.images(Array(good.prefix(length)), file: "x") }
        }
        for index in 0..<16 {
            var damaged = good
            damaged[index] ^= 0x10
            #expect(throws: DataError.self) { try IDX.images(damaged, file: "x") }
        }
    }
}
