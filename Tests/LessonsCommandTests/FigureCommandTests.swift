import Foundation
import LessonCatalog
import LessonKit
import Plot
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

let rsvgAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/rsvg-convert")

/// `lessons run ID --plot FILE.svg`, through the built binary.
@Suite(.serialized)
struct FigureCommandTests {
    static let runs: [[String]] = [
        ["derivative"],
        ["derivative", "--set", "function=x**-2", "--set", "x=0.5"],
        ["gradient", "--set", "function=x0^2 + x1^2", "--set", "x=-3,4"],
        ["descent"],
        ["descent", "--set", "lr=10", "--set", "init=-3,4"],
        ["descent", "--set", "lr=1e200", "--set", "steps=4"],
        ["descent", "--set", "lr=1e-10"],
        ["descent", "--set", "lr=1.01"],
        ["descent", "--set", "lr=0.9"],
        ["derivative", "--set", "function=exp(x)", "--set", "x=5"],
        ["derivative", "--set", "function=abs(x)", "--set", "x=0"],
        ["derivative", "--set", "function=exp(x)", "--set", "x=1", "--set", "h=1"],
        ["gradient", "--set", "function=x0^2 - x1^2", "--set", "x=-3,4"],
        ["simplenet"],
        ["simplenet", "--seed", "3", "--set", "t=0,0,1"],
    ]

    func scratch() -> URL { FileManager.default.temporaryDirectory.appending(path: "figure-\(UUID().uuidString).svg") }

    @Test(arguments: runs)
    func figuresAreWellFormedAndDeterministic(_ arguments: [String]) throws {
        let (a, b) = (scratch(), scratch())
        defer {
            try? FileManager.default.removeItem(at: a)
            try? FileManager.default.removeItem(at: b)
        }
        let first = try lessons(["run"] + arguments + ["--plot", a.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("wrote the figure to \(a.path)"))
        _ = try lessons(["run"] + arguments + ["--plot", b.path, "--quiet"])
        let svg = try Data(contentsOf: a)
        #expect(svg == (try Data(contentsOf: b)))
        #expect(XMLParser(data: svg).parse())
        let text = String(decoding: svg, as: UTF8.self)
        #expect(text.contains("width=\"640\" height=\"480\""))
        // No coordinate is inf or nan (words in titles and notes may say so).
        let drawn = text.split(separator: "<text").map { $0.split(separator: "</text>").last ?? "" }.joined()
        #expect(!drawn.contains("nan") && !drawn.contains("inf"))
    }

    @Test(.enabled(if: rsvgAvailable, "rsvg-convert (Debian librsvg2-bin) not found"), arguments: runs)
    func figuresRenderToAPictureThatIsNotBlank(_ arguments: [String]) throws {
        let svg = scratch()
        let png = svg.deletingPathExtension().appendingPathExtension("png")
        defer {
            try? FileManager.default.removeItem(at: svg)
            try? FileManager.default.removeItem(at: png)
        }
        #expect(try lessons(["run"] + arguments + ["--plot", svg.path]).status == 0)
        let render = Process()
        render.executableURL = URL(filePath: "/usr/bin/rsvg-convert")
        render.arguments = ["-o", png.path, svg.path]
        try render.run()
        render.waitUntilExit()
        #expect(render.terminationStatus == 0)
        let image = try PNGImage(Array(try Data(contentsOf: png)))
        #expect(image.width == 640 && image.height == 480)
        var inked = 0
        for pixel in image.pixels where pixel != 0xffff_ffff && pixel != 0xff_ffff { inked += 1 }
        // Axes, ticks, labels and data: well over 2% of the page is ink, in many colours.
        #expect(Double(inked) / Double(image.pixels.count) > 0.02)
        #expect(Set(image.pixels).count > 50)
    }

    @Test func theREADMEFigureIsWhatTheDefaultDescentRunDraws() throws {
        let target = scratch()
        defer { try? FileManager.default.removeItem(at: target) }
        #expect(try lessons("run", "descent", "--plot", target.path).status == 0)
        let committed = try Data(contentsOf: packageRoot.appending(path: "Lessons/Descent/figure.svg"))
        #expect(try Data(contentsOf: target) == committed, "regenerate: swift run lessons run descent --plot Lessons/Descent/figure.svg")
    }

    /// A run that cannot be drawn is still a run: its outputs, then one line
    /// on why there is no figure, and no file; the figure asked for was not
    /// made, so the exit status is 64.
    @Test func aRunThatCannotBeDrawnPrintsItsOutputsAndWhyNot() throws {
        let target = scratch()
        let outcome = try lessons(["run", "gradient", "--plot", target.path])
        #expect(outcome.status == 64)
        #expect(outcome.stdout.contains("array([14.,  6., 10.])"))
        #expect(
            outcome.stderr
                == "no figure written: cannot draw the gradient figure: the gradient field is drawn in the plane, for a function of x0 and x1 at a 2-vector x; this x has 3 coordinates\n"
        )
        #expect(!FileManager.default.fileExists(atPath: target.path))
        let descent = try lessons([
            "run", "descent", "--set", "function=x0^2+x1^2+x2^2", "--set", "init=1,2,3", "--plot", target.path, "-q",
        ])
        #expect(descent.status == 64)
        #expect(descent.stdout.hasPrefix("x = array("))
        #expect(descent.stderr.contains("this init has 3 coordinates"))
        #expect(descent.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: target.path))
    }

