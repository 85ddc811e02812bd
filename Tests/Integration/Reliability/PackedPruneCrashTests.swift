import AgentBackupTestSupport
import Foundation
import Testing

/// kill -9 of the built binary during a packed prune (dropping snapshots, repacking, writing the
/// new index, deleting the old ones) at seeded points. After each: every listed snapshot restores
/// byte for byte, `verify --read-data` is clean, and the next prune completes.
@Suite("Reliability: crashes during a packed prune", .serialized)
struct PackedPruneCrashTests {
    static let points = 8

    @Test("kill -9 during packed prune at 8 points: at worst garbage, every listed snapshot restores, the next prune is clean")
    func killDuringPackedPrune() async throws {
        let rig = try ReliabilityRig("crash-prune", layout: .packed)
        var files = CrashTests.tree(seed: 300)
        var random = SplitMix64(seed: 0x9A0E)
        var contents: [String: [String: [UInt8]]] = [:]
        var killedCount = 0
        try await FaultProxy.withProxy(upstream: rig.s3.endpoint) { proxy in
            for index in 0..<Self.points {
                // Three new snapshots, each rewriting a few files: the prune keeps one, so most
                // packs become unused or mostly unused (marked, repacked).
                for _ in 0..<3 {
                    for name in files.keys.sorted().shuffled(using: &random).prefix(3) {
                        files[name] = TreeFiles.bytes(count: Int(random.next() % 400_000), using: &random)
                    }
                    TreeFiles.mutate(&files, seed: UInt64(index * 10) + random.next() % 1000)
                    try TreeFiles.replace(rig.root, with: files)
                    let push = try await rig.run(["push"])
                    try #require(push.exitCode == 0, "point \(index): push \(push)")
                    if let id = try await rig.completeSnapshots().last, contents[id] == nil { contents[id] = files }
                }
                let total = Int64(files.values.reduce(0) { $0 + $1.count })
                let point = index % 3 == 0
                    ? CrashTests.KillPoint(bytes: 0, milliseconds: Int(random.next() % 300))
                    : CrashTests.KillPoint(bytes: 1 + Int64(random.next() % UInt64(max(1, total))), milliseconds: 0)
                if try await CrashTests.runAndKill(rig, ["prune", "--keep-last", "1"], proxy: proxy, at: point) { killedCount += 1 }
                try await Self.expectEveryListedSnapshotRestores(rig, contents, "point \(index) (\(point))")
                let verify = try await rig.run(["verify", "--read-data"])
                #expect(verify.exitCode == 0, "point \(index) (\(point)): verify after the kill \(verify)")
                let next = try await rig.run(["prune", "--keep-last", "1"])
                try #require(next.exitCode == 0, "point \(index) (\(point)): next prune \(next)")
                try await Self.expectEveryListedSnapshotRestores(rig, contents, "point \(index) (\(point)), after the next prune")
                #expect(rig.workAreaLeftovers().isEmpty, "point \(index): \(rig.workAreaLeftovers())")
            }
        }
        #expect(try await rig.run(["verify", "--read-data"]).exitCode == 0)
        #expect(killedCount >= Self.points / 2, "only \(killedCount) of \(Self.points) runs were killed mid-way")
        print("crash during packed prune: \(killedCount) of \(Self.points) runs killed mid-way")
    }

    /// Restores each listed snapshot into a fresh folder and compares it with what was pushed.
    static func expectEveryListedSnapshotRestores(_ rig: ReliabilityRig, _ contents: [String: [String: [UInt8]]], _ label: String) async throws {
        let listed = try await rig.completeSnapshots()
        #expect(!listed.isEmpty, "\(label): no snapshot listed")
        for id in listed {
            let target = try rig.freshFolder("restore-\(id)")
            let restore = try await rig.run(["restore", "--snapshot", id, "--target", target])
            #expect(restore.exitCode == 0, "\(label): restore \(id) \(restore)")
            expectSameTree(TreeFiles.read(target + "/data"), contents[id], "\(label): \(id) restores wrong bytes")
        }
    }
}
