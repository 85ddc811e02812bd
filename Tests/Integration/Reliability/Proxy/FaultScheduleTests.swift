@testable import AgentBackupTestSupport
import Testing

/// Which request gets which fault: seeded, scripted, bounded runs of failures.
@Suite("FaultSchedule")
struct FaultScheduleTests {
    static func request(_ target: String, method: String = "GET") -> FaultProxyRequest {
        FaultProxyRequest(method: method, target: target, headers: [])
    }

    @Test("the same seed gives the same decisions; another seed other ones")
    func seeded() {
        func decisions(_ seed: UInt64) -> [FaultProxyFault?] {
            var schedule = FaultSchedule.random(seed: seed, rate: 0.3)
            return (0..<200).map { schedule.decide(for: Self.request("/k\($0)")) }
        }
        #expect(decisions(42) == decisions(42))
        #expect(decisions(42) != decisions(43))
    }

    @Test("the fault rate is kept, over every kind of the mix")
    func rate() {
        var schedule = FaultSchedule.random(seed: 7, rate: 0.1)
        let faults = (0..<2_000).compactMap { schedule.decide(for: Self.request("/k\($0)")) }
        #expect(faults.count > 140 && faults.count < 260)
        #expect(Set(faults.map(\.kind)).count == Set(FaultProxyFault.transientMix.map(\.kind)).count)
    }

    @Test("one request never fails more than the bound in a row, so a 4-attempt client gets through")
    func boundedRuns() {
        var schedule = FaultSchedule.random(seed: 1, rate: 1.0, faults: [.internalError], maxConsecutiveFailures: 2)
        let attempts = (0..<9).map { _ in schedule.decide(for: Self.request("/same", method: "PUT")) }
        #expect(attempts == [.internalError, .internalError, nil, .internalError, .internalError, nil,
                             .internalError, .internalError, nil])
        // Another request has its own count; a delay does not count as a failure.
        var delays = FaultSchedule.random(seed: 1, rate: 1.0, faults: [.delay(milliseconds: 1)])
        #expect((0..<5).map { _ in delays.decide(for: Self.request("/x")) }.allSatisfy { $0 == .delay(milliseconds: 1) })
    }

    @Test("a script is followed in order, then everything is forwarded; always never stops")
    func scriptedAndAlways() {
        var script = FaultSchedule.scripted([.hang, nil, .tooManyRequests])
        let decided = (0..<5).map { _ in script.decide(for: Self.request("/k")) }
        #expect(decided == [FaultProxyFault.hang, nil, .tooManyRequests, nil, nil])
        var always = FaultSchedule.always(.error(status: 403, code: "AccessDenied", message: "m"))
        #expect((0..<10).compactMap { _ in always.decide(for: Self.request("/k")) }.count == 10)
    }

    @Test("requests outside the filter are forwarded and do not use up the script")
    func filtered() {
        var script = FaultSchedule.scripted([.internalError]).onlyFor { $0.method == "PUT" }
        #expect(script.decide(for: Self.request("/a", method: "GET")) == nil)
        #expect(script.decide(for: Self.request("/a", method: "PUT")) == .internalError)
        #expect(script.decide(for: Self.request("/a", method: "PUT")) == nil)
    }

    @Test("SplitMix64 gives its published sequence for seed 0")
    func splitMixVector() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        let unit = generator.nextUnit()
        #expect(unit >= 0 && unit < 1)
    }
}
