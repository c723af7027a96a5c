import FileAccess
import Foundation
import Testing

struct FilesTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("file-access-\(UUID().uuidString)").path

    init() throws { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }

    @Test func readsARegularFileUpToItsLimit() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/a"
        try Data([7, 8, 9]).write(to: URL(fileURLWithPath: path))
        #expect(try Files.read(path, limit: 3) == [7, 8, 9])
        #expect(throws: Files.Failure.tooLarge(size: 3)) { try Files.read(path, limit: 2) }
        // Through a symbolic link: what counts is the file it names.
        try FileManager.default.createSymbolicLink(atPath: folder + "/link", withDestinationPath: path)
        #expect(try Files.read(folder + "/link", limit: 3) == [7, 8, 9])
    }

    @Test func refusesWhatIsNotARegularFile() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: Files.Failure.missing) { try Files.read(folder + "/none", limit: 10) }
        try Data([1]).write(to: URL(fileURLWithPath: folder + "/file"))
        #expect(throws: Files.Failure.missing) { try Files.read(folder + "/file/below", limit: 10) }
        #expect(throws: Files.Failure.notRegularFile(kind: "a directory")) { try Files.read(folder, limit: 10) }
        #expect(throws: Files.Failure.notRegularFile(kind: "a device")) { try Files.read("/dev/zero", limit: 10) }
        #expect(mkfifo(folder + "/fifo", 0o600) == 0)
        #expect(throws: Files.Failure.notRegularFile(kind: "a FIFO (named pipe)")) { try Files.read(folder + "/fifo", limit: 10) }
        #expect(Files.kind(folder) == .directory)
        #expect(Files.kind(folder + "/none") == .none)
        #expect(Files.kind("/dev/zero") == .other)
    }

    @Test func readsToTheEndWhateverSizeTheFileClaims() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Files under /proc say they hold 0 bytes.
        let status = String(decoding: try Files.read("/proc/self/status", limit: 1 << 20), as: UTF8.self)
        #expect(status.hasPrefix("Name:"))
        #expect {
            try Files.read("/proc/self/status", limit: 10)
        } throws: { error in
            guard case .tooLarge(let size) = error as? Files.Failure else { return false }
            return size == status.utf8.count
        }
    }

    @Test(.enabled(if: getuid() != 0, "root reads any file"))
    func namesWhyItCannotRead() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/secret"
        try Data([1]).write(to: URL(fileURLWithPath: path))
        #expect(chmod(path, 0) == 0)
        #expect(throws: Files.Failure.unreadable(reason: "Permission denied")) { try Files.read(path, limit: 10) }
    }
}
