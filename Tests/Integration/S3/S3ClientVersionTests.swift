import AgentBackupInfrastructure
import AgentBackupPorts
import Foundation
import Testing

/// Deletes that free storage on buckets keeping versions (B2 keeps every version by default).
@Suite("S3 client version deletes against the test server")
struct S3ClientVersionTests {
    @Test func deleteAllVersionsRemovesEveryVersionAndDeleteMarker() async throws {
        let bucket = "ab-versions-\(UUID().uuidString.prefix(8).lowercased())"
        try await withS3Client({ $0.bucket = bucket }) { plain in
            try await plain.createBucket()
            try await plain.setBucketVersioning(enabled: true)
            let keys = ["snap/1/a b", "snap/1/ü/c", "snap/2/d"]
            for key in keys {
                try await plain.put(key: key, body: .bytes([1]), contentType: "text/plain")
                try await plain.put(key: key, body: .bytes([2, 2]), contentType: "text/plain")
            }
            // A plain delete only hides: both versions stay, plus a delete marker.
            try await plain.delete(keys: ["snap/1/a b"])
            #expect(try await plain.head(key: "snap/1/a b") == nil)
            let hidden = try await plain.listObjectVersions(prefix: "snap/1/a b").versions
            #expect(hidden.filter { !$0.isDeleteMarker }.count == 2)
            #expect(hidden.filter(\.isDeleteMarker).count == 1)

            try await withS3Client({
                $0.bucket = bucket
                $0.deleteAllVersions = true
            }) { pruning in
                try await pruning.delete(keys: ["snap/1/a b", "snap/1/ü/c"])
                let left = try await pruning.listObjectVersions(prefix: "snap/").versions
                #expect(left.map(\.key) == ["snap/2/d", "snap/2/d"], "only the untouched key keeps its versions")
                try await pruning.delete(keys: ["snap/2/d"])
                #expect(try await pruning.listObjectVersions(prefix: "").versions.isEmpty)
            }
            try await plain.deleteBucket()
        }
    }

    @Test func deleteAllVersionsAlsoWorksOnAnUnversionedBucket() async throws {
        try await withS3Client({ $0.deleteAllVersions = true }) { s3 in
            let prefix = S3TestServer.uniquePrefix("unversioned")
            let keys = (0..<5).map { prefix + "f\($0)" }
            for key in keys { try await s3.put(key: key, body: .bytes([7]), contentType: "text/plain") }
            try await s3.put(key: prefix + "keep", body: .bytes([7]), contentType: "text/plain")
            try await s3.delete(keys: keys)
            #expect(try await s3.listAll(prefix: prefix).objects.map(\.key) == [prefix + "keep"])
            try await s3.delete(keys: [prefix + "keep"])
        }
    }
}
