/// Where a snapshot was taken: the home folder, user and operating system of the machine that
/// pushed it. A restore onto another machine needs it to map the old home to the new one
/// (`restore --map-home`); nothing else reads it.
///
/// It travels as an extra top-level member `origin` of `manifest.json`. The reference engine
/// reads only `version`, `timestamp` and `files` (with `JSON.parse`, which keeps unknown members
/// silently), so its restores are unaffected; its own pushes simply do not record one. A manifest
/// without `origin` is encoded byte for byte as before.
public struct SnapshotOrigin: Sendable, Equatable, Codable {
    /// The absolute home folder (`$HOME`) of the pushing user, e.g. `/home/alice`.
    public var home: String
    /// The user name (`$USER`), when known.
    public var user: String?
    /// The operating system (`linux`, `macos`), as `Platform` names it.
    public var os: String

    /// An origin; nothing is checked (the manifest decoder checks types).
    public init(home: String, user: String?, os: String) {
        self.home = home
        self.user = user
        self.os = os
    }
}
