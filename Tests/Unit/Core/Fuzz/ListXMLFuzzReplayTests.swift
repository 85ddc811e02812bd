@testable import AgentBackupInfrastructure
import AgentBackupPorts
import Foundation
import Testing

/// Replays the `list-xml` fuzz target's inputs through the ListObjectsV2 reader: each gives a
/// listing or a permanent `StoreError`.
@Suite struct ListXMLFuzzReplayTests {
    @Test func everyKeptInputListsOrIsRefusedWithAStoreError() throws {
        var listed = 0
        var refused = 0
        for input in try FuzzCorpus.inputs("list-xml") {
            let elapsed = FuzzCorpus.timed {
                do {
                    let listing = try S3ListingXML.listing(input.bytes, prefix: "p/")
                    listed += 1
                    #expect(listing.nextContinuationToken?.isEmpty != true, "\(input)")
                } catch let error as StoreError {
                    refused += 1
                    #expect(error.code == .permanent, "\(input)")
                } catch {
                    Issue.record("\(input): undocumented error \(error)")
                }
            }
            #expect(elapsed < FuzzCorpus.slowLimit, "\(input) took \(elapsed)")
        }
        #expect(listed >= 4)
        #expect(refused >= 2)
    }

    /// Found by fuzzing: an element name holding bytes that are not UTF-8 made Foundation's
    /// XMLParser trap (libxml2 hands it the raw name before reporting the encoding error).
    @Test func aListingThatIsNotUTF8IsRefusedNotATrap() throws {
        let body = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucket".utf8) + [0xFF, 0xFF, 0xFF, 0xFF]
            + Array("IsTruncated>true</IsTruncated><Contents><Key>k</Key></Contents>".utf8)
        let error = try #require(throws: StoreError.self) { try S3ListingXML.listing(body, prefix: "p/") }
        #expect(error.code == .permanent)
        #expect(S3XMLElement.parse(Array("<Error><Code>A\u{e9}</Code></Error>".utf8))?.text(of: "Code") == "A\u{e9}")
        #expect(S3XMLElement.parse(Array("<Error><Code>A".utf8) + [0xE9] + Array("</Code></Error>".utf8)) == nil)
    }

    /// Found by fuzzing: a processing instruction without data (`<?x?>`) made Foundation's
    /// XMLParser read a null pointer. S3 sends none (nor a DOCTYPE), so both are refused; the
    /// XML declaration, with or without a byte order mark, is still read.
    @Test func processingInstructionsAndDoctypesAreRefusedNotACrash() throws {
        for body in ["<?Unsafe?><E[>", "<ListBucketResult><?x?></ListBucketResult>", "<!DOCTYPE a><ListBucketResult/>",
                     "<?xml version=\"1.0\"", "<?xml version=\"1.0\"?><?x data?><ListBucketResult/>", "<?xmld?>\nd?>\nm", "<?xml?><ListBucketResult/>"] {
            #expect(throws: StoreError.self, "\(body)") { try S3ListingXML.listing(Array(body.utf8), prefix: "") }
        }
        let declared = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult><Contents><Key>k</Key></Contents></ListBucketResult>"
        #expect(try S3ListingXML.listing(Array(declared.utf8), prefix: "").objects.map(\.key) == ["k"])
        #expect(try S3ListingXML.listing([0xEF, 0xBB, 0xBF] + Array(declared.utf8), prefix: "").objects.map(\.key) == ["k"])
    }

    /// A listing cannot make the client read local files (XML external entities) or expand
    /// entities into a large key.
    @Test func entitiesInAListingAreNeitherFetchedNorExpanded() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-xxe-\(UUID().uuidString)")
        try Data("local-secret-\(UUID().uuidString)".utf8).write(to: secret)
        defer { try? FileManager.default.removeItem(at: secret) }
        let xml = #"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "file://\#(secret.path)">]><ListBucketResult><Contents><Key>k&x;</Key></Contents></ListBucketResult>"#
        let keys = (try? S3ListingXML.listing(Array(xml.utf8), prefix: ""))?.objects.map(\.key) ?? []
        #expect(!keys.contains { $0.contains("local-secret") }, "\(keys)")

        let bomb = try #require(try FuzzCorpus.inputs("list-xml").first { $0.name.hasSuffix("/entities.xml") })
        let bombKeys = (try? S3ListingXML.listing(bomb.bytes, prefix: ""))?.objects.map(\.key) ?? []
        #expect(bombKeys.allSatisfy { $0.utf8.count < 1024 }, "\(bombKeys.map(\.utf8.count))")
    }
}
