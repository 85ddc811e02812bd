import AgentBackupDomain
import AgentBackupPorts

extension ReferenceRepository {
    /// Downloads and opens a snapshot's manifest in this run's mode (`ManifestEnvelope.open`:
    /// a plain manifest in an encrypted backup is refused, SPEC items 7 and 12).
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
        return try ManifestEnvelope.open(stored, key: key, codec: codec)
    }
}
