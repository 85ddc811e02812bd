extension Manifest {
    /// Reads a manifest written by this tool or by the reference engine.
    ///
    /// Throws `.unsupportedManifestVersion` for a version other than 1 (the message says to
    /// upgrade agent-backup), `.invalidManifest` naming the field for malformed JSON, a missing
    /// or mistyped field, a duplicate key, a negative or fractional size, sizes whose total
    /// exceeds `Int64.max`, or a hash that is not 64 lowercase hex digits. Two names that
    /// differ in bytes are two files, even when Unicode calls them equal (NFC and NFD twins).
    public static func decode(_ bytes: [UInt8]) throws -> Manifest {
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes).value
        } catch {
            throw DomainError(.invalidManifest, "Manifest is not valid JSON (\(error.reason) at byte \(error.offset)): the object is corrupt or not a manifest; restore another snapshot.")
        }
        guard case .object(let members) = root else {
            throw invalid("the document", "must be an object, found \(root.kindName)")
        }
        let top = try uniqueMembers(members, at: "the top level")

        guard let versionValue = top["version"] else { throw invalid("version", "is missing") }
        guard case .number(let versionText) = versionValue else {
            throw invalid("version", "must be a number, found \(versionValue.kindName)")
        }
        guard versionText == "1" else {
            throw DomainError(.unsupportedManifestVersion, "Manifest version \(versionText) is not supported (this agent-backup reads version \(version)): upgrade agent-backup to restore this snapshot.")
        }

        guard let timestampValue = top["timestamp"] else { throw invalid("timestamp", "is missing") }
        guard case .string(let timestamp) = timestampValue else {
            throw invalid("timestamp", "must be a string, found \(timestampValue.kindName)")
        }

        guard let filesValue = top["files"] else { throw invalid("files", "is missing") }
        guard case .object(let fileMembers) = filesValue else {
            throw invalid("files", "must be an object, found \(filesValue.kindName)")
        }
        var files: [VirtualPath: ManifestEntry] = [:]
        files.reserveCapacity(fileMembers.count)
        var order: [VirtualPath] = []
        order.reserveCapacity(fileMembers.count)
        var totalSize: Int64 = 0
        for member in fileMembers {
            let (path, value) = (VirtualPath(unchecked: member.key), member.value.value)
            // Quoted only for a message (quoting every name of a large manifest is costly).
            var field: String { "files[\(VirtualPath.quote(member.key))]" }
            if files[path] != nil { throw invalid(field, "appears twice") }
            let parsed = try entry(value, field: field)
            // Every sum of sizes (totalSize, restore and verify totals) must fit in an Int64.
            let (sum, overflow) = totalSize.addingReportingOverflow(parsed.size)
            guard !overflow else {
                throw invalid(field + ".size", "makes the snapshot's total size exceed \(Int64.max) bytes, found \(parsed.size)")
            }
            totalSize = sum
            files[path] = parsed
            order.append(path)
        }
        return Manifest(timestamp: timestamp, files: files, order: order, origin: origin(top["origin"]))
    }

    /// Our `origin` extension: an object whose `home` and `os` are strings (`user` optional).
    /// Anything else there is ignored rather than refused: the field is ours alone, and a shape
    /// this version does not know (a later version's, another tool's) must not make the files
    /// of the snapshot unrestorable; it only means `--map-home` has no home to start from.
    private static func origin(_ value: JSONValue?) -> SnapshotOrigin? {
        guard let fields = value?.membersByKey else { return nil }
        func text(_ name: String) -> String? {
            guard case .string(let text)? = fields[name]?.value else { return nil }
            return text
        }
        guard let home = text("home"), let os = text("os") else { return nil }
        return SnapshotOrigin(home: home, user: text("user"), os: os)
    }

    private static func entry(_ value: JSONValue, field quoted: @autoclosure () -> String) throws -> ManifestEntry {
        var field: String { quoted() }
        guard case .object(let members) = value else {
            throw invalid(field, "must be an object, found \(value.kindName)")
        }
        try requireUniqueKeys(members, at: field)
        func member(_ key: String) -> JSONValue? { members.first { $0.key == key }?.value.value }
        guard let hashValue = member("hash") else { throw invalid(field + ".hash", "is missing") }
        guard case .string(let hash) = hashValue else {
            throw invalid(field + ".hash", "must be a string, found \(hashValue.kindName)")
        }
        guard ManifestEntry.isValidHash(hash) else {
            throw invalid(field + ".hash", "must be 64 lowercase hex digits (a SHA-256), found \(VirtualPath.quote(hash))")
        }
        guard let sizeValue = member("size") else { throw invalid(field + ".size", "is missing") }
        guard case .number(let sizeText) = sizeValue else {
            throw invalid(field + ".size", "must be a number, found \(sizeValue.kindName)")
        }
        if sizeText.hasPrefix("-") {
            throw invalid(field + ".size", "must not be negative, found \(sizeText)")
        }
        guard let size = Int64(sizeText) else {
            throw invalid(field + ".size", "must be a whole number of bytes, found \(sizeText)")
        }
        return ManifestEntry(hash: hash, size: size)
    }

    /// `uniqueMembers`' check for the small object of each file (two members): comparing the
    /// keys pairwise costs no dictionary, of which a manifest of 5,000 files built 5,000 on
    /// every push (a tenth of a no-change push's time).
    private static func requireUniqueKeys(_ members: [JSONMember], at place: @autoclosure () -> String) throws {
        guard members.count <= 8 else {
            _ = try uniqueMembers(members, at: place())
            return
        }
        for (index, member) in members.enumerated() where members[..<index].contains(where: { $0.key == member.key }) {
            let place = place()
            throw invalid("\(place == "the top level" ? "" : place + ".")\(member.key)", "appears twice")
        }
    }

    /// The members of an object by key; a key given twice is refused (JSON.parse would keep
    /// the last silently, and a manifest must say one thing).
    private static func uniqueMembers(_ members: [JSONMember], at place: @autoclosure () -> String) throws -> [String: JSONValue] {  // not a path key: field names, not paths
        var result: [String: JSONValue] = [:]  // not a path key: field names, not paths
        for member in members {
            let (key, value) = (member.key, member.value.value)
            if result.updateValue(value, forKey: key) != nil {
                let place = place()
                throw invalid("\(place == "the top level" ? "" : place + ".")\(key)", "appears twice")
            }
        }
        return result
    }

    private static func invalid(_ field: String, _ problem: String) -> DomainError {
        DomainError(.invalidManifest, "Manifest field \(field) \(problem): the manifest is corrupt or was not written by agent-backup; restore another snapshot.")
    }
}
