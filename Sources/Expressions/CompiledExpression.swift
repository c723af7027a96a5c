import NumPyMath
import Arithmetic

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An expression compiled to a flat list of instructions in evaluation order
/// (children before parents), each with its single parent: an expression is
/// a tree, so the instructions a variable reaches form one path per use.
struct Program: Sendable {
    enum Op: UInt8, Sendable {
        case number, variable, vector, negate, add, subtract, multiply, divide, power, call, sum
        /// `a op1 t1 op2 t2 …` folded left to right; the links are `chainLinks[links]`.
        case chain
    }

    /// The functions an expression may call, by name: raw values, not
    /// `String(describing:)`, whose reflection costs a run's start-up.
    enum Function: String, Sendable, CaseIterable {
        case exp, log, sqrt, sin, cos, tanh, abs
    }

    struct Instruction: Sendable {
        var op: Op
        var a: Int32 = -1
        var b: Int32 = -1
        /// A number's value; a variable's index; a call's function.
        var value = 0.0
        var variable = 0
        var function = Function.exp
        /// Whether the instruction holds one value per coordinate.
        var isVector = false
        var parent: Int32 = -1
        /// The position of this instruction among its parent's operands
        /// (0 for the first term of a chain, m for its m-th link).
        var slot: Int32 = 0
        var links: Range<Int> = 0..<0

        var functionName: String? {
            switch op {
            case .call: return function.rawValue
            case .sum: return "sum"
            default: return nil
            }
        }
    }

    private(set) var instructions: [Instruction] = []
    /// For each variable index, the instructions that read it.
    private(set) var variableLeaves: [Int: [Int32]] = [:]
    /// The instructions that read the whole vector `x`.
    private(set) var vectorLeaves: [Int32] = []
    /// The links of every chain: an operation and an operand.
    private(set) var chainLinks: [(op: Op, operand: Int32)] = []

    init(_ root: Expression.Node) {
        _ = emit(root)
    }

    private mutating func append(_ instruction: Instruction) -> Int32 {
        let index = Int32(instructions.count)
        instructions.append(instruction)
        for child in [instruction.a, instruction.b] where child >= 0 { instructions[Int(child)].parent = index }
        return index
    }

