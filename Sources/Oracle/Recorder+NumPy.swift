import Arithmetic
import Harness
import LessonKit

extension Recorder {
    /// Recorded values computed by the NumPy oracle instead of the Swift
    /// lesson, one oracle process per lesson. NumPy computes in its own
    /// order, so a lesson's values are taken from it only where that order is
    /// the fixtures' arithmetic in every part the lesson depends on.
    public static func numpy(_ oracle: NumPyOracle) throws -> Recorder {
        let (versions, _) = try oracle.answer([], label: { "case \($0)" })
        return Recorder(provenance: "recorded from the NumPy reference (Tools/oracle.py; \(versions))") { lesson, arithmetic, batch in
            let numpy = versions.arithmetic(for: lesson.arithmeticParts)
            guard let numpy, numpy.agrees(with: arithmetic, on: lesson.arithmeticParts) else {
                throw OracleError.otherArithmetic(lesson: lesson.id, numpy: versions.profile, fixtures: arithmetic.name)
            }
            if lesson.arithmeticParts.contains(.products), let reason = versions.unusable { throw OracleError.unusable(reason) }
            let requests = batch.map { inputs in
                JSON.object([
                    ("lesson", .string(lesson.id)), ("reference", .string(lesson.configuration.reference)), ("seed", inputs.seed.map { .integer($0) } ?? .null),
                    ("parameters", .object(inputs.parameters)),
                ])
            }
            let (_, answers) = try oracle.answer(requests) {
                "\(lesson.id) case with parameters \(requests[$0]["parameters"]!.serialized())"
            }
            return try zip(requests, answers).map { request, answer in
                let label = "\(lesson.id) case with parameters \(request["parameters"]!.serialized())"
                if let error = answer["error"]?.stringValue { throw OracleError.raised(at: label, message: error) }
                return try lesson.outputs.map { name in
                    guard let value = answer["outputs"]?[name]?.tensorValue else {
                        throw OracleError.malformed(at: label, text: "no output \(name)")
                    }
                    return Output(named: name, value)
                }
            }
        }
    }
}
