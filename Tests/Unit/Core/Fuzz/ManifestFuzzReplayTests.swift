import AgentBackupDomain
import Testing

/// Replays the `manifest` fuzz target's corpus and crash reproducers through `Manifest.decode`:
/// each either decodes (and survives encode + decode unchanged) or throws a `DomainError`.
@Suite struct ManifestFuzzReplayTests {
    @Test func everyKeptInputDecodesOrIsRefusedWithADomainError() throws {
        let inputs = try FuzzCorpus.inputs("manifest")
        var decoded = 0
        var refused = 0
        for input in inputs {
            let elapsed = FuzzCorpus.timed {
                do {
                    let manifest = try Manifest.decode(input.bytes)
                    decoded += 1
                    #expect(try Manifest.decode(manifest.encoded()) == manifest, "\(input)")
                    #expect(manifest.totalSize >= 0, "\(input)")
                    _ = try? manifest.validatedPaths()
                } catch is DomainError {
                    refused += 1
                } catch {
                    Issue.record("\(input): undocumented error \(error)")
                }
            }
            #expect(elapsed < FuzzCorpus.slowLimit, "\(input) took \(elapsed)")
        }
        #expect(decoded >= 4, "the reference manifests must decode")
        #expect(refused >= 3)
    }

    /// Found by fuzzing: two sizes adding past `Int64.max` decoded, then `totalSize` (used by
    /// `snapshots`, `verify` and restore's totals) trapped on the overflow.
    @Test func sizesWhoseTotalOverflowsAreRefused() throws {
        let hash = String(repeating: "ab", count: 32)
        let json = #"{"version":1,"timestamp":"t","files":{"c/a":{"hash":"\#(hash)","size":1},"c/b":{"hash":"\#(hash)","size":9223372036854775807}}}"#
        let error = try #require(throws: DomainError.self) { try Manifest.decode(Array(json.utf8)) }
        #expect(error.code == .invalidManifest)
        #expect(error.message.contains("files[\"c/b\"].size") || error.message.contains("files[\"c/a\"].size"), "\(error.message)")
        #expect(error.message.contains("9223372036854775807"))

        let largest = #"{"version":1,"timestamp":"t","files":{"c/a":{"hash":"\#(hash)","size":1},"c/b":{"hash":"\#(hash)","size":9223372036854775806}}}"#
        #expect(try Manifest.decode(Array(largest.utf8)).totalSize == Int64.max)
    }
}
