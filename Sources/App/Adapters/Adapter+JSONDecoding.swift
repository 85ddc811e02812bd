import AgentBackupRedaction
import AgentBackupPorts
import AgentBackupDomain
extension Adapter {
    static let topLevelFields = ["id", "name", "roots", "include", "exclude", "sqlite", "secretExclude", "noRootsHint", "redact", "pathNames", "pathFiles"]

    /// An adapter from the JSON adapter-file format, checked field by field and then with
    /// `validate()`. Errors are `AdapterError`s naming the field.
    init(json: JSONValue) throws(AdapterError) {
        let top = try AdapterFieldReader(json, field: "", allowed: Self.topLevelFields)
        guard let include = try top.stringList("include") else {
            throw AdapterError(.invalidField, field: "include", "is required: list the patterns of the files to back up")
        }
        guard let rootsValue = top.value("roots") else {
            throw AdapterError(.invalidField, field: "roots", "is required: list where the agent keeps its state, e.g. [{\"label\": \"home\", \"dir\": \"~/.agent\"}]")
        }
        guard let rootValues = rootsValue.elements else {
            throw AdapterError(.invalidField, field: "roots", "expected a list of roots, found \(rootsValue.kindName)")
        }
        var roots: [RootSpec] = []
        for (index, value) in rootValues.enumerated() {
            roots.append(try Self.rootSpec(value, field: "roots[\(index)]"))
        }
        var redact: [RedactionRule] = []
        if let redactValue = top.value("redact") {
            guard let ruleValues = redactValue.elements else {
                throw AdapterError(.invalidField, field: "redact", "expected a list of rules, found \(redactValue.kindName)")
            }
            for (index, value) in ruleValues.enumerated() {
                let rule = try AdapterFieldReader(value, field: "redact[\(index)]", allowed: ["path", "keys", "format"])
                var format = RedactionFormat.auto
                if let name = try rule.string("format") {
                    guard let parsed = RedactionFormat(rawValue: name) else {
                        throw AdapterError(.invalidField, field: rule.path("format"), "\"\(name)\" is not a format; use one of \(RedactionFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    format = parsed
                }
                redact.append(RedactionRule(path: try rule.requiredString("path"), keys: try rule.requiredString("keys"), format: format))
            }
        }
        self.init(
            id: try top.requiredString("id", hint: ": a short name such as \"my-agent\" ([a-z0-9][a-z0-9-]*)"),
            name: try top.string("name"),
            roots: roots,
            include: include,
            exclude: try top.stringList("exclude") ?? [],
            sqlite: try top.stringList("sqlite") ?? [],
            secretExclude: try top.stringList("secretExclude") ?? [],
            noRootsHint: try top.string("noRootsHint"),
            redact: redact,
            pathNames: try Self.pathNames(top.value("pathNames")),
            pathFiles: try Self.pathFiles(top.value("pathFiles"))
        )
        try validate()
    }

    private static func pathNames(_ value: JSONValue?) throws(AdapterError) -> [PathNameRule] {
        guard let value else { return [] }
        guard let items = value.elements else {
            throw AdapterError(.invalidField, field: "pathNames", "expected a list of {\"folder\", \"encoding\"}, found \(value.kindName)")
        }
        var rules: [PathNameRule] = []
        for (index, item) in items.enumerated() {
            let rule = try AdapterFieldReader(item, field: "pathNames[\(index)]", allowed: ["folder", "encoding"])
            let name = try rule.requiredString("encoding", hint: ": one of \(PathNameEncoding.allCases.map(\.rawValue).joined(separator: ", "))")
            guard let encoding = PathNameEncoding(rawValue: name) else {
                throw AdapterError(.invalidField, field: rule.path("encoding"), "\"\(name)\" is not an encoding; use one of \(PathNameEncoding.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            rules.append(PathNameRule(folder: try rule.requiredString("folder", hint: ": the virtual path of the folder, e.g. \"home/projects\""), encoding: encoding))
        }
        return rules
    }

    private static func pathFiles(_ value: JSONValue?) throws(AdapterError) -> [PathFileRule] {
        guard let value else { return [] }
        guard let items = value.elements else {
            throw AdapterError(.invalidField, field: "pathFiles", "expected a list of {\"path\", \"format\", \"keys\", \"index\"}, found \(value.kindName)")
        }
        var rules: [PathFileRule] = []
        for (index, item) in items.enumerated() {
            let rule = try AdapterFieldReader(item, field: "pathFiles[\(index)]", allowed: ["path", "format", "keys", "index"])
            var format = PathFileFormat.auto
            if let name = try rule.string("format") {
                guard let parsed = PathFileFormat(rawValue: name) else {
                    throw AdapterError(.invalidField, field: rule.path("format"), "\"\(name)\" is not a format; use one of \(PathFileFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                format = parsed
            }
            rules.append(PathFileRule(path: try rule.requiredString("path"), format: format, keys: try rule.string("keys"), index: try rule.bool("index") ?? false))
        }
        return rules
    }

    private static func rootSpec(_ value: JSONValue, field: String) throws(AdapterError) -> RootSpec {
        let root = try AdapterFieldReader(value, field: field, allowed: ["label", "labelPrefix", "dir", "file", "discover", "unlessSet", "unlessInside"])
        let sources = ["dir", "file", "discover"].filter(root.has)
        guard sources.count == 1 else {
            throw AdapterError(.invalidField, field: field, sources.isEmpty
                ? "needs one of \"dir\" (a folder), \"file\" (a single file) or \"discover\" (folders found at run time)"
                : "has both \(sources.map { "\"\($0)\"" }.joined(separator: " and ")); give exactly one")
        }
        let source: RootSpec.Source
        let label: String
        switch sources[0] {
        case "dir", "file":
            if root.has("labelPrefix") {
                throw AdapterError(.invalidField, field: root.path("labelPrefix"), "only discovered roots take a label prefix; use \"label\"")
            }
            guard let text = try root.string("label") else {
                throw AdapterError(.invalidField, field: root.path("label"), "must be a non-empty string without \"/\"")
            }
            label = text
            let candidates = try pathCandidates(root.value(sources[0])!, field: root.path(sources[0]))
            source = sources[0] == "dir" ? .directory(candidates) : .file(candidates)
        default:
            if root.has("label") {
                throw AdapterError(.invalidField, field: root.path("label"), "a discovered root names its roots itself; use \"labelPrefix\" (may be \"\")")
            }
            label = try root.string("labelPrefix") ?? ""
            source = .discover(try discovery(root.value("discover")!, field: root.path("discover")))
        }
        return RootSpec(
            label: label,
            source: source,
            unlessSet: try root.stringList("unlessSet") ?? [],
            unlessInside: try root.stringList("unlessInside") ?? []
        )
    }

    private static func pathCandidates(_ value: JSONValue, field: String) throws(AdapterError) -> PathCandidates {
        func list(_ value: JSONValue, field: String) throws(AdapterError) -> [String] {
            switch value {
            case .string(let text): return [text]
            case .array:
                let strings = try AdapterFieldReader.strings(value, field: field)
                guard !strings.isEmpty else { throw AdapterError(.invalidField, field: field, "must list at least one path") }
                return strings
            default:
                throw AdapterError(.invalidField, field: field, "expected a path or a list of paths, found \(value.kindName)")
            }
        }
        if case .object = value {
            let platforms = try AdapterFieldReader(value, field: field, allowed: ["linux", "macos"])
            guard platforms.has("linux") || platforms.has("macos") else {
                throw AdapterError(.invalidField, field: field, "give \"linux\" and/or \"macos\" paths")
            }
            return .byPlatform(
                linux: try platforms.value("linux").map { v throws(AdapterError) in try list(v, field: platforms.path("linux")) } ?? [],
                macOS: try platforms.value("macos").map { v throws(AdapterError) in try list(v, field: platforms.path("macos")) } ?? []
            )
        }
        return .anywhere(try list(value, field: field))
    }

    private static func discovery(_ value: JSONValue, field: String) throws(AdapterError) -> Discovery {
        guard let members = value.pairs, case .string(let kind)? = members.first(where: { $0.0 == "kind" })?.1 else {
            throw AdapterError(.invalidField, field: field, "expected an object with a \"kind\": vscodeGlobalStorage, listFromEnv, jsonList or glob")
        }
        switch kind {
        case "vscodeGlobalStorage":
            let reader = try AdapterFieldReader(value, field: field, allowed: ["kind", "extensionId"])
            return .vscodeGlobalStorage(extensionID: try reader.requiredString("extensionId", hint: ": the editor extension's id, e.g. \"saoudrizwan.claude-dev\""))
        case "listFromEnv":
            let reader = try AdapterFieldReader(value, field: field, allowed: ["kind", "variable"])
            return .listFromEnvironment(variable: try reader.requiredString("variable", hint: ": the environment variable listing the folders"))
        case "jsonList":
            let reader = try AdapterFieldReader(value, field: field, allowed: ["kind", "file", "items", "dir", "name", "ignoreInvalid"])
            guard let file = reader.value("file") else { throw AdapterError(.invalidField, field: reader.path("file"), "is required: the JSON file listing the folders") }
            return .jsonList(JSONListDiscovery(
                file: try pathCandidates(file, field: reader.path("file")),
                items: try reader.string("items") ?? "",
                directory: try reader.requiredString("dir", hint: ": the member of each item that holds the folder"),
                name: try reader.string("name"),
                ignoreInvalid: try reader.bool("ignoreInvalid") ?? false
            ))
        case "glob":
            let reader = try AdapterFieldReader(value, field: field, allowed: ["kind", "pattern"])
            return .glob(pattern: try reader.requiredString("pattern", hint: ": a path with * wildcards, e.g. \"~/.config/*/agent\""))
        default:
            throw AdapterError(.invalidField, field: field + ".kind", "\"\(kind)\" is not a discovery kind; use vscodeGlobalStorage, listFromEnv, jsonList or glob")
        }
    }
}
