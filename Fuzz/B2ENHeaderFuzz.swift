@testable import AgentBackupInfrastructure
import AgentBackupPorts

// Target `b2en-header`: the B2EN envelope reader on any bytes. `B2ENHeader(parsing:)` must agree
// with `isEnvelope` and keep the first 64 bytes exactly; `decode(_:objectName:)` must return the
// plaintext or throw a `CryptoError`, `ManifestEnvelope.open` (what a restore runs on a manifest)
// must agree with it or refuse with a `RepositoryError`, and the streaming opener fed the same bytes in two chunks
// must reach the same verdict with the same plaintext. The passphrase is that of the reference
// vectors (Tests/Fixtures/data/encryption), so the seeds open.

private let fuzzCodec = EncryptingCodec(passphrase: "correct horse battery staple")

/// Salts of the reference vectors (empty, hello, json-utf8, onemib): inputs carrying one of them
/// are decoded as they are.
private let referenceSalts: Set<[UInt8]> = Set([
    "4259f7e8a60fa73c5ad32db39e845196cd6c1325aef479f161bb8317badd10f7",
    "ba5decfd339efd724a35b0512ee3047bfd1854d4776fb1931b6e79a746c28904",
    "55b7c3c952bf74140b27a6e68aa6e2b291b21564b7a119269a6c08bc70fbad4f",
    "793b60c43981779cbd91aa6a94ff2603cf433fa4ceeca7243ac290b22e3b0077",
].map(fuzzHex))

/// Any other salt is replaced by hello.b2en's before decoding: a scrypt (25 ms) for every new
/// salt would hold the fuzzer to ~40 inputs a second, and no code path depends on the salt's
/// value. The regression tests pin salts the same way.
func pinnedSalt(_ bytes: [UInt8]) -> [UInt8] {
    guard B2ENHeader.isEnvelope(bytes), !referenceSalts.contains(Array(bytes[4..<36])) else { return bytes }
    var pinned = bytes
    pinned.replaceSubrange(4..<36, with: fuzzHex("ba5decfd339efd724a35b0512ee3047bfd1854d4776fb1931b6e79a746c28904"))
    return pinned
}

private func fuzzHex(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8).map { $0 <= 57 ? $0 - 48 : $0 - 87 }
    return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func b2enHeaderFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = pinnedSalt(fuzzInput(data, size))
    let header = B2ENHeader(parsing: bytes)
    fuzzRequire((header != nil) == B2ENHeader.isEnvelope(bytes), "parsing and isEnvelope disagree")
    fuzzRequire((header != nil) == (bytes.count >= 64 && bytes.starts(with: Array("B2EN".utf8))), "isEnvelope is not the SPEC rule")
    if let header { fuzzRequire(header.bytes == Array(bytes.prefix(B2ENHeader.size)), "the header does not keep its 64 bytes") }

    let plaintext: [UInt8]?
    do {
        plaintext = try fuzzCodec.decode(bytes, objectName: "fuzz")
    } catch let error as CryptoError {
        fuzzRequire(error.code == (header == nil ? .notEncrypted : .authenticationFailed), "unexpected \(error.code)")
        plaintext = nil
    } catch {
        fuzzUntypedError(error, from: "EncryptingCodec.decode")
    }
    if let plaintext { fuzzRequire(plaintext.count == bytes.count - B2ENHeader.size, "plaintext length is not ciphertext length") }

    do {
        let opened = try ManifestEnvelope.open(bytes, key: "fuzz/manifest.json", codec: fuzzCodec)
        fuzzRequire(opened == plaintext, "ManifestEnvelope.open and decode disagree")
    } catch let error as RepositoryError {
        fuzzRequire(plaintext == nil, "ManifestEnvelope.open refused what decode opened")
        fuzzRequire(error.kind == .integrity && error.files == ["fuzz/manifest.json"], "unexpected \(error.kind) \(error.files)")
    } catch {
        fuzzUntypedError(error, from: "ManifestEnvelope.open")
    }

    do {
        let opener = try fuzzCodec.makeOpener(header: bytes.prefix(B2ENHeader.size), objectName: "fuzz")
        var body = Array(bytes.dropFirst(B2ENHeader.size))
        let half = body.count / 2
        try body.withUnsafeMutableBytes { all in
            try opener.update(inPlace: UnsafeMutableRawBufferPointer(rebasing: all[..<half]))
            try opener.update(inPlace: UnsafeMutableRawBufferPointer(rebasing: all[half...]))
        }
        let digest = try opener.finish(objectName: "fuzz")
        fuzzRequire(plaintext == body, "the streaming opener and decode disagree on the plaintext")
        fuzzRequire(digest.size == Int64(body.count), "the opener's digest has the wrong size")
    } catch let error as CryptoError {
        fuzzRequire(plaintext == nil, "the streaming opener refused what decode opened: \(error)")
    } catch {
        fuzzUntypedError(error, from: "B2ENOpener")
    }
    return 0
}
