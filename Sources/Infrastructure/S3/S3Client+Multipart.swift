import AgentBackupPorts
import Foundation

extension S3Client {
    /// A multipart upload: create, send the parts with at most `multipartConcurrency` in flight,
    /// complete; with a `retrier`, each of these requests is retried on its own (a failed part
    /// is sent again alone). On any failure or cancellation the upload is aborted so no parts stay
    /// stored (and billed), then the first error is rethrown.
    func putMultipart(key: String, source: UploadSource, contentType: String, retrier: Retrier?) async throws {
        let plan = MultipartPlan(totalSize: source.length, partSize: configuration.partSize)
        let uploadId = try await createMultipartUpload(key: key, contentType: contentType, retrier: retrier)
        do {
            let etags = try await uploadParts(key: key, uploadId: uploadId, source: source, plan: plan, retrier: retrier)
            try await completeMultipartUpload(
                key: key, uploadId: uploadId, etags: etags, size: source.length, retrier: retrier)
        } catch {
            // A detached task: the abort must go out even when this task was cancelled.
            let client = self
            await Task.detached {
                try? await client.abortMultipartUpload(key: key, uploadId: uploadId, retrier: retrier)
            }.value
            throw error
        }
    }

    /// CreateMultipartUpload: returns the upload id.
    func createMultipartUpload(key: String, contentType: String, retrier: Retrier? = nil) async throws -> String {
        let request = S3Request(
            operation: "MULTIPART CREATE", method: .POST, key: key, query: [("uploads", "")],
            headers: [("content-type", contentType)])
        return try await perform(request, retrier: retrier) { response, _ in
            let body = try await Self.collect(response.body, limit: 1024 * 1024)
            guard let root = S3XMLElement.parse(body), root.name == "InitiateMultipartUploadResult",
                let uploadId = root.text(of: "UploadId"), !uploadId.isEmpty
            else {
                throw StoreError(
                    .permanent, operation: "MULTIPART CREATE", key: key,
                    message: "the server's answer has no UploadId: " + String(decoding: body.prefix(200), as: UTF8.self))
            }
            return uploadId
        }
    }

    /// Sends every part, at most `multipartConcurrency` at once; returns the ETags by part number.
    func uploadParts(key: String, uploadId: String, source: UploadSource, plan: MultipartPlan, retrier: Retrier?)
        async throws -> [(number: Int, etag: String)]
    {
        let width = configuration.multipartConcurrency
        return try await withThrowingTaskGroup(of: (Int, String).self) { group in
            var pending = plan.parts[...]
            for _ in 0..<min(width, pending.count) {
                let part = pending.removeFirst()
                group.addTask { (part.number, try await self.uploadPart(key: key, uploadId: uploadId, source: source, part: part, retrier: retrier)) }
            }
            var etags: [(number: Int, etag: String)] = []
            while let (number, etag) = try await group.next() {
                etags.append((number, etag))
                if let part = pending.popFirst() {
                    group.addTask { (part.number, try await self.uploadPart(key: key, uploadId: uploadId, source: source, part: part, retrier: retrier)) }
                }
            }
            return etags.sorted { $0.number < $1.number }
        }
    }

    /// UploadPart: one range of the body, `UNSIGNED-PAYLOAD`, re-read from its offset on every
    /// attempt; returns the part's ETag (quoted, as sent back). Sending a part again replaces it.
    func uploadPart(
        key: String, uploadId: String, source: UploadSource, part: MultipartPlan.Part, retrier: Retrier?
    ) async throws -> String {
        let request = S3Request(
            operation: "MULTIPART PART \(part.number)", method: .PUT, key: key,
            query: [("partNumber", String(part.number)), ("uploadId", uploadId)],
            body: .source(source, offset: part.offset, length: part.length), payload: .unsigned,
            boundedDuration: false)
        return try await perform(request, retrier: retrier) { response, _ in
            try await Self.drain(response.body)
            guard let etag = response.headers.first(name: "ETag"), !etag.isEmpty else {
                throw StoreError(
                    .permanent, operation: "MULTIPART PART \(part.number)", key: key,
                    message: "the server accepted the part but sent no ETag")
            }
            return etag
        }
    }

    /// CompleteMultipartUpload with a signed XML body; a 200 carrying `<Error>` is a failure.
    ///
    /// A retry after a lost answer finds the upload gone (`NoSuchUpload`): the earlier attempt
    /// completed it. The object is then checked (it exists with the upload's `size`) and the
    /// upload counts as done.
    func completeMultipartUpload(
        key: String, uploadId: String, etags: [(number: Int, etag: String)], size: Int64, retrier: Retrier?
    ) async throws {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        xml += "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for (number, etag) in etags {
            let quoted = etag.hasPrefix("\"") ? etag : "\"\(etag)\""
            xml += "<Part><PartNumber>\(number)</PartNumber><ETag>\(S3XMLEscape.escape(quoted) ?? quoted)</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        let body = Array(xml.utf8)
        let request = S3Request(
            operation: "MULTIPART COMPLETE", method: .POST, key: key, query: [("uploadId", uploadId)],
            headers: [("content-type", "application/xml")], body: .buffer(.init(bytes: body)), payload: .bytes(body))
        let complete: (Int) async throws -> Void = { attempt in
            do {
                try await self.perform(request) { response in
                    let answer = try await Self.collect(response.body, limit: 1024 * 1024)
                    if let root = S3XMLElement.parse(answer), root.name == "Error" {
                        throw self.errors.errorInSuccess(
                            response: response, body: answer, operation: "MULTIPART COMPLETE", key: key)
                    }
                }
            } catch let error as StoreError where attempt > 1 && error.serverCode == "NoSuchUpload" {
                guard let object = try await self.head(key: key), object.size == size else { throw error }
            }
        }
        guard let retrier else { return try await complete(1) }
        try await retrier.run(RetryRequest(operation: "MULTIPART COMPLETE", key: key)) { try await complete($0) }
    }

    /// AbortMultipartUpload: frees the parts already sent. An upload already gone (an earlier
    /// attempt aborted it, its answer lost) is what we wanted.
    ///
    /// The first attempt goes out whatever the shared circuit says (an abandoned upload stays
    /// billed, and one request does not overload a struggling store); a transient failure is then
    /// retried under `retrier`, which ends at once when the store counts as down.
    func abortMultipartUpload(key: String, uploadId: String, retrier: Retrier? = nil) async throws {
        let request = S3Request(
            operation: "MULTIPART ABORT", method: .DELETE, key: key, query: [("uploadId", uploadId)])
        do {
            do {
                try await perform(request) { response in try await Self.drain(response.body) }
            } catch let error as StoreError where error.isTransient && retrier != nil {
                try await perform(request, retrier: retrier) { response, _ in try await Self.drain(response.body) }
            }
        } catch let error as StoreError where error.serverCode == "NoSuchUpload" {
            return
        }
    }
}
