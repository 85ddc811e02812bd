import Foundation
import Testing

/// `verify --repository`, `--read-data` and `--read-data-subset` through the built binary, on
/// both layouts over a `file://` store whose objects the test can damage.
@Suite("agent-backup verify --repository, the binary")
struct BinaryRepositoryCheckTests {
    @Test(arguments: ["reference", "packed"])
    func aMissingObjectAndAFlippedByteAreFoundAndNamed(layout: String) throws {
        let binary = try BuiltBinary()
        let bucket = "\(binary.home.path)/backups"
        binary.environment["B2_ENDPOINT"] = "file://\(bucket)"
        binary.environment["B2_ENCRYPTION_KEY"] = "pw"
        binary.environment["B2_LAYOUT"] = layout
        var generator = SystemRandomNumberGenerator()
        let big = (0..<600_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try binary.home.write(big, to: ".config/goose/memory/big.bin")
        try binary.home.write(Array("first\n".utf8), to: ".config/goose/memory/a.txt")
        #expect(try binary.run(["push", "--agent", "goose"]).exitCode == 0)
        try binary.home.write(Array("second\n".utf8), to: ".config/goose/memory/b.txt")
        #expect(try binary.run(["push", "--agent", "goose"]).exitCode == 0)

        let structure = try binary.run(["verify", "--agent", "goose", "--repository", "--json"])
        #expect(structure.exitCode == 0, "\(structure)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(structure.standardOutput.utf8)) as? [String: Any])
        #expect(summary["snapshots"] as? Int == 2 && summary["filesRead"] as? Int == 0, "\(summary)")
        let full = try binary.run(["verify", "--agent", "goose", "--read-data"])
        #expect(full.exitCode == 0 && full.standardOutput.contains("repository OK"), "\(full)")
        #expect(try binary.run(["verify", "--agent", "goose", "--read-data-subset", "50%"]).exitCode == 0)

        // The largest object holds big.bin's bytes in either layout.
        let largest = try #require(try largestFile(under: bucket))
        let original = try #require(FileManager.default.contents(atPath: largest))
        var flipped = original
        flipped[flipped.count / 2] ^= 0x01
        try flipped.write(to: URL(fileURLWithPath: largest))
        #expect(try binary.run(["verify", "--agent", "goose", "--repository"]).exitCode == 0, "the structure check reads no data")
        let damaged = try binary.run(["verify", "--agent", "goose", "--read-data"])
        #expect(damaged.exitCode == 3, "\(damaged)")
        #expect(damaged.standardOutput.contains("DAMAGED") && damaged.standardOutput.contains("repository DAMAGED"), "\(damaged)")
        let name = layout == "packed" ? (largest as NSString).lastPathComponent : "big.bin"
        #expect(damaged.standardOutput.contains(name), "the damaged object or file is named: \(damaged)")

        try FileManager.default.removeItem(atPath: largest)
        let missing = try binary.run(["verify", "--agent", "goose", "--repository"])
        #expect(missing.exitCode == 3, "\(missing)")
        #expect(missing.standardOutput.contains("missing"), "\(missing)")
        try original.write(to: URL(fileURLWithPath: largest))
        #expect(try binary.run(["verify", "--agent", "goose", "--read-data"]).exitCode == 0)
    }

    private func largestFile(under folder: String) throws -> String? {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var best: (String, Int)?
        while let relative = enumerator?.nextObject() as? String {
            let path = folder + "/" + relative
            let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue, size > best?.1 ?? -1 {
                best = (path, size)
            }
        }
        return best?.0
    }
}
