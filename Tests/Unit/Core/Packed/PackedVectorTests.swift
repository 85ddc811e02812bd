@testable import AgentBackupInfrastructure
import AgentBackupDomain
import AgentBackupFixtures
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// The checked-in test vectors of docs/FORMAT.md section 10 (Tests/Fixtures/data/packed, written
/// by `agent-backup-bench packed-vectors`): our reader decodes both repositories to the files
/// `expected.json` lists, byte for byte by SHA-256 and size.
@Suite struct PackedVectorTests {
    static let passphrase = "correct horse battery staple"

    static func expected() throws -> [String: [String: [String: String]]] {
        try JSONDecoder().decode([String: [String: [String: String]]].self, from: Data(try Fixtures.bytes("packed/expected.json")))
    }

    @Test(arguments: [("repository-encrypted", passphrase as String?), ("repository-plain", nil)])
    func vectorsDecodeToTheExpectedFiles(folder: String, passphrase: String?) async throws {
        let store = try LocalDirectoryStore(directory: Fixtures.url("packed").path, bucket: folder)
        let settings = PackedRepositorySettings(prefix: "vectors", passphrase: passphrase, cacheFolder: nil, transfers: 2, host: "test")
        let repository = try await PackedRepositoryOpener(store: store, settings: settings).open(scratch: NSTemporaryDirectory(), forWriting: false)
        let expected = try Self.expected()
        let refs = try await repository.catalog().regular
        #expect(Set(refs.map(\.description)) == Set(expected.keys))
        let hasher = OpenSSLHasher()
        let scratch = NSTemporaryDirectory() + "/vectors-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for ref in refs {
            let manifest = try await repository.manifest(of: ref)
            let files = try #require(expected[ref.description])
            #expect(Set(manifest.files.keys.map(\.string)) == Set(files.keys))
            let reader = try await repository.reader(for: ref, manifest: manifest)
            var requests: [FileToRead] = []
            for (number, path) in manifest.sortedPaths.enumerated() {
                let destination = scratch + "/\(number)"
                #expect(FileManager.default.createFile(atPath: destination, contents: nil))
                requests.append(FileToRead(path: path, entry: manifest.files[path]!, destination: destination))
            }
            let results = Locked<[VirtualPath: String]>([:])
            try await reader.read(requests, concurrency: 2) { file, result in
                if case .success = result, let data = FileManager.default.contents(atPath: file.destination) {
                    results.withLock { $0[file.path] = hasher.digest(of: [UInt8](data)).sha256 }
                }
            }
            for (path, entry) in files {
                #expect(results.withLock { $0[try! VirtualPath(path)] } == entry["sha256"], "\(ref) \(path)")
            }
        }
    }
}
