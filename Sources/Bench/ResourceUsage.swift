#if canImport(Glibc)
@preconcurrency import Glibc
#else
@preconcurrency import Darwin
#endif
import Foundation

/// CPU time and peak resident memory of this process, from `getrusage`.
struct ResourceUsage {
    /// User + system CPU seconds so far.
    var cpuSeconds: Double
    /// Peak resident set size in bytes from `ru_maxrss` (Linux reports KiB, macOS bytes).
    /// On Linux it can include the spawning parent's peak (the kernel carries the old address
    /// space's high-water mark across `exec` after a `vfork`-style spawn): see `ownPeakResidentBytes`.
    var peakResidentBytes: Int

    static func now() -> ResourceUsage {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let peak = Int(usage.ru_maxrss) * 1024
        #else
        getrusage(RUSAGE_SELF, &usage)
        let peak = Int(usage.ru_maxrss)
        #endif
        let cpu = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return ResourceUsage(cpuSeconds: cpu, peakResidentBytes: peak)
    }
}

extension ResourceUsage {
    /// Peak resident set size of this program's own address space: `VmHWM` from
    /// `/proc/self/status` on Linux (not inherited from whoever spawned us), `ru_maxrss` elsewhere.
    static func ownPeakResidentBytes() -> Int {
        #if canImport(Glibc)
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
           let kib = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) {
            return kib * 1024
        }
        #endif
        return now().peakResidentBytes
    }
}

/// Wall-clock seconds from a monotonic clock.
func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Unbuffered writes to stdout/stderr (progress lines must appear in order with child output).
enum FileHandleOutput {
    static func standardOutput(_ line: String) {
        write(1, line + "\n")
    }

    static func standardError(_ line: String) {
        write(2, line + "\n")
    }

    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { raw in
                #if canImport(Glibc)
                Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                #else
                Darwin.write(fd, raw.baseAddress! + done, raw.count - done)
                #endif
            }
            if count <= 0 { return }
            done += count
        }
    }
}
