import Testing
@testable import AgentBackupDomain

/// The reference fixture's rules (Tests/Fixtures/data/bucket/README.txt), JavaScript syntax.
func fixtureRules() throws -> PathRules {
    try PathRules(
        include: [#"^config/.*\.(json|ya?ml|toml|md)$"#, "^data/"],
        exclude: ["-wal$", "-shm$", "/cache/", #"\.tmp$"#],
        secretExclude: [#"(^|/)credentials\.json$"#, #"(^|/)\.env$"#, "(^|/)secrets/"],
        sqlite: [#"\.db$"#]
    )
}

@Suite struct PathRulesTests {
    @Test(arguments: [
        ("config/settings.json", PathVerdict.included),
        ("config/profiles/default.yaml", .included),
        ("config/profiles/nested/deep/level3.toml", .included),
        ("config/My Notes ü 日本.md", .included),
        ("config/notes/Draft (v2) it's *final*! a+b=c&d.md", .included),
        ("data/memory.db", .included),
        ("data/empty.txt", .included),
        ("data/notes/ümlaut ünïcödé 📝.txt", .included),
        ("config/credentials.json", .secret),
        ("config/secrets/api.token", .secret),
        ("data/.env", .secret),
        ("config/cache/blob.json", .excluded),
        ("data/scratch.tmp", .excluded),
        ("data/memory.db-wal", .excluded),
        ("data/memory.db-shm", .excluded),
        ("config/ignored.log", .notIncluded),
        ("other/settings.json", .notIncluded),
    ])
    func fixtureVerdicts(path: String, expected: PathVerdict) throws {
        #expect(try fixtureRules().verdict(forFile: path) == expected)
    }

    @Test func verdictAcceptsVirtualPaths() throws {
        let rules = try fixtureRules()
        #expect(rules.verdict(forFile: try VirtualPath("data/.env")) == .secret)
        #expect(rules.verdict(forFile: try VirtualPath("config/a.md")).isIncluded)
        #expect(!PathVerdict.secret.isIncluded)
    }

    @Test func secretWinsOverExcludeAndInclude() throws {
        // Matches include (^data/), exclude (\.tmp$) and secret ((^|/)secrets/).
        let rules = try fixtureRules()
        #expect(rules.verdict(forFile: "data/secrets/x.tmp") == .secret)
    }

    @Test func excludeWinsOverInclude() throws {
        let rules = try fixtureRules()
        #expect(rules.verdict(forFile: "config/cache/a.json") == .excluded)
        #expect(rules.verdict(forFile: "data/x-wal") == .excluded)
    }

    @Test func secretRulesNeedASegmentBoundary() throws {
        let rules = try fixtureRules()
        #expect(rules.verdict(forFile: "data/my.env") == .included)
        #expect(rules.verdict(forFile: "data/not-credentials.json") == .included)
        #expect(rules.verdict(forFile: "data/mysecrets/x") == .included)
    }

    @Test(arguments: [
        ("config/cache", false),
        ("config/cache/", false),
        ("config/secrets", false),
        ("data/deep/secrets", false),
        ("config", true),
        ("config/profiles", true),
        ("data/sessions/2026-01-01", true),
        ("data/cachet", true),
        // Only exclude and secretExclude prune; a folder no include names is still entered.
        ("other", true),
    ])
    func directoryPruning(directory: String, enter: Bool) throws {
        #expect(try fixtureRules().shouldEnter(directory: directory) == enter)
    }

    @Test func directoryPruningTestsTheTrailingSlashAgainstExcludeOnly() throws {
        let rules = try PathRules(include: ["^x/keep/"], exclude: ["/checkpoints/$"], secretExclude: ["^x/private/"], sqlite: [])
        #expect(!rules.shouldEnter(directory: "x/checkpoints"))
        #expect(rules.shouldEnter(directory: "x/checkpoints-old"))
        #expect(!rules.shouldEnter(directory: "x/private"))
        #expect(rules.shouldEnter(directory: "x/nothing"))
        // A file with the same name is tested without the slash.
        #expect(rules.verdict(forFile: "x/checkpoints") == .notIncluded)
    }

    @Test func isSQLite() throws {
        let rules = try fixtureRules()
        #expect(rules.isSQLite("data/memory.db"))
        #expect(rules.isSQLite(try VirtualPath("data/sub/other.db")))
        #expect(!rules.isSQLite("data/memory.db-wal"))
        #expect(!rules.isSQLite("data/memory.dbx"))
        #expect(!rules.isSQLite("data/memory.sqlite"))
    }

    @Test func noIncludeMeansNothingIsIncluded() throws {
        let rules = try PathRules(include: [], exclude: [], secretExclude: [], sqlite: [])
        #expect(rules.verdict(forFile: "a/b") == .notIncluded)
        #expect(rules.shouldEnter(directory: "a/b"))
        #expect(!rules.isSQLite("a/b.db"))
    }

    @Test func badPatternNamesItsField() {
        let error = #expect(throws: DomainError.self) {
            try PathRules(include: ["^a", "^b", "(unclosed"], exclude: [], secretExclude: [], sqlite: [])
        }
        #expect(error?.code == .invalidPattern)
        #expect(error?.message.contains("include[2]") == true)
        #expect(error?.message.contains("(unclosed") == true)
        #expect(error?.message.contains("expected ')'") == true, "\(error?.message ?? "")")
    }

    @Test(arguments: ["exclude", "secretExclude", "sqlite"])
    func badPatternInEveryField(field: String) {
        let bad = ["[a-"]
        let error = #expect(throws: DomainError.self) {
            try PathRules(
                include: [],
                exclude: field == "exclude" ? bad : [],
                secretExclude: field == "secretExclude" ? bad : [],
                sqlite: field == "sqlite" ? bad : []
            )
        }
        #expect(error?.message.contains("\(field)[0]") == true)
        #expect(error?.message.contains("\"[a-\"") == true)
    }
}
