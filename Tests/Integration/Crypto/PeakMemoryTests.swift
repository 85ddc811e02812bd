import Foundation
import Testing

/// Encrypting a 2 GiB file keeps the process under 64 MiB peak RSS: the encryption runs in a
/// child process (`agent-backup-bench crypto-rss`), which reports its own peak. On Linux that is
/// `VmHWM`: `ru_maxrss` of a child spawned by this (large, parallel) test process starts at the
/// PARENT's peak, because the kernel carries the old address space's high-water mark across the
/// `exec` of a `vfork`-style spawn, so it would measure us, not the child.
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
        struct Report: Decodable { var bytes: Int64; var sha256: String; var peakRSSBytes: Int; var maxrssBytes: Int; var seconds: Double }
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        #expect(report.bytes == 2 << 30)
        #expect(report.sha256 == Self.twoGiBZeroesSHA256)
        // Sanity: the report is a real measurement (a Swift program maps a few MiB at least).
        #expect(report.peakRSSBytes > 4 << 20)
        #expect(report.peakRSSBytes < 64 << 20,
                "peak RSS \(report.peakRSSBytes >> 20) MiB (ru_maxrss \(report.maxrssBytes >> 20) MiB) in \(report.seconds) s")
    }
}
