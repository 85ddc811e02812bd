import AgentBackupDomain
import AgentBackupPorts

/// The values of `~/.config/<id>-b2-backup/config.json`, type-checked but not yet merged with the
/// environment. Every field is optional: a missing key, `null` and `""` all mean "not set", as the
/// reference engine's `config.x || default` does.
public struct ConfigFile: Sendable, Equatable {
    public var path: String
    /// Permission bits of the file, for the `chmod 600` warning.
    public var mode: UInt32
    public var keyId: String?
    public var applicationKey: String?
    public var bucket: String?
    public var region: String?
    public var prefix: String?
    public var encryptionKey: String?
    public var encrypt: Bool?
    public var keepSnapshots: Int?
    /// The `keep` object (calendar retention rules), when present.
    var keep: KeepSetting?
    public var schedule: String?
    public var cacheDir: String?
    public var endpoint: String?
    /// `"reference"` or `"packed"`: the bucket layout for a new prefix (checked in `Configuration`).
    public var layout: String?
    /// Keys this tool does not know (kept for a warning; probably typos).
    public var unknownKeys: [String]

    static let stringKeys = ["keyId", "applicationKey", "bucket", "region", "prefix", "encryptionKey", "schedule", "cacheDir", "endpoint", "layout"]
    public static let knownKeys = Set(stringKeys + ["encrypt", "keepSnapshots", "keep"])

    /// Reads and checks the file; nil when it does not exist. A file that exists but is malformed
    /// is an error (never "no config"): the message names the file, the line and the column.
    public static func load(path: String, fileSystem: any FileSystem) throws(ConfigurationError) -> ConfigFile? {
        let status: FileStatus?
        let bytes: [UInt8]
        do {
            status = try fileSystem.status(path)
            guard let status, status.kind != .directory else {
                if status?.kind == .directory {
                    throw ConfigurationError(.unreadableFile, message: "\(path) is a folder; it must be a JSON file such as {\"keyId\": \"…\", \"applicationKey\": \"…\", \"bucket\": \"…\"}")
                }
                return nil
            }
            bytes = try fileSystem.readFile(path)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(.unreadableFile, message: "cannot read the config file \(path): \(error). Check its permissions (it should be yours, mode 600)")
        }
        return try parse(bytes, path: path, mode: status?.mode ?? 0o600)
    }

    /// Checks the JSON text of a config file.
    public static func parse(_ bytes: [UInt8], path: String, mode: UInt32 = 0o600) throws(ConfigurationError) -> ConfigFile {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes).value
        } catch {
            let (line, column) = error.lineAndColumn(in: bytes)
            throw ConfigurationError(.malformedFile, message:
                "the config file \(path) is not valid JSON: line \(line), column \(column): \(error.reason). Fix the file or remove it")
        }
        // A repeated key keeps the last value, as JavaScript's `JSON.parse` does.
        guard let members = document.membersByKey.map({ $0.mapValues(\.value) }), let pairs = document.pairs else {
            throw ConfigurationError(.malformedFile, message:
                "the config file \(path) holds \(document.kindName) (\(document.rendered)); it must be a JSON object such as {\"bucket\": \"my-bucket\"}")
        }
        var order: [String] = []
        for (key, _) in pairs where !order.contains(key) { order.append(key) }
        var file = ConfigFile(path: path, mode: mode, unknownKeys: order.filter { !knownKeys.contains($0) })
        file.keyId = try string(members, "keyId", path)
        file.applicationKey = try string(members, "applicationKey", path)
        file.bucket = try string(members, "bucket", path)
        file.region = try string(members, "region", path)
        file.prefix = try string(members, "prefix", path)
        file.encryptionKey = try string(members, "encryptionKey", path)
        file.schedule = try string(members, "schedule", path)
        file.cacheDir = try string(members, "cacheDir", path)
        file.endpoint = try string(members, "endpoint", path)
        file.layout = try string(members, "layout", path)
        file.encrypt = try bool(members, "encrypt", path)
        file.keepSnapshots = try keepSnapshots(members, path)
        file.keep = try members["keep"].flatMap { (value) throws(ConfigurationError) in try KeepSetting.parse(value, path: path) }
        return file
    }

    init(path: String, mode: UInt32, unknownKeys: [String] = []) {
        self.path = path
        self.mode = mode
        self.unknownKeys = unknownKeys
    }

    private static func string(_ members: [String: JSONValue], _ key: String, _ path: String) throws(ConfigurationError) -> String? {
        switch members[key] {
        case nil, .null: return nil
        case .string(let s): return s.isEmpty ? nil : s
        case let other?:
            throw ConfigurationError(.invalidValue, key: key, message:
                "\(key) in \(path) is \(other.kindName) (\(other.rendered)); expected a string in double quotes, e.g. \"\(key)\": \"\(example(key))\"")
        }
    }

    private static func bool(_ members: [String: JSONValue], _ key: String, _ path: String) throws(ConfigurationError) -> Bool? {
        switch members[key] {
        case nil, .null: return nil
        case .bool(let b): return b
        case let other?:
            throw ConfigurationError(.invalidValue, key: key, message:
                "\(key) in \(path) is \(other.kindName) (\(other.rendered)); expected true or false without quotes, e.g. \"\(key)\": true")
        }
    }

    private static func keepSnapshots(_ members: [String: JSONValue], _ path: String) throws(ConfigurationError) -> Int? {
        let key = "keepSnapshots"
        switch members[key] {
        case nil, .null: return nil
        case .number(let text):
            if let n = integerValue(text), n >= 1 { return n }
            throw ConfigurationError(.invalidValue, key: key, message:
                "\(key) in \(path) is \(text); expected a whole number of snapshots to keep, 1 or more, e.g. \"\(key)\": 10")
        case let other?:
            throw ConfigurationError(.invalidValue, key: key, message:
                "\(key) in \(path) is \(other.kindName) (\(other.rendered)); expected a whole number of snapshots to keep, 1 or more, without quotes, e.g. \"\(key)\": 10")
        }
    }

    /// `10`, `10.0` and `1e1` are the integer 10 (as JavaScript's `Number.isInteger` sees them).
    static func integerValue(_ text: String) -> Int? {
        if let n = Int(text) { return n }
        guard let d = Double(text), d.isFinite, d.rounded() == d, abs(d) < 1e15 else { return nil }
        return Int(d)
    }

    private static func example(_ key: String) -> String {
        switch key {
        case "keyId": return "004a1b2c3d4e5f60000000001"
        case "applicationKey": return "K004…"
        case "bucket": return "my-agent-backups"
        case "region": return "us-west-004"
        case "prefix": return "goose-backup"
        case "encryptionKey": return "a long passphrase"
        case "schedule": return "daily"
        case "cacheDir": return "/home/me/.agent-backup/goose"
        case "endpoint": return "https://s3.example.com"
        case "layout": return "packed"
        default: return "…"
        }
    }
}