    /// Emits `node` and returns its instruction. Recursion follows nesting,
    /// which the parser bounds; chains are folded in a loop.
    private mutating func emit(_ node: Expression.Node) -> Int32 {
        switch node {
        case .number(let value):
            return append(Instruction(op: .number, value: value))
        case .variable(let index):
            let at = append(Instruction(op: .variable, variable: index))
            variableLeaves[index, default: []].append(at)
            return at
        case .vector:
            let at = append(Instruction(op: .vector, isVector: true))
            vectorLeaves.append(at)
            return at
        case .negate(let operand):
            let a = emit(operand)
            return append(Instruction(op: .negate, a: a, isVector: instructions[Int(a)].isVector))
        case .chain(let first, let links):
            // One instruction for the whole chain, so that changing one term
            // refolds from that term on, in a loop, not through a tree of
            // partial sums as deep as the chain is long.
            let a = emit(first)
            var isVector = instructions[Int(a)].isVector
            var operands: [(op: Op, operand: Int32)] = []
            for link in links {
                let b = emit(link.operand)
                isVector = isVector || instructions[Int(b)].isVector
                let op: Op =
                    switch link.op {
                    case "+": .add
                    case "-": .subtract
                    case "*": .multiply
                    default: .divide
                    }
                operands.append((op, b))
            }
            let start = chainLinks.count
            chainLinks += operands
            let at = append(Instruction(op: .chain, a: a, isVector: isVector, links: start..<chainLinks.count))
            for (m, link) in operands.enumerated() {
                instructions[Int(link.operand)].parent = at
                instructions[Int(link.operand)].slot = Int32(m + 1)
            }
            return at
        case .power(let base, let exponent):
            let a = emit(base)
            let b = emit(exponent)
            return append(Instruction(op: .power, a: a, b: b, isVector: instructions[Int(a)].isVector || instructions[Int(b)].isVector))
        case .call(let name, let argument):
            let a = emit(argument)
            let function = Function(rawValue: name)!
            return append(Instruction(op: .call, a: a, function: function, isVector: instructions[Int(a)].isVector))
        case .sum(let argument):
            let a = emit(argument)
            return append(Instruction(op: .sum, a: a))
        }
    }
}

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

        /// The steps to recompute when coordinate `i` moves.
        @inline(__always) func path(for i: Int) -> UnsafeBufferPointer<Step> {
            let kept = keptPaths[i]
            return kept.count > 0 ? kept : newPath(for: i)
        }

        /// Computes coordinate `i`'s path, and keeps it within the budget.
        func newPath(for i: Int) -> UnsafeBufferPointer<Step> {
            let leaves = self.leaves[i]
            if leaves.isEmpty && keptPaths[count].count > 0 {
                keptPaths[i] = keptPaths[count]
                return keptPaths[i]
            }
            let steps = path(from: leaves.isEmpty ? program.vectorLeaves : program.vectorLeaves + leaves)
            // Nothing to recompute (f does not read x): nothing to keep.
            if steps.isEmpty { return UnsafeBufferPointer(start: nil, count: 0) }
            let buffer = UnsafeMutableBufferPointer<Step>.allocate(capacity: steps.count)
            _ = buffer.initialize(from: steps)
            let path = UnsafeBufferPointer(buffer)
            if leaves.isEmpty {
                keptPaths[count] = path
                keptPaths[i] = path
            } else if pathsKept + steps.count <= Self.pathBudget {
                keptPaths[i] = path
                pathsKept += steps.count
            } else {
                unkeptPath.deallocate()
                unkeptPath = buffer
            }
            return path
        }

        /// The union of the paths from `leaves` to the root, in evaluation
        /// order, each step marked whole unless it is a vector instruction
        /// reached only through single elements of vectors.
        func path(from leaves: [Int32]) -> [Step] {
            stamp &+= 1
            if stamp == 0 {
                for k in mark.indices { mark[k] = 0 }
                stamp = 1
            }
            var indices: [Int32] = []
            for leaf in leaves {
                var k = leaf
                while k >= 0, mark[Int(k)] != stamp {
                    mark[Int(k)] = stamp
                    indices.append(k)
                    k = instructions[Int(k)].parent
                }
            }
            // One leaf walks up in order already; several need sorting.
            if leaves.count > 1 { indices.sort() }
            for k in indices {
                childWhole[Int(k)] = false
                firstSlot[Int(k)] = Int32.max
            }
            var steps: [Step] = []
            steps.reserveCapacity(indices.count)
            for k in indices {
                let instruction = instructions[Int(k)]
                let isWhole: Bool
                switch instruction.op {
                case .vector: isWhole = false
                case .variable: isWhole = true
                default: isWhole = childWhole[Int(k)]
                }
                steps.append(
                    Step(
                        index: k, whole: isWhole, from: firstSlot[Int(k)] == Int32.max ? 0 : firstSlot[Int(k)],
                        kept: isKept(Int(k), whole: isWhole)))
                // Tell the parent (later in the order) how this operand changed.
                let parent = Int(instruction.parent)
                if parent >= 0 {
                    if !instruction.isVector || isWhole { childWhole[parent] = true }
                    firstSlot[parent] = min(firstSlot[parent], instruction.slot)
                }
            }
            return steps
        }

        @inline(__always) func operand(_ k: Int32, _ e: Int) -> Double {
            let offset = offsets[Int(k)]
            return offset >= 0 ? storage[offset + e] : scalars[Int(k)]
        }

        /// Recomputes instruction `k`: every element, or only element
        /// `element` of a vector; a scalar chain from its term `from` on.
        func evaluate(_ k: Int, at element: Int?, from: Int) {
            let instruction = code[k]
            if instruction.op == .chain && !instruction.isVector {
                let base = prefixOffsets[k]
                var value: Double
                var m: Int
                if from == 0 {
                    value = scalars[Int(instruction.a)]
                    prefixes[base] = value
                    m = 1
                } else {
                    value = prefixes[base + from - 1]
                    m = from
                }
                while m <= instruction.links.count {
                    let link = chainLinks[instruction.links.lowerBound + m - 1]
                    value = Self.combine(link.op, value, scalars[Int(link.operand)])
                    prefixes[base + m] = value
                    m += 1
                }
                scalars[k] = value
                return
            }
            if instruction.op == .sum {
                if let tree = trees[k] {
                    let base = UnsafePointer(storage.baseAddress! + offsets[Int(instruction.a)])
                    if let element { tree.update(element, base) } else { tree.rebuild(base) }
                    scalars[k] = tree.total
                } else {
                    // np.sum of a scalar: the reduction starts from 0.0.
                    scalars[k] = 0.0 + scalars[Int(instruction.a)]
                }
                return
            }
            guard instruction.isVector else {
                scalars[k] = apply(instruction, 0, vector: false)
                return
            }
            let offset = offsets[k]
            if let element {
                storage[offset + element] = apply(instruction, element, vector: true)
            } else {
                for e in 0..<count { storage[offset + e] = apply(instruction, e, vector: true) }
            }
        }

        @inline(__always) func apply(_ instruction: Program.Instruction, _ e: Int, vector: Bool) -> Double {
            switch instruction.op {
            case .number: return instruction.value
            case .variable: return x[instruction.variable]
            case .vector: return x[e]
            case .negate: return -operand(instruction.a, e)
            case .add: return operand(instruction.a, e) + operand(instruction.b, e)
            case .subtract: return operand(instruction.a, e) - operand(instruction.b, e)
            case .multiply: return operand(instruction.a, e) * operand(instruction.b, e)
            case .divide: return operand(instruction.a, e) / operand(instruction.b, e)
            case .power:
                let base = operand(instruction.a, e)
                let exponent = operand(instruction.b, e)
                if vector && offsets[Int(instruction.b)] < 0 {
                    // NumPy's shortcuts for an array to a scalar power.
                    switch exponent {
                    case 2: return base * base
                    case 0.5: return base.squareRoot()
                    case -1: return 1.0 / base
                    case 1: return base
                    case 0: return 1.0
                    default: break
                    }
                }
                return exponent == 2 ? libmSquare(base) : pow(base, exponent)
            case .call:
                let value = operand(instruction.a, e)
                switch instruction.function {
                case .exp: return functions.exp(value)
                case .log: return functions.log(value)
                case .sqrt: return value.squareRoot()
                case .sin: return sin(value)
                case .cos: return cos(value)
                case .tanh: return tanh(value)
                case .abs: return Swift.abs(value)
                }
            case .chain:
                var value = operand(instruction.a, e)
                for link in UnsafeBufferPointer(rebasing: chainLinks[instruction.links]) {
                    value = Self.combine(link.op, value, operand(link.operand, e))
                }
                return value
            case .sum: preconditionFailure("sum is evaluated by evaluate(_:at:from:)")
            }
        }

        @inline(__always) static func combine(_ op: Program.Op, _ a: Double, _ b: Double) -> Double {
            switch op {
            case .add: return a + b
            case .subtract: return a - b
            case .multiply: return a * b
            default: return a / b
            }
        }
    }
}
