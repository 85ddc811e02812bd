import AgentBackupPorts

/// Builds the local directory store (objects as files under `directory/<bucket>/`).
enum LocalStoreFactory {
    static func make(directory: String, bucket: String, fileSystem: any FileSystem) throws -> any ObjectStore {
        throw LocalStoreUnavailable(directory: directory)
    }
}

/// This build has no local directory store yet.
struct LocalStoreUnavailable: Error, CustomStringConvertible {
    var directory: String
    var description: String {
        "the local directory store (\(directory)) is not available in this build yet: configure a bucket (keyId, applicationKey, bucket) or an S3 endpoint"
    }
}
