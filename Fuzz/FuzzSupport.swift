// Shared by every fuzz target: `scripts/fuzz` compiles this file into each target's module.

/// The fuzzer's input as an owned array (libFuzzer may pass a null pointer for an empty input).
func fuzzInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// Stops the process when an invariant of the parser breaks: libFuzzer sees the crash and keeps
/// the input under `Fuzz/crashes/<target>/`.
func fuzzRequire(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("fuzz invariant broken: \(message())") }
}

/// A parser threw something other than its documented, typed error.
func fuzzUntypedError(_ error: any Error, from parser: String) -> Never {
    fatalError("\(parser) threw an undocumented error \(type(of: error)): \(error)")
}
