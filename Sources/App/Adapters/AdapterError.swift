/// An adapter cannot be used: its file is not valid JSON, a field is wrong, a pattern does not
/// compile, or a file it discovers roots from cannot be read. The description names the file,
/// the field (`roots[1].label`) and the fix.
public struct AdapterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, so the CLI can choose an exit code without parsing text.
    public enum Kind: Sendable, Equatable {
        /// The adapter file could not be read.
        case unreadable
        /// The adapter file is not JSON.
        case syntax
        /// A field has a wrong type or value.
        case invalidField
        /// A regular expression does not compile.
        case invalidPattern
        /// A file consulted while discovering roots is unreadable or malformed.
        case discovery
        /// No built-in adapter has that id.
        case unknownAdapter
    }

    /// The kind of failure.
    public var kind: Kind
    /// The adapter file (or discovery file), when there is one.
    public var file: String?
    /// The field, e.g. `exclude[2]` or `roots[0].dir`.
    public var field: String?
    /// What is wrong and how to fix it.
    public var message: String

    /// An error.
    public init(_ kind: Kind, file: String? = nil, field: String? = nil, _ message: String) {
        self.kind = kind
        self.file = file
        self.field = field
        self.message = message
    }

    public var description: String {
        [file, field, message].compactMap { $0 }.joined(separator: ": ")
    }
}
