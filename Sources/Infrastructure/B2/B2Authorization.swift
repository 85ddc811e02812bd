import AgentBackupPorts
import Foundation

/// What `b2_authorize_account` tells us about a key: the S3 endpoint of the account's region and
/// the part size B2 recommends.
public struct B2Authorization: Sendable, Equatable {
    /// The account the key belongs to.
    public var accountId: String?
    /// `https://s3.<region>.backblazeb2.com`.
    public var s3ApiUrl: String
    /// Taken from `s3ApiUrl`, e.g. `us-west-004`.
    public var region: String
    /// Bytes; B2 says 100 MB.
    public var recommendedPartSize: Int64?
    /// Bytes; B2 says 5 MB.
    public var absoluteMinimumPartSize: Int64?

    /// An authorization as parsed from the answer.
    public init(
        accountId: String?, s3ApiUrl: String, region: String, recommendedPartSize: Int64?,
        absoluteMinimumPartSize: Int64?
    ) {
        self.accountId = accountId
        self.s3ApiUrl = s3ApiUrl
        self.region = region
        self.recommendedPartSize = recommendedPartSize
        self.absoluteMinimumPartSize = absoluteMinimumPartSize
    }

    /// Reads the v3 shape (`apiInfo.storageApi.s3ApiUrl`) or, failing that, the v2 shape
    /// (top-level `s3ApiUrl`). Throws `permanent` naming what is missing.
    public static func parse(_ body: [UInt8]) throws -> B2Authorization {
        guard let document = try? JSONDecoder().decode(Document.self, from: Data(body)) else {
            throw malformed("it is not the expected JSON", body)
        }
        let storage = document.apiInfo?.storageApi
        guard let url = storage?.s3ApiUrl ?? document.s3ApiUrl, !url.isEmpty else {
            throw malformed("it has no s3ApiUrl (neither apiInfo.storageApi.s3ApiUrl nor s3ApiUrl)", body)
        }
        guard let region = region(fromS3ApiUrl: url) else {
            throw malformed("its s3ApiUrl '\(url)' is not https://s3.<region>.backblazeb2.com", body)
        }
        return B2Authorization(
            accountId: document.accountId, s3ApiUrl: url, region: region,
            recommendedPartSize: storage?.recommendedPartSize ?? document.recommendedPartSize,
            absoluteMinimumPartSize: storage?.absoluteMinimumPartSize ?? document.absoluteMinimumPartSize)
    }

    /// `https://s3.us-west-004.backblazeb2.com` → `us-west-004`.
    public static func region(fromS3ApiUrl url: String) -> String? {
        guard let host = URLComponents(string: url)?.host else { return nil }
        let parts = host.split(separator: ".")
        guard parts.count >= 3, parts[0] == "s3", !parts[1].isEmpty else { return nil }
        return String(parts[1])
    }

    private static func malformed(_ why: String, _ body: [UInt8]) -> StoreError {
        StoreError(
            .permanent, operation: "AUTHORIZE",
            message: "b2_authorize_account answered, but \(why): \(String(decoding: body.prefix(200), as: UTF8.self))",
            hint: "set the region (B2_REGION) to skip the lookup, or retry later")
    }

    private struct Document: Decodable {
        var accountId: String?
        var apiInfo: APIInfo?
        var s3ApiUrl: String?
        var recommendedPartSize: Int64?
        var absoluteMinimumPartSize: Int64?
    }

    private struct APIInfo: Decodable {
        var storageApi: StorageAPI?
    }

    private struct StorageAPI: Decodable {
        var s3ApiUrl: String?
        var recommendedPartSize: Int64?
        var absoluteMinimumPartSize: Int64?
    }
}
