import AgentBackupTestSupport
import Foundation
import Testing

/// The built binary behind the fault proxy: transient faults never lose a backup or corrupt a
/// restore; a permanent refusal fails at once with a message saying what to fix.
@Suite("Reliability: network faults", .serialized)
struct FaultCycleTests {
    /// 20 push + restore cycles, the tree changing every time, 10 % of requests broken (every
    /// transient kind, no request failing more than twice in a row so 4 attempts always win).
    /// The time goes into the client's back-off sleeps, not CPU: 4 lanes of 5 cycles run side by
    /// side, each with its own tree, prefix, proxy and seed.
    @Test("20 push + restore cycles at 10 % faults all succeed and restore byte for byte")
    func cyclesAtTenPercent() async throws {
        let lanes = 4
        let counts = try await withThrowingTaskGroup(of: FaultProxyCounts.self) { group in
            for lane in 0..<lanes {
                group.addTask { try await Self.cycles(lane: lane, count: 20 / lanes) }
            }
            return try await group.reduce(into: [FaultProxyCounts]()) { $0.append($1) }
        }
        let requests = counts.reduce(0) { $0 + $1.requests }
        let failed = counts.reduce(0) { $0 + $1.failedAttempts }
        var byKind: [FaultProxyFaultKind: Int] = [:]
        for lane in counts { byKind.merge(lane.faults) { $0 + $1 } }
        #expect(failed >= 30, "only \(failed) faults in \(requests) requests")
        for kind in Set(FaultProxyFault.transientMix.map(\.kind)) {
            #expect(byKind[kind, default: 0] > 0, "no \(kind) fault was injected")
        }
        print("fault cycles: \(requests) requests, \(failed) failed attempts, by kind \(byKind.map { "\($0.key.rawValue)=\($0.value)" }.sorted())")
    }

    /// `count` cycles in a rig of their own behind a proxy of their own; returns its counts.
    static func cycles(lane: Int, count: Int) async throws -> FaultProxyCounts {
        let rig = try ReliabilityRig("cycles-\(lane)")
        var files = TreeFiles.generate(seed: 2026 + UInt64(lane), count: 8, maxSize: 300_000)
        try TreeFiles.write(files, into: rig.root)
        let schedule = FaultSchedule.random(seed: 0xFA17 + UInt64(lane), rate: 0.10)
        return try await FaultProxy.withProxy(upstream: rig.s3.endpoint, schedule: schedule) { proxy in
            for cycle in 1...count {
                let name = "lane \(lane) cycle \(cycle)"
                if cycle > 1 {
                    TreeFiles.mutate(&files, seed: UInt64(lane * 100 + cycle))
                    try TreeFiles.replace(rig.root, with: files)
                }
                let push = try await rig.run(["push"], endpoint: proxy.endpoint)
                try #require(push.exitCode == 0, "\(name) push: \(push)")
                let target = try rig.freshFolder("restore-\(cycle)")
                let restore = try await rig.run(["restore", "--target", target], endpoint: proxy.endpoint)
                try #require(restore.exitCode == 0, "\(name) restore: \(restore)")
                let difference = TreeFiles.differences(TreeFiles.read(target + "/data"), files)
                try #require(difference.isEmpty, "\(name): the restored tree differs: \(difference)")
                if cycle == count {
                    // Last, restore into the root itself over local damage (with a safety snapshot).
                    let victim = files.keys.sorted()[lane % files.count]
                    try Data("damaged".utf8).write(to: URL(fileURLWithPath: rig.root + "/" + victim))
                    let repair = try await rig.run(["restore"], endpoint: proxy.endpoint)
                    try #require(repair.exitCode == 0, "\(name) repair: \(repair)")
                    expectSameTree(TreeFiles.read(rig.root), files, "\(name): the root was not repaired")
                }
                #expect(rig.workAreaLeftovers().isEmpty, "\(name): \(rig.workAreaLeftovers())")
            }
            #expect(TreeFiles.temporaryLeftovers(rig.root).isEmpty)
            return proxy.counts
        }
    }

    @Test(
        "a permanent refusal fails at once, after few requests, with a clear message",
        arguments: [
            (403, "AccessDenied", "Access Denied."),
            (404, "NoSuchBucket", "The specified bucket does not exist"),
        ])
    func permanentRefusal(status: Int, code: String, message: String) async throws {
        let rig = try ReliabilityRig("permanent-\(status)")
        try TreeFiles.write(TreeFiles.generate(seed: 5, count: 4, maxSize: 10_000), into: rig.root)
        let fault = FaultProxyFault.error(status: status, code: code, message: message)
        try await FaultProxy.withProxy(upstream: rig.s3.endpoint, schedule: .always(fault)) { proxy in
            for command in [["push"], ["restore"], ["verify"]] {
                proxy.resetCounts()
                let result = try await rig.run(command, endpoint: proxy.endpoint, timeout: .seconds(30))
                #expect(result.exitCode == 2, "\(command): \(result)")
                #expect(result.duration < .seconds(5), "\(command) took \(result.duration)")
                #expect(proxy.counts.requests <= 2, "\(command) made \(proxy.counts.requests) requests")
                let text = result.standardError.lowercased()
                #expect(text.contains(code.lowercased()) || text.contains(String(status)), "\(command): \(result)")
                if status == 403 { #expect(text.contains("access"), "\(command): \(result)") }
                if status == 404 { #expect(text.contains("bucket"), "\(command): \(result)") }
            }
        }
    }

    @Test("a refusal in the middle of a push (uploads forbidden) fails at once, exit 1, naming it")
    func refusalMidPush() async throws {
        let rig = try ReliabilityRig("refusal-mid")
        try TreeFiles.write(TreeFiles.generate(seed: 6, count: 6, maxSize: 10_000), into: rig.root)
        let schedule = FaultSchedule.always(.error(status: 403, code: "AccessDenied", message: "Write access denied"))
            .onlyFor { $0.method == "PUT" }
        try await FaultProxy.withProxy(upstream: rig.s3.endpoint, schedule: schedule) { proxy in
            let result = try await rig.run(["push"], endpoint: proxy.endpoint, timeout: .seconds(30))
            #expect(result.exitCode == 1 || result.exitCode == 2, "\(result)")
            #expect(result.duration < .seconds(5), "took \(result.duration)")
            let puts = proxy.exchanges.filter { $0.method == "PUT" }
            #expect(puts.count <= 7, "\(puts.count) PUT attempts: a permanent 403 must not be retried")
            #expect(result.standardError.contains("AccessDenied") || result.standardError.contains("403"), "\(result)")
            #expect(try await rig.completeSnapshots().isEmpty)
        }
    }
}
