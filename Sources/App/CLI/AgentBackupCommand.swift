import AgentBackupVersion
import ArgumentParser
import AgentBackupRunner
import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupDomain

/// The `agent-backup` command tree.
public struct AgentBackupCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "agent-backup",
        abstract: "Encrypted, incremental backups of AI coding agents' local state to Backblaze B2, any S3 store, or a local folder.",
        discussion: """
            Settings come from ~/.config/<id>-b2-backup/config.json and the B2_* environment \
            variables (which win): B2_KEY_ID, B2_APPLICATION_KEY, B2_BUCKET, B2_REGION, B2_PREFIX, \
            B2_ENCRYPTION_KEY, B2_ENCRYPT, B2_KEEP_SNAPSHOTS, B2_SCHEDULE, B2_ENDPOINT, B2_CACHE_DIR, B2_LAYOUT. \
            With nothing configured, backups go to ~/.agent-backup/store on this machine (not off-site).

            Installed under the name <id>-b2-backup (a link), it behaves like the reference \
            per-agent command: [--once | --install | --help].

            Results go to stdout (--json for one JSON document); logs go to stderr \
            (AGENT_BACKUP_LOG_LEVEL=debug for more).

            """ + "\n" + CliExitCode.helpText,
        version: "agent-backup \(AgentBackupVersion.display)",
        subcommands: [
            PushCommand.self, RestoreCommand.self, SnapshotsCommand.self, VerifyCommand.self,
            PruneCommand.self, MigrateCommand.self, KeyCommand.self, DaemonCommand.self, InstallCommand.self, AgentsCommand.self, DoctorCommand.self,
        ])

    public init() {}
}
