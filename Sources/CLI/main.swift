import AgentBackup

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

#if canImport(Glibc)
import CAgentBackupMalloc

/// glibc raises its mmap threshold to the size of each large block freed (up to 32 MiB), after
/// which a push's large buffers (a pack's 16 MiB, a file's 8 MiB read buffer) come from
/// per-thread arenas that keep them resident once freed. A fixed threshold just above the 4 MiB
/// blocks a push makes by the thousand (a largest chunk, compressed or sealed) keeps the large
/// ones mapped only while alive; fixing it also fixes the trim threshold at 128 KiB, which
/// returned and re-faulted the small blocks' pages all the time (twice the system time on a
/// 1 GiB push), hence 32 MiB for that. Measured on W1's first push: peak RSS 195 -> 184 MiB.
_ = mallopt(M_MMAP_THRESHOLD, (4 << 20) + (64 << 10))
_ = mallopt(M_TRIM_THRESHOLD, 32 << 20)
#endif

exit(await runCli())
