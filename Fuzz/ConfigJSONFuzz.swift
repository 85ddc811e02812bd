@testable import AgentBackupConfig
import AgentBackupPorts

// Target `config-json`: the config file reader on any bytes, then the merge with an empty
// environment (store endpoint, schedule, bucket checks). Both throw `ConfigurationError` only
// (typed throws); the fuzzer looks for traps, hangs and runaway memory.

@_cdecl("LLVMFuzzerTestOneInput")
public func configJSONFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    let path = "/home/fuzz/.config/fuzz-b2-backup/config.json"
    do {
        let file = try ConfigFile.parse(bytes, path: path, mode: 0o644)
        if let keep = file.keepSnapshots { fuzzRequire(keep >= 1, "keepSnapshots \(keep) accepted") }
        for key in file.unknownKeys { fuzzRequire(!ConfigFile.knownKeys.contains(key), "known key \(key) reported unknown") }
        let configuration = try Configuration.resolve(id: "fuzz", home: "/home/fuzz", path: path, file: file, environment: [:])
        fuzzRequire(!configuration.retention.isEmpty, "retention \(configuration.retention) resolved")
    } catch {
        // Typed throws: `error` is a ConfigurationError.
        fuzzRequire(!error.message.isEmpty, "a configuration error without a message")
    }
    return 0
}
