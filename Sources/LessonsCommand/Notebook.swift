import ArgumentParser
import FileAccess
import Harness
import LessonKit
import Notebook

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

/// `lessons notebook FILE`: check a notebook against the lessons.
struct NotebookCommand: LessonsSubcommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "notebook",
        abstract: "Check a notebook (.ipynb or text export) against the lessons, cell by cell.",
        discussion: """
            Each code cell is matched to the lesson that covers it, by execution count and by a fingerprint of its \
            source, and what it printed is compared with the lesson's output at the printed precision. \
            Exits 0 when every covered cell agrees, 1 when a cell changed, was edited, errored, lost its output \
            or is missing, 64 for bad arguments, 65 for a damaged notebook.
            """) }

    @Argument(
        help: "The notebook: an nbformat 4 .ipynb file or a text export (In [N]: …).", completion: .file(extensions: ["ipynb", "txt"]))
    var file: String

    @Argument(help: "Lessons whose cells to look for (default: all).", completion: .list(LessonsCommand.completionIds))
    var ids: [String] = []

    @Option(
        name: .customLong("map"),
        help: ArgumentHelp("Check this notebook's cell N as the lessons' cell M, whatever its source.", valueName: "N=M"))
    var mappings: [String] = []

    @Option(help: "Report format: text or json.")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Also write the notebook as nbformat 4 JSON to this file.", valueName: "PATH"))
    var writeIpynb: String?

    func run(registry: Registry, console: Console, environment: [String: String]) throws -> Int32 {
        let lessons = try registry.lessons(ids)
        if !ids.isEmpty, !lessons.contains(where: \.coversNotebookCells) {
            // Nothing of the notebook would be compared: a check that cannot fail.
            let names = lessons.map(\.id).joined(separator: ", ")
            let covering = registry.lessons.filter(\.coversNotebookCells).map(\.id).joined(separator: ", ")
            throw CommandFailure(
                "\(names) cover\(lessons.count == 1 ? "s" : "") no notebook cell, so nothing would be checked; lessons that do: \(covering)",
                status: ExitStatus.badInput)
        }
        let map = try parsedMappings(lessons)
        // A path no file can have is a bad argument, not a file that cannot be read.
        if file.utf8.count >= Int(PATH_MAX) || file.split(separator: "/").contains(where: { $0.utf8.count > Int(NAME_MAX) }) {
            throw CommandFailure("\(file.excerpt()): the path is too long to name a file", status: ExitStatus.badInput)
        }
        let notebook: Notebook
        do { notebook = try Notebook(contentsOf: URL(filePath: file), name: file) } catch {
            let status: Int32
            switch error {
            case _ where error.isDamage: status = ExitStatus.badData
            case .unreadable: status = ExitStatus.cannotRead
            default: status = ExitStatus.badInput
            }
            throw CommandFailure(error.description, status: status)
        }
        for count in map.keys.sorted() where !notebook.codeCells.contains(where: { $0.executionCount == count }) {
            throw CommandFailure("--map \(count)=…: \(file) has no In [\(count)]", status: ExitStatus.badInput)
        }
        if let writeIpynb {
            // What is written keeps the cells and their text outputs, not
            // metadata or images: it must not replace the notebook it came from.
            guard !Files.sameFile(writeIpynb, file) else {
                throw CommandFailure(
                    "--write-ipynb '\(writeIpynb.excerpt())' is the notebook being read; write to another file", status: ExitStatus.badInput)
            }
            do { try write(notebook.ipynb, to: writeIpynb) } catch {
                throw CommandFailure(error.description, status: ExitStatus.cannotWrite)
            }
        }
        let report = notebook.check(lessons, file: file, map: map)
        switch format {
        case .text: console.out(report.text)
        case .json: console.out(report.json.serialized(indent: 2))
        }
        return report.passed ? ExitStatus.success : ExitStatus.checkFailed
    }

    /// `--map N=M`: notebook count N → a lesson's count M, which some lesson must declare.
    private func parsedMappings(_ lessons: [any Lesson]) throws -> [Int: Int] {
        let declared = Set(lessons.flatMap { $0.sourceCells.map(\.executionCount) + $0.notebook.compactMap(\.executionCount) })
        var map: [Int: Int] = [:]
        for text in mappings {
            let parts = text.split(separator: "=", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace() }
            guard parts.count == 2, let from = NotebookCell.executionCount(in: "[\(parts[0])]"),
                let to = NotebookCell.executionCount(in: "[\(parts[1])]")
            else {
                throw CommandFailure(
                    "--map '\(text.prefix(40))': expected N=M, two execution counts such as 5=263", status: ExitStatus.badInput)
            }
            guard declared.contains(to) else {
                let known = declared.sorted().map(String.init).joined(separator: ", ")
                throw CommandFailure(
                    "--map \(from)=\(to): no lesson covers In [\(to)] (lessons cover \(known))", status: ExitStatus.badInput)
            }
            guard map[from] == nil else { throw CommandFailure("--map \(from)=…: given twice", status: ExitStatus.badInput) }
            map[from] = to
        }
        return map
    }

    /// Writes atomically, and only to a regular file or a new one.
    private func write(_ text: String, to path: String) throws(NotebookError) {
        do { try SafeWrite.write(Array(text.utf8), to: path) } catch { throw .cannotWrite(file: path, reason: error.reason) }
    }
}

extension FixtureOptions {
    /// The source notebook kept in the fixtures folder (`notebook/chapter4.txt`),
    /// which `verify` checks notebook cases against and `record` takes them
    /// from; nil when the folder holds none. A damaged one exits 65.
    func notebookSource() throws -> NotebookSource? {
        // The fixtures folder's notebook is data the checks rely on: whatever is wrong with it, it is damaged (65).
        do { return try NotebookSource.packaged(in: URL(filePath: fixtures, directoryHint: .isDirectory)) } catch {
            throw CommandFailure(error.description, status: ExitStatus.badData)
        }
    }
}
