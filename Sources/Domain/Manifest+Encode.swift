extension Manifest {
    /// The manifest as the reference engine writes it, `JSON.stringify(m, null, 2)`: 2-space
    /// indent, no trailing newline, `"files": {}` when empty; files in `order` (UTF-8 byte order
    /// for manifests made here, the source order for manifests read back), so a decoded manifest
    /// encodes to the bytes it was read from. An `origin` is written last, after `files`;
    /// without one the bytes are exactly the reference engine's.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + files.count * 128)
        out += Array("{\n  \"version\": \(Self.version),\n  \"timestamp\": ".utf8)
        JSONStringEscaping.append(timestamp, to: &out)
        out += Array(",\n  \"files\": ".utf8)
        if files.isEmpty {
            out += Array("{}".utf8)
        } else {
            out += Array("{\n".utf8)
            for (index, path) in order.enumerated() {
                let entry = files[path]!
                out += Array("    ".utf8)
                JSONStringEscaping.append(path.string, to: &out)
                out += Array(": {\n      \"hash\": ".utf8)
                JSONStringEscaping.append(entry.hash, to: &out)
                out += Array(",\n      \"size\": \(entry.size)\n    }".utf8)
                out += Array((index == files.count - 1 ? "\n" : ",\n").utf8)
            }
            out += Array("  }".utf8)
        }
        if let origin { Self.append(origin, to: &out) }
        out += Array("\n}".utf8)
        return out
    }

    /// `,\n  "origin": {…}` in the same two-space layout.
    private static func append(_ origin: SnapshotOrigin, to out: inout [UInt8]) {
        var members: [(String, String)] = [("home", origin.home)]
        if let user = origin.user { members.append(("user", user)) }
        members.append(("os", origin.os))
        out += Array(",\n  \"origin\": {\n".utf8)
        for (index, (key, value)) in members.enumerated() {
            out += Array("    ".utf8)
            JSONStringEscaping.append(key, to: &out)
            out += Array(": ".utf8)
            JSONStringEscaping.append(value, to: &out)
            out += Array((index == members.count - 1 ? "\n" : ",\n").utf8)
        }
        out += Array("  }".utf8)
    }
}
