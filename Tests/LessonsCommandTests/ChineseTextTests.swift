import Foundation
import LessonCatalog
import LessonKit
import Plot
import Testing

/// Under `--lang zh` a lesson's figures, table titles and heading are
/// Chinese too: no English word is left in them but names (of functions,
/// variables, data sets and options), which stay as the code writes them.
struct ChineseTextTests {
    static let names: Set<String> = [
        "SimpleNet", "MNIST", "epoch", "softmax", "train_neuralnet", "gradient_simplenet", "two_layer_net", "delta", "grad",
        "iter_per_epoch", "json", "format", "outputs", "history", "trace", "abs", "exp", "log", "sin", "cos", "loss", "max",
        "sum", "seed", "random", "array", "shape", "inf", "nan",
        // The bill's inputs, named as the book's code names them.
        "apple", "apple_num", "orange", "orange_num", "tax", "price", "all_price", "apple_price", "orange_price", "buy_apple_orange", "dout", "gradient_check", "ReLU", "Relu", "Sigmoid", "Affine", "SoftmaxWithLoss", "Softmax", "common", "layers",
    ]

    /// The English words (three letters or more) in `text` that are not names.
    func english(_ text: String) -> [String] {
        text.split { !($0.isASCII && ($0.isLetter || $0 == "_")) }.map(String.init).filter { $0.count >= 3 && !Self.names.contains($0) }
    }

    static let runs: [[String]] = FigureCommandTests.runs + [
        ["simplenet-gradient", "--set", "x=-0.6,0.9"], ["two-layer-net", "--set", "hidden_size=3", "--set", "batch_size=10"],
        ["two-layer-net", "--seed", "1", "--set", "data=random", "--set", "input_size=30", "--set", "hidden_size=7", "--set", "output_size=4",
         "--set", "batch_size=6"],
        ["training", "--set", "iters_num=300"], ["derivative", "--set", "h=1e-12"], ["computational-graph"],
        ["gradient-check"], ["layers"], ["layers", "--set", "delta=0"], ["training", "--set", "iters_num=200", "--set", "network=layers"],
    ]

    @Test(arguments: runs)
    func figuresAndTablesSpeakChinese(_ arguments: [String]) throws {
        let lesson = try LessonCatalog.registry.lesson(arguments[0])
        var settings: [String] = []
        var seed: Int64?
        var index = 1
        while index + 1 < arguments.count {
            if arguments[index] == "--seed" { seed = Int64(arguments[index + 1]) } else { settings.append(arguments[index + 1]) }
            index += 2
        }
        let run = try lesson.run(seed: seed, settings: settings)
        let words = lesson.glossary.adding(.common)
        var texts: [String] = ["\(lesson.title) (\(lesson.source))"]
        if let figure = try? lesson.figure(run) {
            let layout = figure.mappingText(words.chinese)
            texts += [layout.title, layout.xLabel, layout.yLabel, layout.note ?? ""] + layout.legend.map(\.0)
            texts += (layout.xTicks ?? []).map(\.1) + (layout.yTicks ?? []).map(\.1)
            for panel in [layout] + layout.panels {
                texts += [panel.title, panel.xLabel, panel.yLabel] + panel.legend.map(\.0)
                for case .label(let text, _, _, _) in panel.elements { texts.append(text) }
            }
        }
        for table in [lesson.trace(run), lesson.summary(run, language: .chinese)].compactMap({ $0 }) {
            let shown = table.mappingText(words.chinese)
            texts += shown.columns + [shown.note ?? ""]
        }
        let left = texts.flatMap { text in english(words.chinese(text)).map { "\($0) in '\(words.chinese(text))'" } }
        #expect(left.isEmpty, "\(arguments.joined(separator: " ")): \(left.prefix(8))")
    }
}
