import AgentBackupAdapters
import AgentBackupConfig
import AgentBackupDomain
import AgentBackupEngine
import AgentBackupPorts

/// Adds hook entries to the text of an agent's JSON settings file and changes nothing else: every
/// other byte (key order, spacing, comments, trailing commas) stays as the user wrote it. Each
/// entry is inserted as the last member (or element) of its container, indented like its
/// siblings; an entry whose command is already there is left alone, so a second run adds nothing.
public enum SettingsHookMerge {
    /// What the merge did.
    public struct Result: Sendable, Equatable {
        /// The new text (the input when nothing was added).
        public var bytes: [UInt8]
        /// Events that got an entry.
        public var added: [String]
        /// Events whose entry was already there, exactly.
        public var present: [String]
        /// Events holding another agent-backup push of this agent (a different command): left as
        /// they are, with that command, for the user to decide.
        public var different: [(event: String, command: String)]

        public static func == (lhs: Result, rhs: Result) -> Bool {
            lhs.bytes == rhs.bytes && lhs.added == rhs.added && lhs.present == rhs.present
                && lhs.different.map { "\($0.event) \($0.command)" } == rhs.different.map { "\($0.event) \($0.command)" }
        }
    }

    /// Merges `entries` into `bytes` (JSON, or JSON with comments and trailing commas; empty
    /// means no settings yet). `marker` recognizes an existing hook of ours with another command
    /// (`push --agent claude-code`).
    public static func merge(_ entries: [ClaudeCodeHooks.Entry], into bytes: [UInt8], marker: String) throws(SettingsMergeError) -> Result {
        var text = bytes.allSatisfy { [0x20, 0x09, 0x0A, 0x0D].contains($0) } ? Array("{}\n".utf8) : bytes
        var result = Result(bytes: bytes, added: [], present: [], different: [])
        for entry in entries {
            let root = try parse(text)
            guard case .object(let members) = root.value else { throw SettingsMergeError("holds \(root.value.kindName), not a JSON object") }
            guard let hooks = members.last(where: { $0.key == "hooks" }) else {
                text = insertMember("hooks", .members([(entry.event, .list([entry.group]))]), into: root, members: members, in: text)
                result.added.append(entry.event)
                continue
            }
            guard case .object(let events) = hooks.value.value else {
                throw SettingsMergeError("has \"hooks\" holding \(hooks.value.value.kindName), not an object of events")
            }
            guard let event = events.last(where: { $0.key == entry.event }) else {
                text = insertMember(entry.event, .list([entry.group]), into: hooks.value, members: events, in: text)
                result.added.append(entry.event)
                continue
            }
            guard case .array(let groups) = event.value.value else {
                throw SettingsMergeError("has \"hooks\".\"\(entry.event)\" holding \(event.value.value.kindName), not an array")
            }
            let commands = groups.flatMap(commands(in:))
            if commands.contains(entry.command) {
                result.present.append(entry.event)
            } else if let other = commands.first(where: { $0.contains(marker) }) {
                result.different.append((entry.event, other))
            } else {
                text = insertElement(entry.group, into: event.value, elements: groups, in: text)
                result.added.append(entry.event)
            }
        }
        if !result.added.isEmpty { result.bytes = text }
        return result
    }

    private static func parse(_ bytes: [UInt8]) throws(SettingsMergeError) -> JSONNode {
        do {
            return try JSONParser.parse(bytes, lenient: true)
        } catch {
            let (line, column) = error.lineAndColumn(in: bytes)
            throw SettingsMergeError("is not valid JSON at line \(line), column \(column): \(error.reason)")
        }
    }

    /// The `command` strings of one group (`{"matcher": …, "hooks": [{"type", "command"}…]}`).
    private static func commands(in group: JSONNode) -> [String] {
        guard case .object(let members) = group.value, let hooks = members.last(where: { $0.key == "hooks" }),
              case .array(let list) = hooks.value.value else { return [] }
        return list.compactMap { hook in
            guard case .object(let fields) = hook.value, let command = fields.last(where: { $0.key == "command" }),
                  case .string(let text) = command.value.value else { return nil }
            return text
        }
    }

