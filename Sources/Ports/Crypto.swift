import AgentBackupDomain

/// The SHA-256 of some plaintext and its length.
public struct ContentDigest: Sendable, Equatable, Hashable {
    /// Lower-case hex, as in the manifest.
    public var sha256: String
    public var size: Int64

    public init(sha256: String, size: Int64) {
        self.sha256 = sha256
        self.size = size
    }
}

/// Hashing port. Reads files in bounded chunks; implementations count reads so tests can prove
/// that an unchanged file is never read.
public protocol ContentHasher: Sendable {
    /// SHA-256 and size of a file's bytes, streamed.
    func digest(ofFile path: String) throws -> ContentDigest
    /// SHA-256 of bytes in memory.
    func digest(of bytes: [UInt8]) -> ContentDigest
}

/// How objects are stored: B2EN envelopes (encryption on) or as-is (encryption off).
///
/// A codec is made once per run. The encrypting codec derives its key once (one scrypt per run,
/// one salt per run, a fresh random nonce per object) and caches keys derived for other salts
/// when reading (bounded), so objects written by the reference engine (one salt each) still open.
public protocol ContentCodec: Sendable {
    /// True for B2EN envelopes. Decides the manifest's form too: an encrypting codec refuses a
    /// plain-JSON manifest, and a plain codec never tries to decrypt (no sniffing).
    var encrypts: Bool { get }

    /// Reads the plaintext file `source` once, writes its stored form to `destination`, and returns the
    /// plaintext digest computed in the same pass. Memory is bounded whatever the file size.
    func encode(file source: String, to destination: String) throws -> ContentDigest

    /// Reads the stored form from `source`, writes the plaintext to `destination`, and returns its digest.
    /// With encryption on, throws `CryptoError` (authentication) when the tag does not verify; the
    /// destination then holds nothing the caller may trust (callers write to a temp file and delete it).
    /// `objectName` appears in errors.
    func decode(file source: String, to destination: String, objectName: String) throws -> ContentDigest

    /// In-memory forms for small objects (the manifest).
    func encode(_ plaintext: [UInt8]) throws -> [UInt8]
    func decode(_ stored: [UInt8], objectName: String) throws -> [UInt8]

    /// Small files without a temporary file (creating and deleting one per file was half the CPU
    /// of a push of many small files): reads `source` whole when it holds at most `maxBytes` and
    /// returns its stored form with the digest of the bytes read; nil when it is larger, and the
    /// caller streams it with `encode(file:to:)`.
    func encode(smallFile source: String, maxBytes: Int) throws -> EncodedObject?

    /// Opens the stored form `stored` held in memory and writes the plaintext to `destination`
    /// (created or truncated, mode 0600); returns its digest. Errors as `decode(file:to:objectName:)`.
    func decode(_ stored: [UInt8], to destination: String, objectName: String) throws -> ContentDigest
}

/// A small file's stored form, ready to send, and the digest of its plaintext.
public struct EncodedObject: Sendable {
    public var stored: [UInt8]
    public var digest: ContentDigest

    public init(stored: [UInt8], digest: ContentDigest) {
        self.stored = stored
        self.digest = digest
    }
}

/// Why an envelope could not be opened.
public struct CryptoError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// Wrong passphrase or tampered data: the GCM tag did not verify.
        case authenticationFailed
        /// Shorter than 64 bytes or no `B2EN` magic.
        case notEncrypted
        /// The underlying library failed (should not happen).
        case library
        /// Reading or writing a file failed.
        case io
    }

    public var code: Code
    public var objectName: String?
    public var message: String

    public init(_ code: Code, objectName: String? = nil, message: String) {
        self.code = code
        self.objectName = objectName
        self.message = message
    }

    public var description: String {
        if let objectName { return "\(objectName): \(message)" }
        return message
    }
}
