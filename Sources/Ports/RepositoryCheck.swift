import AgentBackupDomain

/// How much of a repository's stored data `check` downloads.
public struct RepositoryCheckDepth: Sendable, Equatable {
    /// The share of the data read back, 0 (structure only) to 1 (everything).
    public var readDataFraction: Double
    /// Chooses which share is read; a new seed each run covers everything over enough runs.
    public var seed: UInt64

    public init(readDataFraction: Double = 0, seed: UInt64 = 0) {
        self.readDataFraction = min(1, max(0, readDataFraction))
        self.seed = seed
    }

    /// Whether the item whose 64-bit name is `word` is in the share chosen by `seed`. The same
    /// rule in every layout so a subset means the same thing whatever the layout.
    public func selects(_ word: UInt64) -> Bool {
        if readDataFraction >= 1 { return true }
        if readDataFraction <= 0 { return false }
        var mixed = (word ^ seed) &* 0x9E37_79B9_7F4A_7C15
        mixed ^= mixed >> 29
        mixed = mixed &* 0xBF58_476D_1CE4_E5B9
        mixed ^= mixed >> 32
        return Double(mixed >> 11) / Double(UInt64(1) << 53) < readDataFraction
    }
}

/// What a whole-repository check found.
public struct RepositoryCheckReport: Sendable, Equatable, Codable {
    /// Damage: an object missing or too short, a manifest or index that does not open, a blob
    /// no pack holds, a hash that differs. Each names the snapshot, object or file.
    public var problems: [String] = []
    /// Not damage, worth saying (leftovers of an interrupted write the next prune removes).
    public var notes: [String] = []
    /// Snapshots whose manifest opened (regular and safety).
    public var snapshots = 0
    /// Data objects the repository holds: file objects (reference) or packs (packed).
    public var dataObjects = 0
    /// Data objects read back in full (the read-data share).
    public var dataObjectsRead = 0
    /// Files whose every byte was read back and whose SHA-256 matched.
    public var filesRead = 0
    public var bytesRead: Int64 = 0

    public init() {}

    public var isHealthy: Bool { problems.isEmpty }
}

/// A layout's whole-repository check (`verify --repository`, `--read-data`): every snapshot
/// opens, every object a snapshot names exists, and the chosen share of the data is downloaded
/// with every file hash-checked. A layout checks what only it knows (indexes, pack headers).
public protocol RepositoryChecking: Sendable {
    /// Damage is reported, never thrown; throws only for what stops the check (the store is
    /// unreachable, the credentials are refused, a local file cannot be written).
    /// `scratch` is the operation's private folder for plaintext in flight.
    func check(_ depth: RepositoryCheckDepth, scratch: String) async throws -> RepositoryCheckReport
}
