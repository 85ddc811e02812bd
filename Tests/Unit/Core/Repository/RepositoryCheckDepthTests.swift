import Testing
import AgentBackupPorts

/// The read-data share: about the asked fraction, another share for another seed.
@Suite struct RepositoryCheckDepthTests {
    @Test func aShareIsAboutTheAskedFractionAndMovesWithTheSeed() {
        let words = (0..<20_000).map { UInt64($0) &* 0x2545_F491_4F6C_DD1D }
        let first = Set(words.filter(RepositoryCheckDepth(readDataFraction: 0.1, seed: 1).selects))
        let second = Set(words.filter(RepositoryCheckDepth(readDataFraction: 0.1, seed: 2).selects))
        #expect((1_700...2_300).contains(first.count))
        #expect((1_700...2_300).contains(second.count))
        #expect(first.intersection(second).count < 500)
    }

    @Test func noneAndAllAreExact() {
        let words = (0..<1_000).map(UInt64.init)
        #expect(words.filter(RepositoryCheckDepth(readDataFraction: 0, seed: 3).selects).isEmpty)
        #expect(words.filter(RepositoryCheckDepth(readDataFraction: 1, seed: 3).selects).count == 1_000)
        #expect(RepositoryCheckDepth(readDataFraction: 7).readDataFraction == 1)
    }
}
