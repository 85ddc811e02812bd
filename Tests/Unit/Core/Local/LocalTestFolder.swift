import Foundation

/// A fresh folder under the system temp dir for one test, removed by `delete()`.
/// Named for this test folder so it cannot clash with helpers of other test files in the target.
struct LocalTestFolder {
    let path: String

    init(_ label: String = "local") throws {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/agent-backup-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func delete() { try? FileManager.default.removeItem(atPath: path) }
}
