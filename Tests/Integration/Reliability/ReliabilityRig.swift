import AgentBackupInfrastructure
import AgentBackupTestSupport
import Foundation

/// One reliability test's world around the BUILT `agent-backup`: a temporary HOME, one agent root
/// (label `data`), a sentinel folder beside it that nothing may ever touch, an adapter file, and
/// the `B2_*` environment pointing at SeaweedFS (or a fault proxy in front of it) under a key
/// prefix no other test uses.
final class ReliabilityRig: Sendable {
    let s3: S3TestEnvironment
    let binary: String
    let directory: TemporaryDirectory
    let prefix: String
    let agentID = "reltest"
    let passphrase = "reliability passphrase"
    let encrypt: Bool
    let layout: Layout

    /// The bucket layout the rig's runs write (`B2_LAYOUT`).
    enum Layout: String, Sendable, CaseIterable, CustomStringConvertible {
        case reference, packed
        var description: String { rawValue }
    }

    /// The temporary HOME of the child.
    var home: String { directory.path("home") }
    /// The agent's root folder (virtual paths `data/…`).
    var root: String { directory.path("root") }
    /// Beside the root: must stay exactly as created, whatever a manifest says.
    var sentinel: String { directory.path("sentinel") }
    var adapterPath: String { directory.path("adapter.json") }
    /// `~/.agent-backup/<id>`, the default cache folder (its `tmp/` is the private work area).
    var cacheDirectory: String { home + "/.agent-backup/" + agentID }

    /// Requires the S3 variables and the binary (failing, never skipping, naming `scripts/test`).
    init(_ name: String, encrypt: Bool = true, sqlite: [String] = ["\\.db$"], layout: Layout = .reference) throws {
        s3 = try S3TestEnvironment.require()
        binary = try s3.requireBinary()
        directory = try TemporaryDirectory(prefix: "agent-backup-rel")
        prefix = s3.uniquePrefix("rel-" + name + (layout == .packed ? "-packed" : ""))
        self.encrypt = encrypt
        self.layout = layout
        for folder in [home, root, sentinel] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try Data("do not touch\n".utf8).write(to: URL(fileURLWithPath: sentinel + "/canary.txt"))
        let adapter: [String: Any] = [
            "id": agentID, "roots": [["label": "data", "dir": root]], "include": ["^data/"],
            "exclude": ["-wal$", "-shm$", "-journal$"], "sqlite": sqlite, "secretExclude": [],
        ]
        try JSONSerialization.data(withJSONObject: adapter).write(to: URL(fileURLWithPath: adapterPath))
    }

    /// The child's whole environment; `endpoint` replaces SeaweedFS's (a proxy's, say).
    func environment(endpoint: String? = nil, extra: [String: String] = [:]) -> [String: String] {
        var env = [
            "HOME": home, "PATH": "/usr/local/bin:/usr/bin:/bin", "TMPDIR": NSTemporaryDirectory(),
            "B2_ENDPOINT": endpoint ?? s3.endpoint, "B2_KEY_ID": s3.accessKeyID,
            "B2_APPLICATION_KEY": s3.secretAccessKey, "B2_BUCKET": s3.bucket, "B2_REGION": s3.region,
            "B2_PREFIX": prefix, "B2_LAYOUT": layout.rawValue,
        ]
        if encrypt { env["B2_ENCRYPTION_KEY"] = passphrase } else { env["B2_ENCRYPT"] = "false" }
        return env.merging(extra) { $1 }
    }

    /// Starts `agent-backup <command…> --adapter FILE --json`, optionally behind `wrapper`
    /// (e.g. `["setpriv", …, "--"]`).
    func launch(
        _ command: [String], endpoint: String? = nil, wrapper: [String] = [], extra: [String: String] = [:]
    ) throws -> ChildProcess {
        let arguments = command + ["--adapter", adapterPath, "--json"]
        let env = environment(endpoint: endpoint, extra: extra)
        if let tool = wrapper.first {
            return try ChildProcess(
                Self.which(tool), Array(wrapper.dropFirst()) + [binary] + arguments, environment: env, directory: home)
        }
        return try ChildProcess(binary, arguments, environment: env, directory: home)
    }

    /// Runs one command to its end (killed and failed after `timeout`).
    func run(
        _ command: [String], endpoint: String? = nil, wrapper: [String] = [], extra: [String: String] = [:],
        timeout: Duration = .seconds(90)
    ) async throws -> ChildResult {
        try await launch(command, endpoint: endpoint, wrapper: wrapper, extra: extra).wait(timeout: timeout)
    }

