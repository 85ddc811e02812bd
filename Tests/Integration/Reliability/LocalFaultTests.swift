import AgentBackupTestSupport
import Foundation
import Testing

/// Faults on this machine rather than the network: a full disk, a file that cannot be read,
/// a file that changes while it is read, and two runs at once.
@Suite("Reliability: local faults", .serialized)
struct LocalFaultTests {
    /// `RLIMIT_FSIZE` on the child with SIGXFSZ ignored (inherited through exec), so a write past
    /// `bytes` fails with EFBIG, as on a full disk, instead of killing the process.
    static func fileSizeLimit(_ bytes: Int) -> [String] {
        ["prlimit", "--fsize=\(bytes)", "--", "/bin/sh", "-c", "trap '' XFSZ; exec \"$0\" \"$@\""]
    }

    @Test("a disk that fills up during restore fails the run (exit 1), changes nothing, leaves nothing")
    func diskFullDuringRestore() async throws {
        let rig = try ReliabilityRig("disk-full")
        var random = SplitMix64(seed: 9)
        var files = TreeFiles.generate(seed: 9, count: 6, maxSize: 50_000)
        files["blobs/large.bin"] = TreeFiles.bytes(count: 3 << 20, using: &random)
        try TreeFiles.write(files, into: rig.root)
        try #require(try await rig.run(["push"]).exitCode == 0)
        let local = files.mapValues { Array($0.prefix(100)) + [0xFF] }
        try TreeFiles.replace(rig.root, with: local)

        let full = try await rig.run(["restore", "--no-safety"], wrapper: Self.fileSizeLimit(1 << 20))
        #expect(full.exitCode == 1, "\(full)")
        #expect(full.standardError.contains("blobs/large.bin"), "the message should name the file: \(full)")
        expectSameTree(TreeFiles.read(rig.root), local, "a failed restore must change no local file")
        #expect(TreeFiles.temporaryLeftovers(rig.root).isEmpty, "\(TreeFiles.temporaryLeftovers(rig.root))")
        #expect(rig.workAreaLeftovers().isEmpty)

        let retry = try await rig.run(["restore", "--no-safety"])
        #expect(retry.exitCode == 0, "\(retry)")
        expectSameTree(TreeFiles.read(rig.root), files)
    }

    @Test("a disk that fills up during push loses nothing: the newest snapshot keeps every file, no good snapshot is pruned")
    func diskFullDuringPush() async throws {
        let rig = try ReliabilityRig("disk-full-push")
        var random = SplitMix64(seed: 10)
        var files = TreeFiles.generate(seed: 10, count: 6, maxSize: 20_000)
        files["blobs/large.bin"] = TreeFiles.bytes(count: 1 << 20, using: &random)
        try TreeFiles.write(files, into: rig.root)
        let keepOne = ["B2_KEEP_SNAPSHOTS": "1"]  // the worst case: one bad push could prune the only good one
        try #require(try await rig.run(["push"], extra: keepOne).exitCode == 0)
        let good = files
        // New versions of everything; the large one cannot be encrypted into a full temporary folder.
        files = files.mapValues { $0 + [7] }
        try TreeFiles.write(files, into: rig.root)
        let full = try await rig.run(["push"], wrapper: Self.fileSizeLimit(256 << 10), extra: keepOne)
        #expect(full.exitCode == 1, "\(full)")
        #expect(full.standardError.contains("blobs/large.bin"), "\(full)")
        // Whatever was published: every file is in the newest snapshot, at its new version or its last good one.
        let target = try rig.freshFolder("after-full")
        let restore = try await rig.run(["restore", "--target", target])
        #expect(restore.exitCode == 0, "\(restore)")
        let restored = TreeFiles.read(target + "/data")
        #expect(Set(restored.keys) == Set(files.keys), "files missing from the newest snapshot: \(Set(files.keys).subtracting(restored.keys).sorted())")
        for (path, bytes) in restored {
            #expect(bytes == files[path] || bytes == good[path], "\(path) is neither version")
        }
        #expect(rig.workAreaLeftovers().isEmpty)
        // Space again: the next push completes with the new versions.
        #expect(try await rig.run(["push"], extra: keepOne).exitCode == 0)
        let final = try rig.freshFolder("final")
        #expect(try await rig.run(["restore", "--target", final]).exitCode == 0)
        expectSameTree(TreeFiles.read(final + "/data"), files, "after the disk had space again")
    }

    @Test("a file that cannot be read is reported, the rest is backed up, exit 1")
    func unreadableFile() async throws {
        let rig = try ReliabilityRig("unreadable")
        let files = TreeFiles.generate(seed: 12, count: 6, maxSize: 20_000)
        try TreeFiles.write(files, into: rig.root)
        let secret = rig.root + "/config/locked.bin"
        try Data("cannot read me".utf8).write(to: URL(fileURLWithPath: secret))
        chmod(secret, 0)
        defer { chmod(secret, 0o600) }
        // chmod 000 does not stop root: run the binary without the capabilities that bypass
        // file permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) when we are root.
        let wrapper = geteuid() == 0 ? ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"] : []
        let push = try await rig.run(["push"], wrapper: wrapper)
        #expect(push.exitCode == 1, "\(push)")
        #expect(push.standardError.contains("data/config/locked.bin"), "\(push)")
        let target = try rig.freshFolder("rest")
        let restore = try await rig.run(["restore", "--target", target])
        #expect(restore.exitCode == 0, "\(restore)")
        expectSameTree(TreeFiles.read(target + "/data"), files, "every other file must be in the snapshot")
    }

