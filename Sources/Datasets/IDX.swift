import FileAccess

/// The IDX format of MNIST's files: a big-endian header, then the items.
///
/// ```
/// images: 0x00000803 (2051)  count  rows  columns  pixels (count·rows·columns bytes, row by row)
/// labels: 0x00000801 (2049)  count  labels (count bytes)
/// ```
/// Every field of the header is a 32-bit big-endian unsigned integer. The
/// reader refuses a wrong magic number, images other than 28×28, a count of
/// 0 or past `maxItems`, fewer bytes than the header needs, and bytes after
/// them: each with one line naming the file.
public enum IDX {
    public static let imagesMagic: UInt32 = 2051
    public static let labelsMagic: UInt32 = 2049
    /// The image size the lessons use (MNIST's, Fashion-MNIST's).
    public static let side = 28
    /// The size cap, in items: 250 000 covers MNIST (60 000), Fashion-MNIST
    /// and the largest 28×28 sets in the same format (EMNIST digits, 240 000).
    public static let maxItems = 250_000
    /// The most an image file may hold, header included (196 000 016 bytes).
    public static let imagesLimit = 16 + maxItems * side * side
    /// The most a label file may hold, header included.
    public static let labelsLimit = 8 + maxItems

    /// Pixel normalisation as the book does it: `x.astype(np.float32) / 255.0`,
    /// a division rounded in Float (NumPy keeps float32 when dividing by a
    /// Python float), one entry per byte value.
    public static let scale: [Float] = (0...255).map { Float($0) / 255 }

    /// The images of an IDX image file: `(count, rows, columns, pixels)`,
    /// the pixel bytes in the file's order.
    static func images(_ bytes: [UInt8], file: String, available: Int? = Memory.available()) throws(DataError) -> (
        count: Int, rows: Int, columns: Int, pixels: [UInt8]
    ) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(DataError) in try images(buffer, file: file, available: available) }
    }

    /// `images(_:file:)` on bytes in place (a decoded gzip stream). Images
    /// that would not fit in `available` bytes are refused before they are
    /// copied.
    static func images(_ bytes: UnsafeBufferPointer<UInt8>, file: String, available: Int? = Memory.available()) throws(DataError) -> (
        count: Int, rows: Int, columns: Int, pixels: [UInt8]
    ) {
        guard bytes.count >= 4 else { throw .truncated(file: file, expected: 16, found: bytes.count) }
        let magic = word(bytes, 0)
        guard magic == imagesMagic else { throw .badMagic(file: file, found: magic, expected: imagesMagic) }
        guard bytes.count >= 16 else { throw .truncated(file: file, expected: 16, found: bytes.count) }
        let count = Int(word(bytes, 4))
        let rows = Int(word(bytes, 8))
        let columns = Int(word(bytes, 12))
        guard rows == side, columns == side else { throw .badDimensions(file: file, rows: rows, columns: columns) }
        guard count > 0 else { throw .empty(file: file) }
        guard count <= maxItems else { throw .tooLarge(file: file, limit: imagesLimit) }
        let needed = 16 + count * rows * columns
        guard bytes.count >= needed else { throw .truncated(file: file, expected: needed, found: bytes.count) }
        guard bytes.count == needed else { throw .trailingBytes(file: file, extra: bytes.count - needed) }
        let size = count * rows * columns
        // What is kept must fit: refused in one line before it is allocated.
        if let available, size > available {
            throw .tooLargeForMemory(file: file, needed: size, available: available)
        }
        return (count, rows, columns, Array(UnsafeBufferPointer(rebasing: bytes[16..<needed])))
    }

    /// The labels of an IDX label file, each checked to be a class 0...9.
    static func labels(_ bytes: [UInt8], file: String) throws(DataError) -> [UInt8] {
        try bytes.withUnsafeBufferPointer { (buffer) throws(DataError) in try labels(buffer, file: file) }
    }

    /// `labels(_:file:)` on bytes in place.
    static func labels(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws(DataError) -> [UInt8] {
        guard bytes.count >= 4 else { throw .truncated(file: file, expected: 8, found: bytes.count) }
        let magic = word(bytes, 0)
        guard magic == labelsMagic else { throw .badMagic(file: file, found: magic, expected: labelsMagic) }
        guard bytes.count >= 8 else { throw .truncated(file: file, expected: 8, found: bytes.count) }
        let count = Int(word(bytes, 4))
        guard count > 0 else { throw .empty(file: file) }
        guard count <= maxItems else { throw .tooLarge(file: file, limit: labelsLimit) }
        guard bytes.count >= 8 + count else { throw .truncated(file: file, expected: 8 + count, found: bytes.count) }
        guard bytes.count == 8 + count else { throw .trailingBytes(file: file, extra: bytes.count - 8 - count) }
        let labels = Array(UnsafeBufferPointer(rebasing: bytes[8...]))
        if let index = labels.firstIndex(where: { $0 > 9 }) { throw .badLabel(file: file, index: index, value: labels[index]) }
        return labels
    }

    /// The header and items of an image file (for tests and tools that write one).
    public static func encode(images: [UInt8], count: Int, rows: Int = side, columns: Int = side) -> [UInt8] {
        header([imagesMagic, UInt32(count), UInt32(rows), UInt32(columns)]) + images
    }

    /// The header and items of a label file.
    public static func encode(labels: [UInt8]) -> [UInt8] { header([labelsMagic, UInt32(labels.count)]) + labels }

    private static func header(_ words: [UInt32]) -> [UInt8] {
        var bytes: [UInt8] = []
        for word in words { bytes += [UInt8(word >> 24), UInt8(word >> 16 & 0xff), UInt8(word >> 8 & 0xff), UInt8(word & 0xff)] }
        return bytes
    }

    private static func word(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}
