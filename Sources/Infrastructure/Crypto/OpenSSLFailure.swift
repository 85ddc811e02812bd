import AgentBackupPorts
import CAgentBackupOpenSSL

/// Builds the error for a libcrypto call that failed, with OpenSSL's own reason, and empties the
/// thread's OpenSSL error queue so a later, unrelated call does not report a stale reason.
func openSSLFailure(_ operation: String) -> CryptoError {
    var reasons: [String] = []
    while true {
        let code = ERR_get_error()
        if code == 0 { break }
        var text = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &text, text.count)
        reasons.append(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    let reason = reasons.isEmpty ? "no reason given" : reasons.joined(separator: "; ")
    return CryptoError(.library, message: "OpenSSL \(operation) failed (\(reason)); check that libcrypto 3 is installed correctly")
}
