import ArgumentParser
import FileAccess
import Harness
import LessonKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Options shared by the commands that read or write fixtures.
struct FixtureOptions: ParsableArguments {
    @Argument(help: "Lessons to include (default: all).", completion: .list(LessonsCommand.completionIds))
    var ids: [String] = []

    @Option(help: "The fixtures folder.")
    var fixtures: String = "Fixtures"

    /// The store, refusing a folder that does not exist (a typo must not look
    /// like "every fixture is missing").
    func store(_ registry: Registry, mustExist: Bool = true) throws -> FixtureStore {
        let kind = Files.kind(fixtures)
        let exists = kind != .none
        if exists && kind != .directory {
            throw CommandFailure("fixtures folder '\(fixtures)' is a file, not a folder", status: ExitStatus.badInput)
        }
        if mustExist && !exists {
            throw CommandFailure(
                "fixtures folder '\(fixtures)' does not exist (run from the package root, or pass --fixtures DIR)",
                status: ExitStatus.badInput)
        }
        return FixtureStore(registry: registry, directory: URL(filePath: fixtures, directoryHint: .isDirectory))
    }
}
