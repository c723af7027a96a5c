import ComputationalGraph
import Foundation
import LessonKit
import RegexBuilder
import Testing

/// The book's bill (buy_apple_orange.py prints price 715, dApple 2.2,
/// dApple_num 110, dOrange 3.3000000000000003, dOrange_num 165, dTax 650),
/// and the rules a node follows, checked by hand.
struct ComputationalGraphTests {
    typealias O = ComputationalGraph.Outputs

    @Test func theBooksBillComesBack() throws {
        let run = try ComputationalGraph().run(settings: [])
        // Python: (100*2 + 150*3) * 1.1 = 715.0000000000001, which int() prints as 715;
        // 1.1 * 100 = 110.00000000000001 and 1.1 * 150 = 165.0.
        #expect(run[O.price].scalar == 715.0000000000001)
        #expect(run[O.dApple].scalar == 2.2 && run[O.dOrange].scalar == 3.3000000000000003)
        #expect(run[O.dApple_num].scalar == 110.00000000000001 && run[O.dOrange_num].scalar == 165)
        #expect(run[O.dTax].scalar == 650)
    }

    /// A multiply node hands each input the other input times dout; an add
    /// node passes dout on: d price / d apple = tax · apple_num.
    @Test(arguments: [[String](), ["apple=0.3", "apple_num=7", "orange=1.7", "orange_num=0.1", "tax=1.08"]])
    func eachDerivativeIsTheProductOfTheOtherInputs(_ settings: [String]) throws {
        let run = try ComputationalGraph().run(settings: settings)
        let p = ComputationalGraph.Parameters.self
        let (apple, appleNum, orange, orangeNum, tax) = (run[p.apple]!, run[p.apple_num]!, run[p.orange]!, run[p.orange_num]!, run[p.tax]!)
        #expect(run[O.dApple].scalar == tax * appleNum && run[O.dApple_num].scalar == tax * apple)
        #expect(run[O.dOrange].scalar == tax * orangeNum && run[O.dOrange_num].scalar == tax * orange)
        #expect(run[O.dTax].scalar == apple * appleNum + orange * orangeNum)
        #expect(run[O.price].scalar == (apple * appleNum + orange * orangeNum) * tax)
    }

    @Test func theNotesCheckBackwardAgainstACentralDifference() throws {
        let run = try ComputationalGraph().run(settings: [])
        let notes = ComputationalGraph().notes(run, language: .english)
        #expect(notes.first == "The price moves most with tax: 650 per unit. Each derivative took one multiplication backward.")
        #expect(notes.count == 2 && notes[1].hasPrefix("A central difference (h = 1e-4) on the forward bill gives the same derivatives"))
        let figure = try ComputationalGraph().figure(run)
        #expect(figure.title == "The bill as a computational graph")
    }
}

/// Every equation the narration writes ("a · b = c", "a + b = c") holds in
/// doubles as Python computes it: `=` means c reads back to the result's bits,
/// `≈` that c is the result rounded to the digits shown (within half a unit
/// of c's last digit). Its inputs are the lesson's defaults.
struct ComputationalGraphNarrationTests {
    @Test(arguments: [Narration.Language.english, .chinese])
    func theNarrationsArithmeticHolds(_ language: Narration.Language) throws {
        let text = ComputationalGraph().narration.text(in: language).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let number = #/-?[0-9]+(?:\.[0-9]+)?/#
        let equation = Regex {
            Capture(number); " "; Capture(ChoiceOf { "·"; "+" }); " "; Capture(number); " "
            Capture(ChoiceOf { "="; "≈" }); " "; Capture(number)
        }
        let found = text.matches(of: equation)
        #expect(found.count >= 6, "\(language)")
        for match in found {
            let (_, a, op, b, relation, c) = match.output
            let x = Double(a)!, y = Double(b)!
            let result = op == "·" ? x * y : x + y
            if relation == "=" {
                #expect(Double(c)! == result, "\(match.output.0)")
            } else {
                let digits = c.split(separator: ".").dropFirst().first?.count ?? 0
                let unit = pow(10.0, -Double(digits))
                #expect(abs(result - Double(c)!) <= unit / 2 && result != Double(c)!, "\(match.output.0)")
            }
        }
        // The defaults are the book's bill.
        let run = try ComputationalGraph().run(settings: [])
        let p = ComputationalGraph.Parameters.self
        #expect([run[p.apple], run[p.apple_num], run[p.orange], run[p.orange_num], run[p.tax]] == [100, 2, 150, 3, 1.1])
    }
}
