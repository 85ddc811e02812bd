import AgentBackupPorts

/// The one streaming loop behind every file codec: read a chunk into a pooled buffer, hash the
/// plaintext, transform in place (encrypt, decrypt, or nothing), write, repeat. One read of the
/// source, one write of the destination, memory bounded by one chunk.
enum ChunkPipeline {
    /// Where the plaintext is in the loop: before the transform (writer) or after it (reader).
    enum PlaintextSide { case input, output }

    /// Streams `input` to `output` and returns the SHA-256 and length of the plaintext side.
    static func run(from input: PosixFile, to output: PosixFile, plaintext side: PlaintextSide,
                    transform: (UnsafeMutableRawBufferPointer) throws -> Void) throws -> ContentDigest {
        let hash = try SHA256Stream()
        var total: Int64 = 0
        try ChunkBufferPool.shared.withBuffer { buffer in
            while true {
                let count = try input.read(into: buffer)
                if count == 0 { break }
                let chunk = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
                if side == .input { hash.update(UnsafeRawBufferPointer(chunk)) }
                try transform(chunk)
                if side == .output { hash.update(UnsafeRawBufferPointer(chunk)) }
                try output.write(UnsafeRawBufferPointer(chunk))
                total += Int64(count)
            }
        }
        return ContentDigest(sha256: Hex.encode(hash.finish()), size: total)
    }
}
