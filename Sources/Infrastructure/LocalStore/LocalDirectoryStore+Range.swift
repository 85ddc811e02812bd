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
        let read = bytes.withUnsafeMutableBytes { PosixCall.readFully(source.fd, into: $0, at: range.lowerBound) }
        if read.errno != 0 {
            throw storeError(LocalIOFailure(operation: "read", path: source.path, errno: read.errno), operation: "GET", key: key)
        }
        return read.count == count ? bytes : Array(bytes[0..<read.count])
    }
}
