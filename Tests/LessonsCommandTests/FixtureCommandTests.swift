import Foundation
import Gzip
import Harness
import LessonCatalog
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `lessons verify` and `lessons record`, through the built binary.
@Suite(.serialized)
struct FixtureCommandTests {
    /// Where `lessons` reads lesson `id`'s fixture in `directory`.
    func fixture(_ id: String, in directory: URL) -> URL { directory.appending(path: id + FixtureStore.suffix) }

    /// A scratch copy of the package's Fixtures folder.
    func scratchFixtures() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appending(path: "lessons-cli-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: packageRoot.appending(path: "Fixtures"), to: directory)
        return directory
    }

    /// The environments a host may have: none of them changes a default
    /// run's bits, only its speed. Under each, every fixture passes and each
    /// lesson's default run prints the same JSON bytes as with none.
    @Test func noEnvironmentVariableChangesADefaultRunsBits() throws {
        let environments: [[String: String]] = [
            ["OPENBLAS_CORETYPE": "Haswell"], ["OPENBLAS_CORETYPE": "SkylakeX"], ["OPENBLAS_CORETYPE": "Sandybridge"], ["OPENBLAS_CORETYPE": "Zen"],
            ["LESSONS_SIMD": "avx2"], ["LESSONS_SIMD": "portable"], ["NPY_DISABLE_CPU_FEATURES": "AVX512F AVX512_SKX"],
        ]
        let quick = ["derivative", "gradient", "descent", "simplenet", "simplenet-gradient"]
        let plain = try quick.map { try lessons(["run", $0, "--format", "json"]).stdout }
        let small = ["--set", "hidden_size=3", "--set", "batch_size=5"]
        let network = try lessons(["run", "two-layer-net", "--format", "json"] + small).stdout
        for environment in environments {
            let verify = try lessons(["verify", "--brief"], environment: environment)
            #expect(verify.status == 0, "\(environment): \(verify.stdout)\(verify.stderr)")
            for (id, bytes) in zip(quick, plain) {
                #expect(try lessons(["run", id, "--format", "json"], environment: environment).stdout == bytes, "\(id) under \(environment)")
            }
            #expect(try lessons(["run", "two-layer-net", "--format", "json"] + small, environment: environment).stdout == network)
        }
    }

    /// NumPy's order on an AVX2 CPU, on request and on any CPU: the values
    /// NumPy recorded there (Tests/OtherArithmetics/haswell-libm) pass in
    /// that arithmetic and fail in the canonical one, and the other way round.
    @Test func anotherArithmeticIsCheckedAgainstItsOwnFolder() throws {
        let other = packageRoot.appending(path: "Tests/OtherArithmetics/haswell-libm").path
        let fixtures = packageRoot.appending(path: "Fixtures").path
        let ids = ["simplenet", "simplenet-gradient", "two-layer-net", "training", "gradient-check", "layers"]
        for simd in ["", "avx2", "portable"] {
            let own = try lessons(["verify"] + ids + ["--fixtures", other, "--arithmetic", "haswell-libm"], environment: ["LESSONS_SIMD": simd])
            #expect(own.status == 0, "\(simd): \(own.stdout.suffix(600))\(own.stderr)")
        }
        for id in ["two-layer-net", "training", "gradient-check"] {
            let canonicalFile = try lessons(["verify", id, "--arithmetic", "haswell-libm", "--file", fixtures + "/\(id).json.gz"])
            #expect(canonicalFile.status == 1, "\(id): \(canonicalFile.stdout.suffix(300))")
            let otherFile = try lessons(["verify", id, "--file", other + "/\(id).json.gz"])
            #expect(otherFile.status == 1, "\(id): \(otherFile.stdout.suffix(300))")
        }
        // A run says which arithmetic it computed in, and how to run it again.
        let run = try lessons(["run", "simplenet", "--arithmetic", "haswell-libm", "--format", "json"])
        #expect(run.stdout.contains(#""arithmetic":"haswell-libm""#))
        let text = try lessons(["run", "simplenet", "--arithmetic", "haswell-libm", "--seed", "7", "--trace"])
        #expect(text.stdout.contains("# arithmetic: haswell-libm"), "\(text.stdout)")
        #expect(try !lessons(["run", "simplenet", "--format", "json"]).stdout.contains("arithmetic"))
    }

