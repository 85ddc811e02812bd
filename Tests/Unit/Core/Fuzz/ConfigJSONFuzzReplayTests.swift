@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner
import Testing

/// Replays the `config-json` fuzz target's inputs through `ConfigFile.parse` and
/// `Configuration.resolve`: each gives a configuration or throws a `ConfigurationError`.
@Suite struct ConfigJSONFuzzReplayTests {
    @Test func everyKeptInputResolvesOrIsRefusedWithAConfigurationError() throws {
        let path = "/home/fuzz/.config/fuzz-b2-backup/config.json"
        var resolved = 0
        var refused = 0
        for input in try FuzzCorpus.inputs("config-json") {
            let elapsed = FuzzCorpus.timed {
                do {
                    let file = try ConfigFile.parse(input.bytes, path: path, mode: 0o644)
                    #expect(file.unknownKeys.allSatisfy { !ConfigFile.knownKeys.contains($0) }, "\(input)")
                    let configuration = try Configuration.resolve(id: "fuzz", home: "/home/fuzz", path: path, file: file, environment: [:])
                    resolved += 1
                    #expect((configuration.retention.last ?? 1) >= 1, "\(input)")
                } catch let error as ConfigurationError {
                    refused += 1
                    #expect(!error.message.isEmpty, "\(input)")
                } catch {
                    Issue.record("\(input): undocumented error \(error)")
                }
            }
            #expect(elapsed < FuzzCorpus.slowLimit, "\(input) took \(elapsed)")
        }
        #expect(resolved >= 3)
        #expect(refused >= 3)
    }
}
