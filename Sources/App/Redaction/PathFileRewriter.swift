import AgentBackupDomain
import AgentBackupPorts

/// Rewrites mapped paths inside one restored file and proves the result: the file is written
/// again with `PathValueRewriter`, then read back, every replacement is undone and the SHA-256 of
/// what comes out must be the manifest's. A restore with `--map` stays checked end to end.
///
/// JSON Lines stream line by line (memory follows the longest line; a line longer than
/// `maxLineBytes` is copied unread and reported); other formats are read whole, like the
/// settings files the redaction reads.
struct PathFileRewriter {
    let fileSystem: any FileSystem
    let mapper: PathMapper
    /// The file's concrete format (never `.auto`).
    let format: PathFileFormat
    /// Where member names are paths (see `PathFileRule.keys`).
    let keys: PatternSet?

    static let chunkBytes = 1 << 20
    static let maxLineBytes = 64 << 20
    static let maxDocumentBytes = 256 << 20

    /// What rewriting a file did.
    struct Rewrite: Sendable {
        /// Values (and member names) replaced.
        var rewritten = 0
        /// Values naming a mapped path in a form not rewritten (escapes, block scalars).
        var leftAlone = 0
        /// Lines of JSON Lines that are not JSON, or too long to read, copied as they were.
        var unreadLines = 0
        /// Why the whole file could not be read in its format (it is then not rewritten).
        var unreadable: String?
        /// The replacements of each unit (line index for JSON Lines, 0 for a document).
        var replacements: [Int: [PathReplacement]] = [:]
    }

    private var rewriter: PathValueRewriter { PathValueRewriter(mapper: mapper, format: format, keys: keys) }

    /// Writes `source` (verified plaintext) with its paths mapped into `destination`, mode 0600.
    func rewrite(source: String, into destination: String) throws -> Rewrite {
        let rewriter = self.rewriter
        if format == .jsonl { return try rewriteLines(source: source, into: destination, rewriter: rewriter) }
        var result = Rewrite()
        let size = try fileSystem.status(source)?.size ?? 0
        guard size <= Self.maxDocumentBytes else {
            result.unreadable = "it is larger than \(Self.maxDocumentBytes >> 20) MiB"
            return result
        }
        let bytes = try fileSystem.readFile(source)
        do {
            let unit = try rewriter.rewrite(bytes)
            result.rewritten = unit.replacements.count
            result.leftAlone = unit.leftAlone
            if !unit.replacements.isEmpty { result.replacements[0] = unit.replacements }
            try fileSystem.writeStream(to: destination, mode: 0o600) { try $0(unit.output) }
        } catch let failure as JSONSyntaxError {
            let (line, column) = failure.lineAndColumn(in: bytes)
            result.unreadable = "it is not valid \(format.rawValue.uppercased()) (\(failure.reason) at line \(line), column \(column))"
        }
        return result
    }

    /// Reads `rewritten` back, undoes every replacement of `rewrite` and returns the digest of
    /// the result (the snapshot's bytes when all is well). `scratch` is a private temporary path
    /// the caller removes. Throws `PathRewriteMismatch` when a replacement is not where it should be.
    func undoDigest(of rewritten: String, rewrite: Rewrite, scratch: String, hasher: any ContentHasher) throws -> ContentDigest {
        let rewriter = self.rewriter
        guard format == .jsonl else {
            let original = try rewriter.undo(try fileSystem.readFile(rewritten), rewrite.replacements[0] ?? [])
            return hasher.digest(of: original)
        }
        try fileSystem.writeStream(to: scratch, mode: 0o600) { write in
            var line = 0
            var pending: [UInt8] = []
            func finishLine(newline: Bool) throws {
                if let replacements = rewrite.replacements[line] {
                    do {
                        try write(try rewriter.undo(pending, replacements))
                    } catch let mismatch as PathRewriteMismatch {
                        throw PathRewriteMismatch(offset: mismatch.offset, reason: "line \(line + 1): \(mismatch.reason)")
                    }
                    pending = []
                }
                if newline { try write([0x0A]) }
                line += 1
            }
            try fileSystem.readChunks(of: rewritten, chunkBytes: Self.chunkBytes) { chunk in
                var start = 0
                while start < chunk.count {
                    let end = chunk[start...].firstIndex(of: 0x0A) ?? chunk.count
                    if rewrite.replacements[line] != nil { pending += chunk[start..<end] } else if end > start { try write(Array(chunk[start..<end])) }
                    if end < chunk.count { try finishLine(newline: true) }
                    start = end + 1
                }
            }
            if !pending.isEmpty || rewrite.replacements[line] != nil { try finishLine(newline: false) }
        }
        return try hasher.digest(ofFile: scratch)
    }

    /// Every absolute path `source` names, for finding what hashed names stand for. A file that
    /// does not read in its format names none.
    func absolutePaths(in source: String) throws -> [[UInt8]] {
        let rewriter = self.rewriter
        var found: [[UInt8]] = []
        if format == .jsonl {
            try forEachLine(of: source) { line in
                if let line, let paths = try? rewriter.absolutePaths(in: line) { found += paths }
            }
            return found
        }
        guard (try fileSystem.status(source)?.size ?? 0) <= Self.maxDocumentBytes else { return [] }
        return (try? rewriter.absolutePaths(in: try fileSystem.readFile(source))) ?? []
    }

    private func rewriteLines(source: String, into destination: String, rewriter: PathValueRewriter) throws -> Rewrite {
        var result = Rewrite()
        try fileSystem.writeStream(to: destination, mode: 0o600) { write in
            var index = 0
            try forEachLine(of: source, passThrough: write) { line in
                defer { index += 1 }
                guard let line else {
                    result.unreadLines += 1
                    return
                }
                let body = line.last == 0x0A ? line.dropLast() : line[...]
                guard let unit = try? rewriter.rewrite(Array(body)) else {
                    if !body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { result.unreadLines += 1 }
                    try write(line)
                    return
                }
                result.rewritten += unit.replacements.count
                result.leftAlone += unit.leftAlone
                if !unit.replacements.isEmpty { result.replacements[index] = unit.replacements }
                try write(unit.output + (line.last == 0x0A ? [0x0A] : []))
            }
        }
        return result
    }

    /// Calls `body` with each line of `path` (its `\n` included) up to `maxLineBytes`; a longer
    /// line goes to `passThrough` piece by piece and `body` gets nil for it.
    private func forEachLine(of path: String, passThrough: ([UInt8]) throws -> Void = { _ in }, _ body: ([UInt8]?) throws -> Void) throws {
        var pending: [UInt8] = []
        var overlong = false
        try fileSystem.readChunks(of: path, chunkBytes: Self.chunkBytes) { chunk in
            var start = 0
            while start < chunk.count {
                let newline = chunk[start...].firstIndex(of: 0x0A)
                let end = newline.map { $0 + 1 } ?? chunk.count
                if overlong {
                    try passThrough(Array(chunk[start..<end]))
                } else {
                    pending += chunk[start..<end]
                    if pending.count > Self.maxLineBytes {
                        overlong = true
                        try passThrough(pending)
                        pending = []
                    }
                }
                if newline != nil {
                    if overlong { try body(nil) } else { try body(pending) }
                    pending = []
                    overlong = false
                }
                start = end
            }
        }
        if overlong { try body(nil) } else if !pending.isEmpty { try body(pending) }
    }
}
