import AgentBackupPorts

extension ContentCodec {
    /// Opens a manifest object. With encryption on, a manifest that is not an envelope is REFUSED
    /// (`CryptoError.plaintextManifestRefused`, SPEC item 7): a plain-JSON manifest in an
    /// encrypted backup could have been planted by anyone with write access to the bucket, and it
    /// decides which files a restore writes. Other failures are those of `decode(_:objectName:)`.
    /// Works for any `ContentCodec`, test doubles included.
    public func decodeManifest(_ stored: [UInt8], objectName: String) throws -> [UInt8] {
        do {
            return try decode(stored, objectName: objectName)
        } catch let error as CryptoError where error.code == .notEncrypted && encrypts {
            throw CryptoError(.plaintextManifestRefused, objectName: objectName, message:
                "refused: the manifest is not encrypted but encryption is on; an unencrypted manifest in an "
                + "encrypted backup is never trusted. If this backup was made with encryption off, "
                + "restore it with encryption off (encrypt: false / B2_ENCRYPT=false)")
        }
    }
}
