import Foundation
import Harness
import LessonCatalog
import LessonKit
import Testing

struct RecordTests {
    @Test func missingCreatesFixturesThatMatchTheCommittedOnes() throws {
        let scratch = try ScratchFixtures(copying: false)
        let outcomes = try scratch.store.record([], mode: .missing)
        #expect(outcomes.map(\.action) == Array(repeating: .created, count: LessonCatalog.lessons.count))
        for lesson in LessonCatalog.lessons {
            #expect(try scratch.bytes(lesson.id) == Array(try Data(contentsOf: committed(lesson.id))))
        }
        #expect(try scratch.store.record([], mode: .missing).allSatisfy { $0.action == .unchanged })
    }

    @Test func allTwiceLeavesByteIdenticalFiles() throws {
        let scratch = try ScratchFixtures()
        let before = try LessonCatalog.lessons.map { try scratch.bytes($0.id) }
        #expect(try scratch.store.record([], mode: .all).allSatisfy { $0.action == .unchanged })
        #expect(try scratch.store.record([], mode: .all).allSatisfy { $0.action == .unchanged })
        #expect(try LessonCatalog.lessons.map { try scratch.bytes($0.id) } == before)
    }

    @Test func failedRewritesOnlyTheFailingRecordedCase() throws {
        let scratch = try ScratchFixtures()
        try scratch.editText("gradient") { $0.replacingFirst("6.000000000021544", with: "6.5") }
        let outcomes = try scratch.store.record(["gradient"], mode: .failed)
        #expect(outcomes.map(\.action) == [.updated])
        #expect(outcomes[0].rewritten == ["default"])
        #expect(try scratch.store.verify(["gradient"]).passed)
        #expect(try scratch.bytes("gradient") == Array(try Data(contentsOf: committed("gradient"))))
    }

    @Test func aNotebookCaseIsRewrittenOnlyFromTheLessonsDeclaration() throws {
        let scratch = try ScratchFixtures()
        try scratch.editText("derivative") { $0.replacingFirst("\"values\": [23.000000000052978]", with: "\"values\": [23.5]") }
        #expect(try !scratch.store.verify(["derivative"]).passed)
        _ = try scratch.store.record(["derivative"], mode: .failed)
        let fixture = try #require(try scratch.store.load("derivative"))
        #expect(fixture.cases.first { $0.kind == .notebook }?.outputs.first?.1.value.scalar == 23.000000000052978)
        #expect(try scratch.store.verify(["derivative"]).passed)
    }

    /// A lesson whose output no longer rounds to what the notebook printed.
    struct Drifted: Lesson {
        let id = "derivative"
        let title = "drifted"
        let cells = "In [263]"
        let parameters: [Parameter] = []
        let outputs = ["derivative"]
        let notebook = [NotebookCase("In [263]", printed: [("derivative", "23.000000000052978")])]
        func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
            [Output("derivative", Tensor(scalar: 24))]
        }
    }

    @Test func noModeTurnsAFailingNotebookCaseIntoAPass() throws {
        let scratch = try ScratchFixtures(copying: false)
        let store = FixtureStore(registry: Registry([Drifted()]), directory: scratch.directory)
        for mode in RecordMode.allCases {
            _ = try store.record([], mode: mode)
            let fixture = try #require(try store.load("derivative"))
            #expect(fixture.cases.first { $0.kind == .notebook }?.outputs.first?.1.value.scalar == 23.000000000052978)
            let report = try store.verify(["derivative"])
            #expect(report.lessons[0].cases.first { $0.kind == .notebook }?.status == .failed)
            #expect(report.text.contains("notebook values are never re-recorded"))
        }
    }

    @Test func undeclaredCasesAreRemovedAndDeclaredOnesAdded() throws {
        let scratch = try ScratchFixtures()
        var fixture = try #require(try scratch.store.load("gradient"))
        var extra = fixture.cases[1]
        extra.name = "retired example"
        fixture.cases.append(extra)
        fixture.cases.remove(at: 2)
        try scratch.store.save(fixture)
        let outcomes = try scratch.store.record(["gradient"], mode: .failed)
        #expect(outcomes[0].removed == ["retired example"])
        #expect(outcomes[0].rewritten == ["the book's x0^2 + x1^2 at (3, 4)"])
        #expect(try scratch.bytes("gradient") == Array(try Data(contentsOf: committed("gradient"))))
    }

    @Test func aDamagedFixtureIsNeverOverwritten() throws {
        let scratch = try ScratchFixtures()
        let damaged = Array(try scratch.bytes("gradient").prefix(40))
        try scratch.write("gradient", damaged)
        #expect(throws: FixtureError.self) { try scratch.store.record(["gradient"], mode: .all) }
        #expect(try scratch.bytes("gradient") == damaged)
    }
}

