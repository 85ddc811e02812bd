import AgentBackupPorts
import Foundation

/// One garbage collection of a packed repository (FORMAT.md section 8): reads the snapshots,
/// then the index, then lists `data/`; repacks mostly unused packs; writes one new index with
/// the live packs and the pending marks (stamped at upload); deletes the index objects it read,
/// then the packs whose grace has passed. Never takes a lock: pushes from other machines go on.
struct GarbageCollector {
    struct Outcome {
        var deletion: RepositoryDeletion
        var plan: CollectionPlan
    }

    let context: PackedContext
    /// The caller's time, seconds since 1970 (marks age against it).
    let now: Double
    let graceSeconds: Double
    /// The clock when the collection started (the caller's `now`).
    private let started: Date

    init(context: PackedContext, now: Double, graceSeconds: Double) {
        self.context = context
        self.now = now
        self.graceSeconds = graceSeconds
        started = context.clock.now()
    }

    func run() async throws -> Outcome {
        // Marks must be `grace` old at the moment the snapshots are listed: a writer that read
        // the index before a mark existed has published by then, so its snapshot is in `used`.
        let used = try await usedBlobs()
        let index = try await context.indexes.load()
        let stored = try await packsInStore()
        // `now` is the caller's time when it called, which is when the snapshots were listed
        // (the first request): pending marks are aged against it.
        let listedMs = Int64((now * 1000).rounded(.down))
        let plan = CollectionPlan(
            used: used, index: index, stored: stored, nowMs: listedMs, graceMs: Int64(graceSeconds * 1000),
            packSize: context.config.packSize)
        guard plan.changesIndex || index.objects.count > 1 else {
            return Outcome(deletion: RepositoryDeletion(), plan: plan)
        }
        let repacked = try await repack(plan.repack)
        let (written, slow) = try await writeIndex(plan, repacked: repacked, marking: true)
        if slow {
            // Its new marks were stamped before some writer could see them: a second index names
            // those packs live again (live wins), and this run deletes nothing (FORMAT.md
            // section 8). The next collection marks them afresh.
            _ = try await writeIndex(plan, repacked: repacked, marking: false)
            return Outcome(deletion: RepositoryDeletion(), plan: plan)
        }
        let oldIndexes = index.objects.filter { $0 != written }
        try await context.store.delete(keys: oldIndexes.map { context.keys.index($0) })
        let doomed = try await stillUnnamed(plan.delete, known: Set(index.objects + [written]))
        try await context.store.delete(keys: doomed.map { context.keys.pack($0.id) })
        let deletion = RepositoryDeletion(
            leftovers: doomed.map { "\(context.keys.pack($0.id)) (\(Self.describe($0.reason)), \($0.length) bytes)" },
            objects: oldIndexes.count + doomed.count,
            bytes: doomed.reduce(0) { $0 + $1.length })
        return Outcome(deletion: deletion, plan: plan)
    }

    /// The caller's time advanced by what the clock says passed since `started`, in ms.
    private func nowMs(at started: Date) -> Int64 {
        Int64((now * 1000).rounded(.down)) + Int64((context.clock.now().timeIntervalSince(started) * 1000).rounded(.down))
    }

    /// Uploads the new index: the live and repacked packs, the marks that stay, and this run's
    /// new marks stamped with the time the upload starts (without `marking`, the packs it would
    /// mark stay live and unindexed packs unnamed). Returns its id and whether the upload took
    /// longer than an eighth of the grace period.
    private func writeIndex(_ plan: CollectionPlan, repacked: [IndexedPack], marking: Bool) async throws -> (BlobID, slow: Bool) {
        let uploadStarted = context.clock.now()
        let stampMs = nowMs(at: started)
        var document = IndexDocument(packs: plan.keep + plan.resurrect + repacked)
        document.pending = plan.stillPending
        guard marking else {
            document.packs += plan.unused + plan.repack.map(\.pack)
            return (try await context.indexes.write(document), false)
        }
        document.pending += plan.unused.map { PendingPack(pack: $0, markedAtMs: stampMs, reason: .unused) }
        document.pending += plan.repack.map { PendingPack(pack: $0.pack, markedAtMs: stampMs, reason: .repacked) }
        document.pending += plan.unindexed.map {
            PendingPack(pack: IndexedPack(id: $0.id, length: UInt32(clamping: $0.length), blobs: []), markedAtMs: stampMs, reason: .unindexed)
        }
        let written = try await context.indexes.write(document)
        let took = context.clock.now().timeIntervalSince(uploadStarted)
        return (written, took > graceSeconds / 8)
    }

