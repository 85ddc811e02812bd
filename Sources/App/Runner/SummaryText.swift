import AgentBackupEngine
import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
/// One-line (or short) texts of the engine's summaries, for stdout without `--json`.
public enum SummaryText {
    public static func push(_ s: PushSummary) -> String {
        let size = ByteCount.text(s.bytes)
        switch s.outcome {
        case .noFiles:
            return "no files to back up (the rules include nothing in the agent's folders)"
        case .noChanges:
            return "no changes since the last push (\(s.files) files, \(size))"
        case .pushed:
            var text = "pushed \(s.snapshot ?? "?"): \(s.files) files, \(size) (\(s.added) added, \(s.changed) changed, \(s.deleted) deleted); "
                + "uploaded \(s.uploaded) (\(ByteCount.text(s.uploadedBytes))), copied \(s.copied) in \(seconds(s.durationSeconds))"
            if s.previousSnapshotMissing { text += "\nthe snapshot the local cache named is gone: files were compared with the newest snapshot instead" }
            if !s.pruned.isEmpty { text += "\npruned \(s.pruned.count) old snapshot(s): \(s.pruned.joined(separator: ", "))" }
            return text
        }
    }

    public static func restore(_ s: RestoreSummary) -> String {
        let verb = s.dryRun ? "would restore" : "restored"
        var text = "\(verb) \(s.snapshot)" + (s.targetDirectory.map { " into \($0)" } ?? "")
            + ": \(s.downloaded) of \(s.files) files written (\(ByteCount.text(s.downloadedBytes))), \(s.skipped) already identical"
        if s.deleted > 0 { text += ", \(s.deleted) \(s.dryRun ? "to delete" : "deleted")" }
        if !s.dryRun { text += " in \(seconds(s.durationSeconds))" }
        if let safety = s.safetySnapshot { text += "\nsafety snapshot of the previous state: \(safety)" }
        if !s.keysToReenter.isEmpty {
            text += "\nsome secrets were redacted from the backup and this machine had no value to keep: "
                + "the restored files hold \"\(Redactor.placeholder)\" in their place"
        }
        for (path, keys) in s.keysToReenter.sorted(by: { $0.key < $1.key }) {
            let file = s.reentryFiles[path].map { "\($0) (\(path))" } ?? path
            text += "\nre-enter in \(file): \(keys.joined(separator: ", "))"
        }
        if let mapping = s.pathMapping { text += "\n" + pathMapping(mapping, dryRun: s.dryRun) }
        return text
    }

    /// Every rename and, per file, the number of paths rewritten (`restore --map`).
    static func pathMapping(_ m: PathMappingSummary, dryRun: Bool) -> String {
        var lines = ["mapping " + (m.mappings.isEmpty ? "nothing (the mapped folders are the same)" : m.mappings.joined(separator: ", "))]
        let renamed = dryRun ? "would rename" : "renamed"
        for rename in m.renames {
            lines.append("  \(renamed) \(rename.from) -> \(rename.to) (\(rename.files) file\(rename.files == 1 ? "" : "s")\(rename.exact ? "" : ", by its name alone"))")
        }
        let rewrote = dryRun ? "would rewrite" : "rewrote"
        for rewrite in m.rewrites where rewrite.values > 0 || rewrite.leftAlone > 0 || rewrite.unreadLines > 0 || rewrite.unreadable != nil {
            var line = "  \(rewrote) \(rewrite.values) path\(rewrite.values == 1 ? "" : "s") in \(rewrite.path)"
            if rewrite.leftAlone > 0 { line += "; \(rewrite.leftAlone) left as written (escaped or block text)" }
            if rewrite.unreadLines > 0 { line += "; \(rewrite.unreadLines) line(s) not JSON, copied as they were" }
            if let unreadable = rewrite.unreadable { line += "; not rewritten: \(unreadable)" }
            lines.append(line)
        }
        let untouched = m.rewrites.filter { $0.values == 0 && $0.leftAlone == 0 && $0.unreadLines == 0 && $0.unreadable == nil }.count
        if untouched > 0 { lines.append("  \(untouched) other file(s) that may hold paths name none of the mapped folders") }
        for unmapped in m.unmapped { lines.append("  not mapped: \(unmapped.path): \(unmapped.reason)") }
        return lines.joined(separator: "\n")
    }

    /// One line per snapshot by its one name (`<id>`, or `safety-…/<id>` for a safety snapshot,
    /// as `restore --snapshot` takes it); an unreadable one with the reason.
    public static func snapshots(_ listing: SnapshotListing) -> String {
        var lines = listing.snapshots.map(snapshotLine)
        if lines.isEmpty { lines.append("no snapshots yet") }
        if let safety = listing.safety {
            lines.append(safety.isEmpty ? "no safety snapshots" : "safety snapshots:")
            lines += safety.map(snapshotLine)
        }
        let unreadable = listing.unreadable.count
        if unreadable > 0 { lines.append("\(unreadable) snapshot(s) could not be read (see above)") }
        return lines.joined(separator: "\n")
    }

