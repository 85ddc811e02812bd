/// A file named by a redaction rule could not be read in its format, so its secrets could not
/// be located. The file must not be uploaded as it is.
public struct RedactionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The virtual path of the file.
    public var virtualPath: String
    /// The format it was read as (`auto` when the name did not tell).
    public var format: RedactionFormat
    /// What is wrong, with a line number when there is one.
    public var reason: String

    /// An error.
    public init(virtualPath: String, format: RedactionFormat, reason: String) {
        self.virtualPath = virtualPath
        self.format = format
        self.reason = reason
    }

    public var description: String {
        "Cannot redact \(virtualPath) as \(format.rawValue): \(reason). The file is not uploaded; fix the file or the adapter's redact rule (set \"format\")."
    }
}
