import AgentBackupInfrastructure
import AgentBackupPorts
import Foundation
import Testing

/// Our envelopes open again (file and memory paths, across every chunk boundary), carry the
/// right digest, and fail loudly when damaged.
@Suite struct EncryptingCodecRoundTripTests {
    static let sizes = [0, 1, Codecs.chunkSize - 1, Codecs.chunkSize, Codecs.chunkSize + 1, 5 * Codecs.chunkSize + 7]

    @Test(arguments: sizes)
    func fileRoundTrip(size: Int) throws {
        let codec = Codecs.encrypting(passphrase: CryptoTestKit.passphrase)
        let plaintext = CryptoTestKit.pattern(count: size, seed: UInt64(size))
        try CryptoTestKit.withScratchDirectory { dir in
            try CryptoTestKit.write(plaintext, to: dir + "/in")
            let written = try codec.encode(file: dir + "/in", to: dir + "/env")
            #expect(written == ContentDigest(sha256: SHA256Digest.hex(plaintext), size: Int64(size)))
            let envelope = try CryptoTestKit.read(dir + "/env")
            #expect(envelope.count == size + 64)
            #expect(Array(envelope.prefix(4)) == Array("B2EN".utf8))
            if size > 0 { #expect(Array(envelope[64...]) != plaintext) }

            let read = try codec.decode(file: dir + "/env", to: dir + "/out", objectName: "obj")
            #expect(read == written)
            #expect(try CryptoTestKit.read(dir + "/out") == plaintext)
            // The in-memory reader agrees with the streaming writer, and a fresh codec (new run)
            // with the same passphrase opens it too.
            #expect(try codec.decode(envelope, objectName: "obj") == plaintext)
            #expect(try Codecs.encrypting(passphrase: CryptoTestKit.passphrase).decode(envelope, objectName: "obj") == plaintext)
        }
    }

    @Test(arguments: sizes)
    func memoryRoundTripOpensAsFile(size: Int) throws {
        let codec = Codecs.encrypting(passphrase: CryptoTestKit.passphrase)
        let plaintext = CryptoTestKit.pattern(count: size, seed: UInt64(size) + 1)
        let envelope = try codec.encode(plaintext)
        #expect(envelope.count == size + 64)
        #expect(try codec.decode(envelope, objectName: "m") == plaintext)
        try CryptoTestKit.withScratchDirectory { dir in
            try CryptoTestKit.write(envelope, to: dir + "/env")
            let digest = try codec.decode(file: dir + "/env", to: dir + "/out", objectName: "m")
            #expect(digest.sha256 == SHA256Digest.hex(plaintext))
            #expect(try CryptoTestKit.read(dir + "/out") == plaintext)
        }
    }

    @Test func flippedByteDeepInsideALargeFileFailsAndLeavesNothing() throws {
        let codec = Codecs.encrypting(passphrase: CryptoTestKit.passphrase)
        try CryptoTestKit.withScratchDirectory { dir in
            try CryptoTestKit.write(CryptoTestKit.pattern(count: 3 * Codecs.chunkSize + 5), to: dir + "/in")
            _ = try codec.encode(file: dir + "/in", to: dir + "/env")
            var envelope = try CryptoTestKit.read(dir + "/env")
            envelope[64 + 2 * Codecs.chunkSize + 9] ^= 0x01
            try CryptoTestKit.write(envelope, to: dir + "/env")
            let error = try #require(throws: CryptoError.self) {
                try codec.decode(file: dir + "/env", to: dir + "/out", objectName: "big")
            }
            #expect(error.code == .authenticationFailed && error.objectName == "big")
            #expect(try CryptoTestKit.read(dir + "/out").isEmpty)
        }
    }

    @Test func truncatedEnvelopeFailsAuthentication() throws {
        let codec = Codecs.encrypting(passphrase: CryptoTestKit.passphrase)
        let envelope = try codec.encode(Array("hello world".utf8))
        let error = try #require(throws: CryptoError.self) { try codec.decode(Array(envelope.dropLast()), objectName: "t") }
        #expect(error.code == .authenticationFailed)
    }

    @Test func longFileWithoutMagicIsNotEncrypted() throws {
        let codec = Codecs.encrypting(passphrase: CryptoTestKit.passphrase)
        try CryptoTestKit.withScratchDirectory { dir in
            try CryptoTestKit.write(Array(repeating: UInt8(ascii: "x"), count: 100), to: dir + "/in")
            let error = try #require(throws: CryptoError.self) {
                try codec.decode(file: dir + "/in", to: dir + "/out", objectName: "plain.txt")
            }
            #expect(error.code == .notEncrypted)
            #expect(error.message.hasPrefix("not an encrypted object (no B2EN header)"))
        }
    }

    @Test func missingSourceIsAnIOErrorNamingIt() throws {
        let codec = Codecs.encrypting(passphrase: CryptoTestKit.passphrase)
        try CryptoTestKit.withScratchDirectory { dir in
            let error = try #require(throws: CryptoError.self) { try codec.encode(file: dir + "/missing", to: dir + "/env") }
            #expect(error.code == .io)
            #expect(error.description.contains(dir + "/missing"))
            #expect(error.description.contains("No such file"))
        }
    }

    @Test func neverWritesThroughASymbolicLink() throws {
        let codec = Codecs.encrypting(passphrase: CryptoTestKit.passphrase)
        try CryptoTestKit.withScratchDirectory { dir in
            try CryptoTestKit.write([1, 2, 3], to: dir + "/in")
            try CryptoTestKit.write(Array("precious".utf8), to: dir + "/victim")
            try FileManager.default.createSymbolicLink(atPath: dir + "/link", withDestinationPath: dir + "/victim")
            let error = try #require(throws: CryptoError.self) { try codec.encode(file: dir + "/in", to: dir + "/link") }
            #expect(error.code == .io)
            #expect(try CryptoTestKit.read(dir + "/victim") == Array("precious".utf8))
        }
    }

    @Test func refusesToWriteOntoItsOwnSource() throws {
        let codecs: [any ContentCodec] = [Codecs.encrypting(passphrase: CryptoTestKit.passphrase), Codecs.plain()]
        try CryptoTestKit.withScratchDirectory { dir in
            try CryptoTestKit.write(Array("keep me".utf8), to: dir + "/f")
            try FileManager.default.linkItem(atPath: dir + "/f", toPath: dir + "/hardlink")
            for codec in codecs {
                for destination in [dir + "/f", dir + "/hardlink", dir + "/./f"] {
                    let error = try #require(throws: CryptoError.self) { try codec.encode(file: dir + "/f", to: destination) }
                    #expect(error.code == .io && error.message.contains("source file"))
                }
            }
            #expect(try CryptoTestKit.read(dir + "/f") == Array("keep me".utf8))
        }
    }

    @Test func writtenFilesAreOwnerOnly() throws {
        let codec = Codecs.encrypting(passphrase: CryptoTestKit.passphrase)
        try CryptoTestKit.withScratchDirectory { dir in
            try CryptoTestKit.write([1, 2, 3], to: dir + "/in")
            _ = try codec.encode(file: dir + "/in", to: dir + "/env")
            _ = try codec.decode(file: dir + "/env", to: dir + "/out", objectName: "o")
            for name in ["env", "out"] {
                let mode = try FileManager.default.attributesOfItem(atPath: dir + "/" + name)[.posixPermissions] as? Int
                #expect(mode == 0o600, "\(name)")
            }
        }
    }
}
