import AgentBackupPorts

/// The `ObjectStore` contract, written once and run against every store (memory, local folder,
/// SeaweedFS, MinIO, B2), like restic's backend test suite.
///
/// Each `Case` is one check; run each as its own test so a failure names it:
///
/// ```swift
/// @Suite struct LocalDirectoryStoreConformanceTests {
///     @Test(arguments: StoreConformance.allCases)          // or .portable for stores that map keys to paths
///     func conformance(_ check: StoreConformance.Case) async throws {
///         let root = try TemporaryDirectory()
///         let store = try LocalDirectoryStore(directory: root.path, bucket: "b")
///         try await StoreConformance.check(check, store: store, prefix: "conformance/")
///     }
/// }
/// ```
///
/// For a shared S3 bucket pass `S3TestEnvironment.uniquePrefix("conformance") + "/"` as `prefix`.
/// A check works under `prefix + case + "/"`, removes what it wrote when it passes, and throws
/// `ConformanceViolation` (naming the case, the store and what differed) when the store breaks the
/// contract.
public enum StoreConformance {
    /// One check of the contract.
    public enum Case: String, Sendable, CaseIterable, CustomStringConvertible {
        /// put bytes → head, get bytes and get into a file return them.
        case bytesRoundTrip
        /// put a file → the same bytes come back.
        case fileRoundTrip
        /// A zero-byte object exists, has size 0 and reads back empty.
        case emptyObject
        /// Keys with spaces, unicode (`ü 日本 📝`) and each of `+=&?#%'()*!@$,;~`: put, head, get,
        /// prefix listing and exact keys back.
        case specialCharacterKeys
        /// A second put replaces the bytes and the size.
        case overwrite
        /// Both get forms of a missing key throw `.notFound`.
        case getMissingIsNotFound
        /// head of a missing key is nil, not an error.
        case headMissingIsNil
        /// `get(maxBytes:)` refuses a larger object with `.tooLarge` and accepts one of exactly maxBytes.
        case maxBytesCap
        /// `get(key:range:)`: the start, the middle and the end of an object; a range running past
        /// the end gives the bytes that exist; one starting at or past the end gives none; an
        /// empty range gives none; a missing key is `.notFound`.
        case rangedRead
        /// Ranged reads of a 12 MiB object (streamed in) at a few offsets, including the last byte.
        case rangedReadLargeObject
        /// Server-side copy, including keys with special characters; the source stays.
        case copy
        /// Copying a missing key throws `.notFound`.
        case copyMissingIsNotFound
        /// A prefix (also one ending mid-segment) selects exactly its keys, in UTF-8 byte order.
        case listPrefix
        /// With a delimiter: common prefixes end with it, objects at that level only, and pages of
        /// mixed prefixes/objects continue without repeats.
        case delimiterListing
        /// 2,500 keys: pages of 1,000 with continuation, `startAfter`, a smaller `maxKeys`; then one
        /// `delete` of all 2,500 (stores split it into batches of 1,000).
        case pagination
        /// delete of present, missing and repeated keys deletes exactly the present ones.
        case deleteMany
        /// A 12 MiB file (streamed) comes back byte-identical.
        case largeObject
        /// put of a missing body file throws `.localIO`.
        case putFromMissingFileIsLocalIO
        /// get into a folder that does not exist throws `.localIO`.
        case getIntoMissingFolderIsLocalIO
        /// Keys S3 keeps verbatim but path-based stores (SeaweedFS) do not: `a//b`, trailing `/`,
        /// leading `/`, `.`/`..` segments, `%2E`.
        case pathLikeKeysVerbatim
        /// `café` (NFC) and `cafe\u{301}` (NFD) are two different objects (a local folder store on a
        /// normalization-insensitive file system, such as macOS's, fails this).
        case unicodeNormalizationDistinct

        public var description: String { rawValue }
    }

    /// Every case: for stores that keep keys verbatim (memory, local folder, AWS, B2).
    public static let allCases = Case.allCases

    /// Every case a store that maps keys to file paths (SeaweedFS) also passes.
    public static let portable = Case.allCases.filter { !exactKeyCases.contains($0) }

    /// The cases only stores that keep keys verbatim pass. (SeaweedFS 4.48 does keep `café` NFC and
    /// NFD apart, and holds `a` beside `a/b`; it folds `a//b`, refuses `.`/`..` segments and keeps no
    /// body for a key ending in `/`.)
    public static let exactKeyCases: [Case] = [.pathLikeKeysVerbatim]

    /// Sizes, for slow stores or quick local runs.
    public struct Options: Sendable {
        /// Size of `largeObject` (12 MiB: above a 5 MiB multipart threshold when a test sets one).
        public var largeObjectBytes: Int
        /// Keys written by `pagination`.
        public var paginationKeyCount: Int
        /// Uploads in flight while filling a listing.
        public var uploadConcurrency: Int
        /// Whether one listing page comes in UTF-8 byte order (S3, B2, ours). SeaweedFS lists a
        /// folder's subfolders before its files (`a/b` before `a-b`); nothing of ours relies on the
        /// order inside a page, so for it the check compares the sets.
        public var byteOrderedListing: Bool

        public init(
            largeObjectBytes: Int = 12 << 20, paginationKeyCount: Int = 2_500, uploadConcurrency: Int = 16,
            byteOrderedListing: Bool = true
        ) {
            self.largeObjectBytes = largeObjectBytes
            self.paginationKeyCount = paginationKeyCount
            self.uploadConcurrency = uploadConcurrency
            self.byteOrderedListing = byteOrderedListing
        }
    }

    /// Runs one check against `store` under `prefix + case + "/"`; throws `ConformanceViolation` when
    /// the store breaks the contract (or the store's own error when a call fails unexpectedly).
    public static func check(
        _ check: Case, store: any ObjectStore, prefix: String, options: Options = Options()
    ) async throws {
        let context = try ConformanceContext(check: check, store: store, base: prefix + check.rawValue + "/", options: options)
        try await context.run()
    }
}

/// A store broke the `ObjectStore` contract.
public struct ConformanceViolation: Error, CustomStringConvertible {
    public var check: StoreConformance.Case
    public var store: String
    public var message: String
    /// Where the failed expectation is, e.g. `AgentBackupTestSupport/StoreConformance+Listing.swift:42`.
    public var location: String

    public var description: String {
        "\(store) fails conformance check \(check) at \(location): \(message)"
    }
}
