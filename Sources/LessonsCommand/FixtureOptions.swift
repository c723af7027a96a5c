import ArgumentParser
import Arithmetic
import FileAccess
import Harness
import LessonKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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

    @Option(help: ArithmeticChoice.help)
    var arithmetic: ArithmeticChoice = .named(.canonical)

    /// The store, refusing a folder that does not exist (a typo must not look
    /// like "every fixture is missing"). Its arithmetic is `--arithmetic`'s,
    /// `numpy` resolved for the lessons named (all by default).
    func store(_ registry: Registry, mustExist: Bool = true, environment: [String: String]) throws -> FixtureStore {
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
        let parts = try registry.lessons(ids).reduce(into: Arithmetic.Parts()) { $0.formUnion($1.arithmeticParts) }
        return FixtureStore(
            registry: registry, directory: URL(filePath: fixtures, directoryHint: .isDirectory),
            arithmetic: try arithmetic.resolved(for: parts, environment: environment))
    }

    /// The lessons to check or record: those named, else the registry's
    /// lessons whose declared fixtures folder is this one (a package's own
    /// lessons, beside built-in ones whose fixtures live in their package),
    /// else, for a folder no lesson declares (a copy), every lesson.
    func chosenIds(_ registry: Registry) -> [String] {
        guard ids.isEmpty else { return ids }
        func real(_ path: String) -> String? {
            guard let resolved = realpath(path, nil) else { return nil }
            defer { free(resolved) }
            return String(cString: resolved)
        }
        guard let folder = real(fixtures) else { return [] }
        let own = registry.lessons.filter { real($0.configuration.fixtures) == folder }.map(\.id)
        // All of them is no choice: the folder's unowned files are checked too.
        return own.count == registry.lessons.count ? [] : own
    }

    /// Whether `--fixtures` names the package's own folder, whose values are
    /// the canonical arithmetic's.
    var isPackageFolder: Bool {
        let trimmed = fixtures.hasSuffix("/") ? String(fixtures.dropLast()) : fixtures
        return trimmed == "Fixtures" || trimmed == "./Fixtures"
    }
}
