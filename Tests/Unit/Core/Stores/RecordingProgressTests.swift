import AgentBackupPorts
import AgentBackupTestSupport
import Testing

@Test func recordingProgressKeepsEventsInOrder() {
    let progress = RecordingProgress()
    progress.report(.phase(name: "upload", totalFiles: 2, totalBytes: 10))
    progress.report(.bytes(4))
    progress.report(.fileDone(path: "a/b", bytes: 4))
    progress.report(.bytes(6))
    progress.report(.message("done"))
    #expect(progress.phases == ["upload"])
    #expect(progress.filesDone == ["a/b"])
    #expect(progress.bytesReported == 10)
    #expect(progress.messages == ["done"])
    #expect(progress.events.count == 5)
}
