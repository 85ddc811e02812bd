import AgentBackupInfrastructure
import AgentBackupPorts
import Foundation
import Testing

/// The S3 client against a real S3 server (SeaweedFS from `scripts/test`, signatures checked).
@Suite("S3 client round trips against the test server")
struct S3ClientRoundTripTests {
    /// Keys S3 and B2 keep verbatim and SeaweedFS can store (no `//`, `.`/`..` segments or trailing `/`).
    static let awkwardNames = [
        "sp ace/file name.txt",
        "unicode/日本語/ü é ñ.bin",
        "punct/+=&?#%'()*!@$,;~.dat",
        "mixed/a+b c%20d [x]{y}^`|\"<>",
    ]

    @Test func putGetCopyListHeadDeleteWithAwkwardKeys() async throws {
        try await withS3Client { s3 in
            let prefix = S3TestServer.uniquePrefix("roundtrip")
            var bodies: [String: [UInt8]] = [:]
            for (i, name) in Self.awkwardNames.enumerated() {
                let key = prefix + name
                bodies[key] = randomBytes(100 + i * 37)
                try await s3.put(key: key, body: .bytes(bodies[key]!), contentType: "application/octet-stream")
            }
            for (key, body) in bodies {
                let info = try #require(try await s3.head(key: key), "HEAD \(key)")
                #expect(info.size == Int64(body.count))
                #expect(info.etag?.count == 32, "single-part ETag is an MD5: \(info.etag ?? "nil")")
                #expect(try await s3.get(key: key, maxBytes: 1 << 20) == body)
                let path = temporaryPath("get")
                defer { try? FileManager.default.removeItem(atPath: path) }
                #expect(try await s3.get(key: key, toFile: path) == Int64(body.count))
                #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == body)
                try await s3.copy(from: key, to: key.replacingOccurrences(of: prefix, with: prefix + "copy/"))
            }
            let listed = try await s3.listAll(prefix: prefix)
            let expectedKeys = (bodies.keys + bodies.keys.map { $0.replacingOccurrences(of: prefix, with: prefix + "copy/") })
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            #expect(listed.objects.map(\.key) == expectedKeys)
            for object in listed.objects {
                let original = object.key.replacingOccurrences(of: prefix + "copy/", with: prefix)
                #expect(object.size == Int64(bodies[original]!.count), "\(object.key)")
                #expect(object.etag?.count == 32)
            }
            for key in bodies.keys {
                let copy = key.replacingOccurrences(of: prefix, with: prefix + "copy/")
                #expect(try await s3.get(key: copy, maxBytes: 1 << 20) == bodies[key])
            }
            try await s3.delete(keys: listed.objects.map(\.key))
            #expect(try await s3.listAll(prefix: prefix).objects.isEmpty)
            for key in bodies.keys { #expect(try await s3.head(key: key) == nil) }
        }
    }

    @Test func emptyAndStreamedBodies() async throws {
        try await withS3Client({ $0.inMemoryUploadLimit = 64 * 1024 }) { s3 in
            let prefix = S3TestServer.uniquePrefix("bodies")
            try await s3.put(key: prefix + "empty", body: .bytes([]), contentType: "application/json")
            #expect(try await s3.get(key: prefix + "empty", maxBytes: 10) == [])
            #expect(try await s3.head(key: prefix + "empty")?.size == 0)

            let big = randomBytes(3 * 1024 * 1024 + 17)  // streamed from the file in chunks, one PUT
            let path = temporaryPath("big")
            try Data(big).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            try await s3.put(key: prefix + "big file", body: .file(path: path), contentType: "application/octet-stream")
            let back = temporaryPath("big-back")
            defer { try? FileManager.default.removeItem(atPath: back) }
            #expect(try await s3.get(key: prefix + "big file", toFile: back) == Int64(big.count))
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: back))) == big)
            try await s3.delete(keys: [prefix + "empty", prefix + "big file"])
        }
    }

    @Test func missingObjectsAndTheSizeCap() async throws {
        try await withS3Client { s3 in
            let prefix = S3TestServer.uniquePrefix("missing")
            #expect(try await s3.head(key: prefix + "nope") == nil)
            let get = await #expect(throws: StoreError.self) { try await s3.get(key: prefix + "nope", maxBytes: 10) }
            #expect(get?.code == .notFound)
            let copy = await #expect(throws: StoreError.self) { try await s3.copy(from: prefix + "nope", to: prefix + "x") }
            #expect(copy?.code == .notFound)
            try await s3.put(key: prefix + "big", body: .bytes(randomBytes(5000)), contentType: "application/json")
            let cap = await #expect(throws: StoreError.self) { try await s3.get(key: prefix + "big", maxBytes: 4096) }
            #expect(cap?.code == .tooLarge)
            // Deleting keys that do not exist is fine, alone or in a batch.
            try await s3.delete(keys: [prefix + "nope"])
            try await s3.delete(keys: [prefix + "big", prefix + "nope", prefix + "nope2"])
            #expect(try await s3.head(key: prefix + "big") == nil)
        }
    }

    @Test func delimiterListingRollsUpFolders() async throws {
        try await withS3Client { s3 in
            let prefix = S3TestServer.uniquePrefix("delimiter")
            let keys = ["a/1", "a/2", "b/x/1", "b/y", "c", "d e/f"].map { prefix + $0 }
            for key in keys { try await s3.put(key: key, body: .bytes([1]), contentType: "text/plain") }
            let top = try await s3.listAll(prefix: prefix, delimiter: "/")
            #expect(top.objects.map(\.key) == [prefix + "c"])
            #expect(top.commonPrefixes == [prefix + "a/", prefix + "b/", prefix + "d e/"])
            let inB = try await s3.listAll(prefix: prefix + "b/", delimiter: "/")
            #expect(inB.objects.map(\.key) == [prefix + "b/y"])
            #expect(inB.commonPrefixes == [prefix + "b/x/"])
            let after = try await s3.list(
                prefix: prefix, delimiter: nil, continuationToken: nil, startAfter: prefix + "b/x/1", maxKeys: 2)
            #expect(after.objects.map(\.key) == [prefix + "b/y", prefix + "c"])
            #expect(after.nextContinuationToken != nil)
            try await s3.delete(keys: keys)
        }
    }

    @Test func missingBucketGetsTheBucketAndRegionHint() async throws {
        try await withS3Client({ $0.bucket = "no-such-bucket-\(UUID().uuidString.prefix(8).lowercased())" }) { s3 in
            let error = await #expect(throws: StoreError.self) { try await s3.checkAccess() }
            #expect(error?.code == .notFound)
            #expect(error?.hint?.contains("check the bucket name and the region") == true)
        }
    }
}
