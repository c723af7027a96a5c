extension String {
    /// The string as an error line may quote it: control characters written
    /// as escapes (`\n`, `\t`, `\u{1b}`), so the line stays one line, and at
    /// most `limit` characters, the rest replaced by an ellipsis and a count.
    ///
    /// ```
    /// "x\ny".excerpt()                                 // x\ny
    /// String(repeating: "9", count: 5000).excerpt()    // 9999…(4952 more bytes)
    /// ```
    /// - Complexity: O(`limit`), whatever the length of the string.
    public func excerpt(limit: Int = 48) -> String {
        var out = ""
        var shown = 0
        var index = startIndex
        while index < endIndex, shown < limit {
            let character = self[index]
            if character.unicodeScalars.contains(where: {
                $0.properties.generalCategory == .control || $0.value == 0x2028 || $0.value == 0x2029
            }) {
                for scalar in character.unicodeScalars {
                    switch scalar {
                    case "\n": out += "\\n"
                    case "\r": out += "\\r"
                    case "\t": out += "\\t"
                    default:
                        out +=
                            scalar.properties.generalCategory == .control || scalar.value == 0x2028 || scalar.value == 0x2029
                            ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
                    }
                }
            } else {
                out.append(character)
            }
            shown += 1
            index = self.index(after: index)
        }
        if index < endIndex {
            // Counting the rest would be O(n); bytes are counted in O(1) for native strings.
            let rest = utf8.distance(from: index, to: endIndex)
            out += "…(\(rest) more byte\(rest == 1 ? "" : "s"))"
        }
        return out
    }
}
