import AgentBackupDomain

extension Adapter {
    /// The roots a restore writes into: every root `resolveRoots` finds, plus each fixed root
    /// (`dir` or `file`) that exists nowhere yet, at its default place — the first candidate
    /// that expands on this platform, so an override variable such as `CLAUDE_CONFIG_DIR` is
    /// honoured. Restoring onto a new machine then puts `~/.claude` and `~/.claude.json` where
    /// Claude Code will look; the engine creates missing folders (mode 0700) only for roots the
    /// snapshot has files for.
    ///
    /// `unlessSet` and `unlessInside` apply as for a push (an extra folder whose default lies
    /// inside the main root's default is still left out). Discovered roots cannot be guessed, so
    /// only existing ones are returned; a snapshot path under a discovered label that is not
    /// here is refused by the restore plan, which says to use `--target`.
    public func restoreRoots(in environment: AdapterEnvironment) throws -> [Root] {
        try resolveRoots(in: environment, missing: .atDefaultPlace)
    }
}
