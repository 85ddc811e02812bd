import AgentBackupTestSupport
import Foundation
import Testing

/// The built binary behind the fault proxy: transient faults never lose a backup or corrupt a
/// restore; a permanent refusal fails at once with a message saying what to fix; a store that is
/// down ends the run within the retry budget with one message.
@Suite("Reliability: network faults", .serialized)
struct FaultCycleTests {
    /// The binary's back-off waits are shortened a hundredfold (the budget is not): the cycles
    /// test correctness under faults, not patience. Only tests set this variable.
    static let quickWaits = ["AGENT_BACKUP_TEST_BACKOFF_SCALE": "0.01"]

    /// 20 push + restore cycles of a tree of 1,000+ objects, the tree changing every time, 10 %
    /// of requests broken by every transient kind and with NO cap on faults in a row (a request
    /// may draw several: the retry budget, not a count of attempts, must carry it). Four lanes
    /// of 5 cycles run side by side, each with its own tree, prefix, proxy and seed (the binary's
    /// work and the store's are the cost: four lanes keep both cores busy while others wait).
    @Test("20 push + restore cycles of 1,000+ objects at 10 % faults all succeed and restore byte for byte")
    func cyclesAtTenPercent() async throws {
        let lanes = 4
        let results = try await withThrowingTaskGroup(of: (FaultProxyCounts, Int).self) { group in
            for lane in 0..<lanes {
                group.addTask { try await Self.cycles(lane: lane, count: 20 / lanes) }
            }
            return try await group.reduce(into: [(FaultProxyCounts, Int)]()) { $0.append($1) }
        }
        let counts = results.map(\.0)
        let retries = results.reduce(0) { $0 + $1.1 }
        let requests = counts.reduce(0) { $0 + $1.requests }
        let failed = counts.reduce(0) { $0 + $1.failedAttempts }
        var byKind: [FaultProxyFaultKind: Int] = [:]
        for lane in counts { byKind.merge(lane.faults) { $0 + $1 } }
        #expect(requests >= 20_000, "only \(requests) requests: too few to see a weakness")
        #expect(failed >= requests / 20, "only \(failed) faults in \(requests) requests")
        for kind in Set(FaultProxyFault.transientMix.map(\.kind)) {
            #expect(byKind[kind, default: 0] > 0, "no \(kind) fault was injected")
        }
        // Every failed attempt of an operation was retried and counted in its --json summary
        // (the access check before each operation is not part of it).
        #expect(retries > 0 && retries <= failed, "\(retries) retries reported for \(failed) failed attempts")
        print("fault cycles: \(requests) requests, \(failed) failed attempts, \(retries) retries reported, by kind \(byKind.map { "\($0.key.rawValue)=\($0.value)" }.sorted())")
    }

    /// The packed layout: 12 cycles (4 lanes of 3) at 10 %, each also pruning to the last two
    /// snapshots through the faults (repacking, index rewrites). Packed runs make far fewer
    /// requests (a push of 1,000 files is a few packs), so fewer cycles still see every fault kind
    /// over the lanes' few thousand requests.
    @Test("12 packed push + prune + restore cycles at 10 % faults all succeed and restore byte for byte")
    func packedCyclesAtTenPercent() async throws {
        let lanes = 4
        let results = try await withThrowingTaskGroup(of: (FaultProxyCounts, Int).self) { group in
            for lane in 0..<lanes {
                group.addTask { try await Self.cycles(lane: lane, count: 3, layout: .packed) }
            }
            return try await group.reduce(into: [(FaultProxyCounts, Int)]()) { $0.append($1) }
        }
        let requests = results.reduce(0) { $0 + $1.0.requests }
        let failed = results.reduce(0) { $0 + $1.0.failedAttempts }
        let retries = results.reduce(0) { $0 + $1.1 }
        #expect(failed >= requests / 20 && failed > 0, "only \(failed) faults in \(requests) requests")
        #expect(retries > 0 && retries <= failed, "\(retries) retries reported for \(failed) failed attempts")
        print("packed fault cycles: \(requests) requests, \(failed) failed attempts, \(retries) retries reported")
    }