/// Fixtures of lessons whose bits depend on the CPU live in a folder per
/// numeric profile; the profile is the lesson's word, never the file's.
struct ProfileFixtureTests {
    struct Profiled: Lesson {
        let id = "derivative"
        let title = "profiled"
        let cells = "In [263]"
        let parameters: [Parameter] = []
        let outputs = ["derivative"]
        let numericProfile: String?
        let value: Double
        func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
            [Output("derivative", Tensor(scalar: value))]
        }
    }

    @Test func aProfiledLessonReadsAndWritesItsProfilesFolder() throws {
        let scratch = try ScratchFixtures(copying: false)
        let other = FixtureStore(registry: Registry([Profiled(numericProfile: "haswell-libm", value: 2)]), directory: scratch.directory)
        let top = FixtureStore(
            registry: Registry([Profiled(numericProfile: FixtureStore.topProfile, value: 1)]), directory: scratch.directory)
        let plain = FixtureStore(registry: Registry([Profiled(numericProfile: nil, value: 1)]), directory: scratch.directory)
        #expect(other.url(for: "derivative") == scratch.directory.appending(path: "haswell-libm/derivative.json.gz"))
        #expect(top.url(for: "derivative") == scratch.directory.appending(path: "derivative.json.gz"))
        #expect(plain.url(for: "derivative") == top.url(for: "derivative"))

        // Recording creates the profile's folder; each profile keeps its own values.
        _ = try other.record([], mode: .missing)
        _ = try top.record([], mode: .missing)
        #expect(try other.load("derivative")?.cases.first?.outputs.first?.1.value.scalar == 2)
        #expect(try top.load("derivative")?.cases.first?.outputs.first?.1.value.scalar == 1)
        #expect(try other.verify().passed && top.verify().passed)
        // The other profile's file, checked by the top profile's lesson, fails.
        let crossed = top.verify(top.registry.lessons[0], file: other.url(for: "derivative"))
        #expect(crossed.status == .failed)
    }

    @Test func profileFoldersAreSearchedForUnownedAndHalfWrittenFiles() throws {
        let scratch = try ScratchFixtures(copying: false)
        let profiled = FixtureStore(registry: Registry([Profiled(numericProfile: "haswell-libm", value: 2)]), directory: scratch.directory)
        let plain = FixtureStore(registry: Registry([Profiled(numericProfile: nil, value: 1)]), directory: scratch.directory)
        _ = try profiled.record([], mode: .missing)
        _ = try plain.record([], mode: .missing)
        let folder = scratch.directory.appending(path: "haswell-libm")
        try Data([1]).write(to: folder.appending(path: "retired.json.gz"))
        // A lesson with a profile owns its file in any profile's folder; one without owns none there.
        #expect(profiled.unownedFixtures().map { $0.hasSuffix("haswell-libm/retired.json.gz") } == [true])
        let unowned = plain.unownedFixtures()
        #expect(unowned.count == 2 && unowned.allSatisfy { $0.hasPrefix(folder.path + "/") })
        #expect(Set(unowned.map { $0.split(separator: "/").last! }) == ["derivative.json.gz", "retired.json.gz"])
        #expect(try !profiled.verify().passed)
        // Half-written files of a process that is gone are reported, then removed.
        let stale = folder.appending(path: ".derivative.json.gz\(SafeWrite.partialMarker)2147483647")
        try Data([1]).write(to: stale)
        #expect(try plain.verify().staleTemporaryFiles.contains { $0.hasSuffix(stale.lastPathComponent) })
        #expect(plain.removeStaleTemporaryFiles().contains { $0.hasSuffix(stale.lastPathComponent) })
        #expect(!FileManager.default.fileExists(atPath: stale.path))
    }
}
