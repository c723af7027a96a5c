import Foundation
import LessonKit
import OptimizerCompare
import Testing

/// The lesson against values computed independently: by hand for the first
/// steps, and by NumPy running the lesson's reference.py for every value.
struct OptimizerCompareTests {
    let lesson = OptimizerCompare()

    /// From (-7, 2): grad f = (-0.7, 4). SGD's first step is
    /// (-7 + 0.95·0.7, 2 - 0.95·4) = (-6.335, -1.8); Momentum's first is
    /// v = -0.1·g, so (-7 + 0.07, 2 - 0.4) = (-6.93, 1.6).
    @Test func theFirstStepsAreTheBooksByHand() throws {
        let run = try lesson.run(settings: [])
        let sgd = run[OptimizerCompare.Outputs.sgd]
        #expect(sgd.shape == [30, 2])
        #expect(Array(sgd.scalars.prefix(4)) == [-7, 2, -7 + 0.95 * 0.7, 2 - 0.95 * 4.0])
        let momentum = run[OptimizerCompare.Outputs.momentum].scalars
        #expect(momentum[2] == -7 + (0.9 * 0 - 0.1 * -0.7) && momentum[3] == 2 + (0.9 * 0 - 0.1 * 4.0))
        // AdaGrad's first step is lr·g/(|g| + 1e-7): almost exactly lr against the sign of g.
        let adagrad = run[OptimizerCompare.Outputs.adagrad].scalars
        #expect(abs(adagrad[2] - (-7 + 1.5)) < 1e-6 && abs(adagrad[3] - (2 - 1.5)) < 1e-6)
    }

    /// Every value of the default run and of each example, bit for bit
    /// against the book's algorithm in NumPy (the reference beside the lesson).
    @Test(arguments: [[String](), ["steps=200"], ["init=3,-4", "lr_sgd=0.5", "lr_adam=0.1", "momentum=0.5"]])
    func everyValueIsNumPys(_ settings: [String]) throws {
        let run = try lesson.run(settings: settings)
        let parameters = try #require(run.json["parameters"]).serialized()
        let oracle = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appending(path: "Tools")
        let script = """
            import json, sys
            sys.path.insert(0, sys.argv[1])
            sys.dont_write_bytecode = True
            import oracle, importlib.util
            sys.modules['oracle'] = oracle
            spec = importlib.util.spec_from_file_location('reference', sys.argv[2])
            module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)
            out = module.run(None, json.loads(sys.argv[3]))
            print(json.dumps({k: [float(v).hex() for v in v.ravel()] for k, v in out.items()}))
            """
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, oracle.path, OptimizerCompare.configuration.reference, parameters]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let numpy = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String]])
        for key in OptimizerCompare.configuration.outputs {
            let got = run[key].scalars
            let hex = try #require(numpy[key.name])
            let differing = zip(got, hex).filter { got, text in got.bitPattern != Self.double(hex: text).bitPattern }.count
            #expect(got.count == hex.count && differing == 0, "\(key.name): \(differing) of \(got.count) values differ from NumPy")
        }
    }

    /// Python's float.hex() read back: [-]0x1.<13 hex digits>p<exponent>, or inf, nan, 0.
    static func double(hex text: String) -> Double {
        switch text {
        case "inf": return .infinity
        case "-inf": return -.infinity
        case "nan": return .nan
        default: break
        }
        let negative = text.hasPrefix("-")
        let body = negative ? text.dropFirst(3) : text.dropFirst(2)
        let parts = body.split(separator: "p")
        let mantissa = parts[0].split(separator: ".")
        let lead = Double(Int(mantissa[0], radix: 16)!)
        let fraction = mantissa.count > 1 ? Double(Int(mantissa[1], radix: 16)!) / pow(16, Double(mantissa[1].count)) : 0
        let value = (lead + fraction) * pow(2, Double(Int(parts[1])!))
        return negative ? -value : value
    }
}
