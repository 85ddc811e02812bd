import AgentBackupDomain
import AgentBackupInfrastructure
import AgentBackupPorts
import AgentBackupTestSupport
import Foundation
import Testing
@testable import AgentBackupRedaction

/// Rewriting mapped paths inside files (`restore --map`): only whole path values and path
/// prefixes at a `/` boundary change, every other byte stays, and the result maps back to the
/// snapshot's bytes.
@Suite struct PathRewriterTests {
    let directory: TemporaryDirectory
    let fileSystem = PosixFileSystem()
    let hasher = OpenSSLHasher()

    init() throws {
        directory = try TemporaryDirectory(prefix: "path-rewriter")
    }

    func mapper(_ pairs: (String, String)...) throws -> PathMapper {
        try PathMapper(pairs.map { try PathMapping(from: $0.0, to: $0.1) })
    }

    /// Rewrites `text` stored under `virtualPath` by `rule`; returns the new text (the old one
    /// when nothing changed) and the result, after checking the undo digest is the original's.
    func rewrite(
        _ text: String, _ rule: PathFileRule, virtualPath: String, mapper: PathMapper
    ) throws -> (text: String, result: PathRewriteResult) {
        let bytes = Array(text.utf8)
        let source = try directory.write(bytes, to: "in-\(UUID().uuidString)")
        let output = directory.path("out-\(UUID().uuidString)")
        let result = try PathRewriter(rules: [rule]).rewrite(
            source, virtualPath: virtualPath, mapper: mapper, into: output, scratch: directory.path("undo-\(UUID().uuidString)"),
            fileSystem: fileSystem, hasher: hasher)
        guard result.values > 0 else { return (text, result) }
        #expect(result.undone == hasher.digest(of: bytes), "the rewrite maps back to the original bytes")
        return (String(decoding: try fileSystem.readFile(output), as: UTF8.self), result)
    }

