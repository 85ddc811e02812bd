import AgentBackupInfrastructure
import AgentBackupPorts

/// Builds the local directory store (objects as files under `directory/<bucket>/`). The folder
/// is created private (0700) when missing: it holds copies of the agent's state.
enum LocalStoreFactory {
    static func make(directory: String, bucket: String, fileSystem: any FileSystem) throws -> any ObjectStore {
        try fileSystem.createDirectory(directory, mode: 0o700)
        return try LocalDirectoryStore(directory: directory, bucket: bucket)
    }
}
