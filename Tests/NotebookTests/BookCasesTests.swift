import Foundation
import Harness
import LessonCatalog
import LessonKit
import Testing

/// The book's printed values, checked against fresh runs.
struct BookCasesTests {
    /// What the book prints (chapter 4's gradient_1d, gradient_2d and gradient_method), by lesson.
    static let printed: [String: [String]] = [
        "derivative": ["0.1999999999990898", "0.2999999999986347"],
        "gradient": ["[6., 8.]", "[0., 4.]", "[6., 0.]"],
        "descent": ["[-6.11110793e-10, 8.14814391e-10]", "[-2.58983747e+13, -1.29524862e+12]", "[-2.99999994, 3.99999992]"],
    ]

    @Test func everyBookValueIsDeclaredAndAgrees() throws {
        for (id, texts) in Self.printed {
            let lesson = try LessonCatalog.registry.lessons([id])[0]
            #expect(lesson.book.flatMap { $0.printed.map(\.text) } == texts, "\(id)")
            let reports = lesson.bookReports()
            #expect(reports.count == texts.count)
            for report in reports {
                #expect(report.kind == .book)
                #expect(report.status == .passed, "\(report.name): \(report.notes) \(report.outputs.map(\.status))")
                #expect(report.outputs.count == 1 && report.outputs[0].status == .match)
            }
        }
    }

    /// The same lesson declaring one digit off: the check can fail.
    struct OffByADigit: Lesson {
        let base: any Lesson
        let text: String
        var id: String { base.id }
        var title: String { base.title }
        var cells: String { base.cells }
        var parameters: [Parameter] { base.parameters }
        var outputs: [String] { base.outputs }
        var book: [BookCase] { [BookCase("off", source: "a test", settings: base.book[0].settings, printed: [(base.outputs[0], text)])] }
        func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] { try base.run(inputs, rng: &rng) }
    }

    @Test(arguments: [
        ("derivative", "0.1999999999990899"), ("gradient", "[6., 8.00000001]"), ("descent", "[-6.11110794e-10, 8.14814391e-10]"),
    ])
    func aValueOneDigitOffFails(_ id: String, _ text: String) throws {
        let lesson = OffByADigit(base: try LessonCatalog.registry.lessons([id])[0], text: text)
        let report = try #require(lesson.bookReports().first)
        #expect(report.status == .failed)
        #expect(report.outputs.first?.differing == 1)
    }

    @Test func verifyCountsBookCasesApart() throws {
        let store = FixtureStore(registry: LessonCatalog.registry, directory: packageRoot.appending(path: "Fixtures"))
        let report = try store.verify()
        #expect(report.countsByKind == "notebook 3 passed, 1 not reproducible; book 8 passed; recorded 22 passed")
        #expect(report.text.hasSuffix("(notebook 3 passed, 1 not reproducible; book 8 passed; recorded 22 passed) — OK"))
        #expect(report.countsByKindJSON["book"]?["passed"] == .integer(8))
    }

    @Test func aFixtureCannotHoldABookCase() throws {
        let json = try JSON(
            parsing: """
                {"schema": 1, "lesson": "derivative", "cases": [{"name": "b", "kind": "book", "seed": null, "parameters": {},
                 "provenance": "", "not_reproducible": null, "outputs": {}}]}
                """)
        #expect(throws: FixtureError.self) { try Fixture(json: json, file: "f.json.gz") }
    }
}
