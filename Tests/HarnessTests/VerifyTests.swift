import Foundation
import Harness
import LessonCatalog
import LessonKit
import Testing

/// `swift test` checks every registered lesson against its committed fixture.
struct VerifyTests {
    let store = FixtureStore(registry: LessonCatalog.registry, directory: packageFixtures)

    @Test(arguments: LessonCatalog.lessons.map(\.id))
    func committedFixturePasses(_ id: String) throws {
        let report = store.verify(try LessonCatalog.registry.lesson(id))
        #expect(report.status == .passed, "\(VerifyReport(lessons: [report], unowned: []).text)")
        // Every cell the lesson declares from the notebook is in its fixture.
        let lesson = try LessonCatalog.registry.lesson(id)
        for cell in lesson.notebook { #expect(report.cases.contains { $0.name == "notebook \(cell.cell)" }, "\(cell.cell)") }
        #expect(report.cases.contains { $0.kind == .recorded && $0.status == .passed })
    }

    @Test func theWholeFolderPassesWithNoUnownedFixtures() throws {
        let report = try store.verify()
        #expect(report.passed, "\(report.text)")
        #expect(report.unowned.isEmpty)
    }

    @Test func theUnseededNotebookRunIsReportedAsNotReproducibleNeverAsAPass() throws {
        let report = store.verify(try LessonCatalog.registry.lesson("simplenet"))
        let cell = try #require(report.cases.first { $0.name == "notebook In [372]" })
        #expect(cell.status == .notReproducible)
        #expect(cell.notes.first?.contains("unseeded") == true)
        let text = VerifyReport(lessons: [report], unowned: []).text
        #expect(text.contains("NOT REPRODUCIBLE  [notebook] notebook In [372]"))
        #expect(text.contains("1 not reproducible"))
    }

    @Test func theUnseededRunStillChecksThatItsLossIsOneTheNetworkCanGive() throws {
        let report = store.verify(try LessonCatalog.registry.lesson("simplenet"))
        let cell = try #require(report.cases.first { $0.name == "notebook In [372]" })
        #expect(cell.notes.contains { $0.contains("the printed loss is one this network gives") })
        // A loss below what any x can give with the printed w is caught.
        let scratch = try ScratchFixtures()
        try scratch.editText("simplenet") { $0.replacingFirst("\"values\": [1.9870735326459652]", with: "\"values\": [1.5]") }
        let tampered = scratch.store.verify(try LessonCatalog.registry.lesson("simplenet"))
        let failed = try #require(tampered.cases.first { $0.name == "notebook In [372]" })
        #expect(failed.status == .failed)
        #expect(failed.notes.contains { $0.contains("the printed loss 1.5 is outside [1.96") })
    }

    @Test func aChangedRecordedNumberFailsWithAFullReport() throws {
        let scratch = try ScratchFixtures()
        try scratch.editText("gradient") { $0.replacingFirst("6.000000000021544", with: "6.000000000021545") }
        let report = try scratch.store.verify(["gradient"])
        #expect(!report.passed)
        let text = report.text
        for expected in [
            "gradient", "FAIL  [recorded] default", "gradient: 1 of 3 elements differ (tolerance: exact (0 ulps))", "max 2 ulps",
            "index  expected           actual             difference", "[1]    6.000000000021545  6.000000000021544",
            "reproduce: lessons run gradient", "lessons record gradient --mode failed", scratch.store.displayPath(for: "gradient"),
        ] {
            #expect(text.contains(expected), "missing \"\(expected)\" in:\n\(text)")
        }
        let json = report.json
        #expect(json["passed"] == .bool(false))
        #expect(json["counts"]?["failed"] == .integer(1))
    }

    @Test func aChangedNotebookNumberFailsAndIsNeverOfferedForRerecording() throws {
        let scratch = try ScratchFixtures()
        try scratch.editText("descent") { $0.replacingFirst("\"values\": [6.72221872e-09", with: "\"values\": [6.72221873e-09") }
        let report = try scratch.store.verify(["descent"])
        #expect(!report.passed)
        #expect(report.text.contains("FAIL  [notebook] notebook In [265]"))
        #expect(report.text.contains("notebook values are never re-recorded"))
    }

    @Test func aLessonWithoutAFixtureAndAFixtureWithoutALessonBothFail() throws {
        let scratch = try ScratchFixtures()
        try FileManager.default.moveItem(at: scratch.url("descent"), to: scratch.directory.appending(path: "old-lesson.json.gz"))
        let report = try scratch.store.verify()
        #expect(!report.passed)
        #expect(report.lessons.first { $0.lesson == "descent" }?.status == .failed)
        #expect(report.unowned.count == 1 && report.unowned[0].hasSuffix("old-lesson.json.gz"))
        // A filtered run does not judge other lessons' files.
        #expect(try scratch.store.verify(["gradient"]).passed)
    }

    @Test func aCaseWithNoOutputsOrAnUncheckedOutputFails() throws {
        let scratch = try ScratchFixtures()
        let fixture = try #require(try scratch.store.load("descent"))
        var edited = fixture
        let recorded = try #require(edited.cases.firstIndex { $0.kind == .recorded })
        edited.cases[recorded].outputs.removeAll { $0.0 == "history" }
        var empty = fixture.cases[recorded]
        empty.name = "empty"
        empty.outputs = []
        edited.cases.append(empty)
        try scratch.store.save(edited)
        let report = scratch.store.verify(try LessonCatalog.registry.lesson("descent"))
        #expect(report.cases.first { $0.name == fixture.cases[recorded].name }?.status == .failed)
        #expect(report.cases.first { $0.name == "empty" }?.status == .failed)
        let text = VerifyReport(lessons: [report], unowned: []).text
        #expect(text.contains("history: produced by the lesson but not checked by this case"))
        #expect(text.contains("the case has no outputs to check"))
    }

    @Test func aMissingOutputAndAWrongShapeAreStructuralFailures() throws {
        let scratch = try ScratchFixtures()
        try scratch.editText("gradient") { $0.replacingFirst("\"gradient\": {", with: "\"grad\": {") }
        #expect(try scratch.store.verify(["gradient"]).text.contains("grad: expected by the fixture, but the lesson has no such output"))
        let fresh = try ScratchFixtures()
        try fresh.editText("gradient") {
            $0.replacingFirst("\"shape\": [3],", with: "\"shape\": [1, 3],").replacingFirst(
                "\"values\": [14.0, 6.0, 10.0]", with: "\"values\": [[14.0, 6.0, 10.0]]")
        }
        #expect(try fresh.store.verify(["gradient"]).text.contains("gradient: shape (3,), expected (1, 3)"))
    }
}
