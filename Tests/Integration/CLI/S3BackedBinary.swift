import AgentBackupTestSupport
import Foundation

/// The built binary pointed at the test S3 server (`B2_ENDPOINT`) under a unique prefix, with a
/// goose state tree in its temporary HOME.
struct S3BackedBinary {
    let binary: BuiltBinary
    let s3: S3TestEnvironment
    let prefix: String

    init(_ name: String, passphrase: String = "correct horse battery staple") throws {
        s3 = try S3TestEnvironment.require()
        binary = try BuiltBinary()
        prefix = s3.uniquePrefix("cli-\(name)")
        binary.environment.merge([
            "B2_ENDPOINT": s3.endpoint, "B2_KEY_ID": s3.accessKeyID, "B2_APPLICATION_KEY": s3.secretAccessKey,
            "B2_BUCKET": s3.bucket, "B2_REGION": s3.region, "B2_PREFIX": prefix, "B2_ENCRYPTION_KEY": passphrase,
        ]) { _, new in new }
    }

    /// Goose's folders (XDG defaults) under HOME: relative path → contents.
    static let gooseFiles: [String: String] = [
        ".config/goose/config.yaml": "GOOSE_MODEL: test-model\n",
        ".config/goose/memory/notes.txt": "remember the milk\n",
        ".local/share/goose/sessions/2026-01-01.jsonl": "{\"role\":\"user\",\"content\":\"hi\"}\n",
        ".local/state/goose/history.txt": "goose run\n",
    ]

    /// Where each of those files lands under a `--target` folder (`<label>/<path>`).
    static func targetPath(_ relative: String) -> String {
        relative
            .replacingOccurrences(of: ".config/goose/", with: "config/")
            .replacingOccurrences(of: ".local/share/goose/", with: "data/")
            .replacingOccurrences(of: ".local/state/goose/", with: "state/")
    }

    func writeGooseState(_ files: [String: String] = S3BackedBinary.gooseFiles) throws {
        for (path, text) in files { try binary.home.write(Array(text.utf8), to: path) }
    }

    /// The ids listed by `snapshots --json`, oldest first.
    func snapshotIDs(executable: String? = nil) throws -> [String] {
        let result = try binary.run(["snapshots", "--agent", "goose", "--json"])
        guard result.exitCode == 0 else { throw BuiltBinaryError("snapshots failed: \(result)") }
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        let list = object?["snapshots"] as? [[String: Any]] ?? []
        return list.compactMap { $0["id"] as? String }
    }
}
