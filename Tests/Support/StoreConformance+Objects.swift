import AgentBackupPorts
import Foundation

/// Checks of single objects: round trips, missing keys, size caps, copies, local I/O errors.
extension ConformanceContext {
    /// Keys with a space, unicode, and each character that URL encoders get wrong.
    static let specialKeys: [String] =
        ["with space.txt", "ü 日本 📝.txt", "mixed +&=? #%'.txt"] + "+=&?#%'()*!@$,;~".map { "k\($0)v" }

    func bytesRoundTrip() async throws {
        let key = base + "hello.bin"
        let bytes: [UInt8] = Array(0...255) + Array("hello".utf8)
        try await store.put(key: key, body: .bytes(bytes), contentType: "application/octet-stream")
        try expectEqual(try await store.head(key: key)?.size, Int64(bytes.count), "head size after put")
        try expectEqual(try await store.get(key: key, maxBytes: 1 << 20), bytes, "get(maxBytes:) bytes")
        let (fromFile, reported) = try await getViaFile(key)
        try expectEqual(fromFile, bytes, "get(toFile:) bytes")
        try expectEqual(reported, Int64(bytes.count), "byte count returned by get(toFile:)")
        try expect(try await store.exists(key: key), "exists after put")
    }

    func fileRoundTrip() async throws {
        let key = base + "from-file.bin"
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let source = try scratch.write(bytes, to: "source.bin")
        try await store.put(key: key, body: .file(path: source), contentType: "application/octet-stream")
        try expectEqual(try await store.head(key: key)?.size, Int64(bytes.count), "head size after a file put")
        try expectEqual(try await getViaFile(key).bytes, bytes, "get(toFile:) of a file put")
        try expectEqual(scratch.read("source.bin"), bytes, "the body file after put (must be left untouched)")
    }

    func emptyObject() async throws {
        let key = base + "empty"
        try await store.put(key: key, body: .bytes([]), contentType: "application/octet-stream")
        try expectEqual(try await store.head(key: key)?.size, 0, "head size of an empty object")
        try expectEqual(try await store.get(key: key, maxBytes: 0), [], "get(maxBytes: 0) of an empty object")
        let (bytes, reported) = try await getViaFile(key)
        try expect(bytes.isEmpty && reported == 0, "get(toFile:) of an empty object gave \(bytes.count) bytes, reported \(reported)")
        try expectKeys(try await allKeys(base), [key], "listing holds the empty object")
    }

    func specialCharacterKeys() async throws {
        let keys = Self.specialKeys.map { base + $0 }
        for key in keys {
            try await store.put(key: key, body: .bytes(Self.content(for: key)), contentType: "text/plain")
        }
        for key in keys {
            try expectEqual(try await store.head(key: key)?.size, Int64(Self.content(for: key).count), "head size of \(key)")
            try expectEqual(try await store.get(key: key, maxBytes: 4096), Self.content(for: key), "get of \(key)")
        }
        try expectKeys(try await allKeys(base), Self.byteSorted(keys), "listing of special-character keys")
        // Each key is also a prefix: the prefix must reach the server intact (`+` is not a space).
        for key in keys {
            try expectKeys(try await allKeys(key), [key], "listing with the prefix \(key)")
        }
    }

    func overwrite() async throws {
        let key = base + "overwritten"
        try await store.put(key: key, body: .bytes(Array(repeating: 1, count: 1000)), contentType: "application/octet-stream")
        try await store.put(key: key, body: .bytes([2, 2, 2]), contentType: "application/octet-stream")
        try expectEqual(try await store.head(key: key)?.size, 3, "head size after overwrite")
        try expectEqual(try await store.get(key: key, maxBytes: 4096), [2, 2, 2], "bytes after overwrite")
        let source = try scratch.write([3, 3], to: "second.bin")
        try await store.put(key: key, body: .file(path: source), contentType: "application/octet-stream")
        try expectEqual(try await getViaFile(key).bytes, [3, 3], "bytes after overwrite from a file")
        try expectKeys(try await allKeys(base), [key], "one object after overwrites")
    }

    func getMissingIsNotFound() async throws {
        let key = base + "never written"
        try await expectStoreError(.notFound, "get(maxBytes:) of a missing key") {
            _ = try await store.get(key: key, maxBytes: 1024)
        }
        try await expectStoreError(.notFound, "get(toFile:) of a missing key") {
            _ = try await store.get(key: key, toFile: scratch.path("missing.bin"))
        }
    }

    func headMissingIsNil() async throws {
        try await store.put(key: base + "present", body: .bytes([1]), contentType: "application/octet-stream")
        try expect(try await store.head(key: base + "absent") == nil, "head of a missing key must be nil")
        try expect(try await store.head(key: base + "pres") == nil, "head of a key that is only a prefix of another must be nil")
        try expect(try await store.exists(key: base + "present"), "exists of a present key")
    }

