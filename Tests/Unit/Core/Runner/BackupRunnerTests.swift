import AgentBackup
import Testing

@Suite struct OperationsBackupRunnerTests {
    @Test func aPushReportThatIsNotSuccessBecomesAnError() async throws {
        let operations = FakeAgentOperations()
        operations.answer = { _ in OperationReport(text: "2 files failed", json: [], exitCode: .failed) }
        let runner = OperationsBackupRunner(operations: operations)
        await #expect(throws: OperationFailure(exitCode: .failed, message: "2 files failed")) { try await runner.push() }
    }

    @Test func restoreIfEmptyPassesTheReportText() async throws {
        let operations = FakeAgentOperations()
        operations.restoreIfEmptyAnswer = { OperationReport(text: "restored 3 files", json: []) }
        #expect(try await OperationsBackupRunner(operations: operations).restoreIfEmpty() == "restored 3 files")
        #expect(try await OperationsBackupRunner(operations: FakeAgentOperations()).restoreIfEmpty() == nil)
        #expect(try await OperationsBackupRunner(operations: FakeAgentOperations()).push() == "did push")
    }
}
