/// An OS service that runs the daemon for one agent: the file to write, where, and the command
/// that starts it. Pure text, so `install --print` and the tests see exactly what is written.
public struct ServiceUnit: Sendable, Equatable {
    public var platform: ServicePlatform
    /// `com.backblaze.agent-backup.<id>`.
    public var label: String
    /// Absolute path of the unit file (systemd) or property list (launchd).
    public var path: String
    public var contents: String
    /// What the user runs to start it now and at every login.
    public var activationCommand: String
    /// Further advice printed after the activation command.
    public var notes: [String]

    /// `com.backblaze.agent-backup.<id>`, as the reference names its services.
    public static func label(agentID: String) -> String { "com.backblaze.agent-backup.\(agentID)" }

    /// The unit for `agentID` running `programArguments` (absolute executable path first).
    public static func make(agentID: String, programArguments: [String], home: String, platform: ServicePlatform) -> ServiceUnit {
        let label = label(agentID: agentID)
        switch platform {
        case .linux:
            let path = "\(home)/.config/systemd/user/\(label).service"
            let contents = """
                [Unit]
                Description=agent-backup: back up \(agentID)'s local state

                [Service]
                Type=simple
                ExecStart=\(programArguments.map(systemdQuoted).joined(separator: " "))
                Restart=on-failure
                RestartSec=30
                RestartPreventExitStatus=2 3
                TimeoutStopSec=600

                [Install]
                WantedBy=default.target

                """
            return ServiceUnit(
                platform: platform, label: label, path: path, contents: contents,
                activationCommand: "systemctl --user daemon-reload && systemctl --user enable --now \(label).service",
                notes: [
                    "logs: journalctl --user -u \(label).service -f",
                    "to keep it running while you are logged out: loginctl enable-linger $USER",
                ])
        case .macos:
            let path = "\(home)/Library/LaunchAgents/\(label).plist"
            let log = "\(home)/Library/Logs/\(label).log"
            let arguments = programArguments.map { "        <string>\(xmlEscaped($0))</string>" }.joined(separator: "\n")
            let contents = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
                <plist version="1.0">
                <dict>
                    <key>Label</key>
                    <string>\(label)</string>
                    <key>ProgramArguments</key>
                    <array>
                \(arguments)
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
                    <string>\(xmlEscaped(log))</string>
                    <key>StandardErrorPath</key>
                    <string>\(xmlEscaped(log))</string>
                </dict>
                </plist>

                """
            return ServiceUnit(
                platform: platform, label: label, path: path, contents: contents,
                activationCommand: "launchctl bootstrap gui/$(id -u) \(shellQuoted(path))",
                notes: [
                    "logs: \(log)",
                    "if an older version is loaded, first run: launchctl bootout gui/$(id -u)/\(label)",
                ])
        }
    }

    /// One `ExecStart=` word: bare when safe, else double-quoted with `\` and `"` escaped;
    /// `%` and `$` are doubled so systemd passes them through literally.
    static func systemdQuoted(_ word: String) -> String {
        let escaped = word.replacingOccurrences(of: "%", with: "%%").replacingOccurrences(of: "$", with: "$$")
        let safe = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", ".", "/", ":", "=", "@", "+", ",", "-", "%", "$": return true
            default: return false
            }
        }
        if safe { return escaped }
        let quoted = escaped.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(quoted)\""
    }

    /// Escapes text for an XML element.
    static func xmlEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(c)
            }
        }
        return out
    }

    /// A word for a POSIX shell command line.
    static func shellQuoted(_ word: String) -> String {
        let safe = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", ".", "/", ":", "=", "@", "+", ",", "-": return true
            default: return false
            }
        }
        return safe ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
