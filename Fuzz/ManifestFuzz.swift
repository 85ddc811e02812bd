import AgentBackupDomain

// Target `manifest`: `Manifest.decode` on any bytes. It must return a manifest or throw a
// `DomainError`; a decoded manifest must re-encode to bytes that decode to the same manifest
// (and re-encode identically), and the values a restore or `snapshots` reads from it
// (validated paths, total size, snapshot id) must not trap.

@_cdecl("LLVMFuzzerTestOneInput")
public func manifestFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    let manifest: Manifest
    do {
        manifest = try Manifest.decode(bytes)
    } catch is DomainError {
        return 0
    } catch {
        fuzzUntypedError(error, from: "Manifest.decode")
    }
    let encoded = manifest.encoded()
    do {
        let again = try Manifest.decode(encoded)
        fuzzRequire(again == manifest, "a decoded manifest changed after encode + decode")
        fuzzRequire(again.encoded() == encoded, "encode is not stable after a round trip")
    } catch {
        fatalError("Manifest.decode refused what encoded() wrote: \(error)")
    }
    do {
        let paths = try manifest.validatedPaths()
        fuzzRequire(paths.count == manifest.files.count, "validatedPaths lost or added paths")
        fuzzRequire(zip(paths, paths.dropFirst()).allSatisfy { $0 < $1 }, "validatedPaths are not strictly sorted")
    } catch is DomainError {
    } catch {
        fuzzUntypedError(error, from: "Manifest.validatedPaths")
    }
    fuzzRequire(manifest.totalSize >= 0, "a manifest of non-negative sizes has a negative total")
    _ = manifest.snapshotID
    return 0
}
