import Foundation
import Testing

@testable import FileAccess

#if canImport(Glibc)
    import Glibc
#endif

/// `SafeWrite` replaces regular files only, follows symlinks, and cleans up
/// after writers that were killed.
struct SafeWriteTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appending(path: "lessons-safewrite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder.appending(path: name).path }

    func cleanUp() { try? FileManager.default.removeItem(at: folder) }

    @Test func writesANewFileAndReplacesAnOldOneKeepingItsMode() throws {
        defer { cleanUp() }
        try SafeWrite.write(Array("one".utf8), to: path("a.txt"))
        #expect(try String(contentsOfFile: path("a.txt"), encoding: .utf8) == "one")
        chmod(path("a.txt"), 0o640)
        try SafeWrite.write(Array("two".utf8), to: path("a.txt"))
        #expect(try String(contentsOfFile: path("a.txt"), encoding: .utf8) == "two")
        let mode = try FileManager.default.attributesOfItem(atPath: path("a.txt"))[.posixPermissions] as? Int
        #expect(mode == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.txt"])
    }

    @Test func refusesADirectoryADeviceAFIFOAndASocket() throws {
        defer { cleanUp() }
        #expect(throws: SafeWrite.Failure(path: folder.path, reason: "it is a directory, not a regular file")) {
            try SafeWrite.write([1], to: folder.path)
        }
        #expect(throws: SafeWrite.Failure(path: "/dev/null", reason: "it is a device, not a regular file")) {
            try SafeWrite.write([1], to: "/dev/null")
        }
        #expect(mkfifo(path("fifo"), 0o600) == 0)
        #expect(throws: SafeWrite.Failure(path: path("fifo"), reason: "it is a FIFO (named pipe), not a regular file")) {
            try SafeWrite.write([1], to: path("fifo"))
        }
        let socketPath = path("socket")
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (i, byte) in socketPath.utf8.prefix(buffer.count - 1).enumerated() { buffer[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
        #expect(throws: SafeWrite.Failure(path: socketPath, reason: "it is a socket, not a regular file")) {
            try SafeWrite.write([1], to: socketPath)
        }
        #expect(throws: SafeWrite.Failure(path: path("none/x"), reason: "its folder '\(path("none"))' does not exist")) {
            try SafeWrite.write([1], to: path("none/x"))
        }
        // Nothing was left behind by the refusals.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["fifo", "socket"])
    }

    @Test func followsASymlinkToARegularFileAndRefusesOtherLinks() throws {
        defer { cleanUp() }
        try Data("old".utf8).write(to: URL(filePath: path("target.txt")))
        try FileManager.default.createSymbolicLink(atPath: path("link.txt"), withDestinationPath: "target.txt")
        try SafeWrite.write(Array("new".utf8), to: path("link.txt"))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: path("link.txt")) == "target.txt")
        #expect(try String(contentsOfFile: path("target.txt"), encoding: .utf8) == "new")
        try FileManager.default.createSymbolicLink(atPath: path("dangling"), withDestinationPath: "missing")
        #expect(throws: SafeWrite.Failure(path: path("dangling"), reason: "it is a symlink to a file that does not exist")) {
            try SafeWrite.write([1], to: path("dangling"))
        }
        try FileManager.default.createSymbolicLink(atPath: path("to-null"), withDestinationPath: "/dev/null")
        #expect(throws: SafeWrite.Failure(path: path("to-null"), reason: "it is a device, not a regular file")) {
            try SafeWrite.write([1], to: path("to-null"))
        }
    }

    @Test func aKilledWritersTemporaryFileIsListedAndRemovedByTheNextWrite() throws {
        defer { cleanUp() }
        // pid 2^31 - 1 is above any pid Linux hands out: its writer is gone.
        let stale = ".a.txt\(SafeWrite.partialMarker)2147483647"
        let live = ".b.txt\(SafeWrite.partialMarker)\(getppid())"
        try Data([1]).write(to: URL(filePath: path(stale)))
        try Data([1]).write(to: URL(filePath: path(live)))
        #expect(SafeWrite.temporaryFiles(in: folder.path) == [stale, live].sorted())
        try SafeWrite.write([2], to: path("a.txt"))
        #expect(SafeWrite.temporaryFiles(in: folder.path) == [live])
        #expect(SafeWrite.removeStaleTemporaryFiles(in: folder.path).isEmpty)  // its writer still runs
    }
}
