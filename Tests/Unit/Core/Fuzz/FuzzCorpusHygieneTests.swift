import Foundation
import Testing

/// The kept inputs stay few and small (they are committed and replayed by every `swift test`),
/// and every target has seeds.
@Suite struct FuzzCorpusHygieneTests {
    @Test func everyTargetHasSeedsAndTheCorpusStaysSmall() throws {
        var files = 0
        for target in FuzzCorpus.targets {
            let inputs = try FuzzCorpus.inputs(target)
            #expect(inputs.filter { $0.name.hasPrefix("corpus/") }.count >= 5, "Fuzz/corpus/\(target) lost its seeds")
            for input in inputs {
                #expect(input.bytes.count <= 16 * 1024, "\(input.name) is \(input.bytes.count) bytes; minimize it")
            }
            files += inputs.count
        }
        #expect(files <= 800, "\(files) kept fuzz inputs: minimize with scripts/fuzz --merge")
    }

}