    /// `delete` less the packs an index object this run did not read names (a writer or another
    /// collection uploaded it meanwhile): the re-check at deletion time, one LIST of `index/`.
    private func stillUnnamed(
        _ delete: [(id: BlobID, length: Int64, reason: PendingPack.Reason)], known: Set<BlobID>
    ) async throws -> [(id: BlobID, length: Int64, reason: PendingPack.Reason)] {
        guard !delete.isEmpty else { return [] }
        let listed = try await context.store.listAll(prefix: context.keys.indexFolder).objects.compactMap {
            context.keys.id(in: $0.key, folder: context.keys.indexFolder)
        }
        var named = Set<BlobID>()
        for id in listed where !known.contains(id) {
            do {
                let document = try await context.indexes.document(id)
                named.formUnion(document.packs.map(\.id))
                named.formUnion(document.pending.map(\.pack.id))
            } catch let error as StoreError where error.code == .notFound {
                continue  // deleted again by another collection, which read it
            }
        }
        return delete.filter { !named.contains($0.id) }
    }

    static func describe(_ reason: PendingPack.Reason) -> String {
        switch reason {
        case .unused: return "no snapshot used it"
        case .repacked: return "its used blobs were repacked"
        case .unindexed: return "left by an interrupted write"
        }
    }

    /// Every blob every listed snapshot names. A snapshot deleted meanwhile is skipped; one that
    /// does not open stops the collection (what it uses cannot be known).
    private func usedBlobs() async throws -> Set<BlobID> {
        let listed = try await context.store.listAll(prefix: context.keys.snapshotsFolder).objects.compactMap { object in
            context.keys.snapshotRef(in: object.key)
        }
        let lists = try await concurrentMap(listed, limit: context.transfers) { [context] ref -> [BlobID] in
            let key = context.keys.snapshot(ref)
            do {
                let stored = try await context.store.get(key: key, maxBytes: PackedDocument.maxStoredBytes)
                let document = try SnapshotDocument.decode(try PackedDocument.decode(stored, cipher: context.cipher, object: key), ref: ref, object: key)
                return document.files.flatMap(\.blobs)
            } catch let error as StoreError where error.code == .notFound {
                return []
            } catch {
                throw RepositoryError(.integrity, "garbage collection stopped: the snapshot \(ref) does not open (\(error)), so what it uses cannot be known; nothing was deleted. Delete or repair that snapshot first", files: [key])
            }
        }
        return Set(lists.joined())
    }

    /// The packs in `data/` and their sizes.
    private func packsInStore() async throws -> [BlobID: Int64] {
        var packs: [BlobID: Int64] = [:]
        for object in try await context.store.listAll(prefix: context.keys.dataFolder).objects {
            if let id = context.keys.id(in: object.key, folder: context.keys.dataFolder) { packs[id] = object.size }
        }
        return packs
    }

    /// Copies the used blobs of `packs` into new packs (verified on the way: a damaged blob is
    /// never copied) and returns the new packs.
    private func repack(_ packs: [(pack: IndexedPack, used: [BlobEntry])]) async throws -> [IndexedPack] {
        guard !packs.isEmpty else { return [] }
        let packer = Packer(store: context.store, keys: context.keys, cipher: context.cipher, packSize: context.config.packSize, transfers: context.transfers)
        let requests = packs.flatMap { ReadPlan.coalesce(pack: $0.pack.id, blobs: $0.used.map { ($0, []) }) }
        do {
            _ = try await concurrentMap(requests, limit: context.transfers) { [context] request in
                let key = context.keys.pack(request.pack)
                let bytes = try await context.store.get(key: key, range: request.start..<request.end)
                guard Int64(bytes.count) == request.end - request.start else {
                    throw RepositoryError.damagedObject(key, "it is shorter than its index says")
                }
                for blob in request.blobs {
                    let from = Int(Int64(blob.entry.offset) - request.start)
                    let sealed = bytes[from..<from + Int(blob.entry.storedLength)]
                    _ = try context.openBlob(sealed, entry: blob.entry, pack: key)
                    guard await packer.claim(blob.entry.id) else { continue }
                    try await packer.add(id: blob.entry.id, stored: Array(sealed), rawLength: Int(blob.entry.rawLength), compressed: blob.entry.isCompressed)
                }
                return ()
            }
            return try await packer.finish()
        } catch {
            await packer.cancel()
            throw error
        }
    }
}
