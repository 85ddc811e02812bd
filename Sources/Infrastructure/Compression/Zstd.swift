import CAgentBackupZstd

/// zstd (system libzstd) for the packed layout: blobs, indexes and snapshots are compressed
/// when that shrinks them.
///
/// Decompression never trusts the input: every call has a hard output limit, a frame that
/// would exceed it fails instead of allocating, exactly one frame must fill the input, and the
/// streaming decoder refuses windows above `maxWindowLog` (a hostile frame header could
/// otherwise make libzstd allocate a 2 GiB window).
public enum Zstd {
    /// The level used for blobs and metadata: zstd's default, ~400 MB/s per core on JSONL.
    public static let defaultLevel: Int32 = 3
    /// The largest window a frame may ask for when decoded as a stream (16 MiB): our writer's
    /// frames use at most 4 MiB (level 3 windows are 2 MiB, blobs are ≤ 4 MiB).
    static let maxWindowLog: Int32 = 24

    /// The zstd frame of `input`. Throws `ZstdError` only when libzstd fails (out of memory).
    public static func compress(_ input: [UInt8], level: Int32 = defaultLevel) throws -> [UInt8] {
        try input.withUnsafeBytes { try compress($0, level: level) }
    }

    /// The zstd frame of `input`.
    public static func compress(_ input: UnsafeRawBufferPointer, level: Int32 = defaultLevel) throws -> [UInt8] {
        let bound = ZSTD_compressBound(input.count)
        guard ZSTD_isError(bound) == 0 else { throw ZstdError("input of \(input.count) bytes is too large to compress") }
        return try [UInt8](unsafeUninitializedCapacity: bound) { out, count in
            let written = ZSTD_compress(out.baseAddress, bound, input.baseAddress, input.count, level)
            guard ZSTD_isError(written) == 0 else {
                count = 0
                throw ZstdError("compression failed: \(errorName(written))")
            }
            count = written
        }
    }

    /// Decompresses ONE frame filling `frame` whose content is exactly `size` bytes (a blob whose
    /// raw length its index entry states). Fails without allocating more than `size` bytes when
    /// the frame holds more, less, or is not one well-formed frame.
    public static func decompress(_ frame: [UInt8], exactSize size: Int) throws -> [UInt8] {
        try frame.withUnsafeBytes { try decompress($0, exactSize: size) }
    }

    /// Decompresses ONE frame filling `frame` whose content is exactly `size` bytes.
    public static func decompress(_ frame: UnsafeRawBufferPointer, exactSize size: Int) throws -> [UInt8] {
        try requireOneFrame(frame)
        guard let context = ZSTD_createDCtx() else { throw ZstdError("cannot create a decompression context") }
        defer { ZSTD_freeDCtx(context) }
        // Single-shot into a buffer of exactly `size` bytes: libzstd writes no further and needs
        // no window buffer of its own.
        return try [UInt8](unsafeUninitializedCapacity: max(size, 1)) { out, count in
            count = 0
            let written = ZSTD_decompressDCtx(context, out.baseAddress, size, frame.baseAddress, frame.count)
            guard ZSTD_isError(written) == 0 else {
                throw ZstdError("damaged or oversized frame (expected \(size) bytes): \(errorName(written))")
            }
            guard written == size else {
                throw ZstdError("the frame holds \(written) bytes, its entry says \(size)")
            }
            count = written
        }
    }

    /// Decompresses ONE frame filling `frame` whose size is not known in advance (an index or
    /// snapshot document), refusing more than `limit` bytes of output. Memory grows with the
    /// output actually produced, never with what the frame header claims.
    public static func decompress(_ frame: [UInt8], limit: Int) throws -> [UInt8] {
        try frame.withUnsafeBytes { input in
            try requireOneFrame(input)
            guard let stream = ZSTD_createDStream() else { throw ZstdError("cannot create a decompression stream") }
            defer { ZSTD_freeDStream(stream) }
            let set = ZSTD_DCtx_setParameter(stream, ZSTD_d_windowLogMax, maxWindowLog)
            guard ZSTD_isError(set) == 0 else { throw ZstdError("cannot limit the window: \(errorName(set))") }
            var output: [UInt8] = []
            var step = [UInt8](repeating: 0, count: 1 << 20)
            var source = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
            while true {
                let (remaining, produced) = try step.withUnsafeMutableBytes { buffer -> (Int, Int) in
                    var target = ZSTD_outBuffer(dst: buffer.baseAddress, size: buffer.count, pos: 0)
                    let result = ZSTD_decompressStream(stream, &target, &source)
                    guard ZSTD_isError(result) == 0 else { throw ZstdError("damaged frame: \(errorName(result))") }
                    return (result, target.pos)
                }
                guard output.count + produced <= limit else {
                    throw ZstdError("the frame holds more than the \(limit) bytes allowed")
                }
                output += step[0..<produced]
                if remaining == 0 { return output }
                if source.pos == source.size && produced < step.count {
                    throw ZstdError("the frame is truncated")
                }
            }
        }
    }

    /// One complete frame must fill the input: no truncated frame, no second frame or trailing
    /// bytes (which a decoder could silently ignore or concatenate).
    private static func requireOneFrame(_ input: UnsafeRawBufferPointer) throws {
        let length = ZSTD_findFrameCompressedSize(input.baseAddress, input.count)
        guard ZSTD_isError(length) == 0 else { throw ZstdError("not one complete zstd frame: \(errorName(length))") }
        guard length == input.count else {
            throw ZstdError("\(input.count - length) bytes follow the zstd frame")
        }
    }

    private static func errorName(_ code: Int) -> String {
        String(cString: ZSTD_getErrorName(code))
    }
}

/// Compressing or decompressing failed: damaged or hostile input, or a limit was hit.
public struct ZstdError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { "zstd: \(message)" }
}
