import AgentBackup
import Testing

@Suite("Configuration: the environment overrides the file")
struct ConfigurationPrecedenceTests {
    static let file = """
        {"keyId": "fileKey", "applicationKey": "fileSecret", "bucket": "fileBucket", "region": "file-region",
         "prefix": "file-prefix", "encryptionKey": "filePass", "encrypt": true, "keepSnapshots": 4,
         "schedule": "weekly", "cacheDir": "/file/cache"}
        """

    @Test func everyVariableWins() throws {
        let home = try ConfigTestHome()
        try home.writeConfig(Self.file)
        let config = try home.load([
            "B2_KEY_ID": "envKey", "B2_APPLICATION_KEY": "envSecret", "B2_BUCKET": "envBucket", "B2_REGION": "env-region",
            "B2_PREFIX": "env-prefix", "B2_ENCRYPTION_KEY": "envPass", "B2_KEEP_SNAPSHOTS": "7", "B2_SCHEDULE": "@every 2s",
            "B2_CACHE_DIR": "/env/cache",
        ])
        #expect(config.store == .b2(bucket: "envBucket", region: "env-region", credentials: StoreCredentials(keyId: "envKey", applicationKey: "envSecret")))
        #expect(config.prefix == "env-prefix")
        #expect(config.encryption == .on(Passphrase("envPass", source: .encryptionKey)))
        #expect(config.retention == .keepLast(7))
        #expect(config.schedule.expression == "@every 2s")
        #expect(config.cacheDirectory == "/env/cache")
    }

    @Test func theFileFillsWhatTheEnvironmentLeavesOut() throws {
        let home = try ConfigTestHome()
        try home.writeConfig(Self.file)
        let config = try home.load(["B2_BUCKET": "envBucket"])
        #expect(config.store == .b2(bucket: "envBucket", region: "file-region", credentials: StoreCredentials(keyId: "fileKey", applicationKey: "fileSecret")))
        #expect(config.retention == .keepLast(4))
        #expect(config.prefix == "file-prefix")
    }

    @Test func anEmptyVariableCountsAsUnset() throws {
        let home = try ConfigTestHome()
        try home.writeConfig(Self.file)
        let config = try home.load(["B2_BUCKET": "", "B2_KEEP_SNAPSHOTS": ""])
        #expect(config.store.bucket == "fileBucket")
        #expect(config.retention == .keepLast(4))
    }

    @Test(arguments: ["false", "0", "no", "off", "FALSE", "Off", "No", " false "])
    func encryptFalseSpellings(value: String) throws {
        let home = try ConfigTestHome()
        try home.writeConfig(Self.file)
        let config = try home.load(["B2_ENCRYPT": value])
        #expect(config.encryption == .off)
        let warning = try #require(config.warnings.first { $0.code == .encryptionOff })
        #expect(warning.message.contains("B2_ENCRYPT = false"))
    }

    @Test(arguments: ["true", "1", "yes", "on", "TRUE"])
    func encryptTrueSpellings(value: String) throws {
        let home = try ConfigTestHome()
        try home.writeConfig(#"{"keyId": "k", "applicationKey": "s", "bucket": "b", "encrypt": false}"#)
        let config = try home.load(["B2_ENCRYPT": value, "B2_ENCRYPTION_KEY": "p"])
        #expect(config.encryption == .on(Passphrase("p", source: .encryptionKey)))
    }

    @Test func encryptFalseInTheFileTurnsEncryptionOff() throws {
        let home = try ConfigTestHome()
        try home.writeConfig(#"{"keyId": "k", "applicationKey": "s", "bucket": "b", "encrypt": false}"#)
        let config = try home.load()
        #expect(config.encryption == .off)
        let warning = try #require(config.warnings.first)
        #expect(warning.code == .encryptionOff)
        #expect(warning.message == "encryption is OFF (encrypt (in \(home.configPath)) = false): files are stored in plain text; set encrypt to true and an encryptionKey to protect them")
    }

    @Test func variablesAloneAreEnough() throws {
        let home = try ConfigTestHome()
        let config = try home.load(["B2_KEY_ID": "k", "B2_APPLICATION_KEY": "s", "B2_BUCKET": "b", "B2_ENCRYPTION_KEY": "p"])
        #expect(config.store == .b2(bucket: "b", region: nil, credentials: StoreCredentials(keyId: "k", applicationKey: "s")))
        #expect(config.configFileExists == false)
        #expect(config.warnings.isEmpty)
    }
}
