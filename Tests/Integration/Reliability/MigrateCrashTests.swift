import AgentBackupTestSupport
import Foundation
import Testing

/// kill -9 of the built binary during `migrate`, at seeded points (by bytes through the proxy, or
/// by time early on). After each: the source is untouched, running the same migrate again
/// completes, and every snapshot restores from the destination byte for byte.
@Suite("Reliability: kill -9 during migrate", .serialized)
struct MigrateCrashTests {
    @Test("kill -9 during migrate at 10 points: the next run completes, every snapshot restores", arguments: ["reference", "packed"])
    func killDuringMigrate(to layout: String) async throws {
        let rig = try ReliabilityRig("crash-migrate-\(layout)")
        var random = SplitMix64(seed: 0x5EED)
        var files = CrashTests.tree(seed: 200)
        var contents: [String: [String: [UInt8]]] = [:]  // snapshot id -> its files
        var sent = 0
        for round in 0..<3 {
            if round > 0 {
                for name in files.keys.sorted().shuffled(using: &random).prefix(3) {
                    files[name] = TreeFiles.bytes(count: Int(random.next() % 400_000), using: &random)
                }
                TreeFiles.mutate(&files, seed: UInt64(round))
            }
            try TreeFiles.replace(rig.root, with: files)
            try #require(try await rig.run(["push"]).exitCode == 0)
            contents[try #require(try await rig.completeSnapshots().last)] = files
            sent += files.values.reduce(0) { $0 + $1.count }
        }
        let ids = try await rig.completeSnapshots()
        try #require(ids.count == 3)
        var killedCount = 0
        try await FaultProxy.withProxy(upstream: rig.s3.endpoint) { proxy in
            for index in 0..<10 {
                let destination = "\(rig.prefix)-moved-\(index)"
                let command = ["migrate", "--to", layout, "--to-prefix", destination]
                // Reads of the source, writes and reads back of the destination: about three times the history.
                let point = index % 5 == 0
                    ? CrashTests.KillPoint(bytes: 0, milliseconds: Int(random.next() % 300))
                    : CrashTests.KillPoint(bytes: 1 + Int64(random.next() % UInt64(3 * sent)), milliseconds: 0)
                if try await CrashTests.runAndKill(rig, command, proxy: proxy, at: point) { killedCount += 1 }
                #expect(try await rig.completeSnapshots() == ids, "point \(index) (\(point)): the source changed")
                #expect(try await rig.incompleteSnapshots().isEmpty, "point \(index) (\(point)): the source changed")

                let again = try await rig.run(command)
                try #require(again.exitCode == 0, "point \(index) (\(point)): migrate again \(again)")
                let migrated = (again.json?["snapshots"] as? [[String: Any]])?.compactMap { $0["snapshot"] as? String }
                #expect(migrated == ids, "point \(index) (\(point))")
                for id in ids {
                    let target = try rig.freshFolder("restored-\(index)")
                    let restore = try await rig.run(["restore", "--snapshot", id, "--target", target, "--no-safety"], extra: ["B2_PREFIX": destination, "B2_LAYOUT": layout])
                    try #require(restore.exitCode == 0, "point \(index) (\(point)): restore \(id) \(restore)")
                    expectSameTree(TreeFiles.read(target + "/data"), contents[id], "point \(index) (\(point)): \(id) restores wrong bytes")
                }
                #expect(rig.workAreaLeftovers().isEmpty, "point \(index): temporary files left: \(rig.workAreaLeftovers())")
            }
        }
        #expect(killedCount >= 5, "most kills land inside the migrate (\(killedCount) of 10)")
    }
}
