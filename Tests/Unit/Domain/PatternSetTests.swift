import Testing
@testable import AgentBackupDomain

@Suite struct PatternSetTests {
    @Test func matchesAnywhereLikeRegExpTest() throws {
        let set = try PatternSet(["cache"], field: "exclude")
        #expect(set.matches("a/cache/b"))
        #expect(set.matches("cache"))
        #expect(set.matches("xcachex"))
        #expect(!set.matches("cach"))
    }

    @Test func anchorsAreHonoured() throws {
        let set = try PatternSet(["^data/", #"\.db$"#], field: "include")
        #expect(set.matches("data/x"))
        #expect(!set.matches("config/data/x"))
        #expect(set.matches("config/x.db"))
        #expect(!set.matches("config/x.db.bak"))
    }

    @Test func javaScriptEscapedSlashesWork() throws {
        // Adapters copied from the reference write '/' as '\/'.
        let set = try PatternSet([#"^config\/.*\.(json|ya?ml|toml|md)$"#], field: "include")
        #expect(set.matches("config/a/b.yml"))
        #expect(set.matches("config/a.yaml"))
        #expect(!set.matches("config/a.txt"))
    }

    @Test func firstMatchingPatternExplainsTheDecision() throws {
        let set = try PatternSet(["-wal$", "-shm$"], field: "exclude")
        #expect(set.firstMatchingPattern("data/x.db-shm") == "-shm$")
        #expect(set.firstMatchingPattern("data/x.db") == nil)
    }

    @Test func isCaseSensitiveLikeJavaScriptWithoutFlags() throws {
        let set = try PatternSet([#"\.env$"#], field: "secretExclude")
        #expect(!set.matches("data/.ENV"))
        let insensitive = try PatternSet([#"(?i)\.env$"#], field: "secretExclude")
        #expect(insensitive.matches("data/.ENV"))
    }

    @Test func emptyPatternMatchesEverythingLikeJavaScript() throws {
        let set = try PatternSet([""], field: "include")
        #expect(set.matches("anything/at/all"))
        #expect(set.matches(""))
    }

    @Test func emptySetMatchesNothing() throws {
        let set = try PatternSet([], field: "include")
        #expect(set.isEmpty)
        #expect(!set.matches(""))
        #expect(!set.matches("a"))
    }

    @Test func unicodeIsMatchedByCharacter() throws {
        let set = try PatternSet(["^data/notes/.\u{fc}"], field: "include")
        #expect(set.matches("data/notes/\u{fc}\u{fc}mlaut"))
        let emoji = try PatternSet(["📝\\.txt$"], field: "include")
        #expect(emoji.matches("data/notes/ümlaut ünïcödé 📝.txt"))
    }

    @Test func keepsItsInputs() throws {
        let set = try PatternSet(["a", "b"], field: "sqlite")
        #expect(set.patterns == ["a", "b"])
        #expect(set.field == "sqlite")
    }

    @Test(arguments: [
        ("(abc", "expected ')'"),
        ("[a-", "expected ']'"),
        ("*a", "quantifier"),
        ("a{2,1}", "lower bound"),
        ("\\", "escape"),
        ("a)", "does not balance"),
    ])
    func badPatternsSayWhy(pattern: String, reason: String) {
        let error = #expect(throws: DomainError.self) { try PatternSet(["ok", pattern], field: "exclude") }
        #expect(error?.code == .invalidPattern)
        #expect(error?.message.contains("exclude[1]") == true)
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
    }

    @Test func isSafeToShareAcrossTasks() async throws {
        let set = try PatternSet(["^data/.*\\.jsonl$"], field: "include")
        let hits = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<64 {
                group.addTask { set.matches("data/s/\(index).jsonl") }
            }
            var count = 0
            for await hit in group where hit { count += 1 }
            return count
        }
        #expect(hits == 64)
    }
}
