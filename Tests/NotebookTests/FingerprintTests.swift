import LessonKit
import Testing

@testable import Notebook

struct FingerprintTests {
    /// The seed notebook's cells, fingerprinted by Python (hashlib over the
    /// same normalization) from the code as read by eye from the text export.
    @Test func theSeedCellsFingerprintAsPythonComputesThem() throws {
        let notebook = try Notebook(contentsOf: packagedText)
        let expected = [
            262: "6f11581db2b4487a", 263: "ba80401898db1b84", 264: "7065ee1f1c204bfb", 265: "ae218981d0f98c54", 369: "d888ffc01cc3345f",
            372: "c76690fcf439484f",
        ]
        #expect(notebook.codeCells.count == expected.count)
        for cell in notebook.codeCells {
            #expect(cell.fingerprint == expected[try #require(cell.executionCount)], "\(cell.label)")
        }
    }

    @Test func lineEndsTrailingSpaceAndBlankLinesDoNotCount() {
        let plain = Fingerprint.of("def f(x):\n    return x + 1\n\nf(2)")
        #expect(Fingerprint.of("def f(x):\r\n    return x + 1   \r\n\r\n\r\nf(2)\n") == plain)
        #expect(Fingerprint.of("\n\ndef f(x):\r    return x + 1\t\n\nf(2)") == plain)
        #expect(Fingerprint.normalized("a  \r\n\r\n  b\t\n") == "a\n  b")
    }

    @Test(arguments: [
        "def f(x):\n    return x + 2\n\nf(2)", "def f(x):\n  return x + 1\n\nf(2)", "def f(x):\n    return x + 1  # one\n\nf(2)",
        "def g(x):\n    return x + 1\n\nf(2)",
    ])
    func anyOtherChangeDoes(_ edited: String) {
        #expect(Fingerprint.of(edited) != Fingerprint.of("def f(x):\n    return x + 1\n\nf(2)"))
        #expect(Fingerprint.of(edited).count == 16)
    }
}
