extension Manifest {
    /// The manifest as the reference engine writes it, `JSON.stringify(m, null, 2)`: 2-space
    /// indent, no trailing newline, `"files": {}` when empty; files in `order` (UTF-8 byte order
    /// for manifests made here, the source order for manifests read back), so a decoded manifest
    /// encodes to the bytes it was read from.
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
        out += Array("\n}".utf8)
        return out
    }
}
