import Foundation
import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

/// JSON adapter files: a valid file, and one test per validation error, each naming the field.
@Suite struct AdapterFileTests {
    private let valid = #"""
    {
      "id": "my-agent",
      "name": "My Agent",
      "roots": [
        {"label": "home", "dir": ["$MY_AGENT_HOME", "~/.my-agent"]},
        {"label": "ide", "dir": {"linux": "${XDG_CONFIG_HOME:-~/.config}/MyAgent", "macos": "~/Library/Application Support/MyAgent"}},
        {"label": "rc", "file": "~/.my-agentrc", "unlessSet": ["MY_AGENT_HOME"]},
        {"label": "extra", "dir": "$MY_AGENT_EXTRA", "unlessInside": ["home"]},
        {"labelPrefix": "proj-", "discover": {"kind": "listFromEnv", "variable": "MY_AGENT_PROJECTS"}},
        {"labelPrefix": "gs-", "discover": {"kind": "vscodeGlobalStorage", "extensionId": "me.my-agent"}},
        {"labelPrefix": "ws-", "discover": {"kind": "jsonList", "file": "~/.my-agent/projects.json", "items": "projects", "dir": "data", "name": "path", "ignoreInvalid": true}},
        {"labelPrefix": "g-", "discover": {"kind": "glob", "pattern": "~/.my-agent-*/state"}}
      ],
      "include": ["^home/", "^ide/settings\\.json$"],
      "exclude": ["^home/cache/", "-wal$"],
      "sqlite": ["\\.db$"],
      "secretExclude": ["^home/auth\\.json$"],
      "noRootsHint": "Run my-agent once.",
      "redact": [{"path": "^home/config\\.json$", "keys": "^apiKey$", "format": "json"}, {"path": "\\.yaml$", "keys": "token"}]
    }
    """#

    private func load(_ text: String) throws -> Adapter {
        let home = AdapterFakeHome(contents: ["/etc/agent.json": text])
        return try AdapterFile.load(path: "/etc/agent.json", fileSystem: home)
    }

    /// The error `text` produces, as the user sees it.
    private func failure(_ text: String) -> String {
        do {
            _ = try load(text)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    /// The valid file with one substring replaced.
    private func variant(_ old: String, _ new: String) -> String {
        precondition(valid.contains(old), old)
        return valid.replacingOccurrences(of: old, with: new)
    }

    @Test func validFileLoadsEveryField() throws {
        let adapter = try load(valid)
        #expect(adapter.id == "my-agent")
        #expect(adapter.name == "My Agent")
        #expect(adapter.roots.count == 8)
        #expect(adapter.roots[0] == .directory("home", ["$MY_AGENT_HOME", "~/.my-agent"]))
        #expect(adapter.roots[1] == .directory("ide", .byPlatform(linux: ["${XDG_CONFIG_HOME:-~/.config}/MyAgent"], macOS: ["~/Library/Application Support/MyAgent"])))
        #expect(adapter.roots[2] == .file("rc", "~/.my-agentrc", unlessSet: ["MY_AGENT_HOME"]))
        #expect(adapter.roots[3].unlessInside == ["home"])
        #expect(adapter.roots[4] == .discover(labelPrefix: "proj-", .listFromEnvironment(variable: "MY_AGENT_PROJECTS")))
        #expect(adapter.roots[5].source == .discover(.vscodeGlobalStorage(extensionID: "me.my-agent")))
        #expect(adapter.roots[6].source == .discover(.jsonList(JSONListDiscovery(file: "~/.my-agent/projects.json", items: "projects", directory: "data", name: "path", ignoreInvalid: true))))
        #expect(adapter.roots[7].source == .discover(.glob(pattern: "~/.my-agent-*/state")))
        #expect(adapter.include == ["^home/", "^ide/settings\\.json$"])
        #expect(adapter.exclude == ["^home/cache/", "-wal$"])
        #expect(adapter.sqlite == ["\\.db$"])
        #expect(adapter.secretExclude == ["^home/auth\\.json$"])
        #expect(adapter.noRootsHint == "Run my-agent once.")
        #expect(adapter.redact == [RedactionRule(path: "^home/config\\.json$", keys: "^apiKey$", format: .json), RedactionRule(path: "\\.yaml$", keys: "token")])
    }

    @Test func encodedFileReadsBackToTheSameAdapter() throws {
        let adapter = try load(valid)
        #expect(try AdapterFile.parse(adapter.encodedJSON(), source: "copy.json") == adapter)
    }

    @Test func minimalFileNeedsOnlyIdRootsAndInclude() throws {
        let adapter = try load(#"{"id": "x", "roots": [{"label": "home", "dir": "~/.x"}], "include": ["^home/"]}"#)
        #expect(adapter.exclude.isEmpty && adapter.sqlite.isEmpty && adapter.secretExclude.isEmpty && adapter.redact.isEmpty && adapter.noRootsHint == nil)
    }

    @Test func jsonSyntaxErrorNamesTheFileAndLine() {
        let message = failure("{\n  \"id\": \"x\",\n  \"roots\": [}\n}")
        #expect(message.hasPrefix("/etc/agent.json: line 3, column 13:"), "\(message)")
    }

    @Test func adapterFilesAreStrictJSON() {
        #expect(failure("{\n  // comment\n  \"id\": \"x\"\n}").hasPrefix("/etc/agent.json: line 2, column 3: unexpected '/'; expected a key in double quotes"))
        #expect(failure(#"{"id": "x", "roots": [{"label": "h", "dir": "~"},], "include": ["."]}"#).contains("line 1, column 50: trailing comma before ']'"))
        #expect(failure(#"{"id": "x", "id": "y", "roots": [{"label": "h", "dir": "~"}], "include": ["."]}"#).contains("id: appears twice"))
    }

    @Test func unreadableFileNamesThePath() {
        #expect(throws: AdapterError.self) { try AdapterFile.load(path: "/nope.json", fileSystem: AdapterFakeHome()) }
        #expect(throws: AdapterError(.unreadable, file: "/nope.json", "cannot be read: open /nope.json: No such file")) {
            try AdapterFile.load(path: "/nope.json", fileSystem: AdapterFakeHome())
        }
    }

    @Test(arguments: [
        (#""id": "my-agent""#, #""id": "My Agent""#, "/etc/agent.json: id: \"My Agent\" must match [a-z0-9][a-z0-9-]*"),
        (#""id": "my-agent""#, #""id": "-x""#, "id: \"-x\" must match"),
        (#""id": "my-agent""#, #""id": 7"#, "id: expected a string, found a number"),
        (#""id": "my-agent","#, "", "id: is required"),
        (#""label": "ide""#, #""label": "a/b""#, #"roots[1].label: must be a non-empty string without "/""#),
        (#""label": "ide""#, #""label": """#, #"roots[1].label: must be a non-empty string without "/""#),
        (#""label": "ide""#, #""label": "home""#, #"roots[1].label: "home" is already used by roots[0]; labels must be unique"#),
        (#""label": "ide""#, #""lable": "ide""#, #"roots[1].lable: unknown field"#),
        (#""dir": ["$MY_AGENT_HOME", "~/.my-agent"]"#, #""dir": "${MY_AGENT_HOME""#, #"roots[0].dir: path "${MY_AGENT_HOME": missing the closing "}" of "${MY_AGENT_HOME" at offset 0"#),
        (#""dir": ["$MY_AGENT_HOME", "~/.my-agent"]"#, #""dir": "${HOME-x}""#, #"roots[0].dir: path "${HOME-x}": unsupported "${HOME-" at offset 0: only ${VAR} and ${VAR:-default} are understood"#),
        (#""dir": ["$MY_AGENT_HOME", "~/.my-agent"]"#, #""dir": []"#, "roots[0].dir: must list at least one path"),
        (#""dir": ["$MY_AGENT_HOME", "~/.my-agent"]"#, #""dir": "~/x", "file": "~/y""#, #"roots[0]: has both "dir" and "file"; give exactly one"#),
        (#""unlessInside": ["home"]"#, #""unlessInside": ["hme"]"#, #"roots[3].unlessInside[0]: "hme" is not the label of an earlier root"#),
        (#""unlessSet": ["MY_AGENT_HOME"]"#, #""unlessSet": ["MY AGENT"]"#, #"roots[2].unlessSet[0]: "MY AGENT" is not an environment variable name"#),
        (#""kind": "listFromEnv""#, #""kind": "listFromEnvironment""#, #"roots[4].discover.kind: "listFromEnvironment" is not a discovery kind"#),
        (#""labelPrefix": "proj-""#, #""label": "proj-""#, #"roots[4].label: a discovered root names its roots itself; use "labelPrefix""#),
        (#""include": ["^home/", "^ide/settings\\.json$"]"#, #""include": []"#, "include: must list at least one pattern"),
        (#""include": ["^home/", "^ide/settings\\.json$"]"#, #""include": "^home/""#, "include: expected a list of strings, found a string"),
        (#""exclude": ["^home/cache/", "-wal$"]"#, #""exclude": ["^home/cache/", 3]"#, "exclude[1]: expected a string, found a number"),
        (#""noRootsHint": "Run my-agent once.""#, #""exlude": []"#, #"exlude: unknown field; expected one of "id", "name", "roots""#),
        (#""format": "json""#, #""format": "xml""#, #"redact[0].format: "xml" is not a format; use one of json, jsonl, yaml, toml, env, auto"#),
        (#""keys": "token""#, #""key": "token""#, "redact[1].key: unknown field"),
    ])
    func eachValidationErrorNamesTheField(old: String, new: String, expected: String) {
        let message = failure(variant(old, new))
        #expect(message.contains(expected), "\(message)")
        #expect(message.hasPrefix("/etc/agent.json: "), "\(message)")
    }

    @Test func regexTypoPointsAtThePatternAndPosition() {
        let message = failure(variant(#""exclude": ["^home/cache/", "-wal$"]"#, #""exclude": ["^home/cache/", "-wal$", "(foo"]"#))
        #expect(message == #"/etc/agent.json: exclude[2]: invalid regular expression "(foo" — missing closing parenthesis at offset 4 for the group opened at offset 0"#)
    }

    @Test(arguments: [
        ("include", "^home/[a-", #"include[2]: invalid regular expression "^home/[a-" — missing closing ] for the character class opened at offset 6"#),
        ("sqlite", "*.db", #"sqlite[1]: invalid regular expression "*.db" — quantifier '*' has nothing to repeat at offset 0"#),
        ("secretExclude", "auth)", #"secretExclude[1]: invalid regular expression "auth)" — unmatched closing parenthesis at offset 4"#),
        ("exclude", "a{3,1}", #"exclude[2]: invalid regular expression "a{3,1}" — quantifier {3,1} at offset 1 has its minimum above its maximum"#),
        ("exclude", "x\\", #"exclude[2]: invalid regular expression "x\\" — trailing backslash at offset 1 (escape it as \\)"#),
    ])
    func otherRegexMistakesAreLocated(field: String, pattern: String, expected: String) throws {
        var adapter = try load(valid)
        switch field {
        case "include": adapter.include.append(pattern)
        case "sqlite": adapter.sqlite.append(pattern)
        case "secretExclude": adapter.secretExclude.append(pattern)
        default: adapter.exclude.append(pattern)
        }
        let message = failure(String(decoding: adapter.encodedJSON(), as: UTF8.self))
        #expect(message == "/etc/agent.json: " + expected)
    }

    @Test func badRedactionPatternNamesTheRule() {
        let message = failure(variant(#""keys": "^apiKey$""#, #""keys": "^(apiKey""#))
        #expect(message.contains(#"redact[0].keys: invalid regular expression "^(apiKey" — missing closing parenthesis at offset 8"#), "\(message)")
    }

    @Test func errorsAreTypedForTheCLI() {
        #expect {
            try load(variant(#""exclude": ["^home/cache/", "-wal$"]"#, #""exclude": ["("]"#))
        } throws: { error in
            (error as? AdapterError)?.kind == .invalidPattern && (error as? AdapterError)?.field == "exclude[0]"
        }
        #expect {
            try load("[1, 2")
        } throws: { error in
            (error as? AdapterError)?.kind == .syntax
        }
    }

    @Test func decodableThroughJSONDecoderWithTheSameChecks() throws {
        let adapter = try JSONDecoder().decode(Adapter.self, from: Data(valid.utf8))
        #expect(adapter == (try load(valid)))
        #expect(throws: AdapterError.self) {
            try JSONDecoder().decode(Adapter.self, from: Data(variant(#""id": "my-agent""#, #""id": "Bad""#).utf8))
        }
        let reencoded = try JSONDecoder().decode(Adapter.self, from: try JSONEncoder().encode(adapter))
        #expect(reencoded == adapter)
    }
}
