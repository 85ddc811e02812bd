@testable import AgentBackupDomain

/// A path written in a test, unchecked like a name read from a manifest (`validate()` checks it).
func path(_ string: String) -> VirtualPath {
    VirtualPath(unchecked: string)
}

/// A manifest's file table written with string keys in a test.
func keyed(_ files: [String: ManifestEntry]) -> [VirtualPath: ManifestEntry] {
    Dictionary(uniqueKeysWithValues: files.map { (VirtualPath(unchecked: $0.key), $0.value) })
}
