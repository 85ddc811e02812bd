import AgentBackupInfrastructure
import AgentBackupPorts
import Logging
import AgentBackupRunner
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupDomain

/// Opens the store a `StoreSelection` names, checks access the way the reference engine does
/// (list one key), and closes it afterwards.
public enum StoreConnector {
    /// An open store and how to close it (an S3 client owns an HTTP client that must be shut down).
    public struct Opened: Sendable {
        public var store: any ObjectStore
        public var close: @Sendable () async -> Void
    }

    /// Opens the store for `agentID` (user agent `b2ai-<id>-backup`) and checks access under `prefix`.
    /// Access refusals (bad key, key without access, unknown bucket) are configuration errors (exit 2).
    public static func open(_ selection: StoreSelection, agentID: String, prefix: String, fileSystem: any FileSystem, logger: Logger) async throws -> Opened {
        let configuration: S3Configuration
        switch selection {
        case .localDirectory(let directory, let bucket, _):
            return Opened(store: try LocalStoreFactory.make(directory: directory, bucket: bucket, fileSystem: fileSystem), close: {})
        case .b2(let bucket, let region, let credentials):
            do {
                configuration = try await B2Connector.resolveConfiguration(
                    bucket: bucket, keyId: credentials.keyId, applicationKey: credentials.applicationKey, region: region, agentId: agentID)
            } catch let error as StoreError {
                throw StoreAccessError(error)
            }
        case .s3(let endpoint, let bucket, let region, let credentials):
            configuration = S3Configuration(
                endpoint: endpoint, region: region, bucket: bucket, accessKeyId: credentials.keyId,
                secretAccessKey: credentials.applicationKey, userAgent: B2Connector.userAgent(agentId: agentID))
        }
        let client = try S3Client(configuration: configuration)
        let close: @Sendable () async -> Void = {
            do { try await client.close() } catch { logger.debug("closing the S3 client: \(error)") }
        }
        do {
            try await client.checkAccess(prefix: prefix + "/")
        } catch let error as StoreError {
            await close()
            throw StoreAccessError(error)
        } catch {
            await close()
            throw error
        }
        logger.debug("connected to \(client.displayName)")
        return Opened(store: client, close: close)
    }
}

/// The store refused us before anything ran: wrong credentials, a key without access, an unknown
/// bucket or region are configuration errors (exit 2); anything else (network) is a failure (1).
public struct StoreAccessError: Error, Sendable, CustomStringConvertible, ExitCodeCarrying {
    public var underlying: StoreError

    public init(_ underlying: StoreError) {
        self.underlying = underlying
    }

    public var exitCode: CliExitCode {
        switch underlying.code {
        case .credentialsRejected, .accessDenied, .notFound: return .usage
        default: return .failed
        }
    }

    public var description: String { underlying.description }
}
