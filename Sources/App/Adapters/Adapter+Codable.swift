import AgentBackupDomain
extension Adapter: Codable {
    /// Decodes the adapter-file format with the same checks as `AdapterFile.load` (errors are
    /// `AdapterError`s naming the field).
    public init(from decoder: any Decoder) throws {
        try self.init(json: JSONValue(from: decoder))
    }

    /// Encodes the adapter-file format.
    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}
