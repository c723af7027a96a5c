import Gzip
import Foundation
import Harness
import LessonCatalog
import LessonKit
import Testing

/// Every kind of damaged fixture is refused with one line naming the file.
struct FixtureStoreTests {
    enum Damage: String, CaseIterable, Sendable {
        case truncated, bitFlipped, empty, notGzip, wrongCRC, oversized, bomb, notJSON, wrongSchemaVersion, wrongShape, wrongLesson,
            directory
    }

    @Test(arguments: Damage.allCases)
    func damagedFixturesAreRefusedNamingTheFile(_ damage: Damage) throws {
        let scratch = try ScratchFixtures()
        let good = try scratch.bytes("gradient")
        switch damage {
        case .truncated: try scratch.write("gradient", Array(good.prefix(good.count / 2)))
        case .bitFlipped:
            var bytes = good
            bytes[bytes.count / 2] ^= 0x10
            try scratch.write("gradient", bytes)
        case .empty: try scratch.write("gradient", [])
        case .notGzip: try scratch.write("gradient", Gzip.decompress(good))
        case .wrongCRC:
            var bytes = good
            bytes[bytes.count - 8] ^= 0xff
            try scratch.write("gradient", bytes)
        case .oversized: try scratch.write("gradient", [UInt8](repeating: 0x1f, count: FixtureStore.fileLimit + 1))
        case .bomb: try scratch.write("gradient", Gzip.compress([UInt8](repeating: 0x20, count: Gzip.decodedLimit + 1)))
        case .notJSON: try scratch.write("gradient", Gzip.compress(Array("schema: 1\n".utf8)))
        case .wrongSchemaVersion: try scratch.editText("gradient") { $0.replacingFirst("\"schema\": 1", with: "\"schema\": 2") }
        case .wrongShape:
            try scratch.editText("gradient") { $0.replacingFirst("\"values\": [14.0, 6.0, 10.0]", with: "\"values\": [14.0, 6.0]") }
        case .wrongLesson:
            try scratch.editText("gradient") { $0.replacingFirst("\"lesson\": \"gradient\"", with: "\"lesson\": \"descent\"") }
        case .directory:
            try FileManager.default.removeItem(at: scratch.url("gradient"))
            try FileManager.default.createDirectory(at: scratch.url("gradient"), withIntermediateDirectories: false)
        }
        #expect {
            _ = try scratch.store.load("gradient")
        } throws: { error in
            let text = "\(error)"
            return error is FixtureError && text.contains("gradient.json.gz") && !text.contains("\n")
        }
        let report = try scratch.store.verify(["gradient"])
        #expect(!report.passed)
        #expect(report.hasDamagedFixture)
    }

    @Test func saveIsAtomicAndLeavesNoTemporaryFiles() throws {
        let scratch = try ScratchFixtures()
        let fixture = try #require(try scratch.store.load("gradient"))
        try scratch.store.save(fixture)
        let names = try FileManager.default.contentsOfDirectory(atPath: scratch.directory.path).sorted()
        // The committed fixtures, nothing more: no temporary file is left beside them.
        #expect(names == LessonCatalog.registry.ids.map { $0 + FixtureStore.suffix }.sorted())
        #expect(try scratch.store.load("gradient") == fixture)
    }

    @Test func nonFiniteExpectedValuesRoundTrip() throws {
        let scratch = try ScratchFixtures()
        let fixture = try #require(try scratch.store.load("descent"))
        let diverging = try #require(fixture.cases.first { $0.name.contains("1e200") })
        let x = try #require(diverging.outputs.first { $0.0 == "x" }?.1.value)
        #expect(x.scalars.contains { !$0.isFinite })
    }
}
