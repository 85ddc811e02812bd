import AgentBackupPorts

/// How a reference manifest object is opened: in this run's mode, decided by the codec and never
/// by sniffing (SPEC items 7 and 12). Pure (no store), so the `b2en-header` fuzz target runs the
/// very code a restore runs.
enum ManifestEnvelope {
    /// The manifest's JSON bytes from the object `key` as stored:
    /// - encryption on: the object must be a B2EN envelope; a plain-JSON manifest is REFUSED
    ///   (integrity), since anyone with write access to the bucket could have planted it;
    /// - encryption off: the bytes are the JSON; an envelope means the backup is encrypted and
    ///   the configuration is wrong (configuration error, with the fix).
    /// Every failure is a `RepositoryError` naming `key`.
    static func open(_ stored: [UInt8], key: String, codec: any ContentCodec) throws -> [UInt8] {
        let isEnvelope = B2ENHeader.isEnvelope(stored)
        guard codec.encrypts else {
            if isEnvelope {
                throw RepositoryError(.configuration,
                    "The manifest \(key) is encrypted but encryption is off: set encrypt to true and encryptionKey (B2_ENCRYPTION_KEY) to the backup's passphrase.")
            }
            return stored
        }
        guard isEnvelope else {
            throw RepositoryError(.integrity,
                "The manifest \(key) is not encrypted but encryption is on: refused (an unencrypted manifest in an encrypted backup is never trusted). "
                + "If this backup was made with encryption off, restore it with encryption off (encrypt: false / B2_ENCRYPT=false).",
                files: [key])
        }
        do {
            return try codec.decode(stored, objectName: key)
        } catch {
            throw RepositoryError.wrapping(error, context: "Opening the manifest \(key) (is the passphrase the one this backup was made with?)", file: key)
        }
    }
}
