import AgentBackupDomain
import AgentBackupPorts
import AgentBackupRedaction

extension JSONListDiscovery {
    /// The existing folders listed in the JSON file, sorted by name so that labels do not
    /// depend on the order the agent writes (Crush sorts by last access).
    func roots(labelPrefix: String, in environment: AdapterEnvironment) throws -> [Root] {
        guard let path = RootProbe.firstExisting(file, kind: .file, in: environment) else { return [] }
        let bytes: [UInt8]
        do {
            bytes = try environment.fileSystem.readFile(path)
        } catch {
            if ignoreInvalid { return [] }
            throw AdapterError(.discovery, file: path, "cannot be read (\(error)); without it the agent's folders are unknown")
        }
        let document: JSONNode
        do {
            document = try JSONParser.parse(bytes, lenient: true)
        } catch {
            if ignoreInvalid { return [] }
            let (line, column) = error.lineAndColumn(in: bytes)
            throw AdapterError(.discovery, file: path, "line \(line), column \(column): \(error.reason); without this list the agent's folders are unknown (fix or remove the file)")
        }
        var node: JSONNode? = document
        for key in items.split(separator: ".").map(String.init) {
            guard case .object(let members)? = node?.value else {
                node = nil
                break
            }
            node = members.last { $0.key == key }?.value
        }
        let elements: [JSONNode]
        switch node?.value {
        case .array(let list)?: elements = list
        case .object?: elements = [node!]
        default: elements = []
        }
        let base = LocalPath.parent(path)
        var entries: [(name: String, path: String)] = []
        for element in elements {
            guard case .object(let members) = element.value,
                  case .string(let folder)? = members.last(where: { $0.key == directory })?.value.value,
                  !folder.isEmpty
            else { continue }
            var named = folder
            if let name, case .string(let value)? = members.last(where: { $0.key == name })?.value.value, !value.isEmpty {
                named = value
            }
            let expanded = folder == "~" || folder.hasPrefix("~/") ? environment.home + folder.dropFirst() : folder
            guard let absolute = LocalPath.absolute(expanded, relativeTo: base) else { continue }
            entries.append((Discovery.name(fromPath: named), absolute))
        }
        entries.sort { lhs, rhs in
            if !lhs.name.utf8.elementsEqual(rhs.name.utf8) { return lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8) }
            return lhs.path.utf8.lexicographicallyPrecedes(rhs.path.utf8)
        }
        let labels = RootLabel.numberDuplicates(entries.map { labelPrefix + $0.name })
        return zip(labels, entries).compactMap { label, entry in
            RootProbe.kind(of: entry.path, in: environment.fileSystem) == .directory ? Root(label: label, path: entry.path, kind: .directory) : nil
        }
    }
}
