import AgentBackupDomain
import AgentBackupPorts

extension Configuration {
    /// The environment variables that override the file, by config key.
    public static let environmentVariables: [(key: String, variable: String)] = [
        ("keyId", "B2_KEY_ID"), ("applicationKey", "B2_APPLICATION_KEY"), ("bucket", "B2_BUCKET"),
        ("region", "B2_REGION"), ("prefix", "B2_PREFIX"), ("encryptionKey", "B2_ENCRYPTION_KEY"),
        ("schedule", "B2_SCHEDULE"), ("encrypt", "B2_ENCRYPT"), ("keepSnapshots", "B2_KEEP_SNAPSHOTS"),
        ("endpoint", "B2_ENDPOINT"), ("cacheDir", "B2_CACHE_DIR"),
        ("layout", "B2_LAYOUT"),
    ]

    /// Reads `~/.config/<id>-b2-backup/config.json` (if it exists) and the `B2_*` variables, the
    /// environment winning, and validates the result. `HOME` comes from `environment`.
    ///
    /// Store selection: `endpoint` `file:///dir` → local directory store; `endpoint` `http(s)://…` →
    /// S3-compatible (keyId, applicationKey, bucket required; region or `us-east-1`); otherwise B2
    /// when any credential is set (all three required); nothing at all → the local store at
    /// `~/.agent-backup/store`, with a "not off-site" warning.
    ///
    /// Encryption with no passphrase at all (only possible with a local store, which needs no
    /// application key): on the implicit default store, encryption is off with a warning (the copy
    /// stays on the same disk as the original); an explicit `file://` endpoint or `encrypt: true`
    /// requires an `encryptionKey` (or `encrypt: false`), so nothing is written in plain text
    /// to a place the user chose without saying so.
    public static func load(id: String, environment: [String: String], fileSystem: any FileSystem) throws(ConfigurationError) -> Configuration {
        guard let home = environment["HOME"], home.hasPrefix("/") else {
            throw ConfigurationError(.missingHome, key: "HOME", message:
                "HOME is \(environment["HOME"].map { "\"\($0)\"" } ?? "not set"); it must be your home folder's absolute path (the config is read from $HOME/.config/\(id)-b2-backup/config.json)")
        }
        guard !id.isEmpty, !id.contains("/"), id != ".", id != "..", !id.contains("\0") else {
            throw ConfigurationError(.invalidAgent, key: "id", message: "the agent id \"\(id)\" cannot name a config folder: use letters, digits, '-' or '_'")
        }
        let path = filePath(id: id, home: home)
        let file = try ConfigFile.load(path: path, fileSystem: fileSystem)
        return try resolve(id: id, home: home, path: path, file: file, environment: environment)
    }

    /// Merges a checked file with the environment (pure; `load` does the reading).
    public static func resolve(
        id: String, home: String, path: String, file: ConfigFile?, environment: [String: String]
    ) throws(ConfigurationError) -> Configuration {
        let values = MergedValues(file: file, environment: environment, path: path)
        var warnings: [ConfigurationWarning] = []

        if let file {
            if file.mode & 0o077 != 0 {
                warnings.append(ConfigurationWarning(.filePermissions, message:
                    "the config file \(path) can be read by other users (mode \(String(file.mode & 0o777, radix: 8))) and holds your keys: run chmod 600 \(path)"))
            }
            for key in file.unknownKeys {
                warnings.append(ConfigurationWarning(.unknownKey, message:
                    "unknown key \"\(key)\" in \(path) is ignored; known keys: \(ConfigFile.knownKeys.sorted().joined(separator: ", "))"))
            }
        }

        let keyId = values.string("keyId")
        let applicationKey = values.string("applicationKey")
        let bucket = values.string("bucket")
        let region = values.string("region")
        let endpoint = try values.string("endpoint").map { (v) throws(ConfigurationError) in
            try StoreEndpoint(parsing: v.value, source: v.source)
        }
        if let bucket, bucket.value.contains("/") || bucket.value.contains(where: \.isWhitespace) {
            throw ConfigurationError(.invalidValue, key: bucket.source, message:
                "\(bucket.source) = \"\(bucket.value)\" is not a bucket name: use the bucket's name only (letters, digits, '-'), no '/' or spaces")
        }

        // Store.
        let store: StoreSelection
        switch endpoint {
        case .directory(let directory)?:
            store = .localDirectory(directory: directory, bucket: bucket?.value ?? defaultLocalBucket, isDefault: false)
        case .s3(let url)?:
            let credentials = try requireCredentials(keyId: keyId, applicationKey: applicationKey, bucket: bucket, path: path, forWhat: "the S3 endpoint \(url)")
            store = .s3(endpoint: url, bucket: credentials.bucket, region: region?.value ?? "us-east-1", credentials: credentials.credentials)
        case nil:
            if keyId == nil && applicationKey == nil && bucket == nil {
                let directory = defaultLocalStoreDirectory(home: home)
                store = .localDirectory(directory: directory, bucket: defaultLocalBucket, isDefault: true)
                warnings.append(ConfigurationWarning(.notOffSite, message:
                    "NOT OFF-SITE: no bucket is configured, so backups go to \(directory) on this machine and will not survive its loss. Set keyId, applicationKey and bucket in \(path) (or B2_KEY_ID, B2_APPLICATION_KEY, B2_BUCKET) to back up to Backblaze B2"))
            } else {
                let credentials = try requireCredentials(keyId: keyId, applicationKey: applicationKey, bucket: bucket, path: path, forWhat: "Backblaze B2")
                store = .b2(bucket: credentials.bucket, region: region?.value, credentials: credentials.credentials)
            }
        }

        // Encryption.
        let encrypt = try values.encrypt()
        let encryptionKey = values.string("encryptionKey")
        let encryption: EncryptionSetting
        if encrypt?.value == false {
            encryption = .off
            warnings.append(ConfigurationWarning(.encryptionOff, message:
                "encryption is OFF (\(encrypt!.source) = false): files are stored in plain text; set encrypt to true and an encryptionKey to protect them"))
        } else if let encryptionKey {
            encryption = .on(Passphrase(encryptionKey.value, source: .encryptionKey))
        } else if let applicationKey {
            encryption = .on(Passphrase(applicationKey.value, source: .applicationKey))
            warnings.append(ConfigurationWarning(.legacyPassphrase, message:
                "no encryptionKey is set, so the application key is the encryption passphrase (legacy): if that key is ever rotated, these backups can no longer be decrypted. Set encryptionKey in \(path) (or B2_ENCRYPTION_KEY) before the first backup"))
        } else if case .localDirectory(_, _, true) = store, encrypt == nil {
            encryption = .off
            warnings.append(ConfigurationWarning(.encryptionOff, message:
                "encryption is OFF: the local store has no key to encrypt with. Set encryptionKey in \(path) (or B2_ENCRYPTION_KEY) to encrypt, or encrypt: false to silence this"))
        } else {
            let reason = encrypt.map { "\($0.source) = true asks for encryption" } ?? "backups to \(store.summary) are encrypted by default"
            throw ConfigurationError(.missingEncryptionKey, key: "encryptionKey", message:
                "\(reason) but there is no passphrase: set encryptionKey in \(path) (or B2_ENCRYPTION_KEY), or set encrypt to false to store plain files")
        }

        // The rest.
        var prefix = "\(id)-backup"
        if let p = values.string("prefix") {
            guard !p.value.hasPrefix("/"), !p.value.hasSuffix("/"), !p.value.contains("//") else {
                let cleaned = p.value.split(separator: "/").joined(separator: "/")
                throw ConfigurationError(.invalidValue, key: p.source, message:
                    "\(p.source) = \"\(p.value)\" must not start or end with '/' or contain '//': use \"\(cleaned.isEmpty ? "\(id)-backup" : cleaned)\"")
            }
            prefix = p.value
        }
        let retention = try values.retention()
        let schedule = try values.string("schedule").map { (v) throws(ConfigurationError) in
            try ScheduleSetting(parsing: v.value, source: v.source)
        } ?? .daily
        var cacheDirectory = "\(home)/.agent-backup/\(id)"
        if let c = values.string("cacheDir") {
            var dir = c.value
            if dir == "~" { dir = home } else if dir.hasPrefix("~/") { dir = home + dir.dropFirst(1) }
            guard dir.hasPrefix("/") else {
                throw ConfigurationError(.invalidValue, key: c.source, message:
                    "\(c.source) = \"\(c.value)\" is not an absolute path: use a folder such as \"\(home)/.agent-backup/\(id)\" (~/ is allowed)")
            }
            while dir.count > 1 && dir.hasSuffix("/") { dir.removeLast() }
            cacheDirectory = dir
        }

        var configuration = Configuration(
            agentID: id, configFilePath: path, configFileExists: file != nil, store: store, prefix: prefix,
            encryption: encryption, retention: retention, schedule: schedule, cacheDirectory: cacheDirectory,
            transfers: try transfers(environment), warnings: warnings, retry: try RetrySetting.parse(environment: environment))
        configuration.layout = try values.layout()
        return configuration
    }

    /// `AGENT_BACKUP_TRANSFERS` (a tuning knob of this machine, so a variable only, not a file key).
    static func transfers(_ environment: [String: String]) throws(ConfigurationError) -> Int {
        let name = "AGENT_BACKUP_TRANSFERS"
        guard let raw = environment[name], !raw.isEmpty else { return defaultTransfers }
        guard let n = Int(raw.trimmingWhitespace()), transfersRange.contains(n) else {
            throw ConfigurationError(.invalidValue, key: name, message:
                "\(name) = \"\(raw)\" is not a number of requests in flight: use a whole number from \(transfersRange.lowerBound) to \(transfersRange.upperBound), e.g. \(name)=16 (default \(defaultTransfers))")
        }
        return n
    }

    private static func requireCredentials(
        keyId: MergedValues.Value<String>?, applicationKey: MergedValues.Value<String>?, bucket: MergedValues.Value<String>?,
        path: String, forWhat: String
    ) throws(ConfigurationError) -> (credentials: StoreCredentials, bucket: String) {
        if let keyId, let applicationKey, let bucket {
            return (StoreCredentials(keyId: keyId.value, applicationKey: applicationKey.value), bucket.value)
        }
        var missing: [String] = []
        if keyId == nil { missing.append("keyId (B2_KEY_ID)") }
        if applicationKey == nil { missing.append("applicationKey (B2_APPLICATION_KEY)") }
        if bucket == nil { missing.append("bucket (B2_BUCKET)") }
        throw ConfigurationError(.missingCredentials, key: missing.first, message:
            "\(forWhat) needs keyId, applicationKey and bucket; missing: \(missing.joined(separator: ", ")). Set them in \(path) (mode 600) or as the environment variables B2_KEY_ID, B2_APPLICATION_KEY, B2_BUCKET (a service sees only the file)")
    }
}