    // MARK: Insertion

    private static func insertMember(
        _ key: String, _ value: JSONValue, into object: JSONNode, members: [JSONMember], in bytes: [UInt8]
    ) -> [UInt8] {
        let children = members.map { $0.keyRange.lowerBound..<$0.value.range.upperBound }
        return insert(into: object, children: children, in: bytes) { indent, unit in
            JSONWriter.quote(key) + (unit.isEmpty ? ":" : ": ") + JSONWriter.text(value, indent: indent, unit: unit)
        }
    }

    private static func insertElement(
        _ value: JSONValue, into array: JSONNode, elements: [JSONNode], in bytes: [UInt8]
    ) -> [UInt8] {
        insert(into: array, children: elements.map(\.range), in: bytes) { indent, unit in
            JSONWriter.text(value, indent: indent, unit: unit)
        }
    }

    /// Inserts `render(indent, unit)` as the last child of `container`: after the last child
    /// (and after its trailing comma, if the file has one), on a new line indented like it, or
    /// on the same line in a one-line container; into an empty container on a line of its own.
    private static func insert(
        into container: JSONNode, children: [Range<Int>], in bytes: [UInt8], render: (String, String) -> String
    ) -> [UInt8] {
        let containerIndent = lineIndent(at: container.range.lowerBound, in: bytes)
        guard let last = children.last else {
            let unit = documentUnit(bytes)
            let inner = containerIndent + unit
            let open = container.range.lowerBound + 1, close = container.range.upperBound - 1
            let text = "\n" + inner + render(inner, unit) + "\n" + containerIndent
            let innerBytes = bytes[open..<close]
            if innerBytes.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
                return Array(bytes[..<open]) + Array(text.utf8) + Array(bytes[close...])
            }
            return Array(bytes[..<close]) + Array(text.utf8) + Array(bytes[close...])
        }
        let ownLine = startsLine(last.lowerBound, in: bytes)
        let childIndent = ownLine ? lineIndent(at: last.lowerBound, in: bytes) : containerIndent
        var unit = ""
        if ownLine {
            unit = childIndent.count > containerIndent.count && childIndent.hasPrefix(containerIndent)
                ? String(childIndent.dropFirst(containerIndent.count)) : documentUnit(bytes)
        }
        let lead = ownLine ? "\n" + childIndent : " "
        var position = last.upperBound
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        if position < bytes.count, bytes[position] == UInt8(ascii: ",") {
            // A trailing comma (JSONC): keep the style, the new child gets one too.
            let text = lead + render(childIndent, unit) + ","
            return Array(bytes[...position]) + Array(text.utf8) + Array(bytes[(position + 1)...])
        }
        let text = "," + lead + render(childIndent, unit)
        return Array(bytes[..<last.upperBound]) + Array(text.utf8) + Array(bytes[last.upperBound...])
    }

    /// The spaces and tabs that start the line holding `offset`.
    private static func lineIndent(at offset: Int, in bytes: [UInt8]) -> String {
        var start = offset
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var end = start
        while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Whether only spaces and tabs precede `offset` on its line.
    private static func startsLine(_ offset: Int, in bytes: [UInt8]) -> Bool {
        var index = offset
        while index > 0 {
            let byte = bytes[index - 1]
            if byte == 0x0A { return true }
            if byte != 0x20 && byte != 0x09 { return false }
            index -= 1
        }
        return true
    }

    /// The indentation step of the file: that of its first indented line, else two spaces.
    private static func documentUnit(_ bytes: [UInt8]) -> String {
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A, index + 1 < bytes.count, bytes[index + 1] == 0x20 || bytes[index + 1] == 0x09 {
                let indent = lineIndent(at: index + 1, in: bytes)
                if !indent.isEmpty { return indent }
            }
            index += 1
        }
        return "  "
    }
}

/// The settings file cannot be merged into safely; nothing was written.
public struct SettingsMergeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String

    init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
