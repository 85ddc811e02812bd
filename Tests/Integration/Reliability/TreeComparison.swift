import Testing

extension TreeFiles {
    /// What differs between two trees, briefly (paths and sizes, never the bytes); empty when equal.
    static func differences(_ actual: [String: [UInt8]], _ expected: [String: [UInt8]]) -> String {
        let missing = expected.keys.filter { actual[$0] == nil }.sorted()
        let extra = actual.keys.filter { expected[$0] == nil }.sorted()
        let changed = expected.keys.filter { actual[$0] != nil && actual[$0] != expected[$0] }.sorted()
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing \(missing.prefix(10))") }
        if !extra.isEmpty { parts.append("unexpected \(extra.prefix(10))") }
        if !changed.isEmpty {
            parts.append("different " + changed.prefix(10).map { "\($0) (\(actual[$0]!.count) bytes, expected \(expected[$0]!.count))" }.joined(separator: ", "))
        }
        return parts.joined(separator: "; ")
    }
}

/// Expects two trees to be equal, reporting only which files differ.
func expectSameTree(
    _ actual: [String: [UInt8]], _ expected: [String: [UInt8]]?, _ what: @autoclosure () -> String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let difference = TreeFiles.differences(actual, expected ?? [:])
    #expect(difference.isEmpty, "\(what()): \(difference)", sourceLocation: sourceLocation)
}
