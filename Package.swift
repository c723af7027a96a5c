// swift-tools-version: 6.1
import Foundation
import PackageDescription

// MARK: - Lessons

/// The lessons, in the order `lessons list` shows them.
///
/// Adding a lesson is a folder `Lessons/<Name>/` holding a public type `<Name>`
/// that conforms to `Lesson`, plus one line here. `optimised` compiles it with
/// `-O` in debug builds too, so that `swift test` runs the network lessons at
/// their real sizes in seconds.
let lessons: [(name: String, optimised: Bool)] = [
    ("Derivative", optimised: false),
    ("Gradient", optimised: false),
    ("Descent", optimised: false),
    ("SimpleNet", optimised: true),
    ("SimpleNetGradient", optimised: true),
    ("TwoLayerNet", optimised: true),
    ("Training", optimised: true),
    ("ComputationalGraph", optimised: false),
    ("Layers", optimised: true),
    ("GradientCheck", optimised: true),
]

/// The numeric kernels are compiled optimised in debug builds too. SwiftPM
/// allows such flags in a root package and in one a package depends on by
/// path, so a lesson package depends on a checkout of this one
/// (`.package(path:)`), as Examples/Optimizers does.
let optimisedC: [CSetting] = [.unsafeFlags(["-O2"], .when(configuration: .debug))]
let optimisedSwift: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

/// A lesson depends on the lesson library only; no lesson imports another.
let lessonTargets: [Target] = lessons.map { lesson in
    .target(
        name: lesson.name,
        dependencies: ["LessonKit", "Plot", "Arithmetic", "NumPyMath", "Datasets", "NeuralNet"],
        path: "Lessons/\(lesson.name)",
        // Not Swift: the NumPy reference (run by Tools/oracle.py) and figures for README.
        exclude: ((try? FileManager.default.contentsOfDirectory(atPath: "\(Context.packageDirectory)/Lessons/\(lesson.name)")) ?? [])
            .filter { $0.hasSuffix(".py") || $0.hasSuffix(".svg") || $0.hasSuffix(".md") || $0 == "__pycache__" },
        swiftSettings: lesson.optimised ? optimisedSwift : []
    )
}

// MARK: - The lesson library

/// The protocol and what a lesson declares and runs with; each concept it
/// builds on is a target of its own, re-exported by LessonKit.
let lessonLibrary: [Target] = [
    .target(
        name: "LessonKit",
        dependencies: ["Expressions", "JSON", "NumPyMath", "NumPyRandom", "NumPyText", "Terminal", "Plot", "Arithmetic", "CInterrupts"]),
    // The expression language of `function=` parameters, compiled to a program.
    .target(name: "Expressions", dependencies: ["Arithmetic", "NumPyMath"]),
    // JSON values, written with Python's repr of doubles and parsed with limits.
    .target(name: "JSON", dependencies: ["NumPyMath", "NumPyText", "Terminal", "CDoubleText"]),
    // NumPy's printing of doubles and arrays (repr, str, printf).
    .target(name: "NumPyText", dependencies: ["NumPyMath", "CDoubleText"]),
    // NumPy's legacy random stream (np.random.seed, randn, rand, choice).
    .target(name: "NumPyRandom", dependencies: ["NumPyMath"]),
    // Text as a terminal shows it, quoting bad input, progress and Ctrl-C.
    .target(name: "Terminal", dependencies: ["CInterrupts"]),
    // Figures as SVG.
    .target(name: "Plot", dependencies: ["CDoubleText"]),
    // The book's two-layer network (chapter 4's sigmoid, chapter 5's layers), its
    // data and its numerical gradient: library code the network lessons share.
    .target(
        name: "NeuralNet", dependencies: ["LessonKit", "Plot", "Arithmetic", "NumPyMath", "Datasets"], swiftSettings: optimisedSwift),
    // Data sets: the embedded MNIST subset, IDX files, fetching and checksums.
    .target(name: "Datasets", dependencies: ["Gzip", "Checksums", "CHTTP", "FileAccess", "EmbeddedMNIST", "_NumPyKernels"]),
    // The embedded MNIST subset travels as a resource folder, with its README, licence and
    // checksums, in a target of its own (see its one source file for why).
    .target(name: "EmbeddedMNIST", resources: [.copy("Embedded")]),
]

