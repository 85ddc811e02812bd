import AgentBackupInfrastructure
import AgentBackupPorts
import Foundation

/// `crypto`: the push pipeline's hot path on one page-cached file (default 1 GiB): hash +
/// encrypt via `EncryptingCodec.encode(file:to:)` and decrypt via `decode(file:to:)`, with the
/// output thrown away (`/dev/null`: the crypto pipeline itself, reading included) and written to
/// a real file (adds the kernel's page-cache write cost), against what `openssl speed` predicts
/// for SHA-256 and AES-256-GCM together: 1 / (1/sha + 1/aes). Target: within 1.5×.
///
/// `openssl speed` measures CPU user time by default; `-elapsed` measures wall time. Both are
/// run, so a busy shared machine is compared like with like: our CPU rate against the CPU
/// prediction, our wall rate against the wall prediction.
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
        let sealed = plain + ".b2en", opened = plain + ".out"
        defer {
            try? FileManager.default.removeItem(atPath: sealed)
            try? FileManager.default.removeItem(atPath: opened)
        }
        try makeInput(plain)
        let bytes = Double(sizeMiB) * 1_048_576

        let hasher = OpenSSLHasher()
        _ = try hasher.digest(ofFile: plain)  // page cache warm-up
        let codec = Codecs.encrypting(passphrase: "agent-backup-bench")
        let kdf = try measure { _ = try codec.encode([]) }
        print(String(format: "scrypt, once per run: %.1f ms; file: %d MiB, page-cached; best of %d rounds", kdf.wall * 1000, sizeMiB, rounds))

        let steps = ["hash only", "hash+encrypt -> /dev/null", "hash+encrypt -> file", "decrypt+hash -> /dev/null", "decrypt+hash -> file"]
        var best: [String: Measurement] = [:]
        for _ in 1...rounds {
            var results: [(String, Measurement)] = []
            var expected: ContentDigest?
            results.append((steps[0], try measure { expected = try hasher.digest(ofFile: plain) }))
            results.append((steps[1], try measure { try check(codec.encode(file: plain, to: "/dev/null"), expected) }))
            results.append((steps[2], try measure { try check(codec.encode(file: plain, to: sealed), expected) }))
            results.append((steps[3], try measure { try check(codec.decode(file: sealed, to: "/dev/null", objectName: "bench"), expected) }))
            results.append((steps[4], try measure { try check(codec.decode(file: sealed, to: opened, objectName: "bench"), expected) }))
            for (name, value) in results { best[name] = best[name].map { $0.bestOf(value) } ?? value }
        }

        let sha = try OpenSSLSpeed.bytesPerSecond(evp: "sha256", seconds: 2, elapsed: false)
        let aes = try OpenSSLSpeed.bytesPerSecond(evp: "aes-256-gcm", seconds: 2, elapsed: false)
        let shaWall = try OpenSSLSpeed.bytesPerSecond(evp: "sha256", seconds: 2, elapsed: true)
        let aesWall = try OpenSSLSpeed.bytesPerSecond(evp: "aes-256-gcm", seconds: 2, elapsed: true)
        let predicted = 1 / (1 / sha + 1 / aes), predictedWall = 1 / (1 / shaWall + 1 / aesWall)

        let row = { (name: String, cpu: Double, wall: Double) in
            print(name.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: "%8.0f %10.0f", cpu / 1e6, wall / 1e6))
        }
        print("\n" + "MB/s".padding(toLength: 34, withPad: " ", startingAt: 0) + "  per CPU-s  per wall-s")
        row("openssl speed sha256", sha, shaWall)
        row("openssl speed aes-256-gcm", aes, aesWall)
        row("predicted sha+aes together", predicted, predictedWall)
        for name in steps {
            let m = best[name]!
            row("ours: " + name, bytes / m.cpu, bytes / m.wall)
        }
        print("\npredicted / ours (target <= 1.5x)   CPU basis   wall basis")
        for name in steps[1...2] {
            let m = best[name]!
            print(name.padding(toLength: 36, withPad: " ", startingAt: 0)
                  + String(format: "%8.2fx %11.2fx", predicted / (bytes / m.cpu), predictedWall / (bytes / m.wall)))
        }
        print(String(format: "\npeak RSS %.1f MiB; scrypt derivations %d; load average %@",
                     Double(ResourceUsage.ownPeakResidentBytes()) / 1_048_576, codec.keyDerivations, loadAverage()))
    }

    private func check(_ digest: ContentDigest, _ expected: ContentDigest?) throws {
        guard digest == expected else { throw BenchError("digest \(digest) differs from the hasher's \(String(describing: expected))") }
    }

    private func loadAverage() -> String {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
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

    private func measure(_ body: () throws -> Void) throws -> Measurement {
        let before = ResourceUsage.now(), start = monotonicSeconds()
        try body()
        let wall = monotonicSeconds() - start
        return Measurement(wall: wall, cpu: ResourceUsage.now().cpuSeconds - before.cpuSeconds)
    }
}

/// Wall and CPU seconds of one step.
struct Measurement {
    var wall: Double
    var cpu: Double

    /// The best wall and the best CPU time seen (noise on a shared machine only ever adds time).
    func bestOf(_ other: Measurement) -> Measurement {
        Measurement(wall: min(wall, other.wall), cpu: min(cpu, other.cpu))
    }
}
