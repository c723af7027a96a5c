import Foundation
import LessonCatalog
import LessonsCommand
import Testing

/// `lessons data list` and `lessons data fetch`: what they print and how they exit.
/// Downloads that succeed are tested in DatasetsTests against a server on 127.0.0.1.
struct DataTests {
    func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "data-command-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func listShowsEachSourceAndItsFolder() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let captured = CapturedConsole()
        let status = LessonsCommand.run(
            ["data", "list"], registry: LessonCatalog.registry, console: captured.console, environment: ["LESSONS_DATA": folder])
        #expect(status == 0)
        let lines = captured.out.split(separator: "\n").map(String.init)
        #expect(lines.first == "embedded — the embedded MNIST subset (CC BY-SA 3.0): ready, SHA-256 verified")
        #expect(lines.contains("mnist — MNIST (CC BY-SA 3.0): absent"))
        #expect(lines.contains { $0.hasPrefix("    \(folder)/mnist — ") })
        #expect(lines.contains("    get it with: lessons data fetch mnist"))
        #expect(lines.contains { $0.hasPrefix("fashion-mnist — Fashion-MNIST (MIT): ") })
        #expect(lines.filter { $0.hasSuffix("  verified") }.count >= 4)
    }

    @Test func checkLoadsASourceAndSummarisesIt() {
        let captured = CapturedConsole()
        let status = LessonsCommand.run(["data", "check", "embedded"], registry: LessonCatalog.registry, console: captured.console)
        #expect(status == 0)
        let lines = captured.out.split(separator: "\n").map(String.init)
        #expect(lines.first == "embedded: 4000 training and 1000 test images, 28×28")
        #expect(lines.contains("    training images per class: 400 400 400 400 400 400 400 400 400 400"))
        #expect(lines.contains("    checksums: SHA-256 verified, the embedded MNIST subset (CC BY-SA 3.0)"))
    }

    @Test func checkNamesAMissingFolder() {
        let captured = CapturedConsole()
        let status = LessonsCommand.run(
            ["data", "check", "/nonexistent/digits"], registry: LessonCatalog.registry, console: captured.console)
        #expect(status == 64)
        #expect(captured.err.hasPrefix("error: no folder at '/nonexistent/digits' (use embedded, mnist, fashion-mnist or a folder"))
    }

    @Test func onlyMNISTIsFetched() {
        let captured = CapturedConsole()
        let status = LessonsCommand.run(["data", "fetch", "fashion-mnist"], registry: LessonCatalog.registry, console: captured.console)
        #expect(status == 64)
        #expect(captured.err.hasPrefix("error: cannot fetch 'fashion-mnist': only mnist is downloaded"))
    }

    @Test func aBadAddressIsBadInput() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let captured = CapturedConsole()
        let status = LessonsCommand.run(
            ["data", "fetch", "mnist", "--from", "ftp://mirror/"], registry: LessonCatalog.registry, console: captured.console,
            environment: ["LESSONS_DATA": folder])
        #expect(status == 64)
        // One line: the address is checked before the fetch is announced.
        #expect(captured.err == "error: 'ftp://mirror/' is not an http:// or https:// address")
        #expect(captured.out.isEmpty)
    }

    /// Port 9 on 127.0.0.1 has no listener here: the connection is refused at once.
    @Test func anUnreachableMirrorExits69AndWritesNoFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let captured = CapturedConsole()
        let status = LessonsCommand.run(
            ["data", "fetch", "mnist", "--from", "http://127.0.0.1:9/"], registry: LessonCatalog.registry, console: captured.console,
            environment: ["LESSONS_DATA": folder])
        #expect(status == 69)
        let errors = captured.err.split(separator: "\n")
        #expect(errors.count == 2)
        #expect(errors.last?.hasPrefix("error: http://127.0.0.1:9/train-images-idx3-ubyte.gz: download failed (") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/mnist").isEmpty)
    }

    @Test func anUnwritableCacheExits73() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try #require(FileManager.default.createFile(atPath: folder + "/mnist", contents: Data([1])))
        let captured = CapturedConsole()
        let status = LessonsCommand.run(
            ["data", "fetch", "mnist", "--from", "http://127.0.0.1:9/"], registry: LessonCatalog.registry, console: captured.console,
            environment: ["LESSONS_DATA": folder])
        #expect(status == 73)
        #expect(captured.err.hasSuffix("error: \(folder)/mnist: cannot write (not a folder)"))
    }

    @Test func theBinaryListsTheData() throws {
        let outcome = try lessons("data", "list")
        #expect(outcome.status == 0)
        #expect(outcome.stdout.hasPrefix("embedded — the embedded MNIST subset (CC BY-SA 3.0): ready, SHA-256 verified"))
    }
}
