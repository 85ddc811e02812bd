import AgentBackupDomain
import AgentBackupPorts
import Foundation

/// One file of a packed snapshot: its manifest entry, the blobs whose plaintexts it is made of,
/// and the metadata restore puts back (FORMAT.md section 7).
public struct SnapshotFile: Sendable, Equatable {
    public var path: VirtualPath
    public var entry: ManifestEntry
    public var blobs: [BlobID]
    public var metadata: FileMetadata?

    public init(path: VirtualPath, entry: ManifestEntry, blobs: [BlobID], metadata: FileMetadata?) {
        self.path = path
        self.entry = entry
        self.blobs = blobs
        self.metadata = metadata
    }

    /// The blob list the document may leave out: none for an empty file, otherwise one blob
    /// whose id is the file's hash.
    var impliedBlobs: [BlobID] {
        entry.size == 0 ? [] : BlobID(hex: entry.hash).map { [$0] } ?? []
    }
}

/// A `snapshots/<ref>` document: the manifest plus each file's blobs, mode and mtime.
public struct SnapshotDocument: Sendable, Equatable {
    public static let version = 1

    /// The manifest form of the snapshot id, `2026-02-09T10:04:05.123Z`.
    public var timestamp: String
    /// Sorted by the UTF-8 bytes of `path`, each path once.
    public var files: [SnapshotFile]
    /// The machine the snapshot was taken on (the manifest's `origin`), when recorded.
    public var origin: SnapshotOrigin?

    public init(timestamp: String, files: [SnapshotFile], origin: SnapshotOrigin? = nil) {
        self.timestamp = timestamp
        self.files = files.sorted { $0.path < $1.path }
        self.origin = origin
    }

    /// The inventory as the reference layout and the engine know it.
    public var manifest: Manifest {
        var entries: [VirtualPath: ManifestEntry] = [:]
        entries.reserveCapacity(files.count)
        for file in files { entries[file.path] = file.entry }
        return Manifest(timestamp: timestamp, files: entries, origin: origin)
    }

    /// The JSON document, written by hand: files in byte order, ids in hex, `blobs` left out
    /// when implied.
    func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + files.count * 200)
        out += Array("{\"version\":\(Self.version),\"timestamp\":".utf8)
        Self.appendString(timestamp, to: &out)
        out += Array(",\"files\":[".utf8)
        for (index, file) in files.enumerated() {
            if index > 0 { out += Array(",\n".utf8) }
            out += Array("{\"path\":".utf8)
            Self.appendString(file.path.string, to: &out)
            out += Array(",\"hash\":\"\(file.entry.hash)\",\"size\":\(file.entry.size)".utf8)
            if let metadata = file.metadata {
                out += Array(",\"mode\":\(metadata.mode),\"mtimeNs\":\(metadata.mtimeNs)".utf8)
            }
            if file.blobs != file.impliedBlobs {
                out += Array(",\"blobs\":[".utf8)
                out += Array(file.blobs.map { "\"\($0.hex)\"" }.joined(separator: ",").utf8)
                out += Array("]".utf8)
            }
            out += Array("}".utf8)
        }
        out += Array("]".utf8)
        if let origin {
            out += Array(",\"origin\":{\"home\":".utf8)
            Self.appendString(origin.home, to: &out)
            if let user = origin.user {
                out += Array(",\"user\":".utf8)
                Self.appendString(user, to: &out)
            }
            out += Array(",\"os\":".utf8)
            Self.appendString(origin.os, to: &out)
            out += Array("}".utf8)
        }
        out += Array("}".utf8)
        return out
    }

    /// A JSON string literal: `"` and `\` escaped, controls as `\u00xx`, everything else raw UTF-8.
    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case 0x00..<0x20: out += Array(String(format: "\\u%04x", Int(byte)).utf8)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Parses and checks a document read from `object` for the snapshot `ref`.
    static func decode(_ bytes: [UInt8], ref: SnapshotRef, object: String) throws -> SnapshotDocument {
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: Data(bytes))
        } catch {
            throw RepositoryError.damagedObject(object, "the snapshot is not the expected JSON (\(error))")
        }
        guard wire.version == version else {
            throw RepositoryError(.configuration, "\(object) is a version \(wire.version) snapshot; this agent-backup reads version \(version): upgrade agent-backup", files: [object])
        }
        guard wire.timestamp == ref.id.isoTimestamp else {
            throw RepositoryError.damagedObject(object, "its timestamp \(wire.timestamp) is not the time its name says (\(ref.id.isoTimestamp))")
        }
        var files: [SnapshotFile] = []
        files.reserveCapacity(wire.files.count)
        for file in wire.files {
            files.append(try file.checked(object: object))
            if files.count >= 2, !(files[files.count - 2].path < files[files.count - 1].path) {
                throw RepositoryError.damagedObject(object, "its files are not in byte order or list \(quoted(file.path)) twice")
            }
        }
        return SnapshotDocument(timestamp: wire.timestamp, files: files, origin: wire.origin)
    }

    private struct Wire: Decodable {
        var version: Int
        var timestamp: String
        var files: [WireFile]
        var origin: SnapshotOrigin?
    }

    private struct WireFile: Decodable {
        var path: String
        var hash: String
        var size: Int64
        var mode: UInt32?
        var mtimeNs: Int64?
        var blobs: [String]?

        func checked(object: String) throws -> SnapshotFile {
            guard ManifestEntry.isValidHash(hash), size >= 0 else {
                throw RepositoryError.damagedObject(object, "file \(quoted(path)) has a malformed hash or size")
            }
            let metadata: FileMetadata?
            switch (mode, mtimeNs) {
            case let (mode?, mtime?): metadata = FileMetadata(mode: mode, mtimeNs: mtime)
            case (nil, nil): metadata = nil
            default: throw RepositoryError.damagedObject(object, "file \(quoted(path)) has a mode without an mtime or the reverse")
            }
            let checkedPath: VirtualPath
            do {
                checkedPath = try VirtualPath(path)
            } catch {
                throw RepositoryError.damagedObject(object, "it lists the unsafe path \(quoted(path)): \(error)")
            }
            var file = SnapshotFile(path: checkedPath, entry: ManifestEntry(hash: hash, size: size), blobs: [], metadata: metadata)
            if let blobs {
                file.blobs = try blobs.map { text in
                    guard text.utf8.count == 64, ManifestEntry.isValidHash(text), let id = BlobID(hex: text) else {
                        throw RepositoryError.damagedObject(object, "file \(quoted(path)) names a malformed blob id")
                    }
                    return id
                }
                guard (size == 0) == file.blobs.isEmpty else {
                    throw RepositoryError.damagedObject(object, "file \(quoted(path)) has \(file.blobs.count) blobs for \(size) bytes")
                }
            } else {
                file.blobs = file.impliedBlobs
            }
            return file
        }
    }
}

/// A path in an error message: quoted, control characters visible.
func quoted(_ path: String) -> String {
    var out = "\""
    for scalar in path.unicodeScalars {
        out += scalar.value < 0x20 || scalar == "\"" ? scalar.escaped(asASCII: true) : String(scalar)
    }
    return out + "\""
}