/// File values with environment overrides, remembering where each came from for messages.
struct MergedValues {
    struct Value<T> {
        var value: T
        /// `B2_BUCKET` or `bucket (in /path/config.json)`.
        var source: String
    }

    let file: ConfigFile?
    let environment: [String: String]
    let path: String

    func variable(for key: String) -> String {
        Configuration.environmentVariables.first { $0.key == key }!.variable
    }

    func environmentValue(_ key: String) -> Value<String>? {
        let name = variable(for: key)
        guard let v = environment[name], !v.isEmpty else { return nil }
        return Value(value: v, source: name)
    }

    func fileSource(_ key: String) -> String { "\(key) (in \(path))" }

    /// `layout` / `B2_LAYOUT`: `reference` (the default) or `packed`.
    func layout() throws(ConfigurationError) -> RepositoryLayout {
        guard let v = string("layout") else { return .reference }
        guard let layout = RepositoryLayout(rawValue: v.value) else {
            throw ConfigurationError(.invalidValue, key: v.source, message:
                "\(v.source) = \"\(v.value)\" is not a layout: use \"reference\" (the default, readable by the reference engine) or \"packed\" (deduplicated packs)")
        }
        return layout
    }

    func string(_ key: String) -> Value<String>? {
        if let env = environmentValue(key) { return env }
        let fileValue: String?
        switch key {
        case "keyId": fileValue = file?.keyId
        case "applicationKey": fileValue = file?.applicationKey
        case "bucket": fileValue = file?.bucket
        case "region": fileValue = file?.region
        case "prefix": fileValue = file?.prefix
        case "encryptionKey": fileValue = file?.encryptionKey
        case "schedule": fileValue = file?.schedule
        case "cacheDir": fileValue = file?.cacheDir
        case "endpoint": fileValue = file?.endpoint
        case "layout": fileValue = file?.layout
        default: fileValue = nil
        }
        return fileValue.map { Value(value: $0, source: fileSource(key)) }
    }

