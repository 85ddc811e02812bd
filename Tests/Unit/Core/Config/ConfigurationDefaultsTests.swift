import AgentBackup
import Testing

@Suite("Configuration defaults and store selection")
struct ConfigurationDefaultsTests {
    @Test func nothingConfiguredUsesTheLocalStoreAndSaysItIsNotOffSite() throws {
        let home = try ConfigTestHome()
        let config = try home.load()
        #expect(config.store == .localDirectory(directory: "\(home.home)/.agent-backup/store", bucket: "agent-backup", isDefault: true))
        #expect(config.prefix == "goose-backup")
        #expect(config.retention == .keepLast(10))
        #expect(config.schedule == .daily)
        #expect(config.schedule.expression == "0 0 * * *")
        #expect(config.cacheDirectory == "\(home.home)/.agent-backup/goose")
        #expect(config.configFilePath == "\(home.home)/.config/goose-b2-backup/config.json")
        #expect(config.configFileExists == false)
        // No key to encrypt with on the implicit local store: off, with a warning.
        #expect(config.encryption == .off)
        let codes = config.warnings.map(\.code)
        #expect(codes == [.notOffSite, .encryptionOff])
        let notOffSite = try #require(config.warnings.first)
        #expect(notOffSite.message.hasPrefix("NOT OFF-SITE"))
        #expect(notOffSite.message.contains("\(home.home)/.agent-backup/store"))
        #expect(notOffSite.message.contains("B2_KEY_ID"))
    }

    @Test func localDefaultWithAnEncryptionKeyEncrypts() throws {
        let home = try ConfigTestHome()
        let config = try home.load(["B2_ENCRYPTION_KEY": "pw"])
        #expect(config.encryption == .on(Passphrase("pw", source: .encryptionKey)))
        #expect(config.warnings.map(\.code) == [.notOffSite])
    }

    @Test func localDefaultWithEncryptTrueButNoKeyIsRefused() throws {
        let home = try ConfigTestHome()
        let error = try #require(home.loadError(["B2_ENCRYPT": "true"]))
        #expect(error.code == .missingEncryptionKey)
        #expect(error.message.contains("B2_ENCRYPT = true asks for encryption"))
        #expect(error.message.contains("encryptionKey in \(home.configPath)"))
        #expect(error.message.contains("B2_ENCRYPTION_KEY"))
    }

    @Test func credentialsInTheFileSelectB2WithTheLegacyPassphrase() throws {
        let home = try ConfigTestHome()
        try home.writeConfig(#"{"keyId": "k1", "applicationKey": "s1", "bucket": "b1"}"#)
        let config = try home.load()
        #expect(config.store == .b2(bucket: "b1", region: nil, credentials: StoreCredentials(keyId: "k1", applicationKey: "s1")))
        #expect(config.configFileExists)
        #expect(config.encryption == .on(Passphrase("s1", source: .applicationKey)))
        let warning = try #require(config.warnings.first)
        #expect(config.warnings.count == 1)
        #expect(warning.code == .legacyPassphrase)
        #expect(warning.message.contains("application key is the encryption passphrase"))
        #expect(warning.message.contains("Set encryptionKey in \(home.configPath)"))
    }

    @Test func everyFileKeyIsRead() throws {
        let home = try ConfigTestHome()
        try home.writeConfig("""
            {"keyId": "k", "applicationKey": "s", "bucket": "b", "region": "us-west-004", "prefix": "team/goose",
             "encryptionKey": "e", "encrypt": true, "keepSnapshots": 3, "schedule": "weekly", "cacheDir": "~/cache/g"}
            """)
        let config = try home.load()
        #expect(config.store == .b2(bucket: "b", region: "us-west-004", credentials: StoreCredentials(keyId: "k", applicationKey: "s")))
        #expect(config.prefix == "team/goose")
        #expect(config.encryption == .on(Passphrase("e", source: .encryptionKey)))
        #expect(config.retention == .keepLast(3))
        #expect(config.schedule.expression == "0 0 * * 0")
        #expect(config.cacheDirectory == "\(home.home)/cache/g")
        #expect(config.warnings.isEmpty)
    }

    @Test func anS3EndpointUsesPathStyleWithDefaultRegion() throws {
        let home = try ConfigTestHome()
        let config = try home.load(["B2_ENDPOINT": "http://127.0.0.1:8333/", "B2_KEY_ID": "a", "B2_APPLICATION_KEY": "b", "B2_BUCKET": "c", "B2_ENCRYPTION_KEY": "p"])
        #expect(config.store == .s3(endpoint: "http://127.0.0.1:8333", bucket: "c", region: "us-east-1", credentials: StoreCredentials(keyId: "a", applicationKey: "b")))
        let withRegion = try home.load(["B2_ENDPOINT": "https://s3.example.com", "B2_REGION": "eu-1", "B2_KEY_ID": "a", "B2_APPLICATION_KEY": "b", "B2_BUCKET": "c", "B2_ENCRYPTION_KEY": "p"])
        #expect(withRegion.store == .s3(endpoint: "https://s3.example.com", bucket: "c", region: "eu-1", credentials: StoreCredentials(keyId: "a", applicationKey: "b")))
    }

    @Test func aFileEndpointSelectsTheLocalDirectoryStore() throws {
        let home = try ConfigTestHome()
        let config = try home.load(["B2_ENDPOINT": "file:///srv/backups/", "B2_ENCRYPTION_KEY": "p"])
        #expect(config.store == .localDirectory(directory: "/srv/backups", bucket: "agent-backup", isDefault: false))
        #expect(config.warnings.isEmpty)
        let named = try home.load(["B2_ENDPOINT": "file:///srv/backups", "B2_BUCKET": "mine", "B2_ENCRYPT": "off"])
        #expect(named.store == .localDirectory(directory: "/srv/backups", bucket: "mine", isDefault: false))
        #expect(named.encryption == .off)
    }

    @Test func aFileEndpointWithoutAPassphraseIsRefusedUnlessEncryptionIsOff() throws {
        let home = try ConfigTestHome()
        let error = try #require(home.loadError(["B2_ENDPOINT": "file:///srv/backups"]))
        #expect(error.code == .missingEncryptionKey)
        #expect(error.message == "backups to local folder /srv/backups/agent-backup are encrypted by default but there is no passphrase: set encryptionKey in \(home.configPath) (or B2_ENCRYPTION_KEY), or set encrypt to false to store plain files")
    }

    @Test func secretsNeverAppearInDescriptions() {
        let credentials = StoreCredentials(keyId: "kid", applicationKey: "topsecret")
        #expect(!"\(credentials)".contains("topsecret"))
        #expect(!"\(Passphrase("hunter2", source: .encryptionKey))".contains("hunter2"))
        #expect(!StoreSelection.b2(bucket: "b", region: nil, credentials: credentials).summary.contains("topsecret"))
    }

    @Test func theLockBucketComesFromTheStore() {
        #expect(StoreSelection.localDirectory(directory: "/x", bucket: "agent-backup", isDefault: true).bucket == "agent-backup")
        #expect(StoreSelection.s3(endpoint: "http://h", bucket: "s", region: "r", credentials: StoreCredentials(keyId: "", applicationKey: "")).bucket == "s")
    }
}
