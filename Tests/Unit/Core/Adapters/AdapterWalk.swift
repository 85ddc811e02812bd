import AgentBackupDomain
import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

/// What happens to one file of a fake home under an adapter's rules.
enum Fate: Equatable, CustomStringConvertible {
    /// Uploaded as is.
    case included
    /// Uploaded through the SQLite online backup.
    case sqlite
    /// Uploaded with some values redacted.
    case redacted
    /// Skipped by `exclude` (or inside a pruned folder).
    case excluded
    /// Skipped by `secretExclude` (or inside a folder it prunes).
    case secret
    /// Matched no `include`.
    case notIncluded

    var isUploaded: Bool { self == .included || self == .sqlite || self == .redacted }

    var description: String {
        switch self {
        case .included: return "included"
        case .sqlite: return "sqlite"
        case .redacted: return "redacted"
        case .excluded: return "excluded"
        case .secret: return "secret"
        case .notIncluded: return "notIncluded"
        }
    }
}

/// Walks a fake home the way the engine does (roots, pruning with a trailing `/`, rules) and
/// checks an adapter against a table.
struct AdapterWalk {
    let adapter: Adapter
    let home: AdapterFakeHome
    let environment: AdapterEnvironment

    /// Resolved roots as `label → path` (file roots suffixed with ` (file)`).
    func roots() throws -> [String: String] {
        var result: [String: String] = [:]
        for root in try adapter.resolveRoots(in: environment) {
            result[root.label] = root.kind == .file ? root.path + " (file)" : root.path
        }
        return result
    }

    /// The fate of every file reachable from the roots, by virtual path.
    func fates() throws -> [String: Fate] {
        let rules = try adapter.pathRules()
        let redactor = try adapter.redactor()
        var fates: [String: Fate] = [:]
        func fileFate(_ virtualPath: String) -> Fate {
            switch rules.verdict(forFile: virtualPath) {
            case .secret: return .secret
            case .excluded: return .excluded
            case .notIncluded: return .notIncluded
            case .included:
                if rules.isSQLite(virtualPath) { return .sqlite }
                if redactor?.redacts(virtualPath: virtualPath) == true { return .redacted }
                return .included
            }
        }
        func walk(_ path: String, virtualPath: String, pruned: Fate?) throws {
            for name in try home.contents(ofDirectory: path) {
                let child = LocalPath.join(path, name)
                let childVirtual = virtualPath + "/" + name
                guard let status = try home.status(child) else { continue }
                switch status.kind {
                case .regular:
                    fates[childVirtual] = pruned ?? fileFate(childVirtual)
                case .directory:
                    var fate = pruned
                    if fate == nil, !rules.shouldEnter(directory: childVirtual) {
                        fate = rules.secretExclude.matches(childVirtual + "/") ? .secret : .excluded
                    }
                    try walk(child, virtualPath: childVirtual, pruned: fate)
                default:
                    continue
                }
            }
        }
        for root in try adapter.resolveRoots(in: environment) {
            switch root.kind {
            case .file: fates[root.label + "/" + root.basename] = fileFate(root.label + "/" + root.basename)
            case .directory: try walk(root.path, virtualPath: root.label, pruned: nil)
            }
        }
        return fates
    }

    /// Checks the roots, then every row, then that nothing outside the rows is uploaded.
    func check(roots expectedRoots: [String: String], _ rows: [(String, Fate)], sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try roots() == expectedRoots, sourceLocation: sourceLocation)
        let fates = try fates()
        for (virtualPath, expected) in rows {
            #expect(fates[virtualPath] == expected, "\(virtualPath): expected \(expected), got \(fates[virtualPath].map(\.description) ?? "not reached")", sourceLocation: sourceLocation)
        }
        let uploaded = Set(fates.filter { $0.value.isUploaded }.keys)
        let expectedUploads = Set(rows.filter { $0.1.isUploaded }.map(\.0))
        #expect(uploaded == expectedUploads, "uploaded files differ from the table: extra \(uploaded.subtracting(expectedUploads).sorted()), missing \(expectedUploads.subtracting(uploaded).sorted())", sourceLocation: sourceLocation)
    }
}

extension Adapter {
    /// A walker over a fake home.
    func walk(_ home: AdapterFakeHome, _ variables: [String: String] = [:], platform: Platform = .linux, workingDirectory: String? = nil) -> AdapterWalk {
        AdapterWalk(adapter: self, home: home, environment: home.environment(variables, platform: platform, workingDirectory: workingDirectory))
    }
}