    /// A file name of 244 bytes is a file name: its temporary file, beside
    /// it, is named short enough to be one too.
    @Test func aLongFileNameIsWritten() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "lessons-long-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let name = String(repeating: "f", count: 240) + ".svg"
        let outcome = try lessons(["run", "descent", "-q", "--plot", folder.appending(path: name).path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [name])
    }

    @Test func anUnwritablePathIsOneLine() throws {
        let outcome = try lessons(["run", "descent", "--plot", "/nonexistent/dir/f.svg"])
        #expect(outcome.status == 73)
        #expect(outcome.stderr.hasPrefix("error: cannot write the figure to '/nonexistent/dir/f.svg'"))
        #expect(outcome.stderr.split(separator: "\n").count == 1)
    }
}

/// What a learner trusts at a glance, measured on the lessons' own figures:
/// equal scales where both axes are x, labels clear of markers, the legend
/// clear of the data.
struct FigureLayoutTests {
    static let runs: [(String, [String])] =
        FigureCommandTests.runs.map { arguments in
            var settings: [String] = []
            var index = 1
            while index + 1 < arguments.count {
                if arguments[index] == "--set" { settings.append(arguments[index + 1]) }
                index += 2
            }
            return (arguments[0], settings)
        } + [("descent", ["init=-3,4", "lr=0.9"]), ("gradient", ["function=x0^2 - x1^2", "x=0.33,0.33"])]

    func figure(_ id: String, _ settings: [String]) throws -> Figure? {
        let lesson = try LessonCatalog.registry.lesson(id)
        let run = try lesson.run(settings: settings)
        return try? lesson.figure(run)
    }

