/// Why a data set could not be loaded or fetched: one line each, naming the
/// file (or folder, or address) and what is wrong with it.
public enum DataError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The source text was empty.
    case emptySource
    /// A folder the learner named does not exist or is not a folder.
    case noFolder(String)
    /// A folder lacks one of the four files; `hint` says how to get it.
    case missingFile(folder: String, name: String, hint: String)
    /// A path that should be a regular file is something else (a folder, a pipe, a device).
    case notRegularFile(String)
    /// The file could not be read (`reason` is the system's message).
    case unreadable(file: String, reason: String)
    /// The file is gzip-compressed and its stream is damaged.
    case badGzip(file: String, reason: String)
    /// The file's header does not start with the IDX magic number this file needs.
    case badMagic(file: String, found: UInt32, expected: UInt32)
    /// Images of another size than the 28×28 the lessons need.
    case badDimensions(file: String, rows: Int, columns: Int)
    /// A header that declares no items at all.
    case empty(file: String)
    /// Fewer bytes than the header declares.
    case truncated(file: String, expected: Int, found: Int)
    /// More bytes than the header declares.
    case trailingBytes(file: String, extra: Int)
    /// More than the size cap (a file, or what a gzip stream decodes to).
    case tooLarge(file: String, limit: Int)
    /// More than this machine has memory for, by `needed` bytes against `available`.
    case tooLargeForMemory(file: String, needed: Int, available: Int)
    /// A label outside 0...9.
    case badLabel(file: String, index: Int, value: UInt8)
    /// The images and labels of one split disagree in count.
    case countMismatch(images: String, imageCount: Int, labels: String, labelCount: Int)
    /// The training and test images differ in size.
    case shapeMismatch(train: String, test: String)
    /// A file whose SHA-256 must match (the embedded subset, a download) does not.
    case checksumMismatch(file: String, expected: String, found: String)
    /// A download whose length is not the one expected.
    case sizeMismatch(file: String, expected: Int, found: Int)
    /// The embedded subset is not where the package puts it.
    case embeddedMissing(searched: [String])
    /// No cache folder can be named: neither LESSONS_DATA, XDG_CACHE_HOME nor HOME is set.
    case noCacheFolder
    /// A download failed before it was complete.
    case downloadFailed(url: String, reason: String)
    /// The server answered with another status than 200.
    case httpStatus(url: String, status: Int)
    /// An address that is not an http or https URL.
    case badURL(String)
    /// A file or folder could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .emptySource:
            return "no data source given: use embedded, mnist, fashion-mnist or a folder"
        case .noFolder(let path):
            return "no folder at '\(path)' (use embedded, mnist, fashion-mnist or a folder with the four IDX files)"
        case .missingFile(let folder, let name, let hint):
            return "\(folder) has no \(name) (nor \(name).gz)\(hint.isEmpty ? "" : "; \(hint)")"
        case .notRegularFile(let path):
            return "\(path) is not a regular file"
        case .unreadable(let file, let reason):
            return "\(file): cannot read (\(reason))"
        case .badGzip(let file, let reason):
            return "\(file): \(reason)"
        case .badMagic(let file, let found, let expected):
            return
                "\(file): not an IDX \(expected == IDX.imagesMagic ? "image" : "label") file (magic number \(found), expected \(expected))"
        case .badDimensions(let file, let rows, let columns):
            return "\(file): holds \(rows)×\(columns) images; the lessons need 28×28"
        case .empty(let file):
            return "\(file): the header declares 0 items"
        case .truncated(let file, let expected, let found):
            return "\(file): truncated (\(found) bytes, the header needs \(expected))"
        case .trailingBytes(let file, let extra):
            return "\(file): \(extra) unexpected byte\(extra == 1 ? "" : "s") after the last item the header declares"
        case .tooLarge(let file, let limit):
            return "\(file): larger than the \(limit)-byte cap (refused)"
        case .tooLargeForMemory(let file, let needed, let available):
            return "\(file): its images need \(Memory.describe(needed)) and this machine has \(Memory.describe(available)) available (refused)"
        case .badLabel(let file, let index, let value):
            return "\(file): label \(value) at index \(index) is not a digit class 0...9"
        case .countMismatch(let images, let imageCount, let labels, let labelCount):
            return "\(images) holds \(imageCount) images but \(labels) holds \(labelCount) labels"
        case .shapeMismatch(let train, let test):
            return "\(train) and \(test) hold images of different sizes"
        case .checksumMismatch(let file, let expected, let found):
            return "\(file): SHA-256 \(found.prefix(16))… is not the expected \(expected.prefix(16))…"
        case .sizeMismatch(let file, let expected, let found):
            return "\(file): \(found) bytes, expected \(expected)"
        case .embeddedMissing(let searched):
            return "the embedded data set is missing (looked in \(searched.joined(separator: ", "))): keep \(DataLocation.bundleName) beside the lessons binary, or rebuild the package"
        case .noCacheFolder:
            return "no cache folder for mnist: set LESSONS_DATA, XDG_CACHE_HOME or HOME"
        case .downloadFailed(let url, let reason):
            return "\(url): download failed (\(reason))"
        case .httpStatus(let url, let status):
            return "\(url): the server answered HTTP \(status)"
        case .badURL(let text):
            return "'\(text)' is not an http:// or https:// address"
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write (\(reason))"
        }
    }

    /// The `lessons` exit status for this error: 64 for what the learner
    /// named wrongly or has not fetched or installed yet, 65 for damaged data,
    /// 69 for a download the network or server refused, 73 for a write that failed.
    public var exitStatus: Int32 {
        switch self {
        case .emptySource, .noFolder, .missingFile, .noCacheFolder, .badURL: return 64
        case .downloadFailed, .httpStatus, .tooLargeForMemory: return 69
        case .cannotWrite: return 73
        case .notRegularFile, .unreadable, .badGzip, .badMagic, .badDimensions, .empty, .truncated, .trailingBytes, .tooLarge,
            .badLabel, .countMismatch, .shapeMismatch, .checksumMismatch, .sizeMismatch, .embeddedMissing:
            return 65
        }
    }
}
