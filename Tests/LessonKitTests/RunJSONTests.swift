import LessonKit
import Testing

/// `Run.jsonUTF8` writes the outputs straight from their tensors; it must
/// give the bytes the JSON tree of the same run serialises to.
struct RunJSONTests {
    private struct Shapes: Lesson {
        static let scale = Input<Double>.number("scale", default: "1.5", "a factor")
        static let names = ["scalar", "vector", "matrix", "cube", "empty", "nan"].map(OutputKey.init)
        static let configuration = LessonConfiguration(
            id: "shapes", title: "tensors of every rank, with non-finite values", parameters: [scale], outputs: names)

        func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
            let s = inputs[Self.scale]
            return [
                Output(named: "scalar", Tensor(scalar: s * 1e-300)),
                Output(named: "vector", Tensor(vector: [s, -s, .infinity, -.infinity, .nan, 0, -0.0, 1e16, 0.1])),
                Output(named: "matrix", Tensor(shape: [3, 2], scalars: [1, 2, s, s, .leastNonzeroMagnitude, .greatestFiniteMagnitude])),
                Output(named: "cube", Tensor(shape: [2, 2, 2], scalars: (0..<8).map { Double($0) / 3 })),
                Output(named: "empty", Tensor(vector: [])),
                Output(named: "nan", Tensor(scalar: .nan)),
            ]
        }
    }

    @Test(arguments: [["scalar", "vector", "matrix", "cube", "empty", "nan"], ["matrix"], [], ["nan", "scalar"]])
    func matchesTheTreesText(shown: [String]) throws {
        let run = try Shapes().run(seed: nil, settings: ["scale=-2.75"])
        let extra: [(String, JSON)] = [("trace", .object([("rows", .array([.array([.string("a\"b")])]))]))]
        for extra in [[], extra] {
            guard case .object(var pairs) = run.json else {
                Issue.record("a run's JSON is an object")
                return
            }
            pairs = pairs.map { key, value in
                guard key == "outputs", case .object(let outputs) = value else { return (key, value) }
                return (key, .object(outputs.filter { shown.contains($0.0) }))
            }
            let tree = JSON.object(pairs + extra).serializedUTF8()
            let streamed = run.jsonUTF8(outputs: shown, extra: extra)
            #expect(String(decoding: streamed, as: UTF8.self) == String(decoding: tree, as: UTF8.self))
        }
    }
}
