import AgentBackupDomain
import Foundation

extension Adapter {
    /// The adapter in the adapter-file format (members in a fixed, readable order; empty
    /// optional lists left out).
    var json: JSONValue {
        var members: [(String, JSONValue)] = [("id", .string(id))]
        if let name { members.append(("name", .string(name))) }
        members.append(("roots", .list(roots.map(\.json))))
        members.append(("include", Self.strings(include)))
        members.append(("exclude", Self.strings(exclude)))
        members.append(("sqlite", Self.strings(sqlite)))
        members.append(("secretExclude", Self.strings(secretExclude)))
        if let noRootsHint { members.append(("noRootsHint", .string(noRootsHint))) }
        if !redact.isEmpty {
            members.append(("redact", .list(redact.map { rule in
                .members([("path", .string(rule.path)), ("keys", .string(rule.keys)), ("format", .string(rule.format.rawValue))])
            })))
        }
        if !pathNames.isEmpty {
            members.append(("pathNames", .list(pathNames.map { .members([("folder", .string($0.folder)), ("encoding", .string($0.encoding.rawValue))]) })))
        }
        if !pathFiles.isEmpty {
            members.append(("pathFiles", .list(pathFiles.map { rule in
                var fields: [(String, JSONValue)] = [("path", .string(rule.path)), ("format", .string(rule.format.rawValue))]
                if let keys = rule.keys { fields.append(("keys", .string(keys))) }
                if rule.index { fields.append(("index", .bool(true))) }
                return .members(fields)
            })))
        }
        return .members(members)
    }

    /// The adapter as an adapter file (pretty JSON, UTF-8, final newline): what
    /// `agents --json` prints, and what `AdapterFile.load` reads back to an equal adapter.
    public func encodedJSON() -> [UInt8] {
        Array(JSONWriter.pretty(json).utf8)
    }

    /// The adapter file as `JSONSerialization` objects, for output that adds members (such as
    /// the `rootsFound` of `agents --json`).
    public var jsonObject: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(encodedJSON()))) as? [String: Any] ?? [:]
    }

    fileprivate static func strings(_ list: [String]) -> JSONValue {
        .list(list.map { .string($0) })
    }
}

extension RootSpec {
    fileprivate var json: JSONValue {
        var members: [(String, JSONValue)] = []
        switch source {
        case .directory(let candidates):
            members = [("label", .string(label)), ("dir", candidates.json)]
        case .file(let candidates):
            members = [("label", .string(label)), ("file", candidates.json)]
        case .discover(let discovery):
            members = [("labelPrefix", .string(label)), ("discover", discovery.json)]
        }
        if !unlessSet.isEmpty { members.append(("unlessSet", Adapter.strings(unlessSet))) }
        if !unlessInside.isEmpty { members.append(("unlessInside", Adapter.strings(unlessInside))) }
        return .members(members)
    }
}

extension PathCandidates {
    fileprivate var json: JSONValue {
        func list(_ paths: [String]) -> JSONValue {
            paths.count == 1 ? .string(paths[0]) : Adapter.strings(paths)
        }
        switch self {
        case .anywhere(let paths):
            return list(paths)
        case .byPlatform(let linux, let macOS):
            var members: [(String, JSONValue)] = []
            if !linux.isEmpty { members.append(("linux", list(linux))) }
            if !macOS.isEmpty { members.append(("macos", list(macOS))) }
            return .members(members)
        }
    }
}

extension Discovery {
    fileprivate var json: JSONValue {
        switch self {
        case .vscodeGlobalStorage(let extensionID):
            return .members([("kind", .string("vscodeGlobalStorage")), ("extensionId", .string(extensionID))])
        case .listFromEnvironment(let variable):
            return .members([("kind", .string("listFromEnv")), ("variable", .string(variable))])
        case .jsonList(let spec):
            var members: [(String, JSONValue)] = [("kind", .string("jsonList")), ("file", spec.file.json), ("items", .string(spec.items)), ("dir", .string(spec.directory))]
            if let name = spec.name { members.append(("name", .string(name))) }
            if spec.ignoreInvalid { members.append(("ignoreInvalid", .bool(true))) }
            return .members(members)
        case .glob(let pattern):
            return .members([("kind", .string("glob")), ("pattern", .string(pattern))])
        }
    }
}
