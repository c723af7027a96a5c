import Arithmetic
import NumPyMath

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