// MARK: - NumPy's arithmetic

let numpyArithmetic: [Target] = [
    // The canonical arithmetic and NumPy's other orders, as a value a run is given.
    .target(name: "Arithmetic", dependencies: ["_NumPyExpLog"]),
    // Arrays, products, reductions and elementwise functions in NumPy's order.
    .target(name: "NumPyMath", dependencies: ["Arithmetic", "_NumPyKernels", "_NumPyExpLog"], swiftSettings: optimisedSwift),
    // NumPy's exp and log (a port of the SVML routines its wheels use on AVX-512):
    // plain flags, since the expression language uses them too.
    .target(name: "_NumPyExpLog", linkerSettings: [.linkedLibrary("m")]),
    .target(name: "_NumPyKernels", dependencies: ["_NumPyExpLog"], cSettings: optimisedC, linkerSettings: [.linkedLibrary("m")]),
]

// MARK: - Checking

let checking: [Target] = [
    // Golden fixtures, verify and record.
    .target(name: "Harness", dependencies: ["LessonKit", "Arithmetic", "Gzip", "FileAccess"]),
    // The NumPy oracle and crosscheck.
    .target(name: "Oracle", dependencies: ["LessonKit", "Arithmetic", "Harness", "ChildProcess"]),
    // A notebook's printed outputs against the lessons.
    .target(name: "Notebook", dependencies: ["LessonKit", "Harness", "Checksums", "FileAccess"]),
    .target(name: "Bench", dependencies: ["LessonKit", "Arithmetic", "Oracle"]),
    .target(name: "ChildProcess", dependencies: ["FileAccess"]),
    // Reading capped files and writing whole ones atomically.
    .target(name: "FileAccess", dependencies: ["Terminal"]),
    // SHA-256 as lowercase hex: data files, notebook cells.
    .target(name: "Checksums", dependencies: ["CSHA256"]),
    // gzip through the system zlib: byte-stable output, capped decoding.
    .target(name: "Gzip", dependencies: ["CZlib"]),
]

// MARK: - C shims

let cShims: [Target] = [
    // Doubles as C text in the C locale: printf of one double (without Swift's
    // va_list, see its header for why) and reading one back.
    .target(name: "CDoubleText"),
    // Ctrl-C: the flags and handler a signal may touch (see its header for why C).
    .target(name: "CInterrupts"),
    .target(name: "CZlib", linkerSettings: [.linkedLibrary("z")]),
    // SHA-256, with the CPU's SHA instructions where there are some.
    .target(name: "CSHA256"),
    // HTTP GET through libcurl, loaded with dlopen on first use: in libc from
    // glibc 2.34, in libdl before.
    .target(name: "CHTTP", linkerSettings: [.linkedLibrary("dl")]),
]

// MARK: - The command

let command: [Target] = [
    .target(
        name: "LessonsCommand",
        dependencies: [
            "LessonKit", "Arithmetic", "Harness", "Oracle", "Datasets", "Bench", "Notebook", "FileAccess", "ChildProcess",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]
    ),
    .plugin(name: "LessonCatalogGenerator", capability: .buildTool()),
    .target(
        name: "LessonCatalog",
        dependencies: ["LessonKit"] + lessons.map { .target(name: $0.name) },
        plugins: ["LessonCatalogGenerator"]
    ),
    // The release build links the Swift runtime and FoundationEssentials
    // statically: a run then starts without loading and binding ten Swift
    // libraries. The debug build, which `swift test` links into its test
    // bundle, stays dynamic.
    .executableTarget(
        name: "lessons", dependencies: ["LessonsCommand", "LessonCatalog"],
        swiftSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))],
        linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(configuration: .release))]),
]

