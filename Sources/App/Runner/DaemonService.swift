import Foundation
import Logging
import ServiceLifecycle

/// The daemon as a swift-service-lifecycle `Service`: a graceful shutdown (SIGTERM, SIGINT)
/// requests the loop's shutdown, which lets the running push finish and pushes once more.
public final class DaemonService: Service, @unchecked Sendable {
    public let loop: DaemonLoop
    private let lock = NSLock()
    private var result: Result<DaemonLoop.Outcome, any Error>?

    public init(loop: DaemonLoop) {
        self.loop = loop
    }

    public func run() async throws {
        let loop = self.loop
        let outcome: Result<DaemonLoop.Outcome, any Error>
        do {
            outcome = .success(try await withGracefulShutdownHandler {
                try await loop.run()
            } onGracefulShutdown: {
                loop.shutdown.request()
            })
        } catch {
            outcome = .failure(error)
        }
        lock.withLock { result = outcome }
        if case .failure(let error) = outcome { throw error }
    }

    /// The loop's outcome once `run()` returned.
    public var outcome: Result<DaemonLoop.Outcome, any Error>? { lock.withLock { result } }
}

/// Runs a `DaemonService` in a `ServiceGroup` that turns SIGTERM and SIGINT into graceful shutdown.
public final class DaemonHost: Sendable {
    private let service: DaemonService
    private let group: ServiceGroup

    /// `handlesSignals` is true for the real daemon; tests pass false (signals would reach the
    /// test runner) and call `triggerGracefulShutdown()`.
    public init(loop: DaemonLoop, handlesSignals: Bool, logger: Logger) {
        service = DaemonService(loop: loop)
        var groupLogger = logger
        groupLogger.logLevel = max(logger.logLevel, .warning)
        group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: handlesSignals ? [.sigterm, .sigint] : [],
            logger: groupLogger))
    }

    /// Runs until the loop ends; returns its outcome (throws when restore-if-empty failed).
    public func run() async throws -> DaemonLoop.Outcome {
        do {
            try await group.run()
        } catch {
            if case .failure(let inner)? = service.outcome { throw inner }
            throw error
        }
        switch service.outcome {
        case .success(let outcome)?: return outcome
        case .failure(let error)?: throw error
        case nil: throw CancellationError()
        }
    }

    /// Same as receiving SIGTERM.
    public func triggerGracefulShutdown() async {
        await group.triggerGracefulShutdown()
    }
}
