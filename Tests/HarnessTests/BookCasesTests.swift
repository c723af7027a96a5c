import Foundation
import Harness
import LessonCatalog
import LessonKit
import Testing

/// The book's printed values, checked against fresh runs.
struct BookCasesTests {
    /// What the book prints (chapter 4's gradient_1d, gradient_2d, gradient_method and gradient_simplenet;
    /// chapter 5's buy_apple and buy_apple_orange), by lesson.
    static let printed: [String: [String]] = [
        "derivative": ["0.1999999999990898", "0.2999999999986347"],
        "gradient": ["[6., 8.]", "[0., 4.]", "[6., 0.]"],
        "descent": ["[-6.11110793e-10, 8.14814391e-10]", "[-2.58983747e+13, -1.29524862e+12]", "[-2.99999994, 3.99999992]"],
        "simplenet-gradient": [
            "[[ 0.47355232  0.9977393   0.84668094]\n [ 0.85557411  0.03563661  0.69422093]]",
            "[[ 0.21924763  0.14356247 -0.36281009]\n [ 0.32887144  0.2153437  -0.54421514]]",
        ],
        "computational-graph": ["220", "2.2", "110", "200", "715", "2.2", "110", "3.3000000000000003", "165", "650"],
    ]

    @Test func everyBookValueIsDeclaredAndAgrees() throws {
        for (id, texts) in Self.printed {
            let lesson = try LessonCatalog.registry.lessons([id])[0]
            #expect(lesson.book.flatMap { $0.printed.map(\.text) } == texts, "\(id)")
            let reports = lesson.bookReports()
            #expect(reports.count == lesson.book.count)
            for (report, bookCase) in zip(reports, lesson.book) {
                #expect(report.kind == .book)
                #expect(report.status == .passed, "\(report.name): \(report.notes) \(report.outputs.map(\.status))")
                #expect(report.outputs.count == bookCase.printed.count && report.outputs.allSatisfy { $0.status == .match })
            }
        }
    }

    /// The same lesson declaring one digit off: the check can fail.
    struct OffByADigit<Base: Lesson>: Lesson {
        static var configuration: LessonConfiguration { Base.configuration }
        let base: Base
        let text: String
        var checks: LessonChecks {
            LessonChecks(book: [BookCase("off", source: "a test", settings: base.book[0].settings, printed: [(base.outputs[0], text)])])
        }
        func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] { try base.run(inputs, rng: &rng) }
    }

    @Test(arguments: [
        ("derivative", "0.1999999999990899"), ("gradient", "[6., 8.00000001]"), ("descent", "[-6.11110794e-10, 8.14814391e-10]"),
        // buy_apple's price is 220.00000000000003: int() prints 220, its repr is not 220.0.
        ("computational-graph", "221"), ("computational-graph", "219"), ("computational-graph", "220.0"),
    ])
    func aValueOneDigitOffFails(_ id: String, _ text: String) throws {
        func offByADigit<Base: Lesson>(_ base: Base) -> any Lesson { OffByADigit(base: base, text: text) }
        let lesson = offByADigit(try LessonCatalog.registry.lessons([id])[0])
        let report = try #require(lesson.bookReports().first)
        #expect(report.status == .failed)
        #expect(report.outputs.first?.differing == 1)
    }

    /// The book's printed dW follows from its printed W only with delta = 0:
    /// with the book's own delta, 1e-7, the 7th digit differs.
    @Test func theSimpleNetGradientHoldsOnlyWithDeltaZero() throws {
        let base = try LessonCatalog.registry.lessons(["simplenet-gradient"])[0]
        let declared = try #require(base.book.first)
        #expect(declared.settings.contains("delta=0"))
        func redeclared<Base: Lesson>(_ base: Base, book: [BookCase]) -> any Lesson { Redeclared(base: base, book: book) }
        let withBookDelta = redeclared(
            base,
            book: [
                BookCase(
                    "delta 1e-7", source: "a test", settings: declared.settings.filter { $0 != "delta=0" } + ["delta=1e-7"],
                    printed: declared.printed)
            ])
        let report = try #require(withBookDelta.bookReports().first)
        #expect(report.status == .failed)
        #expect(report.outputs.first { $0.name == "w" }?.status == .match)
        let dW = try #require(report.outputs.first { $0.name == "dW" })
        #expect(dW.status == .mismatch && dW.differing > 0)
    }

    /// A lesson with other book cases.
    struct Redeclared<Base: Lesson>: Lesson {
        static var configuration: LessonConfiguration { Base.configuration }
        let base: Base
        let book: [BookCase]
        var checks: LessonChecks { LessonChecks(book: book) }
        func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] { try base.run(inputs, rng: &rng) }
    }

    @Test func verifyCountsBookCasesApart() throws {
        let store = FixtureStore(registry: LessonCatalog.registry, directory: packageFixtures)
        let report = try store.verify()
        // Every example a lesson declares is a recorded case.
        let recorded = LessonCatalog.registry.lessons.map(\.examples.count).reduce(0, +)
        // Every printed line of the book's code that a lesson declares is a book case.
        let book = LessonCatalog.registry.lessons.map(\.book.count).reduce(0, +)
        #expect(book >= 11)
        #expect(report.countsByKind == "notebook 3 passed, 1 not reproducible; book \(book) passed; recorded \(recorded) passed")
        #expect(report.text.hasSuffix("(notebook 3 passed, 1 not reproducible; book \(book) passed; recorded \(recorded) passed) — OK"))
        #expect(report.countsByKindJSON["book"]?["passed"] == .integer(Int64(book)))
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
