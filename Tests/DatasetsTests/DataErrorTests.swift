import Testing

@testable import Datasets

struct DataErrorTests {
    static let examples: [DataError] = [
        .emptySource, .noFolder("/x"), .missingFile(folder: "/x", name: "n", hint: "h"), .notRegularFile("/x/f"),
        .unreadable(file: "/x/f", reason: "r"), .badGzip(file: "/x/f", reason: "r"), .badMagic(file: "/x/f", found: 1, expected: 2051),
        .badDimensions(file: "/x/f", rows: 1, columns: 2), .empty(file: "/x/f"), .truncated(file: "/x/f", expected: 2, found: 1),
        .trailingBytes(file: "/x/f", extra: 1), .tooLarge(file: "/x/f", limit: 3), .badLabel(file: "/x/f", index: 1, value: 11),
        .countMismatch(images: "/x/f", imageCount: 1, labels: "/x/g", labelCount: 2), .shapeMismatch(train: "/x/f", test: "/x/g"),
        .checksumMismatch(file: "/x/f", expected: "ab", found: "cd"), .sizeMismatch(file: "/x/f", expected: 2, found: 1),
        .embeddedMissing(searched: ["/x"]), .noCacheFolder, .downloadFailed(url: "http://h/f", reason: "r"),
        .httpStatus(url: "http://h/f", status: 500), .badURL("ftp://h"), .cannotWrite(path: "/x/f", reason: "r"),
    ]

    @Test(arguments: examples) func oneLineNamingTheCulprit(error: DataError) {
        #expect(!error.description.contains("\n"))
        let named = ["/x", "http://h/f", "ftp://h", "LESSONS_DATA", "embedded, mnist"].contains { error.description.contains($0) }
        #expect(named, "\(error)")
        #expect([64, 65, 69, 73].contains(error.exitStatus))
    }

    @Test func statusesSayWhoseFaultItIs() {
        #expect(DataError.noFolder("/x").exitStatus == 64)
        #expect(DataError.truncated(file: "/x", expected: 2, found: 1).exitStatus == 65)
        #expect(DataError.httpStatus(url: "u", status: 500).exitStatus == 69)
        #expect(DataError.cannotWrite(path: "/x", reason: "r").exitStatus == 73)
        #expect(
            DataError.badMagic(file: "/d/t10k-labels-idx1-ubyte.gz", found: 2051, expected: 2049).description
                == "/d/t10k-labels-idx1-ubyte.gz: not an IDX label file (magic number 2051, expected 2049)")
    }
}
