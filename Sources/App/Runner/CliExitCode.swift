/// The process exit codes, the contract scripts and service managers rely on.
public enum CliExitCode: Int32, Sendable, Equatable, CaseIterable {
    /// The operation succeeded, including "no changes since the last push".
    case success = 0
    /// The operation failed (network, store, local I/O, already running…); retrying may help.
    case failed = 1
    /// Bad command line or configuration; nothing was run. Fix the input.
    case usage = 2
    /// An integrity failure: a hash or authentication mismatch, or a refused manifest.
    /// Never retried blindly: the data or the passphrase is wrong.
    case integrity = 3

    /// The text of the "EXIT CODES" section of `--help` and `docs/CLI.md`.
    public static let helpText = """
        Exit codes:
          0  success (including "no changes")
          1  the operation failed (network, store, files, already running)
          2  usage or configuration error (nothing was run)
          3  integrity failure (hash or authentication mismatch, refused manifest)
        """
}
