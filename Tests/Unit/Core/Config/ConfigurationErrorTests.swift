import AgentBackup
import AgentBackupInfrastructure
import Testing

@Suite("Configuration errors name the key, the value and the fix")
struct ConfigurationErrorTests {
    @Test func missingCredentialsNameTheVariablesAndTheFile() throws {
        let home = try ConfigTestHome()
        let error = try #require(home.loadError(["B2_BUCKET": "b"]))
        #expect(error.code == .missingCredentials)
        #expect(error.key == "keyId (B2_KEY_ID)")
        #expect(error.message == "Backblaze B2 needs keyId, applicationKey and bucket; missing: keyId (B2_KEY_ID), applicationKey (B2_APPLICATION_KEY). Set them in \(home.configPath) (mode 600) or as the environment variables B2_KEY_ID, B2_APPLICATION_KEY, B2_BUCKET (a service sees only the file)")
    }

    @Test func missingBucketInTheFile() throws {
        let home = try ConfigTestHome()
        try home.writeConfig(#"{"keyId": "k", "applicationKey": "s"}"#)
        let error = try #require(home.loadError())
        #expect(error.code == .missingCredentials)
        #expect(error.message.contains("missing: bucket (B2_BUCKET)."))
        #expect(error.message.contains(home.configPath))
    }

    @Test func anS3EndpointNeedsCredentials() throws {
        let home = try ConfigTestHome()
        let error = try #require(home.loadError(["B2_ENDPOINT": "https://s3.example.com"]))
        #expect(error.code == .missingCredentials)
        #expect(error.message.hasPrefix("the S3 endpoint https://s3.example.com needs keyId, applicationKey and bucket; missing: keyId (B2_KEY_ID), applicationKey (B2_APPLICATION_KEY), bucket (B2_BUCKET)."))
    }

    @Test func missingHome() {
        #expect(throws: ConfigurationError(.missingHome, key: "HOME", message:
            "HOME is not set; it must be your home folder's absolute path (the config is read from $HOME/.config/goose-b2-backup/config.json)")) {
            try Configuration.load(id: "goose", environment: [:], fileSystem: PosixFileSystem())
        }
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(id: "goose", environment: ["HOME": "relative"], fileSystem: PosixFileSystem())
        }
    }

    @Test(arguments: ["", "..", "a/b"])
    func agentIDsThatCannotNameAFolder(id: String) throws {
        let home = try ConfigTestHome()
        #expect(throws: ConfigurationError(.invalidAgent, key: "id", message:
            "the agent id \"\(id)\" cannot name a config folder: use letters, digits, '-' or '_'")) {
            try Configuration.load(id: id, environment: home.environment, fileSystem: PosixFileSystem())
        }
    }

    @Test func aConfigPathThatIsAFolder() throws {
        let home = try ConfigTestHome()
        _ = try home.directory.write([], to: ".config/goose-b2-backup/config.json/x")
        let error = try #require(home.loadError())
        #expect(error.code == .unreadableFile)
        #expect(error.message.hasPrefix("\(home.configPath) is a folder; it must be a JSON file"))
    }

    @Test func invalidEncryptValue() throws {
        let home = try ConfigTestHome()
        let error = try #require(home.loadError(["B2_ENCRYPT": "flase"]))
        #expect(error == ConfigurationError(.invalidValue, key: "B2_ENCRYPT", message:
            "B2_ENCRYPT = \"flase\" is not a yes/no value: use true or false (false, 0, no and off turn encryption off)"))
    }

    @Test(arguments: ["abc", "0", "-3", "2.5", "10x"])
    func invalidKeepSnapshotsVariable(value: String) throws {
        let home = try ConfigTestHome()
        let error = try #require(home.loadError(["B2_KEEP_SNAPSHOTS": value]))
        #expect(error == ConfigurationError(.invalidValue, key: "B2_KEEP_SNAPSHOTS", message:
            "B2_KEEP_SNAPSHOTS = \"\(value)\" is not a number of snapshots to keep: use a whole number of 1 or more, e.g. B2_KEEP_SNAPSHOTS=10"))
    }

    @Test(arguments: [
        ("ftp://host", "is not a usable endpoint"),
        ("https://host/bucket", "is not a usable endpoint"),
        ("https://host?x=1", "is not a usable endpoint"),
        ("https://user:pw@host", "is not a usable endpoint"),
        ("s3.example.com", "is not a usable endpoint"),
        ("file://relative/dir", "is not an absolute file URL"),
        ("https://host:70000", "has port 70000, outside 1-65535"),
    ])
    func invalidEndpoints(value: String, problem: String) throws {
        let home = try ConfigTestHome()
        let error = try #require(home.loadError(["B2_ENDPOINT": value]))
        #expect(error.code == .invalidValue)
        #expect(error.key == "B2_ENDPOINT")
        #expect(error.message.hasPrefix("B2_ENDPOINT = \"\(value)\" \(problem)"))
        #expect(error.message.contains("https://host[:port]"))
        #expect(error.message.contains("file:///absolute/folder"))
    }

    @Test func anEndpointInTheFileIsNamedWithTheFile() throws {
        let home = try ConfigTestHome()
        try home.writeConfig(#"{"endpoint": "ftp://x"}"#)
        let error = try #require(home.loadError())
        #expect(error.key == "endpoint (in \(home.configPath))")
        #expect(error.message.hasPrefix("endpoint (in \(home.configPath)) = \"ftp://x\" is not a usable endpoint"))
    }

    @Test func aBucketWithASlash() throws {
        let home = try ConfigTestHome()
        let error = try #require(home.loadError(["B2_KEY_ID": "k", "B2_APPLICATION_KEY": "s", "B2_BUCKET": "b/prefix"]))
        #expect(error == ConfigurationError(.invalidValue, key: "B2_BUCKET", message:
            "B2_BUCKET = \"b/prefix\" is not a bucket name: use the bucket's name only (letters, digits, '-'), no '/' or spaces"))
    }

    @Test(arguments: [("/goose", "goose"), ("goose/", "goose"), ("a//b", "a/b"), ("/", "goose-backup")])
    func prefixesWithStraySlashes(value: String, suggestion: String) throws {
        let home = try ConfigTestHome()
        let error = try #require(home.loadError(["B2_PREFIX": value]))
        #expect(error == ConfigurationError(.invalidValue, key: "B2_PREFIX", message:
            "B2_PREFIX = \"\(value)\" must not start or end with '/' or contain '//': use \"\(suggestion)\""))
    }

    @Test(arguments: ["every day", "0 0 * *", "@every", "@every 0s", "61 * * * *", "@fortnightly"])
    func invalidSchedules(value: String) throws {
        let home = try ConfigTestHome()
        let error = try #require(home.loadError(["B2_SCHEDULE": value]))
        #expect(error.code == .invalidValue)
        #expect(error.key == "B2_SCHEDULE")
        #expect(error.message.hasPrefix("B2_SCHEDULE = \"\(value)\" is not a schedule: Schedule "))
        #expect(error.message.contains("daily, weekly, hourly, or @every 30m"))
    }

    @Test func aScheduleErrorNamesTheFieldAndTheFileKey() throws {
        let home = try ConfigTestHome()
        try home.writeConfig(#"{"schedule": "61 * * * *"}"#)
        let error = try #require(home.loadError())
        #expect(error.key == "schedule (in \(home.configPath))")
        #expect(error.message.contains("61"))
        #expect(error.message.contains("minute"))
    }

    @Test(arguments: [("daily", "0 0 * * *"), ("weekly", "0 0 * * 0"), ("hourly", "0 * * * *"), ("30 2 * * 1-5", "30 2 * * 1-5"), ("@every 2s", "@every 2s"), (" Weekly ", "0 0 * * 0"), ("@hourly", "@hourly")])
    func validSchedules(value: String, expression: String) throws {
        let home = try ConfigTestHome()
        #expect(try home.load(["B2_SCHEDULE": value]).schedule.expression == expression)
    }

    @Test func aRelativeCacheDir() throws {
        let home = try ConfigTestHome()
        let error = try #require(home.loadError(["B2_CACHE_DIR": "cache"]))
        #expect(error == ConfigurationError(.invalidValue, key: "B2_CACHE_DIR", message:
            "B2_CACHE_DIR = \"cache\" is not an absolute path: use a folder such as \"\(home.home)/.agent-backup/goose\" (~/ is allowed)"))
    }
}
