import AgentBackupDomain
@testable import AgentBackupInfrastructure
@testable import AgentBackupEngine
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// The key commands' use case over the packed layout's key objects, on the in-memory store.
@Suite struct PackedKeyringTests {
    static let old = "the old passphrase"
    static let new = "the new passphrase"

    /// A packed repository (prefix `conformance`) with three snapshots under `old`; the bytes
    /// each snapshot holds.
    static func history() async throws -> (RepositoryWorld, [SnapshotRef: [String: [UInt8]]]) {
        let world = try PackedRepositoryTests.world(passphrase: old)
        var written: [SnapshotRef: [String: [UInt8]]] = [:]
        var files: [String: [UInt8]] = ["data/a.txt": Array("a\n".utf8), "data/big.bin": ChunkerTests.xorshift(300_000)]
        for day in 1...3 {
            files["data/day\(day).jsonl"] = Array("{\"day\":\(day)}\n".utf8)
            files["data/a.txt"]! += Array("more\n".utf8)
            try await world.write(files, as: RepositoryWorld.ref(day))
            written[RepositoryWorld.ref(day)] = files
        }
        return (world, written)
    }

    static func keys(_ store: InMemoryObjectStore, passphrase: String?, layout: RepositoryLayout = .packed, prefix: String = "conformance") -> PassphraseKeys {
        PassphraseKeys(keyrings: LayoutKeyringOpener(
            configured: layout, store: store, settings: PackedTesting.settings(passphrase: passphrase, prefix: prefix), clock: SystemClock()))
    }

