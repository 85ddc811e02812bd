import AgentBackupPorts

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one file and hands out its chunks in order (FORMAT.md section 9): fixed page-aligned
/// chunks for a SQLite database (recognised by its header), content-defined chunks otherwise.
///
/// Memory is one buffer of at most twice the largest chunk (8 MiB by default; a small file gets
/// a buffer its size), whatever the file's size. Bytes move inside it only when fewer than a
/// largest chunk's worth of room is left, so most bytes are copied once, by `read(2)`.
/// Not thread-safe: one reader per file and per task.
final class ChunkReader {
    /// The SQLite header string, `"SQLite format 3\0"`.
    static let sqliteMagic: [UInt8] = Array("SQLite format 3".utf8) + [0]

    private let file: PosixFile
    private let chunker: GearChunker
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var filled = 0
    private var atEnd = false
    private var sniffed = false
    /// True once the file's first bytes showed a SQLite database: chunks are fixed then.
    private(set) var isDatabase = false
    /// True once every byte of the file has been handed out.
    var isFinished: Bool { atEnd && start == filled }
    /// Bytes handed out so far.
    private(set) var offset: Int64 = 0

    /// Opens `path`. `expectedSize` (from the scan) only sizes the buffer: a file that grew is
    /// still read whole.
    init(path: String, chunker: GearChunker, expectedSize: Int64) throws {
        file = try PosixFile.openForReading(path)
        self.chunker = chunker
        let largest = 2 * chunker.parameters.maxSize
        let capacity = expectedSize < Int64(largest) ? Int(expectedSize) + 4096 : largest
        buffer = .allocate(byteCount: max(capacity, 4096), alignment: 64)
    }

    deinit {
        buffer.deallocate()
    }

    /// The next chunk, valid until the next call; nil at the end of the file.
    func next() throws -> UnsafeRawBufferPointer? {
        try fill()
        if !sniffed {
            sniffed = true
            isDatabase = filled - start >= Self.sqliteMagic.count
                && UnsafeRawBufferPointer(rebasing: buffer[start..<start + Self.sqliteMagic.count]).elementsEqual(Self.sqliteMagic)
        }
        let available = filled - start
        if available == 0 { return nil }
        let window = UnsafeRawBufferPointer(rebasing: buffer[start..<filled])
        let length = isDatabase ? min(available, chunker.parameters.sqlitePageChunk) : chunker.cut(window)
        let chunk = UnsafeRawBufferPointer(rebasing: window[window.startIndex..<window.startIndex + length])
        start += length
        offset += Int64(length)
        return chunk
    }

    /// Makes at least `maxSize` bytes available after `start`, or everything up to the end. Room
    /// is made only when the buffer is full: by moving the unread rest to the front, or (a
    /// buffer sized for a small file that grew) by growing it.
    private func fill() throws {
        let needed = chunker.parameters.maxSize
        while !atEnd, filled - start < needed {
            if filled == buffer.count {
                if start > 0 {
                    let available = filled - start
                    buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: available)
                    start = 0
                    filled = available
                } else {
                    grow(to: max(2 * needed, buffer.count * 2))
                }
            }
            let count = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if count == 0 { atEnd = true } else { filled += count }
        }
    }

    private func grow(to capacity: Int) {
        let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
        let available = filled - start
        larger.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: available)
        buffer.deallocate()
        buffer = larger
        start = 0
        filled = available
    }
}
