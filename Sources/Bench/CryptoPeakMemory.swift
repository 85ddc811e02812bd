import AgentBackupInfrastructure

/// `crypto-rss FILE [OUTPUT]`: encrypts FILE with a fresh codec, the way a push does, and prints
/// `{"bytes":N,"sha256":"…","peakRSSBytes":N,"maxrssBytes":N,"seconds":S}`. A test runs it on a
/// 2 GiB file in a child process to prove memory stays bounded whatever the file size.
/// `peakRSSBytes` is this program's own peak (Linux `VmHWM`); `maxrssBytes` is `ru_maxrss`, which
/// on Linux may report the spawning parent's peak instead (see `ResourceUsage`).
struct CryptoPeakMemory {
    var source: String
    var destination: String

    init(arguments: [String]) throws {
        guard let source = arguments.first, arguments.count <= 2 else {
            throw BenchError("usage: agent-backup-bench crypto-rss FILE [OUTPUT]")
        }
        self.source = source
        destination = arguments.count == 2 ? arguments[1] : "/dev/null"
    }

    func run() throws {
        let codec = Codecs.encrypting(passphrase: "agent-backup-bench")
        let start = monotonicSeconds()
        let digest = try codec.encode(file: source, to: destination)
        let seconds = monotonicSeconds() - start
        let own = ResourceUsage.ownPeakResidentBytes(), maxrss = ResourceUsage.now().peakResidentBytes
        FileHandleOutput.standardOutput(#"{"bytes":\#(digest.size),"sha256":"\#(digest.sha256)","peakRSSBytes":\#(own),"#
            + #""maxrssBytes":\#(maxrss),"seconds":\#(seconds)}"#)
    }
}

/// A benchmark could not run; the message says why.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
