import Foundation
import Testing

/// `lessons verify` and `lessons record`, through the built binary.
@Suite(.serialized)
struct FixtureCommandTests {
    /// A scratch copy of the package's Fixtures folder.
    func scratchFixtures() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appending(path: "lessons-cli-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: packageRoot.appending(path: "Fixtures"), to: directory)
        return directory
    }

    @Test func verifyPassesOnTheCommittedFixtures() throws {
        let outcome = try lessons("verify", in: packageRoot)
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("NOT REPRODUCIBLE  [notebook] notebook In [372]"))
        #expect(outcome.stdout.hasSuffix("— OK\n"))
    }

    @Test func verifyJSONCarriesTheSameReport() throws {
        let outcome = try lessons("verify", "gradient", "--format", "json", "--fixtures", packageRoot.appending(path: "Fixtures").path)
        #expect(outcome.status == 0)
        let text = outcome.stdout
        #expect(text.contains("\"passed\": true"))
        #expect(text.contains("\"lesson\": \"gradient\""))
    }

    @Test func verifyExitsOneOnADifferenceAndSixtyFiveOnADamagedFile() throws {
        let directory = try scratchFixtures()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Damaged: truncated in half.
        let file = directory.appending(path: "simplenet.json.gz")
        let bytes = try Data(contentsOf: file)
        try bytes.prefix(bytes.count / 2).write(to: file)
        let damaged = try lessons("verify", "--fixtures", directory.path)
        #expect(damaged.status == 65)
        #expect(damaged.stderr.split(separator: "\n").count == 1)
        #expect(damaged.stderr.contains("simplenet.json.gz: the gzip stream is truncated"))
        // Missing fixture: a plain failure.
        try FileManager.default.removeItem(at: file)
        let missing = try lessons("verify", "--fixtures", directory.path)
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("lessons record simplenet --mode missing"))
    }

    @Test func recordRefusesUnderCIUnlessForced() throws {
        let directory = try scratchFixtures()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.removeItem(at: directory.appending(path: "derivative.json.gz"))
        for value in ["true", "1", "YES"] {
            let refused = try lessons("record", "--fixtures", directory.path, environment: ["CI": value])
            #expect(refused.status == 64)
            #expect(refused.stderr.contains("refusing to record fixtures because CI=\(value)"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "derivative.json.gz").path))
        let forced = try lessons("record", "--fixtures", directory.path, "--force", environment: ["CI": "true"])
        #expect(forced.status == 0)
        #expect(forced.stdout.contains("created   "))
        #expect(forced.stdout.contains("unchanged "))
        let notCI = try lessons("record", "--fixtures", directory.path, "--mode", "all", environment: ["CI": "false"])
        #expect(notCI.status == 0)
        #expect(notCI.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("unchanged") })
    }

    @Test func recordListsFixturesNoLessonOwns() throws {
        let directory = try scratchFixtures()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(
            at: directory.appending(path: "gradient.json.gz"), to: directory.appending(path: "retired.json.gz"))
        let outcome = try lessons("record", "--fixtures", directory.path)
        #expect(outcome.stdout.contains("retired.json.gz: no lesson owns this fixture"))
        #expect(try lessons("verify", "--fixtures", directory.path).status == 1)
    }

    @Test func idsNeverBecomePathsAndFoldersMustExist() throws {
        let traversal = try lessons("verify", "../Package", "--fixtures", packageRoot.appending(path: "Fixtures").path)
        #expect(traversal.status == 64)
        #expect(traversal.stderr.contains("unknown lesson '../Package'"))
        let noFolder = try lessons("verify", "--fixtures", "/nonexistent/fixtures")
        #expect(noFolder.status == 64)
        #expect(noFolder.stderr.contains("'/nonexistent/fixtures' does not exist"))
    }
}
