import Checksums
import FileAccess
import Foundation
import Synchronization
import Testing

@testable import Datasets

/// Downloads from a server on 127.0.0.1, with the embedded files standing in
/// for MNIST's (their sums are known; MNIST's bytes are not in the package).
struct FetchTests {
    let set = KnownSet.embedded

    func body(_ name: String) -> [UInt8] { (try? readBytes(embeddedSource + "/" + name)) ?? [] }

    @Test func downloadsChecksAndRenamesIntoPlace() throws {
        let server = try LoopbackServer { path in .init(body: self.body(String(path.dropFirst("/mirror/".count)))) }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let reports = ProgressLog()
        let outcomes = try Fetch.fetch(set, from: server.base + "mirror", into: folder.file("cache/mnist"), timeout: 5) { reports.add($0) }
        #expect(outcomes == set.files.map { .downloaded(path: folder.file("cache/mnist/\($0.name)"), bytes: $0.size) })
        #expect(server.requests.withLock { $0 } == set.files.map { "/mirror/\($0.name)" })
        for file in set.files { #expect(try readBytes(folder.file("cache/mnist/\(file.name)")) == body(file.name)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("cache/mnist")).sorted() == set.files.map(\.name).sorted())
        // The last report of each file is complete.
        let last = reports.all.last { $0.file == set.files[0].name }
        #expect(last?.received == set.files[0].size && last?.total == set.files[0].size)
        // A second fetch finds everything verified and downloads nothing.
        let again = try Fetch.fetch(set, from: server.base + "mirror", into: folder.file("cache/mnist"), timeout: 5)
        #expect(again == set.files.map { .alreadyPresent(path: folder.file("cache/mnist/\($0.name)")) })
        #expect(server.requests.withLock { $0.count } == 4)
        // And the folder loads as the source it was fetched for.
        let data = try DataSet.load(folder: folder.file("cache/mnist"), name: "mnist", expected: set, hint: "", strict: false)
        #expect(data.notes.isEmpty && data.train.count == 4000)
    }

    @Test func aTruncatedDownloadLeavesNothing() throws {
        let server = try LoopbackServer { path in
            let full = self.body(String(path.dropFirst()))
            return .init(body: Array(full.prefix(full.count / 2)), declaredLength: full.count)
        }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(throws: DataError.self) { try Fetch.fetch(set, from: server.base, into: folder.path, timeout: 5) }
        #expect(folder.names().isEmpty)
    }

    @Test func aWrongChecksumIsRefused() throws {
        // The right length, one byte changed.
        let server = try LoopbackServer { path in
            var bytes = self.body(String(path.dropFirst()))
            bytes[bytes.count / 2] ^= 1
            return .init(body: bytes)
        }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let first = set.files[0]
        var changed = body(first.name)
        changed[changed.count / 2] ^= 1
        #expect(throws: DataError.checksumMismatch(file: server.base + first.name, expected: first.sha256, found: SHA256.hash(changed))) {
            try Fetch.fetch(set, from: server.base, into: folder.path, timeout: 5)
        }
        #expect(folder.names().isEmpty)
    }

