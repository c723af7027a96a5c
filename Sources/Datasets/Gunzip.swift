import CZlib

/// gzip decoding through the project's zlib shim (`Sources/CZlib`, the code
/// Harness uses for fixtures), with a cap on the decoded size.
enum Gunzip {
    /// True when `bytes` start with gzip's magic number (1f 8b).
    static func isGzip(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b }

    /// Decodes exactly one gzip member of `file`, refusing output past `limit` bytes.
    static func decode(_ bytes: [UInt8], limit: Int, file: String) throws(DataError) -> [UInt8] {
        try withDecoded(bytes, limit: limit, file: file) { Array($0) }
    }

    /// Decodes like `decode` and lends the decoded bytes to `body` without
    /// copying them (MNIST's training images are 47 MB).
    static func withDecoded<Result>(
        _ bytes: [UInt8], limit: Int, file: String, _ body: (UnsafeBufferPointer<UInt8>) throws(DataError) -> Result
    ) throws(DataError) -> Result {
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        var message: UnsafePointer<CChar>?
        let status = bytes.withUnsafeBufferPointer {
            czlib_gunzip($0.baseAddress, $0.count, limit, &output, &length, &message, 1)
        }
        switch Int(status) {
        case Int(CZLIB_OK):
            defer { czlib_free(output) }
            return try body(UnsafeBufferPointer(start: output, count: length))
        case Int(CZLIB_EMPTY): throw .badGzip(file: file, reason: "the file is empty")
        case Int(CZLIB_NOT_GZIP): throw .badGzip(file: file, reason: "not a gzip stream (unknown method or flags)")
        case Int(CZLIB_TRUNCATED): throw .badGzip(file: file, reason: "the gzip stream is truncated")
        case Int(CZLIB_TRAILING_DATA): throw .badGzip(file: file, reason: "unexpected bytes after the end of the gzip stream")
        case Int(CZLIB_TOO_LARGE): throw .tooLarge(file: file, limit: limit)
        case Int(CZLIB_CORRUPT):
            throw .badGzip(file: file, reason: "corrupt gzip data (\(message.map { String(cString: $0) } ?? "invalid data"))")
        default: throw .badGzip(file: file, reason: "zlib failed (code \(status))")
        }
    }
}
