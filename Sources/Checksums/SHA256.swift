import CSHA256

/// SHA-256 (FIPS 180-4), computed by `Sources/CSHA256`, as lowercase hex.
///
/// It checks downloads and tells known files (MNIST, Fashion-MNIST, the
/// embedded subset) from others. The C code uses the CPU's SHA instructions
/// where there are some (x86 SHA extensions), and otherwise unrolled rounds,
/// so that hashing a data set stays far below the time to read it, in debug
/// builds too.
public struct SHA256: Sendable {
    private var context = csha256_sha256_context()

    public init() { csha256_sha256_init(&context) }

    /// A hasher that uses the portable C rounds even on a CPU with SHA instructions (for tests of both paths).
    init(portable: Bool) {
        csha256_sha256_init(&context)
        if portable { context.accelerated = 0 }
    }

    /// True when this CPU's SHA instructions are used.
    static var isAccelerated: Bool {
        var context = csha256_sha256_context()
        csha256_sha256_init(&context)
        return context.accelerated != 0
    }

    /// Adds `bytes` to what has been hashed.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        csha256_sha256_update(&context, base.assumingMemoryBound(to: UInt8.self), bytes.count)
    }

    /// The digest of everything added, as 64 lowercase hex digits.
    public mutating func finish() -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        csha256_sha256_final(&context, &digest)
        return SHA256.hex(digest)
    }

    /// The digest of `bytes`, as 64 lowercase hex digits.
    public static func hash(_ bytes: [UInt8]) -> String {
        var hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update($0) }
        return hasher.finish()
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
