@testable import AgentBackupInfrastructure
import AgentBackupDomain
import AgentBackupPorts
import Foundation
import Testing

/// The binary and JSON documents of FORMAT.md round-trip, and hostile ones are refused as
/// integrity errors naming the object, without crashing or allocating for claimed counts.
@Suite struct PackedFormatTests {
    static let id1 = BlobID.hashing(Array("one".utf8))
    static let id2 = BlobID.hashing(Array("two".utf8))

    static func entry(_ id: BlobID, offset: UInt32, stored: UInt32, raw: UInt32, flags: UInt8 = 0) -> BlobEntry {
        BlobEntry(id: id, offset: offset, storedLength: stored, rawLength: raw, flags: flags)
    }

    static func isIntegrity(_ body: () throws -> Void) -> Bool {
        do {
            try body()
            return false
        } catch let error as RepositoryError {
            return error.kind == .integrity && !error.files.isEmpty
        } catch {
            return false
        }
    }

    @Test func blobIDsPrintAndParseAsHex() throws {
        #expect(Self.id1.hex == SHA256Digest.hex(Array("one".utf8)))
        #expect(BlobID(hex: Self.id1.hex) == Self.id1)
        #expect(BlobID(hex: "xyz") == nil)
        #expect(BlobID(Self.id2.bytes) == Self.id2)
    }

    @Test func indexRoundTripsAndRefusesDamage() throws {
        let pack = IndexedPack(id: Self.id1, length: 1000, blobs: [Self.entry(Self.id1, offset: 0, stored: 100, raw: 72), Self.entry(Self.id2, offset: 100, stored: 50, raw: 400, flags: 1)])
        let pending = PendingPack(pack: IndexedPack(id: Self.id2, length: 500, blobs: []), markedAtMs: -5, reason: .unindexed)
        let document = IndexDocument(packs: [pack], pending: [pending])
        let bytes = document.encoded()
        #expect(try IndexDocument.decode(bytes, maxRaw: 1 << 20, minStored: 28, object: "i") == document)

        #expect(Self.isIntegrity { _ = try IndexDocument.decode(Array(bytes.dropLast()), maxRaw: 1 << 20, minStored: 28, object: "i") })
        #expect(Self.isIntegrity { _ = try IndexDocument.decode(bytes + [0], maxRaw: 1 << 20, minStored: 28, object: "i") })
        var hugeCount = bytes
        hugeCount[8] = 0xFF; hugeCount[9] = 0xFF; hugeCount[10] = 0xFF; hugeCount[11] = 0x7F
        #expect(Self.isIntegrity { _ = try IndexDocument.decode(hugeCount, maxRaw: 1 << 20, minStored: 28, object: "i") })
        // A blob pointing past the end of its pack (offset + stored > length - 4).
        let past = IndexDocument(packs: [IndexedPack(id: Self.id1, length: 120, blobs: [Self.entry(Self.id1, offset: 90, stored: 40, raw: 12)])])
        #expect(Self.isIntegrity { _ = try IndexDocument.decode(past.encoded(), maxRaw: 1 << 20, minStored: 28, object: "i") })
        // A raw length above the largest chunk, a stored length impossible for its raw length.
        let huge = IndexDocument(packs: [IndexedPack(id: Self.id1, length: 1 << 30, blobs: [Self.entry(Self.id1, offset: 0, stored: 100, raw: 1 << 29)])])
        #expect(Self.isIntegrity { _ = try IndexDocument.decode(huge.encoded(), maxRaw: 1 << 20, minStored: 28, object: "i") })
        let bloated = IndexDocument(packs: [IndexedPack(id: Self.id1, length: 1 << 20, blobs: [Self.entry(Self.id1, offset: 0, stored: 5000, raw: 10)])])
        #expect(Self.isIntegrity { _ = try IndexDocument.decode(bloated.encoded(), maxRaw: 1 << 20, minStored: 28, object: "i") })
    }

