import AgentBackupInfrastructure
import Foundation
import Testing

/// `agent-backup key …` through the built binary against a `file://` store (packed layout).
@Suite("agent-backup key, the binary")
struct BinaryKeyTests {
    /// The must-show: after `key change` the old passphrase fails with the wrong-passphrase
    /// message, the new one restores every snapshot byte-identical, and no config, data/, index/
    /// or snapshots/ object changed (paths, sizes and content hashes before and after).
    @Test func changeRetiresTheOldPassphraseAndTouchesOnlyKeys() throws {
        let binary = try BuiltBinary()
        let bucket = "\(binary.home.path)/backups"
        let repository = "\(bucket)/agent-backup/goose-backup"
        binary.environment["B2_ENDPOINT"] = "file://\(bucket)"
        binary.environment["B2_ENCRYPTION_KEY"] = "old pw"
        binary.environment["B2_LAYOUT"] = "packed"
        var generator = SystemRandomNumberGenerator()
        var big = (0..<300_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var pushed: [[String: [UInt8]]] = []
        for round in 1...3 {
            big.replaceSubrange(round * 1000..<round * 1000 + 4, with: Array("r\(round)!!".utf8).prefix(4))
            let files = ["memory/big.bin": big, "memory/round.txt": Array("round \(round)\n".utf8)]
            for (path, bytes) in files { try binary.home.write(bytes, to: ".config/goose/\(path)") }
            let push = try binary.run(["push", "--agent", "goose"])
            #expect(push.exitCode == 0, "\(push)")
            pushed.append(files)
        }
        let ids = try snapshotIDs(binary)
        #expect(ids.count == 3)
        let before = try fingerprint(repository)
        #expect(before.keys.contains { $0.hasPrefix("data/") } && before.keys.contains("config"))

        let listed = try binary.run(["key", "list", "--agent", "goose", "--json"])
        #expect(listed.exitCode == 0, "\(listed)")
        let keys = try keyList(listed)
        #expect(keys.count == 1 && keys[0]["inUse"] as? Bool == true, "\(listed)")

        binary.environment["RECOVERY"] = "recovery pw"
        let added = try binary.run(["key", "add", "--agent", "goose", "--new-passphrase-from-env", "RECOVERY"])
        #expect(added.exitCode == 0, "\(added)")
        binary.environment["SAME"] = "old pw"
        let same = try binary.run(["key", "change", "--agent", "goose", "--new-passphrase-from-env", "SAME"])
        #expect(same.exitCode == 2 && same.standardError.contains("the one configured now"), "\(same)")
        let noSource = try binary.run(["key", "change", "--agent", "goose"])
        #expect(noSource.exitCode == 2 && noSource.standardError.contains("give --new-passphrase-from-env VAR"), "\(noSource)")

        binary.environment["NEW_PW"] = "new pw"
        let change = try binary.run(["key", "change", "--agent", "goose", "--new-passphrase-from-env", "NEW_PW"])
        #expect(change.exitCode == 0, "\(change)")
        #expect(change.standardOutput.contains("removed key"), "\(change)")
        #expect(!(change.standardOutput + change.standardError).contains("new pw"), "the passphrase is never printed")
        #expect(try fingerprint(repository) == before, "only keys/ changed")

        let old = try binary.run(["snapshots", "--agent", "goose"])
        #expect(old.exitCode == 2, "\(old)")
        #expect(old.standardError.contains("opens with this passphrase"), "\(old)")

        binary.environment["B2_ENCRYPTION_KEY"] = "new pw"
        for (id, files) in zip(ids, pushed) {
            let target = binary.home.path("out-\(id)")
            let restore = try binary.run(["restore", "--agent", "goose", "--snapshot", id, "--target", target])
            #expect(restore.exitCode == 0, "\(restore)")
            for (path, bytes) in files {
                #expect(FileManager.default.contents(atPath: "\(target)/config/\(path)") == Data(bytes), "\(id) \(path)")
            }
        }
        #expect(try binary.run(["verify", "--agent", "goose", "--all"]).exitCode == 0)

        let now = try keyList(try binary.run(["key", "list", "--agent", "goose", "--json"]))
        #expect(now.count == 2)
        let inUse = try #require(now.first { $0["inUse"] as? Bool == true }?["id"] as? String)
        let recovery = try #require(now.first { $0["inUse"] as? Bool == false }?["id"] as? String)
        let refused = try binary.run(["key", "remove", "--agent", "goose", inUse])
        #expect(refused.exitCode == 2 && refused.standardError.contains("key change"), "\(refused)")
        #expect(try binary.run(["key", "remove", "--agent", "goose", String(recovery.prefix(10))]).exitCode == 0)
        let last = try binary.run(["key", "remove", "--agent", "goose", inUse])
        #expect(last.exitCode == 2 && last.standardError.contains("is the only key"), "\(last)")
        #expect(try fingerprint(repository) == before)
    }

    /// A goose backup in the packed layout on file://, pushed once under passphrase "pw".
    static func packedBackupOnFile() throws -> BuiltBinary {
        let binary = try BuiltBinary()
        binary.environment["B2_ENDPOINT"] = "file://\(binary.home.path)/backups"
        binary.environment["B2_ENCRYPTION_KEY"] = "pw"
        binary.environment["B2_LAYOUT"] = "packed"
        try binary.home.write(Array("notes\n".utf8), to: ".config/goose/memory/a.txt")
        #expect(try binary.run(["push", "--agent", "goose"]).exitCode == 0)
        return binary
    }

    /// `key add` run on a new pty by the Python `script` (which types or interrupts).
    static func keyAddOnATerminal(_ binary: BuiltBinary, script: String) async throws -> ChildResult {
        let terminal = try ChildProcess(try PythonScript.interpreter(), ["-c", script, binary.path, "key", "add", "--agent", "goose"],
                                        environment: binary.environment, directory: binary.home.path)
        return try await terminal.wait(timeout: .seconds(120))
    }

    /// Without --new-passphrase-from-env and on a terminal (a pty here), the new passphrase is
    /// asked twice with echo off: what is typed never shows, and it opens the backup afterwards.
    @Test func aNewPassphraseIsAskedTwiceOnTheTerminalWithoutEcho() async throws {
        let binary = try Self.packedBackupOnFile()
        let typed = try await Self.keyAddOnATerminal(binary, script: Self.typeOnATerminal)
        #expect(typed.exitCode == 0, "\(typed)")
        #expect(typed.standardOutput.contains("New passphrase:") && typed.standardOutput.contains("Repeat it:"), "\(typed)")
        #expect(typed.standardOutput.contains("added key"), "\(typed)")
        #expect(!typed.standardOutput.contains("typed pw"), "no echo: \(typed)")
        binary.environment["B2_ENCRYPTION_KEY"] = "typed pw"
        let listed = try keyList(try binary.run(["key", "list", "--agent", "goose", "--json"]))
        #expect(listed.count == 2 && listed.contains { $0["inUse"] as? Bool == true })
    }

    /// Ctrl-C at the prompt ends the command and gives the terminal its echo back (it would
    /// otherwise stay silent until `reset`).
    @Test func controlCAtThePromptGivesTheTerminalItsEchoBack() async throws {
        let interrupted = try await Self.keyAddOnATerminal(try Self.packedBackupOnFile(), script: Self.interruptOnATerminal)
        #expect(interrupted.standardOutput.contains("New passphrase:"), "\(interrupted)")
        #expect(interrupted.standardOutput.contains("killed by signal 2"), "\(interrupted)")
        #expect(interrupted.standardOutput.contains("echo during the prompt: False; echo on"), "\(interrupted)")
    }

    /// Runs argv[1:] on a new pty, types Ctrl-C once the first prompt shows, then prints how the
    /// child ended and whether the terminal echoes again.
    static let interruptOnATerminal = """
        import os, pty, select, sys, termios, time
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(sys.argv[1], sys.argv[1:])
        shown = b""
        deadline = time.time() + 60
        while b"New passphrase:" not in shown and time.time() < deadline:
            ready, _, _ = select.select([fd], [], [], 1)
            if ready:
                try:
                    shown += os.read(fd, 4096)
                except OSError:
                    break
        echo_during = bool(termios.tcgetattr(fd)[3] & termios.ECHO)
        os.write(fd, b"\\x03")
        _, status = os.waitpid(pid, 0)
        echo_after = bool(termios.tcgetattr(fd)[3] & termios.ECHO)
        sys.stdout.write(shown.decode(errors="replace"))
        print("killed by signal %d" % os.WTERMSIG(status) if os.WIFSIGNALED(status) else "exited %d" % os.WEXITSTATUS(status))
        print("echo during the prompt: %s; echo %s" % (echo_during, "on" if echo_after else "off"))
        """

    /// Runs argv[1:] on a new pty, answers "typed pw" to each passphrase prompt once it shows,
    /// prints all the terminal showed and exits with the child's status.
    static let typeOnATerminal = """
        import os, pty, select, sys, time
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(sys.argv[1], sys.argv[1:])
        shown = b""
        def read(deadline):
            global shown
            ready, _, _ = select.select([fd], [], [], max(0, deadline - time.time()))
            try:
                chunk = os.read(fd, 4096) if ready else b""
            except OSError:
                chunk = b""
            shown += chunk
            return bool(chunk)
        for prompt in (b"New passphrase:", b"Repeat it:"):
            deadline = time.time() + 60
            while prompt not in shown:
                if not read(deadline):
                    sys.stdout.write(shown.decode(errors="replace"))
                    sys.exit("no %r on the terminal" % prompt)
            os.write(fd, b"typed pw\\n")
        while read(time.time() + 60):
            pass
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(shown.decode(errors="replace"))
        sys.exit(os.waitstatus_to_exitcode(status))
        """

    @Test func aReferenceLayoutPrefixIsToldToMigrate() throws {
        let binary = try BuiltBinary()
        binary.environment["B2_ENDPOINT"] = "file://\(binary.home.path)/backups"
        binary.environment["B2_ENCRYPTION_KEY"] = "pw"
        try binary.home.write(Array("notes\n".utf8), to: ".config/goose/memory/a.txt")
        #expect(try binary.run(["push", "--agent", "goose"]).exitCode == 0)
        let list = try binary.run(["key", "list", "--agent", "goose"])
        #expect(list.exitCode == 2, "\(list)")
        #expect(list.standardError.contains("migrate --to reference --to-prefix NEW-PREFIX --new-passphrase-from-env VAR"), "\(list)")
    }

    /// Every object of the repository but its keys: relative path → size and SHA-256.
    private func fingerprint(_ root: String) throws -> [String: String] {
        var result: [String: String] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard !relative.hasPrefix("keys/"), FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory),
                  !isDirectory.boolValue else { continue }
            let bytes = [UInt8](try #require(FileManager.default.contents(atPath: root + "/" + relative)))
            result[relative] = "\(bytes.count) \(OpenSSLHasher().digest(of: bytes).sha256)"
        }
        return result
    }

    private func snapshotIDs(_ binary: BuiltBinary) throws -> [String] {
        let result = try binary.run(["snapshots", "--agent", "goose", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return ((object?["snapshots"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String ?? $0["snapshot"] as? String }
    }

    private func keyList(_ result: BinaryResult) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return (object?["keys"] as? [[String: Any]]) ?? []
    }
}