    /// key → SHA-256 of its bytes, for every object under `folder` of the repository.
    static func fingerprint(_ store: InMemoryObjectStore, _ folders: [String]) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for key in store.keys where folders.contains(where: { key.hasPrefix("conformance/" + $0) }) {
            result[key] = ChunkHash.sha256(store.data(for: key)!)
        }
        return result
    }

    static func keyObjects(_ store: InMemoryObjectStore) -> [String] {
        store.keys.filter { $0.hasPrefix("conformance/keys/") }.sorted()
    }

    /// The must-show: after `change` the old passphrase fails with the wrong-passphrase message,
    /// the new one restores every snapshot byte-identical, and no config, data/, index/ or
    /// snapshots/ object changed (keys, sizes and content hashes compared).
    @Test func changeRetiresTheOldPassphraseAndRewritesOnlyOneKey() async throws {
        let (world, written) = try await Self.history()
        let untouched = ["config", "data/", "index/", "snapshots/"]
        let before = Self.fingerprint(world.store, untouched)
        #expect(before.keys.contains { $0.contains("/data/") } && before.keys.contains { $0.contains("/index/") })
        let oldKeys = Self.keyObjects(world.store)
        #expect(oldKeys.count == 1)

        let summary = try await Self.keys(world.store, passphrase: Self.old).change(to: Self.new)
        #expect(summary.action == .change && summary.removed == [String(oldKeys[0].dropFirst("conformance/keys/".count))])
        #expect(summary.keys == 1)
        #expect(Self.fingerprint(world.store, untouched) == before, "no pack, index, snapshot or config object changed")
        let newKeys = Self.keyObjects(world.store)
        #expect(newKeys == ["conformance/keys/" + (summary.added?.id ?? "?")])

        let scratch = try TemporaryDirectory(prefix: "keys-read")
        do {
            _ = try await PackedTesting.opener(store: world.store, passphrase: Self.old).open(scratch: scratch.path, forWriting: false)
            Issue.record("the old passphrase must no longer open the repository")
        } catch let error as RepositoryError {
            #expect(error.kind == .configuration)
            #expect(error.message.contains("opens with this passphrase"), "\(error)")
        }
        let reopened = try RepositoryWorld(factory: { _ in PackedTesting.opener(store: world.store, passphrase: Self.new) }, hasher: OpenSSLHasher())
        let catalog = try await reopened.repository().catalog()
        #expect(catalog.regular.count == 3)
        for (ref, files) in written {
            let read = try await reopened.readAll(ref)
            #expect(read.count == files.count)
            for (path, bytes) in files {
                #expect((try? read[try VirtualPath(path)]?.get()) == bytes, "\(ref) \(path)")
            }
        }
    }

    /// `add` gives a second working passphrase; `list` shows both, the one in use marked and the
    /// other's record sealed; removing the other works, removing the one in use or the last does not.
    @Test func addListAndRemove() async throws {
        let (world, _) = try await Self.history()
        let keys = Self.keys(world.store, passphrase: Self.old)
        let added = try await keys.add(passphrase: "recovery")
        #expect(added.keys == 2 && added.removed.isEmpty)
        let recoveryID = try #require(added.added?.id)
        #expect(added.added?.host == "test-host" && added.added?.created != nil)

        let listing = try await keys.list()
        #expect(listing.keys.count == 2)
        let inUse = try #require(listing.keys.first { $0.inUse })
        #expect(inUse.opensWithThisPassphrase && inUse.host == "test-host" && inUse.created != nil)
        let other = try #require(listing.keys.first { !$0.inUse })
        #expect(other.id == recoveryID)
        #expect(!other.opensWithThisPassphrase && other.created == nil && other.host == nil, "sealed under its own passphrase")
        #expect(listing.keys.map(\.id) == listing.keys.map(\.id).sorted())
        #expect(listing.repository.contains("conformance"))

        // The recovery passphrase opens everything too; from there it lists itself as in use.
        let fromRecovery = try await Self.keys(world.store, passphrase: "recovery").list()
        #expect(fromRecovery.keys.first { $0.inUse }?.id == recoveryID)

        try await expectRefusal("the one this run opened", await keys.remove(id: inUse.id))
        let removed = try await keys.remove(id: String(recoveryID.prefix(6)))
        #expect(removed.removed == [recoveryID] && removed.keys == 1)
        try await expectRefusal("is the only key", await keys.remove(id: inUse.id))
        #expect(Self.keyObjects(world.store) == ["conformance/keys/" + inUse.id])
        try await expectRefusal("opens with this passphrase", await Self.keys(world.store, passphrase: "recovery").list())
    }

    @Test func removeFindsAKeyByItsIDOrAUniqueBeginning() async throws {
        let keys = ["ab12", "ab34", "cd56"].map { RepositoryKeyInfo(id: $0, created: nil, host: nil, opensWithThisPassphrase: false, inUse: false) }
        #expect(try PassphraseKeys.find("cd", in: keys, repository: "r").id == "cd56")
        #expect(try PassphraseKeys.find("AB12", in: keys, repository: "r").id == "ab12")
        #expect(throws: EngineError.self) { try PassphraseKeys.find("ab", in: keys, repository: "r") }
        #expect(throws: EngineError.self) { try PassphraseKeys.find("", in: keys, repository: "r") }
        do {
            _ = try PassphraseKeys.find("zz", in: keys, repository: "r")
        } catch let error as EngineError {
            #expect(error.kind == .configuration && error.message.contains("r has no key zz"), "\(error)")
        }
        do {
            _ = try PassphraseKeys.find("ab", in: keys, repository: "r")
        } catch let error as EngineError {
            #expect(error.message.contains("begins 2 key ids") && error.message.contains("give more of the id"), "\(error)")
        }
    }

    /// A change stopped after the new key is written (its deletes never reach the store) leaves
    /// both passphrases working; run again, it completes.
    @Test func aChangeStoppedBeforeTheDeleteLeavesTwoWorkingKeys() async throws {
        let (world, _) = try await Self.history()
        world.store.inject(StoreFault(operation: .delete, times: .max, error: .injected(.permanent, httpStatus: 500, message: "killed")))
        await #expect(throws: EngineError.self) { _ = try await Self.keys(world.store, passphrase: Self.old).change(to: Self.new) }
        world.store.clearFaults()
        #expect(Self.keyObjects(world.store).count == 2)
        #expect(try await Self.keys(world.store, passphrase: Self.old).list().keys.count == 2)
        let again = try await Self.keys(world.store, passphrase: Self.old).change(to: Self.new)
        #expect(again.removed.count == 1, "the old passphrase's key goes; the first run's new key stays")
        #expect(Self.keyObjects(world.store).count == 2)
        try await expectRefusal("opens with this passphrase", await Self.keys(world.store, passphrase: Self.old).list())
        #expect(try await Self.keys(world.store, passphrase: Self.new).list().keys.allSatisfy(\.opensWithThisPassphrase))
    }

    /// The order of a change: write, read back and open, then delete; a new key that does not
    /// read back is not trusted and nothing is deleted.
    @Test func changeWritesAndChecksBeforeItDeletes() async throws {
        let keyring = RecordingKeyring()
        let summary = try await PassphraseKeys(keyrings: keyring).change(to: Self.new)
        #expect(keyring.calls == ["keys", "add", "check new-key", "remove in-use", "remove twin"])
        #expect(summary.removed == ["in-use", "twin"] && summary.keys == 2)

        let failing = RecordingKeyring(checkFails: true)
        do {
            _ = try await PassphraseKeys(keyrings: failing).change(to: Self.new)
            Issue.record("a key that does not read back must stop the change")
        } catch let error as EngineError {
            #expect(error.kind == .integrity)
            #expect(error.message.contains("no key was removed") && error.message.contains("key remove new-key"), "\(error)")
        }
        #expect(!failing.calls.contains { $0.hasPrefix("remove") })
    }

    /// Other layouts and states say what to do instead.
    @Test func referenceLayoutEmptyPrefixPlainRepositoryAndWrongPassphrase() async throws {
        let store = InMemoryObjectStore()
        store.setData(Array("x".utf8), for: "ref/2026-01-01T00-00-00-000Z/manifest.json", contentType: "application/octet-stream")
        try await expectRefusal("migrate --to reference --to-prefix NEW-PREFIX --new-passphrase-from-env VAR",
                                await Self.keys(store, passphrase: Self.old, layout: .reference, prefix: "ref").list())
        try await expectRefusal("no backup under nothing-here", await Self.keys(store, passphrase: Self.old, prefix: "nothing-here").list())

        let plain = try PackedRepositoryTests.world(passphrase: nil)
        try await plain.write(["data/a.txt": Array("a".utf8)], as: RepositoryWorld.ref(1))
        try await expectRefusal("is not encrypted", await Self.keys(plain.store, passphrase: Self.old).add(passphrase: Self.new))

        let (world, _) = try await Self.history()
        try await expectRefusal("opens with this passphrase", await Self.keys(world.store, passphrase: "wrong").change(to: Self.new))
        try await expectRefusal("is encrypted but this run has encryption off", await Self.keys(world.store, passphrase: nil).list())
        try await expectRefusal("the layout is set to \"reference\"", await Self.keys(world.store, passphrase: Self.old, layout: .reference).list())
        #expect(Self.keyObjects(world.store).count == 1, "nothing written by a refused command")
    }

    private func expectRefusal<T>(_ message: String, _ operation: @autoclosure () async throws -> T, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        do {
            _ = try await operation()
            Issue.record("expected a refusal saying \(message)", sourceLocation: sourceLocation)
        } catch let error as EngineError {
            #expect(error.kind == .configuration, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(message), "\(error)", sourceLocation: sourceLocation)
        }
    }
}

