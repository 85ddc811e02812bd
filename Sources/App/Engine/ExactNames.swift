import AgentBackupDomain
import AgentBackupPorts

/// Whether a restore destination is there under exactly its own bytes.
///
/// Some file systems fold names: macOS APFS and HFS+ treat `café` precomposed and decomposed as
/// one name, case-insensitive volumes fold case. There, `status("cafe\u{301}.md")` finds the
/// local `caf\u{E9}.md`, and renaming a restored file onto it would overwrite a DIFFERENT file
/// (and two snapshot files that are twins would end as one). `status` cannot tell, the folder's
/// listing can: a path is exactly there only when, from its root down, every folder's listing
/// holds the next name's bytes. Listings are cached per folder and read again before a miss
/// counts, so folders and files made during the restore are seen. Shared by concurrent tasks.
final class ExactNames: Sendable {
    private let fileSystem: any FileSystem
    private let listings = Locked<[[UInt8]: Set<[UInt8]>]>([:])

    init(fileSystem: any FileSystem) {
        self.fileSystem = fileSystem
    }

    /// For `destination`, whose last `depth` components lie below a root: nil when it does not
    /// exist or exists under exactly these bytes; otherwise the component that exists only under
    /// another name, with the name the folder lists instead (when one is recognisably its twin).
    func folded(_ destination: String, depth: Int) -> FoldedName? {
        let parts = destination.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map(Array.init)
        guard depth > 0, parts.count > depth else { return nil }
        var folder = parts[..<(parts.count - depth)].joined(separator: [UInt8(ascii: "/")]).map { $0 }
        for name in parts[(parts.count - depth)...] {
            let path = folder + [UInt8(ascii: "/")] + name
            guard (try? fileSystem.status(String(decoding: path, as: UTF8.self))) != nil else { return nil }
            guard let names = names(in: folder, mustHold: name) else { return nil }
            if !names.contains(name) {
                let wanted = String(decoding: name, as: UTF8.self)
                let twin = names.map { String(decoding: $0, as: UTF8.self) }
                    .first { $0 == wanted || $0.lowercased() == wanted.lowercased() }
                return FoldedName(name: wanted, folder: String(decoding: folder, as: UTF8.self), onDisk: twin)
            }
            folder = path
        }
        return nil
    }

    /// The names of `folder`, read again when the cached listing lacks `name`; nil when the
    /// folder cannot be listed (then nothing can be checked, and nothing is refused).
    private func names(in folder: [UInt8], mustHold name: [UInt8]) -> Set<[UInt8]>? {
        if let cached = listings.withLock({ $0[folder] }), cached.contains(name) { return cached }
        let path = folder.isEmpty ? "/" : String(decoding: folder, as: UTF8.self)
        guard let listing = try? fileSystem.listing(ofDirectory: path) else { return nil }
        let names = Set(listing.names.map { Array($0.utf8) })
        listings.withLock { $0[folder] = names }
        return names
    }
}

/// A destination component the file system holds only under another name.
struct FoldedName: Sendable, Equatable {
    /// The snapshot's name of the component.
    var name: String
    /// The folder it would be written in.
    var folder: String
    /// The name the folder holds instead, when recognisable.
    var onDisk: String?

    /// Why the file is not restored, and what to do instead.
    var message: String {
        let other = onDisk.map { "the existing \(DisplayName.quoted($0))" } ?? "another existing name"
        return "not restored: this file system treats \(DisplayName.quoted(name)) and \(other) in \(DisplayName.quoted(folder)) "
            + "as one name (it folds Unicode normalization or case), so writing it would overwrite a different file. "
            + "Restore with --target into a folder on a file system that keeps names as bytes (ext4, xfs, btrfs on Linux)"
    }
}
