import _NumPyExpLog

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The part of NumPy's float64 arithmetic that differs from one machine to
/// the next, chosen once per run: the order in which a matrix product adds
/// up, and whose `exp` and `log` are called.
///
/// Everything else the lessons compute is the same operations in the same
/// order on every machine: + − × ÷ and square roots (correctly rounded by
/// IEEE 754), NumPy's sums (pairwise, or row by row), the legacy RNG. What
/// NumPy leaves to the machine is fixed here as a value:
///
/// - ``Products``: NumPy's `np.dot` calls OpenBLAS, whose kernel for the CPU
///   decides how each output's K terms are grouped and whether a
///   multiply-add is fused. Two kernels' results differ in the last bits of
///   about 80 % of a 100×784·784×50 product's outputs.
/// - ``Functions``: NumPy's Linux wheels compute `np.exp` and `np.log` with
///   the SVML routines they bundle on AVX-512 CPUs, and with the C library
///   elsewhere. The two differ in the last bit for about 5 % of exp and
///   0.4 % of log inputs.
///
/// A run computes in ``canonical`` by default, on every CPU and OS: the
/// order the package's fixtures hold. The loops that compute it (AVX-512,
/// AVX2 or portable C with `fma()`) change the speed, never the bits. The
/// other arithmetics are NumPy's orders on other machines, there to be
/// compared with NumPy there (`lessons run --arithmetic numpy`).
public struct Arithmetic: Hashable, Sendable, CustomStringConvertible {
    /// Whose order a matrix product follows: one of OpenBLAS's kernels, as
    /// `Sources/_NumPyKernels/dot.c` states them.
    public enum Products: String, CaseIterable, Sendable {
        /// OpenBLAS's SkylakeX kernels (its choice on CPUs with AVX-512): small
        /// products (m·n·k ≤ 10⁶) in its small-matrix kernels, larger ones in
        /// blocks of K ≤ 384, one FMA chain per block.
        case skylakeX = "skylakex"
        /// OpenBLAS's Haswell kernels (AVX2 + FMA without AVX-512, Zen too):
        /// blocks of K ≤ 256, one FMA chain per block, and an odd last row of
        /// four chains.
        case haswell
    }

    /// Whose `exp` and `log` a run calls.
    public enum Functions: String, CaseIterable, Sendable {
        /// NumPy's SVML routines (its AVX-512 loops), through a scalar port in
        /// portable C: the same bits on every machine.
        case svml
        /// The C library's: glibc's on Linux. They are NumPy's own on a CPU
        /// without AVX-512, and differ between C libraries.
        case libm

        /// `np.exp(x)` computed this way.
        @inline(__always) public func exp(_ x: Double) -> Double {
            switch self {
            case .svml: npk_exp(x)
            case .libm: Self.libmExp(x)
            }
        }

        /// `np.log(x)` computed this way.
        @inline(__always) public func log(_ x: Double) -> Double {
            switch self {
            case .svml: npk_log(x)
            case .libm: Self.libmLog(x)
            }
        }

        // The C library's, named apart from the methods above.
        private static func libmExp(_ x: Double) -> Double {
            #if canImport(Glibc)
                Glibc.exp(x)
            #else
                Darwin.exp(x)
            #endif
        }

        private static func libmLog(_ x: Double) -> Double {
            #if canImport(Glibc)
                Glibc.log(x)
            #else
                Darwin.log(x)
            #endif
        }
    }

    /// The machine-dependent parts a lesson's outputs may depend on.
    public struct Parts: OptionSet, Hashable, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// Matrix products (``Products``).
        public static let products = Parts(rawValue: 1)
        /// `exp` and `log` (``Functions``).
        public static let functions = Parts(rawValue: 2)
        public static let all: Parts = [.products, .functions]
    }

    public var products: Products
    public var functions: Functions

    public init(products: Products, functions: Functions) {
        self.products = products
        self.functions = functions
    }

    /// The arithmetic of every default run and every fixture: OpenBLAS's
    /// SkylakeX order and NumPy's SVML exp and log, which is what NumPy 2.4's
    /// Linux wheels compute on a CPU with AVX-512.
    public static let canonical = Arithmetic(products: .skylakeX, functions: .svml)

    /// Every arithmetic the lessons implement, the canonical one first.
    public static let all: [Arithmetic] = Products.allCases.flatMap { products in
        Functions.allCases.map { Arithmetic(products: products, functions: $0) }
    }

    /// `skylakex-svml`, `haswell-libm`, …: the kernels, then the functions.
    public var name: String { "\(products.rawValue)-\(functions.rawValue)" }
    public var description: String { name }

    /// The arithmetic called `name` (`canonical` is ``canonical``), or nil.
    public init?(name: String) {
        if name == "canonical" {
            self = .canonical
            return
        }
        guard let found = Self.all.first(where: { $0.name == name }) else { return nil }
        self = found
    }

    /// The names ``init(name:)`` reads, for help and error messages.
    public static var names: [String] { ["canonical"] + all.map(\.name) }

    /// Whether a run in `self` and one in `other` give the same bits for a
    /// lesson whose outputs depend on `parts` only.
    public func agrees(with other: Arithmetic, on parts: Parts) -> Bool {
        (!parts.contains(.products) || products == other.products) && (!parts.contains(.functions) || functions == other.functions)
    }
}
