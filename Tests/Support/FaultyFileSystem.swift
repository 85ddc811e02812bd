import AgentBackupPorts
import Foundation

/// A pass-through over a real `FileSystem` (the tests give it `PosixFileSystem()`) that records
/// every call, fails chosen calls with an `errno` (a full disk, a denied folder: things root can
/// not provoke for real), and can resolve names as macOS APFS does (`folding`), so the engine's
/// handling of a case- and normalization-insensitive disk is tested on Linux.
///
/// Faults are checked before the real call, so a failed call changes nothing on disk. Calls are
/// recorded with the path as the caller gave it (before folding).
public final class FaultyFileSystem: FileSystem {
    /// One kind of call of the port (`writeFile` is `writeFileAtomically`; `syncAll` records one
    /// `sync` per path).
    public enum Operation: String, Sendable, CaseIterable {
        case status, contents, listing, createDirectory, remove, rename, readFile, writeFile
        case makeTemporaryFile, makeTemporaryDirectory, sync, setMode, setModificationTime
        case readChunks, writeStream
    }

    /// A call as the caller made it; `destination` only for `rename`.
    public struct Call: Sendable, Equatable {
        public var operation: Operation
        public var path: String
        public var destination: String?

        public init(_ operation: Operation, _ path: String, destination: String? = nil) {
            self.operation = operation
            self.path = path
            self.destination = destination
        }
    }

    /// Fails calls of `operations` whose path (or a rename's destination) `matches`: the first
    /// `after` matching calls go through, then `times` of them fail (every later one when nil).
    public struct Fault: Sendable {
        public var errno: Int32
        public var operations: Set<Operation>
        public var matches: @Sendable (String) -> Bool
        public var after: Int
        public var times: Int?

        public init(
            errno: Int32, on operations: Set<Operation>, after: Int = 0, times: Int? = nil,
            where matches: @escaping @Sendable (String) -> Bool = { _ in true }
        ) {
            self.errno = errno
            self.operations = operations
            self.matches = matches
            self.after = after
            self.times = times
        }

        /// `ENOSPC` on writes (atomic writes, temporary files, folders) of paths containing `fragment`.
        public static func diskFull(
            on operations: Set<Operation> = [.writeFile, .makeTemporaryFile, .makeTemporaryDirectory, .createDirectory],
            pathContaining fragment: String = "", after: Int = 0, times: Int? = nil
        ) -> Fault {
            Fault(errno: ENOSPC, on: operations, after: after, times: times) { fragment.isEmpty || $0.utf8.contains(fragment.utf8) }
        }

        /// `EACCES` on the given operations of paths containing `fragment`.
        public static func permissionDenied(
            on operations: Set<Operation>, pathContaining fragment: String = "", after: Int = 0, times: Int? = nil
        ) -> Fault {
            Fault(errno: EACCES, on: operations, after: after, times: times) { fragment.isEmpty || $0.utf8.contains(fragment.utf8) }
        }

        /// `EACCES` on the given operations of exactly `path` (compared by bytes), e.g. a folder
        /// root could otherwise read.
        public static func permissionDenied(on operations: Set<Operation>, at path: String) -> Fault {
            Fault(errno: EACCES, on: operations) { $0.utf8.elementsEqual(path.utf8) }
        }
    }

    private struct Rule {
        var fault: Fault
        var matched = 0
        var thrown = 0
    }

    private struct State {
        var calls: [Call] = []
        var rules: [Rule] = []
        var garbledSuffix: String?
    }

    public let base: any FileSystem
    public let folding: NameFolding
    /// False: `sync` does nothing, for runs about the store rather than crashes (a `syncfs` per
    /// restore waits for every other build's dirty pages on a shared machine).
    public let flushes: Bool
    private let state = Locked(State())

    public init(base: any FileSystem, folding: NameFolding = .none, flushes: Bool = true) {
        self.base = base
        self.folding = folding
        self.flushes = flushes
    }

    /// Adds a fault; rules are checked in the order they were added, the first that fires wins.
    public func inject(_ fault: Fault) {
        state.withLock { $0.rules.append(Rule(fault: fault)) }
    }

    public func removeFaults() {
        state.withLock { $0.rules = [] }
    }

    /// Streamed writes (`writeStream`) to paths ending with `suffix` get their last byte changed,
    /// as a disk that lies would, so a check that reads a written file back has something to
    /// catch; nil stops it.
    public func garbleStreams(endingIn suffix: String?) {
        state.withLock { $0.garbledSuffix = suffix }
    }

    /// Every call so far, in order.
    public var calls: [Call] { state.withLock { $0.calls } }

