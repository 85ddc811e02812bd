extension Adapter {
    /// Every place root resolution looks at on this machine, one line each, for the message of a
    /// push that found none of the agent's folders: a new user sees where the agent was expected
    /// and which variable would move it (`config: $GOOSE_PATH_ROOT/config (GOOSE_PATH_ROOT is not set)`).
    public func searchedPlaces(in environment: AdapterEnvironment) -> [String] {
        var lines: [String] = []
        for spec in roots {
            let setters = spec.unlessSet.filter { environment.value(of: $0) != nil }
            if !setters.isEmpty {
                lines.append("\(spec.label): not looked for, because \(setters.joined(separator: ", ")) is set")
                continue
            }
            switch spec.source {
            case .directory(let candidates):
                lines += candidateLines(spec.label, candidates, kind: "folder", in: environment)
            case .file(let candidates):
                lines += candidateLines(spec.label, candidates, kind: "file", in: environment)
            case .discover(let discovery):
                lines.append("\(spec.label.isEmpty ? "discovered" : spec.label + "*"): \(discovery.searchDescription(in: environment))")
            }
        }
        return lines
    }

    /// The variables the adapter's root templates read, in order of first use: setting one of
    /// them is how a user points a built-in adapter at another place.
    public var rootVariables: [String] {
        var seen: [String] = []
        func add(_ names: [String]) {
            for name in names where !seen.contains(name) { seen.append(name) }
        }
        for spec in roots {
            switch spec.source {
            case .directory(let candidates), .file(let candidates):
                for template in candidates.allTemplates { add(PathTemplate.variables(in: template)) }
            case .discover(let discovery):
                add(discovery.variables)
            }
        }
        return seen
    }

    private func candidateLines(_ label: String, _ candidates: PathCandidates, kind: String, in environment: AdapterEnvironment) -> [String] {
        let templates = candidates.candidates(on: environment.platform)
        if templates.isEmpty { return ["\(label): no place on \(environment.platform)"] }
        return templates.map { template in
            if let path = PathTemplate.expand(template, in: environment) {
                return "\(label): \(path) (\(kind), not found)"
            }
            let unset = PathTemplate.variables(in: template).filter { environment.value(of: $0) == nil }
            return "\(label): \(template) (not used: \(unset.joined(separator: ", ")) \(unset.count == 1 ? "is" : "are") not set)"
        }
    }
}

extension Discovery {
    /// Where the discovery looks, in words, with this machine's paths.
    func searchDescription(in environment: AdapterEnvironment) -> String {
        switch self {
        case .vscodeGlobalStorage(let extensionID):
            let base = environment.platform == .macOS ? "~/Library/Application Support" : "${XDG_CONFIG_HOME:-~/.config}"
            let expanded = PathTemplate.expand(base, in: environment) ?? base
            return "\(expanded)/<editor>/User[/profiles/<profile>]/globalStorage/\(extensionID) (none found)"
        case .listFromEnvironment(let variable):
            guard let value = environment.value(of: variable) else { return "the folders listed in $\(variable) (not set)" }
            return "the folders listed in $\(variable) (\(value): none exists)"
        case .jsonList(let spec):
            let files = spec.file.candidates(on: environment.platform).map { PathTemplate.expand($0, in: environment) ?? $0 }
            return "the folders listed under \"\(spec.items)\" in \(files.joined(separator: " or ")) (none found)"
        case .glob(let pattern):
            return "\(PathTemplate.expand(pattern, in: environment) ?? pattern) (none found)"
        }
    }

    /// The variables this discovery reads.
    var variables: [String] {
        switch self {
        case .vscodeGlobalStorage: return ["XDG_CONFIG_HOME"]
        case .listFromEnvironment(let variable): return [variable]
        case .jsonList(let spec): return spec.file.allTemplates.flatMap(PathTemplate.variables(in:))
        case .glob(let pattern): return PathTemplate.variables(in: pattern)
        }
    }
}
