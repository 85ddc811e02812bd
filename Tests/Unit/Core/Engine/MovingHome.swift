import Foundation
import Testing
import AgentBackup
import AgentBackupDomain
import AgentBackupPorts
import AgentBackupInfrastructure
import AgentBackupTestSupport

/// One machine of a move (`restore --map-home`): a home folder inside a harness's temp folder,
/// with an adapter's real roots and rules resolved there, as the command line builds them.
struct MovingHome {
    let harness: EngineHarness
    /// The absolute home folder (`<temp>/home/alice` on one machine, `<temp>/Users/alice` on the other).
    let home: String

    init(_ harness: EngineHarness, home relative: String) throws {
        self.harness = harness
        home = harness.directory.path(relative)
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    /// A second machine on the same store, its clock after this one's.
    func newMachine(home relative: String) throws -> MovingHome {
        let other = try EngineHarness(store: harness.store)
        other.clock.set(harness.clock.now().addingTimeInterval(10))
        return try MovingHome(other, home: relative)
    }

    var environment: AdapterEnvironment {
        AdapterEnvironment(variables: [:], home: home, platform: .linux, fileSystem: PosixFileSystem())
    }

    func target(_ adapter: Adapter, roots: [Root]) throws -> BackupTarget {
        BackupTarget(
            id: adapter.id, roots: roots, rules: try adapter.pathRules(), redactor: try adapter.redactor(),
            pathNames: adapter.pathNames, pathRewriter: try adapter.pathRewriter(),
            origin: SnapshotOrigin(home: home, user: "alice", os: "linux"))
    }

    @discardableResult
    func push(_ adapter: Adapter) async throws -> PushSummary {
        harness.clock.advance(by: 5)
        return try await harness.engine().push(try target(adapter, roots: try adapter.resolveRoots(in: environment)))
    }

    /// Restores into this machine's roots, mapping the snapshot's recorded home to this one.
    @discardableResult
    func restoreMappingHome(_ adapter: Adapter, dryRun: Bool = false) async throws -> RestoreSummary {
        try await restore(adapter, RestoreOptions(skipSafety: true, dryRun: dryRun, mapHomeTo: home))
    }

    /// Restores into this machine's roots with `options`.
    @discardableResult
    func restore(_ adapter: Adapter, _ options: RestoreOptions) async throws -> RestoreSummary {
        harness.clock.advance(by: 5)
        return try await harness.engine().restore(try target(adapter, roots: try adapter.restoreRoots(in: environment)), options: options)
    }

    /// The absolute path of `relative` under the home.
    func path(_ relative: String) -> String { home + "/" + relative }

    func write(_ relative: String, _ text: String) throws {
        let path = path(relative)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path(relative)).map { String(decoding: $0, as: UTF8.self) }
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: path(relative))
    }

    /// Names inside the folder `relative`, sorted by bytes.
    func names(in relative: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path(relative))) ?? []).sortedByUTF8()
    }

    /// The JSON object of a file (or of one line of it).
    func json(_ relative: String, line: Int? = nil) throws -> [String: Any] {
        let text = try #require(read(relative), "\(relative) is missing")
        let document = line.map { text.split(separator: "\n")[$0] }.map(String.init) ?? text
        return try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
    }
}

/// The agents' own lookup rules, written from their sources independently of the adapters'
/// `PathNameEncoding`, so a wrong encoding there fails here.
enum AgentLookup {
    /// Claude Code's project folder name for `path` (below 200 UTF-16 units): every unit outside
    /// `[A-Za-z0-9]` becomes `-`.
    static func claudeProjectFolder(_ path: String) -> String {
        String(path.utf16.map { unit -> Character in
            let isAlphanumeric = unit < 0x80 && (Character(UnicodeScalar(UInt8(unit))).isLetter || Character(UnicodeScalar(UInt8(unit))).isNumber)
            return isAlphanumeric ? Character(UnicodeScalar(UInt8(unit))) : "-"
        })
    }

    /// Gemini CLI's legacy project folder: the hex SHA-256 of the path.
    static func geminiHashFolder(_ path: String) -> String {
        OpenSSLHasher().digest(of: Array(path.utf8)).sha256
    }
}
