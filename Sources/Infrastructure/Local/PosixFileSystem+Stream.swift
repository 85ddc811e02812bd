#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AgentBackupPorts

extension PosixFileSystem {
    /// `read(2)` in pieces of at most `chunkBytes` (one buffer, reused).
    public func readChunks(of path: String, chunkBytes: Int, _ body: ([UInt8]) throws -> Void) throws {
        let fd = PosixCall.retryingInterrupts { open(path, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw PosixCall.error("open", path) }
        defer { PosixCall.closeQuietly(fd) }
        var chunk = [UInt8](repeating: 0, count: max(chunkBytes, 1))
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                PosixCall.retryingInterrupts { read(fd, buffer.baseAddress, buffer.count) }
            }
            if count < 0 { throw PosixCall.error("read", path) }
            if count == 0 { return }
            try body(count == chunk.count ? chunk : Array(chunk[0..<count]))
        }
    }

    /// `open(O_CREAT|O_TRUNC)` with `mode`, then `write(2)` of every piece `body` hands over.
    public func writeStream(to path: String, mode: UInt32, _ body: (_ write: ([UInt8]) throws -> Void) throws -> Void) throws {
        let fd = PosixCall.retryingInterrupts { open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode_t(mode & 0o7777)) }
        guard fd >= 0 else { throw PosixCall.error("open", path) }
        var closed = false
        defer { if !closed { PosixCall.closeQuietly(fd) } }
        guard fchmod(fd, mode_t(mode & 0o7777)) == 0 else { throw PosixCall.error("chmod", path) }
        try body { bytes in try Self.writeAll(fd, bytes, path: path) }
        closed = true
        guard close(fd) == 0 else { throw PosixCall.error("close", path) }
    }
}
