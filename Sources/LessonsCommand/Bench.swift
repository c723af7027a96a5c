import ArgumentParser
import Bench
import LessonKit
import Oracle

/// `lessons bench`: Swift against NumPy on the same work, in one run.
struct BenchCommand: LessonsSubcommand {
    static var configuration: CommandConfiguration { CommandConfiguration(
        commandName: "bench", abstract: "Time each lesson's work in Swift and in NumPy, and check they agree bit for bit.",
        discussion: """
            WORK is a lesson id (its defaults, with any --set), sum-squares (the gradient of sum(x^2) for n = 10 … \
            10000), spelled-out (the same function written term by term, n = 10 … 1000) or long-descent \
            (1000000 steps); the default is all of them. NumPy runs each lesson's reference.py with one BLAS \
            thread and its native SIMD loops (whose bits are compared) and, unless --numpy-threads one, again \
            with its default threads; each measures the machine's matrix-product rate (np.dot of 2000×2000), \
            beside which the works that count their products' operations are set. Needs python3 with NumPy \
            (LESSONS_PYTHON picks the interpreter).
            """) }

    @Argument(
        help: ArgumentHelp("Works to time (default: all).", valueName: "WORK"),
        completion: .list(LessonsCommand.completionIds + Bench.Scaling.all))
    var ids: [String] = []

    @Option(name: .customLong("set"), help: ArgumentHelp("Set a parameter of the chosen works.", valueName: "NAME=VALUE"))
    var settings: [String] = []

    @Option(parsing: .unconditional, help: "Runs per work and side (the median is reported).")
    var runs: Int = 5

    @Option(parsing: .unconditional, help: "Seconds one side may spend repeating one work (it runs once at least).")
    var budget: Double = 10

    @Option(help: "Output format: text (a table) or json.")
    var format: OutputFormat = .text

    @Option(help: "NumPy's BLAS threads: one (the bits compared), or both one and its default threads.")
    var numpyThreads: Bench.NumPyThreads = .both

    @Option(parsing: .unconditional, help: "n of the n×n product that measures the machine's rate (0: none).")
    var rateSize: Int = 2000

    @Option(parsing: .unconditional, help: "Seconds the NumPy side may take in all.")
    var timeout: Int = 3600

    func validate() throws {
        guard runs >= 1 && runs <= 1000 else { throw ValidationError("--runs must be from 1 to 1000, got \(runs)") }
        guard budget > 0 && budget.isFinite else { throw ValidationError("--budget must be a positive number of seconds, got \(budget)") }
        guard timeout >= 1 else { throw ValidationError("--timeout must be at least 1 second, got \(timeout)") }
        guard rateSize >= 0 && rateSize <= 20_000 else { throw ValidationError("--rate-size must be from 0 to 20000, got \(rateSize)") }
    }

    func run(registry: Registry, console: Console, environment: [String: String]) throws -> Int32 {
        var oracle = NumPyOracle(timeout: .seconds(timeout), environment: environment)
        oracle.childEnvironment = Self.numpyEnvironment(environment)
        var bench = Bench(registry: registry, oracle: oracle)
        bench.runs = runs
        bench.budget = budget
        bench.numpyThreads = numpyThreads
        bench.rateSize = rateSize
        do {
            let works = try applying(settings, to: chosen(from: bench.works(references: bench.references()), registry: registry))
            let (versions, rows, rates) = try bench.run(works)
            let machine = Bench.machine()
            switch format {
            case .text: console.out(Bench.table(rows, versions: versions, machine: machine, rates: rates))
            case .json: console.out(Bench.json(rows, versions: versions, machine: machine, rates: rates).serialized())
            }
            return rows.allSatisfy(\.agrees) ? ExitStatus.success : ExitStatus.checkFailed
        } catch let error as OracleError {
            throw CommandFailure(error.description, status: ExitStatus.badData)
        }
    }

    /// The works named on the command line (every work when none is), in
    /// the order named; a lesson without a NumPy reference, or a name that
    /// is no work, is refused.
    func chosen(from all: [Bench.Work], registry: Registry) throws -> [Bench.Work] {
        if !settings.isEmpty && ids.isEmpty {
            throw CommandFailure("--set needs the works it applies to, e.g. '\(Tool.name) bench descent --set steps=1000'", status: ExitStatus.badInput)
        }
        if ids.isEmpty { return all }
        var chosen: [Bench.Work] = []
        for id in ids {
            let matching = all.filter { $0.id == id }
            if matching.isEmpty {
                if let lesson = registry.lessons.first(where: { $0.id == id }) {
                    throw CommandFailure(
                        "lesson '\(id)' has no NumPy reference to race (looked for \(lesson.configuration.reference))", status: ExitStatus.badInput)
                }
                // Only the works this registry has: a scaling work needs its lesson.
                var known: [String] = []
                for work in all where !known.contains(work.id) { known.append(work.id) }
                throw CommandFailure("unknown work '\(id)' (known: \(known.joined(separator: ", ")))", status: ExitStatus.badInput)
            }
            chosen += matching
        }
        return chosen
    }

    /// `works` with each `--set` given to those whose lesson has that
    /// parameter; a setting no work takes, or one that would replace what a
    /// scaling work is made of, is refused.
    func applying(_ settings: [String], to works: [Bench.Work]) throws -> [Bench.Work] {
        try refuseRepeatedSettings(settings)
        var works = works
        for setting in settings {
            let name = String(setting.prefix { $0 != "=" }).trimmingWhitespace()
            guard works.contains(where: { work in work.lesson.parameters.contains { $0.name == name } }) else {
                throw CommandFailure("no chosen work has a parameter '\(name)' (in --set \(setting))", status: ExitStatus.badInput)
            }
            // A scaling work is made of its own settings (sum-squares of x, long-descent of
            // steps): replacing one would time another size under the old one's name.
            if let work = works.first(where: { $0.settings.contains { $0.hasPrefix(name + "=") } }) {
                throw CommandFailure(
                    "--set \(name) would replace what \(work.id) is made of (\(work.size)); vary the lesson itself instead, "
                        + "as in: \(Tool.name) bench \(work.lesson.id) --set \(setting.excerpt())",
                    status: ExitStatus.badInput)
            }
            works = works.map { work in
                guard work.lesson.parameters.contains(where: { $0.name == name }) else { return work }
                let title = work.title.replacing(" (defaults)", with: "") + " --set " + setting
                // A setting makes the run other than its size's defaults.
                return Bench.Work(
                    id: work.id, title: title, size: work.size == "default" ? "as set" : work.size, lesson: work.lesson,
                    settings: work.settings + [setting])
            }
        }
        return works
    }

    /// NumPy as a learner runs it, timed fairly: one BLAS thread, NumPy's own
    /// SIMD loops, and OpenBLAS choosing its kernel for this CPU (this
    /// workplace sets OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE on some CPUs for
    /// old OpenBLAS builds; they slow a current one, so both go together).
    static func numpyEnvironment(_ environment: [String: String]) -> [String: String] {
        var child = environment
        child["OPENBLAS_NUM_THREADS"] = "1"
        child["OMP_NUM_THREADS"] = "1"
        child["LESSONS_NUMPY_KERNELS"] = "native"
        child["OPENBLAS_CORETYPE"] = nil
        child["OPENBLAS_L2_SIZE"] = nil
        child["NPY_DISABLE_CPU_FEATURES"] = nil
        return child
    }
}

extension Bench.NumPyThreads: ExpressibleByArgument {}
