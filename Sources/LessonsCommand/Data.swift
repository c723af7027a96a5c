import ArgumentParser
import Datasets
import LessonKit
import Synchronization

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

/// `lessons data`: where the lessons' image data sets are, and fetching MNIST.
struct DataCommand: ParsableCommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "data", abstract: "Show the image data sets, or fetch MNIST into its cache folder.",
        discussion: """
            Sources for a lesson's `data` parameter: embedded (inside the package, the default), mnist (the cache \
            folder '\(Tool.name) data fetch mnist' fills), fashion-mnist (Debian's dataset-fashion-mnist), or a folder \
            holding the four IDX files.
            """,
        subcommands: [DataList.self, DataCheck.self, DataFetch.self]) }
}

/// `lessons data list`: each source's folder and whether its files match their SHA-256.
struct DataList: LessonsSubcommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "list", abstract: "List the data sources, their folders, and whether each file is present and verified.") }

    func run(registry: Registry, console: Console, environment: [String: String]) throws -> Int32 {
        var lines: [String] = []
        for status in SourceStatus.all(environment: environment) {
            let summary =
                status.isVerified
                ? "ready, SHA-256 verified"
                : status.files.allSatisfy({ $0.state == .missing }) ? "absent" : "present, not all verified"
            lines.append("\(status.source) — \(status.set.title) (\(status.set.licence)): \(summary)")
            // Names from the disk reach the terminal escaped, as verify's do.
            lines.append("    \(status.folder?.excerpt(limit: .max) ?? "(no folder)") — \(status.why.excerpt(limit: .max))")
            for (path, state) in status.files {
                let name = path.split(separator: "/").last.map(String.init) ?? path
                let text: String
                switch state {
                case .verified: text = "verified"
                case .missing: text = "missing"
                case .unknownChecksum: text = "present, matches no known checksum"
                case .notRegularFile: text = "not a regular file"
                case .unreadable(let why): text = "unreadable: \(why)"
                }
                lines.append("    \(name.excerpt(limit: .max).padding(to: 27))  \(text.excerpt(limit: .max))")
            }
            if status.source == .mnist && !status.isVerified { lines.append("    get it with: \(Tool.name) data fetch mnist") }
            if status.source == .fashionMNIST && !status.isVerified {
                lines.append("    get it with: apt-get install dataset-fashion-mnist")
            }
            lines.append("")
        }
        lines.append("A lesson reads only the source its 'data' parameter names; any other folder with the four files works too.")
        console.out(lines.joined(separator: "\n"))
        return ExitStatus.success
    }
}

/// `lessons data check SOURCE`: load a source as a lesson would, and say what it holds.
struct DataCheck: LessonsSubcommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "check", abstract: "Load a data source as a lesson would and summarise it (counts, classes, checksums, time).") }

    @Argument(help: "embedded, mnist, fashion-mnist, or a folder with the four IDX files.")
    var source: String = "embedded"

    func run(registry: Registry, console: Console, environment: [String: String]) throws -> Int32 {
        do {
            let start = Date()
            let data = try DataSet.load(try DataSource(parsing: source), environment: environment)
            let seconds = Date().timeIntervalSince(start)
            let counts = { (set: ImageSet) in (0..<data.classNames.count).map { k in set.labels.lazy.filter { $0 == k }.count } }
            console.out(
                "\(data.name.excerpt(limit: .max)): \(data.train.count) training and \(data.test.count) test images, \(data.train.rows)×\(data.train.columns)")
            console.out("    classes: \(data.classNames.joined(separator: ", "))")
            console.out("    training images per class: \(counts(data.train).map(String.init).joined(separator: " "))")
            console.out("    test images per class: \(counts(data.test).map(String.init).joined(separator: " "))")
            console.out("    checksums: \(data.verified.map { "SHA-256 verified, \($0.title) (\($0.licence))" } ?? "not a known set")")
            for note in data.notes { console.out("    note: \(note.excerpt(limit: .max))") }
            console.out("    loaded in \(seconds.fixed(3)) s")
            return ExitStatus.success
        } catch {
            throw CommandFailure(error.description, status: error.exitStatus)
        }
    }
}

/// `lessons data fetch mnist`: download MNIST's four files into the cache folder, checked by SHA-256.
struct DataFetch: LessonsSubcommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "fetch", abstract: "Download MNIST's four files into the cache folder, checking their SHA-256.",
        discussion: """
            The folder is $LESSONS_DATA/mnist, else $XDG_CACHE_HOME/lessons/mnist, else ~/.cache/lessons/mnist. \
            Each file goes to a temporary file in that folder and is renamed into place only once its length and \
            SHA-256 match; files already there and verified are kept.
            """) }

    @Argument(help: "The data set to fetch: mnist.", completion: .list(["mnist"]))
    var set: String

    @Option(help: "The address of the folder holding the four files.")
    var from: String = DataLocation.mnistMirror

    @Option(
        parsing: .unconditional,
        help: "Seconds a connection may stay silent or under 1 KiB a second; each file must also arrive within this plus its size at 16 KiB a second.")
    var timeout: Int = 60

    func validate() throws {
        guard timeout >= 1 && timeout <= 86_400 else { throw ValidationError("--timeout must be from 1 to 86400 seconds, got \(timeout)") }
        guard set == "mnist" else {
            throw ValidationError(
                "cannot fetch '\(set)': only mnist is downloaded (fashion-mnist comes from Debian's dataset-fashion-mnist; embedded is part of the package)"
            )
        }
    }

    func run(registry: Registry, console: Console, environment: [String: String]) throws -> Int32 {
        do {
            let folder = try DataLocation.mnistFolder(environment: environment)
            _ = try Fetch.folderURL(from)
            console.err("fetching MNIST from \(Fetch.shown(from).excerpt(limit: 200)) into \(folder.excerpt(limit: 200))")
            let line = ProgressLine(enabled: isatty(2) == 1)
            // Cleared before any message, success or error, is printed.
            defer { line.finish() }
            let outcomes = try Fetch.fetch(.mnist, from: from, into: folder, timeout: Double(timeout)) { line.show($0) }
            for outcome in outcomes {
                switch outcome {
                case .alreadyPresent(let path): console.out("already there, SHA-256 verified: \(path)")
                case .downloaded(let path, let bytes): console.out("downloaded \(bytes) bytes, SHA-256 verified: \(path)")
                }
            }
            return ExitStatus.success
        } catch {
            throw CommandFailure(error.description, status: error.exitStatus)
        }
    }
}

/// A one-line progress display on a terminal's standard error, redrawn in place.
private final class ProgressLine: Sendable {
    let enabled: Bool
    private let drawn = Mutex(false)

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ progress: Fetch.Progress) {
        guard enabled else { return }
        let megabytes = { (bytes: Int) in (Double(bytes) / 1_000_000).fixed(1) }
        var text = "\r\u{1B}[K\(progress.file)  \(megabytes(progress.received))"
        if let total = progress.total, total > 0 {
            text += " / \(megabytes(total)) MB  \(progress.received * 100 / total)%"
        } else {
            text += " MB"
        }
        write(text)
        drawn.withLock { $0 = true }
    }

    func finish() {
        if drawn.withLock({ $0 }) { write("\r\u{1B}[K") }
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { buffer in
            #if canImport(Glibc)
                _ = Glibc.write(2, buffer.baseAddress, buffer.count)
            #else
                _ = Darwin.write(2, buffer.baseAddress, buffer.count)
            #endif
        }
    }
}
