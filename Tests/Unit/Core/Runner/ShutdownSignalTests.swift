import AgentBackup
import Testing

@Suite struct ShutdownSignalTests {
    @Test func requestWakesEveryWaiterAndStaysSet() async {
        let signal = ShutdownSignal()
        #expect(!signal.isRequested)
        async let first: Void = signal.wait()
        async let second: Void = signal.wait()
        signal.request()
        _ = await (first, second)
        #expect(signal.isRequested)
        await signal.wait()  // already requested: returns at once
        signal.request()  // idempotent
        #expect(signal.isRequested)
    }

    @Test func aCancelledWaiterReturnsWithoutARequest() async {
        let signal = ShutdownSignal()
        let task = Task { await signal.wait() }
        task.cancel()
        await task.value
        #expect(!signal.isRequested)
    }
}
