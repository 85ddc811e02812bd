#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

// Micro-benchmarks, run by hand or by scripts. Modes:
//   agent-backup-bench crypto [--size-mib N] [--dir DIR]   hash+encrypt and decrypt of a file vs `openssl speed`
//   agent-backup-bench crypto-rss FILE [OUTPUT]           encrypt FILE (to OUTPUT, default /dev/null) and print
//                                                         one JSON line with the peak RSS (used by a test)
//   agent-backup-bench chunker [--size-mib N]             packed writer stages per core: FastCDC, SHA-256, zstd, AES-GCM
//   agent-backup-bench packed-push SOURCE STORE-DIR [--plain]  push a tree into a packed repository in a local folder
//                                                         store; one JSON line with bytes, uploads, CPU and peak RSS
//   agent-backup-bench packed-vectors DIR                 write the packed format's test vectors (Tests/Fixtures/data/packed)
let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: agent-backup-bench crypto [--size-mib N] [--dir DIR]
           agent-backup-bench crypto-rss FILE [OUTPUT]
           agent-backup-bench chunker [--size-mib N]
           agent-backup-bench packed-push SOURCE STORE-DIR [--plain]
           agent-backup-bench packed-vectors DIR
    """

do {
    switch arguments.first {
    case "crypto":
        try CryptoBenchmark(arguments: Array(arguments.dropFirst())).run()
    case "crypto-rss":
        try CryptoPeakMemory(arguments: Array(arguments.dropFirst())).run()
    case "chunker":
        try ChunkerBenchmark(arguments: Array(arguments.dropFirst())).run()
    case "packed-vectors":
        try await PackedVectors(arguments: Array(arguments.dropFirst())).run()
    case "packed-push":
        try await PackedPushBenchmark(arguments: Array(arguments.dropFirst())).run()
    default:
        FileHandleOutput.standardError(usage)
        exit(2)
    }
} catch {
    FileHandleOutput.standardError("agent-backup-bench: \(error)")
    exit(1)
}
