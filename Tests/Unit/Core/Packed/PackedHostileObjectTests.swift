@testable import AgentBackupInfrastructure
import AgentBackupDomain
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// Damaged and hostile objects of every kind are refused as integrity (or, for keys,
/// configuration) errors naming the object; a restore never reports damaged bytes as read.
@Suite struct PackedHostileObjectTests {
    static let contents: [String: [UInt8]] = [
        "data/small.txt": Array("small file\n".utf8),
        "data/large.bin": ChunkerTests.xorshift(300_000),
    ]

    static func written(passphrase: String? = "pass") async throws -> RepositoryWorld {
        let world = try PackedRepositoryTests.world(passphrase: passphrase)
        try await world.write(contents, as: RepositoryWorld.ref(1))
        return world
    }

    static func keys(_ world: RepositoryWorld, _ folder: String) -> [String] {
        world.store.keys.filter { $0.contains(folder) }
    }

    /// The failures of reading the whole snapshot (each file), or the error opening it.
    static func readFailures(_ world: RepositoryWorld) async -> [any Error] {
        do {
            return try await world.readAll(RepositoryWorld.ref(1)).values.compactMap { result in
                if case .failure(let error) = result { return error }
                return nil
            }
        } catch {
            return [error]
        }
    }

    static func allIntegrity(_ errors: [any Error]) -> Bool {
        !errors.isEmpty && errors.allSatisfy { ($0 as? RepositoryError)?.kind == .integrity }
    }

    @Test(arguments: [0, 40, 300])
    func aFlippedByteInAPackFailsTheFilesItServes(_ position: Int) async throws {
        for passphrase in ["pass", nil] as [String?] {
            let world = try await Self.written(passphrase: passphrase)
            for key in Self.keys(world, "/data/") {
                var bytes = try #require(world.store.data(for: key))
                bytes[position] ^= 0x5A
                world.store.setData(bytes, for: key)
            }
            let failures = await Self.readFailures(world)
            #expect(Self.allIntegrity(failures), "byte \(position), \(passphrase == nil ? "plain" : "encrypted"): \(failures)")
        }
    }

    @Test func aTruncatedPackFailsAsIntegrity() async throws {
        let world = try await Self.written()
        for key in Self.keys(world, "/data/") { world.store.truncateReads(of: key, to: 1000) }
        #expect(Self.allIntegrity(await Self.readFailures(world)))
    }

    @Test func aBlobLengthPointingPastThePackIsRefused() async throws {
        let world = try await Self.written()
        let repository = try await world.repository() as! PackedRepository
        let indexKey = try #require(Self.keys(world, "/index/").first)
        var document = try repository.context.indexes.decode(try #require(world.store.data(for: indexKey)), object: indexKey)
        // Keep the entry inside the index's own bound but past what the pack holds.
        document.packs[0].length += 1 << 20
        document.packs[0].blobs[document.packs[0].blobs.count - 1].storedLength += 1 << 19
        world.store.removeData(for: indexKey)
        let forged = try PackedDocument.encode(document.encoded(), compress: true, cipher: repository.context.cipher)
        world.store.setData(forged, for: PackedKeys(prefix: "conformance").index(BlobID.hashing(forged)))
        #expect(Self.allIntegrity(await Self.readFailures(world)))
    }

    @Test func aFlippedByteInAnIndexOrSnapshotIsRefused() async throws {
        for folder in ["/index/", "/snapshots/"] {
            let world = try await Self.written()
            for key in Self.keys(world, folder) {
                var bytes = try #require(world.store.data(for: key))
                bytes[bytes.count / 2] ^= 1
                world.store.setData(bytes, for: key)
            }
            #expect(Self.allIntegrity(await Self.readFailures(world)), "\(folder)")
        }
    }

    @Test func aFlippedKeyOrConfigStopsTheOpening() async throws {
        for folder in ["/keys/", "/config"] {
            let world = try await Self.written()
            for key in Self.keys(world, folder) {
                var bytes = try #require(world.store.data(for: key))
                bytes[bytes.count - 1] ^= 1
                world.store.setData(bytes, for: key)
            }
            // A new run (a new opener): the world's opener keeps the key it unlocked.
            let opener = PackedTesting.opener(store: world.store, passphrase: "pass")
            await #expect(throws: RepositoryError.self) { _ = try await opener.open(scratch: world.scratch.path, forWriting: false) }
        }
    }

    @Test func aSnapshotUnderAnotherNameIsRefused() async throws {
        let world = try await Self.written()
        let key = try #require(Self.keys(world, "/snapshots/").first)
        world.store.setData(try #require(world.store.data(for: key)), for: key.replacingOccurrences(of: "2026-01-01", with: "2026-01-05"))
        let repository = try await world.repository()
        await #expect(throws: RepositoryError.self) { _ = try await repository.manifest(of: RepositoryWorld.ref(5)) }
    }
}