// MARK: - Tests

let tests: [Target] = [
    // What several test targets share: a seeded generator for fuzz tests.
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "LessonKitTests", dependencies: ["LessonKit"]),
    .testTarget(name: "ExpressionsTests", dependencies: ["Expressions", "NumPyMath", "NumPyRandom"]),
    .testTarget(name: "JSONTests", dependencies: ["JSON", "NumPyMath", "NumPyText", "NumPyRandom"]),
    .testTarget(name: "NumPyTextTests", dependencies: ["NumPyText", "NumPyMath"]),
    .testTarget(name: "NumPyRandomTests", dependencies: ["NumPyRandom", "NumPyMath"]),
    .testTarget(name: "TerminalTests", dependencies: ["Terminal"]),
    .testTarget(name: "DatasetsTests", dependencies: ["TestSupport", "Datasets", "FileAccess", "Gzip", "Checksums"]),
    .testTarget(name: "PlotTests", dependencies: ["Plot"]),
    .testTarget(name: "ChildProcessTests", dependencies: ["ChildProcess"]),
    .testTarget(name: "FileAccessTests", dependencies: ["FileAccess"]),
    .testTarget(name: "GzipTests", dependencies: ["Gzip"]),
    .testTarget(name: "ChecksumsTests", dependencies: ["Checksums"]),
    .testTarget(name: "NumPyMathTests", dependencies: ["TestSupport", "NumPyMath", "Arithmetic", "_NumPyExpLog"]),
    .testTarget(name: "BenchTests", dependencies: ["Bench", "Oracle", "LessonKit", "LessonCatalog"]),
    .testTarget(name: "HarnessTests", dependencies: ["Harness", "Arithmetic", "LessonKit", "LessonCatalog", "Gzip", "FileAccess"]),
    .testTarget(
        name: "OracleTests", dependencies: ["TestSupport", "Oracle", "Bench", "Harness", "Arithmetic", "LessonKit", "LessonCatalog"] + lessons.map { .target(name: $0.name) }),
    .testTarget(
        name: "LessonsTests",
        dependencies: ["LessonKit", "LessonCatalog", "Arithmetic", "NumPyMath", "Harness", "NeuralNet", "Datasets"] + lessons.map { .target(name: $0.name) }
    ),
    .testTarget(name: "NotebookTests", dependencies: ["TestSupport", "Notebook", "Harness", "LessonKit", "LessonCatalog", "LessonsCommand"]),
    // Not on the `lessons` executable, whose release link is static: the
    // tests run the binary that `swift build --build-tests` builds with
    // everything else.
    .testTarget(name: "LessonsCommandTests", dependencies: ["TestSupport", "LessonsCommand", "LessonKit", "LessonCatalog", "Gzip"]),
]

let package = Package(
    name: "lessons",
    // Mutex and Atomic (Synchronization) need macOS 15.
    platforms: [.macOS(.v15)],
    // What a lesson package of one's own builds on (Examples/Optimizers is
    // one): the protocol, the command, the built-in lessons to run beside
    // one's own, NumPy's arithmetic, figures, data sets and the oracle.
    products: [
        .library(name: "LessonKit", targets: ["LessonKit"]),
        .library(name: "LessonsCommand", targets: ["LessonsCommand"]),
        .library(name: "LessonCatalog", targets: ["LessonCatalog"]),
        .library(name: "NumPyMath", targets: ["NumPyMath"]),
        .library(name: "Arithmetic", targets: ["Arithmetic"]),
        .library(name: "Plot", targets: ["Plot"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "Oracle", targets: ["Oracle"]),
        .executable(name: "lessons", targets: ["lessons"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: lessonTargets + lessonLibrary + numpyArithmetic + checking + cShims + command + tests
)