    @Test func packHeaderRoundTripsAndMustFillThePack() throws {
        let entries = [Self.entry(Self.id1, offset: 0, stored: 40, raw: 12), Self.entry(Self.id2, offset: 40, stored: 60, raw: 100, flags: 1)]
        let bytes = PackHeader.encode(entries)
        #expect(bytes.count == 12 + 2 * 41)
        #expect(try PackHeader.decode(bytes, blobBytes: 100, maxRaw: 1 << 20, minStored: 28, object: "p") == entries)
        #expect(Self.isIntegrity { _ = try PackHeader.decode(bytes, blobBytes: 101, maxRaw: 1 << 20, minStored: 28, object: "p") })
        #expect(Self.isIntegrity { _ = try PackHeader.decode(Array(bytes.dropLast(3)), blobBytes: 100, maxRaw: 1 << 20, minStored: 28, object: "p") })
        var flags = bytes
        flags[flags.count - 1] = 0x80
        #expect(Self.isIntegrity { _ = try PackHeader.decode(flags, blobBytes: 100, maxRaw: 1 << 20, minStored: 28, object: "p") })
    }

    @Test func snapshotDocumentsLeaveOutImpliedBlobListsAndRoundTrip() throws {
        let ref = SnapshotRef.regular(try SnapshotID(parsing: "2026-02-09T10-04-05-123Z"))
        let small = SnapshotFile(path: try VirtualPath("data/é \"quoted\"\n.txt"), entry: ManifestEntry(hash: Self.id1.hex, size: 3), blobs: [Self.id1], metadata: FileMetadata(mode: 0o640, mtimeNs: 1_770_631_445_123_456_789))
        let empty = SnapshotFile(path: try VirtualPath("data/empty"), entry: ManifestEntry(hash: SHA256Digest.hex([]), size: 0), blobs: [], metadata: nil)
        let big = SnapshotFile(path: try VirtualPath("data/big"), entry: ManifestEntry(hash: Self.id2.hex, size: 9), blobs: [Self.id1, Self.id2, Self.id1], metadata: nil)
        let document = SnapshotDocument(timestamp: ref.id.isoTimestamp, files: [small, empty, big])
        let bytes = document.encoded()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.components(separatedBy: "\"blobs\"").count == 2, "only the multi-blob file lists its blobs")
        #expect(try SnapshotDocument.decode(bytes, ref: ref, object: "s") == document)
        #expect(document.manifest.files[try VirtualPath("data/big")] == big.entry)
    }

    @Test func snapshotDocumentsKeepTheManifestsOrigin() throws {
        let ref = SnapshotRef.regular(try SnapshotID(parsing: "2026-02-09T10-04-05-123Z"))
        let file = SnapshotFile(path: try VirtualPath("data/a"), entry: ManifestEntry(hash: Self.id1.hex, size: 3), blobs: [Self.id1], metadata: nil)
        for origin in [SnapshotOrigin(home: "/home/\"al\\ice\"", user: "alice", os: "linux"), SnapshotOrigin(home: "/Users/b", user: nil, os: "macos")] {
            let document = SnapshotDocument(timestamp: ref.id.isoTimestamp, files: [file], origin: origin)
            let decoded = try SnapshotDocument.decode(document.encoded(), ref: ref, object: "s")
            #expect(decoded.origin == origin)
            #expect(decoded.manifest == Manifest(timestamp: ref.id.isoTimestamp, files: [try VirtualPath("data/a"): file.entry], origin: origin))
        }
        let plain = SnapshotDocument(timestamp: ref.id.isoTimestamp, files: [file])
        #expect(!String(decoding: plain.encoded(), as: UTF8.self).contains("origin"), "no origin: the document is as before")
    }

    @Test func snapshotDocumentsRefuseWhatAManifestRefuses() throws {
        let ref = SnapshotRef.regular(try SnapshotID(parsing: "2026-02-09T10-04-05-123Z"))
        func document(_ files: String, timestamp: String = "2026-02-09T10:04:05.123Z") -> [UInt8] {
            Array(#"{"version":1,"timestamp":"\#(timestamp)","files":[\#(files)]}"#.utf8)
        }
        let hash = Self.id1.hex
        let wrongTime = document("", timestamp: "2026-02-09T10:04:05.124Z")
        let unsorted = document(#"{"path":"b/x","hash":"\#(hash)","size":1},{"path":"a/x","hash":"\#(hash)","size":1}"#)
        let twice = document(#"{"path":"a/x","hash":"\#(hash)","size":1},{"path":"a/x","hash":"\#(hash)","size":1}"#)
        let nfc = document(#"{"path":"a/cafe\#u{301}","hash":"\#(hash)","size":1},{"path":"a/caf\#u{e9}","hash":"\#(hash)","size":1}"#)
        let escape = document(#"{"path":"a/../../etc/passwd","hash":"\#(hash)","size":1}"#)
        let badBlob = document(#"{"path":"a/x","hash":"\#(hash)","size":1,"blobs":["zz"]}"#)
        let emptyWithBlobs = document(#"{"path":"a/x","hash":"\#(hash)","size":0,"blobs":["\#(hash)"]}"#)
        let halfMetadata = document(#"{"path":"a/x","hash":"\#(hash)","size":1,"mode":420}"#)
        for (bytes, why) in [(wrongTime, "timestamp"), (unsorted, "order"), (twice, "duplicate"), (badBlob, "blob id"), (emptyWithBlobs, "empty with blobs"), (halfMetadata, "mode without mtime"), (Array("[]".utf8), "not an object")] {
            #expect(Self.isIntegrity { _ = try SnapshotDocument.decode(bytes, ref: ref, object: "s") }, "\(why)")
        }
        #expect(throws: (any Error).self) { _ = try SnapshotDocument.decode(escape, ref: ref, object: "s") }
        // Names are bytes: NFC twins are two files, as on the disk.
        #expect(try SnapshotDocument.decode(nfc, ref: ref, object: "s").manifest.files.count == 2)
        let future = Array(#"{"version":2,"timestamp":"2026-02-09T10:04:05.123Z","files":[]}"#.utf8)
        #expect(throws: RepositoryError.self) { _ = try SnapshotDocument.decode(future, ref: ref, object: "s") }
    }

    @Test func configRoundTripsAndRefusesOtherVersions() throws {
        let config = PackedConfig(id: Self.id1.hex, created: "2026-02-09T10:04:05.123Z", encrypted: true, chunker: .standard(key: Self.id2.bytes))
        #expect(try PackedConfig.decode(try config.encoded(), object: "c") == config)
        var text = String(decoding: try config.encoded(), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 2")
        #expect(throws: RepositoryError.self) { _ = try PackedConfig.decode(Array(text.utf8), object: "c") }
        var bad = config
        bad.chunker.averageSize = 1000  // not a power of two
        #expect(Self.isIntegrity { _ = try PackedConfig.decode(try bad.encoded(), object: "c") })
    }

    @Test func sealedItemsOpenOnlyIntact() throws {
        let cipher = RepositoryCipher.encrypting(masterKey: SecureBytes(Self.id1.bytes))
        let sealed = try cipher.seal(Array("secret".utf8))
        #expect(sealed.count == 6 + 28)
        #expect(try cipher.open(sealed, object: "o") == Array("secret".utf8))
        #expect(try cipher.seal(Array("secret".utf8)) != sealed, "a fresh nonce each time")
        for index in [0, 13, sealed.count - 1] {
            var flipped = sealed
            flipped[index] ^= 1
            #expect(Self.isIntegrity { _ = try cipher.open(flipped, object: "o") })
        }
        #expect(Self.isIntegrity { _ = try cipher.open(Array(sealed.prefix(27)), object: "o") })
        let other = RepositoryCipher.encrypting(masterKey: SecureBytes(Self.id2.bytes))
        #expect(Self.isIntegrity { _ = try other.open(sealed, object: "o") })
    }

    @Test func documentsRefuseUnknownEncodingsAndBombs() throws {
        let cipher = RepositoryCipher.plain
        #expect(try PackedDocument.decode(try PackedDocument.encode(Array("{}".utf8), compress: true, cipher: cipher), cipher: cipher, object: "d") == Array("{}".utf8))
        let text = Array(String(repeating: "abc", count: 1000).utf8)
        let compressed = try PackedDocument.encode(text, compress: true, cipher: cipher)
        #expect(compressed.first == 1 && compressed.count < text.count)
        #expect(try PackedDocument.decode(compressed, cipher: cipher, object: "d") == text)
        #expect(Self.isIntegrity { _ = try PackedDocument.decode([2, 0], cipher: cipher, object: "d") })
        #expect(Self.isIntegrity { _ = try PackedDocument.decode([], cipher: cipher, object: "d") })
        let bomb = [UInt8(1)] + (try Zstd.compress([UInt8](repeating: 0, count: PackedDocument.maxDocumentBytes + 1)))
        #expect(Self.isIntegrity { _ = try PackedDocument.decode(bomb, cipher: cipher, object: "d") })
    }
}
