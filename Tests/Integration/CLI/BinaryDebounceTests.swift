import Foundation
import Testing

/// `push --debounce` across processes, as agent hooks run it: separate invocations of the built
/// binary share the record in the cache folder and the single-instance lock.
@Suite("agent-backup binary: push --debounce across processes")
struct BinaryDebounceTests {
    func binaryWithGooseState() throws -> BuiltBinary {
        let binary = try BuiltBinary()
        binary.environment["B2_ENDPOINT"] = "file://\(binary.home.path)/backups"
        binary.environment["B2_ENCRYPTION_KEY"] = "hooks"
        for (path, text) in S3BackedBinary.gooseFiles { try binary.home.write(Array(text.utf8), to: path) }
        return binary
    }

    func snapshotCount(_ binary: BuiltBinary) throws -> Int {
        let result = try binary.run(["snapshots", "--agent", "goose", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return (object?["snapshots"] as? [[String: Any]])?.count ?? -1
    }

    @Test func aSecondPushWithinTheWindowDoesNothingAndSaysSo() throws {
        let binary = try binaryWithGooseState()
        let first = try binary.run(["push", "--agent", "goose", "--debounce", "5m"])
        #expect(first.exitCode == 0, "\(first)")
        #expect(first.standardOutput.hasPrefix("pushed "), "\(first)")
        try binary.home.write(Array("changed after the first push\n".utf8), to: ".config/goose/memory/notes.txt")
        let second = try binary.run(["push", "--agent", "goose", "--debounce", "5m"])
        #expect(second.exitCode == 0, "\(second)")
        #expect(second.standardOutput.hasPrefix("nothing to do (--debounce 5m): the last push of goose to local folder"), "\(second)")
        #expect(try snapshotCount(binary) == 1, "the change waits for a push outside the window")
        let plain = try binary.run(["push", "--agent", "goose"])
        #expect(plain.standardOutput.hasPrefix("pushed "), "a push without --debounce always runs: \(plain)")
        #expect(try snapshotCount(binary) == 2)
    }

    @Test func hooksStartedTogetherPushOnce() throws {
        let binary = try binaryWithGooseState()
        // A larger file makes the push last long enough for the others to find it running.
        try binary.home.write((0..<(8 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }, to: ".local/state/goose/logs/big.log")
        let running = try (0..<4).map { _ in try binary.start(["push", "--agent", "goose", "--debounce", "5m", "--json"]) }
        let results = try running.map { try $0.wait(timeout: 120) }
        for result in results { #expect(result.exitCode == 0, "\(result)") }
        let outcomes = results.map { result -> String in
            let object = try? JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
            return (object?["outcome"] as? String) ?? "unreadable: \(result)"
        }
        #expect(outcomes.filter { $0 == "pushed" }.count == 1, "\(outcomes)")
        #expect(outcomes.filter { $0 == "skipped" }.count == 3, "\(outcomes)")
        #expect(try snapshotCount(binary) == 1)
    }
}
