#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

// Micro-benchmarks, run by hand or by scripts. Modes:
//   agent-backup-bench crypto [--size-mib N] [--dir DIR]   hash+encrypt and decrypt of a file vs `openssl speed`
//   agent-backup-bench crypto-rss FILE [OUTPUT]           encrypt FILE (to OUTPUT, default /dev/null) and print
//                                                         one JSON line with the peak RSS (used by a test)
let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: agent-backup-bench crypto [--size-mib N] [--dir DIR]
           agent-backup-bench crypto-rss FILE [OUTPUT]
    """

do {
    switch arguments.first {
    case "crypto":
        try CryptoBenchmark(arguments: Array(arguments.dropFirst())).run()
    case "crypto-rss":
        try CryptoPeakMemory(arguments: Array(arguments.dropFirst())).run()
    default:
        FileHandleOutput.standardError(usage)
        exit(2)
    }
} catch {
    FileHandleOutput.standardError("agent-backup-bench: \(error)")
    exit(1)
}
