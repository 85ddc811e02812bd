import AgentBackupPorts

/// The `ObjectStore` methods, so fault injection and call counters can name one of them.
public enum StoreOperation: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case put
    /// `get(key:toFile:)`.
    case getToFile
    /// `get(key:maxBytes:)` (small objects such as the manifest).
    case getBytes
    /// `get(key:range:)` (ranged reads of pack files).
    case getRange
    case copy
    case list
    case delete
    case head

    /// The operation name used in `StoreError.operation` ("PUT", "GET", …).
    public var errorName: String {
        switch self {
        case .put: return "PUT"
        case .getToFile, .getBytes, .getRange: return "GET"
        case .copy: return "COPY"
        case .list: return "LIST"
        case .delete: return "DELETE"
        case .head: return "HEAD"
        }
    }

    public var description: String { rawValue }
}

/// One recorded call to a fake store, for assertions about what the code under test asked for.
public struct StoreCall: Sendable, Equatable, CustomStringConvertible {
    public var operation: StoreOperation
    /// put/get/head: the key; copy: source then destination; delete: every key; list: the prefix.
    public var keys: [String]

    public init(operation: StoreOperation, keys: [String]) {
        self.operation = operation
        self.keys = keys
    }

    public var description: String { "\(operation) \(keys.joined(separator: ", "))" }
}
