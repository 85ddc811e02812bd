import AgentBackupAdapters
import AgentBackupDomain
import AgentBackupPorts

// Target `adapter-json`: the adapter file reader on any bytes. It must return an adapter or
// throw an `AdapterError`; an accepted adapter must survive `encodedJSON()` + parse unchanged,
// compile its rules (or throw `DomainError`), and resolve its roots (templates, discovery)
// against a fake home where every path is a folder and every `.json` file is `{}`.

@_cdecl("LLVMFuzzerTestOneInput")
public func adapterJSONFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    let adapter: Adapter
    do {
        adapter = try AdapterFile.parse(bytes, source: "fuzz.json")
    } catch is AdapterError {
        return 0
    } catch {
        fuzzUntypedError(error, from: "AdapterFile.parse")
    }
    do {
        let again = try AdapterFile.parse(adapter.encodedJSON(), source: "encoded.json")
        fuzzRequire(again == adapter, "an adapter changed after encodedJSON + parse")
    } catch {
        fatalError("AdapterFile.parse refused what encodedJSON() wrote: \(error)")
    }
    do {
        _ = try adapter.pathRules()
    } catch is DomainError {
    } catch {
        fuzzUntypedError(error, from: "Adapter.pathRules")
    }
    let environment = AdapterEnvironment(
        variables: ["HOME": "/home/fuzz", "XDG_CONFIG_HOME": "/home/fuzz/.config", "EMPTY": ""],
        home: "/home/fuzz", platform: .linux, fileSystem: FuzzFileSystem(), workingDirectory: "/work")
    do {
        let roots = try adapter.resolveRoots(in: environment)
        fuzzRequire(Set(roots.map(\.label)).count == roots.count, "resolved root labels are not unique")
    } catch is AdapterError {
    } catch {
        fuzzUntypedError(error, from: "Adapter.resolveRoots")
    }
    return 0
}
