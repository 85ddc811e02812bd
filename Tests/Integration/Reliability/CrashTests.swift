import AgentBackupTestSupport
import Foundation
import Testing

/// kill -9 of the built binary at seeded points (by bytes through the proxy, or by time before
/// any traffic) during push and during restore. After each: no local file torn, no temporary
/// file or plaintext left once the next run has started, the newest complete snapshot restores
/// byte for byte, and the next push completes and removes the orphans.
@Suite("Reliability: crashes", .serialized)
struct CrashTests {
    static let points = 20

    /// Where to kill: after this many bytes through the proxy, or (0) after `milliseconds`.
    struct KillPoint: CustomStringConvertible {
        var bytes: Int64
        var milliseconds: Int
        var description: String { bytes > 0 ? "after \(bytes) bytes" : "after \(milliseconds) ms" }

        /// Seeded points: a few by time (startup, scan, first requests), most by traffic.
        static func make(seed: UInt64, count: Int, expectedBytes: Int64) -> [KillPoint] {
            var random = SplitMix64(seed: seed)
            return (0..<count).map { index in
                if index % 5 == 0 { return KillPoint(bytes: 0, milliseconds: Int(random.next() % 400)) }
                return KillPoint(bytes: 1 + Int64(random.next() % UInt64(max(1, expectedBytes))), milliseconds: 0)
            }
        }
    }

