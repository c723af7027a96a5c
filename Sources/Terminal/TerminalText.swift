/// Text as a terminal shows it: the columns a string takes, and paragraphs
/// refilled to a width, for English and Chinese alike.
public enum TerminalText {
    /// `text` with each paragraph refilled to `width` columns.
    ///
    /// A paragraph is a run of lines that do not start with a space; its
    /// lines are joined (with a space between words, none between Chinese
    /// characters) and broken again before `width`. Indented lines (formulas)
    /// and blank lines are kept as they are. Chinese characters count two
    /// columns and a line may break between any two of them, but never
    /// before closing punctuation (，。）” …) or after opening (（“).
    public static func wrapped(_ text: String, width: Int) -> String {
        var out: [String] = []
        var paragraph: [String] = []
        func flush() {
            if !paragraph.isEmpty { out += fill(paragraph, width: width) }
            paragraph = []
        }
        // Split on the newline byte: a Character split would find grapheme
        // boundaries across the whole story at every run.
        for bytes in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let line = String(decoding: bytes, as: UTF8.self)
            if line.isEmpty || bytes.first == UInt8(ascii: " ") {
                flush()
                out.append(line)
            } else {
                paragraph.append(line)
            }
        }
        flush()
        return out.joined(separator: "\n")
    }

    /// The columns `text` takes in a terminal: two for wide (East Asian) characters.
    public static func columns(_ text: String) -> Int { text.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 2 : 1) } }

    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3,
            0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6:
            return true
        default: return false
        }
    }

    /// Closing punctuation, which a line never starts with.
    static func isClosing(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "，", "。", "、", "：", "；", "？", "！", "）", "」", "』", "”", "’", ",", ".", ";", ":", "?", "!", ")": return true
        default: return false
        }
    }

    /// Opening brackets and quotes, which a line never ends with.
    static func isOpening(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "（", "「", "『", "“", "‘", "(": return true
        default: return false
        }
    }

    /// Operators that keep their operands on their line when they stand alone.
    static func isOperator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "+", "-", "=", "<", ">", "·", "/", "×", "≈", "←": return true
        default: return false
        }
    }

    /// A scalar that belongs to the character before it: a combining or
    /// spacing mark, a variation selector, a joiner, a skin tone, or a Hangul
    /// vowel or final consonant of a decomposed syllable.
    static func isExtending(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.value >= 0x300 else { return false }
        switch scalar.value {
        case 0x1160...0x11FF, 0xD7B0...0xD7FF, 0x200D, 0x1F3FB...0x1F3FF: return true
        default:
            let properties = scalar.properties
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return true
            default: return properties.isGraphemeExtend
            }
        }
    }

    /// Greedy fill of one paragraph's lines.
    ///
    /// Works on the UTF-8 bytes and their scalars, with no String or Set per
    /// character: the story is wrapped at every run. A scalar stands for a
    /// character, except one that extends the character before it
    /// (``isExtending(_:)``), which joins that character's unit.
    ///
    /// Its three passes (units, operators kept with their operands, lines)
    /// share the byte buffer and the unit ranges into it.
    private static func fill(_ lines: [String], width: Int) -> [String] {
        let bytes = Array(lines.joined(separator: "\n").utf8)
        // Units a line may break before, as byte ranges; `space` says a space precedes it.
        var units: [(start: Int, end: Int, space: Bool)] = []
        var pendingSpace = false
        var previous: Unicode.Scalar?
        var i = 0
        while i < bytes.count {
            let start = i
            let scalar = decodeScalar(bytes, at: &i)
            if scalar == " " || scalar == "\n" {
                pendingSpace = true
                continue
            }
            let wide = isWide(scalar)
            if !wide, !pendingSpace, !units.isEmpty, isExtending(scalar) {
                // Part of the previous character: its unit grows, and
                // `previous` stays that character's first scalar.
                units[units.count - 1].end = i
                continue
            }
            let previousWide = previous.map(isWide) ?? false
            // A line break between two Chinese characters joins them without a space.
            let space = pendingSpace && !(wide && previousWide)
            // `previous` is the last character of the last unit: gluing extends that unit's range.
            let glued =
                previous != nil && !space && !pendingSpace
                && (isClosing(scalar) || previous.map(isOpening) == true || (!wide && !previousWide))
            if glued { units[units.count - 1].end = i } else { units.append((start, i, space)) }
            previous = scalar
            pendingSpace = false
        }
        func text(_ unit: (start: Int, end: Int, space: Bool)) -> String {
            String(decoding: bytes[unit.start..<unit.end], as: UTF8.self)
        }
        /// A unit of one or two operator scalars.
        func isOperatorUnit(_ unit: (start: Int, end: Int, space: Bool)) -> Bool {
            var j = unit.start
            var count = 0
            while j < unit.end {
                guard isOperator(decodeScalar(bytes, at: &j)) else { return false }
                count += 1
            }
            return count <= 2
        }
        // An operator standing alone (x + h, lr = 0.1, 0.5 < lr) keeps its
        // operands on its line: the three units become one.
        var merged: [(text: String, space: Bool)] = []
        var joinNext = false
        for unit in units {
            let isOperator = unit.space && !merged.isEmpty && isOperatorUnit(unit)
            if isOperator || joinNext, !merged.isEmpty {
                merged[merged.count - 1].text += (unit.space ? " " : "") + text(unit)
            } else {
                merged.append((text(unit), unit.space))
            }
            joinNext = isOperator
        }
        var result: [String] = []
        var line = ""
        var lineColumns = 0
        for unit in merged {
            // Columns add up scalar by scalar: the line's are kept, not recounted.
            let unitColumns = columns(unit.text)
            let joined = lineColumns + (unit.space ? 1 : 0) + unitColumns
            if line.isEmpty || joined > width {
                if !line.isEmpty { result.append(line) }
                line = unit.text
                lineColumns = unitColumns
            } else {
                line += (unit.space ? " " : "") + unit.text
                lineColumns = joined
            }
        }
        if !line.isEmpty { result.append(line) }
        return result
    }

    /// The scalar of valid UTF-8 at `index`, which moves past it.
    private static func decodeScalar(_ bytes: [UInt8], at index: inout Int) -> Unicode.Scalar {
        let lead = bytes[index]
        let length: Int
        var value: UInt32
        switch lead {
        case ..<0x80: (length, value) = (1, UInt32(lead))
        case ..<0xE0: (length, value) = (2, UInt32(lead & 0x1F))
        case ..<0xF0: (length, value) = (3, UInt32(lead & 0x0F))
        default: (length, value) = (4, UInt32(lead & 0x07))
        }
        for k in 1..<length { value = value << 6 | UInt32(bytes[index + k] & 0x3F) }
        index += length
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }
}
