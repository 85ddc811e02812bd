import Foundation
import Testing
@testable import AgentBackupDomain

@Suite struct VirtualPathTests {
    @Test func splitsLabelAndRelative() throws {
        let path = try VirtualPath("config/profiles/default.yaml")
        #expect(path.label == "config")
        #expect(path.relative == "profiles/default.yaml")
        #expect(path.segments == ["config", "profiles", "default.yaml"])
        #expect(path.name == "default.yaml")
        #expect(path.string == "config/profiles/default.yaml")
        #expect(path.description == "config/profiles/default.yaml")
    }

    @Test func joinsLabelAndRelative() throws {
        let path = try VirtualPath(label: "data", relative: "notes/ümlaut ünïcödé 📝.txt")
        #expect(path.string == "data/notes/ümlaut ünïcödé 📝.txt")
        #expect(path.label == "data")
        #expect(path.relative == "notes/ümlaut ünïcödé 📝.txt")
    }

    @Test func acceptsSpecialButHarmlessNames() throws {
        for ok in ["config/My Notes ü 日本.md", "config/notes/Draft (v2) it's *final*! a+b=c&d.md",
                   "data/.env", "data/...", "data/..x", "data/x..", "data/.hidden/file", "a/b c/d", "l/ leading space"] {
            #expect(try VirtualPath(ok).string == ok)
        }
    }

    @Test(arguments: [
        ("config/../etc/passwd", "'..'"),
        ("config/..", "'..'"),
        ("../config/x", "'..'"),
        ("config/./x", "'.'"),
        ("config/.", "'.'"),
        ("./x", "'.'"),
        ("config//x", "empty"),
        ("config/x/", "empty"),
        ("/config/x", "absolute"),
        ("/", "absolute"),
        ("config/a\u{0}b", "NUL"),
        ("config\\x", "backslash"),
        ("config/..\\..\\x", "backslash"),
        ("config", "no '/'"),
        ("", "empty"),
    ])
    func refusesUnsafePaths(path: String, reason: String) {
        let error = #expect(throws: DomainError.self) { try VirtualPath(path) }
        #expect(error?.code == .invalidPath)
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
    }

    @Test func refusesEmptyLabel() {
        let error = #expect(throws: DomainError.self) { try VirtualPath("/x") }
        #expect(error?.code == .invalidPath)
        let joined = #expect(throws: DomainError.self) { try VirtualPath(label: "", relative: "x") }
        #expect(joined?.message.contains("label is empty") == true)
    }

    @Test func refusesLabelWithSlash() {
        let error = #expect(throws: DomainError.self) { try VirtualPath(label: "a/b", relative: "x") }
        #expect(error?.message.contains("\"a/b\"") == true)
    }

    @Test func refusesBadRelativeAfterLabel() {
        #expect(throws: DomainError.self) { try VirtualPath(label: "data", relative: "") }
        #expect(throws: DomainError.self) { try VirtualPath(label: "data", relative: "../x") }
        #expect(throws: DomainError.self) { try VirtualPath(label: "data", relative: "/etc/passwd") }
        #expect(throws: DomainError.self) { try VirtualPath(label: "..", relative: "x") }
    }

    /// A '/' followed by a combining mark is one Character to Swift but a separator on disk.
    @Test func splitsOnTheSlashByteNotOnCharacters() throws {
        let sneaky = "config/../\u{301}etc"
        let error = #expect(throws: DomainError.self) { try VirtualPath(sneaky) }
        #expect(error?.message.contains("'..'") == true)
        let path = try VirtualPath("config/x/\u{301}y")
        #expect(path.segments == ["config", "x", "\u{301}y"])
        #expect(path.relative == "x/\u{301}y")
    }

    @Test func dotFollowedByCombiningMarkIsAnOrdinaryName() throws {
        let path = try VirtualPath("config/.\u{301}")
        #expect(path.segments.count == 2)
    }

    @Test func errorMessageShowsControlCharactersVisibly() {
        let error = #expect(throws: DomainError.self) { try VirtualPath("config/a\u{0}\n") }
        #expect(error?.message.contains("\\0\\n") == true)
    }

    @Test func ordersByUTF8Bytes() throws {
        // 'Z' (0x5A) < 'a' (0x61) < 'é' (0xC3…) by bytes, whatever a locale says.
        let paths = try ["c/é", "c/a", "c/Z", "c/a/b", "c/a b", "c/ab"].map { try VirtualPath($0) }
        #expect(paths.sorted().map(\.string) == ["c/Z", "c/a", "c/a b", "c/a/b", "c/ab", "c/é"])
    }

    @Test func equalityIsByBytesNotCanonicalEquivalence() throws {
        let composed = try VirtualPath("c/\u{E9}")
        let decomposed = try VirtualPath("c/e\u{301}")
        #expect(composed != decomposed)
        #expect(Set([composed, decomposed]).count == 2)
        #expect(decomposed < composed)
        #expect(try VirtualPath("c/x") == VirtualPath("c/x"))
    }

    @Test func codableAsAStringAndValidatedOnDecode() throws {
        let path = try VirtualPath("data/notes/ü.txt")
        let data = try JSONEncoder().encode([path])
        #expect(String(decoding: data, as: UTF8.self) == #"["data\/notes\/ü.txt"]"#)
        #expect(try JSONDecoder().decode([VirtualPath].self, from: data) == [path])
        #expect(throws: DomainError.self) { try JSONDecoder().decode([VirtualPath].self, from: Data(#"["data/../x"]"#.utf8)) }
    }

    @Test func hashIsConsistentWithByteEquality() throws {
        let a = try VirtualPath("c/a b")
        let b = try VirtualPath(label: "c", relative: "a b")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b]).count == 1)
    }
}

/// The one-pass check every scanned path goes through decides as the rule-by-rule check that
/// explains a refusal.
@Suite struct VirtualPathFastCheckTests {
    @Test func agreesWithTheExplainedCheck() {
        var random = SystemRandomNumberGenerator()
        let pieces = ["a", "b", "/", ".", "..", "\\", "\u{0}", "é", "e\u{301}", "x.y", "//"]
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let explained = (try? VirtualPath.explainRefusal(text)) != nil
            #expect(VirtualPath.isPlainlyValid(text) == explained, "\(text.debugDescription)")
        }
        #expect(VirtualPath.isPlainlyValid("config/a.json"))
        #expect(!VirtualPath.isPlainlyValid("config/../x"))
        #expect(!VirtualPath.isPlainlyValid("config/./x"))
        #expect(VirtualPath.isPlainlyValid("config/.x"))
        #expect(VirtualPath.isPlainlyValid("config/..x"))
    }
}
