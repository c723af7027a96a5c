import Arithmetic
import LessonKit

/// The book's printed values as cases of their own kind, checked by
/// `verify` straight against a fresh run of the lesson.
///
/// A book case is declared by its lesson (``Lesson/book``) with the text the
/// book printed; the text is read by ``Printed/parse(_:)``, which gives the
/// precision it was printed with (a Python repr is exact; a NumPy array
/// holds 8 digits), and the lesson's output, printed the same way, must read
/// the same. No fixture copies these values: the book is a reference of
/// its own, so a fixture cannot loosen them.
extension Lesson {
    public func bookReports(arithmetic: Arithmetic = .canonical) -> [CaseReport] {
        book.map { bookCase in
            let name = "book \(bookCase.name)"
            func failed(_ note: String) -> CaseReport {
                CaseReport(
                    name: name, kind: .book, status: .failed, notes: [note], outputs: [], commandLine: nil, disagreesWithDeclaration: false)
            }
            let run: Run
            do { run = try self.run(seed: bookCase.seed, settings: bookCase.settings, arithmetic: arithmetic) } catch {
                return failed("the lesson refused the book's inputs: \(error)")
            }
            var comparisons: [OutputComparison] = []
            var notes: [String] = []
            for (output, text) in bookCase.printed {
                let expected: (value: Tensor, tolerance: Tolerance)
                do { expected = try Printed.parse(text) } catch { return failed("\(error)") }
                guard let actual = run.outputs.first(where: { $0.name == output }) else {
                    comparisons.append(.structural(output, .missing, expected: expected.value.shape, actual: nil))
                    continue
                }
                comparisons.append(.compare(output, expected: expected.value, actual: actual.value, tolerance: expected.tolerance))
                if let note = Printed.notationMismatch(output, text: text, actual: actual.value) { notes.append(note) }
            }
            let passed = notes.isEmpty && !comparisons.isEmpty && comparisons.allSatisfy { $0.status == .match }
            return CaseReport(
                name: name, kind: .book, status: passed ? .passed : .failed, notes: ["printed by the book, \(bookCase.source)"] + notes,
                outputs: comparisons, commandLine: run.commandLine, disagreesWithDeclaration: false)
        }
    }
}

extension VerifyReport {
    /// Passed, failed and not reproducible, for each kind of case: `notebook
    /// 3 passed, 1 not reproducible; book 7 passed; recorded 22 passed`.
    public var countsByKind: String {
        FixtureCase.Kind.allCases.compactMap { kind in
            let cases = lessons.flatMap(\.cases).filter { $0.kind == kind }
            guard !cases.isEmpty else { return nil }
            let parts = [CaseReport.Status.passed, .failed, .notReproducible].compactMap { status -> String? in
                let n = cases.filter { $0.status == status }.count
                return n == 0 ? nil : "\(n) \(status.rawValue)"
            }
            return "\(kind.rawValue) \(parts.joined(separator: ", "))"
        }.joined(separator: "; ")
    }

    /// The same counts for the JSON report.
    public var countsByKindJSON: JSON {
        .object(
            FixtureCase.Kind.allCases.map { kind in
                let cases = lessons.flatMap(\.cases).filter { $0.kind == kind }
                return (
                    kind.rawValue,
                    .object(
                        [CaseReport.Status.passed, .failed, .notReproducible].map { status in
                            (status.rawValue.replacing(" ", with: "_"), .integer(Int64(cases.filter { $0.status == status }.count)))
                        })
                )
            })
    }
}

extension Printed {
    /// The printed text must be what NumPy prints for the actual value,
    /// notation and all, not merely a text that reads close to it: a float as
    /// Python's repr (or NumPy 2's `np.float64(…)` around it), an array as
    /// `repr` (`array([…])`) or `str` (`[[…]]`) lays it out, or as the book's
    /// text writes one (`[6., 8.]`: repr without `array(…)`) — positional or
    /// scientific as NumPy chooses from the data, 8 digits, trailing zeros
    /// trimmed. Whitespace is not compared (alignment, line breaks, and the
    /// sign column NumPy 1.13 and older left before positive numbers).
    ///
    /// So `array([0.00000001, 0.])` for values that NumPy prints as
    /// `array([6.72221872e-09, 4.07407195e-09])` is refused although it
    /// rounds alike at 8 fraction digits, and `23.000000000052979` for a
    /// value whose repr is `23.000000000052978` although both read back to
    /// the same double. Returns the note for a mismatch, or nil.
    public static func notationMismatch(_ name: String, text: String, actual: Tensor) -> String? {
        let printed = text.trimmingWhitespace()
        let expected: [String]
        if !printed.contains("[") {
            guard actual.count == 1 else { return nil }
            let repr = NumPyFormat.pythonRepr(actual.scalars[0])
            // int(x) of a finite value prints the whole number it truncates to.
            let truncated = actual.scalars[0].rounded(.towardZero)
            let whole = truncated.isFinite && abs(truncated) < 1e18 ? [String(Int64(truncated))] : []
            expected = [repr, "np.float64(\(repr))"] + whole
        } else if printed.hasPrefix("array(") {
            expected = [NumPyFormat.arrayRepr(actual)]
        } else if printed.contains(",") {
            // A list as the book's text writes an array: repr's brackets and commas without `array(…)`.
            expected = [String(NumPyFormat.arrayRepr(actual).dropFirst("array(".count).dropLast())]
        } else {
            expected = [NumPyFormat.arrayStr(actual)]
        }
        guard !expected.map(layout).contains(layout(printed)) else { return nil }
        return "\(name): printed \(printed.excerpt(limit: 120)), but NumPy prints the lesson's value as \(expected[0].excerpt(limit: 120))"
    }

    /// The text without the whitespace NumPy's layout puts in: runs of
    /// spaces and line breaks become one space, none after `[` or before `]`.
    static func layout(_ text: String) -> String {
        var out: [UInt8] = []
        var pendingSpace = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace && out.last != UInt8(ascii: "[") && byte != UInt8(ascii: "]") { out.append(UInt8(ascii: " ")) }
            pendingSpace = false
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
