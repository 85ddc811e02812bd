import AgentBackupPorts

/// Where the engine and the CLI get their codec: one per run, chosen by the configuration's
/// `encrypt` flag, never by looking at the objects (SPEC item 12).
public enum Codecs {
    /// B2EN envelopes under `passphrase` (one scrypt per run; see `EncryptingCodec`).
    public static func encrypting(passphrase: String) -> EncryptingCodec {
        EncryptingCodec(passphrase: passphrase)
    }

    /// Objects stored as-is.
    public static func plain() -> PlainCodec {
        PlainCodec()
    }

    /// The codec for a run: encrypting when `passphrase` is given, plain otherwise.
    public static func forRun(passphrase: String?) -> any ContentCodec {
        passphrase.map { encrypting(passphrase: $0) } ?? plain()
    }

    /// Size of the chunks files are streamed in (the memory one transfer holds).
    public static var chunkSize: Int { ChunkBufferPool.shared.chunkSize }
}
