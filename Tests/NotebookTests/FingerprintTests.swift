import LessonKit
import Testing

@testable import Notebook

struct FingerprintTests {
    /// FIPS 180-4 test vectors, and one across several blocks (values from Python's hashlib).
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        (String(repeating: "a", count: 1000), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ])
    func sha256MatchesTheStandard(_ message: String, _ hex: String) {
        let digest = SHA256.hash(Array(message.utf8)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        #expect(digest == hex)
    }

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
