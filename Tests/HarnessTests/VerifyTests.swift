import FileAccess
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
        let checked = try #require(report.cases.first { $0.name == "notebook In [372]" })
        #expect(checked.notes.contains { $0.contains("the printed loss is one this network gives") })
        // The check runs on the printed values as the lesson declares them; a
        // file whose loss differs from them fails, whatever loss it holds.
        let scratch = try ScratchFixtures()
        try scratch.editText("simplenet") { $0.replacingFirst("\"values\": [1.9870735326459652]", with: "\"values\": [1.5]") }
        let tampered = scratch.store.verify(try LessonCatalog.registry.lesson("simplenet"))
        let failed = try #require(tampered.cases.first { $0.name == "notebook In [372]" })
        #expect(failed.status == .failed)
        #expect(failed.notes.contains { $0.contains("loss: the file's values are not what the notebook's printed text reads as") })
        // A lesson whose printed loss no network can give fails the check itself.
        let cell = try #require(try LessonCatalog.registry.lesson("simplenet").notebook.first)
        let printedW = try #require(cell.printed.first { $0.output == "w" })
        let w = try Printed.parse(printedW.text).value
        let consistency = try #require(cell.consistency)
        let unreachable = consistency(["w": w, "loss": Tensor(scalar: 1.5)])
        #expect(!unreachable.held && unreachable.detail.contains("the printed loss 1.5 is outside [1.96"))
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
            // The advice writes where the fixtures checked are (a scratch folder here).
            "reproduce: lessons run gradient", "lessons record gradient --fixtures \(scratch.directory.path) --mode failed",
            scratch.store.displayPath(for: "gradient"),
        ] {
            #expect(text.contains(expected), "missing \"\(expected)\" in:\n\(text)")
        }
        let json = report.json
        #expect(json["passed"] == .bool(false))
        #expect(json["counts"]?["failed"] == .integer(1))
    }

    @Test func aChangedNotebookNumberFailsAndSaysTheFileDisagreesWithTheLesson() throws {
        let scratch = try ScratchFixtures()
        try scratch.editText("descent") { $0.replacingFirst("\"values\": [6.72221872e-09", with: "\"values\": [6.72221873e-09") }
        let report = try scratch.store.verify(["descent"])
        #expect(!report.passed)
        #expect(report.text.contains("FAIL  [notebook] notebook In [265]"))
        #expect(report.text.contains("x: the file's values are not what the notebook's printed text reads as"))
        #expect(report.text.contains("rewrite it from the declaration: lessons record descent\(scratch.store.fixturesOption) --mode failed"))
        #expect(scratch.store.fixturesOption.hasPrefix(" --fixtures /"))
    }

    /// Edits that used to let a fixture loosen or skip its own check: each
    /// now fails, naming the case and what disagrees with the lesson.
    @Test(arguments: [
        (
            "gradient",
            "\"not_reproducible\": null,\n      \"outputs\": {\n        \"gradient\": {\n          \"shape\": [3],\n          \"tolerance\": {\n            \"ulps\": 0",
            "\"not_reproducible\": \"x\",\n      \"outputs\": {\n        \"gradient\": {\n          \"shape\": [3],\n          \"tolerance\": {\n            \"ulps\": 0",
            "default", "the file's not_reproducible is \"x\"; the lesson declares null"
        ),
        (
            "gradient", "\"ulps\": 0\n          },\n          \"values\": [14.000000000038426",
            "\"absolute\": 1e300\n          },\n          \"values\": [15.000000000038426", "default",
            "gradient: the file's tolerance is within 1e+300 absolute; the lesson declares exact (0 ulps)"
        ),
        ("gradient", "\"name\": \"notebook In [264]\"", "\"name\": \"notebook In [999]\"", "notebook In [264]", "absent from the fixture"),
        ("gradient", "\"name\": \"notebook In [264]\"", "\"name\": \"notebook In [999]\"", "notebook In [999]", "declares no case"),
        (
            "gradient", "\"printed\": \"array([14.,  6., 10.])\"", "\"printed\": \"array([15.,  6., 10.])\"", "notebook In [264]",
            "is not the notebook's \"array([14.,  6., 10.])\" that the lesson declares"
        ),
        ("gradient", "\"kind\": \"notebook\"", "\"kind\": \"recorded\"", "notebook In [264]", "the file holds a recorded case"),
        (
            "derivative", "\"x\": 10.0", "\"x\": 11.0", "notebook In [263]",
            "the file's parameters differ from the inputs the lesson declares (x)"
        ),
        ("simplenet", "\"seed\": 7", "\"seed\": 8", "seed 7", "the file's seed is 8; the lesson's is 7"),
    ])
    func aFixtureCannotLoosenItsOwnCheck(_ id: String, _ target: String, _ replacement: String, _ caseName: String, _ note: String) throws {
        let scratch = try ScratchFixtures()
        try scratch.editText(id) { $0.replacingFirst(target, with: replacement) }
        let report = scratch.store.verify(try LessonCatalog.registry.lesson(id))
        #expect(report.status == .failed)
        let failed = try #require(report.cases.first { $0.name == caseName })
        #expect(failed.status == .failed)
        #expect(failed.disagreesWithDeclaration)
        #expect(failed.notes.contains { $0.contains(note) }, "\(failed.notes)")
        // And `record --mode failed` puts back what the lesson declares.
        _ = try scratch.store.record([id], mode: .failed)
        #expect(try scratch.bytes(id) == Array(try Data(contentsOf: committed(id))))
    }

    @Test func aDeletedCaseFailsEvenANotebookOne() throws {
        let scratch = try ScratchFixtures()
        var fixture = try #require(try scratch.store.load("simplenet"))
        fixture.cases.removeAll { $0.kind == .notebook }
        try scratch.store.save(fixture)
        let report = scratch.store.verify(try LessonCatalog.registry.lesson("simplenet"))
        #expect(report.status == .failed)
        #expect(report.cases.first { $0.name == "notebook In [372]" }?.notes == ["declared by the lesson but absent from the fixture"])
    }

    @Test func aSingleChangedBitAmongThousandsOfNumbersIsFoundAndPlaced() throws {
        let scratch = try ScratchFixtures()
        var fixture = try #require(try scratch.store.load("descent"))
        let index = try #require(fixture.cases.firstIndex { $0.name == "default" })
        let history = try #require(fixture.cases[index].outputs.firstIndex { $0.0 == "history" })
        var value = fixture.cases[index].outputs[history].1.value
        value.scalars[137] = Double(bitPattern: value.scalars[137].bitPattern ^ 1)
        fixture.cases[index].outputs[history].1.value = value
        try scratch.store.save(fixture)
        let report = try scratch.store.verify(["descent"])
        let comparison = try #require(report.lessons[0].cases[index].outputs.first { $0.name == "history" })
        #expect(comparison.differing == 1 && comparison.elements == 200)
        #expect(comparison.rows.map(\.index) == [[68, 1]])
        #expect(report.text.contains("history: 1 of 200 elements differ"))
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

    @Test func anUncheckedOutputAndAnUndeclaredCaseFail() throws {
        let scratch = try ScratchFixtures()
        let fixture = try #require(try scratch.store.load("descent"))
        var edited = fixture
        let recorded = try #require(edited.cases.firstIndex { $0.kind == .recorded })
        edited.cases[recorded].outputs.removeAll { $0.0 == "history" }
        var extra = fixture.cases[recorded]
        extra.name = "extra"
        edited.cases.append(extra)
        try scratch.store.save(edited)
        let report = scratch.store.verify(try LessonCatalog.registry.lesson("descent"))
        #expect(report.cases.first { $0.name == fixture.cases[recorded].name }?.status == .failed)
        #expect(report.cases.first { $0.name == "extra" }?.status == .failed)
        let text = VerifyReport(lessons: [report], unowned: []).text
        #expect(text.contains("history: produced by the lesson but not checked by this case"))
        #expect(text.contains("the lesson declares no case with this name"))
    }

    @Test func anOutputTheLessonDoesNotHaveAndAWrongShapeFail() throws {
        let scratch = try ScratchFixtures()
        try scratch.editText("gradient") { $0.replacingFirst("\"gradient\": {", with: "\"grad\": {") }
        let text = try scratch.store.verify(["gradient"]).text
        #expect(text.contains("output \"grad\" is not one the lesson declares for this case"))
        #expect(text.contains("gradient: produced by the lesson but not checked by this case"))
        let fresh = try ScratchFixtures()
        try fresh.editText("gradient") {
            $0.replacingFirst("\"shape\": [3],", with: "\"shape\": [1, 3],").replacingFirst(
                "\"values\": [14.0, 6.0, 10.0]", with: "\"values\": [[14.0, 6.0, 10.0]]")
        }
        #expect(try fresh.store.verify(["gradient"]).text.contains("gradient: shape (3,), expected (1, 3)"))
    }

    @Test func staleTemporaryFilesAreReportedNotFailed() throws {
        let scratch = try ScratchFixtures()
        // pid 2^31 - 1 is above any pid Linux hands out, so its writer is gone.
        let stale = scratch.directory.appending(path: ".gradient.json.gz\(SafeWrite.partialMarker)2147483647")
        try Data([1, 2, 3]).write(to: stale)
        let report = try scratch.store.verify()
        #expect(report.passed)
        #expect(report.staleTemporaryFiles.count == 1 && report.staleTemporaryFiles[0].hasSuffix("partial-2147483647"))
        #expect(report.text.contains("stale temporary file of an interrupted write"))
        _ = try scratch.store.record(["gradient"], mode: .missing)
        #expect(!FileManager.default.fileExists(atPath: stale.path))
    }
}
