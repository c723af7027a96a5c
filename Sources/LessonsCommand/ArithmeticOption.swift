import ArgumentParser
import Arithmetic
import LessonKit
import Oracle

/// What `--arithmetic` names: one the lessons implement, or `numpy`, the
/// order the local NumPy computes in (asked of it when the command runs).
enum ArithmeticChoice: Equatable, ExpressibleByArgument {
    case named(Arithmetic)
    case numpy

    init?(argument: String) {
        if argument == "numpy" {
            self = .numpy
        } else if let arithmetic = Arithmetic(name: argument) {
            self = .named(arithmetic)
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { Arithmetic.names + ["numpy"] }
    var defaultValueDescription: String { "canonical" }

    /// The help every command with the option shows.
    static let help = ArgumentHelp(
        "The arithmetic to compute in: canonical (\(Arithmetic.canonical.name), the same bits on every machine), "
            + "numpy (the order of NumPy's products and its exp and log here, asked of it), or one of "
            + "\(Arithmetic.all.map(\.name).joined(separator: ", ")).",
        valueName: "NAME")

    /// The arithmetic itself: for `numpy`, NumPy's order in the parts the
    /// lessons depend on, the canonical one in the others.
    ///
    /// Asking NumPy needs python3 with NumPy (65 without, as for any oracle
    /// that cannot answer); an order the lessons do not implement is one line
    /// naming it and the ones they do, with exit status 69 (unavailable).
    func resolved(for parts: Arithmetic.Parts, environment: [String: String]) throws -> Arithmetic {
        switch self {
        case .named(let arithmetic): return arithmetic
        case .numpy:
            let versions: NumPyOracle.Versions
            do { versions = try NumPyOracle(environment: environment).answer([], label: { "case \($0)" }).versions } catch {
                throw CommandFailure("--arithmetic numpy: \(error)", status: ExitStatus.badData)
            }
            guard let arithmetic = versions.arithmetic(for: parts) else {
                throw CommandFailure(
                    "--arithmetic numpy: \(versions) computes as \(versions.profile) here, an order the lessons do not implement; "
                        + "they implement \(Arithmetic.all.map(\.name).joined(separator: ", ")) (canonical: \(Arithmetic.canonical.name))",
                    status: ExitStatus.unavailable)
            }
            return arithmetic
        }
    }
}
