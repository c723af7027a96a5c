import Arithmetic
import FileAccess
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
        static let derivative = OutputKey("derivative")
        static let configuration = LessonConfiguration(id: "derivative", title: "drifted", source: "notebook In [263]", outputs: [derivative])
        let checks = LessonChecks(notebook: [NotebookCase("In [263]", printed: [("derivative", "23.000000000052978")])])
        func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
            [Output(Self.derivative, Tensor(scalar: 24))]
        }
    }

    /// No mode turns a failing notebook case into a pass, nor writes one
    /// that verify fails straight after: record refuses, naming the cell.
    @Test func noModeRecordsANotebookCaseTheLessonDoesNotGive() throws {
        let scratch = try ScratchFixtures(copying: false)
        let store = FixtureStore(registry: Registry([Drifted()]), directory: scratch.directory)
        for mode in RecordMode.allCases {
            #expect {
                try store.record([], mode: mode)
            } throws: { error in
                "\(error)".hasPrefix("refusing to record derivative's notebook In [263]: the lesson does not give what the notebook prints")
            }
            #expect(try store.load("derivative") == nil)
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

/// A store's values are of one arithmetic, the canonical one unless it is
/// told otherwise; the arithmetic is the store's word (the command line's),
/// never the file's. One fixture per lesson, at the top of the folder.
struct ArithmeticFixtureTests {
    /// Gives a different value in each arithmetic, as a network lesson would.
    struct Arithmetical: Lesson {
        static let derivative = OutputKey("derivative")
        static let configuration = LessonConfiguration(
            id: "derivative", title: "one value per arithmetic", source: "notebook In [263]", outputs: [derivative])
        func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
            [Output(Self.derivative, Tensor(scalar: Double(Arithmetic.all.firstIndex(of: inputs.arithmetic)!)))]
        }
    }

    @Test func aStoreRecordsAndVerifiesInItsOwnArithmetic() throws {
        let canonicalFolder = try ScratchFixtures(copying: false)
        let otherFolder = try ScratchFixtures(copying: false)
        let registry = Registry([Arithmetical()])
        let haswell = Arithmetic(products: .haswell, functions: .libm)
        let canonical = FixtureStore(registry: registry, directory: canonicalFolder.directory)
        let other = FixtureStore(registry: registry, directory: otherFolder.directory, arithmetic: haswell)
        #expect(other.url(for: "derivative") == otherFolder.directory.appending(path: "derivative.json.gz"))

        _ = try canonical.record([], mode: .missing)
        _ = try other.record([], mode: .missing)
        #expect(try canonical.load("derivative")?.cases.first?.outputs.first?.1.value.scalar == 0)
        #expect(try other.load("derivative")?.cases.first?.outputs.first?.1.value.scalar == Double(Arithmetic.all.firstIndex(of: haswell)!))
        #expect(try other.verify().passed && canonical.verify().passed)
        // A file of one arithmetic, checked in another, fails, and the advice names the store's arithmetic.
        let crossed = canonical.verify(registry.lessons[0], file: other.url(for: "derivative"))
        #expect(crossed.status == .failed)
        #expect(other.fixturesOption.hasSuffix(" --arithmetic haswell-libm") && !canonical.fixturesOption.contains("--arithmetic"))
    }

    @Test func subfoldersHoldNoLessonsFixturesButAreSearchedForHalfWrittenFiles() throws {
        let scratch = try ScratchFixtures(copying: false)
        let store = FixtureStore(registry: Registry([Arithmetical()]), directory: scratch.directory)
        _ = try store.record([], mode: .missing)
        // A folder left from the per-CPU layout: its files are no lesson's now.
        let folder = scratch.directory.appending(path: "haswell-libm")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data([1]).write(to: folder.appending(path: "derivative.json.gz"))
        try Data([1]).write(to: folder.appending(path: "retired.json.gz"))
        let unowned = store.unownedFixtures()
        #expect(unowned.count == 2 && unowned.allSatisfy { $0.hasPrefix(folder.path + "/") })
        #expect(Set(unowned.map { $0.split(separator: "/").last! }) == ["derivative.json.gz", "retired.json.gz"])
        #expect(try !store.verify().passed)
        // Half-written files of a process that is gone are reported, then removed.
        let stale = folder.appending(path: ".derivative.json.gz\(SafeWrite.partialMarker)2147483647")
        try Data([1]).write(to: stale)
        #expect(try store.verify().staleTemporaryFiles.contains { $0.hasSuffix(stale.lastPathComponent) })
        #expect(store.removeStaleTemporaryFiles().contains { $0.hasSuffix(stale.lastPathComponent) })
        #expect(!FileManager.default.fileExists(atPath: stale.path))
    }
}
