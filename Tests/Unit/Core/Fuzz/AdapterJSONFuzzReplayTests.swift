import AgentBackup
import AgentBackupDomain
import Testing

/// Replays the `adapter-json` fuzz target's inputs through `AdapterFile.parse`: each gives an
/// adapter that survives `encodedJSON()` + parse unchanged, or throws an `AdapterError`.
@Suite struct AdapterJSONFuzzReplayTests {
    @Test func everyKeptInputLoadsOrIsRefusedWithAnAdapterError() throws {
        var loaded = 0
        var refused = 0
        for input in try FuzzCorpus.inputs("adapter-json") {
            let elapsed = FuzzCorpus.timed {
                do {
                    let adapter = try AdapterFile.parse(input.bytes, source: input.name)
                    loaded += 1
                    #expect(try AdapterFile.parse(adapter.encodedJSON(), source: "encoded") == adapter, "\(input)")
                    do {
                        _ = try adapter.pathRules()
                    } catch {
                        #expect(error is DomainError, "\(input): \(error)")
                    }
                } catch is AdapterError {
                    refused += 1
                } catch {
                    Issue.record("\(input): undocumented error \(error)")
                }
            }
            #expect(elapsed < FuzzCorpus.slowLimit, "\(input) took \(elapsed)")
        }
        #expect(loaded >= 17, "every built-in adapter's file must load")
        #expect(refused >= 1)
    }
}
