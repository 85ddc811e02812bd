import Foundation
import Testing

@Suite("agent-backup binary: help, completions, install --print, agents")
struct BinaryHelpTests {
    static let subcommands = ["push", "restore", "snapshots", "verify", "prune", "daemon", "install", "agents"]

    @Test func helpOnEveryCommand() throws {
        let binary = try BuiltBinary()
        let root = try binary.run(["--help"])
        #expect(root.exitCode == 0, "\(root)")
        #expect(root.standardOutput.contains("Exit codes:"))
        for name in Self.subcommands {
            let result = try binary.run([name, "--help"])
            #expect(result.exitCode == 0, "\(name): \(result)")
            #expect(result.standardOutput.contains("USAGE: agent-backup \(name)"))
            #expect(result.standardOutput.contains("3  integrity failure"))
        }
    }

    @Test func completionScriptsAreGenerated() throws {
        let binary = try BuiltBinary()
        for shell in ["bash", "zsh", "fish"] {
            let result = try binary.run(["--generate-completion-script", shell])
            #expect(result.exitCode == 0, "\(shell): \(result)")
            #expect(result.standardOutput.contains("snapshots"))
        }
    }

    @Test func installPrintForLinux() throws {
        let binary = try BuiltBinary()
        let result = try binary.run(["install", "--agent", "goose", "--print", "--platform", "linux"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.standardOutput == """
            [Unit]
            Description=agent-backup: back up goose's local state

            [Service]
            Type=simple
            ExecStart=\(binary.path) daemon --agent goose
            Restart=on-failure
            RestartSec=30
            RestartPreventExitStatus=2 3
            TimeoutStopSec=600

            [Install]
            WantedBy=default.target

            """)
        #expect(result.standardError.contains("warning: no config file at \(binary.configPath())"))
        #expect(result.standardError.contains("systemctl --user daemon-reload && systemctl --user enable --now com.backblaze.agent-backup.goose.service"))
        #expect(!FileManager.default.fileExists(atPath: binary.home.path(".config/systemd")))
    }

    @Test func installPrintForMacOS() throws {
        let binary = try BuiltBinary()
        try binary.writeConfig(#"{"keyId": "k", "applicationKey": "s", "bucket": "b", "encryptionKey": "p"}"#)
        let result = try binary.run(["install", "--agent", "goose", "--print", "--platform", "macos"])
        #expect(result.exitCode == 0, "\(result)")
        #expect(result.standardOutput.contains("<string>com.backblaze.agent-backup.goose</string>"))
        #expect(result.standardOutput.contains("        <string>\(binary.path)</string>\n        <string>daemon</string>\n        <string>--agent</string>\n        <string>goose</string>\n"))
        #expect(result.standardOutput.contains("<key>RunAtLoad</key>\n    <true/>"))
        #expect(!result.standardError.contains("warning"))
        #expect(result.standardError.contains("launchctl bootstrap gui/$(id -u) \(binary.home.path)/Library/LaunchAgents/com.backblaze.agent-backup.goose.plist"))
    }

    @Test func installWritesTheUnitUnderHome() throws {
        let binary = try BuiltBinary()
        let link = try binary.perAgentLink()
        let result = try binary.run(["--install"], executable: link)
        #expect(result.exitCode == 0, "\(result)")
        #if os(macOS)
        let unitPath = binary.home.path("Library/LaunchAgents/com.backblaze.agent-backup.goose.plist")
        #else
        let unitPath = binary.home.path(".config/systemd/user/com.backblaze.agent-backup.goose.service")
        #endif
        let written = try String(contentsOfFile: unitPath, encoding: .utf8)
        #expect(result.standardOutput.hasPrefix("wrote \(unitPath)\n"))
        #if !os(macOS)
        #expect(written.contains("ExecStart=\(link)\n"))
        #endif
    }

    @Test func agentsJSON() throws {
        let binary = try BuiltBinary()
        try FileManager.default.createDirectory(atPath: binary.home.path(".config/goose"), withIntermediateDirectories: true)
        let result = try binary.run(["agents", "--json"])
        #expect(result.exitCode == 0, "\(result)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let agents = try #require(object["agents"] as? [[String: Any]])
        let goose = try #require(agents.first { $0["id"] as? String == "goose" })
        let found = try #require(goose["rootsFound"] as? [[String: String]])
        #expect(found.contains { $0["dir"] == binary.home.path(".config/goose") })
    }
}
