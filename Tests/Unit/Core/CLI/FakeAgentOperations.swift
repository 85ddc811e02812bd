import AgentBackup
import Foundation

/// `AgentOperations` that records each call and answers with scripted reports or errors.
final class FakeAgentOperations: AgentOperations, @unchecked Sendable {
    enum Call: Equatable {
        case push, restore(RestoreRequest), snapshots(includeSafety: Bool), verify(String?), verifyAll, checkRepository(readDataFraction: Double), prune(PruneRequest), restoreIfEmpty, migrate(MigrateRequest)
    }

    private let lock = NSLock()
    private var recorded: [Call] = []
    /// What every call answers (default: a success report naming the call).
    var answer: @Sendable (Call) throws -> OperationReport = { call in
        OperationReport(text: "did \(call)", json: Array("{\"call\":\"\(call)\"}".utf8))
    }
    /// Called during a push (after recording it): lets a test act "while a push runs".
    var duringPush: @Sendable () async -> Void = {}
    var restoreIfEmptyAnswer: @Sendable () throws -> OperationReport? = { nil }

    var calls: [Call] { lock.withLock { recorded } }

    private func record(_ call: Call) {
        lock.withLock { recorded.append(call) }
    }

    func push() async throws -> OperationReport {
        record(.push)
        await duringPush()
        return try answer(.push)
    }

    func restore(_ request: RestoreRequest) async throws -> OperationReport {
        record(.restore(request))
        return try answer(.restore(request))
    }

    func snapshots(includeSafety: Bool) async throws -> OperationReport {
        record(.snapshots(includeSafety: includeSafety))
        return try answer(.snapshots(includeSafety: includeSafety))
    }

    func verify(snapshot: String?) async throws -> OperationReport {
        record(.verify(snapshot))
        return try answer(.verify(snapshot))
    }

    func verifyAll() async throws -> OperationReport {
        record(.verifyAll)
        return try answer(.verifyAll)
    }

    func checkRepository(readDataFraction: Double) async throws -> OperationReport {
        record(.checkRepository(readDataFraction: readDataFraction))
        return try answer(.checkRepository(readDataFraction: readDataFraction))
    }

    func prune(_ request: PruneRequest) async throws -> OperationReport {
        record(.prune(request))
        return try answer(.prune(request))
    }

    func migrate(_ request: MigrateRequest) async throws -> OperationReport {
        record(.migrate(request))
        return try answer(.migrate(request))
    }

    func restoreIfEmpty() async throws -> OperationReport? {
        record(.restoreIfEmpty)
        return try restoreIfEmptyAnswer()
    }
}
