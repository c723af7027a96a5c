/// One named result of a lesson.
public struct Output: Sendable, Equatable {
    public let name: String
    public let value: Tensor
    public init(_ key: OutputKey, _ value: Tensor) {
        self.name = key.name
        self.value = value
    }
    /// An output by name, for code that handles every lesson's (a fixture's values).
    public init(named name: String, _ value: Tensor) {
        self.name = name
        self.value = value
    }
}
