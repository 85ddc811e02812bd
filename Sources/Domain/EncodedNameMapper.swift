/// Finds the encoded-name entry of a virtual path and decides its new name: the engine of
/// `PathMappingPlan`, remembering each name's fate so a folder of many files is decided once.
struct EncodedNameMapper {
    /// The entry of a path that an encoding names: `folder/<name>`.
    struct Entry {
        var rule: Int
        var folder: String
        var name: [UInt8]
        var entryPath: String
    }

    enum Fate: Equatable {
        case unchanged
        case renamed([UInt8], exact: Bool)
        case unmapped(String)
    }

    private let rules: [PathNameRule]
    private let mapper: PathMapper
    /// For each encoding used, the names of the known paths and what each becomes.
    private var known: [PathNameEncoding: [[UInt8]: Set<[UInt8]>]] = [:]
    private var decided: [Int: [[UInt8]: Fate]] = [:]

    init(rules: [PathNameRule], mapper: PathMapper, knownPaths: [[UInt8]], sha256: ([UInt8]) -> [UInt8]) {
        self.rules = rules
        self.mapper = mapper
        guard !mapper.isEmpty, !rules.isEmpty else { return }
        var paths = Set<[UInt8]>()
        for path in knownPaths where path.first == UInt8(ascii: "/") {
            // The path and every ancestor folder: a file a session touched names its project.
            var end = path.count
            while end > 1 {
                paths.insert(Array(path[..<end]))
                guard let slash = path[..<end].lastIndex(of: UInt8(ascii: "/")), slash > 0 else { break }
                end = slash
            }
        }
        for encoding in Set(rules.map(\.encoding)) {
            var names: [[UInt8]: Set<[UInt8]>] = [:]
            for path in paths {
                let target = mapper.map(path) ?? path
                names[encoding.name(for: path, sha256: sha256), default: []].insert(encoding.name(for: target, sha256: sha256))
            }
            known[encoding] = names
        }
    }

    /// The encoded entry `path` lies in, if any rule's folder holds it.
    func entry(of path: VirtualPath) -> Entry? {
        let bytes = Array(path.string.utf8)
        for (index, rule) in rules.enumerated() {
            let folder = Array(rule.folder.utf8) + [UInt8(ascii: "/")]
            guard bytes.count > folder.count, bytes.starts(with: folder) else { continue }
            let rest = bytes[folder.count...]
            let name = Array(rest.prefix { $0 != UInt8(ascii: "/") })
            return Entry(rule: index, folder: rule.folder, name: name, entryPath: rule.folder + "/" + String(decoding: name, as: UTF8.self))
        }
        return nil
    }

    /// What happens to an entry's name (decided once per name).
    mutating func fate(of entry: Entry) -> Fate {
        if let fate = decided[entry.rule]?[entry.name] { return fate }
        let fate = decide(entry)
        decided[entry.rule, default: [:]][entry.name] = fate
        return fate
    }

    private func decide(_ entry: Entry) -> Fate {
        let encoding = rules[entry.rule].encoding
        guard !mapper.isEmpty, encoding.canProduce(entry.name) else { return .unchanged }
        if let targets = known[encoding]?[entry.name] {
            guard targets.count == 1, let target = targets.first else {
                return .unmapped("it names several paths of the snapshot that map to different places; restored under its old name")
            }
            return target == entry.name ? .unchanged : .renamed(target, exact: true)
        }
        if encoding == .dashes, !encoding.isShortened(entry.name) {
            return renameDashedPrefix(entry.name)
        }
        return .unmapped(encoding == .sha256
            ? "the agent names this folder by a hash of its path, and no file of the snapshot names a path with that hash; restored under its old name"
            : "the agent shortened this name with a hash of the full path, and no file of the snapshot names that path; restored under its old name")
    }

    /// A name-only rename for character-by-character encodings: an encoded FROM followed by an
    /// encoded `/` (or nothing) becomes the encoded TO. Used only when no file names the path.
    private func renameDashedPrefix(_ name: [UInt8]) -> Fate {
        for mapping in mapper.mappings {
            let from = PathNameEncoding.dashes(mapping.from)
            guard from.count <= PathNameEncoding.dashesLimit, name.starts(with: from) else { continue }
            let rest = name[from.count...]
            guard rest.isEmpty || rest.first == UInt8(ascii: "-") else { continue }
            let renamed = PathNameEncoding.dashes(mapping.to) + rest
            guard renamed.count <= PathNameEncoding.dashesLimit else {
                return .unmapped("its new name would be longer than \(PathNameEncoding.dashesLimit) characters, which the agent shortens with a hash of the full path, and no file of the snapshot names that path; restored under its old name")
            }
            return .renamed(renamed, exact: false)
        }
        return .unchanged
    }
}
