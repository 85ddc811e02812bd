@testable import AgentBackupInfrastructure
import AgentBackupPorts
import NIOHTTP1
import Testing

@Suite("S3 XML answers")
struct S3XMLTests {
    @Test func listingWithEscapedAndPlainETagsCommonPrefixesAndToken() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>p/</Prefix>
            <IsTruncated>true</IsTruncated><NextContinuationToken>p/b &amp; c</NextContinuationToken>
            <Contents><Key>p/a &lt;1&gt; é</Key><Size>12</Size><ETag>&#34;abc123&#34;</ETag></Contents>
            <Contents><Key>p/b</Key><Size>0</Size><ETag>def456</ETag></Contents>
            <Contents><Key>p/ spaced </Key><Size>3</Size></Contents>
            <CommonPrefixes><Prefix>p/dir/</Prefix></CommonPrefixes>
            </ListBucketResult>
            """
        let listing = try S3Client.parseListing(Array(xml.utf8), prefix: "p/")
        #expect(
            listing.objects == [
                ObjectInfo(key: "p/a <1> é", size: 12, etag: "abc123"), ObjectInfo(key: "p/b", size: 0, etag: "def456"),
                ObjectInfo(key: "p/ spaced ", size: 3, etag: nil),
            ])
        #expect(listing.commonPrefixes == ["p/dir/"])
        #expect(listing.nextContinuationToken == "p/b & c")
    }

    @Test func truncatedListingWithoutTokenAndNonListingAreErrors() throws {
        let truncated = "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>"
        #expect(throws: StoreError.self) { try S3Client.parseListing(Array(truncated.utf8), prefix: "") }
        #expect(throws: StoreError.self) { try S3Client.parseListing(Array("<html>oops".utf8), prefix: "") }
    }

    @Test func versionListingKeepsVersionsAndDeleteMarkers() throws {
        let xml = """
            <ListVersionsResult><IsTruncated>true</IsTruncated><NextKeyMarker>k2</NextKeyMarker>
            <NextVersionIdMarker>v9</NextVersionIdMarker>
            <Version><Key>k1</Key><VersionId>v1</VersionId><IsLatest>true</IsLatest><Size>5</Size></Version>
            <DeleteMarker><Key>k2</Key><VersionId>v2</VersionId><IsLatest>true</IsLatest></DeleteMarker>
            <Version><Key>k2</Key><VersionId>v3</VersionId><IsLatest>false</IsLatest><Size>7</Size></Version>
            </ListVersionsResult>
            """
        let page = try S3Client.parseVersions(Array(xml.utf8), prefix: "")
        #expect(
            page.versions == [
                S3ObjectVersion(key: "k1", versionId: "v1", isDeleteMarker: false, isLatest: true, size: 5),
                S3ObjectVersion(key: "k2", versionId: "v2", isDeleteMarker: true, isLatest: true, size: 0),
                S3ObjectVersion(key: "k2", versionId: "v3", isDeleteMarker: false, isLatest: false, size: 7),
            ])
        #expect(page.nextKeyMarker == "k2")
        #expect(page.nextVersionIdMarker == "v9")
    }

    @Test func commonPrefixComparesScalarsNotCharacters() {
        #expect(S3Client.commonPrefix("snap/1/a", "snap/1/b") == "snap/1/")
        #expect(S3Client.commonPrefix("x/e\u{301}", "x/\u{e9}") == "x/")
        #expect(S3Client.commonPrefix("same", "same") == "same")
    }

    @Test func xmlEscapingOfKeys() {
        #expect(S3XMLEscape.escape("a&b<c>\"d'e") == "a&amp;b&lt;c&gt;&quot;d&apos;e")
        #expect(S3XMLEscape.escape("bell\u{7}") == nil)
    }
}

@Suite("S3 error mapping")
struct S3ErrorMappingTests {
    let mapping = S3ErrorMapping(endpoint: "https://s3.us-west-004.backblazeb2.com", bucket: "my-bucket")

    private func errorXML(_ code: String, _ message: String) -> [UInt8] {
        Array("<?xml version=\"1.0\"?><Error><Code>\(code)</Code><Message>\(message)</Message></Error>".utf8)
    }

    @Test func wrongSecretIsCredentialsRejectedWithTheFix() {
        let e = mapping.error(
            status: 403, headers: [:], body: errorXML("SignatureDoesNotMatch", "sig mismatch"), operation: "PUT",
            key: "k")
        #expect(e.code == .credentialsRejected)
        #expect(e.message == "credentials rejected by https://s3.us-west-004.backblazeb2.com: check keyId/applicationKey")
        #expect(e.serverCode == "SignatureDoesNotMatch")
        let unknownKey = mapping.error(
            status: 403, headers: [:], body: errorXML("InvalidAccessKeyId", "no such key"), operation: "LIST", key: nil)
        #expect(unknownKey.code == .credentialsRejected)
    }

    @Test func otherForbiddenIsAccessDeniedWithTheServerMessage() {
        let e = mapping.error(
            status: 403, headers: [:], body: errorXML("AccessDenied", "transaction cap exceeded"), operation: "PUT",
            key: "k")
        #expect(e.code == .accessDenied)
        #expect(e.message == "transaction cap exceeded")
        #expect(e.hint?.contains("my-bucket") == true)
    }

    @Test func missingBucketHintsAtNameAndRegion() {
        let e = mapping.error(
            status: 404, headers: [:], body: errorXML("NoSuchBucket", "The specified bucket does not exist"),
            operation: "LIST", key: nil)
        #expect(e.code == .notFound)
        #expect(e.hint == "check the bucket name 'my-bucket' and the region/endpoint https://s3.us-west-004.backblazeb2.com")
    }

    @Test func retryableStatusesCarryRetryAfter() {
        for status in [408, 429, 500, 502, 503, 504] {
            let e = mapping.error(
                status: status, headers: ["Retry-After": "7"], body: errorXML("ServiceUnavailable", "no tomes available"),
                operation: "PUT", key: "k")
            #expect(e.code == .transient, "HTTP \(status)")
            #expect(e.retryAfterSeconds == 7)
        }
        let slowBody = mapping.error(
            status: 400, headers: [:], body: errorXML("RequestTimeout", "too slow"), operation: "PUT", key: "k")
        #expect(slowBody.code == .transient)
    }

    @Test func otherClientErrorsArePermanentAndKeepTheServerWords() {
        let e = mapping.error(
            status: 400, headers: [:], body: errorXML("InvalidArgument", "bad part"), operation: "PUT", key: "k")
        #expect(e.code == .permanent)
        #expect(e.description == "PUT k failed (HTTP 400 InvalidArgument): bad part")
        let bare = mapping.error(status: 409, headers: [:], body: [], operation: "PUT", key: "k")
        #expect(bare.code == .permanent)
        #expect(bare.message == "the server answered HTTP 409")
    }
}
