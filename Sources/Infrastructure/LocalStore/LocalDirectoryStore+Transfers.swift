import AgentBackupPorts

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The blocking bodies of put, get, copy and delete (run on the thread pool).
extension LocalDirectoryStore {
    /// How often a write retries when a concurrent delete removed the (empty) folder it was about
    /// to write into.
    static let folderRaceAttempts = 5

    func putNow(key: String, body: ObjectBody) throws {
        switch body {
        case .bytes(let bytes):
            try writeAtomically(key: key, operation: "PUT") { fd, path in
                try bytes.withUnsafeBytes { try LocalFileIO.writeAll($0, to: fd, path: path) }
            }
        case .file(let source):
            let input: (fd: Int32, size: Int64)
            do {
                input = try LocalFileIO.openRegularFile(source)
            } catch let failure as LocalIOFailure {
                throw callerFileError(failure, operation: "PUT", key: key, role: "the body file")
            }
            defer { close(input.fd) }
            try writeAtomically(key: key, operation: "PUT") { fd, path in
                do {
                    _ = try LocalFileIO.copyAll(from: input.fd, sourcePath: source, to: fd, destinationPath: path)
                } catch let failure as LocalIOFailure where failure.path == source {
                    throw callerFileError(failure, operation: "PUT", key: key, role: "the body file")
                }
            }
        }
    }

    func getNow(key: String, toFile destination: String) throws -> Int64 {
        let source = try openObject(key, operation: "GET")
        defer { close(source.fd) }
        let output: Int32
        do {
            output = try LocalFileIO.openForWriting(destination)
        } catch let failure as LocalIOFailure {
            throw callerFileError(failure, operation: "GET", key: key, role: "the download file")
        }
        do {
            let count = try LocalFileIO.copyAll(from: source.fd, sourcePath: source.path, to: output, destinationPath: destination)
            try LocalFileIO.closeChecked(output, path: destination)
            return count
        } catch let failure as LocalIOFailure {
            if failure.operation != "close" { close(output) }
            if failure.path == destination {
                throw callerFileError(failure, operation: "GET", key: key, role: "the download file")
            }
            throw storeError(failure, operation: "GET", key: key)
        }
    }

    func getNow(key: String, maxBytes: Int) throws -> [UInt8] {
        let source = try openObject(key, operation: "GET")
        defer { close(source.fd) }
        guard source.size <= Int64(maxBytes) else {
            throw StoreError(
                .tooLarge, operation: "GET", key: key,
                message: "the object is \(source.size) bytes, more than the \(maxBytes) allowed")
        }
        do {
            return try LocalFileIO.readAll(source.fd, size: Int(source.size), path: source.path)
        } catch let failure as LocalIOFailure {
            throw storeError(failure, operation: "GET", key: key)
        }
    }

    func copyNow(from sourceKey: String, to destinationKey: String) throws {
        let source = try openObject(sourceKey, operation: "COPY")
        defer { close(source.fd) }
        try writeAtomically(key: destinationKey, operation: "COPY") { fd, path in
            _ = try LocalFileIO.copyAll(from: source.fd, sourcePath: source.path, to: fd, destinationPath: path)
        }
    }

    func deleteNow(keys: [String]) throws {
        for key in keys {
            let path = path(for: key)
            guard LocalFileIO.kind(of: path) == .file else { continue }  // missing, or only a folder of keys
            do {
                try LocalFileIO.removeFile(path)
            } catch let failure as LocalIOFailure {
                throw storeError(failure, operation: "DELETE", key: key)
            }
            LocalFileIO.removeEmptyDirectories(from: parent(of: path), stoppingAt: root)
        }
    }

    // MARK: Building blocks

    /// Opens the object's file for reading; a missing object (or a folder, or a link) is `.notFound`.
    func openObject(_ key: String, operation: String) throws -> (fd: Int32, size: Int64, path: String) {
        let path = path(for: key)
        do {
            let (fd, size) = try LocalFileIO.openRegularFile(path)
            return (fd, size, path)
        } catch let failure as LocalIOFailure {
            if [ENOENT, ENOTDIR, ELOOP].contains(failure.errno) {
                throw StoreError(
                    .notFound, operation: operation, key: key, message: "no such object in \(displayName)")
            }
            throw storeError(failure, operation: operation, key: key)
        }
    }

    /// Writes a new version of `key`: folders, a temporary file beside the target, `fill`, fsync,
    /// rename. The temporary file is removed on any failure.
    func writeAtomically(key: String, operation: String, fill: (Int32, String) throws -> Void) throws {
        let components = LocalKeyMapping.components(of: key)
        let target = root + "/" + components.joined(separator: "/")
        let folder = parent(of: target)
        var attempt = 0
        while true {
            attempt += 1
            let temporary: (fd: Int32, path: String)
            do {
                try ensureRoot()
                try LocalFileIO.makeDirectories(Array(components.dropLast()), under: root)
                temporary = try LocalFileIO.createTemporaryFile(in: folder)
            } catch let failure as LocalIOFailure {
                // A concurrent delete may have pruned the folder between mkdir and create.
                if failure.errno == ENOENT, attempt < Self.folderRaceAttempts { continue }
                throw storeError(failure, operation: operation, key: key)
            }
            do {
                try fill(temporary.fd, temporary.path)
                try LocalFileIO.sync(temporary.fd, path: temporary.path)
                try LocalFileIO.closeChecked(temporary.fd, path: temporary.path)
            } catch {
                close(temporary.fd)
                try? LocalFileIO.removeFile(temporary.path)
                if let failure = error as? LocalIOFailure { throw storeError(failure, operation: operation, key: key) }
                throw error
            }
            do {
                try LocalFileIO.move(temporary.path, to: target)
                return
            } catch let failure as LocalIOFailure {
                try? LocalFileIO.removeFile(temporary.path)
                throw storeError(failure, operation: operation, key: key)
            }
        }
    }

    /// Creates the store folder (and missing parents, mode 0700) if needed.
    func ensureRoot() throws {
        if LocalFileIO.kind(of: root) == .directory { return }
        var path = ""
        for component in root.utf8.split(separator: UInt8(ascii: "/")) {
            path += "/" + String(decoding: component, as: UTF8.self)
            if mkdir(path, 0o700) == 0 || errno == EEXIST { continue }
            throw LocalIOFailure(operation: "mkdir", path: path, errno: errno)
        }
    }

    /// The folder holding `path` (by bytes: see `LocalFileIO.removeEmptyDirectories`).
    func parent(of path: String) -> String {
        let bytes = Array(path.utf8)
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(decoding: bytes[..<slash], as: UTF8.self)
    }
}
