extension Sequence where Element == String {
    /// The strings in UTF-8 byte order: the order of S3 object keys and of manifest files,
    /// independent of locale and of Unicode normalization (which Swift's `<` applies).
    public func sortedByUTF8() -> [String] {
        sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
