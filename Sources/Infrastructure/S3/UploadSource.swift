import AgentBackupPorts
import AsyncHTTPClient
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of one upload with a known length, able to produce any range of itself as a request
/// body as many times as needed (once per attempt, once per multipart part).
enum UploadSource: Sendable {
    /// Bytes the caller gave: sent from its array in `chunkSize` buffers made as the request
    /// goes, never copied whole, so a pack upload holds its 16 MiB once, not twice.
    case bytes([UInt8])
    /// A small file read at once.
    case memory(ByteBuffer)
    case file(path: String, size: Int64)

    /// Chunk size when streaming from a file or an array.
    static let chunkSize = 512 * 1024

    var length: Int64 {
        switch self {
        case .bytes(let b): return Int64(b.count)
        case .memory(let b): return Int64(b.readableBytes)
        case .file(_, let size): return size
        }
    }

    /// A fresh request body for `length` bytes at `offset` (file bodies restart from `offset`).
    func body(offset: Int64, length: Int64) -> HTTPClientRequest.Body {
        switch self {
        case .bytes(let bytes):
            return .stream(
                MemoryRangeChunks(bytes: bytes, range: Int(offset)..<Int(offset + length), chunkSize: Self.chunkSize),
                length: .known(length))
        case .memory(let buffer):
            return .bytes(buffer.getSlice(at: buffer.readerIndex + Int(offset), length: Int(length))!)
        case .file(let path, _):
            return .stream(
                FileRangeChunks(path: path, offset: offset, length: length, chunkSize: Self.chunkSize),
                length: .known(length))
        }
    }

    /// Prepares `body`: a regular file's size is taken now (a file that then shrinks fails the
    /// upload); files up to `inMemoryLimit` bytes are read at once.
    static func make(_ body: ObjectBody, key: String, inMemoryLimit: Int) throws -> UploadSource {
        switch body {
        case .bytes(let bytes):
            return .bytes(bytes)
        case .file(let path):
            let file = try FileDescriptor(openForReading: path, operation: "PUT")
            var info = stat()
            guard fstat(file.fd, &info) == 0 else {
                let code = errno
                throw StoreError(
                    .localIO, operation: "PUT", key: key,
                    message: "cannot stat \(path): \(String(cString: strerror(code)))")
            }
            guard (info.st_mode & S_IFMT) == S_IFREG else {
                throw StoreError(.localIO, operation: "PUT", key: key, message: "\(path) is not a regular file")
            }
            let size = Int64(info.st_size)
            guard size <= Int64(inMemoryLimit) else { return .file(path: path, size: size) }
            var buffer = ByteBufferAllocator().buffer(capacity: Int(size))
            var failure: Int32 = 0
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: Int(size)) { raw in
                let read = PosixCall.readFully(file.fd, into: UnsafeMutableRawBufferPointer(rebasing: raw[..<Int(size)]), at: 0)
                failure = read.errno
                return read.count
            }
            if failure != 0 {
                throw StoreError(
                    .localIO, operation: "PUT", key: key,
                    message: "reading \(path) failed: \(String(cString: strerror(failure)))")
            }
            guard buffer.readableBytes == Int(size) else {
                throw StoreError(
                    .localIO, operation: "PUT", key: key, message: "\(path) became shorter while it was being read",
                    hint: "the file changed during the backup; run it again")
            }
            return .memory(buffer)
        }
    }
}
