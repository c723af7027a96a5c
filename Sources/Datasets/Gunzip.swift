import Gzip

/// A data file's gzip layer, its failures told as ``DataError``s naming the file.
enum Gunzip {
    /// Decodes exactly one gzip member of `file`, refusing output past `limit` bytes.
    static func decode(_ bytes: [UInt8], limit: Int, file: String) throws(DataError) -> [UInt8] {
        try withDecoded(bytes, limit: limit, file: file) { Array($0) }
    }

    /// Decodes like ``decode(_:limit:file:)`` and lends the decoded bytes to
    /// `body` without copying them (MNIST's training images are 47 MB).
    static func withDecoded<Result>(
        _ bytes: [UInt8], limit: Int, file: String, _ body: (UnsafeBufferPointer<UInt8>) throws(DataError) -> Result
    ) throws(DataError) -> Result {
        try Gzip.withDecompressed(bytes, limit: limit, failing: { error(file, $0) }, body)
    }

    /// Why a file that starts like gzip does not decode. Its magic bytes were
    /// seen, so "not gzip" here means an unknown method or flags.
    static func error(_ file: String, _ failure: Gzip.Failure) -> DataError {
        switch failure {
        case .tooLarge(let limit): return .tooLarge(file: file, limit: limit)
        case .notGzip: return .badGzip(file: file, reason: "not a gzip stream (unknown method or flags)")
        case .internalError(let code): return .badGzip(file: file, reason: "zlib failed (code \(code))")
        case .empty, .truncated, .trailingData, .corrupt: return .badGzip(file: file, reason: failure.description)
        }
    }
}