    /// Starts the command through the proxy and kills it at `point` (unless it ended first).
    /// Returns whether it was killed.
    static func runAndKill(
        _ rig: ReliabilityRig, _ command: [String], proxy: FaultProxy, at point: KillPoint
    ) async throws -> Bool {
        proxy.resetCounts()
        let child = try rig.launch(command, endpoint: proxy.endpoint)
        if point.bytes > 0 {
            let deadline = ContinuousClock.now + .seconds(60)
            while child.isRunning, proxy.counts.bytesTransferred < point.bytes, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(1))
            }
        } else {
            try await Task.sleep(for: .milliseconds(point.milliseconds))
        }
        let killed = child.isRunning
        child.kill()
        let result = try await child.wait(timeout: .seconds(60))
        // A request the dead process had fully sent may still be on its way through the proxy
        // (slow on a loaded machine): let it land before anything looks at the bucket.
        #expect(await proxy.waitUntilIdle(timeout: .seconds(30)), "the proxy still forwards for a dead client")
        if !killed { #expect(result.exitCode == 0, "\(command) ended on its own but failed: \(result)") }
        return killed && result.signal == SIGKILL
    }

    /// Bigger files than the other scenarios, so kills land inside transfers and multipart-free
    /// streamed uploads (above 256 KiB).
    static func tree(seed: UInt64) -> [String: [UInt8]] {
        TreeFiles.generate(seed: seed, count: 12, maxSize: 500_000)
    }

    /// Both layouts; the packed one at half the points (its runs are the same kind of upload:
    /// packs, then an index, then the snapshot object).
    @Test("kill -9 during push at 20 points (packed: 10): nothing torn, newest snapshot intact, orphans cleaned", arguments: ReliabilityRig.Layout.allCases)
    func killDuringPush(_ layout: ReliabilityRig.Layout) async throws {
        let rig = try ReliabilityRig("crash-push", layout: layout)
        let points = layout == .packed ? Self.points / 2 : Self.points
        var files = Self.tree(seed: 100)
        try TreeFiles.write(files, into: rig.root)
        try #require(try await rig.run(["push"]).exitCode == 0)
        var contents: [String: [String: [UInt8]]] = [:]  // snapshot id -> its files
        contents[try #require(try await rig.completeSnapshots().last)] = files
        var killedCount = 0
        var random = SplitMix64(seed: 0xC0DE)
        try await FaultProxy.withProxy(upstream: rig.s3.endpoint) { proxy in
            for index in 0..<points {
                // A new state to back up: four files rewritten (up to 500 KB each), one added, one removed.
                let previous = files
                for name in files.keys.sorted().shuffled(using: &random).prefix(4) {
                    files[name] = TreeFiles.bytes(count: Int(random.next() % 500_000), using: &random)
                }
                TreeFiles.mutate(&files, seed: UInt64(index))
                try TreeFiles.replace(rig.root, with: files)
                // Kill somewhere in the upload of what changed (every fifth point: by time, early).
                let changed = files.filter { previous[$0.key] != $0.value }.values.reduce(0) { $0 + $1.count }
                let point = index % 5 == 0
                    ? KillPoint(bytes: 0, milliseconds: Int(random.next() % 150))
                    : KillPoint(bytes: 1 + Int64(random.next() % UInt64(max(1, changed))), milliseconds: 0)
                let killed = try await Self.runAndKill(rig, ["push"], proxy: proxy, at: point)
                if killed { killedCount += 1 }

                // A push never touches local files.
                expectSameTree(TreeFiles.read(rig.root), files, "point \(index) (\(point)): local files changed")
                #expect(TreeFiles.temporaryLeftovers(rig.root).isEmpty, "point \(index)")

                // The newest complete snapshot is either the one before or this push's, complete.
                let complete = try await rig.completeSnapshots()
                let newest = try #require(complete.last)
                if contents[newest] == nil { contents[newest] = files }
                let target = try rig.freshFolder("after-\(index)")
                let restore = try await rig.run(["restore", "--target", target])
                try #require(restore.exitCode == 0, "point \(index) (\(point)): \(restore)")
                expectSameTree(TreeFiles.read(target + "/data"), contents[newest], "point \(index) (\(point)): \(newest) restores wrong bytes")
                #expect(rig.workAreaLeftovers().isEmpty, "point \(index): temporary files left: \(rig.workAreaLeftovers())")

                // The next push completes and leaves no incomplete snapshot folder. (A push killed
                // while pruning leaves a pruned snapshot without its manifest; when the next push
                // finds no changes it writes nothing, so the one after a change removes it.)
                var next = try await rig.run(["push"])
                try #require(next.exitCode == 0, "point \(index) (\(point)): next push \(next)")
                if next.json?["outcome"] as? String == "noChanges" {
                    files["sessions/touched.txt", default: []].append(UInt8(index))
                    try TreeFiles.write(files, into: rig.root)
                    next = try await rig.run(["push"])
                    try #require(next.exitCode == 0, "point \(index) (\(point)): push after a change \(next)")
                }
                if let id = try await rig.completeSnapshots().last, contents[id] == nil { contents[id] = files }
                #expect(try await rig.incompleteSnapshots().isEmpty, "point \(index) (\(point)): orphans left")
                #expect(rig.workAreaLeftovers().isEmpty)
            }
        }
        // The newest snapshot is the final state; every retained snapshot still verifies.
        let final = try rig.freshFolder("final")
        #expect(try await rig.run(["restore", "--target", final]).exitCode == 0)
        expectSameTree(TreeFiles.read(final + "/data"), files)
        #expect(killedCount >= points / 2, "only \(killedCount) of \(points) runs were killed mid-way")
        print("crash during push (\(layout)): \(killedCount) of \(points) runs killed mid-way")
    }

    @Test("kill -9 during restore at 20 points: every local file old or new, never torn; a rerun completes")
    func killDuringRestore() async throws {
        let rig = try ReliabilityRig("crash-restore")
        let snapshotFiles = Self.tree(seed: 200)
        try TreeFiles.write(snapshotFiles, into: rig.root)
        try #require(try await rig.run(["push"]).exitCode == 0)
        // The local state a restore replaces: every file different, one extra, one missing.
        var localFiles = snapshotFiles.mapValues { Array($0.reversed()) + [1] }
        localFiles["sessions/local-only.txt"] = Array("only here\n".utf8)
        localFiles[snapshotFiles.keys.sorted()[3]] = nil
        let expected = Int64(snapshotFiles.values.reduce(0) { $0 + $1.count })
        var killedCount = 0
        try await FaultProxy.withProxy(upstream: rig.s3.endpoint) { proxy in
            for (index, point) in KillPoint.make(seed: 0xBEEF, count: Self.points, expectedBytes: expected).enumerated() {
                try TreeFiles.replace(rig.root, with: localFiles)
                // Half the points keep the safety snapshot, so kills also land in its push.
                let command = index % 2 == 0 ? ["restore", "--no-safety"] : ["restore"]
                if try await Self.runAndKill(rig, command, proxy: proxy, at: point) { killedCount += 1 }

                // Every file is the local version or the snapshot's, whole; only our partial
                // files may be left by the kill.
                for (path, bytes) in TreeFiles.read(rig.root) {
                    let name = (path as NSString).lastPathComponent
                    if name.hasPrefix(".agent-backup") { continue }
                    #expect(bytes == localFiles[path] || bytes == snapshotFiles[path], "point \(index) (\(point)): \(path) is torn")
                }
                // A second restore finishes the job exactly, leaving no temporary file.
                let rerun = try await rig.run(["restore", "--no-safety"])
                try #require(rerun.exitCode == 0, "point \(index) (\(point)): \(rerun)")
                let after = TreeFiles.read(rig.root)
                #expect(TreeFiles.temporaryLeftovers(rig.root).isEmpty, "point \(index) (\(point)): \(TreeFiles.temporaryLeftovers(rig.root))")
                expectSameTree(after, snapshotFiles.merging(["sessions/local-only.txt": localFiles["sessions/local-only.txt"]!]) { $1 },
                               "point \(index) (\(point)): the rerun did not restore the snapshot")
                #expect(rig.workAreaLeftovers().isEmpty, "point \(index): \(rig.workAreaLeftovers())")
            }
        }
        // Safety snapshots taken by killed runs are never half-listed as regular snapshots, and
        // the next push removes the half-written ones (orphans no one could restore).
        #expect(try await rig.completeSnapshots().count == 1)
        #expect(try await rig.incompleteSnapshots().isEmpty)
        let halfSafety = try await rig.incompleteSafetySnapshots()
        let safety = try await rig.completeSafetySnapshots()
        #expect(!safety.isEmpty, "no restore got as far as a complete safety snapshot")
        try TreeFiles.write(["sessions/after.txt": [1]], into: rig.root)
        let push = try await rig.run(["push"])
        #expect(push.exitCode == 0, "\(push)")
        #expect(try await rig.incompleteSafetySnapshots().isEmpty, "of \(halfSafety.count) half-written safety snapshots, some were left")
        #expect(try await rig.completeSafetySnapshots() == safety, "complete safety snapshots are never removed automatically")
        print("crash during restore: \(halfSafety.count) half-written safety snapshots before the next push")
        #expect(killedCount >= Self.points / 2, "only \(killedCount) of \(Self.points) runs were killed mid-way")
        print("crash during restore: \(killedCount) of \(Self.points) runs killed mid-way")
    }
}
