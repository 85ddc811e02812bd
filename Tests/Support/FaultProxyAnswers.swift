import Foundation

/// The answers `FaultProxy` makes up instead of asking the server, shaped like S3's: an XML
/// `<Error>` body with a code and message, `Content-Length`, and `Retry-After` when asked for.
enum FaultProxyAnswers {
    /// The complete response bytes (head and body) for an answering fault.
    static func response(for fault: FaultProxyFault, request: FaultProxyRequest, number: Int) -> [UInt8] {
        let (status, reason, code, message, retryAfter): (Int, String, String, String, Int?) =
            switch fault {
            case .serviceUnavailable(let seconds?):
                (503, "Service Unavailable", "SlowDown", "Please reduce your request rate.", seconds)
            case .serviceUnavailable(nil):
                (503, "Service Unavailable", "ServiceUnavailable", "Service is unavailable, try again later.", nil)
            case .internalError:
                (500, "Internal Server Error", "InternalError", "We encountered an internal error. Please try again.", nil)
            case .tooManyRequests:
                (429, "Too Many Requests", "SlowDown", "Too many requests: please slow down.", nil)
            case .error(let status, let code, let message):
                (status, reasonPhrase(status), code, message, nil)
            default:
                (500, "Internal Server Error", "InternalError", "fault proxy: \(fault) is not an answer", nil)
            }
        let body = Array(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>\(code)</Code><Message>\(escape(message))</Message>\
            <Resource>\(escape(request.path))</Resource><RequestId>faultproxy-\(number)</RequestId></Error>
            """.utf8)
        var head = "HTTP/1.1 \(status) \(reason)\r\n"
        head += "Content-Type: application/xml\r\n"
        head += "x-amz-request-id: faultproxy-\(number)\r\n"
        if let retryAfter { head += "Retry-After: \(retryAfter)\r\n" }
        let sendsBody = request.method != "HEAD"
        head += "Content-Length: \(sendsBody ? body.count : 0)\r\n"
        if request.closesConnection { head += "Connection: close\r\n" }
        head += "\r\n"
        return Array(head.utf8) + (sendsBody ? body : [])
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        default: "Error"
        }
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
