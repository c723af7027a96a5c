import Gzip
import Testing

@testable import Datasets

struct GunzipTests {
    /// `gzip.compress(b'IDX files, gzip-compressed\n', compresslevel=9, mtime=0)` from Python.
    let sample: [UInt8] = [
        31, 139, 8, 0, 0, 0, 0, 0, 2, 3, 243, 116, 137, 80, 72, 203, 204, 73, 45, 214, 81, 72, 175, 202, 44, 208, 77, 206, 207, 45, 40,
        74, 45, 46, 78, 77, 225, 2, 0, 129, 201, 203, 49, 27, 0, 0, 0,
    ]
    let text = Array("IDX files, gzip-compressed\n".utf8)

    @Test func decodesPythonsGzip() throws {
        #expect(Gzip.isGzip(sample))
        #expect(!Gzip.isGzip(text))
        #expect(try Gunzip.decode(sample, limit: 100, file: "f.gz") == text)
    }

    @Test func damagedStreamsNameTheFile() {
        #expect(throws: DataError.badGzip(file: "f.gz", reason: "the gzip stream is truncated")) {
            try Gunzip.decode(Array(sample.dropLast(9)), limit: 100, file: "f.gz")
        }
        #expect(throws: DataError.badGzip(file: "f.gz", reason: "unexpected bytes after the end of the gzip stream")) {
            try Gunzip.decode(sample + [0], limit: 100, file: "f.gz")
        }
        var wrongCRC = sample
        wrongCRC[wrongCRC.count - 6] ^= 1
        #expect(throws: DataError.badGzip(file: "f.gz", reason: "corrupt gzip data (incorrect data check)")) {
            try Gunzip.decode(wrongCRC, limit: 100, file: "f.gz")
        }
        #expect(throws: DataError.tooLarge(file: "f.gz", limit: 10)) { try Gunzip.decode(sample, limit: 10, file: "f.gz") }
    }
}
