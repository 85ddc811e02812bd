import AgentBackupPorts

/// The errors a user meets when an envelope does not open, worded so they can act on them.
extension CryptoError {
    /// The GCM tag did not verify.
    static func authenticationFailed(_ objectName: String) -> CryptoError {
        CryptoError(.authenticationFailed, objectName: objectName, message:
            "authentication failed: wrong passphrase, or the object was tampered with or corrupted. "
            + "Check that the encryption passphrase (encryptionKey / B2_ENCRYPTION_KEY) is the one this backup was made with")
    }

    /// Shorter than the 64-byte header or without the `B2EN` magic.
    static func notEncrypted(_ objectName: String, byteCount: Int64?) -> CryptoError {
        let why = byteCount.map { $0 < Int64(B2ENHeader.size) ? "only \($0) bytes, shorter than the 64-byte header" : "no B2EN header" }
            ?? "no B2EN header"
        return CryptoError(.notEncrypted, objectName: objectName, message:
            "not an encrypted object (\(why)); this backup expects B2EN envelopes. "
            + "If it was made with encryption off, read it with encryption off (encrypt: false / B2_ENCRYPT=false)")
    }

    /// A file could not be read or written.
    static func io(_ failure: PosixFile.Failure, objectName: String) -> CryptoError {
        CryptoError(.io, objectName: objectName, message: failure.description)
    }
}

/// Runs `body`, turning `PosixFile` failures into `CryptoError(.io)` naming `objectName`, and
/// naming `objectName` in any `CryptoError` that does not name an object yet.
func mappingIOErrors<R>(objectName: String, _ body: () throws -> R) throws -> R {
    do {
        return try body()
    } catch let failure as PosixFile.Failure {
        throw CryptoError.io(failure, objectName: objectName)
    } catch var error as CryptoError where error.objectName == nil {
        error.objectName = objectName
        throw error
    }
}
