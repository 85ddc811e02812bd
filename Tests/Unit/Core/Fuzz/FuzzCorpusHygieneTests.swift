import Foundation
import Testing

/// The kept inputs stay few and small (they are committed and replayed by every `swift test`),
/// and every target has seeds.
@Suite struct FuzzCorpusHygieneTests {
    @Test func everyTargetHasSeedsAndTheCorpusStaysSmall() throws {
        var files = 0
        var bytes = 0
        for target in FuzzCorpus.targets {
            let inputs = try FuzzCorpus.inputs(target)
            #expect(inputs.filter { $0.name.hasPrefix("corpus/") }.count >= 5, "Fuzz/corpus/\(target) lost its seeds")
            for input in inputs {
                #expect(input.bytes.count <= 16 * 1024, "\(input.name) is \(input.bytes.count) bytes; minimize it")
            }
            files += inputs.count
            bytes += inputs.reduce(0) { $0 + $1.bytes.count }
        }
        #expect(files <= 500, "\(files) kept fuzz inputs: minimize with scripts/fuzz --merge")
        #expect(bytes <= 512 * 1024, "\(bytes) bytes of kept fuzz inputs")
    }
}
