import AgentBackupDomain
import AgentBackupPorts

/// Writes one snapshot of the reference layout: each file's object as it comes, the manifest
/// last (it marks the snapshot complete).
struct ReferenceSnapshotWriter: SnapshotWriter {
    let repository: ReferenceRepository
    let ref: SnapshotRef
    let previous: PreviousSnapshot?

    private var keys: ReferenceKeys { repository.keys }
    private var store: any ObjectStore { repository.store }
    private var codec: any ContentCodec { repository.codec }

    /// Encrypted: the codec reads the file once (into memory when small, else into an envelope
    /// in the scratch folder) and hashes what it read. Plain: a private copy goes up as it is; a
    /// live file goes up as it is and, if its metadata changed meanwhile, is hashed and sent again.
    func store(_ path: VirtualPath, from source: LocalSource) async throws -> ManifestEntry {
        let key = keys.file(path, in: ref)
        if codec.encrypts {
            return try await storeEncrypted(source, key: key)
        }
        if source.isStable {
            try await store.put(key: key, body: .file(path: source.path), contentType: "application/octet-stream")
            return source.expected
        }
        return try await storeLive(source, key: key, path: path)
    }

    private func storeEncrypted(_ source: LocalSource, key: String) async throws -> ManifestEntry {
        let small = repository.settings.smallFileBytes
        if source.expected.size <= Int64(small), let encoded = try codec.encode(smallFile: source.path, maxBytes: Int(source.expected.size)) {
            try await store.put(key: key, body: .bytes(encoded.stored), contentType: "application/octet-stream")
            return ManifestEntry(hash: encoded.digest.sha256, size: encoded.digest.size)
        }
        let fileSystem = repository.fileSystem
        let envelope = try fileSystem.makeTemporaryFile(in: repository.scratch, prefix: "up-")
        defer { try? fileSystem.remove(envelope) }
        let digest = try codec.encode(file: source.path, to: envelope)
        try await store.put(key: key, body: .file(path: envelope), contentType: "application/octet-stream")
        return ManifestEntry(hash: digest.sha256, size: digest.size)
    }

    private func storeLive(_ source: LocalSource, key: String, path: VirtualPath) async throws -> ManifestEntry {
        let fileSystem = repository.fileSystem
        var entry = source.expected
        var expected = source.status
        for _ in 0..<3 {
            try await store.put(key: key, body: .file(path: source.path), contentType: "application/octet-stream")
            guard let now = try fileSystem.status(source.path) else {
                throw FileSystemError(path: source.path, operation: "stat", message: "the file was deleted while it was uploaded")
            }
            if Self.sameMetadata(now, expected) { return entry }
            let digest = try repository.hasher.digest(ofFile: source.path)
            entry = ManifestEntry(hash: digest.sha256, size: digest.size)
            expected = now
        }
        throw RepositoryError(.failed, "\(path) kept changing while it was uploaded", files: [path.string])
    }

    /// Same size, times, inode and device: the bytes are taken to be the same.
    static func sameMetadata(_ a: FileStatus, _ b: FileStatus) -> Bool {
        a.size == b.size && a.mtimeNs == b.mtimeNs && a.ctimeNs == b.ctimeNs && a.inode == b.inode && a.device == b.device
    }

    /// A server-side copy from the previous snapshot, only when its manifest records the SAME
    /// hash for the path (the copied object then holds exactly these bytes). A refused copy
    /// (the object is gone, the store cannot copy across folders) is `false`: the caller uploads.
    /// Refused credentials stop the push.
    func reuse(_ path: VirtualPath, entry: ManifestEntry) async throws -> Bool {
        guard let previous, previous.manifest.files[path]?.hash == entry.hash else { return false }
        let from = keys.file(path, in: previous.ref)
        do {
            try await store.copy(from: from, to: keys.file(path, in: ref))
            return true
        } catch let error as StoreError where error.code == .credentialsRejected || error.code == .accessDenied {
            throw RepositoryError.wrapping(error, context: "Copying \(from)")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            repository.logger.info("server-side copy of \(from) failed (\(error)); uploading \(path) instead")
            return false
        }
    }

    /// The manifest, written last: the snapshot exists from now on. The reference layout keeps
    /// no file metadata.
    func commit(_ manifest: Manifest, metadata: [VirtualPath: FileMetadata]) async throws -> [UInt8] {
        let key = keys.manifest(ref)
        let plaintext = manifest.encoded()
        do {
            let stored = try codec.encode(plaintext)
            try await store.put(key: key, body: .bytes(stored), contentType: codec.encrypts ? "application/octet-stream" : "application/json")
        } catch {
            throw RepositoryError.wrapping(error, context: "Uploading the manifest \(key)")
        }
        return plaintext
    }
}
