import Foundation
import Gradient
import LessonKit
import Testing

/// Claims the narration makes about NumPy, checked against NumPy.
struct NarrationClaimsTests {
    /// The book's gradient loop on an integer array: 3 + 1e-4 is stored as
    /// 3 and 3 - 1e-4 as 2, so the loop returns NumPy's
    /// array([65000, 30000, 45000]), which both narrations quote.
    @Test func theIntegerTrapReturnsWhatTheNarrationSays() throws {
        let script = """
            import numpy as np
            def f(x): return x[0]**2 + 2*x[0]*x[1] + x[2]**2
            def numerical_gradient(f, x):
                h = 1e-4
                grad = np.zeros_like(x)
                for i in range(x.size):
                    kept = x[i]
                    x[i] = kept + h
                    up = f(x)
                    x[i] = kept - h
                    down = f(x)
                    grad[i] = (up - down) / (2 * h)
                    x[i] = kept
                return grad
            print(repr(numerical_gradient(f, np.array([3, 4, 5]))))
            """
        let printed = String(decoding: try python(script), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(printed == "array([65000, 30000, 45000])")
        for language in [Narration.Language.english, .chinese] {
            let text = Gradient().narration.text(in: language).split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(text.contains(printed), "\(language)")
        }
    }
}