    @Test(arguments: runs)
    func labelsCoverNoMarkerAndTheLegendNoData(_ id: String, _ settings: [String]) throws {
        guard let figure = try figure(id, settings) else { return }
        let layout = figure.layout()
        for label in layout.labels {
            for marker in layout.markers { #expect(!label.box.intersects(marker), "'\(label.text)' covers a marker: \(id) \(settings)") }
            #expect(
                layout.frames.contains {
                    $0.x <= label.box.x && label.box.maxX <= $0.maxX && $0.y <= label.box.y && label.box.maxY <= $0.maxY
                })
        }
        if let legend = layout.legend { for frame in layout.frames { #expect(!legend.intersects(frame)) } }
        // Numbers in titles have at most four significant figures.
        let digitRuns = figure.title.split(whereSeparator: { !$0.isNumber }).map(\.count)
        #expect(digitRuns.allSatisfy { $0 <= 4 }, "title: \(figure.title)")
    }

    @Test(arguments: runs.filter { $0.0 == "gradient" || $0.0 == "descent" })
    func thePlaneIsDrawnToOneScale(_ id: String, _ settings: [String]) throws {
        guard let figure = try figure(id, settings) else { return }
        let frame = figure.layout().frames[0]
        let across = frame.width / (figure.xRange.upperBound - figure.xRange.lowerBound)
        let up = frame.height / (figure.yRange.upperBound - figure.yRange.lowerBound)
        #expect(abs(across / up - 1) < 1e-9, "y/x scale \(up / across)")
    }

    @Test func theGradientFieldShowsANearbyMinimumAndArrowsPointDownhill() throws {
        let figure = try #require(try figure("gradient", ["function=x0^2 + x1^2", "x=-3,4"]))
        #expect(figure.xRange.contains(0) && figure.yRange.contains(0))
        #expect(figure.layout().labels.map(\.text).contains("minimum downhill from x"))
        // Every arrow points against the gradient 2x: its direction has a negative dot product with x.
        var arrows = 0
        for case .arrow(let from, let to, _) in figure.elements where from.x * from.x + from.y * from.y > 0.25 {
            #expect((to.x - from.x) * from.x + (to.y - from.y) * from.y < 0)
            arrows += 1
        }
        #expect(arrows > 50)
        // log(x0) falls without bound towards x0 = 0: there is no minimum to show.
        let edge = try #require(try self.figure("gradient", ["function=log(x0) + x1^2", "x=0.5,1"]))
        #expect(!edge.layout().labels.map(\.text).contains("minimum downhill from x"))
        // A saddle has none either.
        let saddle = try #require(try self.figure("gradient", ["function=x0^2 - x1^2", "x=-3,4"]))
        #expect(!saddle.layout().labels.map(\.text).contains("minimum downhill from x"))
    }

    /// sin(x0)·cos(x1) has minima at (π/2, π) and (−π/2, 0) (value −1) among
    /// others; from (1, 1) the flow goes up in x1 and ends at (π/2, π), so
    /// that one is marked, not the lower-left one the grid also holds.
    @Test func theGradientFieldMarksTheMinimumTheFlowReaches() throws {
        let figure = try #require(try figure("gradient", ["function=sin(x0)*cos(x1)", "x=1,1"]))
        let marked = figure.elements.compactMap { element -> Figure.Point? in
            if case .markers(let points, let style, _) = element, style.color == "#2ca02c" { return points.first }
            return nil
        }
        let minimum = try #require(marked.first)
        #expect(abs(minimum.x - Double.pi / 2) < 1e-6 && abs(minimum.y - Double.pi) < 1e-6, "\(minimum)")
    }

    @Test func aDivergingDescentGetsAnEndOnALogPanel() throws {
        let figure = try #require(try figure("descent", ["lr=10", "init=-3,4"]))
        let panel = try #require(figure.panels.first)
        #expect(panel.logY)
        #expect(panel.yRange.upperBound > 2.59e13)
        #expect(figure.note?.contains("stops changing at step 10") == true)
        #expect(figure.layout().labels.map(\.text).contains("frozen from step 10 on"))
    }

    @Test func aDerivativeShowsTheTwoPointsAndAKinkIsNoted() throws {
        let smooth = try #require(try figure("derivative", ["function=exp(x)", "x=5"]))
        // The window follows exp's scale: narrower than the fixed ±5 it once was.
        #expect(smooth.xRange.upperBound - smooth.xRange.lowerBound < 5)
        #expect(smooth.note == nil)
        // The error against h is a V: rounding on the left, truncation on the
        // right, lowest within a decade and a half of ε^(1/3)·|x|.
        let errors = try #require(smooth.panels.first)
        #expect(errors.logY && errors.layout().labels.map(\.text).sorted() == ["this h", "ε^(1/3)"])
        let curve = try #require(errors.elements.compactMap { element -> [Figure.Point]? in
            if case .line(let points, let style) = element, !style.dashed { return points }
            return nil
        }.first)
        let lowest = try #require(curve.min { $0.y < $1.y })
        #expect(abs(lowest.x - log10(5 * pow(Double.ulpOfOne, 1.0 / 3))) < 1.5, "lowest at 1e\(lowest.x)")
        #expect(curve.first!.y > 100 * lowest.y && curve.last!.y > 100 * lowest.y)
        // Wide enough to see, the two points and their secant are drawn on f.
        let wide = try #require(try figure("derivative", ["function=sin(x)", "x=1", "h=0.5"]))
        #expect(wide.layout().labels.map(\.text).contains("x + h"))
        let kink = try #require(try figure("derivative", ["function=abs(x)", "x=0"]))
        #expect(kink.note?.contains("not smooth") == true)
    }