    /// A client straight to SeaweedFS for inspecting and tampering with objects (close it).
    func store() throws -> S3Client {
        try S3Client(
            configuration: S3Configuration(
                endpoint: s3.endpoint, region: s3.region, bucket: s3.bucket, accessKeyId: s3.accessKeyID,
                secretAccessKey: s3.secretAccessKey))
    }

    /// Every key under this test's prefix.
    func keys() async throws -> [String] {
        let client = try store()
        defer { Task { try? await client.close() } }
        return try await client.listAll(prefix: prefix + "/").objects.map(\.key)
    }

    /// The complete snapshots (folders with a manifest; packed: `snapshots/` objects), oldest first.
    func completeSnapshots() async throws -> [String] {
        let keys = try await keys()
        if layout == .packed {
            return keys.compactMap { key -> String? in
                guard key.hasPrefix(packedSnapshots) else { return nil }
                let name = String(key.dropFirst(packedSnapshots.count))
                return name.contains("/") ? nil : name
            }.sorted()
        }
        return keys.compactMap { key -> String? in
            let parts = key.dropFirst(prefix.count + 1).split(separator: "/", maxSplits: 1)
            guard parts.count == 2, parts[1] == "manifest.json", !parts[0].hasPrefix("safety-") else { return nil }
            return String(parts[0])
        }.sorted()
    }

    /// `<prefix>/snapshots/` of the packed layout.
    var packedSnapshots: String { prefix + "/snapshots/" }

    /// Snapshot folders holding objects but no manifest (what a crash mid-push leaves; the
    /// packed layout has none: a snapshot is one object, written last).
    func incompleteSnapshots() async throws -> [String] {
        guard layout == .reference else { return [] }
        let keys = try await keys()
        var folders: [String: Bool] = [:]
        for key in keys {
            let parts = key.dropFirst(prefix.count + 1).split(separator: "/", maxSplits: 1)
            guard parts.count == 2, !parts[0].hasPrefix("safety-") else { continue }
            folders[String(parts[0]), default: false] = folders[String(parts[0]), default: false] || parts[1] == "manifest.json"
        }
        return folders.filter { !$0.value }.keys.sorted()
    }

    /// Complete snapshots inside safety folders, as `safety-…/<id>`.
    func completeSafetySnapshots() async throws -> [String] {
        try await keys().compactMap { key -> String? in
            let parts = key.dropFirst(prefix.count + 1).split(separator: "/", maxSplits: 2)
            guard parts.count == 3, parts[0].hasPrefix("safety-"), parts[2] == "manifest.json" else { return nil }
            return "\(parts[0])/\(parts[1])"
        }.sorted()
    }

    /// Snapshot folders inside safety folders (`safety-…/<id>/`) holding objects but no
    /// manifest: what a restore killed during its safety snapshot leaves.
    func incompleteSafetySnapshots() async throws -> [String] {
        var folders: [String: Bool] = [:]
        for key in try await keys() {
            let parts = key.dropFirst(prefix.count + 1).split(separator: "/", maxSplits: 2)
            guard parts.count == 3, parts[0].hasPrefix("safety-") else { continue }
            let folder = "\(parts[0])/\(parts[1])"
            folders[folder] = folders[folder, default: false] || parts[2] == "manifest.json"
        }
        return folders.filter { !$0.value }.keys.sorted()
    }

    /// What is left in the private work area (`<cacheDir>/tmp`): must be empty between runs.
    func workAreaLeftovers() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: cacheDirectory + "/tmp")) ?? []
    }

    /// A unique new folder inside the rig (for `--target`).
    func freshFolder(_ name: String) throws -> String {
        let path = directory.path("\(name)-\(UInt32.random(in: 0 ... .max))")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The sentinel folder is exactly as created.
    var sentinelIntact: Bool {
        TreeFiles.read(sentinel) == ["canary.txt": Array("do not touch\n".utf8)]
    }

    static func which(_ tool: String) throws -> String {
        if tool.hasPrefix("/") { return tool }
        for folder in ["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"] {
            let path = folder + "/" + tool
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw ChildProcessError("\(tool) not found in /usr/local/bin, /usr/bin, /bin, /usr/sbin, /sbin")
    }
}
