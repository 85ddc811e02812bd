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
            if s.previousSnapshotMissing { text += "\nthe snapshot the local cache named is gone: every file was uploaded" }
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
        return text
    }

    public static func snapshots(_ listing: SnapshotListing) -> String {
        var lines = listing.snapshots.map { "\($0.id)  \($0.files) files  \(ByteCount.text($0.bytes))" }
        if lines.isEmpty { lines.append("no snapshots yet") }
        if let safety = listing.safety {
            lines.append(safety.isEmpty ? "no safety snapshots" : "safety snapshots:")
            lines += safety.map { "\($0.safetyFolder ?? "?")  \($0.id)  \($0.files) files  \(ByteCount.text($0.bytes))" }
        }
        return lines.joined(separator: "\n")
    }

    public static func verify(_ s: VerifySummary) -> String {
        "verified \(s.snapshot): \(s.files) files, \(ByteCount.text(s.bytes)), every hash matches (\(seconds(s.durationSeconds)))"
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
