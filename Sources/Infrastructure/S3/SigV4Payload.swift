/// What the signature says about the request body (the `x-amz-content-sha256` value).
public enum SigV4Payload: Sendable, Equatable {
    /// No body: the SHA-256 of the empty string.
    case empty
    /// `UNSIGNED-PAYLOAD`: for object bodies (PutObject, UploadPart). They are ciphertext whose
    /// integrity the GCM tag and the manifest hash already guarantee, and hashing them again would
    /// halve throughput; B2 is HTTPS-only.
    case unsigned
    /// A small body (DeleteObjects or CompleteMultipartUpload XML) whose SHA-256 is signed.
    case bytes([UInt8])
    /// A hash computed elsewhere (lower-case hex).
    case precomputedHash(String)

    /// The SHA-256 of the empty payload, in hex.
    public static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// The value that goes into the canonical request and the `x-amz-content-sha256` header.
    public var hash: String {
        switch self {
        case .empty: return Self.emptyHash
        case .unsigned: return "UNSIGNED-PAYLOAD"
        case .bytes(let b): return SHA256Digest.hex(b)
        case .precomputedHash(let h): return h
        }
    }
}
