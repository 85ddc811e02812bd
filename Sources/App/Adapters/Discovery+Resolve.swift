import AgentBackupDomain
import AgentBackupPorts
import Foundation

extension Discovery {
    /// The existing folders this discovery finds, labelled `<labelPrefix><name>` with repeated
    /// labels numbered.
    func roots(labelPrefix: String, in environment: AdapterEnvironment) throws -> [Root] {
        switch self {
        case .vscodeGlobalStorage(let extensionID):
            return vscodeGlobalStorage(extensionID, labelPrefix: labelPrefix, in: environment)
        case .listFromEnvironment(let variable):
            return listFromEnvironment(variable, labelPrefix: labelPrefix, in: environment)
        case .jsonList(let spec):
            return try spec.roots(labelPrefix: labelPrefix, in: environment)
        case .glob(let pattern):
            return glob(pattern, labelPrefix: labelPrefix, in: environment)
        }
    }

    private func vscodeGlobalStorage(_ extensionID: String, labelPrefix: String, in environment: AdapterEnvironment) -> [Root] {
        let baseTemplate = environment.platform == .macOS ? "~/Library/Application Support" : "${XDG_CONFIG_HOME:-~/.config}"
        guard let base = PathTemplate.expand(baseTemplate, in: environment) else { return [] }
        let fileSystem = environment.fileSystem
        var found: [(label: String, path: String)] = []
        for product in RootProbe.sortedEntries(of: base, in: fileSystem) {
            let user = LocalPath.join(LocalPath.join(base, product), "User")
            let main = LocalPath.join(LocalPath.join(user, "globalStorage"), extensionID)
            if RootProbe.kind(of: main, in: fileSystem) == .directory {
                found.append((labelPrefix + RootLabel.sanitize(product), main))
            }
            let profiles = LocalPath.join(user, "profiles")
            for profile in RootProbe.sortedEntries(of: profiles, in: fileSystem) {
                let storage = LocalPath.join(LocalPath.join(LocalPath.join(profiles, profile), "globalStorage"), extensionID)
                if RootProbe.kind(of: storage, in: fileSystem) == .directory {
                    found.append((labelPrefix + RootLabel.sanitize(product) + "__" + RootLabel.sanitize(profile), storage))
                }
            }
        }
        let labels = RootLabel.numberDuplicates(found.map(\.label))
        return zip(labels, found).map { Root(label: $0, path: $1.path, kind: .directory) }
    }

    private func listFromEnvironment(_ variable: String, labelPrefix: String, in environment: AdapterEnvironment) -> [Root] {
        guard let raw = environment.value(of: variable) else { return [] }
        let entries = raw.split(whereSeparator: { $0 == "," || $0 == ":" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        // Numbered before the existence check, like the reference aider package, so a label
        // does not change when an earlier project folder disappears.
        let labels = RootLabel.numberDuplicates(entries.map { labelPrefix + Self.name(fromPath: $0) })
        return zip(labels, entries).compactMap { label, entry in
            let expanded = entry == "~" || entry.hasPrefix("~/") ? environment.home + entry.dropFirst() : entry
            guard let path = LocalPath.absolute(expanded, relativeTo: environment.workingDirectory),
                  RootProbe.kind(of: path, in: environment.fileSystem) == .directory
            else { return nil }
            return Root(label: label, path: path, kind: .directory)
        }
    }

    private func glob(_ pattern: String, labelPrefix: String, in environment: AdapterEnvironment) -> [Root] {
        guard let expanded = PathTemplate.expand(pattern, in: environment) else { return [] }
        var partial: [(path: String, captures: [String])] = [("/", [])]
        for segment in expanded.split(separator: "/").map(String.init) {
            var next: [(path: String, captures: [String])] = []
            for (path, captures) in partial {
                if segment.contains("*") {
                    for entry in RootProbe.sortedEntries(of: path, in: environment.fileSystem) {
                        guard let matched = Self.wildcardCaptures(segment, entry) else { continue }
                        next.append((LocalPath.join(path, entry), captures + matched))
                    }
                } else {
                    next.append((LocalPath.join(path, segment), captures))
                }
            }
            partial = next
        }
        let existing = partial.filter { RootProbe.kind(of: $0.path, in: environment.fileSystem) == .directory }
        let labels = RootLabel.numberDuplicates(existing.map { labelPrefix + RootLabel.sanitize($0.captures.joined(separator: "-")) })
        return zip(labels, existing).map { Root(label: $0, path: $1.path, kind: .directory) }
    }

    /// A sanitized basename, or `project` when nothing is left.
    static func name(fromPath path: String) -> String {
        let sanitized = RootLabel.sanitize(LocalPath.basename(path))
        return sanitized.isEmpty ? "project" : sanitized
    }

    /// `*` matches any run of characters (hidden entries only when the pattern starts with `.`).
    static func wildcard(_ pattern: String, matches name: String) -> Bool {
        wildcardCaptures(pattern, name) != nil
    }

    /// What each `*` matched (leftmost matches), or nil when `name` does not match.
    static func wildcardCaptures(_ pattern: String, _ name: String) -> [String]? {
        if name.hasPrefix("."), !pattern.hasPrefix(".") { return nil }
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard name.hasPrefix(parts[0]) else { return nil }
        var rest = Substring(name.dropFirst(parts[0].count))
        var captures: [String] = []
        for (index, part) in parts.enumerated().dropFirst() {
            if index == parts.count - 1 {
                guard rest.count >= part.count, rest.hasSuffix(part) else { return nil }
                captures.append(String(rest.dropLast(part.count)))
                return captures
            }
            guard let range = part.isEmpty ? rest.startIndex..<rest.startIndex : rest.range(of: part) else { return nil }
            captures.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        return rest.isEmpty ? captures : nil
    }
}
