/// A set of `PathMapping`s applied together: each path goes through the mapping with the
/// longest `from` it lies under (so `--map /home/a=/x --map /home/a/work=/w` sends
/// `/home/a/work/p` to `/w/p` and `/home/a/src` to `/x/src`). Mappings never chain.
public struct PathMapper: Sendable, Equatable {
    /// The mappings that change something, longest `from` first.
    public let mappings: [PathMapping]

    /// The given mappings, identities (`from == to`) dropped. Two mappings of the same `from`
    /// to different places are refused (`.invalidMapping`): the result would depend on order.
    public init(_ mappings: [PathMapping]) throws {
        var byFrom: [[UInt8]: PathMapping] = [:]
        for mapping in mappings where mapping.from != mapping.to {
            if let other = byFrom[mapping.from], other.to != mapping.to {
                throw DomainError(.invalidMapping, "--map names \(mapping.fromText) twice (to \(other.toText) and to \(mapping.toText)): give one target per folder.")
            }
            byFrom[mapping.from] = mapping
        }
        self.mappings = byFrom.values.sorted { a, b in
            a.from.count != b.from.count ? a.from.count > b.from.count : a.from.lexicographicallyPrecedes(b.from)
        }
    }

    /// True when nothing is mapped.
    public var isEmpty: Bool { mappings.isEmpty }

    /// Every mapping the other way round: what a rewritten value is checked against.
    public var reversed: PathMapper {
        // Reversing can only make two mappings share a `from` when two froms had the same `to`;
        // keep the first (longest original `from`) so reversal never throws.
        var seen = Set<[UInt8]>()
        let unique = mappings.map(\.reversed).filter { seen.insert($0.from).inserted }
        return (try? PathMapper(unique)) ?? self
    }

    /// The mapping that applies to `path` (the longest `from` it lies under), or nil.
    public func mapping<C: Collection>(for path: C) -> PathMapping? where C.Element == UInt8 {
        mappings.first { $0.suffix(of: path) != nil }
    }

    /// `path` with its mapped prefix replaced, or nil when it lies under no `from`.
    public func map<C: Collection>(_ path: C) -> [UInt8]? where C.Element == UInt8 {
        guard let mapping = mapping(for: path), let rest = mapping.suffix(of: path) else { return nil }
        return mapping.to + rest
    }
}
