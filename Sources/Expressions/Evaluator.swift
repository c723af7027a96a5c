import Arithmetic
import NumPyMath

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Expression {
    /// Evaluates one compiled expression again and again at points of one
    /// length, in buffers it allocates once, and takes numerical gradients by
    /// recomputing only what each nudged coordinate reaches.
    ///
    /// Every value is computed by the same operations on the same operands in
    /// the same order as a full evaluation, so results are bit for bit those
    /// of evaluating the expression from scratch at each nudged point, which
    /// is what the notebook's NumPy loop does (0 ulps).
    public final class Evaluator {
        // Buffers are `let` pointers, not `var` arrays: a class's stored
        // arrays pay a dynamic exclusivity check on every access, which cost
        // more than the arithmetic.
        let program: Program
        let instructions: [Program.Instruction]
        /// The same instructions behind a pointer, read without bounds checks or retains in the hot loop.
        let code: UnsafeMutableBufferPointer<Program.Instruction>
        /// The number of coordinates.
        public let count: Int
        let x: UnsafeMutableBufferPointer<Double>
        /// Each instruction's value (scalars), or each vector instruction's
        /// `count` values from `offsets[k]` in `storage`.
        let scalars: UnsafeMutableBufferPointer<Double>
        /// Values set aside while a coordinate is nudged.
        let kept: UnsafeMutableBufferPointer<Double>
        let offsets: UnsafeMutableBufferPointer<Int>
        let storage: UnsafeMutableBufferPointer<Double>
        /// The pairwise-sum cache of each `sum` over a vector.
        let trees: [NumPy.PairwiseSum?]
        /// Each scalar chain's running values after each term, from `prefixOffsets[k]`.
        let prefixes: UnsafeMutableBufferPointer<Double>
        let prefixOffsets: [Int]
        /// The program's chain links, behind a pointer for the innermost loop.
        let chainLinks: UnsafeMutableBufferPointer<(op: Program.Op, operand: Int32)>
        /// For each coordinate, the instructions that read it alone.
        let leaves: [[Int32]]
        /// Per coordinate, its path once computed, kept while they fit in
        /// `pathBudget` steps (empty until then); after them, at index
        /// `count`, the path of a nudge that reaches f only through the whole
        /// vector `x`, which every coordinate without a leaf of its own shares.
        /// A path lists (instruction, whole) in evaluation order; a vector
        /// instruction that is not `whole` changes only at the nudged coordinate.
        /// Pointers rather than arrays: read in the innermost loop, an array
        /// costs a retain, a release and an exclusivity check.
        let keptPaths: UnsafeMutableBufferPointer<UnsafeBufferPointer<Step>>
        var pathsKept = 0
        /// The last path computed beyond the budget.
        var unkeptPath = UnsafeMutableBufferPointer<Step>(start: nil, count: 0)
        static let pathBudget = 1 << 21
        var mark: [UInt32]
        var stamp: UInt32 = 0

        struct Step {
            var index: Int32
            var whole: Bool
            /// For a chain, the first term that changed.
            var from: Int32
            /// Whether `restore` copies the old value back (see `isKept`).
            var kept: Bool
        }
        var childWhole: [Bool]
        var firstSlot: [Int32]
        /// The instructions that are not constants, in order: what `load` evaluates.
        let variableInstructions: UnsafeMutableBufferPointer<Int32>
        /// Whose exp and log `exp(…)` and `log(…)` call.
        let functions: Arithmetic.Functions

        /// Prepares to evaluate `expression` at points of `count` coordinates.
        /// The expression's variables must fit (see ``Expression/requireVariables(count:)``).
        public init(_ expression: Expression, count: Int) {
            precondition((expression.highestVariable ?? -1) < count, "\(expression) needs more than \(count) coordinates")
            program = expression.program
            functions = expression.functions
            instructions = program.instructions
            chainLinks = .allocate(capacity: max(program.chainLinks.count, 1))
            _ = chainLinks.initialize(from: program.chainLinks)
            code = .allocate(capacity: max(instructions.count, 1))
            _ = code.initialize(from: instructions)
            self.count = count
            var prefixOffsets = [Int](repeating: -1, count: instructions.count)
            var prefixSize = 0
            for (k, instruction) in instructions.enumerated() where instruction.op == .chain && !instruction.isVector {
                prefixOffsets[k] = prefixSize
                prefixSize += instruction.links.count + 1
            }
            self.prefixOffsets = prefixOffsets
            prefixes = Self.zeros(prefixSize)
            x = Self.zeros(count)
            scalars = Self.zeros(instructions.count)
            kept = Self.zeros(instructions.count)
            var offsets = [Int](repeating: -1, count: instructions.count)
            var size = 0
            for (k, instruction) in instructions.enumerated() where instruction.isVector {
                offsets[k] = size
                size += count
            }
            self.offsets = .allocate(capacity: max(offsets.count, 1))
            _ = self.offsets.initialize(from: offsets)
            storage = Self.zeros(size)
            trees = instructions.map { instruction in
                instruction.op == .sum && instruction.a >= 0 && offsets[Int(instruction.a)] >= 0 ? NumPy.PairwiseSum(count: count) : nil
            }
            var leaves = [[Int32]](repeating: [], count: count)
            for (variable, uses) in program.variableLeaves { leaves[variable] = uses }
            self.leaves = leaves
            keptPaths = .allocate(capacity: count + 1)
            keptPaths.initialize(repeating: UnsafeBufferPointer(start: nil, count: 0))
            mark = [UInt32](repeating: 0, count: instructions.count)
            childWhole = [Bool](repeating: false, count: instructions.count)
            firstSlot = [Int32](repeating: 0, count: instructions.count)
            let program = self.program
            let variable = program.instructions.indices.filter { program.instructions[$0].op != .number }.map { Int32($0) }
            let buffer = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(variable.count, 1))
            _ = buffer.initialize(from: variable)
            variableInstructions = UnsafeMutableBufferPointer(rebasing: buffer[..<variable.count])
            for k in program.instructions.indices where program.instructions[k].op == .number { evaluate(k, at: nil, from: 0) }
        }

        static func zeros(_ count: Int) -> UnsafeMutableBufferPointer<Double> {
            let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(count, 1))
            buffer.initialize(repeating: 0)
            return UnsafeMutableBufferPointer(rebasing: buffer[..<count])
        }

        deinit {
            code.deallocate()
            offsets.deallocate()
            for buffer in [x, scalars, kept, storage, prefixes] {
                UnsafeMutableBufferPointer(start: buffer.baseAddress, count: 1).deallocate()
            }
            // Coordinates without leaves share the vector path: free it once.
            let shared = keptPaths[count].baseAddress
            for (i, path) in keptPaths.enumerated() where i == count || path.baseAddress != shared { path.deallocate() }
            keptPaths.deallocate()
            chainLinks.deallocate()
            unkeptPath.deallocate()
            UnsafeMutableBufferPointer(start: variableInstructions.baseAddress, count: 1).deallocate()
        }

        /// f(point).
        public func value(at point: [Double]) -> Double {
            load(point)
            return scalars[instructions.count - 1]
        }

        /// The notebook's numerical gradient of f at `point`, written into `grad`:
        /// ```
        /// grad[i] = (f(x with x[i] + h) - f(x with x[i] - h)) / (2 * h)
        /// ```
        /// One full evaluation at `point`, then per coordinate only the path
        /// from x[i] to the result, twice (x[i] + h, x[i] - h), and back to
        /// x[i] (single values copied back, partial sums recomputed).
        ///
        /// - Complexity: O(N + n · p), where N is the expression's size and p
        ///   the length of a coordinate's path: O(n log n) for `sum(x^2)`,
        ///   O(n²) for `x0^2 + x1^2 + …` written out, whose partial sums all
        ///   follow the nudged term.
        ///
        /// `done`, when given, hears of each finished coordinate (its index),
        /// for a progress line when p is large.
        public func gradient(at point: [Double], h: Double, into grad: inout [Double], done: ((Int) -> Void)? = nil) {
            precondition(point.count == count && grad.count == count)
            load(point)
            let root = instructions.count - 1
            for i in 0..<count {
                let path = self.path(for: i)
                // After the last coordinate nothing reads these values
                // before the next `load`: neither kept nor put back.
                let last = i == count - 1
                if !last { keep(path, i) }
                let saved = x[i]
                x[i] = saved + h
                run(path, i)
                let fx1 = scalars[root]
                x[i] = saved - h
                run(path, i)
                let fx2 = scalars[root]
                grad[i] = (fx1 - fx2) / (2 * h)
                x[i] = saved
                if !last { restore(path, i) }
                done?(i)
            }
        }

        /// Whether a step's old value is one number, kept aside rather than
        /// recomputed: not a sum or a scalar chain (which hold partial
        /// results) and not a whole vector.
        func isKept(_ k: Int, whole: Bool) -> Bool {
            let op = instructions[k].op
            return op != .sum && !(op == .chain && offsets[k] < 0) && !(whole && offsets[k] >= 0)
        }

        /// Sets aside the values of `path` that `restore` puts back.
        func keep(_ path: UnsafeBufferPointer<Step>, _ i: Int) {
            for step in path where step.kept {
                let k = Int(step.index)
                kept[k] = offsets[k] >= 0 ? storage[offsets[k] + i] : scalars[k]
            }
        }

        /// Puts back the values of `path` as they were at the point: kept
        /// numbers are copied back, partial results recomputed from them (the
        /// same bits either way, without the cost of a third `pow`).
        func restore(_ path: UnsafeBufferPointer<Step>, _ i: Int) {
            for step in path {
                let k = Int(step.index)
                if step.kept {
                    if offsets[k] >= 0 { storage[offsets[k] + i] = kept[k] } else { scalars[k] = kept[k] }
                } else {
                    evaluate(k, at: step.whole ? nil : i, from: Int(step.from))
                }
            }
        }

        /// Evaluates every instruction at `point` (the constants were, once,
        /// in `init`). `value(at:)` and `gradient(at:h:into:done:)` start here, so
        /// whatever a previous call left in the buffers is never read.
        func load(_ point: [Double]) {
            precondition(point.count == count)
            for i in 0..<count { x[i] = point[i] }
            for k in variableInstructions { evaluate(Int(k), at: nil, from: 0) }
        }

        func run(_ path: UnsafeBufferPointer<Step>, _ i: Int) {
            for step in path { evaluate(Int(step.index), at: step.whole ? nil : i, from: Int(step.from)) }
        }
    }
}
