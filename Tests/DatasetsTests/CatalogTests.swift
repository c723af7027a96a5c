import Foundation
import Testing

@testable import Datasets

struct CatalogTests {
    @Test func statesOfFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.copyEmbedded(except: ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"])
        try folder.write("t10k-labels-idx1-ubyte", IDX.encode(labels: [1]))
        let status = SourceStatus.status(.mnist, .embedded, folder.path, why: "test")
        #expect(status.files.map(\.state) == [.verified, .verified, .missing, .unknownChecksum])
        #expect(status.files[3].path == folder.file("t10k-labels-idx1-ubyte"))
        #expect(!status.isVerified)
        try folder.copyEmbedded(except: ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"])
        try FileManager.default.removeItem(atPath: folder.file("t10k-labels-idx1-ubyte"))
        #expect(SourceStatus.status(.mnist, .embedded, folder.path, why: "test").isVerified)
    }

    @Test func theThreeSourcesAreListed() {
        let all = SourceStatus.all(environment: ["LESSONS_DATA": "/nonexistent"])
        #expect(all.map(\.source) == [.embedded, .mnist, .fashionMNIST])
        #expect(all[0].isVerified)
        #expect(all[1].folder == "/nonexistent/mnist")
        #expect(all[1].files.allSatisfy { $0.state == .missing })
    }
}
