import Foundation

/// Runs `openssl speed -evp ALG -bytes 1048576` and returns its throughput in bytes per second:
/// what libcrypto itself reaches on this machine, the yardstick for our pipeline. By default
/// `openssl speed` divides by CPU user time; `elapsed` makes it divide by wall time.
enum OpenSSLSpeed {
    static func bytesPerSecond(evp algorithm: String, seconds: Int, elapsed: Bool) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "speed", "-evp", algorithm, "-bytes", "1048576", "-seconds", String(seconds)] + (elapsed ? ["-elapsed"] : [])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        // Last line: "<name>   1430445.47k" — thousands of bytes per second.
        guard process.terminationStatus == 0,
              let last = text.split(separator: "\n").last,
              let field = last.split(separator: " ").last, field.hasSuffix("k"),
              let thousands = Double(field.dropLast())
        else {
            throw BenchError("could not read `openssl speed -evp \(algorithm)` output (is the openssl command installed?):\n\(text)")
        }
        return thousands * 1000
    }
}
