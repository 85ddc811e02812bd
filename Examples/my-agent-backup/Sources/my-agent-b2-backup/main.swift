import AgentBackup

/// Where "my-agent" keeps its state, and what of it is worth keeping. Pure data: the same fields
/// as a JSON adapter file (`agent-backup agents --json` prints the built-in ones).
let myAgent = Adapter(
    id: "my-agent",
    roots: [.directory("state", "${MY_AGENT_HOME:-~/.my-agent}")],
    include: ["^state/(sessions|memory)/", "^state/settings\\.json$", "^state/history\\.db$"],
    exclude: ["-wal$", "-shm$", "(^|/)cache/"],
    sqlite: ["\\.db$"],
    secretExclude: ["(^|/)credentials\\.json$", "(^|/)\\.env$"],
    noRootsHint: "Set MY_AGENT_HOME if my-agent keeps its state somewhere else."
)

// `my-agent-b2-backup [--once | --install | --help]`, exactly like the reference per-agent tools.
exit(await runCli(adapter: myAgent))
