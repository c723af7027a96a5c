import NumPyMath

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension NumPyFormat {
    /// NumPy's default line width, less the closing `)` that `repr` adds.
    static let lineWidth = 75 - 1
    static let summaryThreshold = 1000
    static let edgeItems = 3

    /// NumPy's `repr` of a float64 array of rank 1 or more; a rank-0 tensor
    /// prints as Python prints a float.
    public static func arrayRepr(_ tensor: Tensor) -> String {
        if tensor.rank == 0 { return pythonRepr(tensor.scalar) }
        if tensor.count == 0 {
            return tensor.rank == 1 ? "array([], dtype=float64)" : "array([], shape=\(tensor.shapeDescription), dtype=float64)"
        }
        return arrayText(tensor, repr: true)
    }

    /// NumPy's `str` of a float64 array of rank 1 or more, as `print(a)`
    /// shows it: `[[ 0.79417551  1.69591862 -0.02072039]` and so on, the
    /// elements as `repr` formats them, separated by spaces, 75 columns.
    /// A rank-0 tensor prints as Python prints a float.
    public static func arrayStr(_ tensor: Tensor) -> String {
        if tensor.rank == 0 { return pythonRepr(tensor.scalar) }
        if tensor.count == 0 { return "[]" }
        return arrayText(tensor, repr: false)
    }

    /// The body of `repr` (`array(…)`, elements separated by ", ") or `str`
    /// (elements separated by " "): NumPy's array2string with its defaults.
    ///
    /// One function, as NumPy's `_formatArray` is: the summary, the nesting and
    /// the line breaks share the widths it measures once.
    private static func arrayText(_ tensor: Tensor, repr: Bool) -> String {
        let summarize = tensor.count > summaryThreshold
        let strides = tensor.shape.indices.map { axis in tensor.shape[(axis + 1)...].reduce(1, *) }

        func indices(_ length: Int) -> [Int] {
            summarize && length > 2 * edgeItems ? Array(0..<edgeItems) + Array((length - edgeItems)..<length) : Array(0..<length)
        }
        // The values NumPy looks at to choose the format: the summarised
        // ones, in the order they print (all of them, row by row, when the
        // array is not summarised).
        var shown: [Double] = []
        if summarize {
            func collect(axis: Int, offset: Int) {
                if axis == tensor.rank { return shown.append(tensor.scalars[offset]) }
                for index in indices(tensor.shape[axis]) { collect(axis: axis + 1, offset: offset + index * strides[axis]) }
            }
            collect(axis: 0, offset: 0)
        } else {
            shown = tensor.scalars
        }
        let format = FloatFormat(shown)
        var printed = 0
        let separator = Array((repr ? ", " : " ").utf8)
        let prefix = repr ? "array(" : ""
        let comma: [UInt8] = repr ? [UInt8(ascii: ",")] : []

        // Built as bytes: every character of a repr is ASCII, so bytes are
        // also columns, and a thousand elements cost no String per element:
        // each distinct value is formatted once, then copied onto its line.
        func recurse(axis: Int, indent: [UInt8], width: Int) -> [UInt8] {
            let length = tensor.shape[axis]
            let nextIndent = indent + [UInt8(ascii: " ")]
            let nextWidth = width - 1
            let showSummary = summarize && 2 * edgeItems < length
            let leading = showSummary ? edgeItems : 0
            let trailing = showSummary ? edgeItems : length
            var s: [UInt8] = []
            if axis == tensor.rank - 1 {
                let elementWidth = width - 1
                var line = indent
                // Appends one word (an element, or the ellipsis) to the line,
                // first breaking the line if the word would pass the width.
                func extend(_ write: (inout [UInt8]) -> Void) {
                    let start = line.count
                    write(&line)
                    if line.count > elementWidth && start > indent.count {
                        let word = line[start...]
                        var end = start
                        while end > 0 && line[end - 1] == UInt8(ascii: " ") { end -= 1 }
                        s += line[..<end]
                        s.append(UInt8(ascii: "\n"))
                        line = indent + word
                    }
                }
                // Elements print in the order `shown` holds them.
                func element() {
                    extend { format.appendElement(printed, to: &$0) }
                    printed += 1
                }
                for _ in 0..<leading {
                    element()
                    line += separator
                }
                if showSummary {
                    extend { $0 += "...".utf8 }
                    line += separator
                }
                for _ in 1..<trailing {
                    element()
                    line += separator
                }
                element()
                s += line
            } else {
                func element() -> [UInt8] { recurse(axis: axis + 1, indent: nextIndent, width: nextWidth) }
                let lineSeparator = comma + Array(repeating: UInt8(ascii: "\n"), count: tensor.rank - axis - 1)
                for _ in 0..<leading { s += indent + element() + lineSeparator }
                if showSummary { s += indent + Array("...".utf8) + lineSeparator }
                for _ in 1..<trailing { s += indent + element() + lineSeparator }
                s += indent + element()
            }
            return [UInt8(ascii: "[")] + s.dropFirst(indent.count) + [UInt8(ascii: "]")]
        }

        let indent = [UInt8](repeating: UInt8(ascii: " "), count: prefix.utf8.count + 1)
        // repr's width leaves room for its closing ")"; str has none.
        let body = prefix + String(decoding: recurse(axis: 0, indent: indent, width: repr ? lineWidth : lineWidth + 1), as: UTF8.self)
        guard repr else { return body }
        guard summarize else { return body + ")" }
        // NumPy 2 names the shape of a summarised array, since the elision
        // hides it: after a space, or on a line of its own, indented under
        // the "(", when it would take the last line past NumPy's 75 columns.
        let shape = "shape=\(tensor.shapeDescription))"
        let utf8 = body.utf8
        let lastLineStart = utf8.lastIndex(of: UInt8(ascii: "\n")).map { utf8.distance(from: utf8.startIndex, to: $0) + 1 } ?? 0
        // The last line with its comma, a space and the shape, against the full 75 columns.
        let fits = (utf8.count - lastLineStart + 1) + 1 + shape.utf8.count <= lineWidth + 1
        return body + "," + (fits ? " " : "\n" + String(repeating: " ", count: prefix.utf8.count)) + shape
    }
}
