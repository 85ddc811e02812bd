import AgentBackupDomain
/// Expands the path templates of adapter roots, like a POSIX shell would but with nothing else:
/// `~` (at the start, or at the start of a default), `$VAR`, `${VAR}`, `${VAR:-default}`
/// (defaults may nest: `${CLINE_DATA_DIR:-${CLINE_DIR:-~/.cline}/data}`).
///
/// A variable that is unset or empty and has no default makes the whole template unusable (the
/// candidate is skipped), so `$CODEX_HOME` never silently becomes the current folder. A `$`
/// not followed by a name or `{` is literal.
enum PathTemplate {
    private enum Piece {
        case text(String)
        case home
        case variable(String, fallback: [Piece]?)
    }

    /// Why `template` is not a valid template, or nil when it is.
    static func problem(in template: String) -> String? {
        if template.isEmpty { return "is empty" }
        do {
            _ = try parse(Array(template.unicodeScalars), from: 0, untilBrace: false)
            return nil
        } catch {
            return error.message
        }
    }

    /// The expanded, normalized absolute path, or nil when a variable is missing or the result
    /// is relative and `environment` has no working directory.
    static func expand(_ template: String, in environment: AdapterEnvironment) -> String? {
        guard let (pieces, _) = try? parse(Array(template.unicodeScalars), from: 0, untilBrace: false),
              let text = evaluate(pieces, in: environment), !text.isEmpty
        else { return nil }
        return LocalPath.absolute(text, relativeTo: environment.workingDirectory)
    }

    /// The variables a template reads, for `unlessSet`-style checks and listings.
    static func variables(in template: String) -> [String] {
        guard let (pieces, _) = try? parse(Array(template.unicodeScalars), from: 0, untilBrace: false) else { return [] }
        func collect(_ pieces: [Piece]) -> [String] {
            pieces.flatMap { piece -> [String] in
                if case .variable(let name, let fallback) = piece { return [name] + collect(fallback ?? []) }
                return []
            }
        }
        return collect(pieces)
    }

    private struct Failure: Error {
        var message: String
    }

    private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar)
    }

    private static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || ("0"..."9").contains(scalar)
    }

    /// Parses from `start` to the end (or, inside a default, to the closing `}`); returns the
    /// pieces and the index after them.
    private static func parse(_ scalars: [Unicode.Scalar], from start: Int, untilBrace: Bool) throws(Failure) -> ([Piece], Int) {
        var pieces: [Piece] = []
        var text = ""
        var index = start
        func flush() {
            if !text.isEmpty { pieces.append(.text(text)); text = "" }
        }
        if index < scalars.count, scalars[index] == "~", index + 1 == scalars.count || scalars[index + 1] == "/" || (untilBrace && scalars[index + 1] == "}") {
            pieces.append(.home)
            index += 1
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if untilBrace, scalar == "}" {
                flush()
                return (pieces, index)
            }
            guard scalar == "$", index + 1 < scalars.count else {
                text.unicodeScalars.append(scalar)
                index += 1
                continue
            }
            let next = scalars[index + 1]
            if next == "{" {
                var cursor = index + 2
                let nameStart = cursor
                while cursor < scalars.count, isNameCharacter(scalars[cursor]) { cursor += 1 }
                let name = String(String.UnicodeScalarView(scalars[nameStart..<cursor]))
                guard !name.isEmpty, isNameStart(scalars[nameStart]) else {
                    throw Failure(message: "\"${\" at offset \(index) must be followed by a variable name ([A-Za-z_][A-Za-z0-9_]*)")
                }
                guard cursor < scalars.count else { throw Failure(message: "missing the closing \"}\" of \"${\(name)\" at offset \(index)") }
                if scalars[cursor] == "}" {
                    flush()
                    pieces.append(.variable(name, fallback: nil))
                    index = cursor + 1
                } else if scalars[cursor] == ":", cursor + 1 < scalars.count, scalars[cursor + 1] == "-" {
                    let (fallback, end) = try parse(scalars, from: cursor + 2, untilBrace: true)
                    guard end < scalars.count else { throw Failure(message: "missing the closing \"}\" of \"${\(name):-\" at offset \(index)") }
                    flush()
                    pieces.append(.variable(name, fallback: fallback))
                    index = end + 1
                } else {
                    throw Failure(message: "unsupported \"${\(name)\(scalars[cursor])\" at offset \(index): only ${VAR} and ${VAR:-default} are understood")
                }
            } else if isNameStart(next) {
                var cursor = index + 1
                while cursor < scalars.count, isNameCharacter(scalars[cursor]) { cursor += 1 }
                flush()
                pieces.append(.variable(String(String.UnicodeScalarView(scalars[(index + 1)..<cursor])), fallback: nil))
                index = cursor
            } else {
                text.unicodeScalars.append(scalar)
                index += 1
            }
        }
        if untilBrace { return (pieces, index) }
        flush()
        return (pieces, index)
    }

    private static func evaluate(_ pieces: [Piece], in environment: AdapterEnvironment) -> String? {
        var result = ""
        for piece in pieces {
            switch piece {
            case .text(let text):
                result += text
            case .home:
                result += environment.home
            case .variable(let name, let fallback):
                if let value = environment.value(of: name) {
                    result += value
                } else if let fallback {
                    guard let expanded = evaluate(fallback, in: environment) else { return nil }
                    result += expanded
                } else {
                    return nil
                }
            }
        }
        return result
    }
}
