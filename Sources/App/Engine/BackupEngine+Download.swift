import AgentBackupDomain
import AgentBackupPorts

extension BackupEngine {
    /// Downloads the object of `path`, decodes it in the run's mode into `plaintextPath` (an
    /// existing temporary file the caller owns and deletes on failure) and checks its SHA-256
    /// against the manifest. The hash is authoritative: a size that differs while the hash
    /// matches is accepted (the reference engine records live SQLite sizes).
    ///
    /// Throws `.integrity` naming the file for a hash or authentication mismatch or a missing
    /// object, `.failed` for transport and local errors. Memory stays bounded: everything streams.
    func downloadVerified(
        path: String, entry: ManifestEntry, from location: SnapshotLocation, into plaintextPath: String, work: WorkArea
    ) async throws -> ContentDigest {
        let key = location.key(for: path)
        let digest: ContentDigest
        do {
            if codec.encrypts {
                digest = try await downloadDecoding(key: key, entry: entry, into: plaintextPath, work: work)
            } else {
                try await store.get(key: key, toFile: plaintextPath)
                digest = try hasher.digest(ofFile: plaintextPath)
            }
        } catch let error as StoreError where error.code == .notFound {
            throw EngineError(.integrity, "\(path): the object \(key) is missing from the snapshot", files: [path])
        } catch let error as CryptoError where error.code == .authenticationFailed || error.code == .notEncrypted {
            throw EngineError(.integrity, "\(path): the object \(key) does not open (\(error.message)): it was modified, or the passphrase is wrong", files: [path])
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw EngineError.wrapping(error, context: "Downloading \(path)", file: path)
        }
        guard digest.sha256 == entry.hash else {
            throw EngineError(.integrity,
                "\(path): the downloaded bytes have SHA-256 \(digest.sha256) but the manifest says \(entry.hash): the object \(key) was modified or corrupted",
                files: [path])
        }
        if digest.size != entry.size {
            logger.debug("\(path): \(digest.size) bytes, the manifest says \(entry.size) (hash matches; reference SQLite sizes differ)")
        }
        return digest
    }

    /// The envelope of a small file is fetched into memory (no temporary file); a larger one, or
    /// one larger than its manifest size claims (the reference records live SQLite sizes),
    /// streams through a temporary file.
    private func downloadDecoding(key: String, entry: ManifestEntry, into plaintextPath: String, work: WorkArea) async throws -> ContentDigest {
        if entry.size <= Self.smallFileBytes {
            do {
                let stored = try await store.get(key: key, maxBytes: Self.smallFileBytes + 64)
                return try codec.decode(stored, to: plaintextPath, objectName: key)
            } catch let error as StoreError where error.code == .tooLarge {
                logger.debug("\(key) is larger than its manifest size \(entry.size): streaming it")
            }
        }
        let stored = try work.makeFile("dl-")
        defer { try? fileSystem.remove(stored) }
        try await store.get(key: key, toFile: stored)
        return try codec.decode(file: stored, to: plaintextPath, objectName: key)
    }
}
