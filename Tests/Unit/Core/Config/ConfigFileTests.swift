import AgentBackup
import Foundation
import Testing

@Suite("Config file: malformed JSON, wrong types, permissions")
struct ConfigFileTests {
    static let path = "/home/me/.config/goose-b2-backup/config.json"

    static func parseError(_ text: String) -> ConfigurationError? {
        do {
            _ = try ConfigFile.parse(Array(text.utf8), path: path)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("{\n  \"keyId\": \"k\",\n  \"bucket\": b\n}", 3, 13, "unexpected 'b'; expected a value (object, array, string, number, true, false or null)"),
        ("{\n  \"keyId\": \"k\",\n}", 3, 1, "trailing comma before '}'"),
        ("{\n  \"keyId\": \"k\"\n  \"bucket\": \"b\"\n}", 3, 3, "unexpected '\"'; expected ',' or '}' after the value of \"keyId\""),
        ("{\"keyId\" \"k\"}", 1, 10, "unexpected '\"'; expected ':' after the key \"keyId\""),
        ("{\n  'keyId': 1\n}", 2, 3, "unexpected '''; expected a key in double quotes"),
        ("{\n  \"keyId\": \"k", 2, 14, "unexpected end of file inside a string"),
        ("{\"a\": tru}", 1, 7, "unexpected 't'; expected a value (did you mean true? strings need double quotes)"),
        ("{\"a\": 01}", 1, 8, "numbers must not have leading zeros"),
        ("{} {}", 1, 4, "unexpected '{' after the end of the JSON value"),
        ("", 1, 1, "the file is empty; expected a JSON object such as {}"),
        ("{\"a\": \"x\ny\"}", 1, 9, "a control character (such as a raw newline or tab) inside a string; write it as an escape like \\n"),
        ("{\"a\": \"\\q\"}", 1, 8, "invalid escape '\\q' in a string"),
        ("{\n\n  \"ü\": [1,]}", 3, 11, "trailing comma before ']'"),
    ])
    func malformedJSONNamesTheFileAndTheLine(text: String, line: Int, column: Int, problem: String) throws {
        let error = try #require(Self.parseError(text))
        #expect(error.code == .malformedFile)
        #expect(error.message == "the config file \(Self.path) is not valid JSON: line \(line), column \(column): \(problem). Fix the file or remove it")
    }

    @Test func aTopLevelArrayIsRefused() throws {
        let error = try #require(Self.parseError("[1, 2]"))
        #expect(error.message == "the config file \(Self.path) holds an array ([1, 2]); it must be a JSON object such as {\"bucket\": \"my-bucket\"}")
    }

    @Test(arguments: [
        (#"{"bucket": 12}"#, "bucket", "bucket in \(path) is a number (12); expected a string in double quotes, e.g. \"bucket\": \"my-agent-backups\""),
        (#"{"keyId": true}"#, "keyId", "keyId in \(path) is a boolean (true); expected a string in double quotes, e.g. \"keyId\": \"004a1b2c3d4e5f60000000001\""),
        (#"{"endpoint": ["x"]}"#, "endpoint", "endpoint in \(path) is an array ([\"x\"]); expected a string in double quotes, e.g. \"endpoint\": \"https://s3.example.com\""),
        (#"{"encrypt": "false"}"#, "encrypt", "encrypt in \(path) is a string (\"false\"); expected true or false without quotes, e.g. \"encrypt\": true"),
        (#"{"encrypt": 0}"#, "encrypt", "encrypt in \(path) is a number (0); expected true or false without quotes, e.g. \"encrypt\": true"),
        (#"{"keepSnapshots": "10"}"#, "keepSnapshots", "keepSnapshots in \(path) is a string (\"10\"); expected a whole number of snapshots to keep, 1 or more, without quotes, e.g. \"keepSnapshots\": 10"),
        (#"{"keepSnapshots": 0}"#, "keepSnapshots", "keepSnapshots in \(path) is 0; expected a whole number of snapshots to keep, 1 or more, e.g. \"keepSnapshots\": 10"),
        (#"{"keepSnapshots": 2.5}"#, "keepSnapshots", "keepSnapshots in \(path) is 2.5; expected a whole number of snapshots to keep, 1 or more, e.g. \"keepSnapshots\": 10"),
        (#"{"keepSnapshots": -1}"#, "keepSnapshots", "keepSnapshots in \(path) is -1; expected a whole number of snapshots to keep, 1 or more, e.g. \"keepSnapshots\": 10"),
    ])
    func wrongTypesNameKeyValueAndExpectation(text: String, key: String, message: String) throws {
        let error = try #require(Self.parseError(text))
        #expect(error.code == .invalidValue)
        #expect(error.key == key)
        #expect(error.message == message)
    }

    @Test func nullEmptyAndWholeNumbersAreAccepted() throws {
        let file = try ConfigFile.parse(Array(#"{"keyId": null, "bucket": "", "keepSnapshots": 10.0, "encrypt": false, "region": "r\u00fc"}"#.utf8), path: Self.path)
        #expect(file.keyId == nil)
        #expect(file.bucket == nil)
        #expect(file.keepSnapshots == 10)
        #expect(file.encrypt == false)
        #expect(file.region == "rü")
        #expect(file.unknownKeys.isEmpty)
    }

    @Test func aByteOrderMarkIsTolerated() throws {
        let file = try ConfigFile.parse([0xEF, 0xBB, 0xBF] + Array(#"{"bucket": "b"}"#.utf8), path: Self.path)
        #expect(file.bucket == "b")
    }

    @Test func unknownKeysAreWarnedAbout() throws {
        let home = try ConfigTestHome()
        try home.writeConfig(#"{"bukcet": "b", "keyId": "k", "applicationKey": "s", "bucket": "b", "encryptionKey": "p"}"#)
        let config = try home.load()
        let warning = try #require(config.warnings.first)
        #expect(config.warnings.count == 1)
        #expect(warning.code == .unknownKey)
        #expect(warning.message.hasPrefix("unknown key \"bukcet\" in \(home.configPath) is ignored; known keys: applicationKey, bucket, cacheDir,"))
    }

    @Test func aFileReadableByOthersDrawsTheChmodWarning() throws {
        let home = try ConfigTestHome()
        try home.writeConfig(#"{"keyId": "k", "applicationKey": "s", "bucket": "b", "encryptionKey": "p"}"#, mode: 0o644)
        let config = try home.load()
        #expect(config.warnings == [ConfigurationWarning(.filePermissions, message:
            "the config file \(home.configPath) can be read by other users (mode 644) and holds your keys: run chmod 600 \(home.configPath)")])
    }

    @Test(arguments: [0o600, 0o400] as [mode_t])
    func aPrivateFileDrawsNoWarning(mode: mode_t) throws {
        let home = try ConfigTestHome()
        try home.writeConfig(#"{"keyId": "k", "applicationKey": "s", "bucket": "b", "encryptionKey": "p"}"#, mode: mode)
        #expect(try home.load().warnings.isEmpty)
    }

    @Test func aMalformedFileOnDiskIsAnErrorNotNoConfig() throws {
        let home = try ConfigTestHome()
        try home.writeConfig("{\n  \"bucket\": \"b\",\n  \"keyId\": \"k\"\n  \"x\": 1\n}")
        let error = try #require(home.loadError())
        #expect(error.code == .malformedFile)
        #expect(error.message.contains(home.configPath))
        #expect(error.message.contains("line 4, column 3"))
    }
}