    /// Extreme values the lessons accept are drawn or refused with a
    /// reason, never a trap: subnormal spans, ±1e308, h of 5e-324.
    @Test(arguments: [
        ("derivative", ["function=1e-320*x"]), ("derivative", ["function=5e-324*x"]),
        ("derivative", ["function=x", "x=0", "h=5e-324"]), ("derivative", ["function=x", "x=1e308", "h=1e308"]),
        ("gradient", ["function=x0", "x=0,-1e308"]), ("gradient", ["function=x0", "x=1e308,1e308"]),
        ("gradient", ["function=x0*x1", "x=-1e308,1e308"]), ("gradient", ["function=x0^2 + x1", "x=1e-320,5e-324"]),
        ("descent", ["init=1e308,-1e308", "steps=20"]), ("simplenet", ["x=1e308,1e-308"]),
    ] as [(String, [String])])
    func extremeValuesDrawOrAreRefusedWithoutATrap(_ id: String, _ settings: [String]) throws {
        let lesson = try LessonCatalog.registry.lesson(id)
        let run = try lesson.run(settings: settings)
        do {
            let svg = try lesson.figure(run).svg()
            #expect(svg.hasSuffix("</svg>\n") || svg.hasSuffix("</svg>"))
        } catch {
            #expect("\(error)".contains("cannot draw"), "\(error)")
        }
    }

    /// Where f(x) or the slope is not a number, the legend names only the
    /// curve and no panel zooms in on nothing.
    @Test(arguments: [(["function=log(x)", "x=-1"], "f(x) = log(x)"), (["function=exp(x)", "x=1000"], "f(x) = exp(x)")])
    func aDerivativeWithoutASlopeDrawsAndNamesOnlyTheCurve(_ settings: [String], _ curve: String) throws {
        let figure = try #require(try figure("derivative", settings))
        #expect(figure.legend.map(\.0) == [curve])
        #expect(figure.panels.isEmpty)
        #expect(figure.note?.contains("there is no slope to draw") == true)
        let drawn = try #require(try self.figure("derivative", ["function=exp(x)", "x=5"]))
        #expect(drawn.legend.count == 2 && drawn.panels.first?.legend.count == 2)
    }
}

/// The narration: English or Chinese before the outputs, never in JSON.
@Suite(.serialized)
struct NarrationCommandTests {
    @Test func chineseNarrationComesBeforeTheOutputs() throws {
        let outcome = try lessons("run", "descent", "--lang", "zh")
        #expect(outcome.status == 0)
        let story = try #require(outcome.stdout.range(of: "学习率 lr"))
        let output = try #require(outcome.stdout.range(of: "array([6.72221872e-09, 4.07407195e-09])"))
        #expect(story.lowerBound < output.lowerBound)
    }

