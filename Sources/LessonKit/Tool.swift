import Synchronization

/// The command the lessons run under: `lessons`, or a package's own binary
/// (`optimizers`), named once by `LessonsCommand.main(registry:name:version:)`.
/// Every message, help text, reproduce line and completion script says this
/// name, so a learner is never told to run a command they don't have.
public enum Tool {
    private static let current = Mutex<(name: String, version: String)>(("lessons", "0.3.0"))

    /// The command's name, as a learner types it.
    public static var name: String { current.withLock { $0.name } }
    /// Its version, as `--version` prints it after the name.
    public static var version: String { current.withLock { $0.version } }

    /// Names the command; `LessonsCommand.main` calls this before parsing.
    public static func set(name: String, version: String) { current.withLock { $0 = (name, version) } }
}
