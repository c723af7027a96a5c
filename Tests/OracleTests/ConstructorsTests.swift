import Foundation
import LessonKit
import Testing

/// Vector parameters built by NumPy's constructors, or read from a file,
/// hold NumPy's bits: each is compared with what NumPy itself makes.
struct ConstructorsTests {
    /// NumPy's values for each expression, as hex floats.
    func numpy(_ expressions: [String]) throws -> [[Double]] {
        let script = """
            import json, sys
            import numpy as np
            print(json.dumps([[float(v).hex() for v in eval(e, {'np': np, 'inf': float('inf')})] for e in json.loads(sys.argv[1])]))
            """
        let arguments = String(decoding: try JSONSerialization.data(withJSONObject: expressions), as: UTF8.self)
        let answer = try JSONSerialization.jsonObject(with: python(script, [arguments])) as? [[String]] ?? []
        return answer.map { $0.map { Double(hex: $0) } }
    }

    static let cases = [
        "linspace(-0.5, 0.5, 10000)", "linspace(0, 1, 7)", "linspace(1, 2, 1)", "linspace(3, 3, 4)", "linspace(0, 5e-324, 3)",
        "linspace(-1e308, 1e308, 7)", "arange(10)", "arange(0, 1, 0.1)", "arange(-3, 3, 0.7)",
        "arange(1, 0, -0.15)", "arange(0.1, 7.3)", "arange(1e16, 1.0000000000001e16, 7)", "zeros(5)", "ones(3)",
    ]

    @Test func constructorsGiveNumPysBits() throws {
        let expected = try numpy(Self.cases.map { "np." + $0 })
        try #require(expected.count == Self.cases.count)
        for (text, want) in zip(Self.cases, expected) {
            let value = try ParameterValue(parsing: text, as: .vector, for: "x")
            let got = try #require(value.tensor).scalars
            // A NaN is a NaN: IEEE 754 leaves the sign of 0 · inf's NaN to the machine.
            let differing = zip(got, want).filter { $0.bitPattern != $1.bitPattern && !($0.isNaN && $1.isNaN) }
            #expect(got.count == want.count && differing.isEmpty, "\(text): \(got.count) values (NumPy \(want.count)), \(differing.count) differ: \(differing.prefix(3))")
        }
        // Empty ones too, which a parameter refuses but the constructors make.
        #expect(try Constructors.vector("linspace(2.5, -7.25, 0)", for: "x") == [])
        #expect(try Constructors.vector("arange(5, 1)", for: "x") == [])
    }

    /// 100 000 values written by Python's repr, one a line, and the same as
    /// a JSON array: both read back to the bits NumPy reads.
    @Test func aFileOfValuesGivesNumPysBits() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "lessons-values-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = folder.appending(path: "values.txt")
        let array = folder.appending(path: "values.json")
        let script = """
            import json, sys
            import numpy as np
            x = np.random.RandomState(7).standard_normal(100000) * 10.0 ** np.random.RandomState(8).randint(-300, 300, 100000)
            open(sys.argv[1], 'w').write('\\n'.join(repr(float(v)) for v in x) + '\\n')
            open(sys.argv[2], 'w').write(json.dumps([float(v) for v in x]))
            print(json.dumps([float(v).hex() for v in np.loadtxt(sys.argv[1])]))
            """
        let answer = try JSONSerialization.jsonObject(with: python(script, [lines.path, array.path])) as? [String] ?? []
        let want = answer.map { Double(hex: $0) }
        try #require(want.count == 100_000)
        for file in [lines, array] {
            let text = try String(contentsOf: file, encoding: .utf8)
            let got = try #require(try ParameterValue(fileText: text, file: file.lastPathComponent, as: .vector, for: "x").tensor).scalars
            let differing = zip(got, want).filter { $0.bitPattern != $1.bitPattern }.count
            #expect(got.count == want.count && differing == 0, "\(file.lastPathComponent): \(differing) of \(got.count) differ")
        }
    }
}
