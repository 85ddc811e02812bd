import AgentBackupDomain
import AgentBackupPorts

extension ReferenceRepository {
    /// Downloads and opens a snapshot's manifest in this run's mode, decided by the codec and
    /// never by sniffing (SPEC items 7 and 12):
    /// - encryption on: the object must be a B2EN envelope; a plain-JSON manifest is REFUSED
    ///   (integrity), since anyone with write access could have planted it;
    /// - encryption off: the bytes are the JSON; an envelope means the backup is encrypted and
    ///   the configuration is wrong (configuration error, with the fix).
    public func manifest(of ref: SnapshotRef) async throws -> Manifest {
        let key = keys.manifest(ref)
        let plaintext = try await manifestPlaintext(key: key, ref: ref)
        do {
            return try Manifest.decode(plaintext)
        } catch {
            throw RepositoryError.wrapping(error, context: "The manifest \(key) is not valid", file: key)
        }
    }

    /// One HEAD: the manifest exists and its stored size is that of `manifestBytes` in this
    /// run's mode (a B2EN envelope adds exactly 64 bytes).
    public func holds(_ ref: SnapshotRef, manifestBytes: [UInt8]) async throws -> Bool {
        let key = keys.manifest(ref)
        let info: ObjectInfo?
        do {
            info = try await store.head(key: key)
        } catch {
            throw RepositoryError.wrapping(error, context: "Checking the last snapshot \(key)")
        }
        guard let info else { return false }
        let expected = Int64(manifestBytes.count + (codec.encrypts ? 64 : 0))
        if info.size != expected {
            logger.warning("\(key) is \(info.size) bytes, not the \(expected) the local cache implies: treating it as another snapshot")
            return false
        }
        return true
    }

    private func manifestPlaintext(key: String, ref: SnapshotRef) async throws -> [UInt8] {
        let stored: [UInt8]
        do {
            stored = try await store.get(key: key, maxBytes: settings.maxManifestBytes)
        } catch let error as StoreError where error.code == .notFound {
            throw RepositoryError(.configuration, "Snapshot \(ref) has no manifest (\(key) not found): `agent-backup snapshots` lists the complete ones.")
        } catch let error as StoreError where error.code == .tooLarge {
            throw RepositoryError(.integrity, "The manifest \(key) is larger than \(settings.maxManifestBytes) bytes: refused.", files: [key])
        } catch {
            throw RepositoryError.wrapping(error, context: "Downloading the manifest \(key)")
        }
        let isEnvelope = Self.looksLikeEnvelope(stored)
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

    /// A B2EN envelope's shape: at least 64 bytes starting with `B2EN`. Only the manifest is
    /// looked at this way, to explain a mode mismatch; files are decoded by the run's mode.
    static func looksLikeEnvelope(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 64 && bytes[0] == 0x42 && bytes[1] == 0x32 && bytes[2] == 0x45 && bytes[3] == 0x4E
    }
}
