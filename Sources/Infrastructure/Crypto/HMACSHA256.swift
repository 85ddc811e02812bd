import CAgentBackupOpenSSL

/// HMAC-SHA256 (RFC 2104), the building block of the SigV4 signing-key chain and signature.
public enum HMACSHA256 {
    /// The 32-byte MAC of `message` under `key`.
    public static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { keyBytes in
            message.withUnsafeBytes { messageBytes in
                HMAC(OpenSSLAlgorithms.sha256, keyBytes.baseAddress, Int32(keyBytes.count),
                     messageBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBytes.count,
                     &mac, &length)
            }
        }
        // Only a broken libcrypto install fails here; a wrong MAC must never be returned.
        precondition(result != nil && length == 32, "libcrypto HMAC-SHA256 failed: the OpenSSL 3 installation is broken")
        return mac
    }

    /// The MAC of the UTF-8 bytes of `message` (SigV4 string-to-sign, date, region, service).
    public static func authenticationCode(key: [UInt8], message: String) -> [UInt8] {
        authenticationCode(key: key, message: Array(message.utf8))
    }
}
