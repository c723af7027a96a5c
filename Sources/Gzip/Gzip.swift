import CZlib

/// gzip through the system zlib, with a byte-stable header (no name, MTIME 0,
/// OS 255, level 9) so that the same content gives the same file.
public enum Gzip {
    /// The most a fixture may decode to. Real fixtures are a few kilobytes;
    /// the cap stops a decompression bomb before it fills memory.
    public static let decodedLimit = 16 * 1024 * 1024

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case empty, notGzip, truncated, trailingData
        case tooLarge(limit: Int)
        case corrupt(String)
        case internalError(Int32)

        public var description: String {
            switch self {
            case .empty: return "the file is empty"
            case .notGzip: return "not a gzip file (no gzip magic bytes)"
            case .truncated: return "the gzip stream is truncated"
            case .trailingData: return "unexpected bytes after the end of the gzip stream"
            case .tooLarge(let limit): return "decodes to more than \(limit) bytes (refused as a possible decompression bomb)"
            case .corrupt(let message): return "corrupt gzip data (\(message))"
            case .internalError(let code): return "zlib failed (code \(code))"
            }
        }
    }

    /// Gzips `bytes` with fixed header fields. Fixtures are written at
    /// `level` 9 (the smallest files, and the same bytes every time); a
    /// lower level is faster, and any level reads back the same.
    public static func compress(_ bytes: [UInt8], level: Int32 = 9) -> [UInt8] {
        precondition((1...9).contains(level), "gzip level \(level) is not 1...9")
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        let status = bytes.withUnsafeBufferPointer { czlib_gzip($0.baseAddress, $0.count, level, &output, &length) }
        precondition(status == Int32(CZLIB_OK), "zlib could not compress (status \(status))")
        defer { czlib_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: length))
    }

    /// Whether `bytes` start with gzip's magic bytes.
    public static func isGzip(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b }

    /// Decodes one gzip member; `zlib: true` decodes a zlib stream instead
    /// (the format inside PNG files).
    public static func decompress(_ bytes: [UInt8], limit: Int = decodedLimit, zlib: Bool = false) throws(Failure) -> [UInt8] {
        try withDecompressed(bytes, limit: limit, zlib: zlib, failing: { $0 }) { buffer throws(Failure) in Array(buffer) }
    }

    /// Decodes one gzip member (a zlib stream with `zlib: true`) and hands
    /// `body` the decoded bytes, which live only for the call: a large data
    /// file is parsed where zlib wrote it, without a copy. A stream that
    /// does not decode throws `failing` of why, in the caller's error type.
    public static func withDecompressed<Result, E: Error>(
        _ bytes: [UInt8], limit: Int = decodedLimit, zlib: Bool = false, failing: (Failure) -> E,
        _ body: (UnsafeBufferPointer<UInt8>) throws(E) -> Result
    ) throws(E) -> Result {
        var output: UnsafeMutablePointer<UInt8>?
        var length = 0
        var message: UnsafePointer<CChar>?
        let status = bytes.withUnsafeBufferPointer {
            czlib_gunzip($0.baseAddress, $0.count, limit, &output, &length, &message, zlib ? 0 : 1)
        }
        let failure: Failure
        switch Int(status) {
        case Int(CZLIB_OK):
            defer { czlib_free(output) }
            return try body(UnsafeBufferPointer(start: output, count: length))
        case Int(CZLIB_EMPTY): failure = .empty
        case Int(CZLIB_NOT_GZIP): failure = .notGzip
        case Int(CZLIB_TRUNCATED): failure = .truncated
        case Int(CZLIB_TRAILING_DATA): failure = .trailingData
        case Int(CZLIB_TOO_LARGE): failure = .tooLarge(limit: limit)
        case Int(CZLIB_CORRUPT): failure = .corrupt(message.map { String(cString: $0) } ?? "invalid data")
        default: failure = .internalError(status)
        }
        throw failing(failure)
    }
}
