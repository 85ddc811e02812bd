@testable import AgentBackupInfrastructure
import AgentBackupFixtures
import AgentBackupTestSupport
import Foundation
import Testing

/// FORMAT.md section 9: our chunker cuts exactly as the vectors (computed by an independent
/// Python implementation of the spec) say, resynchronises after an edit, and reads files in the
/// same chunks as it cuts memory.
@Suite struct ChunkerTests {
    struct Vector: Decodable {
        struct Case: Decodable {
            var minSize: Int
            var averageSize: Int
            var maxSize: Int
            var inputLength: Int
            var inputSHA256: String
            var lengths: [Int]
        }
        var key: String
        var gear: [String: String]
        var cases: [Case]
    }

    static func vector() throws -> Vector {
        try JSONDecoder().decode(Vector.self, from: Data(try Fixtures.bytes("packed/chunker.json")))
    }

    /// FORMAT.md section 10's xorshift64 input.
    static func xorshift(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
        var state = seed
        var out = [UInt8]()
        out.reserveCapacity(count + 8)
        while out.count < count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            withUnsafeBytes(of: state.littleEndian) { out += $0 }
        }
        return Array(out.prefix(count))
    }

    @Test func gearTableMatchesTheVector() throws {
        let vector = try Self.vector()
        let table = GearChunker.gearTable(key: try #require(Hex.decode(vector.key)))
        for (index, hex) in vector.gear {
            #expect(String(table[Int(index)!], radix: 16).leftPadded(to: 16) == hex, "gear[\(index)]")
        }
    }

    @Test func chunkLengthsMatchTheVectors() throws {
        let vector = try Self.vector()
        let key = try #require(Hex.decode(vector.key))
        for test in vector.cases {
            let input = Self.xorshift(test.inputLength)
            #expect(SHA256Digest.hex(input) == test.inputSHA256)
            let chunker = GearChunker(ChunkerParameters(key: key, minSize: test.minSize, averageSize: test.averageSize, maxSize: test.maxSize, sqlitePageChunk: 512))
            #expect(chunker.lengths(of: input) == test.lengths, "sizes \(test.minSize)/\(test.averageSize)/\(test.maxSize)")
        }
    }

    @Test func boundsHoldAndAnInsertionChangesOnlyNearbyChunks() throws {
        let chunker = GearChunker(PackedTesting.smallChunker())
        let input = Self.xorshift(2 << 20)
        let lengths = chunker.lengths(of: input)
        #expect(lengths.dropLast().allSatisfy { $0 >= 4 << 10 && $0 <= 64 << 10 })
        #expect(lengths.reduce(0, +) == input.count)
        let average = input.count / lengths.count
        #expect(average > 12 << 10 && average < 28 << 10, "average \(average)")

        var edited = input
        edited.insert(contentsOf: Array("an inserted line\n".utf8), at: 1 << 20)
        let before = Set(Self.chunks(input, lengths))
        let after = Self.chunks(edited, chunker.lengths(of: edited))
        let new = after.filter { !before.contains($0) }
        #expect(new.count <= 2, "\(new.count) chunks changed after one insertion")
    }

    @Test func theFileReaderCutsAsMemoryDoesEvenWhenTheFileGrew() throws {
        let folder = try TemporaryDirectory()
        let chunker = GearChunker(PackedTesting.smallChunker())
        let input = Self.xorshift(700_000)
        let path = try folder.write(input, to: "file")
        for expected in [Int64(input.count), 1000, 0] {
            let reader = try ChunkReader(path: path, chunker: chunker, expectedSize: expected)
            var lengths: [Int] = []
            var bytes: [UInt8] = []
            while let chunk = try reader.next() {
                lengths.append(chunk.count)
                bytes += chunk
            }
            #expect(reader.isFinished && !reader.isDatabase)
            #expect(lengths == chunker.lengths(of: input) && bytes == input, "expected size \(expected)")
        }
    }

    @Test func aSQLiteDatabaseIsCutInPageAlignedChunks() throws {
        let folder = try TemporaryDirectory()
        let chunker = GearChunker(PackedTesting.smallChunker())
        let database = ChunkReader.sqliteMagic + Self.xorshift(100_000 - 16)
        let reader = try ChunkReader(path: try folder.write(database, to: "db.sqlite"), chunker: chunker, expectedSize: 100_000)
        var lengths: [Int] = []
        while let chunk = try reader.next() { lengths.append(chunk.count) }
        #expect(reader.isDatabase)
        #expect(lengths == [16384, 16384, 16384, 16384, 16384, 16384, 1696])
    }

    static func chunks(_ bytes: [UInt8], _ lengths: [Int]) -> [[UInt8]] {
        var start = 0
        return lengths.map { length in
            defer { start += length }
            return Array(bytes[start..<start + length])
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
