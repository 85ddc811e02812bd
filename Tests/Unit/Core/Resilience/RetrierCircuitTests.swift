import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// A store on a manual fake clock: each call takes 5 s of that clock, then fails with 503 while
/// `down`. It records which calls began while the retrier had paused transfers.
final class SlowFlakyServer: Sendable {
    struct State {
        var down = true
        var paused = false
        var calls = 0
        var probesInFlight = 0
        var peakProbes = 0
    }

    let clock: FakeClock
    let state = Guarded(State())

    init(clock: FakeClock) {
        self.clock = clock
    }

    func call() async throws -> String {
        let duringPause = state.update { state -> Bool in
            state.calls += 1
            if state.paused {
                state.probesInFlight += 1
                state.peakProbes = max(state.peakProbes, state.probesInFlight)
            }
            return state.paused
        }
        defer { if duringPause { state.update { $0.probesInFlight -= 1 } } }
        try await clock.sleep(seconds: 5)
        if state.get().down {
            throw StoreError(.transient, operation: "PUT", key: "k", httpStatus: 503, serverCode: "SlowDown", message: "busy")
        }
        return "ok"
    }
}

/// Several requests against a store that is down for everyone, on a manual clock that the test
/// moves from one wake-up to the next once every task is asleep (events, not durations).
@Suite("Retrier: the shared circuit")
struct RetrierCircuitTests {
    static let width = 4

    /// Moves the manual clock to each next wake-up, once every unfinished task sleeps on it, until
    /// `stop` holds or no task is left.
    static func drive(_ clock: FakeClock, finished: Guarded<Int>, until stop: () -> Bool) async throws {
        while !stop() && finished.get() < width {
            // Per step, not per run: a run is hundreds of steps, and on CI's two shared cores the
            // whole run took longer than one generous bound (77 s against 60).
            let limit = ContinuousClock.now + .seconds(60)
            while clock.sleeperCount + finished.get() < width {
                try #require(ContinuousClock.now < limit, "tasks never settled: \(clock.sleeperCount) asleep")
                try await Task.sleep(for: .milliseconds(1))
            }
            if stop() || finished.get() == width { return }
            guard let next = clock.nextWake else { return }
            clock.set(next)
            await Task.yield()
        }
    }

    /// Starts `width` requests through one retrier; returns their outcomes once all ended.
    static func run(
        _ retrier: Retrier, _ server: SlowFlakyServer, finished: Guarded<Int>,
        drive: @escaping @Sendable () async throws -> Void
    ) async throws -> [Result<String, StoreError>] {
        try await withThrowingTaskGroup(of: Result<String, StoreError>.self) { group in
            for index in 0..<width {
                group.addTask {
                    defer { finished.update { $0 += 1 } }
                    do {
                        return .success(try await retrier.run(RetryRequest(operation: "PUT", key: "k\(index)")) { _ in
                            try await server.call()
                        })
                    } catch let error as StoreError {
                        return .failure(error)
                    }
                }
            }
            try await drive()
            var outcomes: [Result<String, StoreError>] = []
            for try await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
    }

    /// A manual clock, a store down for everyone on it, the retrier's recorded events, the
    /// retrier, and the count of finished requests.
    static func world() -> (FakeClock, SlowFlakyServer, Guarded<[RetryEvent]>, Retrier, Guarded<Int>) {
        let clock = FakeClock.manual()
        let server = SlowFlakyServer(clock: clock)
        let events = Guarded<[RetryEvent]>([])
        return (clock, server, events, makeRetrier(clock, server, events: events), Guarded(0))
    }

    static func makeRetrier(_ clock: FakeClock, _ server: SlowFlakyServer, events: Guarded<[RetryEvent]>) -> Retrier {
        Retrier(
            policy: .standard, storeName: "s3://bucket (https://s3.example)", clock: clock,
            random: SeededRandom(seed: 7).closure,
            observer: { event in
                events.update { $0.append(event) }
                if case .paused = event { server.state.update { $0.paused = true } }
                if case .resumed = event { server.state.update { $0.paused = false } }
            })
    }

    @Test("transfers pause together, one probe at a time, and all resume when the store is back")
    func pauseProbeResume() async throws {
        let (clock, server, events, retrier, finished) = Self.world()
        let start = clock.now()
        let outcomes = try await Self.run(retrier, server, finished: finished) {
            try await Self.drive(clock, finished: finished) { clock.now().timeIntervalSince(start) >= 120 }
            #expect(retrier.circuitState.isPaused, "two minutes of failures pause everyone")
            let callsWhilePaused = server.state.get().calls
            server.state.update { $0.down = false }
            try await Self.drive(clock, finished: finished) { false }
            #expect(server.state.get().calls - callsWhilePaused <= Self.width + 1)
        }
        #expect(outcomes.allSatisfy { (try? $0.get()) == "ok" }, "\(outcomes)")
        #expect(server.state.get().peakProbes == 1, "one probe at a time while paused")
        let kinds = events.get().compactMap { event -> String? in
            switch event {
            case .paused: return "paused"
            case .resumed: return "resumed"
            default: return nil
            }
        }
        #expect(kinds == ["paused", "resumed"])
        #expect(clock.now().timeIntervalSince(start) < 200)
    }

    @Test("a store down for the whole budget ends every request within the budget with one message")
    func downForTheBudget() async throws {
        let (clock, server, _, retrier, finished) = Self.world()
        let start = clock.now()
        let outcomes = try await Self.run(retrier, server, finished: finished) {
            try await Self.drive(clock, finished: finished) { false }
        }
        let errors = outcomes.compactMap { outcome -> StoreError? in
            if case .failure(let error) = outcome { return error } else { return nil }
        }
        #expect(errors.count == Self.width)
        #expect(clock.now().timeIntervalSince(start) <= 300 + 5, "the budget plus one request's duration")
        let down = errors.filter { $0.message.contains("s3://bucket (https://s3.example) has failed every request for") }
        #expect(down.count == Self.width, "every request ends with the same words: \(errors)")
        #expect(errors.allSatisfy { $0.httpStatus == 503 && $0.serverCode == "SlowDown" }, "the last error is named")
        #expect(server.state.get().peakProbes == 1)
        // Far fewer attempts than 4 requests retrying on their own for 5 minutes (~60).
        #expect(server.state.get().calls < 40, "\(server.state.get().calls) calls")
    }
}
