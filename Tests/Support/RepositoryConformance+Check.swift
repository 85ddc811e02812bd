import AgentBackupDomain
import AgentBackupPorts
import Foundation

extension RepositoryConformance {
    static func checkFindsMissingAndDamagedData(_ world: RepositoryWorld) async throws {
        // Bytes no compressor shrinks, so the largest stored object holds file data in any layout.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let noise = (0..<(1 << 20)).map { _ -> UInt8 in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
        let contents = sample.merging(["data/noise.bin": noise]) { $1 }
        try await world.write(contents, as: RepositoryWorld.ref(1))
        try await world.write(contents.merging(["data/b.txt": Array("beta\n".utf8)]) { $1 }, as: RepositoryWorld.ref(2))
        let structure = try await check(world, readData: 0)
        try require(structure.isHealthy && structure.snapshots == 2 && structure.dataObjects > 0, "a healthy repository does not check: \(structure)")
        try require(structure.filesRead == 0 && structure.dataObjectsRead == 0, "a structure check read data: \(structure)")
        let full = try await check(world, readData: 1)
        let bytes = contents.values.reduce(0) { $0 + $1.count }
        try require(full.isHealthy && full.filesRead >= contents.count - 1 && full.bytesRead >= Int64(bytes), "reading all data back does not check: \(full)")

        // The largest object holds file data (the noise), whatever the layout.
        let largest = try requireLargest(world.store)
        let original = world.store.data(for: largest)!
        var flipped = original
        flipped[flipped.count / 2] ^= 0x01
        world.store.setData(flipped, for: largest)
        let damaged = try await check(world, readData: 1)
        try require(!damaged.isHealthy, "a flipped byte in \(largest) was not found by reading the data back")
        world.store.removeData(for: largest)
        let missing = try await check(world, readData: 0)
        try require(!missing.isHealthy, "a missing \(largest) was not found by the structure check")
        world.store.setData(original, for: largest)
        try require(try await check(world, readData: 1).isHealthy, "the repository does not check after its object was put back")
    }

    private static func check(_ world: RepositoryWorld, readData: Double) async throws -> RepositoryCheckReport {
        try await world.repository().check(RepositoryCheckDepth(readDataFraction: readData, seed: 7), scratch: world.scratch.path)
    }

    /// The key of the largest stored object.
    private static func requireLargest(_ store: InMemoryObjectStore) throws -> String {
        guard let key = store.keys.max(by: { (store.data(for: $0)?.count ?? 0) < (store.data(for: $1)?.count ?? 0) }) else {
            throw RepositoryViolation(message: "the store is empty")
        }
        return key
    }
}
