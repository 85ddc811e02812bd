import AgentBackupPorts
import Foundation

extension S3Client {
    /// Deletes `keys` (missing keys are fine): one DeleteObject for a single key, DeleteObjects
    /// batches of up to 1,000 otherwise. With `deleteAllVersions` every version and delete marker
    /// of each key is removed, so a versioned bucket (B2) really frees the storage.
    public func delete(keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        if configuration.deleteAllVersions {
            try await deleteAllVersions(of: keys)
            return
        }
        if keys.count == 1 {
            let request = S3Request(operation: "DELETE", method: .DELETE, key: keys[0])
            try await perform(request) { response in try await Self.drain(response.body) }
            return
        }
        for start in stride(from: 0, to: keys.count, by: 1000) {
            let batch = keys[start..<min(start + 1000, keys.count)].map { S3ObjectIdentifier(key: $0) }
            try await deleteObjects(batch)
        }
    }

    /// DeleteObjects for up to 1,000 keys (or key versions), in quiet mode: the answer lists only
    /// failures, which are reported together (the first named, with the count).
    func deleteObjects(_ objects: [S3ObjectIdentifier]) async throws {
        precondition(objects.count <= 1000, "DeleteObjects takes at most 1,000 keys")
        guard !objects.isEmpty else { return }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        xml += "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Quiet>true</Quiet>"
        for object in objects {
            guard let key = S3XMLEscape.escape(object.key) else {
                throw StoreError(
                    .permanent, operation: "DELETE", key: object.key,
                    message: "the key holds a control character that cannot be sent in a DeleteObjects request")
            }
            xml += "<Object><Key>\(key)</Key>"
            if let version = object.versionId, let escaped = S3XMLEscape.escape(version) {
                xml += "<VersionId>\(escaped)</VersionId>"
            }
            xml += "</Object>"
        }
        xml += "</Delete>"
        let body = Array(xml.utf8)
        let request = S3Request(
            operation: "DELETE", method: .POST, key: nil, query: [("delete", "")],
            headers: [
                ("content-type", "application/xml"),
                ("content-md5", Data(MD5Digest.hash(body)).base64EncodedString()),
            ],
            body: .buffer(.init(bytes: body)), payload: .bytes(body))
        let failures: [(key: String, code: String, message: String)] = try await perform(request) { response in
            let answer = try await Self.collect(response.body, limit: 16 * 1024 * 1024)
            guard let root = S3XMLElement.parse(answer) else {
                throw StoreError(
                    .transient, operation: "DELETE",
                    message: "the server's DeleteObjects answer is not XML: "
                        + String(decoding: answer.prefix(200), as: UTF8.self))
            }
            if root.name == "Error" {
                throw errors.errorInSuccess(response: response, body: answer, operation: "DELETE", key: nil)
            }
            return root.children("Error").map {
                ($0.text(of: "Key") ?? "?", $0.text(of: "Code") ?? "?", $0.text(of: "Message") ?? "")
            }
        }
        // A key that is already gone is what we wanted.
        let real = failures.filter { $0.code != "NoSuchKey" && $0.code != "NoSuchVersion" }
        if let first = real.first {
            let code: StoreError.Code = first.code == "AccessDenied" ? .accessDenied : .permanent
            throw StoreError(
                code, operation: "DELETE", key: first.key, httpStatus: 200, serverCode: first.code,
                message: real.count == 1
                    ? "the server refused to delete it: \(first.message)"
                    : "the server refused to delete \(real.count) of \(objects.count) keys, this one first: \(first.message)")
        }
    }
}

/// A key, or one version of it, to delete.
struct S3ObjectIdentifier: Sendable, Equatable {
    var key: String
    var versionId: String?
}
