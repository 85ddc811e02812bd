import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation

/// Small repositories for tests: 16 KiB average chunks (a 3 MiB file is ~200 of them), 1 MiB packs.
enum PackedTesting {
    static let chunkerKey = Array(repeating: UInt8(7), count: 32)

    static func smallChunker(key: [UInt8] = chunkerKey) -> ChunkerParameters {
        ChunkerParameters(key: key, minSize: 4 << 10, averageSize: 16 << 10, maxSize: 64 << 10, sqlitePageChunk: 16 << 10)
    }

    static func settings(passphrase: String?, cache: String? = nil, prefix: String = "conformance") -> PackedRepositorySettings {
        PackedRepositorySettings(prefix: prefix, passphrase: passphrase, cacheFolder: cache, transfers: 4, host: "test-host")
    }

    static func opener(
        store: any ObjectStore, passphrase: String?, cache: String? = nil, clock: any WallClock = SystemClock(),
        chunker: ChunkerParameters? = smallChunker(), packSize: Int = 1 << 20
    ) -> PackedRepositoryOpener {
        PackedRepositoryOpener(store: store, settings: settings(passphrase: passphrase, cache: cache), clock: clock) { store, settings, clock in
            try await PackedRepository.create(store: store, settings: settings, clock: clock, chunker: chunker, packSize: packSize)
        }
    }
}