    /// `count` cycles in a rig of their own behind a proxy of their own; returns its counts and
    /// the retries the runs reported. Packed cycles also prune to the last two snapshots.
    static func cycles(lane: Int, count: Int, layout: ReliabilityRig.Layout = .reference) async throws -> (FaultProxyCounts, Int) {
        let rig = try ReliabilityRig("cycles-\(lane)", layout: layout)
        var files = TreeFiles.generate(seed: 2026 + UInt64(lane), count: 1_000, maxSize: 6_000)
        var random = SplitMix64(seed: 77 + UInt64(lane))
        files["blobs/streamed.bin"] = TreeFiles.bytes(count: 400_000, using: &random)  // streamed from its file
        files["blobs/large.bin"] = TreeFiles.bytes(count: 1_300_000, using: &random)  // through an envelope file
        try TreeFiles.write(files, into: rig.root)
        let schedule = FaultSchedule.random(seed: 0xFA17 + UInt64(lane), rate: 0.10, maxConsecutiveFailures: .max)
        return try await FaultProxy.withProxy(upstream: rig.s3.endpoint, schedule: schedule) { proxy in
            var retries = 0
            var previous: String? = nil
            func reported(_ result: ChildResult) -> Int {
                ((result.json?["requests"] as? [String: Any])?["retries"] as? NSNumber)?.intValue ?? 0
            }
            for cycle in 1...count {
                let name = "lane \(lane) cycle \(cycle)"
                if cycle > 1 {
                    TreeFiles.mutate(&files, seed: UInt64(lane * 100 + cycle))
                    try TreeFiles.replace(rig.root, with: files)
                }
                let push = try await rig.run(["push"], endpoint: proxy.endpoint, extra: quickWaits, timeout: .seconds(600))
                try #require(push.exitCode == 0, "\(name) push: \(push)")
                retries += reported(push)
                if layout == .packed {
                    let prune = try await rig.run(["prune", "--keep-last", "2"], endpoint: proxy.endpoint, extra: quickWaits, timeout: .seconds(600))
                    try #require(prune.exitCode == 0, "\(name) prune: \(prune)")
                    retries += reported(prune)
                }
                // Odd cycles restore into a new folder (every object downloaded through the
                // faults); even cycles over the previous cycle's folder as a mirror (the changed
                // files downloaded, the rest found identical, the removed file deleted).
                let target = try previous ?? rig.freshFolder("restore-\(cycle)")
                let restore = try await rig.run(
                    ["restore", "--target", target] + (previous == nil ? [] : ["--delete"]), endpoint: proxy.endpoint,
                    extra: quickWaits, timeout: .seconds(600))
                try #require(restore.exitCode == 0, "\(name) restore: \(restore)")
                retries += reported(restore)
                let difference = TreeFiles.differences(TreeFiles.read(target + "/data"), files)
                try #require(difference.isEmpty, "\(name): the restored tree differs: \(difference)")
                if previous == nil {
                    previous = target
                } else {
                    try FileManager.default.removeItem(atPath: target)
                    previous = nil
                }
                print("fault cycles: \(name): push \(push.duration), restore \(restore.duration)")
                if cycle == count {
                    // Last, restore into the root itself over local damage (with a safety snapshot).
                    let victim = files.keys.sorted()[lane % files.count]
                    try Data("damaged".utf8).write(to: URL(fileURLWithPath: rig.root + "/" + victim))
                    let repair = try await rig.run(["restore"], endpoint: proxy.endpoint, extra: quickWaits, timeout: .seconds(600))
                    try #require(repair.exitCode == 0, "\(name) repair: \(repair)")
                    retries += reported(repair)
                    expectSameTree(TreeFiles.read(rig.root), files, "\(name): the root was not repaired")
                }
                #expect(rig.workAreaLeftovers().isEmpty, "\(name): \(rig.workAreaLeftovers())")
            }
            #expect(TreeFiles.temporaryLeftovers(rig.root).isEmpty)
            return (proxy.counts, retries)
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
                let result = try await rig.run(command, endpoint: proxy.endpoint, timeout: .seconds(120))
                #expect(result.exitCode == 2, "\(command): \(result)")
                // Not retried: a retried refusal would take the 5-minute budget. The bound is only
                // a sanity check, generous for a loaded machine; the request count is the proof.
                #expect(result.duration < .seconds(100), "\(command) took \(result.duration)")
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
            let result = try await rig.run(["push"], endpoint: proxy.endpoint, timeout: .seconds(120))
            #expect(result.exitCode == 1 || result.exitCode == 2, "\(result)")
            #expect(result.duration < .seconds(100), "took \(result.duration): a refusal must not be retried for the budget")
            let puts = proxy.exchanges.filter { $0.method == "PUT" }
            #expect(puts.count <= 7, "\(puts.count) PUT attempts: a permanent 403 must not be retried")
            #expect(result.standardError.contains("AccessDenied") || result.standardError.contains("403"), "\(result)")
            #expect(try await rig.completeSnapshots().isEmpty)
        }
    }

