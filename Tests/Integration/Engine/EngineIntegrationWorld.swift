import Foundation
import Testing
import AgentBackup
import AgentBackupDomain
import AgentBackupPorts
import AgentBackupInfrastructure
import AgentBackupTestSupport
import AgentBackupFixtures

/// One integration test's world: the real S3 server of `scripts/test` (SeaweedFS), a unique key
/// prefix, real files in a temp folder (roots `config` and `data`, the reference fixture's rules),
/// the real hasher, codecs, SQLite snapshotter and clock.
final class EngineIntegrationWorld: Sendable {
    static let passphrase = "correct horse battery staple"

    let environment: S3TestEnvironment
    let client: S3Client
    /// The unique folder of this test in the shared bucket (no trailing `/`).
    let root: String
    let directory: TemporaryDirectory

    /// Fails (never skips) with a message naming `scripts/test` when the S3 variables are missing.
    init(_ name: String) throws {
        environment = try S3TestEnvironment.require()
        client = try S3Client(configuration: S3Configuration(
            endpoint: environment.endpoint, region: environment.region, bucket: environment.bucket,
            accessKeyId: environment.accessKeyID, secretAccessKey: environment.secretAccessKey))
        root = environment.uniquePrefix("engine-\(name)")
        directory = try TemporaryDirectory(prefix: "engine-it")
        for folder in ["config", "data"] {
            try FileManager.default.createDirectory(atPath: directory.path(folder), withIntermediateDirectories: true)
        }
    }

    /// Deletes this test's objects and closes the HTTP client.
    func close() async {
        if let keys = try? await client.listAll(prefix: root + "/").objects.map(\.key), !keys.isEmpty {
            var start = 0
            while start < keys.count {
                try? await client.delete(keys: Array(keys[start..<min(start + 1000, keys.count)]))
                start += 1000
            }
        }
        try? await client.close()
    }

    static let rules = try! PathRules(
        include: [#"^config/.*\.(json|ya?ml|toml|md)$"#, "^data/"],
        exclude: ["-wal$", "-shm$", "/cache/", #"\.tmp$"#],
        secretExclude: [#"(^|/)credentials\.json$"#, #"(^|/)\.env$"#, "(^|/)secrets/"],
        sqlite: [#"\.db$"#])

    /// The target whose roots are `<folder>/config` and `<folder>/data` under the temp folder.
    func target(in folder: String = "") -> BackupTarget {
        let base = folder.isEmpty ? directory.path : directory.path(folder)
        return BackupTarget(id: "fixture", roots: [Root(label: "config", path: base + "/config"), Root(label: "data", path: base + "/data")],
                            rules: Self.rules)
    }

    /// An engine writing under `<root>/<prefix>`, its caches in `cache` (or another folder).
    func engine(prefix: String, encrypted: Bool = true, cache: String = "cache") -> BackupEngine {
        let codec: any ContentCodec = encrypted ? Codecs.encrypting(passphrase: Self.passphrase) : Codecs.plain()
        let repositories = ReferenceRepositoryOpener(store: client, codec: codec, hasher: OpenSSLHasher(), fileSystem: PosixFileSystem(),
                                                     prefix: root + "/" + prefix)
        return BackupEngine(repositories: repositories, hasher: OpenSSLHasher(), fileSystem: PosixFileSystem(), scratch: PrivateScratchSpace(fileSystem: PosixFileSystem()),
                            sqlite: SQLiteOnlineSnapshotter(), clock: SystemClock(),
                            configuration: EngineConfiguration(prefix: root + "/" + prefix, cacheDirectory: directory.path(cache)))
    }

    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        try directory.write(Array(text.utf8), to: relative)
    }

    func read(_ relative: String) -> [UInt8]? { directory.read(relative) }

    /// Uploads every object of the reference fixture bucket under `<root>/`, keys preserved.
    func loadReferenceBucket() async throws {
        let objects = Fixtures.url("bucket/objects").path
        let enumerator = try #require(FileManager.default.enumerator(atPath: objects))
        var keys: [String] = []
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: objects + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                keys.append(relative)
            }
        }
        #expect(keys.count >= 40, "the fixture bucket should hold its 4 snapshots")
        for key in keys {
            let contentType = key.hasPrefix("agent-backup-fixture-plain/") && key.hasSuffix("/manifest.json")
                ? "application/json" : "application/octet-stream"
            try await client.put(key: root + "/" + key, body: .file(path: objects + "/" + key), contentType: contentType)
        }
    }

    /// Every file under `relative` (recursive), as paths relative to it with `/` separators.
    func files(under relative: String) -> [String] {
        let base = directory.path(relative)
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var result: [String] = []
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: base + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result.append(path)
            }
        }
        return result.sorted()
    }
}

/// Runs a helper program (the independent decoder) to completion.
enum EngineChildProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("engine-child-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let stderr = try FileHandle(forWritingTo: errURL)
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try stderr.close()
        return Result(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self),
                      stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }

    /// `scripts/independent-decoder.py`, found above this source file.
    static func decoderScript(filePath: String = #filePath) throws -> String {
        var url = URL(fileURLWithPath: filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while url.path != "/" {
            let candidate = url.appendingPathComponent("scripts/independent-decoder.py").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            url.deleteLastPathComponent()
        }
        throw TestEnvironmentMissing(variables: [], purpose: "the independent decoder (scripts/independent-decoder.py not found above \(filePath))")
    }
}

/// Runs `body` with a new world and always deletes its objects and closes its client afterwards.
func withEngineWorld(_ name: String, _ body: (EngineIntegrationWorld) async throws -> Void) async throws {
    let world = try EngineIntegrationWorld(name)
    do {
        try await body(world)
    } catch {
        await world.close()
        throw error
    }
    await world.close()
}
