import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupDomain
import AgentBackupEngine
import AgentBackupPorts

extension Doctor {
    /// `config`, `credentials` and `encryption`; the configuration when it can be used.
    func configurationChecks(agentID: String) -> ([DoctorFinding], Configuration?) {
        let environment = dependencies.environment
        guard let home = environment["HOME"], home.hasPrefix("/") else {
            return ([.problem("config", "HOME is not set to an absolute path, so the config file cannot be found", fix: "run with HOME set to your home folder")], nil)
        }
        let path = Configuration.filePath(id: agentID, home: home)
        let file: ConfigFile?
        do {
            file = try ConfigFile.load(path: path, fileSystem: dependencies.fileSystem)
        } catch {
            return ([.problem("config", error.message, fix: "correct \(path), or remove it and use B2_* variables")], nil)
        }
        let configuration: Configuration
        do {
            configuration = try Configuration.resolve(id: agentID, home: home, path: path, file: file, environment: environment)
        } catch {
            return ([fileFinding(file, path: path, configuration: nil), .problem("credentials", error.message, fix: nil)], nil)
        }
        var findings = [fileFinding(file, path: path, configuration: configuration)]
        if let file, !file.unknownKeys.isEmpty {
            findings.append(.warning("config", "unknown key\(file.unknownKeys.count == 1 ? "" : "s") \(file.unknownKeys.joined(separator: ", ")) in \(path) (ignored)",
                                     fix: "correct the spelling; known keys: \(ConfigFile.knownKeys.sorted().joined(separator: ", "))"))
        }
        findings.append(credentialsFinding(configuration))
        findings.append(encryptionFinding(configuration))
        return (findings, configuration)
    }

    private func fileFinding(_ file: ConfigFile?, path: String, configuration: Configuration?) -> DoctorFinding {
        guard let file else {
            if case .localDirectory(_, _, true)? = configuration?.store {
                return .warning("config", "no config file at \(path): nothing is configured", fix: "create it (chmod 600) with keyId, applicationKey, bucket and encryptionKey")
            }
            return .warning("config", "no config file at \(path): the settings come from B2_* variables, which a service or an agent's hook started elsewhere does not see",
                            fix: "put them in \(path) (chmod 600)")
        }
        let mode = String(file.mode & 0o777, radix: 8)
        guard file.mode & 0o077 == 0 else {
            let secret = file.applicationKey != nil || file.encryptionKey != nil
            let message = "\(path) can be read by other users (mode \(mode))" + (secret ? " and holds your keys" : "")
            return secret ? .problem("config", message, fix: "chmod 600 \(path)") : .warning("config", message, fix: "chmod 600 \(path)")
        }
        return .ok("config", "\(path), private (mode \(mode))")
    }

    private func credentialsFinding(_ configuration: Configuration) -> DoctorFinding {
        switch configuration.store {
        case .localDirectory(let directory, let bucket, true):
            return .warning("credentials", "none: backups go to \(directory)/\(bucket) on this machine, NOT off-site",
                            fix: "set keyId, applicationKey and bucket in \(configuration.configFilePath) to back up to Backblaze B2")
        case .localDirectory(let directory, let bucket, false):
            return .ok("credentials", "none needed: the local folder \(directory)/\(bucket)")
        case .b2(let bucket, _, let credentials), .s3(_, let bucket, _, let credentials):
            return .ok("credentials", "keyId \(Self.shortened(credentials.keyId)) and an application key, bucket \(bucket)")
        }
    }

    private func encryptionFinding(_ configuration: Configuration) -> DoctorFinding {
        switch configuration.encryption {
        case .on(let passphrase) where passphrase.source == .encryptionKey:
            return .ok("encryption", "on, with encryptionKey as the passphrase")
        case .on:
            return .warning("encryption", "on, but the application key is the passphrase (legacy): rotating the key makes the backups unreadable",
                            fix: "set encryptionKey in \(configuration.configFilePath) before the first backup")
        case .off:
            return .warning("encryption", "off: objects are stored in plain text",
                            fix: "set encryptionKey (and remove encrypt: false) in \(configuration.configFilePath)")
        }
    }

    /// `004a1b…001`: enough to recognize a key id in a message, not to copy it.
    static func shortened(_ keyId: String) -> String {
        keyId.count <= 10 ? keyId : "\(keyId.prefix(6))…\(keyId.suffix(3))"
    }
}