    func encrypt() throws(ConfigurationError) -> Value<Bool>? {
        if let env = environmentValue("encrypt") {
            switch env.value.trimmingWhitespace().lowercased() {
            case "false", "0", "no", "off": return Value(value: false, source: env.source)
            case "true", "1", "yes", "on": return Value(value: true, source: env.source)
            default:
                throw ConfigurationError(.invalidValue, key: env.source, message:
                    "\(env.source) = \"\(env.value)\" is not a yes/no value: use true or false (false, 0, no and off turn encryption off)")
            }
        }
        return file?.encrypt.map { Value(value: $0, source: fileSource("encrypt")) }
    }

    func keepSnapshots() throws(ConfigurationError) -> Int? {
        if let env = environmentValue("keepSnapshots") {
            guard let n = Int(env.value.trimmingWhitespace()), n >= 1 else {
                throw ConfigurationError(.invalidValue, key: env.source, message:
                    "\(env.source) = \"\(env.value)\" is not a number of snapshots to keep: use a whole number of 1 or more, e.g. \(env.source)=10")
            }
            return n
        }
        return file?.keepSnapshots
    }

    /// The retention policy: `keep` (file) with `B2_KEEP_*` over it, and `keepSnapshots` /
    /// `B2_KEEP_SNAPSHOTS` as `last` when no `last` rule is given.
    func retention() throws(ConfigurationError) -> RetentionPolicy {
        let keep = try (file?.keep ?? KeepSetting()).overridden(by: environment)
        let policy = keep.policy(keepSnapshots: try keepSnapshots())
        if policy.isEmpty {
            throw ConfigurationError(.invalidValue, key: "keep", message:
                "the retention rules (keep in \(path), B2_KEEP_*) are all 0: every snapshot but the newest would be deleted. Set at least one rule above 0, e.g. \"keep\": {\"last\": 10} or \"keepSnapshots\": 10")
        }
        return policy
    }
}