/// A keyring that records its calls: keys "in-use" and "twin" open with this passphrase, "other" does not.
final class RecordingKeyring: RepositoryKeyring, RepositoryKeyringOpener, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [String] = []
    let checkFails: Bool

    init(checkFails: Bool = false) { self.checkFails = checkFails }

    var calls: [String] { lock.withLock { recorded } }
    var displayName: String { "fake" }

    private func record(_ call: String) { lock.withLock { recorded.append(call) } }

    func openKeyring() async throws -> any RepositoryKeyring { self }

    func keys() async throws -> [RepositoryKeyInfo] {
        record("keys")
        return [RepositoryKeyInfo(id: "in-use", created: "c", host: "h", opensWithThisPassphrase: true, inUse: true),
                RepositoryKeyInfo(id: "other", created: nil, host: nil, opensWithThisPassphrase: false, inUse: false),
                RepositoryKeyInfo(id: "twin", created: "c", host: "h", opensWithThisPassphrase: true, inUse: false)]
    }

    func addKey(passphrase: String) async throws -> RepositoryKeyInfo {
        record("add")
        return RepositoryKeyInfo(id: "new-key", created: "c", host: "h", opensWithThisPassphrase: false, inUse: false)
    }

    func checkKey(id: String, passphrase: String) async throws {
        record("check \(id)")
        if checkFails { throw RepositoryError(.integrity, "keys/\(id) read back does not open with its passphrase") }
    }

    func removeKey(id: String) async throws { record("remove \(id)") }
}
