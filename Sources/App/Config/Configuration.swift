import AgentBackupDomain
import AgentBackupPorts

/// Everything a run needs to know from `~/.config/<id>-b2-backup/config.json` and the `B2_*`
/// environment, merged (environment wins), validated and defaulted. Build it with
/// `Configuration.load(id:environment:fileSystem:)`; log `warnings` on every run.
public struct Configuration: Sendable, Equatable {
    /// The adapter id (`goose`); names the config folder, the default prefix and cache folder.
    public var agentID: String
    /// Where the config file is (or would be): named in every error about a missing setting.
    public var configFilePath: String
    /// Whether that file exists (a service does not see shell variables: `install` warns without it).
    public var configFileExists: Bool
    public var store: StoreSelection
    /// Key prefix in the bucket; default `<id>-backup`.
    public var prefix: String
    public var encryption: EncryptionSetting
    /// Which regular snapshots each push and `prune` keep: `keep` and `keepSnapshots` merged
    /// (default: the newest 10, the reference's `keepSnapshots`).
    public var retention: RetentionPolicy
    public var schedule: ScheduleSetting
    /// Folder of the local manifest cache; default `~/.agent-backup/<id>`.
    public var cacheDirectory: String
    /// Store requests in flight at once (uploads, copies, downloads, listing pages):
    /// `AGENT_BACKUP_TRANSFERS`, 1–64, default `defaultTransfers`.
    public var transfers: Int
    /// Things to say on every run (permissions, legacy passphrase, encryption off, not off-site).
    public var warnings: [ConfigurationWarning]
    /// How long failed store requests are retried (`AGENT_BACKUP_RETRY_SECONDS`).
    public var retry: RetrySetting
    /// The bucket layout a new prefix gets (`layout` / `B2_LAYOUT`); an existing prefix must hold
    /// this layout (the composition root checks it against the bucket).
    public var layout: RepositoryLayout = .reference

    public init(
        agentID: String, configFilePath: String, configFileExists: Bool, store: StoreSelection, prefix: String,
        encryption: EncryptionSetting, retention: RetentionPolicy, schedule: ScheduleSetting, cacheDirectory: String,
        transfers: Int = Configuration.defaultTransfers, warnings: [ConfigurationWarning] = [], retry: RetrySetting = .standard
    ) {
        self.agentID = agentID
        self.configFilePath = configFilePath
        self.configFileExists = configFileExists
        self.store = store
        self.prefix = prefix
        self.encryption = encryption
        self.retention = retention
        self.schedule = schedule
        self.cacheDirectory = cacheDirectory
        self.transfers = transfers
        self.warnings = warnings
        self.retry = retry
    }

    /// `~/.config/<id>-b2-backup/config.json`, as the reference per-agent command reads it.
    public static func filePath(id: String, home: String) -> String {
        "\(home)/.config/\(id)-b2-backup/config.json"
    }

    /// The folder of the store used when nothing is configured.
    public static func defaultLocalStoreDirectory(home: String) -> String { "\(home)/.agent-backup/store" }

    /// Requests in flight when `AGENT_BACKUP_TRANSFERS` is not set: 8 suits a laptop on the
    /// internet; a fast local server or a long fat link may want more.
    public static let defaultTransfers = 8
    public static let transfersRange = 1...64

    /// Bucket name used for a local store when none is configured.
    public static let defaultLocalBucket = "agent-backup"
}
