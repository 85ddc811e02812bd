import AgentBackupFixtures
import AgentBackupInfrastructure
import Foundation

/// One case of the AWS SigV4 test suite (`Tests/Fixtures/data/aws-sigv4/v4/<name>/`): the raw
/// request, its context, and the expected canonical request, string to sign and signature.
struct SigV4SuiteCase {
    var name: String
    var method: String
    var path: String
    var query: [(name: String, value: String)]
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    var credentials: SigV4Credentials
    var region: String
    var service: String
    var date: Date
    var signBody: Bool
    var normalize: Bool
    var expectedCanonicalRequest: String
    var expectedStringToSign: String
    var expectedSignature: String
    var expectedAuthorization: String?

    init(_ name: String) throws {
        self.name = name
        let dir = "aws-sigv4/v4/\(name)/"
        func text(_ file: String) throws -> String {
            String(decoding: try Fixtures.bytes(dir + file), as: UTF8.self)
        }
        let context = try JSONSerialization.jsonObject(with: Data(try Fixtures.bytes(dir + "context.json"))) as! [String: Any]
        let creds = context["credentials"] as! [String: Any]
        credentials = SigV4Credentials(
            accessKeyId: creds["access_key_id"] as! String, secretAccessKey: creds["secret_access_key"] as! String,
            sessionToken: creds["token"] as? String)
        region = context["region"] as! String
        service = context["service"] as! String
        signBody = context["sign_body"] as? Bool ?? false
        normalize = context["normalize"] as? Bool ?? true
        date = ISO8601DateFormatter().date(from: context["timestamp"] as! String)!

        // request.txt: request line, headers (a line starting with whitespace continues the
        // previous value), a blank line, the body.
        let raw = try text("request.txt")
        var lines = raw.components(separatedBy: "\n")
        let requestLine = lines.removeFirst().split(separator: " ", omittingEmptySubsequences: false)
        method = String(requestLine[0])
        let target = requestLine[1..<(requestLine.count - 1)].joined(separator: " ")
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = String(parts[0])
        query = parts.count > 1 && !parts[1].isEmpty
            ? parts[1].split(separator: "&").map { item in
                let kv = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (SigV4Encoding.decode(String(kv[0])), kv.count > 1 ? SigV4Encoding.decode(String(kv[1])) : "")
            }
            : []
        var headers: [(name: String, value: String)] = []
        var bodyLines: [String] = []
        var inBody = false
        for line in lines {
            if inBody {
                bodyLines.append(line)
            } else if line.isEmpty {
                inBody = true
            } else if line.first == " " || line.first == "\t" {
                headers[headers.count - 1].value += "\n" + line
            } else {
                let colon = line.firstIndex(of: ":")!
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        self.headers = headers
        body = Array(bodyLines.joined(separator: "\n").utf8)

        expectedCanonicalRequest = try text("header-canonical-request.txt")
        expectedStringToSign = try text("header-string-to-sign.txt")
        expectedSignature = try text("header-signature.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        expectedAuthorization = try text("header-signed-request.txt").components(separatedBy: "\n")
            .first { $0.lowercased().hasPrefix("authorization:") }
            .map { String($0.dropFirst("authorization:".count)) }
    }

    /// Signs the case's request as the suite says (body hash header only when `sign_body`).
    func sign() -> SigV4SignedRequest {
        let signer = SigV4Signer(credentials: credentials, region: region, service: service)
        return signer.sign(
            method: method, path: path, query: query, headers: headers,
            payload: signBody ? .bytes(body) : .empty, date: date, includeContentHashHeader: signBody)
    }

    /// Every case folder in the suite.
    static var allNames: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.url("aws-sigv4/v4").path))?.sorted() ?? []
    }
}
