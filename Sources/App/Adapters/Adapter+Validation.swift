import AgentBackupDomain
extension Adapter {
    /// Checks what the types cannot: the id's shape, labels (non-empty, unique, usable as a
    /// path segment), path templates, variable names, `unlessInside` references and every
    /// regular expression (with the pattern and the position of the mistake). Built-in adapters
    /// pass the same checks as adapter files.
    public func validate() throws(AdapterError) {
        if !Self.isValidID(id) {
            throw AdapterError(.invalidField, field: "id", "\"\(id)\" must match [a-z0-9][a-z0-9-]* (at most 64 characters): it names the bucket prefix and local folders")
        }
        if roots.isEmpty {
            throw AdapterError(.invalidField, field: "roots", "must list at least one root")
        }
        var labels: [String: Int] = [:]
        for (index, root) in roots.enumerated() {
            let field = "roots[\(index)]"
            try Self.checkLabel(root, field: field)
            if !root.isDiscovery {
                if let first = labels[root.label] {
                    throw AdapterError(.invalidField, field: field + ".label", "\"\(root.label)\" is already used by roots[\(first)]; labels must be unique")
                }
                labels[root.label] = index
            }
            switch root.source {
            case .directory(let candidates): try Self.checkCandidates(candidates, field: field + ".dir")
            case .file(let candidates): try Self.checkCandidates(candidates, field: field + ".file")
            case .discover(let discovery): try Self.checkDiscovery(discovery, field: field + ".discover")
            }
            for (position, name) in root.unlessSet.enumerated() where !Self.isVariableName(name) {
                throw AdapterError(.invalidField, field: "\(field).unlessSet[\(position)]", "\"\(name)\" is not an environment variable name")
            }
            for (position, label) in root.unlessInside.enumerated() where labels[label] == nil || labels[label] == index {
                throw AdapterError(.invalidField, field: "\(field).unlessInside[\(position)]", "\"\(label)\" is not the label of an earlier root")
            }
        }
        for (name, patterns) in [("include", include), ("exclude", exclude), ("sqlite", sqlite), ("secretExclude", secretExclude)] {
            for (index, pattern) in patterns.enumerated() {
                try Self.checkPattern(pattern, field: "\(name)[\(index)]")
            }
        }
        if include.isEmpty {
            throw AdapterError(.invalidField, field: "include", "must list at least one pattern, or nothing would ever be backed up")
        }
        for (index, rule) in redact.enumerated() {
            try Self.checkPattern(rule.path, field: "redact[\(index)].path")
            try Self.checkPattern(rule.keys, field: "redact[\(index)].keys")
        }
        for (index, rule) in pathNames.enumerated() where !Self.isFolderPath(rule.folder) {
            throw AdapterError(.invalidField, field: "pathNames[\(index)].folder", "\"\(rule.folder)\" must be a virtual path such as \"home/projects\": a root label, then folders, '/'-separated, no '.', '..' or empty part, no leading or trailing '/'")
        }
        for (index, rule) in pathFiles.enumerated() {
            try Self.checkPattern(rule.path, field: "pathFiles[\(index)].path")
            if let keys = rule.keys { try Self.checkPattern(keys, field: "pathFiles[\(index)].keys") }
        }
    }

    /// `label/folder/…`: what a virtual path's folder part can be.
    static func isFolderPath(_ folder: String) -> Bool {
        !folder.isEmpty && !folder.contains("\\") && !folder.utf8.contains(0)
            && folder.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    static func isValidID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, id.unicodeScalars.count <= 64, first != "-" else { return false }
        return id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    private static func checkLabel(_ root: RootSpec, field: String) throws(AdapterError) {
        let label = root.label
        let unsafe = label.contains("/") || label.contains("\\") || label.unicodeScalars.contains { $0.value < 0x20 }
        if root.isDiscovery {
            if unsafe { throw AdapterError(.invalidField, field: field + ".labelPrefix", "must not contain \"/\", \"\\\" or control characters") }
        } else if label.isEmpty || unsafe || label == "." || label == ".." {
            throw AdapterError(.invalidField, field: field + ".label", "must be a non-empty string without \"/\"")
        }
    }

    private static func checkCandidates(_ candidates: PathCandidates, field: String) throws(AdapterError) {
        func check(_ list: [String], field: String) throws(AdapterError) {
            for (index, template) in list.enumerated() {
                if let problem = PathTemplate.problem(in: template) {
                    throw AdapterError(.invalidField, field: list.count == 1 && !field.hasSuffix("]") ? field : "\(field)[\(index)]", "path \"\(template)\": \(problem)")
                }
            }
        }
        switch candidates {
        case .anywhere(let list):
            if list.isEmpty { throw AdapterError(.invalidField, field: field, "must list at least one path") }
            try check(list, field: field)
        case .byPlatform(let linux, let macOS):
            try check(linux, field: field + ".linux")
            try check(macOS, field: field + ".macos")
        }
    }

    private static func checkDiscovery(_ discovery: Discovery, field: String) throws(AdapterError) {
        switch discovery {
        case .vscodeGlobalStorage(let extensionID):
            if extensionID.isEmpty || extensionID.contains("/") {
                throw AdapterError(.invalidField, field: field + ".extensionId", "must be an extension id such as \"saoudrizwan.claude-dev\"")
            }
        case .listFromEnvironment(let variable):
            if !isVariableName(variable) {
                throw AdapterError(.invalidField, field: field + ".variable", "\"\(variable)\" is not an environment variable name")
            }
        case .jsonList(let spec):
            try checkCandidates(spec.file, field: field + ".file")
            if spec.directory.isEmpty { throw AdapterError(.invalidField, field: field + ".dir", "must name the member holding the folder") }
        case .glob(let pattern):
            if let problem = PathTemplate.problem(in: pattern) {
                throw AdapterError(.invalidField, field: field + ".pattern", "path \"\(pattern)\": \(problem)")
            }
        }
    }

    private static func checkPattern(_ pattern: String, field: String) throws(AdapterError) {
        if let problem = RegexDiagnosis.problem(in: pattern) {
            throw AdapterError(.invalidPattern, field: field, "invalid regular expression \(JSONWriter.quote(pattern)) — \(problem)")
        }
    }
}
