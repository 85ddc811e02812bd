import Foundation

/// The inputs `scripts/fuzz` keeps for one target: the committed corpus
/// (`Fuzz/corpus/<target>/`) and the crash reproducers (`Fuzz/crashes/<target>/`), found from this
/// file's path so the replay needs no resources in the test bundle.
struct FuzzInput: CustomStringConvertible {
    /// `corpus/<target>/<name>` or `crashes/<target>/<name>`.
    var name: String
    var bytes: [UInt8]
    var description: String { name }
}

enum FuzzCorpus {
    /// The repository's `Fuzz` folder (this file is `Tests/Unit/Core/Fuzz/FuzzCorpus.swift`).
    static let folder: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<5 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Fuzz")
    }()

    /// Every corpus and crash file of `target`, sorted by name.
    static func inputs(_ target: String) throws -> [FuzzInput] {
        var result: [FuzzInput] = []
        for kind in ["corpus", "crashes"] {
            let directory = folder.appendingPathComponent(kind).appendingPathComponent(target)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { continue }
            for name in names.sorted() where !name.hasPrefix(".") {
                let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
                result.append(FuzzInput(name: "\(kind)/\(target)/\(name)", bytes: bytes))
            }
        }
        return result
    }

    /// Every fuzz target of `scripts/fuzz`.
    static let targets = ["manifest", "b2en-header", "list-xml", "cron", "adapter-json", "config-json"]

    /// Runs `body` and returns how long it took, so a replay can flag an input that came close
    /// to the fuzzer's 10 s hang limit.
    static func timed(_ body: () throws -> Void) rethrows -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        return clock.now - start
    }

    /// The most one input may take in a replay (debug build, shared 2-core machine).
    static let slowLimit: Duration = .seconds(2)
}
