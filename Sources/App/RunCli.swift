#if canImport(Glibc)
@preconcurrency import Glibc
#else
import Darwin
#endif

/// The command-line entry. `main` calls this and nothing else.
public func runCli(arguments: [String] = CommandLine.arguments) async -> Int32 {
    FileHandleOutput.standardError("agent-backup: not implemented yet\n")
    return 1
}

enum FileHandleOutput {
    static func standardError(_ s: String) {
        var s = s
        s.withUTF8 { buf in _ = fwrite(buf.baseAddress, 1, buf.count, stderr) }
    }
}
