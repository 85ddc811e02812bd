import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

@Suite struct PathTemplateTests {
    private let home = AdapterFakeHome()

    private func expand(_ template: String, _ variables: [String: String] = [:], workingDirectory: String? = nil) -> String? {
        PathTemplate.expand(template, in: home.environment(variables, workingDirectory: workingDirectory))
    }

    @Test func tildeVariablesAndDefaults() {
        #expect(expand("~") == "/home/me")
        #expect(expand("~/.claude") == "/home/me/.claude")
        #expect(expand("~user/x", workingDirectory: "/w") == "/w/~user/x", "only a bare ~ or ~/ is the home folder")
        #expect(expand("$CODEX_HOME", ["CODEX_HOME": "/c"]) == "/c")
        #expect(expand("${CODEX_HOME}/x", ["CODEX_HOME": "/c/"]) == "/c/x")
        #expect(expand("${XDG_CONFIG_HOME:-~/.config}/goose") == "/home/me/.config/goose")
        #expect(expand("${XDG_CONFIG_HOME:-~/.config}/goose", ["XDG_CONFIG_HOME": "/x"]) == "/x/goose")
        #expect(expand("${A:-${B:-~/.b}/data}", ["B": "/bb"]) == "/bb/data")
        #expect(expand("${A:-${B:-~/.b}/data}") == "/home/me/.b/data")
        #expect(expand("~/.hermes${SUFFIX:-}") == "/home/me/.hermes")
        #expect(expand("~/.hermes${SUFFIX:-}", ["SUFFIX": "-dev"]) == "/home/me/.hermes-dev")
        #expect(expand("/a/$5/b") == "/a/$5/b", "a $ not followed by a name is literal")
        #expect(expand("/a/./b/../c//d/") == "/a/c/d")
    }

    @Test func unsetOrEmptyVariableWithoutDefaultSkipsTheCandidate() {
        #expect(expand("$CODEX_HOME") == nil)
        #expect(expand("$CODEX_HOME", ["CODEX_HOME": ""]) == nil)
        #expect(expand("${A:-$B}") == nil)
        #expect(expand("${A:-$B}", ["B": "/b"]) == "/b")
    }

    @Test func relativeResultsNeedAWorkingDirectory() {
        #expect(expand("$DIR", ["DIR": "rel"]) == nil)
        #expect(expand("$DIR", ["DIR": "rel/../x"], workingDirectory: "/w") == "/w/x")
    }

    @Test func syntaxProblemsAreDescribed() {
        #expect(PathTemplate.problem(in: "~/.x") == nil)
        #expect(PathTemplate.problem(in: "") == "is empty")
        #expect(PathTemplate.problem(in: "${A") == #"missing the closing "}" of "${A" at offset 0"#)
        #expect(PathTemplate.problem(in: "/x/${A:-~/y") == #"missing the closing "}" of "${A:-" at offset 3"#)
        #expect(PathTemplate.problem(in: "${1A}") == #""${" at offset 0 must be followed by a variable name ([A-Za-z_][A-Za-z0-9_]*)"#)
        #expect(PathTemplate.problem(in: "${A:=x}")?.contains("only ${VAR} and ${VAR:-default}") == true)
        #expect(PathTemplate.variables(in: "${A:-${B}/x}$C") == ["A", "B", "C"])
    }
}
