/// A rule of the domain was broken by some input: a hostile path, a bad pattern, a manifest
/// from a newer version. The message names the input and says what to do.
public struct DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of input was refused, so callers can map it to an exit code without parsing text.
    public enum Code: Sendable, Equatable {
        case invalidPath
        case invalidPattern
        case invalidManifest
        case unsupportedManifestVersion
        case invalidSnapshotID
        case invalidSchedule
        case invalidRetention
        case invalidMapping
    }

    /// The kind of refusal.
    public var code: Code
    /// A sentence a user can act on: it names the input and the fix.
    public var message: String

    /// Creates an error; `message` must name the offending input.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
