import AgentBackupPorts

extension RetryingStore {
    /// `base.get(key:range:)`, retried (a ranged read changes nothing).
    public func get(key: String, range: Range<Int64>) async throws -> [UInt8] {
        try await retrier.run(RetryRequest(operation: "GET", key: key)) { _ in
            try await base.get(key: key, range: range)
        }
    }
}
