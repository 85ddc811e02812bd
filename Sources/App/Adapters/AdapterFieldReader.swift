import AgentBackupDomain
/// Reads one JSON object of an adapter file, naming the field in every error
/// (`roots[1].label: expected a string, found a number`) and refusing unknown members, so a
/// typo such as `"exlude"` is reported instead of silently ignored.
struct AdapterFieldReader {
    /// The object's path in the file (`roots[1]`); empty at the top level.
    let field: String
    private let members: [(String, JSONValue)]

    init(_ value: JSONValue, field: String, allowed: [String]) throws(AdapterError) {
        guard let members = value.pairs else {
            throw AdapterError(.invalidField, field: field.isEmpty ? nil : field, "expected an object, found \(value.kindName)")
        }
        self.field = field
        self.members = members
        var seen = Set<String>()
        for (key, _) in members {
            guard allowed.contains(key) else {
                throw AdapterError(.invalidField, field: path(key), "unknown field; expected one of \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))")
            }
            guard seen.insert(key).inserted else { throw AdapterError(.invalidField, field: path(key), "appears twice") }
        }
    }

    /// `field.key`, or `key` at the top level.
    func path(_ key: String) -> String {
        field.isEmpty ? key : field + "." + key
    }

    func value(_ key: String) -> JSONValue? {
        members.first { $0.0 == key }?.1
    }

    func has(_ key: String) -> Bool {
        value(key) != nil
    }

    func string(_ key: String) throws(AdapterError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw AdapterError(.invalidField, field: path(key), "expected a string, found \(value.kindName)") }
        return text
    }

    func requiredString(_ key: String, hint: String = "") throws(AdapterError) -> String {
        guard let text = try string(key) else { throw AdapterError(.invalidField, field: path(key), "is required" + hint) }
        return text
    }

    func bool(_ key: String) throws(AdapterError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw AdapterError(.invalidField, field: path(key), "expected true or false, found \(value.kindName)") }
        return flag
    }

    func stringList(_ key: String) throws(AdapterError) -> [String]? {
        guard let value = value(key) else { return nil }
        return try Self.strings(value, field: path(key))
    }

    /// A list of strings; every element is checked.
    static func strings(_ value: JSONValue, field: String) throws(AdapterError) -> [String] {
        guard let elements = value.elements else { throw AdapterError(.invalidField, field: field, "expected a list of strings, found \(value.kindName)") }
        var result: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                throw AdapterError(.invalidField, field: "\(field)[\(index)]", "expected a string, found \(element.kindName)")
            }
            result.append(text)
        }
        return result
    }
}
