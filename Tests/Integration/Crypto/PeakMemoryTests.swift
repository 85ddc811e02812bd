import Foundation
import Testing

/// Encrypting a 2 GiB file keeps the process under 64 MiB peak RSS: the encryption runs in a
/// child process (`agent-backup-bench crypto-rss`), which reports its own `ru_maxrss`.
@Suite struct PeakMemoryTests {
    /// SHA-256 of 2 GiB of zero bytes.
    static let twoGiBZeroesSHA256 = "a7c744c13cc101ed66c29f672f92455547889cc586ce6d44fe76ae824958ea51"

    @Test(.timeLimit(.minutes(1))) func encryptingTwoGiBStaysUnder64MiB() throws {
        let bench = try CryptoChildProcess.benchBinary()
        let source = FileManager.default.temporaryDirectory.appendingPathComponent("crypto-rss-\(UUID().uuidString).bin")
        try #require(FileManager.default.createFile(atPath: source.path, contents: nil), "cannot create \(source.path)")
        defer { try? FileManager.default.removeItem(at: source) }
        let handle = try FileHandle(forWritingTo: source)
        try handle.truncate(atOffset: 2 << 30)  // sparse: no disk used, reads as zeroes
        try handle.close()

        let result = try CryptoChildProcess.run(bench, ["crypto-rss", source.path])
        #expect(result.status == 0, "\(result.stderr)")
        struct Report: Decodable { var bytes: Int64; var sha256: String; var maxrssBytes: Int; var seconds: Double }
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        #expect(report.bytes == 2 << 30)
        #expect(report.sha256 == Self.twoGiBZeroesSHA256)
        #expect(report.maxrssBytes > 0)
        #expect(report.maxrssBytes < 64 << 20, "peak RSS \(report.maxrssBytes >> 20) MiB")
    }
}
