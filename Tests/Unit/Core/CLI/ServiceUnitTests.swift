import AgentBackup
import Testing

@Suite("Service units for systemd and launchd")
struct ServiceUnitTests {
    @Test func systemdUserUnit() {
        let unit = ServiceUnit.make(agentID: "goose", programArguments: ["/usr/local/bin/agent-backup", "daemon", "--agent", "goose"], home: "/home/me", platform: .linux)
        #expect(unit.label == "com.backblaze.agent-backup.goose")
        #expect(unit.path == "/home/me/.config/systemd/user/com.backblaze.agent-backup.goose.service")
        #expect(unit.contents == """
            [Unit]
            Description=agent-backup: back up goose's local state

            [Service]
            Type=simple
            ExecStart=/usr/local/bin/agent-backup daemon --agent goose
            Restart=on-failure
            RestartSec=30
            RestartPreventExitStatus=2 3
            TimeoutStopSec=600

            [Install]
            WantedBy=default.target

            """)
        #expect(unit.activationCommand == "systemctl --user daemon-reload && systemctl --user enable --now com.backblaze.agent-backup.goose.service")
        #expect(unit.notes == ["logs: journalctl --user -u com.backblaze.agent-backup.goose.service -f", "to keep it running while you are logged out: loginctl enable-linger $USER"])
    }

    @Test func launchdAgent() {
        let unit = ServiceUnit.make(agentID: "goose", programArguments: ["/Users/me/bin/goose-b2-backup"], home: "/Users/me", platform: .macos)
        #expect(unit.path == "/Users/me/Library/LaunchAgents/com.backblaze.agent-backup.goose.plist")
        #expect(unit.contents == """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">
            <dict>
                <key>Label</key>
                <string>com.backblaze.agent-backup.goose</string>
                <key>ProgramArguments</key>
                <array>
                    <string>/Users/me/bin/goose-b2-backup</string>
                </array>
                <key>RunAtLoad</key>
                <true/>
                <key>KeepAlive</key>
                <dict>
                    <key>SuccessfulExit</key>
                    <false/>
                </dict>
                <key>ThrottleInterval</key>
                <integer>30</integer>
                <key>ExitTimeOut</key>
                <integer>600</integer>
                <key>StandardOutPath</key>
                <string>/Users/me/Library/Logs/com.backblaze.agent-backup.goose.log</string>
                <key>StandardErrorPath</key>
                <string>/Users/me/Library/Logs/com.backblaze.agent-backup.goose.log</string>
            </dict>
            </plist>

            """)
        #expect(unit.activationCommand == "launchctl bootstrap gui/$(id -u) /Users/me/Library/LaunchAgents/com.backblaze.agent-backup.goose.plist")
    }

    @Test func awkwardPathsAreQuoted() {
        let linux = ServiceUnit.make(agentID: "a", programArguments: ["/opt/My Tools/agent-backup", "daemon", "--adapter", "/home/me/100%\"$x\".json"], home: "/h", platform: .linux)
        #expect(linux.contents.contains(#"ExecStart="/opt/My Tools/agent-backup" daemon --adapter "/home/me/100%%\"$$x\".json""#))
        let mac = ServiceUnit.make(agentID: "a", programArguments: ["/Users/me/A&B <x>/agent-backup"], home: "/Users/O'Neil", platform: .macos)
        #expect(mac.contents.contains("<string>/Users/me/A&amp;B &lt;x&gt;/agent-backup</string>"))
        #expect(mac.activationCommand == "launchctl bootstrap gui/$(id -u) '/Users/O'\\''Neil/Library/LaunchAgents/com.backblaze.agent-backup.a.plist'")
    }
}
