/// A parameter as a lesson declares and reads it: named once, typed by its
/// value. The lesson keeps it as a static constant, lists it in its
/// configuration and reads it back through it (`inputs[Parameters.h]`), so
/// a misspelt name is a compile error, not a run-time one.
///
/// ```swift
/// static let h = Input<Double>.number("h", default: "1e-4", "the half-width of the difference")
/// static let w = Input<Tensor>.matrix("w", rows: 2, columns: 3, drawn: "the weights; drawn by randn(2, 3) unless set")
/// ```
public struct Input<Value: InputValue>: ParameterDeclaration {
    /// The declaration `list`, parsing and fixtures use.
    public let parameter: Parameter
    public var name: String { parameter.name }

    init(_ parameter: Parameter) { self.parameter = parameter }
}

/// What a configuration's parameter list holds: typed keys, or plain
/// ``Parameter`` values for code that builds lessons from data.
public protocol ParameterDeclaration: Sendable {
    var parameter: Parameter { get }
}

extension Parameter: ParameterDeclaration {
    public var parameter: Parameter { self }
}

/// A lesson's output, named once: `Output(Outputs.dW, …)` when the lesson
/// makes it, `run[Outputs.dW]` when its notes and figure read it.
public struct OutputKey: Sendable, Hashable {
    public let name: String
    public init(_ name: String) { self.name = name }
}

/// What a parameter's value reads as.
public protocol InputValue: Sendable {
    /// The value, or nil when `value` is of another kind.
    static func read(_ value: ParameterValue) -> Self?
}

extension Double: InputValue {
    public static func read(_ value: ParameterValue) -> Double? { value.number }
}

extension Int: InputValue {
    public static func read(_ value: ParameterValue) -> Int? { if case .count(let n) = value { n } else { nil } }
}

extension String: InputValue {
    public static func read(_ value: ParameterValue) -> String? { if case .text(let text) = value { text } else { nil } }
}

extension Tensor: InputValue {
    public static func read(_ value: ParameterValue) -> Tensor? { value.tensor }
}

extension Expression: InputValue {
    public static func read(_ value: ParameterValue) -> Expression? { value.function }
}

extension Input where Value == Double {
    /// A real number, e.g. `h` or `lr`.
    public static func number(_ name: String, default text: String, _ summary: String) -> Input {
        Input(Parameter(name, .number, default: text, summary))
    }
}

extension Input where Value == Int {
    /// A whole number from `from` to `limit`, e.g. `steps` (from 0) or `batch_size` (from 1).
    public static func count(_ name: String, from: Int = 0, limit: Int, default text: String, _ summary: String) -> Input {
        Input(Parameter(name, .count(from: from, limit: limit), default: text, summary))
    }
}

extension Input where Value == String {
    /// A word or a path; `accepted` says what is accepted, and the lesson
    /// checks the value when it runs.
    public static func text(_ name: String, accepted: String, default text: String, _ summary: String) -> Input {
        Input(Parameter(name, .text(accepted), default: text, summary))
    }
}

extension Input where Value == Expression {
    /// A function written as an ``Expression`` of x, or of x0, x1, … and x.
    public static func function(_ name: String, of variables: Expression.Variables, default text: String, _ summary: String) -> Input {
        Input(Parameter(name, .function(variables), default: text, summary))
    }
}

extension Input where Value == Tensor {
    /// A vector of any length, e.g. the point `x` of the gradient lesson.
    public static func vector(_ name: String, default text: String, _ summary: String) -> Input {
        Input(Parameter(name, .vector, default: text, summary))
    }

    /// A vector of a fixed length, e.g. the target `t` of SimpleNet.
    public static func vector(_ name: String, length: Int, default text: String, _ summary: String) -> Input {
        Input(Parameter(name, .fixedVector(length: length), default: text, summary))
    }

    /// A matrix whose shape is fixed or follows other parameters
    /// (`rows: .parameter("input_size")`), given or by default.
    public static func matrix(_ name: String, rows: Dimension, columns: Dimension, default text: String, _ summary: String) -> Input {
        Input(Parameter(name, .matrix(rows: rows, columns: columns), default: text, summary))
    }

    /// A matrix the lesson draws from the seeded RNG unless it is set: no
    /// default; the lesson reads it with ``Inputs/given(_:)``.
    public static func matrix(_ name: String, rows: Dimension, columns: Dimension, drawn summary: String) -> Input {
        Input(Parameter(name, .matrix(rows: rows, columns: columns), default: nil as ParameterValue?, summary))
    }
}

extension Inputs {
    /// The value of a parameter the lesson declared; it has a default, so it
    /// is always there (a drawn one is read with ``given(_:)``).
    public subscript<Value>(_ input: Input<Value>) -> Value {
        guard let stored = values[input.name], let value = Value.read(stored) else {
            preconditionFailure("parameter '\(input.name)' has no \(Value.self) value: is it in the lesson's configuration?")
        }
        return value
    }

    /// The value of a parameter the lesson draws unless it is set, or nil
    /// when it was left to be drawn.
    public func given<Value>(_ input: Input<Value>) -> Value? { values[input.name].flatMap(Value.read) }
}

extension Run {
    /// The value a parameter had in this run, or nil when it was drawn.
    public subscript<Value>(_ input: Input<Value>) -> Value? { parameter(input.name).flatMap(Value.read) }

    /// The value of an output of this run.
    public subscript(_ output: OutputKey) -> Tensor { self.output(output.name) }
}
