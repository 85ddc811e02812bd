import AgentBackup
import AgentBackupDomain
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing

/// What the retry layer did during one run, from its events: the proof that no request went past
/// its budget.
final class RetryAudit: Sendable {
    struct State {
        var retries = 0
        var mostAttempts = 0
        var latestStart = 0.0
        var gaveUp: [RetryEvent] = []
        var pauses = 0
    }

    let state = Guarded(State())

    func record(_ event: RetryEvent) {
        state.update { state in
            switch event {
            case .retrying(_, let attempt, _, let wait, let elapsed):
                state.retries += 1
                state.mostAttempts = max(state.mostAttempts, attempt + 1)
                state.latestStart = max(state.latestStart, elapsed + wait)
            case .gaveUp: state.gaveUp.append(event)
            case .paused: state.pauses += 1
            case .recovered, .resumed: break
            }
        }
    }
}

/// A tree pushed, changed, pushed again (copies, puts, pruning) and restored through the
/// production retry layer over the in-memory store failing a seeded 10 % or 30 % of the calls of
/// every kind. Sleeps are on a simulated clock: minutes of back-off take no time.
///
/// Two shapes, because a debug build's engine costs about 3 ms of CPU per file for the three
/// runs (scan, hash, seal, open, write) and two shared cores must finish well inside a minute:
/// 50 seeds of 60 files at each rate (each seed its own store, retrier, circuit and fault draws,
/// one file above 1 MiB through an envelope file: what finds a retry bug is the number of
/// independent seeds and failed calls, about 1,000 and 4,000, not the size of one tree), and one
/// seed of the full 5,000 files at 30 % (over 20,000 calls, about 6,500 failed, eight
/// transfers at once through one circuit).
@Suite("Engine under a seeded share of failed store calls", .serialized)
struct EngineUnderFaultsTests {
    static let seeds: [UInt64] = Array(1...50)
    static let filesPerSeed = 60
    static let fullScale = 5_000

    /// `count` files in 50 folders under `data/`, mostly small (in-memory transfers) and a few
    /// above 1 MiB (temporary envelope files, downloads to a file, whose cut-short faults restart
    /// the file).
    static func makeTree(in directory: TemporaryDirectory, count: Int) throws -> [String: [UInt8]] {
        var random = SplitMix64(seed: 0x5000)
        var files: [String: [UInt8]] = [:]
        for index in 0..<count {
            let size = index % 1_250 == 7 ? (1 << 20) + Int(random.next() % 300_000) : Int(random.next() % 1_500)
            var bytes = [UInt8](repeating: 0, count: size)
            bytes.withUnsafeMutableBytes { raw in
                for offset in stride(from: 0, to: size, by: 8) {
                    withUnsafeBytes(of: random.next()) { word in
                        raw.baseAddress!.advanced(by: offset).copyMemory(from: word.baseAddress!, byteCount: min(8, size - offset))
                    }
                }
            }
            let path = "data/d\(index % 50)/f\(index).bin"
            files[path] = bytes
            try directory.write(bytes, to: "base/" + path)
        }
        return files
    }

    /// What one seed's run saw.
    struct Outcome: Sendable {
        var retries = 0
        var mostAttempts = 0
        var faults = 0
        var pauses = 0
    }

    @Test("50 seeds: a tree pushed, pushed again and restored with every kind of call failing", arguments: [0.10, 0.30])
    func manySeeds(rate: Double) async throws {
        try await runSeeds(Self.seeds, files: Self.filesPerSeed, rate: rate)
    }

    @Test("5,000 files pushed, pushed again and restored with 30 % of the calls of every kind failing")
    func fullScale() async throws {
        try await runSeeds([300], files: Self.fullScale, rate: 0.30)
    }

