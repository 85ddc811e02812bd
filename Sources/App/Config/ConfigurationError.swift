/// A configuration the runner cannot use. Always exit code 2. The message names the key (or
/// variable), the value found, and what to write instead, so the user can fix it without guessing.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// The config file is not valid JSON (the message names the file and the line).
        case malformedFile
        /// The config file exists but could not be read.
        case unreadableFile
        /// A key or variable holds a value of the wrong type or outside its range.
        case invalidValue
        /// keyId, applicationKey or bucket is missing for a B2 or S3 store.
        case missingCredentials
        /// Encryption was asked for but there is no passphrase to use.
        case missingEncryptionKey
        /// HOME is not set, so no config path or default folder can be computed.
        case missingHome
        /// The agent id cannot name a config folder (empty, `/`, …).
        case invalidAgent
    }

    public var code: Code
    /// The config key or environment variable at fault, when there is one.
    public var key: String?
    public var message: String

    public init(_ code: Code, key: String? = nil, message: String) {
        self.code = code
        self.key = key
        self.message = message
    }

    public var description: String { message }
}
