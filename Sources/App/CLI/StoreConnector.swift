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
        /// The store, every call retried by `retrier` (`RetryingStore`).
        public var store: any ObjectStore
        /// The run's one retry loop: its budget, circuit and tally.
        public var retrier: Retrier
        public var close: @Sendable () async -> Void
    }

    /// Opens the store for `agentID` (user agent `b2ai-<id>-backup`) and checks access under `prefix`.
    /// Access refusals (bad key, key without access, unknown bucket) are configuration errors (exit 2).
    /// Every store is wrapped in a `RetryingStore` under `retry`; `onRetry` hears of each retry.
    public static func open(
        _ selection: StoreSelection, agentID: String, prefix: String, fileSystem: any FileSystem, logger: Logger,
        retry: RetrySetting = .standard, onRetry: @escaping @Sendable (_ waitSeconds: Double) -> Void = { _ in }
    ) async throws -> Opened {
        let policy = RetryPolicy(budget: retry.budgetSeconds, waitScale: retry.waitScale)
        if case .localDirectory(let directory, let bucket, _) = selection {
            let local = try LocalStoreFactory.make(directory: directory, bucket: bucket, fileSystem: fileSystem)
            let retrier = makeRetrier(policy, storeName: local.displayName, logger: logger, onRetry: onRetry)
            return Opened(store: RetryingStore(local, retrier: retrier), retrier: retrier, close: {})
        }
        let configuration: S3Configuration
        do {
            configuration = try await s3Configuration(selection, agentID: agentID, retry: retry)!
        } catch let error as StoreError {
            throw StoreAccessError(error)
        }
        let client = try S3Client(configuration: configuration)
        let retrier = makeRetrier(policy, storeName: client.displayName, logger: logger, onRetry: onRetry)
        let close: @Sendable () async -> Void = {
            do { try await client.close() } catch { logger.debug("closing the S3 client: \(error)") }
        }
        do {
            try await retrier.run(RetryRequest(operation: "LIST", key: prefix + "/")) { _ in
                try await client.checkAccess(prefix: prefix + "/")
            }
        } catch let error as StoreError {
            await close()
            throw StoreAccessError(error)
        } catch {
            await close()
            throw error
        }
        logger.debug("connected to \(client.displayName)")
        return Opened(store: RetryingStore(client, retrier: retrier), retrier: retrier, close: close)
    }

    /// The run's retrier, telling the log what it does: each retry at debug level, a pause of
    /// every transfer as a warning, the store answering again as a notice.
    static func makeRetrier(
        _ policy: RetryPolicy, storeName: String, logger: Logger, onRetry: @escaping @Sendable (Double) -> Void
    ) -> Retrier {
        Retrier(policy: policy, storeName: storeName, observer: { event in
            switch event {
            case .retrying(let request, let attempt, let error, let wait, _):
                onRetry(wait)
                logger.debug("\(error) — attempt \(attempt + 1) of \(request.operation) in \(StoreConnector.seconds(wait))")
            case .recovered(let request, let attempt):
                logger.debug("\(request.operation) \(request.key ?? "") went through on attempt \(attempt)")
            case .gaveUp(let request, let attempts, let elapsed, _):
                logger.debug("\(request.operation) \(request.key ?? ""): giving up after \(attempts) attempt(s) over \(StoreConnector.seconds(elapsed))")
            case .paused(let store, _, let lastError):
                logger.warning("\(store) is failing every request (last: \(lastError)); transfers are paused and one request at a time checks whether it is back, for up to \(StoreConnector.seconds(policy.budget)) in all")
            case .resumed(let store, let seconds):
                logger.notice("\(store) answers again: transfers resume after \(StoreConnector.seconds(seconds)) paused")
            }
        })
    }

    static func seconds(_ value: Double) -> String {
        value < 10 ? "\((value * 10).rounded() / 10) s" : "\(Int(value.rounded())) s"
    }
}

extension StoreConnector {
    /// The S3 settings for a B2 or S3 selection (asking B2 for the region when none is
    /// configured, retried under `retry`: a `StoreError` when B2 refuses the key); nil for a local folder.
    public static func s3Configuration(
        _ selection: StoreSelection, agentID: String, retry: RetrySetting = .standard
    ) async throws -> S3Configuration? {
        switch selection {
        case .localDirectory:
            return nil
        case .b2(let bucket, let region, let credentials):
            return try await B2Connector.resolveConfiguration(
                bucket: bucket, keyId: credentials.keyId, applicationKey: credentials.applicationKey, region: region,
                agentId: agentID, retryPolicy: RetryPolicy(budget: retry.budgetSeconds, waitScale: retry.waitScale))
        case .s3(let endpoint, let bucket, let region, let credentials):
            return S3Configuration(
                endpoint: endpoint, region: region, bucket: bucket, accessKeyId: credentials.keyId,
                secretAccessKey: credentials.applicationKey, userAgent: B2Connector.userAgent(agentId: agentID))
        }
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
