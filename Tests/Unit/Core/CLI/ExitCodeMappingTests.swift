import AgentBackup
import AgentBackupDomain
import AgentBackupPorts
import Testing

@Suite("Errors map to exit codes")
struct ExitCodeMappingTests {
    struct Carrying: ExitCodeCarrying { var exitCode: CliExitCode }
    struct Other: Error {}

    @Test func mapping() {
        #expect(CliExitCode(for: CommandExit(.integrity)) == .integrity)
        #expect(CliExitCode(for: Carrying(exitCode: .usage)) == .usage)
        #expect(CliExitCode(for: OperationFailure(exitCode: .integrity, message: "")) == .integrity)
        #expect(CliExitCode(for: ConfigurationError(.missingCredentials, message: "")) == .usage)
        #expect(CliExitCode(for: LockError(name: "n", holderPid: 1, message: "")) == .failed)
        #expect(CliExitCode(for: StoreError(.accessDenied, operation: "LIST", message: "")) == .failed)
        #expect(CliExitCode(for: FileSystemError(path: "/x", operation: "open", message: "")) == .failed)
        #expect(CliExitCode(for: Other()) == .failed)
        #expect(CliExitCode(for: CancellationError()) == .failed)
    }

    @Test(arguments: [
        (CryptoError.Code.authenticationFailed, CliExitCode.integrity),
        (.notEncrypted, .integrity), (.library, .failed), (.io, .failed),
    ])
    func cryptoErrors(code: CryptoError.Code, exit: CliExitCode) {
        #expect(CliExitCode(for: CryptoError(code, message: "")) == exit)
    }

    @Test(arguments: [
        (DomainError.Code.invalidManifest, CliExitCode.integrity), (.unsupportedManifestVersion, .integrity), (.invalidPath, .integrity),
        (.invalidPattern, .usage), (.invalidSchedule, .usage), (.invalidSnapshotID, .usage), (.invalidRetention, .usage),
    ])
    func domainErrors(code: DomainError.Code, exit: CliExitCode) {
        #expect(CliExitCode(for: DomainError(code, "")) == exit)
    }
}
