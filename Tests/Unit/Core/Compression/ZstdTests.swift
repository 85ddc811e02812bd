import AgentBackupInfrastructure
import Foundation
import Testing

@Suite("zstd wrapper")
struct ZstdTests {
    static let text = Array(String(repeating: #"{"role":"assistant","content":"hello world"}\n"#, count: 2_000).utf8)

    @Test func roundTripsWithExactSizeAndLimit() throws {
        let frame = try Zstd.compress(Self.text)
        #expect(frame.count < Self.text.count / 10)
        #expect(try Zstd.decompress(frame, exactSize: Self.text.count) == Self.text)
        #expect(try Zstd.decompress(frame, limit: Self.text.count) == Self.text)
    }

    @Test func emptyInputRoundTrips() throws {
        let frame = try Zstd.compress([])
        #expect(try Zstd.decompress(frame, exactSize: 0) == [])
        #expect(try Zstd.decompress(frame, limit: 0) == [])
    }

    @Test func aFrameLargerThanItsEntryIsRefusedWithoutGrowing() throws {
        let frame = try Zstd.compress(Self.text)
        #expect(throws: ZstdError.self) { try Zstd.decompress(frame, exactSize: Self.text.count - 1) }
        #expect(throws: ZstdError.self) { try Zstd.decompress(frame, exactSize: Self.text.count + 1) }
        #expect(throws: ZstdError.self) { try Zstd.decompress(frame, limit: Self.text.count - 1) }
    }

    @Test func aBombIsStoppedAtTheLimit() throws {
        // 64 MiB of zeros compress to a few KiB; a reader allowing 1 MiB must stop there.
        let zeros = [UInt8](repeating: 0, count: 64 << 20)
        let frame = try Zstd.compress(zeros)
        #expect(frame.count < 64 << 10)
        #expect(throws: ZstdError.self) { try Zstd.decompress(frame, limit: 1 << 20) }
        #expect(throws: ZstdError.self) { try Zstd.decompress(frame, exactSize: 1 << 20) }
    }

    @Test func truncatedTrailingAndFlippedFramesAreRefused() throws {
        let frame = try Zstd.compress(Self.text)
        #expect(throws: ZstdError.self) { try Zstd.decompress(Array(frame.dropLast(3)), exactSize: Self.text.count) }
        #expect(throws: ZstdError.self) { try Zstd.decompress(Array(frame.dropLast(3)), limit: 1 << 20) }
        #expect(throws: ZstdError.self) { try Zstd.decompress(frame + [0], exactSize: Self.text.count) }
        #expect(throws: ZstdError.self) { try Zstd.decompress(frame + frame, limit: 1 << 20) }
        #expect(throws: ZstdError.self) { try Zstd.decompress(Array("not zstd at all".utf8), limit: 1 << 20) }
        var flipped = frame
        flipped[0] ^= 0xFF  // the magic number
        #expect(throws: ZstdError.self) { try Zstd.decompress(flipped, exactSize: Self.text.count) }
    }

    @Test func aHugeWindowClaimIsRefusedWhenStreaming() throws {
        // Frame header: magic, descriptor 0x00 (window descriptor follows, no content size),
        // window descriptor 0xF8 (2^(10+31) bytes), then one empty raw last block.
        let hostile: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0x00, 0xF8, 0x01, 0x00, 0x00]
        #expect(throws: ZstdError.self) { try Zstd.decompress(hostile, limit: 1 << 20) }
    }
}