    @Test func theLocaleChoosesTheLanguageAndLCAllWins() throws {
        #expect(try lessons("run", "derivative", environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": ""]).stdout.contains("导数"))
        #expect(
            try lessons("run", "derivative", environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"]).stdout.contains(
                "The derivative"))
        #expect(try lessons("run", "derivative", environment: ["LANG": "C", "LC_ALL": ""]).stdout.contains("The derivative"))
        #expect(try lessons("run", "derivative", "--lang", "en", environment: ["LC_ALL": "zh_TW.UTF-8"]).stdout.contains("central one"))
    }

    @Test(arguments: ["derivative", "gradient", "descent", "simplenet"])
    func everyLessonTellsItsStoryInBothLanguages(_ id: String) throws {
        let english = try lessons("run", id, "--lang", "en").stdout
        let chinese = try lessons("run", id, "--lang", "zh").stdout
        #expect(english != chinese)
        #expect(chinese.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) })
        #expect(english.split(separator: "\n").count > 12)
    }

    @Test func quietAndJSONLeaveTheStoryOut() throws {
        let quiet = try lessons("run", "gradient", "--quiet", "--lang", "zh")
        #expect(quiet.stdout == "gradient = array([14.,  6., 10.])\n")
        let json = try lessons("run", "gradient", "--format", "json", "--lang", "zh")
        #expect(json.stdout.hasPrefix("{\"lesson\":\"gradient\""))
        #expect(!json.stdout.contains("梯度"))
    }

    @Test func anUnknownLanguageIsRefused() throws {
        let outcome = try lessons("run", "gradient", "--lang", "fr")
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("fr"))
    }
}

/// README.md and the guides in docs/: the files whose commands the figure
/// tests and GuideCommandTests check.
let documentationFiles: [URL] = {
    let docs = packageRoot.appending(path: "docs")
    let guides = ((try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
    return [packageRoot.appending(path: "README.md")] + guides.map { docs.appending(path: $0) }
}()

/// The figures the README and the guides show are what their commands draw
/// today: each `--plot Lessons/…/figure.svg` command is run again and the
/// bytes compared.
struct ReadmeFigureTests {
    /// The commands in README.md and docs/*.md that write a figure into the
    /// package, as words, each once (in the order the files show them).
    static let commands: [[String]] = {
        let text = documentationFiles.compactMap { try? String(contentsOf: $0, encoding: .utf8) }.joined(separator: "\n")
        var seen: Set<[String]> = []
        return text.split(separator: "\n").compactMap { line -> [String]? in
            guard let start = line.range(of: "`swift run -q lessons run "), line.contains("--plot Lessons/") else { return nil }
            let command = line[start.upperBound...].prefix { $0 != "`" }
            var words: [String] = []
            var word = ""
            var quoted = false
            for character in command {
                if character == "'" { quoted.toggle() } else if character == " " && !quoted {
                    if !word.isEmpty { words.append(word) }
                    word = ""
                } else { word.append(character) }
            }
            if !word.isEmpty { words.append(word) }
            return seen.insert(words).inserted ? words : nil
        }
    }()

    @Test func theReadmeShowsEveryLessonsFigure() {
        let drawn = Set(Self.commands.compactMap { $0.first })
        #expect(drawn.isSuperset(of: ["derivative", "gradient", "descent", "simplenet-gradient", "two-layer-net", "training"]), "\(drawn)")
        // The README's tour shows each figure these commands draw.
        let readme = (try? String(contentsOf: packageRoot.appending(path: "README.md"), encoding: .utf8)) ?? ""
        for words in Self.commands {
            guard let plot = words.firstIndex(of: "--plot") else { continue }
            #expect(readme.contains("](\(words[plot + 1]))"), "README.md does not show \(words[plot + 1])")
        }
    }

    @Test(arguments: commands)
    func aReadmeFigureIsWhatItsCommandDraws(_ words: [String]) throws {
        let plot = try #require(words.firstIndex(of: "--plot"))
        let committed = packageRoot.appending(path: words[plot + 1])
        let fresh = FileManager.default.temporaryDirectory.appending(path: "readme-\(UUID().uuidString).svg")
        defer { try? FileManager.default.removeItem(at: fresh) }
        var arguments = ["run"] + words
        arguments[plot + 2] = fresh.path
        let outcome = try lessons(arguments + ["--quiet"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(try Data(contentsOf: fresh) == Data(contentsOf: committed), "\(words[plot + 1]) is not what '\(words.joined(separator: " "))' draws")
    }
}
