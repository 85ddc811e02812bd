import AgentBackupPorts
import Foundation

/// How a file system matches a name against the names a folder holds.
public enum NameFolding: Sendable, Equatable {
    /// By bytes (Linux file systems).
    case none
    /// Canonically equivalent names (NFC `caf\u{E9}`, NFD `cafe\u{301}`) are one name (APFS
    /// formatted case-sensitive).
    case normalization
    /// Normalization and case variants are one name (APFS as macOS formats it by default).
    case caseAndNormalization

    /// The bytes two names share when this file system takes them for the same name.
    func key(_ name: String) -> [UInt8] {
        switch self {
        case .none: Array(name.utf8)
        case .normalization: Array(name.decomposedStringWithCanonicalMapping.utf8)
        case .caseAndNormalization: Array(name.decomposedStringWithCanonicalMapping.lowercased().decomposedStringWithCanonicalMapping.utf8)
        }
    }
}

extension FaultyFileSystem {
    /// The real path `path` names under `folding`: each component that does not exist as spelled
    /// is replaced by the folder's entry that folds to the same name, if there is one (the
    /// spelling it was first created with, which a folding file system keeps). Components that
    /// match nothing stay as given, so creating them uses the caller's spelling.
    func resolve(_ path: String) -> String {
        guard folding != .none, path.hasPrefix("/") else { return path }
        var resolved = ""
        var parentExists = true
        for component in components(of: path) {
            let exact = resolved + "/" + component
            if !parentExists || (try? base.status(exact)) != nil {
                resolved = exact
                continue
            }
            let key = folding.key(component)
            let entries = (try? base.listing(ofDirectory: resolved.isEmpty ? "/" : resolved).names) ?? []
            if let match = entries.first(where: { folding.key($0) == key }) {
                resolved += "/" + match
            } else {
                resolved = exact
                parentExists = false
            }
        }
        return resolved.isEmpty ? "/" : resolved
    }

    /// Path components split at `/` bytes (a `/` followed by a combining mark is one Swift
    /// `Character`, so splitting the `String` would not cut there).
    func components(of path: String) -> [String] {
        path.utf8.split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
    }

    func parent(of path: String) -> String {
        let parts = components(of: path).dropLast()
        return "/" + parts.joined(separator: "/")
    }

    func lastComponent(of path: String) -> String {
        components(of: path).last ?? ""
    }
}
