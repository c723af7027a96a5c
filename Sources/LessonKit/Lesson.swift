import Arithmetic
import Plot

/// One lesson: what it takes and gives, and how it computes.
///
/// Shaped like swift-argument-parser's `ParsableCommand`: a lesson is a
/// value with a static ``configuration`` (its id, title, parameters and
/// outputs, declared once as typed keys) and a ``run(_:rng:)``; what checks
/// it (notebook cells, the book's printed values, recorded examples,
/// tolerances, the sweep's variations) is one value of its own,
/// ``checks``; how it is shown (narration, notes, trace, summary, figure,
/// glossary) are hooks with defaults. It must be deterministic: the same
/// inputs and seed give the same bits on every run.
///
/// ```swift
/// public struct Square: Lesson {
///     public enum Parameters { public static let x = Input<Double>.number("x", default: "3", "the number to square") }
///     public enum Outputs { public static let square = OutputKey("square") }
///     public static let configuration = LessonConfiguration(
///         id: "square", title: "a number times itself", parameters: [Parameters.x], outputs: [Outputs.square])
///     public init() {}
///     public func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output] {
///         let x = inputs[Parameters.x]
///         return [Output(Outputs.square, Tensor(scalar: x * x))]
///     }
/// }
/// ```
public protocol Lesson: Sendable {
    /// What the lesson is: id, title, source, parameters, outputs, seed.
    static var configuration: LessonConfiguration { get }
    /// Computes the outputs, in the order of the configuration's outputs.
    func run(_ inputs: Inputs, rng: inout RandomState) throws(LessonError) -> [Output]

    /// What the lesson is checked against. None but a default example by default.
    var checks: LessonChecks { get }

    /// What the lesson teaches, in each language it is written in.
    var narration: Narration { get }
    /// A few sentences on what this run did, computed from its outputs (it
    /// diverged at step k, x froze, t is not a distribution), printed after
    /// the outputs by `lessons run`. None by default.
    func notes(_ run: Run, language: Narration.Language) -> [String]
    /// The steps behind the result, for `lessons run ID --trace`, or nil when
    /// the lesson has none to show (the default).
    func trace(_ run: Run) -> Trace?
    /// A short table a plain `lessons run` prints after the outputs, e.g.
    /// training's accuracy per epoch with the middle rows left out; nil
    /// (the default) prints none. `--trace` prints the whole trace instead.
    func summary(_ run: Run, language: Narration.Language) -> Trace?
    /// A figure of a finished run, for `lessons run ID --plot FILE.svg`.
    /// Throws `.cannotDraw` with the reason when the run cannot be drawn.
    func figure(_ run: Run) throws(LessonError) -> Figure
    /// The phrases of the lesson's title, figures and tables in Chinese
    /// (its narration and notes are written in both languages whole).
    var glossary: Glossary { get }
    /// The floating-point operations of the run's matrix products, 2·m·k·n
    /// for each m×k by k×n product, for `lessons bench` to set beside the
    /// machine's own matrix-product rate; nil (the default) where products
    /// are not most of the work.
    func productFlops(_ run: Run) -> Double?
}

extension Lesson {
    public var checks: LessonChecks { LessonChecks() }
    public var narration: Narration { Narration() }
    public func notes(_ run: Run, language: Narration.Language) -> [String] { [] }
    public func trace(_ run: Run) -> Trace? { nil }
    public func summary(_ run: Run, language: Narration.Language) -> Trace? { nil }
    public func figure(_ run: Run) throws(LessonError) -> Figure {
        throw .cannotDraw(lesson: id, reason: "this lesson has no figure")
    }
    public var glossary: Glossary { Glossary([:]) }
    public func productFlops(_ run: Run) -> Double? { nil }
}

