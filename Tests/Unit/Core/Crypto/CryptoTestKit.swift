import AgentBackupFixtures
import Foundation

/// Shared by the crypto tests: the fixtures' passphrase and vectors, scratch folders, file I/O.
enum CryptoTestKit {
    static let passphrase = "correct horse battery staple"

    /// One positive vector of `encryption/vectors.json` (made by the reference engine).
    struct BlobVector: Decodable {
        var plaintext: String
        var plaintextSize: Int
        var blobSize: Int
        var plaintextSha256: String
        var saltHex: String
        var ivHex: String
        var tagHex: String
        var derivedKeyHex: String
    }

    /// One scrypt vector with a fixed salt.
    struct KDFVector: Decodable {
        var passphrase: String
        var saltHex: String
        var keyHex: String
    }

    struct Vectors: Decodable {
        var passphrase: String
        var files: [String: BlobVector]
        var kdfVectors: [KDFVector]
    }

    static func vectors() throws -> Vectors {
        try JSONDecoder().decode(Vectors.self, from: Data(Fixtures.bytes("encryption/vectors.json")))
    }

    /// The four reference-made blobs.
    static let blobNames = ["empty.b2en", "hello.b2en", "onemib.b2en", "json-utf8.b2en"]

    /// A fresh private folder, removed by `body`'s end.
    static func withScratchDirectory<R>(_ body: (String) throws -> R) throws -> R {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("crypto-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.path)
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func read(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Deterministic, non-repeating-looking bytes (so a misplaced chunk cannot go unnoticed);
    /// eight bytes per generator step, so megabytes stay quick in a debug build.
    static func pattern(count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
        var state = seed
        var words = [UInt64](repeating: 0, count: (count + 7) / 8)
        words.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                buffer[index] = state ^ (state >> 29)
            }
        }
        return words.withUnsafeBytes { Array($0.prefix(count)) }
    }
}
