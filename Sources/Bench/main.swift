import AgentBackup

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

// Micro-benchmarks (crypto throughput, ...) run by scripts/bench. Filled in by the crypto work.
print("agent-backup-bench: no benchmarks yet")
exit(0)
