import AgentBackupPorts

/// The one streaming loop behind every file codec: read a chunk into a pooled buffer, process it
/// in place (hash + encrypt, decrypt + hash, or just hash), write it, repeat. One read of the
/// source, one write of the destination, memory bounded by one chunk.
enum ChunkPipeline {
    /// Streams `input` to `output` through `process`; returns the bytes moved.
    @discardableResult
    static func run(from input: PosixFile, to output: PosixFile,
                    process: (UnsafeMutableRawBufferPointer) throws -> Void) throws -> Int64 {
        var total: Int64 = 0
        try ChunkBufferPool.shared.withBuffer { buffer in
            while true {
                let count = try input.read(into: buffer)
                if count == 0 { break }
                let chunk = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
                try process(chunk)
                try output.write(UnsafeRawBufferPointer(chunk))
                total += Int64(count)
            }
        }
        return total
    }
}
