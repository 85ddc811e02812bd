import AgentBackupPorts
import Foundation
import Testing
@testable import AgentBackup
@testable import AgentBackupAdapters
@testable import AgentBackupConfig
@testable import AgentBackupEngine
@testable import AgentBackupRedaction
@testable import AgentBackupRunner

/// Redaction of each file format: secrets replaced, everything else byte for byte.
@Suite struct RedactorFormatTests {
    private let quoted = "\"<redacted by agent-backup>\""

    private func redact(_ text: String, path: String, keys: String, format: RedactionFormat = .auto) throws -> (String, [String]) {
        let redactor = try Redactor(rules: [RedactionRule(path: path, keys: keys, format: format)])
        let result = try redactor.redact(Array(text.utf8), virtualPath: path)
        return (String(decoding: result.contents, as: UTF8.self), result.redactedKeys)
    }

    @Test func jsonKeepsLayoutAndReplacesNestedValues() throws {
        let source = """
        {
          "primaryApiKey": "sk-ant-123",
          "numStartups": 42,
          "mcpServers": {
            "github": {"command": "gh", "env": {"GITHUB_TOKEN": "ghp_abc", "DEBUG": true, "REF": "${GH_TOKEN}"}},
            "web": {"url": "https://x", "headers": {"Authorization": "Bearer zzz"}}
          },
          "projects": {"/home/me/app": {"mcpServers": {"db": {"env": {"PASSWORD": "hunter2"}}}}}
        }
        """
        let (output, keys) = try redact(source, path: "claudejson/.claude.json", keys: "^(primaryApiKey|env|headers)$")
        let expected = source
            .replacingOccurrences(of: "\"sk-ant-123\"", with: quoted)
            .replacingOccurrences(of: "\"ghp_abc\"", with: quoted)
            .replacingOccurrences(of: "\"Bearer zzz\"", with: quoted)
            .replacingOccurrences(of: "\"hunter2\"", with: quoted)
        #expect(output == expected)
        #expect(keys == [
            "primaryApiKey",
            "mcpServers.github.env.GITHUB_TOKEN",
            "mcpServers.web.headers.Authorization",
            "projects[\"/home/me/app\"].mcpServers.db.env.PASSWORD",
        ])
        #expect(!output.contains("sk-ant") && !output.contains("ghp_") && !output.contains("hunter2"))
        #expect(output.contains("\"REF\": \"${GH_TOKEN}\""), "an environment reference is not a secret")
        #expect(output.contains("\"DEBUG\": true"), "booleans keep their type")
    }

    @Test func jsoncCommentsAndTrailingCommasSurvive() throws {
        let source = "{\n  // my key\n  \"apiKey\": 'abc', /* inline */\n  \"model\": \"gpt\",\n}\n"
        let (output, keys) = try redact(source, path: "config/settings.jsonc", keys: "apiKey")
        #expect(output == "{\n  // my key\n  \"apiKey\": \(quoted), /* inline */\n  \"model\": \"gpt\",\n}\n")
        #expect(keys == ["apiKey"])
    }

    @Test func jsonLinesRedactsLineByLine() throws {
        let source = "{\"type\":\"msg\",\"text\":\"hi\"}\n\n{\"type\":\"auth\",\"token\":\"t-1\"}\n"
        let (output, keys) = try redact(source, path: "home/history.jsonl", keys: "^token$")
        #expect(output == "{\"type\":\"msg\",\"text\":\"hi\"}\n\n{\"type\":\"auth\",\"token\":\(quoted)}\n")
        #expect(keys == ["line 3: token"])
    }

    @Test func yamlNestingSequencesAndScalarStyles() throws {
        let source = """
        # goose config
        GOOSE_PROVIDER: openai
        OPENAI_API_KEY: sk-plain  # inline comment
        extensions:
          github:
            enabled: true
            envs:
              GITHUB_TOKEN: "ghp_quoted"
              PORT: 8080
          other:
            envs: {A: 'single', B: plain}
        models:
        - name: m1
          api_key: |
            multi
            line
        - name: m2
          api_key: >-
            folded
        after: kept

        """
        let (output, keys) = try redact(source, path: "config/config.yaml", keys: "(?i)^(envs|openai_api_key|api_key)$")
        let expected = """
        # goose config
        GOOSE_PROVIDER: openai
        OPENAI_API_KEY: \(quoted)  # inline comment
        extensions:
          github:
            enabled: true
            envs:
              GITHUB_TOKEN: \(quoted)
              PORT: 8080
          other:
            envs: {A: \(quoted), B: \(quoted)}
        models:
        - name: m1
          api_key: \(quoted)
        - name: m2
          api_key: \(quoted)
        after: kept

        """
        #expect(output == expected)
        #expect(keys == [
            "OPENAI_API_KEY",
            "extensions.github.envs.GITHUB_TOKEN",
            "extensions.other.envs.A",
            "extensions.other.envs.B",
            "models[0].api_key",
            "models[1].api_key",
        ])
    }

    @Test func yamlSequenceOfScalarsUnderASecretKey() throws {
        let source = "tokens:\n- abc\n- def\nname: x\n"
        let (output, keys) = try redact(source, path: "a/b.yml", keys: "^tokens$")
        #expect(output == "tokens:\n- \(quoted)\n- \(quoted)\nname: x\n")
        #expect(keys == ["tokens[0]", "tokens[1]"])
    }

    @Test func tomlTablesArraysOfTablesAndInlineTables() throws {
        let source = """
        model = "o3"
        experimental_bearer_token = "tok" # comment

        [model_providers.azure]
        name = "Azure"
        http_headers = { "api-key" = "AZ-1", Accept = "json" }

        [mcp_servers.github.env]
        GITHUB_TOKEN = '''ghp
        multi'''

        [[profiles]]
        env = { A = "1" }
        [[profiles]]
        env = { A = "2" }
        ports = [1, 2]

        """
        let (output, keys) = try redact(source, path: "home/config.toml", keys: "^(env|http_headers|experimental_bearer_token)$")
        let expected = """
        model = "o3"
        experimental_bearer_token = \(quoted) # comment

        [model_providers.azure]
        name = "Azure"
        http_headers = { "api-key" = \(quoted), Accept = \(quoted) }

        [mcp_servers.github.env]
        GITHUB_TOKEN = \(quoted)

        [[profiles]]
        env = { A = \(quoted) }
        [[profiles]]
        env = { A = \(quoted) }
        ports = [1, 2]

        """
        #expect(output == expected)
        #expect(keys == [
            "experimental_bearer_token",
            "model_providers.azure.http_headers.api-key",
            "model_providers.azure.http_headers.Accept",
            "mcp_servers.github.env.GITHUB_TOKEN",
            "profiles[0].env.A",
            "profiles[1].env.A",
        ])
    }

    @Test func dotEnvAssignments() throws {
        let source = "# keys\nexport OPENAI_API_KEY=sk-1 # note\nNAME='me'\nTOKEN=\"a\\\"b\"\nEMPTY=\n"
        let (output, keys) = try redact(source, path: "home/.env", keys: "(?i)(key|token)")
        #expect(output == "# keys\nexport OPENAI_API_KEY=\(quoted) # note\nNAME='me'\nTOKEN=\(quoted)\nEMPTY=\n")
        #expect(keys == ["OPENAI_API_KEY", "TOKEN"])
    }

    @Test func explicitFormatOverridesTheFileName() throws {
        let (output, _) = try redact("key: v\n", path: "home/settings.conf", keys: "key", format: .yaml)
        #expect(output == "key: \(quoted)\n")
    }

    @Test func aFileTheRulesDoNotNameIsUntouched() throws {
        let redactor = try Redactor(rules: [RedactionRule(path: "^home/a\\.json$", keys: "k")])
        let bytes = Array("{\"k\": \"v\"}".utf8)
        #expect(!redactor.redacts(virtualPath: "home/b.json"))
        #expect(redactor.redacts(virtualPath: "home/a.json"))
        #expect(try redactor.redact(bytes, virtualPath: "home/b.json") == RedactedFile(contents: bytes, redactedKeys: []))
    }

    @Test func unreadableFilesAreRefusedWithTheLine() throws {
        let redactor = try Redactor(rules: [RedactionRule(path: "json$", keys: "k")])
        #expect {
            try redactor.redact(Array("{\n  \"k\": \"v\"\n  \"x\": 1\n}".utf8), virtualPath: "home/a.json")
        } throws: { error in
            let text = "\(error)"
            return text.contains("home/a.json") && text.contains("line 3") && text.contains("not uploaded")
        }
        let noFormat = try Redactor(rules: [RedactionRule(path: "conf$", keys: "k")])
        #expect(throws: RedactionError.self) { try noFormat.redact(Array("k = v".utf8), virtualPath: "home/a.conf") }
    }

    @Test func badRuleRegexNamesTheField() {
        #expect {
            try Redactor(rules: [RedactionRule(path: "ok", keys: "(unclosed")])
        } throws: { error in
            "\(error)".contains("redact[0].keys") && "\(error)".contains("(unclosed")
        }
    }

    @Test func environmentReferencesAreRecognised() {
        #expect(Redactor.isEnvironmentReference("$OPENAI_API_KEY"))
        #expect(Redactor.isEnvironmentReference("${A_1}"))
        #expect(Redactor.isEnvironmentReference("{env:ANTHROPIC_API_KEY}"))
        #expect(Redactor.isEnvironmentReference("${env:X}"))
        #expect(!Redactor.isEnvironmentReference("$1abc"))
        #expect(!Redactor.isEnvironmentReference("sk-$abc"))
        #expect(!Redactor.isEnvironmentReference("$ab-cd"))
    }
}
