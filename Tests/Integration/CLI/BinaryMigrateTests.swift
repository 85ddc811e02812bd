import Foundation
import Testing

/// `agent-backup migrate` end to end: the built binary, a `file://` store, real files.
@Suite("agent-backup migrate, the binary")
struct BinaryMigrateTests {
    @Test func aHistoryMovesUnderANewPassphraseAndRestoresFromThere() throws {
        let binary = try BuiltBinary()
        binary.environment["B2_ENDPOINT"] = "file://\(binary.home.path)/backups"
        binary.environment["B2_ENCRYPTION_KEY"] = "old passphrase"
        try binary.home.write(Array("first\n".utf8), to: ".config/goose/memory/a.txt")
        #expect(try binary.run(["push", "--agent", "goose"]).exitCode == 0)
        try binary.home.write(Array("second\n".utf8), to: ".config/goose/memory/b.txt")
        #expect(try binary.run(["push", "--agent", "goose"]).exitCode == 0)
        let before = try snapshotIDs(binary)
        #expect(before.count == 2)

        let packed = try binary.run(["migrate", "--agent", "goose", "--to", "packed", "--to-prefix", "goose-packed", "--json"])
        #expect(packed.exitCode == 0, "\(packed)")
        #expect(try outcomes(packed) == ["copied", "copied"])
        binary.environment["B2_PREFIX"] = "goose-packed"
        binary.environment["B2_LAYOUT"] = "packed"
        #expect(try snapshotIDs(binary) == before)
        binary.environment["B2_LAYOUT"] = nil
        let mismatch = try binary.run(["snapshots", "--agent", "goose"])
        #expect(mismatch.exitCode == 2, "\(mismatch)")
        #expect(mismatch.standardError.contains("holds a backup in the packed layout"), "\(mismatch)")
        binary.environment["B2_PREFIX"] = nil

        binary.environment["NEW_PASSPHRASE"] = "new passphrase"
        let arguments = ["migrate", "--agent", "goose", "--to", "reference", "--to-prefix", "goose-moved", "--new-passphrase-from-env", "NEW_PASSPHRASE", "--json"]
        let migrate = try binary.run(arguments)
        #expect(migrate.exitCode == 0, "\(migrate)")
        #expect(try outcomes(migrate) == ["copied", "copied"])
        #expect(!migrate.standardError.contains("new passphrase"))
        let again = try binary.run(arguments)
        #expect(again.exitCode == 0, "\(again)")
        #expect(try outcomes(again) == ["alreadyThere", "alreadyThere"])
        let forgotten = try binary.run(["migrate", "--agent", "goose", "--to", "reference", "--to-prefix", "goose-moved"])
        #expect(forgotten.exitCode == 2, "\(forgotten)")
        #expect(forgotten.standardError.contains("run it again with the same new passphrase"), "\(forgotten)")

        binary.environment["B2_PREFIX"] = "goose-moved"
        binary.environment["B2_ENCRYPTION_KEY"] = "new passphrase"
        #expect(try snapshotIDs(binary) == before)
        let target = binary.home.path("out")
        let restore = try binary.run(["restore", "--agent", "goose", "--target", target])
        #expect(restore.exitCode == 0, "\(restore)")
        #expect(try String(contentsOfFile: "\(target)/config/memory/a.txt", encoding: .utf8) == "first\n")
        #expect(try String(contentsOfFile: "\(target)/config/memory/b.txt", encoding: .utf8) == "second\n")
        binary.environment["B2_ENCRYPTION_KEY"] = "old passphrase"
        let wrong = try binary.run(["verify", "--agent", "goose"])
        #expect(wrong.exitCode == 3, "the old passphrase does not open the moved history: \(wrong)")
    }

    private func snapshotIDs(_ binary: BuiltBinary) throws -> [String] {
        let result = try binary.run(["snapshots", "--agent", "goose", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return ((object?["snapshots"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
    }

    private func outcomes(_ result: BinaryResult) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        return ((object?["snapshots"] as? [[String: Any]]) ?? []).compactMap { $0["outcome"] as? String }
    }
}
