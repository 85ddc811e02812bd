import AgentBackupInfrastructure
import AgentBackupPorts
import Testing

/// Replays the `b2en-header` fuzz target's inputs through the envelope reader: the in-memory
/// decode and the streaming opener return the same plaintext or both throw a `CryptoError`.
/// Salts other than the reference vectors' are pinned to hello.b2en's, as the fuzz target does
/// (one scrypt instead of one per input; no code path depends on the salt's value).
@Suite struct B2ENFuzzReplayTests {
    static let referenceSalts: Set<String> = [
        "4259f7e8a60fa73c5ad32db39e845196cd6c1325aef479f161bb8317badd10f7",
        "ba5decfd339efd724a35b0512ee3047bfd1854d4776fb1931b6e79a746c28904",
        "55b7c3c952bf74140b27a6e68aa6e2b291b21564b7a119269a6c08bc70fbad4f",
        "793b60c43981779cbd91aa6a94ff2603cf433fa4ceeca7243ac290b22e3b0077",
    ]

    static func pinned(_ bytes: [UInt8]) -> [UInt8] {
        guard let header = B2ENHeader(parsing: bytes), !referenceSalts.contains(hex(header.salt)) else { return bytes }
        var copy = bytes
        copy.replaceSubrange(4..<36, with: unhex("ba5decfd339efd724a35b0512ee3047bfd1854d4776fb1931b6e79a746c28904"))
        return copy
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    static func unhex(_ text: String) -> [UInt8] {
        let chars = Array(text)
        return stride(from: 0, to: chars.count, by: 2).map { UInt8(String(chars[$0...$0 + 1]), radix: 16)! }
    }

    @Test func everyKeptInputOpensOrIsRefusedWithACryptoError() throws {
        let codec = EncryptingCodec(passphrase: "correct horse battery staple")
        var opened = 0
        var refused = 0
        for input in try FuzzCorpus.inputs("b2en-header") {
            let bytes = Self.pinned(input.bytes)
            let header = B2ENHeader(parsing: bytes)
            #expect((header != nil) == (bytes.count >= 64 && bytes.starts(with: Array("B2EN".utf8))), "\(input)")
            var plaintext: [UInt8]?
            do {
                plaintext = try codec.decode(bytes, objectName: input.name)
                opened += 1
            } catch let error as CryptoError {
                refused += 1
                #expect(error.code == (header == nil ? .notEncrypted : .authenticationFailed), "\(input)")
            } catch {
                Issue.record("\(input): undocumented error \(error)")
            }
            guard header != nil else { continue }
            do {
                let opener = try codec.makeOpener(header: bytes.prefix(64), objectName: input.name)
                var body = Array(bytes.dropFirst(64))
                try opener.update(&body)
                _ = try opener.finish(objectName: input.name)
                #expect(plaintext == body, "\(input): the streaming opener disagrees with decode")
            } catch is CryptoError {
                #expect(plaintext == nil, "\(input): the streaming opener refused what decode opened")
            }
        }
        #expect(opened >= 3, "the reference vectors must open")
        #expect(refused >= 3)
        #expect(codec.keyDerivations <= Self.referenceSalts.count)
    }
}
