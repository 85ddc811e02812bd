/// Runs `body` over `items` with at most `limit` running at once and returns the results in the
/// order of `items`. The first error cancels the rest and is rethrown. Shared by the use cases
/// and the repositories (transfers in flight are the one concurrency knob of a run).
public func concurrentMap<Item: Sendable, Output: Sendable>(
    _ items: [Item], limit: Int, _ body: @escaping @Sendable (Item) async throws -> Output
) async throws -> [Output] {
    if items.isEmpty { return [] }
    return try await withThrowingTaskGroup(of: (Int, Output).self) { group in
        var results = [Output?](repeating: nil, count: items.count)
        var next = 0
        func launch() {
            let index = next
            let item = items[index]
            group.addTask { (index, try await body(item)) }
            next += 1
        }
        while next < min(limit, items.count) { launch() }
        while let (index, output) = try await group.next() {
            results[index] = output
            // A cancelled caller (a push whose repository did not open) stops at the next item.
            if next < items.count {
                try Task.checkCancellation()
                launch()
            }
        }
        return results.map { $0! }
    }
}
