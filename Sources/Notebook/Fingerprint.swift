import Checksums

/// The fingerprint of a cell's source: what identifies a notebook cell when
/// its execution count changes, and what shows that it was edited.
///
/// ```
/// fingerprint = first 16 hex digits of SHA-256(normalized source, UTF-8)
/// ```
/// Normalization makes `\r\n` and `\r` into `\n`, removes white space at
/// the end of each line and drops blank lines, so the same code copied from
/// a text export, a Jupyter file or an editor fingerprints the same. Every
/// other change — a digit, a name, a comment, an indent — gives another
/// fingerprint. 64 bits make an accidental collision among a notebook's
/// cells vanishingly unlikely (about n²/2⁶⁵ for n cells).
public enum Fingerprint {
    public static func of(_ source: String) -> String {
        String(SHA256.hash(normalizedBytes(source)).prefix(16))
    }

    /// The source as it is fingerprinted.
    public static func normalized(_ source: String) -> String { String(decoding: normalizedBytes(source), as: UTF8.self) }

    /// The same in one pass over the UTF-8 bytes (a notebook cell may be megabytes long).
    static func normalizedBytes(_ source: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(source.utf8.count)
        var line: [UInt8] = []
        func endLine() {
            while let last = line.last, last == 0x20 || last == 0x09 || last == 0x0C { line.removeLast() }
            if !line.isEmpty {
                if !out.isEmpty { out.append(0x0A) }
                out.append(contentsOf: line)
                line.removeAll(keepingCapacity: true)
            }
        }
        var previous: UInt8 = 0
        for byte in source.utf8 {
            if byte == 0x0A || byte == 0x0D {
                if !(byte == 0x0A && previous == 0x0D) { endLine() }
            } else {
                line.append(byte)
            }
            previous = byte
        }
        endLine()
        return out
    }
}
