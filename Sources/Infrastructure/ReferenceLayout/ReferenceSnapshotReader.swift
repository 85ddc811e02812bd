import AgentBackupDomain
import AgentBackupPorts

/// Reads files of one reference-layout snapshot: one object per file, streamed, decoded in the
/// run's mode and hash-checked against the manifest.
struct ReferenceSnapshotReader: SnapshotReader {
    let repository: ReferenceRepository
    let ref: SnapshotRef

    func read(
        _ files: [FileToRead], concurrency: Int,
        done: @escaping @Sendable (FileToRead, Result<ContentDigest, any Error>) -> Void
    ) async throws {
        _ = try await concurrentMap(files, limit: concurrency) { file -> Bool in
            do {
                done(file, .success(try await self.readOne(file)))
            } catch is CancellationError {
                throw CancellationError()
            } catch let error as StoreError where error.code == .credentialsRejected || error.code == .accessDenied {
                throw RepositoryError.wrapping(error, context: "Downloading \(file.path)")
            } catch {
                done(file, .failure(error))
            }
            return true
        }
    }

    /// The reference layout keeps no file metadata.
    func metadata(of path: VirtualPath) -> FileMetadata? { nil }

    /// Downloads `file`'s object into its destination and checks the SHA-256. The hash is
    /// authoritative: a size that differs while the hash matches is accepted (the reference
    /// engine records live SQLite sizes). Integrity errors name the file and the object.
    private func readOne(_ file: FileToRead) async throws -> ContentDigest {
        let key = repository.keys.file(file.path, in: ref)
        let digest: ContentDigest
        do {
            if repository.codec.encrypts {
                digest = try await downloadDecoding(key: key, entry: file.entry, into: file.destination)
            } else {
                try await repository.store.get(key: key, toFile: file.destination)
                digest = try repository.hasher.digest(ofFile: file.destination)
            }
        } catch let error as StoreError where error.code == .notFound {
            throw RepositoryError(.integrity, "\(file.path): the object \(key) is missing from the snapshot", files: [file.path.string])
        } catch let error as CryptoError where error.code == .authenticationFailed || error.code == .notEncrypted {
            throw RepositoryError(.integrity, "\(file.path): the object \(key) does not open (\(error.message)): it was modified, or the passphrase is wrong",
                                  files: [file.path.string])
        } catch let error as StoreError where error.code == .credentialsRejected || error.code == .accessDenied {
            throw error
        } catch {
            throw RepositoryError.wrapping(error, context: "Downloading \(file.path)", file: file.path.string)
        }
        guard digest.sha256 == file.entry.hash else {
            throw RepositoryError(.integrity,
                "\(file.path): the downloaded bytes have SHA-256 \(digest.sha256) but the manifest says \(file.entry.hash): the object \(key) was modified or corrupted",
                files: [file.path.string])
        }
        return digest
    }

    /// A small file's envelope comes into memory (no temporary file); a larger one, or one larger
    /// than its manifest size claims (reference SQLite sizes), streams through the scratch folder.
    private func downloadDecoding(key: String, entry: ManifestEntry, into destination: String) async throws -> ContentDigest {
        let small = repository.settings.smallFileBytes
        if entry.size <= Int64(small) {
            do {
                let stored = try await repository.store.get(key: key, maxBytes: small + 64)
                return try repository.codec.decode(stored, to: destination, objectName: key)
            } catch let error as StoreError where error.code == .tooLarge {
                repository.logger.debug("\(key) is larger than its manifest size \(entry.size): streaming it")
            }
        }
        let fileSystem = repository.fileSystem
        let stored = try fileSystem.makeTemporaryFile(in: repository.scratch, prefix: "dl-")
        defer { try? fileSystem.remove(stored) }
        try await repository.store.get(key: key, toFile: stored)
        return try repository.codec.decode(file: stored, to: destination, objectName: key)
    }
}
