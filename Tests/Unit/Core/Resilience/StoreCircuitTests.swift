import AgentBackupInfrastructure
import AgentBackupPorts
import Foundation
import Testing

/// The shared circuit as a plain value: every rule checked with times passed in.
@Suite("Store circuit")
struct StoreCircuitTests {
    static let t0 = Date(timeIntervalSince1970: 1_000_000)
    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }
    static let failure = StoreError(.transient, operation: "PUT", key: "p/a", httpStatus: 503, serverCode: "SlowDown", message: "busy")

    func circuit(budget: Double = 300) -> StoreCircuit {
        StoreCircuit(policy: RetryPolicy(budget: budget), storeName: "s3://bucket (https://s3.example)")
    }

    @Test func failuresShorterThanThePauseThresholdLetEveryoneGo() {
        var c = circuit()
        #expect(c.failed(started: Self.at(0), now: Self.at(1), error: Self.failure, wasProbe: false, unit: 1) == nil)
        #expect(c.failed(started: Self.at(20), now: Self.at(29), error: Self.failure, wasProbe: false, unit: 1) == nil)
        #expect(c.admit(now: Self.at(29)).0 == .go)
        #expect(c.failingSince == Self.at(0), "the window starts with the first failed attempt")
        _ = c.answered(now: Self.at(29.5), wasProbe: false)
        #expect(c.failingSince == nil)
        #expect(c.admit(now: Self.at(100)).0 == .go, "an answer closed the window")
    }

    @Test func afterThirtySecondsOfFailuresOneProbeGoesAndTheRestWait() {
        var c = circuit()
        _ = c.failed(started: Self.at(0), now: Self.at(1), error: Self.failure, wasProbe: false, unit: 1)
        let paused = c.failed(started: Self.at(25), now: Self.at(31), error: Self.failure, wasProbe: false, unit: 1)
        #expect(paused == .paused(since: Self.at(0), lastError: Self.failure))
        #expect(c.admit(now: Self.at(32)).0 == .probe)
        #expect(c.admit(now: Self.at(32)).0 == .wait(until: Self.at(300)), "the probe is out: wait for it")
        // The probe fails: the next one goes after the policy's first back-off (1 s with unit 1).
        #expect(c.failed(started: Self.at(32), now: Self.at(40), error: Self.failure, wasProbe: true, unit: 1) == nil)
        #expect(c.admit(now: Self.at(40.5)).0 == .wait(until: Self.at(41)))
        #expect(c.admit(now: Self.at(41)).0 == .probe)
        _ = c.failed(started: Self.at(41), now: Self.at(42), error: Self.failure, wasProbe: true, unit: 1)
        #expect(c.nextProbeAt == Self.at(44), "probe back-off grows: 2 s after the second")
        // The next probe gets an answer: everyone goes again.
        #expect(c.admit(now: Self.at(44)).0 == .probe)
        #expect(c.answered(now: Self.at(45), wasProbe: true) == .resumed(pausedAt: Self.at(31)))
        #expect(!c.isPaused)
        #expect(c.admit(now: Self.at(45)).0 == .go)
    }

    @Test func aRefusalIsAnAnswer() {
        var c = circuit()
        _ = c.failed(started: Self.at(0), now: Self.at(40), error: Self.failure, wasProbe: false, unit: 1)
        #expect(c.admit(now: Self.at(40)).0 == .probe)
        // The store answered 404: it is up, whatever the request's fate.
        #expect(c.answered(now: Self.at(41), wasProbe: true) != nil)
        #expect(c.admit(now: Self.at(41)).0 == .go)
    }

    @Test func afterTheBudgetWaitingRequestsGiveUpWithOneErrorNamingTheStoreAndTheLastFailure() throws {
        var c = circuit()
        _ = c.failed(started: Self.at(0), now: Self.at(60), error: Self.failure, wasProbe: false, unit: 1)
        #expect(c.admit(now: Self.at(60)).0 == .probe)
        let last = StoreError(.transient, operation: "GET", key: "p/b", message: "connection reset by peer")
        _ = c.failed(started: Self.at(60), now: Self.at(299), error: last, wasProbe: true, unit: 1)
        #expect(c.admit(now: Self.at(299.5)).0 == .wait(until: Self.at(300)))
        #expect(c.admit(now: Self.at(300)).0 == .probe, "a due probe still goes")
        guard case .down(let error) = c.admit(now: Self.at(300)).0 else {
            Issue.record("expected down")
            return
        }
        #expect(error.code == .transient)
        #expect(error.operation == "GET" && error.key == "p/b")
        #expect(error.message.contains("s3://bucket (https://s3.example) has failed every request for 5m00s"))
        #expect(error.message.contains("connection reset by peer"))
        #expect(error.hint?.contains("network") == true)
    }

    @Test func aCircuitIdleForABudgetStartsAfresh() {
        var c = circuit()
        _ = c.failed(started: Self.at(0), now: Self.at(400), error: Self.failure, wasProbe: false, unit: 1)
        #expect(c.isPaused)
        // Nothing for a long while (a daemon between runs): the next request gets a whole new budget.
        #expect(c.admit(now: Self.at(4000)).0 == .go)
        #expect(c.failingSince == nil && !c.isPaused)
    }

    @Test func anAbandonedProbeFreesTheSlot() {
        var c = circuit()
        _ = c.failed(started: Self.at(0), now: Self.at(40), error: Self.failure, wasProbe: false, unit: 1)
        #expect(c.admit(now: Self.at(40)).0 == .probe)
        c.abandoned(wasProbe: true)
        #expect(c.admit(now: Self.at(40)).0 == .probe)
    }
}
