/// What `restore --map` did to names and contents (part of the `restore --json` document).
public struct PathMappingSummary: Sendable, Codable, Equatable {
    /// A renamed file or folder.
    public struct Rename: Sendable, Codable, Equatable {
        /// Its virtual path in the snapshot.
        public var from: String
        /// Its virtual path as restored.
        public var to: String
        /// Files under it.
        public var files: Int
        /// True when a file of the snapshot named the full path; false for a rename of the
        /// encoded prefix alone.
        public var exact: Bool
    }

    /// A file whose contents hold paths.
    public struct Rewrite: Sendable, Codable, Equatable {
        /// Its virtual path as restored.
        public var path: String
        /// Values (and member names) rewritten.
        public var values: Int
        /// Values naming a mapped path in a spelling not rewritten (escapes, block scalars).
        public var leftAlone: Int
        /// JSON Lines lines that were not JSON (or too long) and were copied unread.
        public var unreadLines: Int
        /// Set when the file could not be read in its format: restored as it was.
        public var unreadable: String?
    }

    /// An encoded name that could not be mapped.
    public struct Unmapped: Sendable, Codable, Equatable {
        public var path: String
        public var reason: String
    }

    /// The mappings applied, `FROM=TO`, longest FROM first.
    public var mappings: [String]
    /// Every renamed entry.
    public var renames: [Rename]
    /// Every file with paths in it that was (or, in a dry run, would be) restored, with counts.
    public var rewrites: [Rewrite] = []
    /// Names left as they were.
    public var unmapped: [Unmapped]
}