/// What a lesson is, as a value: ``Lesson/configuration``.
public struct LessonConfiguration: Sendable {
    /// The name on the command line: `lessons run derivative`.
    public var id: String
    /// A few words for `lessons list`.
    public var title: String
    /// Where the lesson comes from, for headings: `notebook In [263]`, or
    /// the book's script it follows; nil for a lesson of one's own.
    public var source: String?
    /// The parameters, in the order `list` and a transcript show them.
    public var parameters: [Parameter]
    /// The outputs, in the order ``Lesson/run(_:rng:)`` returns them.
    public var outputs: [OutputKey]
    /// The outputs a plain `lessons run` prints: what the lesson is about
    /// (two-layer-net's `difference`, not its 39 760 gradient values). The
    /// others are named with their shapes; `--outputs`, `--format json` and
    /// the fixtures have every one.
    public var highlights: [OutputKey]
    /// The seed used when none is given, or nil for a lesson that draws no
    /// random numbers (and so refuses `--seed`).
    public var defaultSeed: UInt32?
    /// The machine-dependent parts of NumPy's arithmetic (``Arithmetic``) the
    /// outputs may depend on: `.products` for a lesson with matrix products,
    /// `.functions` for one that calls exp or log. A run computes them in the
    /// arithmetic it is given (``Inputs/arithmetic``); the harness uses this
    /// to know when NumPy's own order on a machine is one the lesson can follow.
    public var arithmeticParts: Arithmetic.Parts
    /// The lesson's NumPy reference, which `crosscheck`, `record --from
    /// numpy` and `bench` run: by default `reference.py` in the folder of
    /// the file that declares the configuration.
    public var reference: String
    /// The folder of the package's fixtures: by default `Fixtures` at the
    /// root of the package whose target declares the configuration (two
    /// folders above the file: `Lessons/<Name>/` or `Sources/<Name>/`).
    /// `verify` and `record` without lesson ids take the lessons whose
    /// folder is the one they are given.
    public var fixtures: String

    /// `reference` defaults to `reference.py` beside the file this is
    /// written in (`file` is the caller's own `#filePath`).
    public init(
        id: String, title: String, source: String? = nil, parameters: [any ParameterDeclaration] = [], outputs: [OutputKey],
        highlights: [OutputKey]? = nil, defaultSeed: UInt32? = nil, arithmeticParts: Arithmetic.Parts = .all,
        reference: String? = nil, fixtures: String? = nil, file: String = #filePath
    ) {
        self.id = id
        self.title = title
        self.source = source
        self.parameters = parameters.map(\.parameter)
        self.outputs = outputs
        self.highlights = highlights ?? outputs
        self.defaultSeed = defaultSeed
        self.arithmeticParts = arithmeticParts
        let folders = file.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        self.reference = reference ?? (folders.joined(separator: "/") + "/reference.py")
        self.fixtures = fixtures ?? (folders.dropLast(2).joined(separator: "/") + "/Fixtures")
    }
}

/// What a lesson is checked against: ``Lesson/checks``.
public struct LessonChecks: Sendable {
    /// What the source notebook printed for this lesson.
    public var notebook: [NotebookCase]
    /// The notebook cells the lesson covers, found by count and fingerprint.
    public var sourceCells: [NotebookCell]
    /// What the book prints for the lesson's computation.
    public var book: [BookCase]
    /// The cases recorded in the lesson's fixture at full precision.
    public var examples: [Example]
    /// Outputs that need a tolerance other than bit-for-bit; why is stated
    /// where they are declared.
    public var tolerances: [String: Tolerance]
    /// A varied case for the cross-check sweep, drawn from the RNG: other
    /// seeds, points, functions, learning rates. The default example when nil.
    public var variation: (@Sendable (inout RandomState) -> Example)?

    public init(
        notebook: [NotebookCase] = [], sourceCells: [NotebookCell] = [], book: [BookCase] = [], examples: [Example] = [Example("default")],
        tolerances: [String: Tolerance] = [:], variation: (@Sendable (inout RandomState) -> Example)? = nil
    ) {
        self.notebook = notebook
        self.sourceCells = sourceCells
        self.book = book
        self.examples = examples
        self.tolerances = tolerances
        self.variation = variation
    }
}

/// The configuration and checks of any lesson, read from its value, for
/// the code that handles lessons of every type (registry, harness, command).
extension Lesson {
    public var configuration: LessonConfiguration { Self.configuration }
    public var id: String { Self.configuration.id }
    public var title: String { Self.configuration.title }
    /// Where the lesson comes from, for headings; empty for a lesson of one's own.
    public var source: String { Self.configuration.source ?? "" }
    public var parameters: [Parameter] { Self.configuration.parameters }
    /// The outputs' names, in the order ``run(_:rng:)`` returns them.
    public var outputs: [String] { Self.configuration.outputs.map(\.name) }
    public var highlights: [String] { Self.configuration.highlights.map(\.name) }
    public var defaultSeed: UInt32? { Self.configuration.defaultSeed }
    public var arithmeticParts: Arithmetic.Parts { Self.configuration.arithmeticParts }
    public var notebook: [NotebookCase] { checks.notebook }
    public var sourceCells: [NotebookCell] { checks.sourceCells }
    public var book: [BookCase] { checks.book }
    public var examples: [Example] { checks.examples }
    public var tolerances: [String: Tolerance] { checks.tolerances }
    public func variation(_ rng: inout RandomState) -> Example { checks.variation?(&rng) ?? Example("default") }
}
