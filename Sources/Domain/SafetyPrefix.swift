import Foundation

/// Names of the folders that hold safety snapshots (taken just before a restore overwrites
/// local state): `safety-<UTC time without ms, ':' → '-'>`, e.g. `safety-2026-02-09T10-04-05Z`,
/// under the backup prefix. They are never listed as regular snapshots nor pruned automatically.
public enum SafetyPrefix {
    /// What every safety folder name starts with.
    public static let marker = "safety-"

    /// The safety folder name for a restore started at `date` (seconds truncated).
    public static func name(for date: Date) -> String {
        let t = CivilTime(epochMilliseconds: CivilTime.epochMilliseconds(of: date))
        return marker + "\(SnapshotID.pad(t.year, 4))-\(SnapshotID.pad(t.month, 2))-\(SnapshotID.pad(t.day, 2))T\(SnapshotID.pad(t.hour, 2))-\(SnapshotID.pad(t.minute, 2))-\(SnapshotID.pad(t.second, 2))Z"
    }

    /// True when the folder name (one segment, trailing `/` allowed) is a safety folder.
    public static func isSafety(_ folder: String) -> Bool {
        folder.utf8.starts(with: marker.utf8)
    }
}
