import AgentBackup

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

exit(await runCli())
