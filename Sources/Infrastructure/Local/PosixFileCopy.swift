#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import AgentBackupPorts

/// Copies one file's bytes to a new private file (0600) in 1 MiB chunks: memory stays bounded
/// whatever the size.
enum PosixFileCopy {
    /// Copies `source` to `destination`, which must not exist yet. Returns false, copying nothing,
    /// when `source` does not exist and `optional` is set (a sidecar that vanished or never existed).
    @discardableResult
    static func copy(from source: String, to destination: String, optional: Bool = false) throws -> Bool {
        let input = PosixCall.retryingInterrupts { open(source, O_RDONLY | O_CLOEXEC) }
        guard input >= 0 else {
            let code = errno
            if optional && code == ENOENT { return false }
            throw PosixCall.error("open", source, errno: code)
        }
        defer { PosixCall.closeQuietly(input) }
        let output = PosixCall.retryingInterrupts {
            open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(0o600))
        }
        guard output >= 0 else { throw PosixCall.error("create", destination) }
        var closed = false
        defer { if !closed { PosixCall.closeQuietly(output) } }

        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in
                PosixCall.retryingInterrupts { read(input, raw.baseAddress, raw.count) }
            }
            if count < 0 { throw PosixCall.error("read", source) }
            if count == 0 { break }
            try PosixFileSystem.writeAll(output, Array(buffer[0..<count]), path: destination)
        }
        closed = true
        guard close(output) == 0 else { throw PosixCall.error("close", destination) }
        return true
    }
}
