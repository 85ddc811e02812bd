import AgentBackupPorts
import Foundation

/// Reading a ListObjectsV2 answer (`ListBucketResult`). Kept apart from `S3Client` and free of
/// the HTTP client so it can be built and fuzzed on its own (`scripts/fuzz list-xml` compiles
/// this file, `S3XMLElement.swift` and the ports only).
enum S3ListingXML {
    /// One page of a listing; throws `StoreError(.permanent)` when `body` is not a
    /// `ListBucketResult` or says it is truncated without a continuation token.
    static func listing(_ body: [UInt8], prefix: String) throws -> ObjectListing {
        guard let root = S3XMLElement.parse(body), root.name == "ListBucketResult" else {
            throw StoreError(
                .permanent, operation: "LIST", key: prefix,
                message: "the server's listing is not a ListBucketResult document: "
                    + String(decoding: body.prefix(200), as: UTF8.self))
        }
        var listing = ObjectListing()
        for item in root.children("Contents") {
            guard let key = item.text(of: "Key") else { continue }
            listing.objects.append(
                ObjectInfo(
                    key: key, size: Int64(item.text(of: "Size") ?? "") ?? 0,
                    etag: unquote(item.text(of: "ETag"))))
        }
        listing.commonPrefixes = root.children("CommonPrefixes").compactMap { $0.text(of: "Prefix") }
        if root.text(of: "IsTruncated") == "true" {
            guard let token = root.text(of: "NextContinuationToken"), !token.isEmpty else {
                throw StoreError(
                    .permanent, operation: "LIST", key: prefix,
                    message: "the server said the listing is truncated but gave no continuation token")
            }
            listing.nextContinuationToken = token
        }
        return listing
    }

    /// An entity tag without its quotes (and without a weak `W/` mark).
    static func unquote(_ etag: String?) -> String? {
        guard var e = etag?.trimmingCharacters(in: .whitespaces), !e.isEmpty else { return nil }
        if e.hasPrefix("W/") { e.removeFirst(2) }
        if e.count >= 2, e.hasPrefix("\""), e.hasSuffix("\"") { e = String(e.dropFirst().dropLast()) }
        return e
    }
}
