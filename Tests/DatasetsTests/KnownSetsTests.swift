import Foundation
import Testing

@testable import Datasets

struct KnownSetsTests {
    /// The compiled-in sums and sizes of the embedded files are those `sha256sum` and the file system give.
    @Test func embeddedSumsMatchTheCommittedFiles() throws {
        for file in KnownSet.embedded.files {
            let bytes = try readBytes(embeddedSource + "/" + file.name)
            #expect(bytes.count == file.size, "\(file.name)")
        }
        let sums = try String(contentsOfFile: embeddedSource + "/SHA256SUMS", encoding: .utf8)
        let listed = sums.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        #expect(listed.map { $0[1] } == KnownSet.embedded.files.map(\.name))
        #expect(listed.map { $0[0] } == KnownSet.embedded.files.map(\.sha256))
    }

    @Test func everySetListsTheFourFilesInOrder() {
        for set in KnownSet.all {
            #expect(set.files.map(\.name) == DataFile.allCases.map { $0.stem + ".gz" })
            #expect(set.files.allSatisfy { $0.sha256.count == 64 && $0.sha256.allSatisfy(\.isHexDigit) })
            #expect(set.classNames.count == 10)
        }
    }

    @Test func namesAFolderMayUse() {
        #expect(
            DataFile.testImages.candidates == [
                "t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte", "t10k-images.idx3-ubyte.gz",
            ])
    }

    @Test func theCacheFolderFollowsTheEnvironment() throws {
        #expect(try DataLocation.mnistFolder(environment: ["LESSONS_DATA": "/d", "XDG_CACHE_HOME": "/c", "HOME": "/h"]) == "/d/mnist")
        #expect(
            try DataLocation.mnistFolder(environment: ["LESSONS_DATA": "", "XDG_CACHE_HOME": "/c/", "HOME": "/h"]) == "/c/lessons/mnist")
        #expect(try DataLocation.mnistFolder(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"]) == "/h/.cache/lessons/mnist")
        #expect(throws: DataError.noCacheFolder) { try DataLocation.mnistFolder(environment: [:]) }
    }

    @Test func theEmbeddedFolderIsFound() {
        let (folder, searched) = DataLocation.embeddedFolder()
        #expect(folder != nil)
        #expect(searched.count >= 2)
        #expect(searched.last == embeddedSource)
        let name = KnownSet.embedded.files[0].name
        #expect(DataLocation.firstFolder(holding: name, in: ["/nonexistent", embeddedSource]) == embeddedSource)
        // Neither place holds it: no folder, and the error names where it looked.
        #expect(DataLocation.firstFolder(holding: name, in: ["/nonexistent", "/"]) == nil)
        #expect(
            DataError.embeddedMissing(searched: ["/nonexistent", "/"]).description
                == "the embedded data set is missing (looked in /nonexistent, /): keep lessons_EmbeddedMNIST.resources beside the lessons binary, or rebuild the package")
    }
}
