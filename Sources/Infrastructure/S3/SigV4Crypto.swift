import CAgentBackupOpenSSL
import Foundation

/// The three digests the S3 protocol needs (SHA-256 and HMAC-SHA-256 for SigV4, MD5 for the
/// Content-MD5 header DeleteObjects requires), through OpenSSL's one-shot calls.
///
/// Private to the S3 adapter for now; the crypto work has its own `HMACSHA256`/`SHA256Digest`
/// and the two will be merged. One-shot calls share no context, so they are safe from any task.
enum SigV4Crypto {
    /// SHA-256 of `bytes`.
    static func sha256<Bytes: ContiguousBytes>(_ bytes: Bytes) -> [UInt8] {
        digest(bytes, EVP_sha256(), length: 32)
    }

    /// MD5 of `bytes` (only for Content-MD5, which S3 demands on DeleteObjects).
    static func md5<Bytes: ContiguousBytes>(_ bytes: Bytes) -> [UInt8] {
        digest(bytes, EVP_md5(), length: 16)
    }

    /// HMAC-SHA-256 of `message` under `key`.
    static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var outLength: UInt32 = 0
        let ok = key.withUnsafeBytes { k in
            message.withUnsafeBytes { m in
                out.withUnsafeMutableBytes { o in
                    HMAC(
                        EVP_sha256(), k.baseAddress, Int32(k.count),
                        m.baseAddress?.assumingMemoryBound(to: UInt8.self), m.count,
                        o.baseAddress?.assumingMemoryBound(to: UInt8.self), &outLength) != nil
                }
            }
        }
        precondition(ok && outLength == 32, "OpenSSL HMAC-SHA-256 failed")
        return out
    }

    /// Lower-case hexadecimal, as SigV4 writes hashes and signatures.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func digest<Bytes: ContiguousBytes>(
        _ bytes: Bytes, _ md: OpaquePointer?, length: Int
    ) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        var outLength: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            out.withUnsafeMutableBytes { o in
                EVP_Digest(
                    input.baseAddress, input.count,
                    o.baseAddress?.assumingMemoryBound(to: UInt8.self), &outLength, md, nil) == 1
            }
        }
        precondition(ok && Int(outLength) == length, "OpenSSL EVP_Digest failed")
        return out
    }
}