    /// A server that sends a few bytes at a time never falls silent, yet
    /// would take days: below 1 KiB a second for the timeout, it fails.
    @Test func aServerThatCrawlsFailsAfterTheTimeout() throws {
        let server = try LoopbackServer { path in .init(body: self.body(String(path.dropFirst())), trickle: .milliseconds(200)) }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let start = Date()
        #expect {
            try Fetch.fetch(set, from: server.base, into: folder.path, timeout: 2)
        } throws: { "\($0)".contains("download failed") }
        #expect(Date().timeIntervalSince(start) < 15)
        #expect(folder.names().isEmpty)
    }

    /// A server that keeps above the 1 KiB/s floor (4 KiB/s here) but would
    /// take many minutes over a file fails at the file's deadline: the
    /// timeout plus its size at the slowest whole rate (here set so that the
    /// deadline is 3 s).
    @Test func aServerAboveTheFloorStillMeetsADeadline() throws {
        let server = try LoopbackServer { path in
            .init(body: self.body(String(path.dropFirst())), trickle: .milliseconds(250), trickleBytes: 1024)
        }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let size = Double(set.files[0].size)
        let start = Date()
        #expect {
            try Fetch.fetch(set, from: server.base, into: folder.path, timeout: 1, slowest: size / 2)
        } throws: { "\($0)".contains("download failed") }
        let seconds = Date().timeIntervalSince(start)
        #expect(seconds > 2.5 && seconds < 10, "\(seconds) s")
        #expect(folder.names().isEmpty)
        #expect(Fetch.deadline(for: 9_912_422, timeout: 60) == 60 + 9_912_422 / 16_384.0)
    }

    @Test func aLongerFileIsCutOffAndRefused() throws {
        let server = try LoopbackServer { path in .init(body: self.body(String(path.dropFirst())) + [UInt8](repeating: 0, count: 100_000)) }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(throws: DataError.self) { try Fetch.fetch(set, from: server.base, into: folder.path, timeout: 5) }
        #expect(folder.names().isEmpty)
    }

    @Test(arguments: [500, 404, 403]) func aServerErrorIsReported(status: Int) throws {
        let server = try LoopbackServer { _ in .init(status: status, body: Array("no".utf8)) }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(throws: DataError.httpStatus(url: server.base + set.files[0].name, status: status)) {
            try Fetch.fetch(set, from: server.base, into: folder.path, timeout: 5)
        }
        #expect(folder.names().isEmpty)
    }

    @Test func nobodyListeningIsADownloadFailure() throws {
        // A port bound but not listening refuses connections, and stays ours while the test runs.
        let port = try ReservedPort()
        defer { port.close() }
        let base = "http://127.0.0.1:\(port.number)/"
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        do {
            _ = try Fetch.fetch(set, from: base, into: folder.path, timeout: 5)
            Issue.record("a fetch from a closed port succeeded")
        } catch {
            guard case .downloadFailed(let url, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(url == base + set.files[0].name)
            #expect(error.exitStatus == 69)
        }
        #expect(folder.names().isEmpty)
    }

    @Test func redirectsAreFollowed() throws {
        let server = try LoopbackServer { path in
            path.hasPrefix("/old/")
                ? .init(status: 302, location: "/new/" + path.dropFirst("/old/".count))
                : .init(body: self.body(String(path.dropFirst("/new/".count))))
        }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let outcomes = try Fetch.fetch(set, from: server.base + "old", into: folder.path, timeout: 5)
        #expect(outcomes == set.files.map { .downloaded(path: folder.file($0.name), bytes: $0.size) })
        #expect(server.requests.withLock { $0 }.count == 8)
    }

    /// A redirect to a closed port fails as a download (69) naming libcurl's
    /// reason, not as the redirect's status.
    @Test func aRedirectThatFailsIsADownloadFailure() throws {
        let port = try ReservedPort()
        defer { port.close() }
        let server = try LoopbackServer { _ in .init(status: 302, location: "http://127.0.0.1:\(port.number)/gone") }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        do {
            _ = try Fetch.fetch(set, from: server.base, into: folder.path, timeout: 5)
            Issue.record("a fetch redirected to a closed port succeeded")
        } catch {
            guard case .downloadFailed(_, let reason) = error else {
                Issue.record("expected a download failure, got \(error)")
                return
            }
            #expect(!reason.isEmpty && error.exitStatus == 69)
        }
        #expect(folder.names().isEmpty)
    }

    @Test func refusesBadAddressesAndNonFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(throws: DataError.badURL("ftp://example/")) { try Fetch.fetch(set, from: "ftp://example/", into: folder.path) }
        #expect(throws: DataError.badURL("mirror")) { try Fetch.fetch(set, from: "mirror", into: folder.path) }
        try FileManager.default.createDirectory(atPath: folder.file(set.files[0].name), withIntermediateDirectories: false)
        #expect(throws: DataError.cannotWrite(path: folder.file(set.files[0].name), reason: "not a regular file")) {
            try Fetch.fetch(set, from: "http://127.0.0.1:9/", into: folder.path)
        }
        try folder.write("plain", [1])
        #expect(throws: DataError.cannotWrite(path: folder.file("plain"), reason: "not a folder")) {
            try Fetch.fetch(set, from: "http://127.0.0.1:9/", into: folder.file("plain"))
        }
    }

    @Test func abandonedPartialFilesAreCleared() throws {
        let server = try LoopbackServer { path in .init(body: self.body(String(path.dropFirst()))) }
        defer { server.stop() }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // No process has pid 2^22 + 1 here (Linux caps pids at 2^22); the running test's own pid counts as alive.
        try folder.write(".\(set.files[1].name)\(SafeWrite.partialMarker)4194305", [9, 9])
        _ = try Fetch.fetch(set, from: server.base, into: folder.path, timeout: 5)
        #expect(folder.names() == set.files.map(\.name).sorted())
    }
}

/// The progress reports a fetch made.
final class ProgressLog: Sendable {
    private let reports = Mutex<[Fetch.Progress]>([])
    func add(_ progress: Fetch.Progress) { reports.withLock { $0.append(progress) } }
    var all: [Fetch.Progress] { reports.withLock { $0 } }
}
