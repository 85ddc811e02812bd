import AgentBackupFixtures
@testable import AgentBackupInfrastructure
import Foundation
import Testing

/// Cases S3 cannot follow: the generic service normalizes paths (`/./`, `..`, `//`) where S3
/// must not, and `post-sts-header-after` adds the token after signing.
private let excludedCases: Set<String> = [
    "get-relative-normalized", "get-relative-relative-normalized", "get-slash-dot-slash-normalized",
    "get-slash-normalized", "get-slash-pointless-dot-normalized", "get-slashes-normalized",
    "post-sts-header-after",
]

/// Every `normalize: false` case (the `*-unnormalized` ones): S3's rules exactly.
private let unnormalizedCases = SigV4SuiteCase.allNames.filter { (try? SigV4SuiteCase($0))?.normalize == false }

/// The other cases, whose paths need no normalization, so S3 signs them the same way (query
/// sorting and encoding, header trimming, folding and merging, session token, signed body).
private let otherCases = SigV4SuiteCase.allNames.filter {
    !excludedCases.contains($0) && (try? SigV4SuiteCase($0))?.normalize == true
}

@Suite("SigV4 signer against the AWS test suite")
struct SigV4SignerTests {
    @Test func theSuiteIsBundledWithAllUnnormalizedCases() {
        #expect(unnormalizedCases.count == 7)
        #expect(unnormalizedCases.allSatisfy { $0.hasSuffix("-unnormalized") })
        #expect(otherCases.count >= 24)
    }

    @Test("unnormalized (S3) cases", arguments: unnormalizedCases)
    func unnormalizedCase(_ name: String) throws {
        try check(SigV4SuiteCase(name))
    }

    @Test("cases whose paths need no normalization", arguments: otherCases)
    func otherCase(_ name: String) throws {
        try check(SigV4SuiteCase(name))
    }

    private func check(_ c: SigV4SuiteCase) {
        let signed = c.sign()
        #expect(signed.canonicalRequest == c.expectedCanonicalRequest, "\(c.name): canonical request")
        #expect(signed.stringToSign == c.expectedStringToSign, "\(c.name): string to sign")
        #expect(signed.signature == c.expectedSignature, "\(c.name): signature")
        if let auth = c.expectedAuthorization {
            #expect(signed.authorization == auth, "\(c.name): Authorization header")
        }
    }

    /// The S3 example of the suite's README (AWS S3 docs, "Signature Calculations for the
    /// Authorization Header": GET Object).
    @Test func s3GetObjectExampleFromTheReadme() {
        let signer = SigV4Signer(
            credentials: .init(
                accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            region: "us-east-1", service: "s3")
        let signed = signer.sign(
            method: "GET", path: "/test.txt",
            headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9")],
            payload: .empty, date: Date(timeIntervalSince1970: 1_369_353_600))  // 20130524T000000Z
        #expect(
            signed.canonicalRequest == """
                GET
                /test.txt

                host:examplebucket.s3.amazonaws.com
                range:bytes=0-9
                x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-amz-date:20130524T000000Z

                host;range;x-amz-content-sha256;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """)
        #expect(signed.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(
            signed.authorization
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    /// A signed (not UNSIGNED-PAYLOAD) body hash is the body's SHA-256 (FIPS 180-2 "abc" vector),
    /// in both the canonical request and the `x-amz-content-sha256` header. SeaweedFS never checks it.
    @Test func signedPayloadHashIsTheBodySHA256() {
        let signer = SigV4Signer(credentials: .init(accessKeyId: "AK", secretAccessKey: "SK"), region: "us-east-1")
        let signed = signer.sign(
            method: "POST", path: "/bucket", query: [("delete", "")], headers: [("host", "h")],
            payload: .bytes(Array("abc".utf8)), date: Date(timeIntervalSince1970: 0))
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        #expect(signed.canonicalRequest.hasSuffix("\n" + abc))
        #expect(signed.headers.first { $0.name == "x-amz-content-sha256" }?.value == abc)
        let unsigned = signer.sign(
            method: "PUT", path: "/bucket/k", headers: [("host", "h")], payload: .unsigned,
            date: Date(timeIntervalSince1970: 0))
        #expect(unsigned.canonicalRequest.hasSuffix("\nUNSIGNED-PAYLOAD"))
        #expect(unsigned.headers.first { $0.name == "x-amz-content-sha256" }?.value == "UNSIGNED-PAYLOAD")
    }

    /// The credential scope names the configured region (B2 refuses another; SeaweedFS does not
    /// check), and a different region gives a different signature.
    @Test func credentialScopeCarriesTheConfiguredRegion() {
        let credentials = SigV4Credentials(accessKeyId: "004abc", secretAccessKey: "K004secret")
        let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
        func sign(_ region: String) -> SigV4SignedRequest {
            SigV4Signer(credentials: credentials, region: region).sign(
                method: "GET", path: "/b/k", headers: [("host", "s3.\(region).backblazeb2.com")], payload: .empty,
                date: date)
        }
        let west = sign("us-west-004")
        #expect(west.credentialScope == "20150830/us-west-004/s3/aws4_request")
        #expect(west.stringToSign.contains("\n20150830/us-west-004/s3/aws4_request\n"))
        #expect(west.authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=004abc/20150830/us-west-004/s3/aws4_request, "))
        #expect(west.signature != sign("eu-central-003").signature)
    }

    /// AWS's documented derived key (General Reference, "Examples of how to derive a signing key").
    @Test func signingKeyMatchesAWSExample() {
        let signer = SigV4Signer(
            credentials: .init(accessKeyId: "AK", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            region: "us-east-1", service: "iam")
        let key = signer.signingKey(date: "20120215")
        #expect(hex(key) == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
        #expect(signer.signingKey(date: "20120215") == key)
        #expect(signer.signingKey(date: "20120216") != key)
    }

    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
