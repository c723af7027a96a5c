import Gzip
import Testing

struct GzipTests {
    let sample = Array("{\"schema\": 1, \"lesson\": \"gradient\"}\n".utf8)

    @Test func roundTripsAndWritesAByteStableHeader() throws {
        let compressed = Gzip.compress(sample)
        // 1f 8b: magic; 08: deflate; 00: no flags (no name); MTIME 0; XFL 2 (level 9); OS 255.
        #expect(Array(compressed.prefix(10)) == [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x02, 0xff])
        #expect(try Gzip.decompress(compressed) == sample)
        #expect(Gzip.compress(sample) == compressed)
    }

    @Test func damagedStreamsAreRefusedWithTheirCause() throws {
        let good = Gzip.compress(sample)
        #expect(throws: Gzip.Failure.empty) { try Gzip.decompress([]) }
        #expect(throws: Gzip.Failure.notGzip) { try Gzip.decompress(Array("{\"plain\": true}".utf8)) }
        #expect(throws: Gzip.Failure.truncated) { try Gzip.decompress(Array(good.dropLast(12))) }
        #expect(throws: Gzip.Failure.trailingData) { try Gzip.decompress(good + [0x00]) }
        var wrongCRC = good
        wrongCRC[wrongCRC.count - 6] ^= 0x01
        #expect(throws: Gzip.Failure.corrupt("incorrect data check")) { try Gzip.decompress(wrongCRC) }
    }

    @Test func everySingleBitFlipInTheBodyOrTrailerIsCaught() {
        let good = Gzip.compress(sample)
        // Header bytes 4…9 (MTIME, XFL, OS) are not covered by any check in
        // gzip itself; everything after them is.
        for byte in 10..<good.count {
            for bit in 0..<8 {
                var flipped = good
                flipped[byte] ^= UInt8(1 << bit)
                #expect(throws: Gzip.Failure.self, "byte \(byte) bit \(bit)") { try Gzip.decompress(flipped) }
            }
        }
    }

    @Test func aDecompressionBombStopsAtTheLimit() {
        let bomb = Gzip.compress([UInt8](repeating: 0, count: 4 << 20))
        #expect(bomb.count < 10_000)
        #expect(throws: Gzip.Failure.tooLarge(limit: 1 << 20)) { try Gzip.decompress(bomb, limit: 1 << 20) }
    }
}
