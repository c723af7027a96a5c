import Arithmetic

/// The values a lesson runs with: the learner's settings over the notebook's
/// defaults, and the arithmetic to compute in. Parameters with no default
/// (drawn ones) are absent unless set.
public struct Inputs: Sendable {
    public let values: [String: ParameterValue]
    /// The order of matrix products and whose exp and log to call: the
    /// canonical arithmetic unless the run asks for another. A function
    /// parameter's exp and log are already bound to it.
    public let arithmetic: Arithmetic

    public init(_ values: [String: ParameterValue], arithmetic: Arithmetic = .canonical) {
        self.values = values.mapValues { $0.computing(in: arithmetic) }
        self.arithmetic = arithmetic
    }

    public func number(_ name: String) -> Double {
        guard case .number(let x) = values[name] else { preconditionFailure("no number parameter '\(name)'") }
        return x
    }

    public func count(_ name: String) -> Int {
        guard case .count(let n) = values[name] else { preconditionFailure("no count parameter '\(name)'") }
        return n
    }

    /// A vector or matrix parameter, or nil when it was left to be drawn.
    public func tensor(_ name: String) -> Tensor? {
        guard case .tensor(let t) = values[name] else { return nil }
        return t
    }

    public func vector(_ name: String) -> [Double] {
        guard let t = tensor(name) else { preconditionFailure("no vector parameter '\(name)'") }
        return t.scalars
    }

    public func text(_ name: String) -> String {
        guard case .text(let text) = values[name] else { preconditionFailure("no text parameter '\(name)'") }
        return text
    }

    public func function(_ name: String) -> Expression {
        guard case .function(let f) = values[name] else { preconditionFailure("no function parameter '\(name)'") }
        return f
    }
}
