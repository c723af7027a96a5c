import Harness
import LessonKit

/// Splits what a cell printed into the values it printed, one text each,
/// in order: Python float reprs (`1.9870735326459652`), NumPy scalars
/// (`np.float64(…)`, read as the number inside), and NumPy arrays as `repr`
/// (`array([14.,  6., 10.])`) or `print` (`[[ 0.79 …]\n [ 0.82 …]]`) shows
/// them, an array running over as many lines as its brackets take.
///
/// Each value must read with ``Printed/parse(_:)``, which also gives the
/// precision it was printed at; nil when any part of the text is not such
/// a value.
enum PrintedValues {
    static func split(_ text: String) -> [String]? {
        guard text.utf8.count <= textLimit else { return nil }
        let lines = TextExport.lines(text).map(TextExport.trimmed)
        var values: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.isEmpty { continue }
            var value = line
            if opensValue(line) {
                var depth = balance(line)
                while depth > 0, index < lines.count {
                    value += "\n " + lines[index]
                    depth += balance(lines[index])
                    index += 1
                }
                guard depth == 0 else { return nil }
            } else if line.hasPrefix("np.float64(") && line.hasSuffix(")") {
                value = String(line.dropFirst("np.float64(".count).dropLast())
            }
            // A Python bool or a string is not a number the lessons print.
            guard (try? Printed.parse(value)) != nil else { return nil }
            values.append(value)
        }
        return values.isEmpty ? nil : values
    }

    /// NumPy prints at most 1000 elements in full (more are summarized with
    /// `...`, which no lesson compares), so a printed value is far shorter.
    static let textLimit = 200_000

    /// Whether a line can start a printed value: a cheap test before reading it.
    static func mayStart(_ line: String) -> Bool {
        guard let first = line.utf8.first else { return false }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "["): return true
        default: return line.hasPrefix("array(") || line.hasPrefix("np.float64(") || line.hasPrefix("nan") || line.hasPrefix("inf")
        }
    }

    /// Whether a line starts the way only printed numbers start: `array(`,
    /// or brackets and then a number (`[[ 0.79`, `[-3.`), which no Python
    /// statement does. Such a paragraph is output even when it does not
    /// read, so a damaged value is reported as changed, not as code.
    static func looksPrinted(_ line: String) -> Bool {
        if line.hasPrefix("array(") { return true }
        let rest = line.drop { $0 == "[" }.drop { $0 == " " }
        guard rest.startIndex != line.startIndex, let first = rest.first else { return false }
        return first.isNumber || first == "-" || first == "." || rest.hasPrefix("nan") || rest.hasPrefix("inf")
    }

    /// Whether a line starts an array: `array(` or `[`.
    static func opensValue(_ line: String) -> Bool { line.hasPrefix("array(") || line.hasPrefix("[") }

    /// Whether `text` starts an array whose brackets never close: a value cut short.
    static func isCutShort(_ text: String) -> Bool {
        let trimmed = TextExport.trimmed(text)
        return opensValue(trimmed) && balance(trimmed) > 0
    }

    /// Opening minus closing brackets and parentheses.
    static func balance(_ line: String) -> Int {
        line.utf8.reduce(0) { depth, byte in
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: "["): return depth + 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"): return depth - 1
            default: return depth
            }
        }
    }
}