    /// Runs `seeds` two at a time over one tree of `count` files and checks the faults were many.
    func runSeeds(_ seeds: [UInt64], files count: Int, rate: Double) async throws {
        let directory = try TemporaryDirectory.inMemoryIfPossible(prefix: "engine-faults")
        let files = try Self.makeTree(in: directory, count: count)
        let codec = Codecs.encrypting(passphrase: testPassphrase)
        // Two seeds at a time: the debug engine's own work per file is the cost, on two cores.
        let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
            var pending = seeds[...]
            for _ in 0..<2 {
                if let seed = pending.popFirst() {
                    group.addTask { try await Self.run(seed: seed, rate: rate, files: files, codec: codec, directory: directory) }
                }
            }
            var outcomes: [Outcome] = []
            while let outcome = try await group.next() {
                outcomes.append(outcome)
                if let seed = pending.popFirst() {
                    group.addTask { try await Self.run(seed: seed, rate: rate, files: files, codec: codec, directory: directory) }
                }
            }
            return outcomes
        }
        let faults = outcomes.reduce(0) { $0 + $1.faults }
        #expect(outcomes.count == seeds.count)
        // Each seed makes at least three calls per file (put, copy, get): the share must show.
        #expect(faults > Int(Double(seeds.count * count) * rate), "\(faults) faults")
        print("engine under faults at \(Int(rate * 100)) %: \(seeds.count) seeds of \(count) files, \(faults) failed calls, "
            + "\(outcomes.reduce(0) { $0 + $1.retries }) retries, at most \(outcomes.map(\.mostAttempts).max() ?? 0) attempts "
            + "for one call, \(outcomes.reduce(0) { $0 + $1.pauses }) pauses of the shared circuit")
    }

    /// One seed: its own copy of the tree (hard links), store, retrier, caches; push, change 25
    /// files, push again (copies, puts, pruning deletes), restore into a new folder and compare.
    static func run(
        seed: UInt64, rate: Double, files base: [String: [UInt8]], codec: any ContentCodec, directory: TemporaryDirectory
    ) async throws -> Outcome {
        var files = base
        let root = directory.path("seed-\(seed)")
        for path in files.keys.sorted() {
            try FileManager.default.createDirectory(
                atPath: (root + "/" + path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.linkItem(atPath: directory.path("base/" + path), toPath: root + "/" + path)
        }
        defer { try? FileManager.default.removeItem(atPath: root) }
        let memory = InMemoryObjectStore()
        memory.failRandomly(rate: rate, seed: seed)
        let audit = RetryAudit()
        let policy = RetryPolicy.standard
        // Back-off on simulated time: requests waiting side by side share one timeline.
        let retryClock = FakeClock.manual()
        let simulation = retryClock.advanceByItself()
        defer { simulation.cancel() }
        let retrier = Retrier(
            policy: policy, storeName: memory.displayName, clock: retryClock, random: SeededRandom(seed: seed).closure,
            observer: audit.record)
        let clock = FakeClock(now: Date().addingTimeInterval(60))
        let hasher = OpenSSLHasher()
        let fileSystem = FaultyFileSystem(base: PosixFileSystem(), flushes: false)
        let repositories = ReferenceRepositoryOpener(
            store: RetryingStore(memory, retrier: retrier), codec: codec, hasher: hasher, fileSystem: fileSystem,
            prefix: "faults")
        let engine = BackupEngine(
            repositories: repositories, hasher: hasher, fileSystem: fileSystem, scratch: PrivateScratchSpace(fileSystem: fileSystem),
            sqlite: FakeSQLiteSnapshotter(),
            clock: clock, configuration: EngineConfiguration(prefix: "faults", retention: .keepLast(1), cacheDirectory: root + "-cache"))
        defer { try? FileManager.default.removeItem(atPath: root + "-cache") }
        let target = BackupTarget(
            id: "faults", roots: [Root(label: "data", path: root + "/data")],
            rules: try PathRules(include: ["^data/"], exclude: [], secretExclude: [], sqlite: []))

        let fileCount = base.count
        let first = try await engine.push(target)
        #expect(first.uploaded == fileCount, "seed \(seed)")
        // Replace a few files (new inodes: the base tree stays as it is) and push again: copies
        // of the rest, puts of these, then pruning deletes the first snapshot.
        let changed = Array(stride(from: Int(seed % 40), to: fileCount, by: 40))
        for index in changed {
            let path = "data/d\(index % 50)/f\(index).bin"
            files[path] = Array("changed by seed \(seed)".utf8)
            try FileManager.default.removeItem(atPath: root + "/" + path)
            try Data(files[path]!).write(to: URL(fileURLWithPath: root + "/" + path))
        }
        clock.advance(by: 10)
        let second = try await engine.push(target)
        #expect(second.uploaded == changed.count && second.copied == fileCount - changed.count, "seed \(seed)")
        #expect(second.pruned.count == 1, "seed \(seed): the first snapshot is pruned")
        clock.advance(by: 10)
        let restoreInto = root + "-restore"
        defer { try? FileManager.default.removeItem(atPath: restoreInto) }
        let restored = try await engine.restore(target, options: RestoreOptions(targetDirectory: restoreInto))
        #expect(restored.downloaded == fileCount, "seed \(seed)")
        try expectSame(restoreInto + "/data", files, seed: seed)

        let state = audit.state.get()
        #expect(state.gaveUp.isEmpty, "seed \(seed): \(state.gaveUp)")
        #expect(state.latestStart <= policy.budget, "seed \(seed): an attempt \(state.latestStart) s after its first failure")
        #expect(state.mostAttempts <= policy.maximumAttempts)
        #expect(memory.keys.count == fileCount + 1, "seed \(seed): one snapshot, nothing left over")
        return Outcome(
            retries: state.retries, mostAttempts: state.mostAttempts,
            faults: memory.randomFaultCounts.values.reduce(0, +), pauses: state.pauses)
    }

    /// The restored tree is byte for byte `files` (`data/…` paths).
    static func expectSame(_ root: String, _ files: [String: [UInt8]], seed: UInt64) throws {
        var found = 0
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            found += 1
            let bytes = FileManager.default.contents(atPath: root + "/" + relative).map { [UInt8]($0) }
            #expect(bytes == files["data/" + relative], "seed \(seed): data/\(relative) differs")
        }
        #expect(found == files.count, "seed \(seed): \(found) files restored of \(files.count)")
    }
}