    @Test func jsonPathValuesAndProjectKeysChangeProseAndOtherKeysDoNot() throws {
        let source = """
        {
          // a comment naming /home/alice stays
          "cwd": "/home/alice/src/app",
          "home":"/home/alice",
          "other": "/home/alice2/x",
          "note": "run it in /home/alice/src/app please",
          "list": ["/home/alice/a", 3, "/opt/x"],
          "projects": {"/home/alice/src/app": {"dir": "/home/alice/src/app/sub"}, "/opt/y": {}},
          "/home/alice/not-a-project-key": true
        }
        """
        let rule = PathFileRule(path: #"\.json$"#, format: .json, keys: "^projects$")
        let (output, result) = try rewrite(source, rule, virtualPath: "home/x.json", mapper: mapper(("/home/alice", "/Users/alice")))
        let expected = """
        {
          // a comment naming /home/alice stays
          "cwd": "/Users/alice/src/app",
          "home":"/Users/alice",
          "other": "/home/alice2/x",
          "note": "run it in /home/alice/src/app please",
          "list": ["/Users/alice/a", 3, "/opt/x"],
          "projects": {"/Users/alice/src/app": {"dir": "/Users/alice/src/app/sub"}, "/opt/y": {}},
          "/home/alice/not-a-project-key": true
        }
        """
        #expect(output == expected)
        #expect(result.values == 5)
        #expect(result.leftAlone == 0 && result.unreadable == nil)
    }

    @Test func jsonEscapesAreRewrittenExactlyAndStillMapBack() throws {
        let source = #"{"a": "\/home\/alice\/x", "b": "/home/alice/caf\u00e9", "c": "/home/alice/\"q\""}"#
        let rule = PathFileRule(path: #"\.json$"#, format: .json)
        let (output, result) = try rewrite(source, rule, virtualPath: "home/x.json", mapper: mapper(("/home/alice", "/Users/al\"ice")))
        #expect(output == #"{"a": "/Users/al\"ice/x", "b": "/Users/al\"ice/caf\u00e9", "c": "/Users/al\"ice/\"q\""}"#)
        #expect(result.values == 3)
    }

    @Test func jsonLinesRewriteLineByLineAndKeepATornLine() throws {
        let source = #"{"type":"user","cwd":"/home/alice/app","message":{"content":"cd /home/alice/app"}}"# + "\n"
            + "\n"
            + #"{"type":"assistant","cwd":"/home/alice/app"}"# + "\r\n"
            + #"{"type":"torn","cwd":"/home/ali"#
        let rule = PathFileRule(path: #"\.jsonl$"#, format: .jsonl)
        let (output, result) = try rewrite(source, rule, virtualPath: "home/s.jsonl", mapper: mapper(("/home/alice", "/Users/alice")))
        #expect(output == #"{"type":"user","cwd":"/Users/alice/app","message":{"content":"cd /home/alice/app"}}"# + "\n"
            + "\n"
            + #"{"type":"assistant","cwd":"/Users/alice/app"}"# + "\r\n"
            + #"{"type":"torn","cwd":"/home/ali"#)
        #expect(result.values == 2)
        #expect(result.unreadLines == 1)
    }

    @Test func tomlQuotedTableKeysAndStringsChangeBareWordsDoNot() throws {
        let source = """
        model = "o3"
        notify = ["/home/alice/bin/notify", "--flag"]
        literal = '/home/alice/lit'

        [projects."/home/alice/src/app"]
        trust_level = "trusted"

        [projects.'/home/alice/lit']
        trust_level = "untrusted"

        [mcp_servers.x]
        command = "/home/alice/bin/x" # a comment /home/alice
        """
        let rule = PathFileRule(path: #"\.toml$"#, format: .toml, keys: "^projects$")
        let (output, result) = try rewrite(source, rule, virtualPath: "home/config.toml", mapper: mapper(("/home/alice", "/Users/alice")))
        #expect(output == source.replacingOccurrences(of: "/home/alice/", with: "/Users/alice/")
            .replacingOccurrences(of: "# a comment /Users/alice", with: "# a comment /home/alice"))
        #expect(result.values == 5)
    }

    @Test func yamlPlainAndQuotedScalarsChange() throws {
        let source = """
        extensions:
          tool:
            cmd: /home/alice/bin/tool
            args: ['/home/alice/src', "--x"]
            description: tool for /home/alice/src
        """
        let rule = PathFileRule(path: #"\.yaml$"#, format: .yaml)
        let (output, result) = try rewrite(source, rule, virtualPath: "config/config.yaml", mapper: mapper(("/home/alice", "/Users/alice")))
        #expect(output == """
        extensions:
          tool:
            cmd: /Users/alice/bin/tool
            args: ['/Users/alice/src', "--x"]
            description: tool for /home/alice/src
        """)
        #expect(result.values == 2)
    }

    @Test func aTextFileIsOnePath() throws {
        let rule = PathFileRule(path: #"\.project_root$"#, format: .text)
        let (output, result) = try rewrite("/home/alice/src/app", rule, virtualPath: "home/tmp/app/.project_root",
                                           mapper: mapper(("/home/alice", "/Users/alice")))
        #expect(output == "/Users/alice/src/app")
        #expect(result.values == 1)
        let untouched = try rewrite("/home/alicex/app\n", rule, virtualPath: "home/tmp/app/.project_root", mapper: mapper(("/home/alice", "/Users/alice")))
        #expect(untouched.result.values == 0)
    }

    @Test func aFileThatIsNotItsFormatIsReportedAndLeftAsItIs() throws {
        let rule = PathFileRule(path: #"\.json$"#, format: .json)
        let (output, result) = try rewrite(#"{"cwd": "/home/alice/x", broken"#, rule, virtualPath: "home/x.json",
                                           mapper: mapper(("/home/alice", "/Users/alice")))
        #expect(output == #"{"cwd": "/home/alice/x", broken"#)
        #expect(result.values == 0)
        #expect(result.unreadable?.contains("line 1") == true)
    }

    @Test func indexFilesNameTheirAbsolutePaths() throws {
        let rewriter = try PathRewriter(rules: [PathFileRule(path: #"\.claude\.json$"#, format: .json, keys: "^projects$", index: true)])
        let file = try directory.write(Array(#"{"projects": {"/home/a/p": {"x": "/home/a/p/y", "rel": "z"}}}"#.utf8), to: "claude.json")
        #expect(rewriter.isIndex(virtualPath: "claudejson/.claude.json"))
        #expect(!rewriter.isIndex(virtualPath: "home/other.json"))
        let paths = try rewriter.absolutePaths(inFile: file, virtualPath: "claudejson/.claude.json", fileSystem: fileSystem)
        #expect(Set(paths.map { String(decoding: $0, as: UTF8.self) }) == ["/home/a/p", "/home/a/p/y"])
    }

    /// The issue's property on contents: mapping A→B then B→A gives back the original bytes,
    /// whatever the mix of path values, prefixes, prose and Unicode spellings. (A value that
    /// spells its slashes `\/` comes back plain from a second mapping; that it maps back exactly
    /// within one restore is what the undo digest checks, in every test here.)
    @Test(arguments: 0..<30)
    func mappingThereAndBackGivesTheOriginalBytes(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed))
        let from = "/home/alice", to = "/Users/alice-\(seed)"
        let pieces = [from, from + "/src", from + "/src/my app", from + "2/x", "/opt/" + "tool", "see " + from + "/src",
                      from + "/caf\u{E9}", from + "/cafe\u{301}", "/home/alic", "", "plain words"]
        var lines: [String] = []
        for index in 0..<(1 + Int(random.next() % 12)) {
            var members: [String] = []
            for key in 0..<(1 + Int(random.next() % 4)) {
                let value = pieces[Int(random.next() % UInt64(pieces.count))]
                members.append("\"k\(key)\": \(Self.jsonQuoted(value))")
            }
            if random.next() % 5 == 0 { members.append("\"projects\": {\(Self.jsonQuoted(from + "/p\(index)")): 1}") }
            lines.append("{" + members.joined(separator: random.next() % 2 == 0 ? ", " : ",") + "}")
        }
        let original = lines.joined(separator: "\n") + (random.next() % 2 == 0 ? "\n" : "")
        let rule = PathFileRule(path: #"\.jsonl$"#, format: .jsonl, keys: "^projects$")
        let there = try rewrite(original, rule, virtualPath: "home/s.jsonl", mapper: mapper((from, to)))
        let back = try rewrite(there.text, rule, virtualPath: "home/s.jsonl", mapper: mapper((to, from)))
        #expect(back.text.utf8.elementsEqual(original.utf8), "seed \(seed)")
        #expect(!there.text.contains("\"" + from + "/src\""), "seed \(seed)")
    }

    static func jsonQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