    @Test("a file rewritten while it is read: the snapshot stays self-consistent (verify and restore pass)")
    func fileChangingWhileRead() async throws {
        let rig = try ReliabilityRig("changing")
        var random = SplitMix64(seed: 21)
        let big = rig.root + "/blobs/growing.bin"
        try TreeFiles.write(["blobs/growing.bin": TreeFiles.bytes(count: 24 << 20, using: &random),
                             "notes.txt": Array("steady\n".utf8)], into: rig.root)
        let stop = rig.directory.path("rewriter.stop")
        for round in 1...2 {
            try? FileManager.default.removeItem(atPath: stop)
            func modified() throws -> Date? { try FileManager.default.attributesOfItem(atPath: big)[.modificationDate] as? Date }
            let before = try modified()
            let rewriter = try PythonScript.launch(PythonScript.fileRewriter, [big, "30", stop], in: rig.directory.path)
            // Push once the rewriter is at work (its first write seen), not after a guessed delay.
            let deadline = ContinuousClock.now + .seconds(60)
            while try modified() == before {
                try #require(ContinuousClock.now < deadline, "the rewriter never wrote")
                try await Task.sleep(for: .milliseconds(5))
            }
            let push = try await rig.run(["push"])
            _ = FileManager.default.createFile(atPath: stop, contents: nil)
            _ = try await rewriter.wait(timeout: .seconds(30))
            // Exit 0, or 1 with the file named as changing: never a snapshot that lies.
            #expect(push.exitCode == 0 || (push.exitCode == 1 && push.standardError.contains("blobs/growing.bin")), "round \(round): \(push)")
            let verify = try await rig.run(["verify"])
            #expect(verify.exitCode == 0, "round \(round): the snapshot does not match its own manifest: \(verify)")
            let target = try rig.freshFolder("changing-\(round)")
            let restore = try await rig.run(["restore", "--target", target])
            #expect(restore.exitCode == 0, "round \(round): \(restore)")
        }
    }

    @Test("a second run while one is running refuses with 'already running' (exit 1); the first completes")
    func twoAtOnce() async throws {
        let rig = try ReliabilityRig("two-at-once")
        try TreeFiles.write(TreeFiles.generate(seed: 31, count: 8, maxSize: 20_000), into: rig.root)
        // Every request of the first run waits 2 s, so it is surely still running; that it was is
        // checked, not assumed: the second runs must end (refused) while the first still runs.
        try await FaultProxy.withProxy(upstream: rig.s3.endpoint, schedule: .always(.delay(milliseconds: 2_000))) { proxy in
            let first = try rig.launch(["push"], endpoint: proxy.endpoint)
            #expect(await proxy.waitForTraffic(atLeast: 1, timeout: .seconds(60)))
            for command in [["push"], ["restore"]] {
                let second = try await rig.run(command, timeout: .seconds(120))
                #expect(second.exitCode == 1, "\(command): \(second)")
                #expect(second.standardError.lowercased().contains("already running"), "\(command): \(second)")
                #expect(first.isRunning, "\(command) ended after the first run, so it may have waited for the lock")
            }
            let result = try await first.wait(timeout: .seconds(300))
            #expect(result.exitCode == 0, "\(result)")
        }
        #expect(try await rig.completeSnapshots().count == 1)
    }

    @Test("runs at once sharing one cache folder (another prefix, a verify) leave each other alone")
    func twoPrefixesOneCache() async throws {
        let rig = try ReliabilityRig("two-prefixes")
        var random = SplitMix64(seed: 41)
        // Enough files that the slowed push (8 transfers at a time, 800 ms per request) needs 30+
        // rounds: the other runs finish long before it even on a loaded machine.
        var files = TreeFiles.generate(seed: 41, count: 240, maxSize: 2_000)
        files["blobs/big.bin"] = TreeFiles.bytes(count: 2 << 20, using: &random)
        try TreeFiles.write(files, into: rig.root)
        // A database: its snapshot copy waits in the private temporary folder until uploaded.
        _ = try await PythonScript.run(
            "import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nc.execute('CREATE TABLE t(v BLOB)')\n"
                + "c.executemany('INSERT INTO t VALUES (randomblob(4000))', [()]*500)\nc.commit()",
            [rig.root + "/state.db"], in: rig.directory.path)
        let otherPrefix = rig.prefix + "-other"
        try await FaultProxy.withProxy(upstream: rig.s3.endpoint, schedule: .always(.delay(milliseconds: 800))) { proxy in
            let slow = try rig.launch(["push"], endpoint: proxy.endpoint)
            #expect(await proxy.waitForTraffic(atLeast: 1, timeout: .seconds(20)))
            let fast = try await rig.run(["push"], extra: ["B2_PREFIX": otherPrefix])
            #expect(fast.exitCode == 0, "the second prefix: \(fast)")
            // A verify takes no lock at all (it writes nothing): it too must leave the push alone.
            let verify = try await rig.run(["verify"], extra: ["B2_PREFIX": otherPrefix])
            #expect(verify.exitCode == 0, "\(verify)")
            #expect(slow.isRunning, "the first push should still be running (slowed by the proxy)")
            let first = try await slow.wait(timeout: .seconds(180))
            #expect(first.exitCode == 0, "the first prefix, whose temporary folder the second run must not remove: \(first)")
        }
        for prefix in [rig.prefix, otherPrefix] {
            let target = try rig.freshFolder("two")
            let restore = try await rig.run(["restore", "--target", target], extra: ["B2_PREFIX": prefix])
            #expect(restore.exitCode == 0, "\(prefix): \(restore)")
            expectSameTree(TreeFiles.read(target + "/data").filter { $0.key != "state.db" }, files, prefix)
            #expect(FileManager.default.fileExists(atPath: target + "/data/state.db"))
        }
    }
}