    /// The paths of the calls of the given operations, in order.
    public func paths(of operations: Operation...) -> [String] {
        calls.filter { operations.contains($0.operation) }.map(\.path)
    }

    public func resetCalls() {
        state.withLock { $0.calls = [] }
    }

    /// Records the call and throws the first fault that fires for it.
    private func enter(_ operation: Operation, _ path: String, destination: String? = nil) throws {
        let errno: Int32? = state.withLock { state in
            state.calls.append(Call(operation, path, destination: destination))
            for index in state.rules.indices where state.rules[index].fault.operations.contains(operation) {
                let fault = state.rules[index].fault
                guard fault.matches(path) || destination.map(fault.matches) == true else { continue }
                state.rules[index].matched += 1
                guard state.rules[index].matched > fault.after, fault.times.map({ state.rules[index].thrown < $0 }) ?? true else { continue }
                state.rules[index].thrown += 1
                return fault.errno
            }
            return nil
        }
        guard let errno else { return }
        throw FileSystemError(path: path, operation: operation.rawValue, errno: errno, message: String(cString: strerror(errno)))
    }

    public func status(_ path: String) throws -> FileStatus? {
        try enter(.status, path)
        return try base.status(resolve(path))
    }

    public func contents(ofDirectory path: String) throws -> [String] {
        try enter(.contents, path)
        return try base.contents(ofDirectory: resolve(path))
    }

    public func listing(ofDirectory path: String) throws -> DirectoryListing {
        try enter(.listing, path)
        return try base.listing(ofDirectory: resolve(path))
    }

    public func createDirectory(_ path: String, mode: UInt32) throws {
        try enter(.createDirectory, path)
        try base.createDirectory(resolve(path), mode: mode)
    }

    public func remove(_ path: String) throws {
        try enter(.remove, path)
        try base.remove(resolve(path))
    }

    public func rename(_ source: String, to destination: String) throws {
        try enter(.rename, source, destination: destination)
        let from = resolve(source)
        var to = resolve(destination)
        // A rename to a variant of the same name changes how it is spelled, as on APFS.
        if to == from { to = resolve(parent(of: destination)) + "/" + lastComponent(of: destination) }
        try base.rename(from, to: to)
    }

    public func readFile(_ path: String) throws -> [UInt8] {
        try enter(.readFile, path)
        return try base.readFile(resolve(path))
    }

    public func writeFileAtomically(_ path: String, contents: [UInt8], mode: UInt32) throws {
        try enter(.writeFile, path)
        try base.writeFileAtomically(resolve(path), contents: contents, mode: mode)
    }

    public func makeTemporaryFile(in directory: String, prefix: String) throws -> String {
        try enter(.makeTemporaryFile, directory)
        return try base.makeTemporaryFile(in: resolve(directory), prefix: prefix)
    }

    public func makeTemporaryDirectory(in parent: String, prefix: String) throws -> String {
        try enter(.makeTemporaryDirectory, parent)
        return try base.makeTemporaryDirectory(in: resolve(parent), prefix: prefix)
    }

    public func sync(_ path: String) throws {
        try enter(.sync, path)
        if flushes { try base.sync(resolve(path)) }
    }

    public func syncAll(_ paths: [String]) throws {
        for path in paths { try enter(.sync, path) }
        if flushes { try base.syncAll(paths.map(resolve)) }
    }

    public func readChunks(of path: String, chunkBytes: Int, _ body: ([UInt8]) throws -> Void) throws {
        try enter(.readChunks, path)
        try base.readChunks(of: resolve(path), chunkBytes: chunkBytes, body)
    }

    public func writeStream(to path: String, mode: UInt32, _ body: (_ write: ([UInt8]) throws -> Void) throws -> Void) throws {
        try enter(.writeStream, path)
        let suffix = state.withLock { $0.garbledSuffix }
        guard let suffix, path.utf8.reversed().starts(with: suffix.utf8.reversed()) else {
            return try base.writeStream(to: resolve(path), mode: mode, body)
        }
        var collected: [UInt8] = []
        try body { collected += $0 }
        if !collected.isEmpty { collected[collected.count - 1] ^= 0x20 }
        try base.writeFileAtomically(resolve(path), contents: collected, mode: mode)
    }

    public func setMode(_ path: String, mode: UInt32) throws {
        try enter(.setMode, path)
        try base.setMode(resolve(path), mode: mode)
    }

    public func setModificationTime(_ path: String, ns: Int64) throws {
        try enter(.setModificationTime, path)
        try base.setModificationTime(resolve(path), ns: ns)
    }
}
