import AgentBackupPorts
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Part of a file as an async sequence of buffers, for streaming an upload body without holding
/// the file in memory. Each iteration opens the file afresh, so a retried request re-sends the
/// body from its start. A file that shrinks under us is a `localIO` error, not a short upload.
struct FileRangeChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let path: String
    let offset: Int64
    let length: Int64
    let chunkSize: Int

    func makeAsyncIterator() -> Iterator {
        Iterator(spec: self)
    }

    struct Iterator: AsyncIteratorProtocol {
        let spec: FileRangeChunks
        var file: FileDescriptor?
        var position: Int64
        var remaining: Int64

        init(spec: FileRangeChunks) {
            self.spec = spec
            self.position = spec.offset
            self.remaining = spec.length
        }

        mutating func next() async throws -> ByteBuffer? {
            guard remaining > 0 else {
                file = nil
                return nil
            }
            if file == nil { file = try FileDescriptor(openForReading: spec.path, operation: "PUT") }
            let want = Int(Swift.min(Int64(spec.chunkSize), remaining))
            var buffer = ByteBufferAllocator().buffer(capacity: want)
            let fd = file!.fd
            var filled = 0
            var failure: Int32 = 0
            let start = position
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: want) { raw in
                let read = PosixCall.readFully(fd, into: UnsafeMutableRawBufferPointer(rebasing: raw[..<want]), at: start)
                (filled, failure) = (read.count, read.errno)
                return filled
            }
            if failure != 0 {
                throw StoreError(
                    .localIO, operation: "PUT", message: "reading \(spec.path) failed: \(String(cString: strerror(failure)))")
            }
            if filled < want {
                throw StoreError(
                    .localIO, operation: "PUT",
                    message: "\(spec.path) became shorter while it was being uploaded",
                    hint: "the file changed during the backup; run it again")
            }
            position += Int64(filled)
            remaining -= Int64(filled)
            return buffer
        }
    }
}

/// An open file descriptor, closed when the last reference goes (also when an upload is abandoned
/// half way).
final class FileDescriptor: @unchecked Sendable {
    let fd: Int32

    init(openForReading path: String, operation: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw StoreError(
                .localIO, operation: operation, message: "cannot open \(path): \(String(cString: strerror(code)))")
        }
        self.fd = fd
    }

    init(openForWriting path: String, operation: String, key: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let code = errno
            throw StoreError(
                .localIO, operation: operation, key: key,
                message: "cannot create \(path): \(String(cString: strerror(code)))")
        }
        self.fd = fd
    }

    /// Writes all of `buffer`, retrying short writes.
    func writeAll(_ buffer: ByteBuffer, path: String, operation: String, key: String) throws {
        let result = buffer.withUnsafeReadableBytes { PosixCall.writeFully(fd, $0, at: nil) }
        if result != 0 {
            throw StoreError(
                .localIO, operation: operation, key: key,
                message: "writing \(path) failed: \(String(cString: strerror(result)))")
        }
    }

    deinit { close(fd) }
}
