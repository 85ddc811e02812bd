import AgentBackupInfrastructure
import Foundation

/// `chunker [--size-mib N]`: the packed writer's per-byte stages on one core, in memory: the keyed
/// FastCDC cut (random and JSONL-like input), SHA-256, zstd level 3 and AES-256-GCM sealing.
/// The chunker must run well above SHA-256 (the pipeline's ceiling) so it never limits a push.
struct ChunkerBenchmark {
    var sizeMiB = 256

    init(arguments: [String]) throws {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard flag == "--size-mib", let value = rest.popFirst(), let size = Int(value), size > 0 else {
                throw BenchError("usage: agent-backup-bench chunker [--size-mib N]")
            }
            sizeMiB = size
        }
    }

    func run() throws {
        let random = Self.randomBytes(sizeMiB << 20)
        let text = Self.jsonl(sizeMiB << 20)
        let chunker = GearChunker(.standard(key: Array(repeating: 1, count: 32)))
        let cipher = RepositoryCipher.encrypting(masterKey: SecureBytes(Array(repeating: 2, count: 32)))
        func rate(_ name: String, _ input: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
            var best = Double.infinity
            for _ in 0..<3 {
                let start = monotonicSeconds()
                try input.withUnsafeBytes { try body($0) }
                best = min(best, monotonicSeconds() - start)
            }
            FileHandleOutput.standardOutput(String(format: "%-34@ %8.0f MB/s", name as NSString, Double(input.count) / best / 1e6))
        }
        var chunks = 0
        rate("FastCDC cut, random", random) { chunks = Self.cutAll($0, chunker) }
        FileHandleOutput.standardOutput("  (\(chunks) chunks, average \((sizeMiB << 20) / max(chunks, 1)) bytes)")
        rate("FastCDC cut, JSONL", text) { chunks = Self.cutAll($0, chunker) }
        rate("SHA-256", random) { _ = SHA256Digest.hash(Array($0)) }
        try rate("zstd -3 compress, JSONL (1 MiB)", text) { try Self.perMiB($0) { _ = try Zstd.compress($0) } }
        try rate("zstd -3 compress, random (1 MiB)", random) { try Self.perMiB($0) { _ = try Zstd.compress($0) } }
        try rate("AES-256-GCM seal (1 MiB)", random) { try Self.perMiB($0) { _ = try cipher.seal($0) } }
    }

    static func cutAll(_ bytes: UnsafeRawBufferPointer, _ chunker: GearChunker) -> Int {
        var start = 0, count = 0
        while start < bytes.count {
            start += chunker.cut(UnsafeRawBufferPointer(rebasing: bytes[start...]))
            count += 1
        }
        return count
    }

    static func perMiB(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + (1 << 20))
            try body(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            start = end
        }
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in stride(from: 0, to: count, by: 8) {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                withUnsafeBytes(of: state) { word in
                    for offset in 0..<min(8, count - index) { buffer[index + offset] = word[offset] }
                }
            }
            initialized = count
        }
    }

    /// Transcript-like lines: JSON with varying words and numbers, compressing like real ones (~5×).
    static func jsonl(_ count: Int) -> [UInt8] {
        let words = ["the", "function", "returns", "error", "file", "tool_use", "assistant", "user", "content", "import",
                     "swift", "build", "test", "passed", "let", "var", "struct", "async", "await", "throws"]
        var out: [UInt8] = []
        out.reserveCapacity(count + 512)
        var state: UInt64 = 42
        var line = 0
        while out.count < count {
            var text = "{\"type\":\"message\",\"index\":\(line),\"role\":\"\(line % 2 == 0 ? "user" : "assistant")\",\"content\":\""
            for _ in 0..<(20 + Int(state % 60)) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text += words[Int(state >> 59) % words.count] + (state & 7 == 0 ? " \(state >> 40) " : " ")
            }
            text += "\"}\n"
            out += Array(text.utf8)
            line += 1
        }
        return Array(out.prefix(count))
    }
}
