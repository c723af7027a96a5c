import Foundation

/// Runs NumPy on float64 arrays written to temporary files and reads back
/// its float64 answer, so that a test compares bits with NumPy computed here,
/// on this machine, with one BLAS thread (as the oracle runs it).
enum NumPyRun {
    static let available: Bool = {
        (try? run("import numpy", inputs: [])) != nil
    }()

    typealias Input = (shape: [Int], values: [Double])

    /// Runs `body` (Python) with the inputs loaded as `a0`, `a1`, … (shaped
    /// as given) and writes `out` (a float64 array) back.
    static func run(_ body: String, inputs: [Input]) throws -> [Double] {
        try runAll([(body, inputs)])[0]
    }

    /// Runs each job as `run` would, all in one Python process (one start
    /// of Python and NumPy instead of one per job), and returns each `out`.
    static func runAll(_ jobs: [(body: String, inputs: [Input])]) throws -> [[Double]] {
        let folder = FileManager.default.temporaryDirectory.appending(path: "numpy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var script = "import numpy as np\n"
        for (job, (body, inputs)) in jobs.enumerated() {
            for (index, input) in inputs.enumerated() {
                let path = folder.appending(path: "j\(job)-a\(index).bin")
                try input.values.withUnsafeBytes { Data($0) }.write(to: path)
                script += "a\(index) = np.fromfile('\(path.path)', dtype=np.float64).reshape(\(input.shape))\n"
            }
            script += body + "\n"
            if !inputs.isEmpty || body.contains("out") {
                script += "np.ascontiguousarray(out, dtype=np.float64).tofile('\(folder.appending(path: "out\(job).bin").path)')\n"
            }
        }
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = [ProcessInfo.processInfo.environment["LESSONS_PYTHON"] ?? "python3", "-c", script]
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "1"
        process.environment = environment
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw NumPyRunError.failed(process.terminationStatus) }
        return try jobs.indices.map { job in
            guard jobs[job].body.contains("out") else { return [] }
            let data = try Data(contentsOf: folder.appending(path: "out\(job).bin"))
            return data.withUnsafeBytes { Array($0.bindMemory(to: Double.self)) }
        }
    }
}

enum NumPyRunError: Error { case failed(Int32) }