    /// A missing fixture is recorded in the store's arithmetic, and the
    /// package's own folder, which holds the canonical one, takes no other.
    @Test func recordingAnotherArithmeticNeedsAFolderOfItsOwn() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "lessons-arithmetic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = try lessons(["verify", "simplenet", "--fixtures", folder.path, "--arithmetic", "haswell-libm"])
        #expect(missing.status == 1)
        #expect(
            missing.stdout.contains("lessons record simplenet --fixtures \(folder.path) --arithmetic haswell-libm --mode missing\n"),
            "\(missing.stdout)")
        let recorded = try lessons(["record", "simplenet", "--fixtures", folder.path, "--arithmetic", "haswell-libm"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let compare = try lessons(["verify", "simplenet", "--fixtures", folder.path, "--arithmetic", "haswell-libm"])
        #expect(compare.status == 0)
        let refused = try lessons(["record", "simplenet", "--arithmetic", "haswell-libm"], in: packageRoot)
        #expect(refused.status == 64 && refused.stderr.contains("name a folder of their own with --fixtures DIR"), "\(refused.stderr)")
        let plain = try lessons(["verify", "gradient", "--fixtures", folder.path])
        #expect(plain.stdout.contains("lessons record gradient --fixtures \(folder.path) --mode missing\n"), "\(plain.stdout)")
    }

    /// Names from the disk reach a terminal escaped, and whole: a fixtures
    /// folder named with ESC and a newline, 1 100 characters deep, through
    /// verify (report and --brief), record and notebook.
    @Test func namesFromTheDiskAreEscapedAndNotCut() throws {
        let base = FileManager.default.temporaryDirectory.appending(path: "lessons-names-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: base) }
        var deep = base
        for _ in 0..<11 { deep = deep.appending(path: String(repeating: "d", count: 100)) }
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        let folder = deep.appending(path: "fx\u{1B}[7m\nNL")
        try FileManager.default.createDirectory(at: folder.appending(path: "notebook"), withIntermediateDirectories: true)
        for file in ["derivative.json.gz", "notebook/chapter4.txt"] {
            try Data(contentsOf: packageRoot.appending(path: "Fixtures/" + file)).write(to: folder.appending(path: file))
        }
        try Data().write(to: folder.appending(path: "extra\u{1B}]0;T\u{7}.json.gz"))
        let shown = folder.path.replacingOccurrences(of: "\u{1B}", with: "\\u{1b}").replacingOccurrences(of: "\n", with: "\\n")

        let report = try lessons(["verify", "gradient", "--fixtures", folder.path])
        #expect(!report.stdout.contains("\u{1B}") && !report.stdout.contains("\u{7}"))
        #expect(report.stdout.contains("  no fixture \(shown)/gradient.json.gz; create it with: lessons record gradient --fixtures '\(shown)' --mode missing\n"))
        let brief = try lessons(["verify", "--brief", "--fixtures", folder.path])
        #expect(!brief.stdout.contains("\u{1B}") && brief.stdout.contains("extra\\u{1b}]0;T\\u{7}.json.gz\tno lesson owns this fixture"))
        let record = try lessons(["record", "gradient", "--fixtures", folder.path])
        #expect(record.status == 0 && !record.stdout.contains("\u{1B}"))
        #expect(record.stdout.contains("created   \(shown)/gradient.json.gz"), "\(record.stdout)")
        let notebook = try lessons(["notebook", folder.appending(path: "notebook/chapter4.txt").path])
        #expect(notebook.stdout.hasPrefix("\(shown)/notebook/chapter4.txt  (text export, 6 code cells)\n"), "\(notebook.stdout.prefix(300))")
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
        let file = fixture("simplenet", in: directory)
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
        // The advice writes where the fixtures are, not into the package's own folder.
        #expect(missing.stdout.contains("lessons record simplenet --fixtures \(directory.path) --mode missing"), "\(missing.stdout)")
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

    /// record --from numpy waits for the oracle only as long as --timeout
    /// says, and writes nothing when it runs out.
    @Test func recordFromNumPyKeepsToItsTimeout() throws {
        let directory = try scratchFixtures()
        defer { try? FileManager.default.removeItem(at: directory) }
        let hang = directory.appending(path: "hang.sh")
        try Data("#!/bin/sh\nexec sleep 60\n".utf8).write(to: hang)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hang.path)
        let before = try Data(contentsOf: directory.appending(path: "derivative.json.gz"))
        let start = Date()
        let outcome = try lessons(
            "record", "derivative", "--fixtures", directory.path, "--mode", "all", "--from", "numpy", "--timeout", "1",
            environment: ["LESSONS_PYTHON": hang.path])
        #expect(outcome.status == 65)
        #expect(outcome.stderr.hasPrefix("error: the NumPy oracle took over 1.0 s"), "\(outcome.stderr)")
        #expect(Date().timeIntervalSince(start) < 30)
        #expect(try Data(contentsOf: directory.appending(path: "derivative.json.gz")) == before)
        #expect(try lessons("record", "--timeout", "0").status == 64)
        // An empty --file would name the current folder.
        let empty = try lessons("verify", "gradient", "--file", "")
        #expect(empty.status == 64 && empty.stderr.contains("--file needs a path"))
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

    @Test func recordFollowsASymlinkedFixtureAndRefusesASpecialFile() throws {
        let directory = try scratchFixtures()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appending(path: "gradient.json.gz")
        let elsewhere = directory.appending(path: "kept/gradient.json.gz")
        try FileManager.default.createDirectory(at: elsewhere.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: file, to: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: "kept/gradient.json.gz")
        try Data([0x1f, 0x8b]).write(to: elsewhere)
        // A damaged target is refused untouched; a missing one is recreated through the link.
        #expect(try lessons("record", "gradient", "--mode", "all", "--fixtures", directory.path).status == 65)
        try FileManager.default.removeItem(at: elsewhere)
        // A link to nothing is a damaged fixture: verify says so (not "record it"), and record leaves it.
        let danglingVerify = try lessons("verify", "gradient", "--fixtures", directory.path)
        #expect(danglingVerify.status == 65 && !danglingVerify.stdout.contains("create it with"), "\(danglingVerify.stdout)")
        #expect(danglingVerify.stderr.contains("gradient.json.gz: cannot read: it is a symlink to a file that does not exist"))
        let dangling = try lessons("record", "gradient", "--fixtures", directory.path)
        #expect(dangling.status == 65)
        #expect(dangling.stderr.contains("gradient.json.gz: cannot read: it is a symlink to a file that does not exist; refusing to overwrite it"))
        try FileManager.default.copyItem(at: packageRoot.appending(path: "Fixtures/gradient.json.gz"), to: elsewhere)
        var tampered = Array(try Data(contentsOf: elsewhere))
        tampered[4] = 1  // MTIME: not content, so record leaves the file alone
        try Data(tampered).write(to: elsewhere)
        #expect(try lessons("record", "gradient", "--mode", "all", "--fixtures", directory.path).stdout.hasPrefix("unchanged"))
        // A changed value is rewritten through the link, which stays a link.
        let text = String(decoding: try Gzip.decompress(tampered), as: UTF8.self)
        try Data(Gzip.compress(Array(text.replacingOccurrences(of: "6.000000000021544", with: "6.5").utf8))).write(to: elsewhere)
        let outcome = try lessons("record", "gradient", "--mode", "failed", "--fixtures", directory.path)
        #expect(outcome.status == 0)
        #expect(outcome.stdout.hasPrefix("updated"))
        #expect(
            Array(try Data(contentsOf: elsewhere)) == Array(try Data(contentsOf: packageRoot.appending(path: "Fixtures/gradient.json.gz"))))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: file.path) == "kept/gradient.json.gz")
        #expect(try lessons("verify", "gradient", "--fixtures", directory.path).status == 0)
        // A link out of the fixtures folder is never written through: the file it points to stays as it is.
        let outside = FileManager.default.temporaryDirectory.appending(path: "lessons-outside-\(UUID().uuidString).json.gz")
        defer { try? FileManager.default.removeItem(at: outside) }
        let changed = Array(Gzip.compress(Array(text.replacingOccurrences(of: "6.000000000021544", with: "6.5").utf8)))
        try Data(changed).write(to: outside)
        try FileManager.default.removeItem(at: file)
        try FileManager.default.createSymbolicLink(atPath: file.path, withDestinationPath: outside.path)
        let leaving = try lessons("record", "gradient", "--mode", "failed", "--fixtures", directory.path)
        #expect(leaving.status == 73, "\(leaving.stderr)")
        #expect(leaving.stderr.contains("outside the fixtures folder; record writes only inside it"), "\(leaving.stderr)")
        #expect(Array(try Data(contentsOf: outside)) == changed)
        // A FIFO where a fixture should be is refused, not waited on.
        try FileManager.default.removeItem(at: file)
        #expect(mkfifo(file.path, 0o600) == 0)
        let fifo = try lessons("verify", "gradient", "--fixtures", directory.path)
        #expect(fifo.status == 65)
        #expect(fifo.stderr.contains("gradient.json.gz: cannot read: it is a FIFO (named pipe), not a fixture file"))
    }

    @Test func anInterruptedWritesTemporaryFileIsReportedThenRemoved() throws {
        let directory = try scratchFixtures()
        defer { try? FileManager.default.removeItem(at: directory) }
        let stale = directory.appending(path: ".gradient.json.gz.lessons-partial-2147483647")
        try Data([1, 2, 3]).write(to: stale)
        let verified = try lessons("verify", "--fixtures", directory.path)
        #expect(verified.status == 0)
        #expect(verified.stdout.contains(".gradient.json.gz.lessons-partial-2147483647  stale temporary file of an interrupted write"))
        let recorded = try lessons("record", "--fixtures", directory.path)
        #expect(recorded.status == 0)
        #expect(recorded.stdout.contains("removed   "))
        #expect(!FileManager.default.fileExists(atPath: stale.path))
    }

    @Test func verifyChecksCandidateFilesOneLineEach() throws {
        let directory = try scratchFixtures()
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = directory.appending(path: "gradient.json.gz").path
        let wrong = directory.appending(path: "descent.json.gz").path
        let outcome = try lessons("verify", "gradient", "--brief", "--file", good, "--file", wrong, "--file", "/nonexistent.json.gz")
        #expect(outcome.status == 65)
        let lines = outcome.stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        // A named file that is not there cannot be read, like a damaged one.
        #expect(lines.map { $0[0] } == ["0", "65", "65"])
        #expect(lines[2][2] == "/nonexistent.json.gz: cannot read: no such file")
        // gradient's 6 fixture cases and the book's 3 gradients of x0^2 + x1^2.
        #expect(lines[0][2] == "9 cases passed, 0 failed, 0 not reproducible")
        #expect(lines[1][2].hasSuffix("descent.json.gz: holds lesson \"descent\", not \"gradient\""))
        let refused = try lessons("verify", "--file", good)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--file needs exactly one lesson id"))
    }
}
