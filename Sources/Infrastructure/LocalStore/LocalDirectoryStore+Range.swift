import AgentBackupPorts

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LocalDirectoryStore {
    /// Reads the part of `range` the object's file holds with `pread`, allocating no more than
    /// that part.
    public func get(key: String, range: Range<Int64>) async throws -> [UInt8] {
        try Self.validate(key, operation: "GET")
        guard !range.isEmpty, range.lowerBound >= 0 else { return [] }
        return try await blocking { try getNow(key: key, range: range) }
    }

    func getNow(key: String, range: Range<Int64>) throws -> [UInt8] {
        let source = try openObject(key, operation: "GET")
        defer { close(source.fd) }
        guard range.lowerBound < source.size else { return [] }
        let count = Int(min(range.upperBound, source.size) - range.lowerBound)
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                pread(source.fd, buffer.baseAddress! + filled, count - filled, off_t(range.lowerBound) + off_t(filled))
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw storeError(LocalIOFailure(operation: "read", path: source.path, errno: errno), operation: "GET", key: key)
            }
            if got == 0 { break }
            filled += got
        }
        return filled == count ? bytes : Array(bytes[0..<filled])
    }
}
