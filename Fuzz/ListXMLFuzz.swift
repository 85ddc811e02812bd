@testable import AgentBackupInfrastructure
import AgentBackupPorts

// Target `list-xml`: the ListObjectsV2 answer reader on any bytes. It must return a listing or
// throw a `StoreError` (permanent: a garbled listing is not worth retrying); a truncated listing
// always carries a non-empty continuation token.

@_cdecl("LLVMFuzzerTestOneInput")
public func listXMLFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    do {
        let listing = try S3ListingXML.listing(bytes, prefix: "p/")
        if let token = listing.nextContinuationToken { fuzzRequire(!token.isEmpty, "empty continuation token") }
    } catch let error as StoreError {
        fuzzRequire(error.code == .permanent, "a malformed listing is \(error.code), not permanent")
    } catch {
        fuzzUntypedError(error, from: "S3ListingXML.listing")
    }
    return 0
}
