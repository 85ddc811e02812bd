import AgentBackupPorts
import AgentBackupTestSupport
import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

/// The scanners read files written by other programs: malformed input must produce an error or
/// a result, never a crash, and never an output that still holds a value it reported redacted.
@Suite struct RedactorRobustnessTests {
    private let tokens = [
        "{", "}", "[", "]", ",", ":", " = ", ": ", "\n", "\n  ", "\n- ", "- ", "\"", "'", "\"\"\"", "'''", "#", " #", "\\", "|", ">",
        "key", "token", "env", "apiKey", "x", "1", "true", "null", "~", "&a", "*a", "[[t]]", "[t.u]", "export ", "=", "\r\n", "\t",
        "//", "/*", "*/", "\"sk-123\"", "secret-value", "é", "\u{0}",
    ]

    @Test(arguments: RedactionFormat.allCases)
    func arbitraryInputNeverCrashes(format: RedactionFormat) throws {
        let redactor = try Redactor(rules: [RedactionRule(path: ".", keys: "(?i)(key|token|env)", format: format)])
        var generator = SplitMix64(seed: 0xC0FFEE &+ UInt64(format.rawValue.utf8.count))
        var readable = 0
        for _ in 0..<1500 {
            var text = ""
            for _ in 0..<Int(generator.next() % 40) { text += tokens[Int(generator.next() % UInt64(tokens.count))] }
            let bytes = Array(text.utf8)
            guard let result = try? redactor.redact(bytes, virtualPath: "x/file.json") else { continue }
            readable += 1
            // Redacting the output again finds nothing new: every secret value was replaced.
            let again = try redactor.redact(result.contents, virtualPath: "x/file.json")
            #expect(again.redactedKeys.isEmpty, "\(format): \(text.debugDescription) → \(String(decoding: result.contents, as: UTF8.self).debugDescription)")
            _ = try? redactor.merge(restored: result.contents, local: bytes, virtualPath: "x/file.json")
        }
        #expect(readable > 0, "the generator must produce some readable files for \(format)")
    }
}
