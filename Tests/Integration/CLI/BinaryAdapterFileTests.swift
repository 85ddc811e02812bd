import Foundation
import Testing

/// Adapter files handed to the built binary: a mistake is a usage error (exit 2) that names the
/// file, the field and, for a regular expression, the pattern and the position; nothing runs.
@Suite("agent-backup binary with adapter files")
struct BinaryAdapterFileTests {
    private func adapterFile(_ json: String, in binary: BuiltBinary) throws -> String {
        try binary.home.write(Array(json.utf8), to: "adapters/my-agent.json")
    }

    @Test func aRegexTypoIsExitTwoNamingFieldPatternAndPosition() throws {
        let binary = try BuiltBinary()
        try binary.home.write(Array("{}\n".utf8), to: ".my-agent/sessions/a.jsonl")
        let file = try adapterFile(#"""
            {"id": "my-agent", "roots": [{"label": "home", "dir": "~/.my-agent"}],
             "include": ["^home/config\\.json$", "sessions/(.*\\.jsonl"]}
            """#, in: binary)
        for command in ["push", "restore", "snapshots"] {
            let result = try binary.run([command, "--adapter", file])
            #expect(result.exitCode == 2, "\(command): \(result)")
            #expect(result.standardError.contains(
                #"\#(file): include[1]: invalid regular expression "sessions/(.*\\.jsonl" — missing closing parenthesis at offset 19 for the group opened at offset 9"#),
                "\(command): \(result)")
            #expect(result.standardOutput.isEmpty, "\(command): \(result)")
        }
        #expect(!binary.toolFolderExists, "nothing ran: no store, lock or cache")
    }

    @Test func aMissingRequiredFieldIsExitTwoNamingTheField() throws {
        let binary = try BuiltBinary()
        let noInclude = try adapterFile(#"{"id": "my-agent", "roots": [{"label": "home", "dir": "~/.my-agent"}]}"#, in: binary)
        let result = try binary.run(["push", "--adapter", noInclude])
        #expect(result.exitCode == 2, "\(result)")
        #expect(result.standardError.contains("\(noInclude): include: is required: list the patterns of the files to back up"), "\(result)")

        let noID = try adapterFile(#"{"roots": [{"label": "home", "dir": "~/.my-agent"}], "include": ["^home/"]}"#, in: binary)
        let missingID = try binary.run(["push", "--adapter", noID])
        #expect(missingID.exitCode == 2, "\(missingID)")
        #expect(missingID.standardError.contains("\(noID): id: "), "\(missingID)")
        #expect(!binary.toolFolderExists)
    }

    @Test func aValidAdapterFileBacksUpAndRestoresItsAgent() throws {
        let binary = try BuiltBinary()
        binary.environment["B2_ENDPOINT"] = "file://\(binary.home.path)/backups"
        binary.environment["B2_ENCRYPTION_KEY"] = "pw"
        try binary.home.write(Array("{\"n\":1}\n".utf8), to: ".my-agent/sessions/a.jsonl")
        try binary.home.write(Array("not included\n".utf8), to: ".my-agent/cache/blob")
        let file = try adapterFile(#"""
            {"id": "my-agent", "roots": [{"label": "home", "dir": "~/.my-agent"}], "include": ["^home/sessions/(.*\\.jsonl)$"]}
            """#, in: binary)
        let push = try binary.run(["push", "--adapter", file, "--json"])
        #expect(push.exitCode == 0, "\(push)")
        let summary = try JSONSerialization.jsonObject(with: Data(push.standardOutput.utf8)) as? [String: Any]
        #expect(summary?["files"] as? Int == 1, "\(push)")
        let target = binary.home.path("out")
        let restore = try binary.run(["restore", "--adapter", file, "--target", target])
        #expect(restore.exitCode == 0, "\(restore)")
        #expect(try String(contentsOfFile: "\(target)/home/sessions/a.jsonl", encoding: .utf8) == "{\"n\":1}\n")
        #expect(!FileManager.default.fileExists(atPath: "\(target)/home/cache/blob"))
    }
}
