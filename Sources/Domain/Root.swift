/// One place on disk whose files are backed up under a label: every file gets the virtual
/// path `<label>/<path inside>`, and restore maps the label back to `path`.
public struct Root: Sendable, Hashable, Codable {
    /// Whether the root is a folder walked recursively or one single file.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A folder: its files are `<label>/<relative path>`.
        case directory
        /// One file: it is `<label>/<basename of path>`.
        case file
    }

    /// The first segment of every virtual path from this root.
    public var label: String
    /// The absolute local path of the folder or file.
    public var path: String
    /// Folder or single file.
    public var kind: Kind

    /// A root; nothing is checked here (the label is checked when virtual paths are built).
    public init(label: String, path: String, kind: Kind = .directory) {
        self.label = label
        self.path = path
        self.kind = kind
    }

    /// The last component of `path` (trailing slashes ignored): the file name a file root
    /// contributes.
    public var basename: String {
        let slash = UInt8(ascii: "/")
        var bytes = Array(path.utf8)
        while bytes.count > 1, bytes.last == slash { bytes.removeLast() }
        if bytes.count > 1, let last = bytes.lastIndex(of: slash) {
            bytes.removeSubrange(...last)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The virtual path of the file at `relative` (`/`-separated) inside a directory root, or of
    /// the single file of a file root (then `relative` is ignored and the basename is used).
    public func virtualPath(relative: String) throws -> VirtualPath {
        switch kind {
        case .directory: return try VirtualPath(label: label, relative: relative)
        case .file: return try VirtualPath(label: label, relative: basename)
        }
    }

    /// Where a file of this root lives on disk, or nil when `virtualPath` does not belong here
    /// (other label, or for a file root another name than the basename).
    public func localPath(for virtualPath: VirtualPath) -> String? {
        guard virtualPath.label.utf8.elementsEqual(label.utf8) else { return nil }
        switch kind {
        case .directory:
            return path.hasSuffix("/") ? path + virtualPath.relative : path + "/" + virtualPath.relative
        case .file:
            return virtualPath.relative.utf8.elementsEqual(basename.utf8) ? path : nil
        }
    }
}
