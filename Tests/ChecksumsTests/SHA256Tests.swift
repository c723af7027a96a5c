import Foundation
import Testing

@testable import Checksums

struct SHA256Tests {
    /// FIPS 180-4 examples (NIST's "SHA256.pdf" and the long-message test).
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownDigests(message: String, digest: String) {
        #expect(SHA256.hash(Array(message.utf8)) == digest)
        var portable = SHA256(portable: true)
        Array(message.utf8).withUnsafeBytes { portable.update($0) }
        #expect(portable.finish() == digest)
    }

    @Test func aMillionAs() {
        #expect(
            SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Pieces of every size around the 64-byte block and the 56-byte padding edge give the one-shot digest.
    @Test func piecesGiveTheSameDigest() {
        for length in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000] {
            let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            for piece in [1, 3, 63, 64, 65] {
                // Odd piece sizes on the portable rounds, the others on whatever this CPU offers.
                var hasher = SHA256(portable: piece % 2 == 1)
                var start = 0
                while start < length {
                    let end = min(start + piece, length)
                    message[start..<end].withUnsafeBytes { hasher.update($0) }
                    start = end
                }
                if length == 0 { [UInt8]().withUnsafeBytes { hasher.update($0) } }
                #expect(hasher.finish() == SHA256.hash(message), "length \(length), pieces of \(piece)")
            }
        }
    }

    @Test func bothRoundImplementationsAgreeOnAFile() throws {
        let bytes = try readBytes(embeddedSource + "/train-images-idx3-ubyte.gz")
        var portable = SHA256(portable: true)
        bytes.withUnsafeBytes { portable.update($0) }
        #expect(portable.finish() == SHA256.hash(bytes))
        print("SHA-256 with the CPU's SHA instructions: \(SHA256.isAccelerated)")
    }

    @Test func theEmbeddedFilesHashAsSha256sumWroteThem() throws {
        let sums = try String(contentsOfFile: embeddedSource + "/SHA256SUMS", encoding: .utf8)
        let lines = sums.split(separator: "\n")
        #expect(lines.count == 4)
        for line in lines {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            let bytes = try readBytes(embeddedSource + "/" + parts[1])
            #expect(SHA256.hash(bytes) == String(parts[0]), "\(parts[1])")
        }
    }
}

/// The embedded MNIST subset's folder in the source tree: real files with
/// checksums that `sha256sum` wrote.
private let embeddedSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Sources/EmbeddedMNIST/Embedded").path

private func readBytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
