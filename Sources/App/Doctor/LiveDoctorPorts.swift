import AgentBackupInfrastructure
import AgentBackupPorts
import Foundation

/// The doctor's live ports: the configured store (no access check: doctor makes its own), the
/// engine's snapshot catalog and manifest reading, the flock lock files and `/proc`.
extension DoctorDependencies {
    /// The dependencies of the `doctor` command for this process; `clock` is injected so tests
    /// can skew it.
    public static func live(environment: [String: String], fileSystem: any FileSystem, clock: any WallClock, workingDirectory: String) -> DoctorDependencies {
        let home = environment["HOME"] ?? "/"
        return DoctorDependencies(
            environment: environment, fileSystem: fileSystem, clock: clock,
            adapterEnvironment: AdapterEnvironment(
                variables: environment, home: home, platform: .current, fileSystem: fileSystem, workingDirectory: workingDirectory),
            stores: LiveDoctorStores(fileSystem: fileSystem), snapshots: LiveDoctorSnapshots(fileSystem: fileSystem, clock: clock),
            locks: LiveDoctorLocks(directory: "\(home)/.agent-backup/locks"), platform: .host)
    }
}

struct LiveDoctorStores: DoctorStoreOpening {
    let fileSystem: any FileSystem

    func open(_ selection: StoreSelection, agentID: String) async throws -> any DoctorStore {
        guard let configuration = try await StoreConnector.s3Configuration(selection, agentID: agentID) else {
            guard case .localDirectory(let directory, let bucket, _) = selection else { preconditionFailure("no S3 settings for \(selection)") }
            let store = try LocalStoreFactory.make(directory: directory, bucket: bucket, fileSystem: fileSystem)
            return LocalDoctorStore(objects: store, location: "\(directory)/\(bucket)")
        }
        return S3DoctorStore(client: try S3Client(configuration: configuration))
    }
}

struct LocalDoctorStore: DoctorStore {
    let objects: any ObjectStore
    let location: String
    var hasClock: Bool { false }
    func serverDate() async throws -> Date? { nil }
    func close() async {}
}

struct S3DoctorStore: DoctorStore {
    let client: S3Client
    var objects: any ObjectStore { client }
    var location: String { client.configuration.endpoint }
    var hasClock: Bool { true }
    func serverDate() async throws -> Date? { try await client.serverDate() }
    func close() async { try? await client.close() }
}

/// The newest snapshot through the engine's catalog and manifest reading, so the passphrase is
/// judged exactly as a restore would judge it.
struct LiveDoctorSnapshots: DoctorSnapshotReading {
    let fileSystem: any FileSystem
    let clock: any WallClock

    func newestSnapshot(in store: any ObjectStore, configuration: Configuration) async throws -> DoctorSnapshot? {
        let passphrase: String?
        switch configuration.encryption {
        case .off: passphrase = nil
        case .on(let p): passphrase = p.value
        }
        let engine = BackupEngine(
            store: store, codec: Codecs.forRun(passphrase: passphrase), hasher: OpenSSLHasher(), fileSystem: fileSystem,
            sqlite: SQLiteOnlineSnapshotter(), clock: clock,
            configuration: EngineConfiguration(prefix: configuration.prefix, keepSnapshots: configuration.keepSnapshots, cacheDirectory: configuration.cacheDirectory))
        guard let latest = try await engine.loadCatalog().latest else { return nil }
        do {
            let (manifest, _) = try await engine.fetchManifest(engine.layout.regular(latest))
            return DoctorSnapshot(id: latest.rawValue, files: manifest.files.count)
        } catch let error as EngineError where error.kind == .integrity && error.message.contains("authentication failed") {
            throw EngineError(.integrity, "the passphrase does not open the newest snapshot, \(latest) (authentication failed: another passphrase made it, or its manifest was modified)")
        }
    }
}

struct LiveDoctorLocks: DoctorLockProbing {
    let directory: String

    func holder(of lockName: String) -> InstanceLockHolder {
        FlockInstanceLock(directory: directory).holder(name: lockName)
    }

    /// `/proc/<pid>/cmdline` (Linux), arguments joined by spaces.
    func commandLine(of pid: Int32) -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else { return nil }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
    }
}
