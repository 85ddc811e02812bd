/// An engine summary encoded with a `requests` field beside its own, so `--json` shows what the
/// operation cost in store requests and bytes without every summary type carrying the counts.
struct SummaryWithRequests<Summary: Encodable>: Encodable {
    var summary: Summary
    var requests: RequestStats?

    private enum CodingKeys: String, CodingKey { case requests }

    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        guard let requests else { return }
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(requests, forKey: .requests)
    }
}
