// The `AgentBackup` library is the whole tool for those who build on it (a per-agent command is
// an adapter value and `runCli`, see Examples/my-agent-backup): the application ring's modules
// come with it.
@_exported import AgentBackupAdapters
@_exported import AgentBackupConfig
@_exported import AgentBackupEngine
@_exported import AgentBackupRedaction
@_exported import AgentBackupRunner
