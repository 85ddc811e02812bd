import AgentBackupPorts
import Foundation

/// Every object under a prefix, downloaded and opened by the independent decoder
/// (scripts/independent-decoder.py, Python `cryptography`), so a test can search what a push
/// really put in the bucket without trusting our own decryption.
struct DecryptedBucket {
    /// Plaintext by object key.
    var objects: [String: [UInt8]]

    /// Downloads every object under `prefix` from `store` and decrypts it with `passphrase`.
    /// Throws when any object does not open: every object must be a B2EN envelope.
    static func open(_ store: any ObjectStore, prefix: String, passphrase: String) async throws -> DecryptedBucket {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("decrypted-bucket-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let sealed = scratch.appendingPathComponent("sealed"), opened = scratch.appendingPathComponent("opened")
        let keys = try await store.listAll(prefix: prefix + "/").objects.map(\.key)
        guard !keys.isEmpty else { throw BuiltBinaryError("no object under \(prefix)/: nothing was pushed") }
        for key in keys {
            let file = sealed.appendingPathComponent(key)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(try await store.get(key: key, maxBytes: 64 << 20)).write(to: file)
        }
        let script = try CryptoChildProcess.repositoryRoot().appendingPathComponent("scripts/independent-decoder.py").path
        var environment = ProcessInfo.processInfo.environment
        environment["DECODER_PASSPHRASE"] = passphrase
        let result = try CryptoChildProcess.run(
            try CryptoChildProcess.python(), [script, "--passphrase-env", "DECODER_PASSPHRASE", "--out", opened.path, sealed.path],
            environment: environment)
        guard result.status == 0 else {
            throw BuiltBinaryError("the independent decoder could not open every object (exit \(result.status)):\n\(result.stderr)")
        }
        var objects: [String: [UInt8]] = [:]
        for key in keys {
            objects[key] = [UInt8](try Data(contentsOf: opened.appendingPathComponent(key)))
        }
        return DecryptedBucket(objects: objects)
    }

    /// The keys of objects whose plaintext contains `text` (UTF-8).
    func keys(containing text: String) -> [String] {
        keys(containing: Array(text.utf8))
    }

    /// The keys of objects whose plaintext contains `needle` anywhere.
    func keys(containing needle: [UInt8]) -> [String] {
        objects.filter { Self.contains($0.value, needle) }.map(\.key).sorted()
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
        let first = needle[0]
        var index = 0
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
