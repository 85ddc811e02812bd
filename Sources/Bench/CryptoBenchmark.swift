import AgentBackupInfrastructure
import AgentBackupPorts
import Foundation

/// `crypto`: the push pipeline's hot path on one file (default 1 GiB, page-cached): hash +
/// encrypt via `EncryptingCodec.encode(file:to:)`, then decrypt, against what `openssl speed`
/// predicts for SHA-256 and AES-256-GCM together: 1 / (1/sha + 1/aes). Target: within 1.5×.
struct CryptoBenchmark {
    var sizeMiB = 1024
    var directory = "/tmp"
    var rounds = 3

    init(arguments: [String]) throws {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { throw BenchError("\(flag) needs a value") }
            switch flag {
            case "--size-mib": sizeMiB = try Self.positive(value, flag)
            case "--dir": directory = value
            case "--rounds": rounds = try Self.positive(value, flag)
            default: throw BenchError("unknown option \(flag); options: --size-mib N --dir DIR --rounds N")
            }
        }
    }

    private static func positive(_ value: String, _ flag: String) throws -> Int {
        guard let number = Int(value), number > 0 else { throw BenchError("\(flag) needs a positive integer, got \(value)") }
        return number
    }

    func run() throws {
        let plain = "\(directory)/agent-backup-bench-\(sizeMiB)MiB.bin"
        let sealed = plain + ".b2en"
        let opened = plain + ".out"
        defer {
            try? FileManager.default.removeItem(atPath: sealed)
            try? FileManager.default.removeItem(atPath: opened)
        }
        try makeInput(plain)
        let bytes = Double(sizeMiB) * 1_048_576
        let mb = { (seconds: Double) in String(format: "%7.0f MB/s", bytes / seconds / 1e6) }

        let hasher = OpenSSLHasher()
        _ = try hasher.digest(ofFile: plain)  // page cache warm-up
        let codec = Codecs.encrypting(passphrase: "agent-backup-bench")
        let kdf = try measure { _ = try codec.encode([]) }
        print(String(format: "scrypt (once per run)       %6.1f ms", kdf.wall * 1000))

        var best: [String: Measurement] = [:]
        for round in 1...rounds {
            let hash = try measure { _ = try hasher.digest(ofFile: plain) }
            var written = ContentDigestBox()
            let encrypt = try measure { written.value = try codec.encode(file: plain, to: sealed) }
            var read = ContentDigestBox()
            let decrypt = try measure { read.value = try codec.decode(file: sealed, to: opened, objectName: "bench") }
            guard let w = written.value, w == read.value else { throw BenchError("decrypted digest differs from the written one") }
            for (name, value) in [("hash", hash), ("encrypt", encrypt), ("decrypt", decrypt)] {
                best[name] = min(best[name] ?? value, value)
            }
            print("round \(round): hash \(mb(hash.wall))  hash+encrypt \(mb(encrypt.wall))  decrypt+hash \(mb(decrypt.wall))")
        }
        let sha = try OpenSSLSpeed.bytesPerSecond(evp: "sha256", seconds: 2)
        let aes = try OpenSSLSpeed.bytesPerSecond(evp: "aes-256-gcm", seconds: 2)
        let predicted = 1 / (1 / sha + 1 / aes)
        let encrypt = best["encrypt"]!, decrypt = best["decrypt"]!, hash = best["hash"]!
        let encryptRate = bytes / encrypt.wall
        print("")
        print("file: \(sizeMiB) MiB, page-cached; best of \(rounds) rounds")
        print(String(format: "openssl speed sha256        %7.0f MB/s", sha / 1e6))
        print(String(format: "openssl speed aes-256-gcm   %7.0f MB/s", aes / 1e6))
        print(String(format: "predicted sha+aes together  %7.0f MB/s", predicted / 1e6))
        print("ours: hash only            \(mb(hash.wall))  (cpu \(String(format: "%.2f", hash.cpu)) s)")
        print("ours: hash+encrypt         \(mb(encrypt.wall))  (cpu \(String(format: "%.2f", encrypt.cpu)) s, wall \(String(format: "%.2f", encrypt.wall)) s)")
        print("ours: decrypt+hash         \(mb(decrypt.wall))  (cpu \(String(format: "%.2f", decrypt.cpu)) s, wall \(String(format: "%.2f", decrypt.wall)) s)")
        print(String(format: "predicted / ours (encrypt)  %7.2fx  (target <= 1.5x)", predicted / encryptRate))
        print(String(format: "peak RSS                    %7.1f MiB", Double(ResourceUsage.ownPeakResidentBytes()) / 1_048_576))
        print("scrypt derivations: \(codec.keyDerivations)")
    }

    /// Writes the input once (random 1 MiB blocks, each stamped with its index); reused later.
    private func makeInput(_ path: String) throws {
        let size = UInt64(sizeMiB) << 20
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
           (attributes[.size] as? UInt64) == size { return }
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else { throw BenchError("cannot create \(path)") }
        defer { try? handle.close() }
        var block = try SecureRandom.bytes(1 << 20)
        for index in 0..<sizeMiB {
            withUnsafeBytes(of: UInt64(index)) { block.replaceSubrange(0..<8, with: $0) }
            try handle.write(contentsOf: block)
        }
    }

    private struct ContentDigestBox { var value: ContentDigest? }

    private func measure(_ body: () throws -> Void) throws -> Measurement {
        let before = ResourceUsage.now(), start = monotonicSeconds()
        try body()
        let wall = monotonicSeconds() - start
        return Measurement(wall: wall, cpu: ResourceUsage.now().cpuSeconds - before.cpuSeconds)
    }
}

/// Wall and CPU seconds of one step; ordered by wall time.
struct Measurement: Comparable {
    var wall: Double
    var cpu: Double
    static func < (a: Measurement, b: Measurement) -> Bool { a.wall < b.wall }
}
