import FileAccess

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The four files of a data set in MNIST's layout, in the order the sets list them.
public enum DataFile: Int, CaseIterable, Sendable {
    case trainImages, trainLabels, testImages, testLabels

    /// The file name without `.gz`, as MNIST publishes it.
    public var stem: String {
        switch self {
        case .trainImages: return "train-images-idx3-ubyte"
        case .trainLabels: return "train-labels-idx1-ubyte"
        case .testImages: return "t10k-images-idx3-ubyte"
        case .testLabels: return "t10k-labels-idx1-ubyte"
        }
    }

    /// The names a folder may use for this file, in the order they are tried:
    /// gzip-compressed, uncompressed, and the dotted form some copies use
    /// (`train-images.idx3-ubyte`).
    var candidates: [String] {
        let dotted = stem.replacing("-idx", with: ".idx")
        return [stem + ".gz", stem, dotted, dotted + ".gz"]
    }
}

/// A file whose content is known: its name, SHA-256 and size in bytes.
public struct KnownFile: Sendable, Equatable {
    public let name: String
    public let sha256: String
    public let size: Int
}

/// A data set whose four files are known by checksum.
public struct KnownSet: Sendable, Equatable {
    /// The source name (`mnist`, `fashion-mnist`, `embedded`).
    public let name: String
    public let title: String
    public let licence: String
    public let classNames: [String]
    /// Train images, train labels, test images, test labels (`DataFile` order).
    public let files: [KnownFile]

    public func file(_ role: DataFile) -> KnownFile { files[role.rawValue] }

    public static let digits = (0...9).map(String.init)

    /// MNIST (Yann LeCun, Corinna Cortes, Christopher J. C. Burges), the
    /// four gzip files as published, with the checksums and sizes in
    /// `shared/docs/book-chapter4.md`.
    public static let mnist = KnownSet(
        name: "mnist", title: "MNIST", licence: "CC BY-SA 3.0", classNames: digits,
        files: [
            KnownFile(
                name: "train-images-idx3-ubyte.gz", sha256: "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                size: 9_912_422),
            KnownFile(
                name: "train-labels-idx1-ubyte.gz", sha256: "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", size: 28_881
            ),
            KnownFile(
                name: "t10k-images-idx3-ubyte.gz", sha256: "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                size: 1_648_877),
            KnownFile(
                name: "t10k-labels-idx1-ubyte.gz", sha256: "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", size: 4_542),
        ])

    /// Fashion-MNIST (Zalando Research, MIT), as Debian's `dataset-fashion-mnist` installs it.
    public static let fashionMNIST = KnownSet(
        name: "fashion-mnist", title: "Fashion-MNIST", licence: "MIT",
        classNames: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        files: [
            KnownFile(
                name: "train-images-idx3-ubyte.gz", sha256: "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
                size: 26_421_856),
            KnownFile(
                name: "train-labels-idx1-ubyte.gz", sha256: "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056", size: 29_491
            ),
            KnownFile(
                name: "t10k-images-idx3-ubyte.gz", sha256: "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
                size: 4_422_079),
            KnownFile(
                name: "t10k-labels-idx1-ubyte.gz", sha256: "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05", size: 5_125),
        ])

    /// The package's own MNIST subset (`Sources/EmbeddedMNIST/Embedded`, its
    /// README says how it was made): 4 000 training and 1 000 test images.
    /// The same values are in `Embedded/SHA256SUMS`, written by `sha256sum`.
    public static let embedded = KnownSet(
        name: "embedded", title: "the embedded MNIST subset", licence: "CC BY-SA 3.0", classNames: digits,
        files: [
            KnownFile(
                name: "train-images-idx3-ubyte.gz", sha256: "6a7066c929dd9bbfab47367968232a20bb7efbe81b8fe81f7070711df8885011",
                size: 650_371),
            KnownFile(
                name: "train-labels-idx1-ubyte.gz", sha256: "cf065db5073ff51ca39bee8e4b68b3f58cf4a6950b995a29a25cf23899bec2ac", size: 58),
            KnownFile(
                name: "t10k-images-idx3-ubyte.gz", sha256: "89be5fdf394682e689791a75b3250062d149e21de9cfa6031261f83b74b1d821", size: 163_695
            ),
            KnownFile(
                name: "t10k-labels-idx1-ubyte.gz", sha256: "e43bcd9f36f79255b108cfb3d56a066f886477a3797adca24aa7a65c591446d6", size: 46),
        ])

    /// Every set a folder's files are matched against.
    public static let all = [embedded, mnist, fashionMNIST]
}

/// Where each source's files live. Nothing is read from anywhere else.
public enum DataLocation {
    /// Where Debian's `dataset-fashion-mnist` installs its four files.
    public static let fashionMNISTFolder = "/usr/share/datasets/fashion-mnist"

    /// The mirror the book's loader downloads MNIST from now (its original host is gone).
    public static let mnistMirror = "https://ossci-datasets.s3.amazonaws.com/mnist/"

    /// The folder `lessons data fetch mnist` fills and `mnist` reads:
    /// `$LESSONS_DATA/mnist` when LESSONS_DATA is set, else
    /// `$XDG_CACHE_HOME/lessons/mnist`, else `$HOME/.cache/lessons/mnist`
    /// (relative XDG_CACHE_HOME values are ignored, as the XDG spec says).
    public static func mnistFolder(environment: [String: String] = ProcessInfo.processInfo.environment) throws(DataError) -> String {
        if let root = environment["LESSONS_DATA"], !root.isEmpty { return join(root, "mnist") }
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return join(cache, "lessons/mnist") }
        if let home = environment["HOME"], !home.isEmpty { return join(home, ".cache/lessons/mnist") }
        throw .noCacheFolder
    }

    /// The embedded subset's folder: in the resource bundle SwiftPM copies
    /// beside the executable (or test bundle), else in this source tree.
    /// Returns nil when neither exists, so a missing bundle is an error
    /// message, never a crash (SwiftPM's `Bundle.module` traps instead).
    static func embeddedFolder() -> (folder: String?, searched: [String]) {
        // Beside the binary (`lessons` or the test bundle), as SwiftPM copies it.
        let executable = URL(fileURLWithPath: executablePath()).resolvingSymlinksInPath()
        var searched = [executable.deletingLastPathComponent().appendingPathComponent(bundleName).appendingPathComponent("Embedded").path]
        searched.append(
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("EmbeddedMNIST/Embedded").path)
        return (firstFolder(holding: KnownSet.embedded.files[0].name, in: searched), searched)
    }

    /// The running binary: Linux names it in /proc, Darwin's loader tells.
    static func executablePath() -> String {
        #if canImport(Darwin)
            var size: UInt32 = 0
            _ = _NSGetExecutablePath(nil, &size)
            var buffer = [CChar](repeating: 0, count: Int(size) + 1)
            guard _NSGetExecutablePath(&buffer, &size) == 0 else { return CommandLine.arguments[0] }
            return String(cString: buffer)
        #else
            return "/proc/self/exe"
        #endif
    }

    /// The first of `folders` that holds a file called `name`, or nil.
    static func firstFolder(holding name: String, in folders: [String]) -> String? {
        folders.first { Files.kind(join($0, name)) != .none }
    }

    /// SwiftPM's name for this target's resource bundle: `<package>_<target>.resources`.
    static let bundleName = "lessons_EmbeddedMNIST.resources"

    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