    func maxBytesCap() async throws {
        let key = base + "capped"
        try await store.put(key: key, body: .bytes(Array(repeating: 7, count: 100)), contentType: "application/octet-stream")
        try await expectStoreError(.tooLarge, "get(maxBytes: 99) of 100 bytes") {
            _ = try await store.get(key: key, maxBytes: 99)
        }
        try expectEqual(try await store.get(key: key, maxBytes: 100).count, 100, "get(maxBytes: 100) of 100 bytes")
    }

    func copy() async throws {
        let pairs: [(String, String)] = [
            ("plain-source", "plain-destination"),
            ("k&v ü 日本 +'()*!@$,;~=?#%", "copied to ü 📝 + 'x' %2F&y"),
            ("folder/with space/file.txt", "other folder/ü/copied.txt"),
        ].map { (base + $0.0, base + $0.1) }
        for (source, _) in pairs {
            try await store.put(key: source, body: .bytes(Self.content(for: source)), contentType: "text/plain")
        }
        for (source, destination) in pairs {
            try await store.copy(from: source, to: destination)
            try expectEqual(
                try await store.get(key: destination, maxBytes: 4096), Self.content(for: source), "bytes copied to \(destination)")
            try expectEqual(try await store.get(key: source, maxBytes: 4096), Self.content(for: source), "source \(source) after copy")
        }
        // A copy onto an existing object replaces it.
        try await store.copy(from: pairs[0].0, to: pairs[1].1)
        try expectEqual(try await store.get(key: pairs[1].1, maxBytes: 4096), Self.content(for: pairs[0].0), "copy onto an existing key")
        try expectKeys(try await allKeys(base), Self.byteSorted(pairs.flatMap { [$0.0, $0.1] }), "keys after copies")
    }

    func copyMissingIsNotFound() async throws {
        try await expectStoreError(.notFound, "copy of a missing key") {
            try await store.copy(from: base + "no such source", to: base + "destination")
        }
        try expect(try await store.head(key: base + "destination") == nil, "a failed copy must not create the destination")
    }

    func largeObject() async throws {
        let key = base + "large.bin"
        let size = options.largeObjectBytes
        let source = scratch.path("large.bin")
        try Self.writePattern(size: size, to: source)
        try await store.put(key: key, body: .file(path: source), contentType: "application/octet-stream")
        try expectEqual(try await store.head(key: key)?.size, Int64(size), "head size of the large object")
        let destination = scratch.path("large-back.bin")
        let reported = try await store.get(key: key, toFile: destination)
        try expectEqual(reported, Int64(size), "byte count returned by get(toFile:) of the large object")
        if let offset = try Self.firstDifference(source, destination) {
            throw violation("the large object came back different from byte \(offset)", #fileID, #line)
        }
        try await expectStoreError(.tooLarge, "get(maxBytes: 1 MiB) of the large object") {
            _ = try await store.get(key: key, maxBytes: 1 << 20)
        }
    }

    func putFromMissingFileIsLocalIO() async throws {
        try await expectStoreError(.localIO, "put of a body file that does not exist") {
            try await store.put(
                key: base + "never", body: .file(path: scratch.path("no-such-file")), contentType: "application/octet-stream")
        }
        try expect(try await store.head(key: base + "never") == nil, "a failed put must not create the object")
    }

    func getIntoMissingFolderIsLocalIO() async throws {
        let key = base + "present"
        try await store.put(key: key, body: .bytes([1, 2, 3]), contentType: "application/octet-stream")
        try await expectStoreError(.localIO, "get(toFile:) into a folder that does not exist") {
            _ = try await store.get(key: key, toFile: scratch.path("no-such-folder/file"))
        }
    }

    // MARK: Large files without holding them in memory

    /// Writes `size` bytes of a pseudo-random pattern in 1 MiB chunks, each stamped with its index
    /// so no two are alike (a store that repeats or reorders parts is caught).
    static func writePattern(size: Int, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw TemporaryDirectoryError(message: "cannot create \(path)") }
        defer { try? handle.close() }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var words = [UInt64](repeating: 0, count: (1 << 20) / 8)
        for i in words.indices {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            words[i] = state
        }
        var written = 0
        var index: UInt64 = 0
        while written < size {
            words[0] = index
            words[words.count - 1] = ~index
            let count = min(1 << 20, size - written)
            try words.withUnsafeBytes { try handle.write(contentsOf: Data($0.prefix(count))) }
            written += count
            index += 1
        }
    }

    /// The first offset where the files differ (including a length difference), or nil.
    static func firstDifference(_ a: String, _ b: String) throws -> Int? {
        guard let fa = FileHandle(forReadingAtPath: a), let fb = FileHandle(forReadingAtPath: b) else {
            throw TemporaryDirectoryError(message: "cannot open \(a) or \(b)")
        }
        defer {
            try? fa.close()
            try? fb.close()
        }
        var offset = 0
        while true {
            let ca = try fa.read(upToCount: 1 << 20) ?? Data()
            let cb = try fb.read(upToCount: 1 << 20) ?? Data()
            if ca != cb {
                let common = zip(ca, cb).prefix { $0 == $1 }.count
                return offset + common
            }
            if ca.isEmpty { return nil }
            offset += ca.count
        }
    }
}
