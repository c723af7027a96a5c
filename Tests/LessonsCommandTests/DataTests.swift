import Foundation
import Gzip
import Harness
import LessonCatalog
import LessonsCommand
import Testing

#if canImport(Glibc)
    import Glibc
#endif

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

    /// A password in --from never reaches the terminal, nor does a folder
    /// name's escape sequence from `data list` or `data check`.
    @Test func credentialsAndNamesFromTheDiskAreNotPrintedRaw() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fetch = CapturedConsole()
        let status = LessonsCommand.run(
            ["data", "fetch", "mnist", "--from", "http://learner:s3cret@127.0.0.1:9/"], registry: LessonCatalog.registry,
            console: fetch.console, environment: ["LESSONS_DATA": folder])
        #expect(status == 69)
        #expect(!fetch.err.contains("s3cret") && !fetch.err.contains("learner") && fetch.err.contains("http://…@127.0.0.1:9/"), "\(fetch.err)")
        // A folder named with ESC and a newline, holding the embedded set's files.
        let odd = folder + "/odd\u{1B}[31m\nname"
        try FileManager.default.createDirectory(atPath: odd, withIntermediateDirectories: true)
        let embedded = packageRoot.appending(path: "Sources/EmbeddedMNIST/Embedded")
        for name in ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"] {
            try FileManager.default.copyItem(atPath: embedded.appending(path: name).path, toPath: odd + "/" + name)
        }
        let check = CapturedConsole()
        #expect(LessonsCommand.run(["data", "check", odd], registry: LessonCatalog.registry, console: check.console) == 0)
        #expect(!check.out.contains("\u{1B}") && check.out.contains("odd\\u{1b}[31m\\nname"), "\(check.out)")
        let list = CapturedConsole()
        #expect(
            LessonsCommand.run(["data", "list"], registry: LessonCatalog.registry, console: list.console, environment: ["LESSONS_DATA": odd])
                == 0)
        #expect(!list.out.contains("\u{1B}") && list.out.contains("odd\\u{1b}[31m\\nname"), "\(list.out)")
    }

    @Test func fetchRefusesATimeoutOutOfRange() {
        let captured = CapturedConsole()
        #expect(LessonsCommand.run(["data", "fetch", "mnist", "--timeout", "0"], registry: LessonCatalog.registry, console: captured.console) == 64)
        #expect(captured.err.contains("--timeout must be from 1 to 86400 seconds, got 0"))
    }

    @Test func theBinaryListsTheData() throws {
        let outcome = try lessons("data", "list")
        #expect(outcome.status == 0)
        #expect(outcome.stdout.hasPrefix("embedded — the embedded MNIST subset (CC BY-SA 3.0): ready, SHA-256 verified"))
    }
}

/// Memory follows the data a run uses: a folder of 400 KB (four gzip files
/// of empty images, 250 000 a split, the cap) took 1.8 GB to check and
/// 4.9 GB to train on, its images widened to doubles whole. Measured as the
/// child's peak resident size, from wait4.
struct DataMemoryTests {
    /// Runs the built binary and returns its exit status and peak resident size in bytes.
    func peak(_ arguments: [String]) throws -> (status: Int32, bytes: Int) {
        let program = productsDirectory.appending(path: "lessons").path
        var pid: pid_t = 0
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        guard posix_spawn(&pid, program, &actions, nil, argv, environ) == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        return ((status >> 8) & 0xff, usage.ru_maxrss * 1024)
    }

    @Test func aFolderOfManyEmptyImagesTakesWhatItsFilesHold() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "lessons-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let count = 250_000
        func header(_ words: [UInt32]) -> [UInt8] { words.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (24 - 8 * $0)) } } }
        let images = Gzip.compress(header([2051, UInt32(count), 28, 28]) + [UInt8](repeating: 0, count: count * 784), level: 1)
        let labels = Gzip.compress(header([2049, UInt32(count)]) + [UInt8](repeating: 0, count: count), level: 1)
        for (name, bytes) in [("train-images-idx3-ubyte.gz", images), ("t10k-images-idx3-ubyte.gz", images), ("train-labels-idx1-ubyte.gz", labels), ("t10k-labels-idx1-ubyte.gz", labels)] {
            try Data(bytes).write(to: folder.appending(path: name))
        }
        let check = try peak(["data", "check", folder.path])
        #expect(check.status == 0)
        #expect(check.bytes < 1_200_000_000, "data check took \(check.bytes >> 20) MB")
        let training = try peak(["run", "training", "-q", "--set", "data=\(folder.path)", "--set", "iters_num=1", "--set", "batch_size=10", "--outputs", "b2"])
        #expect(training.status == 0)
        #expect(training.bytes < 1_200_000_000, "training took \(training.bytes >> 20) MB")
    }
}
