/// Whether objects are B2EN envelopes, and with which passphrase.
public enum EncryptionSetting: Sendable, Equatable {
    /// Files and manifest are stored as they are.
    case off
    /// Every object is encrypted with a key derived from this passphrase.
    case on(Passphrase)

    /// True when objects are encrypted.
    public var isOn: Bool {
        if case .on = self { return true }
        return false
    }
}

/// The encryption passphrase and where it came from. `description` never shows it.
public struct Passphrase: Sendable, Equatable, CustomStringConvertible {
    public enum Source: Sendable, Equatable {
        /// `encryptionKey` / `B2_ENCRYPTION_KEY`.
        case encryptionKey
        /// No encryption key: the application key is the passphrase, as the reference engine does
        /// (legacy; changing the application key then makes old backups unreadable).
        case applicationKey
    }

    public var value: String
    public var source: Source

    public init(_ value: String, source: Source) {
        self.value = value
        self.source = source
    }

    public var description: String { "<redacted passphrase from \(source)>" }
}
