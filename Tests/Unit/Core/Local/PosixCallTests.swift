@testable import AgentBackupInfrastructure
import AgentBackupTestSupport
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one positional read/write loop every file reader shares.
@Suite struct PosixCallTests {
    @Test func readFullyReadsAtAnOffsetAndStopsAtTheEnd() throws {
        let folder = try TemporaryDirectory(prefix: "posix-call")
        let path = try folder.write(Array(0..<100), to: "f")
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 30)
        let middle = buffer.withUnsafeMutableBytes { PosixCall.readFully(fd, into: $0, at: 10) }
        #expect(middle.count == 30 && middle.errno == 0)
        #expect(buffer == Array(10..<40))
        let tail = buffer.withUnsafeMutableBytes { PosixCall.readFully(fd, into: $0, at: 90) }
        #expect(tail.count == 10 && tail.errno == 0)
        #expect(Array(buffer.prefix(10)) == Array(90..<100))
        // Without an offset it reads from the current one, which `pread` never moved.
        let start = buffer.withUnsafeMutableBytes { PosixCall.readFully(fd, into: $0, at: nil) }
        #expect(start.count == 30 && buffer == Array(0..<30))
    }

    @Test func aFailedReadReportsItsErrno() {
        var buffer = [UInt8](repeating: 0, count: 4)
        let read = buffer.withUnsafeMutableBytes { PosixCall.readFully(-1, into: $0, at: 0) }
        #expect(read.count == 0 && read.errno == EBADF)
        #expect([UInt8](repeating: 1, count: 3).withUnsafeBytes { PosixCall.writeFully(-1, $0, at: nil) } == EBADF)
    }

    @Test func writeFullyWritesAtAnOffsetOrAtTheEnd() throws {
        let folder = try TemporaryDirectory(prefix: "posix-call")
        let path = try folder.write(Array(repeating: 0, count: 8), to: "f")
        let fd = open(path, O_RDWR | O_APPEND)
        defer { close(fd) }
        #expect([UInt8]([1, 2, 3]).withUnsafeBytes { PosixCall.writeFully(fd, $0, at: nil) } == 0)
        #expect(folder.read("f") == Array(repeating: 0, count: 8) + [1, 2, 3])
        let plain = open(path, O_RDWR)
        defer { close(plain) }
        #expect([UInt8]([9, 9]).withUnsafeBytes { PosixCall.writeFully(plain, $0, at: 2) } == 0)
        #expect(folder.read("f") == [0, 0, 9, 9, 0, 0, 0, 0, 1, 2, 3])
    }
}
