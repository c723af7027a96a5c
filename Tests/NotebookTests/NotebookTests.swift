import Foundation
import LessonKit
import Notebook
import Testing

struct NotebookTests {
    @Test func bothPackagedFormsHoldTheSameCellsAndOutputs() throws {
        let text = try Notebook(contentsOf: packagedText)
        let ipynb = try Notebook(contentsOf: packagedIpynb)
        #expect(text.format == .text && ipynb.format == .ipynb)
        #expect(text.cells == ipynb.cells)
        #expect(text.codeCells.map(\.executionCount) == [262, 263, 264, 265, 369, 372])
        #expect(text.cells.filter { $0.kind == .markdown }.count == 4)
    }

    @Test func thePackagedIpynbIsTheOneBuiltFromTheTextExport() throws {
        #expect(try Notebook(contentsOf: packagedText).ipynb == packagedIpynbContents())
    }

    @Test func thePackagedTextExportIsTheSeedsVerbatim() throws {
        // The first and last lines of the notebook as its author exported it.
        let text = try packagedTextContents()
        #expect(text.hasPrefix("## 求导和梯度\n\nIn [262]:\nimport numpy as np\n"))
        #expect(text.hasSuffix(" [ 0.82302452  0.50197766  1.4669881 ]]\n1.9870735326459652\n"))
    }

    /// A damaged file and the one line it is refused with.
    static let damaged: [(name: String, make: @Sendable () throws -> [UInt8], says: String)] = [
        ("bad JSON", { Array(try packagedIpynbContents().replacingFirst("\"cells\": [", with: "\"cells\" [").utf8) }, "not valid JSON"),
        (
            "nbformat 3", { Array(try packagedIpynbContents().replacingFirst("\"nbformat\": 4,", with: "\"nbformat\": 3,").utf8) },
            "nbformat 3 is not supported"
        ),
        (
            "nbformat as text",
            { Array(try packagedIpynbContents().replacingFirst("\"nbformat\": 4,", with: "\"nbformat\": \"4\",").utf8) },
            "nbformat \"4\" is not supported"
        ),
        ("no nbformat", { Array(try packagedIpynbContents().replacingFirst("\"nbformat\": 4,", with: "").utf8) }, "nbformat missing"),
        ("truncated ipynb", { Array(try packagedIpynbContents().utf8.prefix(4000)) }, "truncated"),
        ("truncated text export", { Array(try packagedTextContents().utf8.prefix(3320)) }, "In [372] prints"),
        (
            "a cell source of the wrong type",
            { Array(try packagedIpynbContents().replacingFirst("\"source\": [\"import numpy as np\"]", with: "\"source\": 5").utf8) },
            "cell 2: \"source\" must be"
        ),
        (
            "a count that is not a count",
            { Array(try packagedIpynbContents().replacingFirst("\"execution_count\": 262", with: "\"execution_count\": true").utf8) },
            "\"execution_count\" must be"
        ),
        (
            "a count too large for a double",
            { Array(try packagedIpynbContents().replacingFirst("\"execution_count\": 262", with: "\"execution_count\": 1e400").utf8) },
            "too large for a double"
        ),
        ("deep nesting", { Array(("{\"cells\": " + String(repeating: "[", count: 100_000)).utf8) }, "nesting deeper than 64"),
        (
            "binary junk",
            {
                var rng = RandomState(seed: 12)
                return (0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.nextUInt32()) }
            }, "not a notebook"
        ),
        ("invalid UTF-8", { Array("In [1]:\nx = 1\n".utf8) + [0xC3, 0x28] }, "not UTF-8"),
        ("empty", { Array("  \n\n".utf8) }, "empty file"),
        ("plain prose", { Array("Some notes on chapter 4.\n".utf8) }, "no 'In [N]:' line"),
        ("an absurd count in a text export", { Array("In [99999999999999999999]:\nx = 1\n".utf8) }, "out of range"),
        (
            "too many cells in a text export", { Array(String(repeating: "In [1]:\nx\n", count: Notebook.cellLimit + 1).utf8) },
            "10001 code cells"
        ),
        (
            "too many cells in an ipynb",
            {
                let cell = "{\"cell_type\": \"raw\", \"source\": \"\"}"
                let cells = Array(repeating: cell, count: Notebook.cellLimit + 1).joined(separator: ",")
                return Array("{\"nbformat\": 4, \"cells\": [\(cells)]}".utf8)
            }, "10001 cells, more than"
        ),
    ]

    @Test(arguments: damaged.indices)
    func aDamagedFileIsRefusedWithOneLine(_ index: Int) throws {
        let (name, make, says) = Self.damaged[index]
        let scratch = try Scratch()
        let url = try scratch.write("damaged", try make())
        #expect(throws: NotebookError.self, "\(name)") { try Notebook(contentsOf: url, name: "damaged") }
        do {
            _ = try Notebook(contentsOf: url, name: "damaged")
        } catch {
            #expect(error.description.hasPrefix("damaged: "), "\(name): \(error)")
            #expect(error.description.contains(says), "\(name): \(error)")
            #expect(!error.description.contains("\n") && error.description.count < 200, "\(name): \(error)")
            #expect(error.isDamage, "\(name)")
        }
    }

    @Test func aFileOverTheLimitIsRefusedBeforeItIsRead() throws {
        let scratch = try Scratch()
        let url = try scratch.write("huge.ipynb", [])
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(Notebook.fileLimit + 1))  // sparse: nothing is written
        try handle.close()
        #expect(throws: NotebookError.tooLarge(file: "huge.ipynb", size: Notebook.fileLimit + 1, limit: Notebook.fileLimit)) {
            try Notebook(contentsOf: url, name: "huge.ipynb")
        }
    }

    @Test func aMissingFileOrAFolderIsABadPathNotDamage() throws {
        let scratch = try Scratch()
        let missing = scratch.directory.appending(path: "absent.ipynb")
        #expect(throws: NotebookError.notFound(file: "absent.ipynb")) { try Notebook(contentsOf: missing, name: "absent.ipynb") }
        #expect(throws: NotebookError.notAFile(file: "folder")) { try Notebook(contentsOf: scratch.directory, name: "folder") }
        #expect(!NotebookError.notFound(file: "x").isDamage)
    }

    @Test func aNotebookOfMegabytesOfEscapesIsReadInLinearTime() throws {
        // 3 MB of "\n" escapes in one source string: a quadratic reader takes minutes.
        var json = try packagedIpynbContents()
        json = json.replacingFirst(
            "\"source\": [\"import numpy as np\"]", with: "\"source\": [\"" + String(repeating: "\\n", count: 1_500_000) + "\"]")
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            let notebook = try Notebook(bytes: Array(json.utf8), file: "escapes.ipynb")
            #expect(notebook.codeCells[0].source.utf8.count == 1_500_000)
        }
        #expect(elapsed < .seconds(20))
    }
}

extension NotebookTests {
    @Test func aLinkIsReadThroughAndADeviceIsRefused() throws {
        let scratch = try Scratch()
        let link = scratch.directory.appending(path: "link.ipynb")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: packagedIpynb)
        #expect(try Notebook(contentsOf: link).cells == Notebook(contentsOf: packagedIpynb).cells)
        #expect(throws: NotebookError.notAFile(file: "/dev/zero")) { try Notebook(contentsOf: URL(filePath: "/dev/zero")) }
    }
}