    /// The lines of `stderr` the binary logged at error level.
    static func errorLines(_ result: ChildResult) -> [Substring] {
        result.standardError.split(separator: "\n").filter { $0.contains(": error: ") }
    }

    @Test(
        "a store that goes down mid-push: exit 1 within the budget plus a minute, one message naming the store and the last error",
        arguments: [FaultProxyFault.serviceUnavailable(retryAfterSeconds: nil), .resetBeforeForwarding])
    func storeDownMidPush(fault: FaultProxyFault) async throws {
        let rig = try ReliabilityRig("down-\(fault.kind.rawValue)")
        try TreeFiles.write(TreeFiles.generate(seed: 9, count: 600, maxSize: 4_000), into: rig.root)
        let budget = 10
        // Slow requests at first, so the push is surely under way when the store goes down.
        try await FaultProxy.withProxy(upstream: rig.s3.endpoint, schedule: .always(.delay(milliseconds: 100))) { proxy in
            let push = try rig.launch(["push"], endpoint: proxy.endpoint, extra: ["AGENT_BACKUP_RETRY_SECONDS": "\(budget)"])
            let deadline = ContinuousClock.now + .seconds(120)
            while proxy.exchanges.filter({ $0.method == "PUT" }).count < 10 {
                try #require(ContinuousClock.now < deadline && push.isRunning, "the push never got going")
                try await Task.sleep(for: .milliseconds(5))
            }
            proxy.setSchedule(.always(fault))
            let downSince = ContinuousClock.now
            let result = try await push.wait(timeout: .seconds(300))
            let took = ContinuousClock.now - downSince
            #expect(result.exitCode == 1, "\(result)")
            #expect(took < .seconds(budget + 60), "ended \(took) after the store went down")
            let errors = Self.errorLines(result)
            #expect(errors.count == 1, "one message, not one per transfer: \(errors)")
            let message = String(errors.first ?? "")
            #expect(message.contains(proxy.endpoint), "it names the store: \(message)")
            #expect(message.contains("has failed every request"), "\(message)")
            let last = fault.kind == .serviceUnavailable ? "HTTP 503" : "connection"
            #expect(message.lowercased().contains(last.lowercased()), "it names the last error: \(message)")
            #expect(result.standardError.contains("transfers are paused"), "\(result)")
            #expect(try await rig.completeSnapshots().isEmpty)
        }
    }

    @Test("a store down from the start: exit 1 within the budget plus a minute, one message")
    func storeDownFromTheStart() async throws {
        let rig = try ReliabilityRig("down-start")
        try TreeFiles.write(TreeFiles.generate(seed: 10, count: 20, maxSize: 4_000), into: rig.root)
        let budget = 10
        try await FaultProxy.withProxy(upstream: rig.s3.endpoint, schedule: .always(.internalError)) { proxy in
            let result = try await rig.run(
                ["push"], endpoint: proxy.endpoint, extra: ["AGENT_BACKUP_RETRY_SECONDS": "\(budget)"], timeout: .seconds(300))
            #expect(result.exitCode == 1, "\(result)")
            #expect(result.duration < .seconds(budget + 60), "took \(result.duration)")
            let errors = Self.errorLines(result)
            #expect(errors.count == 1, "\(errors)")
            #expect(errors.first?.contains(proxy.endpoint) == true && errors.first?.contains("HTTP 500") == true, "\(errors)")
            // One request at a time once paused: far fewer than a retry loop per request would send.
            #expect(proxy.counts.requests < 60, "\(proxy.counts.requests) requests")
        }
    }
}
