import AgentBackupPorts
/// The stored form of config, index and snapshot documents (FORMAT.md section 2):
/// `seal(e ‖ payload)` with `e` = 0x00 (raw) or 0x01 (one zstd frame).
enum PackedDocument {
    /// Largest decompressed document a reader accepts.
    static let maxDocumentBytes = 256 << 20
    /// Largest stored document a reader downloads.
    static let maxStoredBytes = 128 << 20

    /// Encodes and seals `document`, compressed when asked (and when that shrinks it).
    static func encode(_ document: [UInt8], compress: Bool, cipher: RepositoryCipher) throws -> [UInt8] {
        if compress {
            let frame = try Zstd.compress(document)
            if frame.count < document.count { return try cipher.seal([1] + frame) }
        }
        return try cipher.seal([0] + document)
    }

    /// Opens and decodes a stored document; integrity errors name `object`.
    static func decode(_ stored: [UInt8], cipher: RepositoryCipher, object: String) throws -> [UInt8] {
        let plaintext = try cipher.open(stored, object: object)
        guard let encoding = plaintext.first else {
            throw RepositoryError.damagedObject(object, "the document is empty")
        }
        let payload = Array(plaintext.dropFirst())
        switch encoding {
        case 0:
            return payload
        case 1:
            do {
                return try Zstd.decompress(payload, limit: maxDocumentBytes)
            } catch let error as ZstdError {
                throw RepositoryError.damagedObject(object, "its compressed document does not decompress (\(error.message))")
            }
        default:
            throw RepositoryError.damagedObject(object, "unknown document encoding \(encoding) (this agent-backup knows 0 and 1; upgrade it if a newer one wrote this)")
        }
    }
}
