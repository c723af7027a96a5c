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
                if let note = Printed.reprMismatch(output, text: text, tolerance: expected.tolerance, actual: actual.value) {
                    notes.append(note)
                }
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
    /// A Python repr is the shortest text that reads back to its double, so
    /// the printed text must be the repr of the actual value, digit for digit:
    /// `23.000000000052979` reads back to the same double as
    /// `23.000000000052978`, yet Python never prints it for that double, so
    /// it is a changed digit all the same. Returns the note for such a
    /// mismatch, or nil when the text is the repr, not a repr at all, or
    /// another double (which the comparison reports as a difference).
    public static func reprMismatch(_ name: String, text: String, tolerance: Tolerance, actual: Tensor) -> String? {
        guard case .printed(.repr, _) = tolerance, actual.rank == 0, actual.scalar.isFinite else { return nil }
        let repr = NumPyFormat.pythonRepr(actual.scalar)
        let printed = text.trimmingWhitespace()
        guard repr != printed, Double(printed)?.bitPattern == actual.scalar.bitPattern else { return nil }
        return "\(name): printed \(printed), but the lesson's value prints as \(repr) "
            + "(the same double, yet not its repr: a digit was changed)"
    }
}
