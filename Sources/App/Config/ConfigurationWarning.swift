/// Something about the configuration that works but that the user should know, logged at
/// `warning` level on every run (a daemon's journal shows it too).
public struct ConfigurationWarning: Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// The config file can be read by group or others; it holds keys.
        case filePermissions
        /// No `encryptionKey`: the application key is the passphrase (legacy, as the reference does).
        case legacyPassphrase
        /// Backups are stored in plain text.
        case encryptionOff
        /// The local store on this machine is used: the backup is not off-site.
        case notOffSite
        /// A key in the config file that this tool does not know (probably a typo).
        case unknownKey
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
