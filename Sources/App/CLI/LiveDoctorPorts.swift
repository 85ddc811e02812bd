import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupDomain
import AgentBackupEngine
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupRedaction
import AgentBackupRunner
import Foundation
import Logging

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
            stores: LiveDoctorStores(fileSystem: fileSystem), snapshots: LiveDoctorSnapshots(fileSystem: fileSystem, clock: clock, environment: environment),
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

/// The newest snapshot through the engine, wired as every command wires it, so the passphrase
/// is judged exactly as a restore would judge it.
struct LiveDoctorSnapshots: DoctorSnapshotReading {
    let fileSystem: any FileSystem
    let clock: any WallClock
    let environment: [String: String]

    func newestSnapshot(in store: any ObjectStore, configuration: Configuration) async throws -> DoctorSnapshot? {
        let engine = EngineWiring.engine(
            store: store, configuration: configuration, codec: EngineWiring.codec(configuration), hasher: OpenSSLHasher(),
            fileSystem: fileSystem, clock: clock, progress: SilentProgress(), logger: Logger(label: "agent-backup.doctor"))
        guard let newest = try await engine.newestSnapshot() else { return nil }
        return DoctorSnapshot(id: newest.id, files: newest.files)
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
