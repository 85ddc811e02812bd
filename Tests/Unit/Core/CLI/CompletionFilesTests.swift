import AgentBackup
import ArgumentParser
import Foundation
import Testing

/// The scripts checked in under `completions/` are what the current command tree generates.
@Suite struct CompletionFilesTests {
    /// The nearest folder above this file that holds `completions/`.
    static let repository: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/" && !FileManager.default.fileExists(atPath: folder.appendingPathComponent("completions").path) {
            folder.deleteLastPathComponent()
        }
        return folder
    }()

    @Test(arguments: [(CompletionShell.bash, "agent-backup.bash"), (.zsh, "_agent-backup"), (.fish, "agent-backup.fish")])
    func checkedInScriptsAreUpToDate(shell: CompletionShell, file: String) throws {
        let path = Self.repository.appendingPathComponent("completions/\(file)").path
        let checkedIn = try String(contentsOfFile: path, encoding: .utf8)
        #expect(checkedIn == AgentBackupCommand.completionScript(for: shell) + "\n",
                "regenerate with: agent-backup --generate-completion-script \(shell) > completions/\(file)")
    }
}