    private static func snapshotLine(_ info: SnapshotInfo) -> String {
        if let reason = info.unreadable { return "\(info.id)  UNREADABLE: \(reason)" }
        return "\(info.id)  \(info.files) files  \(ByteCount.text(info.bytes))"
    }

    public static func verify(_ s: VerifySummary) -> String {
        "verified \(s.snapshot): \(s.files) files, \(ByteCount.text(s.bytes)), every hash matches (\(seconds(s.durationSeconds)))"
    }

    /// One line per snapshot, then the totals.
    public static func migrate(_ s: MigrateSummary) -> String {
        var lines = s.snapshots.map { snapshot in
            snapshot.outcome == .copied
                ? "copied  \(snapshot.snapshot)  \(snapshot.files) files (\(snapshot.stored) sent, \(snapshot.reused) reused), \(ByteCount.text(snapshot.bytes))"
                : "present \(snapshot.snapshot)  \(snapshot.files) files (an earlier run copied it)"
        }
        lines.append("migrated \(s.snapshots.count) snapshot(s) to \(s.destination) (\(s.layout) layout): \(s.copied) copied, "
            + "\(s.alreadyThere) already there; \(s.verifiedFiles) files read back, every hash matches (\(seconds(s.durationSeconds)))")
        return lines.joined(separator: "\n")
    }

    /// Each problem, each note, then what was checked and read.
    public static func checkRepository(_ s: RepositoryCheckSummary) -> String {
        let objects = s.layout == "packed" ? "pack(s)" : "file object(s)"
        var lines = s.problems.map { "DAMAGED  \($0)" } + s.notes.map { "note     \($0)" }
        var scope = "\(s.snapshots) snapshot(s) and \(s.dataObjects) \(objects) checked"
        if s.readDataPercent > 0 {
            let share = s.readDataPercent >= 100 ? "all data" : "\(percent(s.readDataPercent))% of the data"
            scope += "; \(share) read back: \(s.dataObjectsRead) \(objects), \(s.filesRead) files, \(ByteCount.text(s.bytesRead))"
        }
        lines.append(s.isHealthy
            ? "repository OK: \(scope) (\(seconds(s.durationSeconds)))"
            : "repository DAMAGED: \(s.problems.count) problem(s); \(scope) (\(seconds(s.durationSeconds))); "
                + "`verify --all` names the snapshots that still restore")
        return lines.joined(separator: "\n")
    }

    /// `10` for 10.0, `2.5` for 2.5.
    private static func percent(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// One line per snapshot (verified, failed or unreadable), then the count.
    public static func verifyAll(_ s: VerifyAllSummary) -> String {
        var lines = s.snapshots.map { entry -> String in
            if let reason = entry.unreadable { return "\(entry.snapshot)  UNREADABLE: \(reason)" }
            if let failure = entry.failure { return "\(entry.snapshot)  FAILED: \(failure)" }
            return "\(entry.snapshot)  verified: \(entry.files) files, \(ByteCount.text(entry.bytes))"
        }
        let good = s.snapshots.filter(\.verified).count
        lines.append(s.snapshots.isEmpty ? "no snapshots yet"
            : "\(good) of \(s.snapshots.count) snapshot(s) verified (\(seconds(s.durationSeconds)))")
        return lines.joined(separator: "\n")
    }

    /// One line per snapshot (kept with its reasons, or removed), then the totals.
    public static func prune(_ s: PruneSummary) -> String {
        var lines = s.decisions.map { d in
            d.kept ? "keep    \(d.id)  \(d.reasons.joined(separator: ", "))" : (s.dryRun ? "remove  \(d.id)" : "removed \(d.id)")
        }
        if s.dryRun {
            var parts = ["dry run: would keep \(s.kept.count) snapshot(s)", "remove \(s.deletedSnapshots.count)"]
            if !s.deletedIncomplete.isEmpty { parts.append("\(s.deletedIncomplete.count) incomplete folder(s)") }
            lines.append(parts.joined(separator: ", ") + "; nothing was deleted")
            return lines.joined(separator: "\n")
        }
        var parts = ["kept \(s.kept.count) snapshot(s)", "deleted \(s.deletedSnapshots.count)"]
        if !s.deletedIncomplete.isEmpty { parts.append("\(s.deletedIncomplete.count) incomplete folder(s)") }
        if !s.deletedSafety.isEmpty { parts.append("\(s.deletedSafety.count) safety folder(s)") }
        lines.append(parts.joined(separator: ", ") + " (\(s.objectsDeleted) objects)")
        return lines.joined(separator: "\n")
    }

    static func seconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) s"
    }
}
