import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupDomain
import AgentBackupEngine
import AgentBackupPorts
import Foundation

extension Doctor {
    /// `folders`, `lock`, `service`: what is on this machine.
    func machineChecks(agentID: String, adapter: Adapter?, configuration: Configuration?, snapshotsExist: Bool?) async -> [DoctorFinding] {
        [foldersFinding(agentID: agentID, adapter: adapter, snapshotsExist: snapshotsExist),
         lockFinding(agentID: agentID, configuration: configuration),
         serviceFinding(agentID: agentID)]
    }

    func foldersFinding(agentID: String, adapter: Adapter?, snapshotsExist: Bool?) -> DoctorFinding {
        guard let adapter else { return .skipped("folders", because: "the adapter could not be loaded") }
        let environment = dependencies.adapterEnvironment
        let roots: [Root]
        do {
            roots = try adapter.resolveRoots(in: environment)
        } catch {
            return .problem("folders", "\(error)", fix: "correct the file the message names")
        }
        if !roots.isEmpty {
            return .ok("folders", roots.map { "\($0.label): \($0.path)" }.joined(separator: ", "))
        }
        if snapshotsExist == true {
            return .warning("folders", "none on this machine yet; the newest snapshot has them",
                            fix: "agent-backup restore --agent \(agentID) puts them at \(agentID)'s places")
        }
        let places = adapter.searchedPlaces(in: environment).joined(separator: "; ")
        let variables = adapter.rootVariables
        return .problem("folders", "none found (looked in: \(places))",
                        fix: (variables.isEmpty ? "" : "set \(variables.joined(separator: " or ")) to where \(agentID) keeps its state, or ")
                            + "describe the folders in an adapter file and use --adapter FILE")
    }

    func lockFinding(agentID: String, configuration: Configuration?) -> DoctorFinding {
        guard let configuration else { return .skipped("lock", because: "the lock's name needs the bucket and prefix") }
        let name = InstanceLockName.make(agentID: agentID, bucket: configuration.store.bucket, prefix: configuration.prefix)
        switch dependencies.locks.holder(of: name) {
        case .free:
            return .ok("lock", "free: no run of \(agentID) to this bucket and prefix holds it")
        case .held(let pid?):
            let command = dependencies.locks.commandLine(of: pid).map { ": \($0)" } ?? ""
            return .ok("lock", "held by pid \(pid)\(command) (a push, restore, prune or the daemon is running)")
        case .held(nil):
            return .ok("lock", "held by a running process that did not write its pid")
        }
    }

    func serviceFinding(agentID: String) -> DoctorFinding {
        guard let home = dependencies.environment["HOME"], home.hasPrefix("/") else {
            return .skipped("service", because: "HOME is not set")
        }
        let unit = ServiceUnit.make(agentID: agentID, programArguments: [], home: home, platform: dependencies.platform)
        let fileSystem = dependencies.fileSystem
        guard (try? fileSystem.status(unit.path)) != nil else {
            if agentID == "claude-code", let settings = claudeCodeHookSettings(home: home) {
                return .ok("service", "no service; Claude Code's hooks push (\(settings))")
            }
            return .warning("service", "not installed: nothing pushes unless you run it",
                            fix: "agent-backup install --agent \(agentID)" + (agentID == "claude-code" ? " (or: agent-backup install --hook claude-code --write)" : ""))
        }
        if let program = Self.serviceProgram(unit: unit, fileSystem: fileSystem),
           (try? fileSystem.status(program))??.kind != .regular {
            return .problem("service", "\(unit.path) runs \(program), which does not exist", fix: "run `agent-backup install --agent \(agentID)` again with the program where it is now")
        }
        switch dependencies.platform {
        case .linux:
            let wants = "\(home)/.config/systemd/user/default.target.wants/\(unit.label).service"
            guard (try? fileSystem.status(wants)) != nil else {
                return .warning("service", "installed (\(unit.path)) but not enabled: it will not start at login", fix: unit.activationCommand)
            }
            return .ok("service", "installed and enabled (\(unit.path))")
        case .macos:
            return .ok("service", "installed (\(unit.path)); launchd starts it at login")
        }
    }

    /// The program a systemd unit's `ExecStart=` runs (launchd: not parsed, nil).
    static func serviceProgram(unit: ServiceUnit, fileSystem: any FileSystem) -> String? {
        guard unit.platform == .linux, let bytes = try? fileSystem.readFile(unit.path) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ExecStart=") }) else { return nil }
        let command = line.dropFirst("ExecStart=".count).trimmingCharacters(in: .whitespaces)
        let word: String?
        if command.hasPrefix("\"") {
            word = command.dropFirst().split(separator: "\"", maxSplits: 1).first.map(String.init)?
                .replacingOccurrences(of: "\\\\", with: "\\")
        } else {
            word = command.split(separator: " ").first.map(String.init)
        }
        return word?.replacingOccurrences(of: "%%", with: "%").replacingOccurrences(of: "$$", with: "$")
    }

    /// Claude Code's settings file when it has an agent-backup push among its hooks.
    private func claudeCodeHookSettings(home: String) -> String? {
        let path = ClaudeCodeHooks.settingsPath(environment: dependencies.environment, home: home)
        guard let bytes = try? dependencies.fileSystem.readFile(path) else { return nil }
        return String(decoding: bytes, as: UTF8.self).contains("push --agent claude-code") ? path : nil
    }
}
