/// A rule of the domain was broken by some input: a hostile path, a bad pattern, a manifest
/// from a newer version. The message names the input and says what to do.
public struct DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        case invalidPath
        case invalidPattern
        case invalidManifest
        case unsupportedManifestVersion
        case invalidSnapshotID
        case invalidSchedule
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
