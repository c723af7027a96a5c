import FileAccess
import Foundation
import Testing

@testable import Datasets

struct FilesTests {
    @Test func readsRegularFilesOnly() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("a", [1, 2, 3])
        #expect(try Files.readData(folder.file("a"), limit: 3) == [1, 2, 3])
        #expect(throws: DataError.tooLarge(file: folder.file("a"), limit: 2)) { try Files.readData(folder.file("a"), limit: 2) }
        #expect(throws: DataError.notRegularFile(folder.path)) { try Files.readData(folder.path, limit: 10) }
        #expect(throws: DataError.notRegularFile("/dev/null")) { try Files.readData("/dev/null", limit: 10) }
        #expect(throws: DataError.unreadable(file: folder.file("b"), reason: "no such file")) {
            try Files.readData(folder.file("b"), limit: 10)
        }
        guard case .regular(let size, _, _) = Files.kind(folder.file("a")) else {
            Issue.record("a regular file is not seen as one")
            return
        }
        #expect(size == 3)
        #expect(Files.isDirectory(folder.path))
    }
}
