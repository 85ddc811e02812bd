import AgentBackupPorts

/// Checks of listing, pagination and deletion.
extension ConformanceContext {
    func listPrefix() async throws {
        // Byte order differs from path order ('-' < '/' < '0') and from locale order ('B' < 'a' < 'é').
        // No key is also a folder of another key ("a" with "a/b"): path-based stores cannot hold both.
        let names = ["a-b", "a/b", "a/c/d", "a0", "B", "é", "z~", "ab", "abc/x"]
        let keys = names.map { base + "p/" + $0 } + [base + "q/outside", base + "p0"]
        try await putAll(keys)
        let expected = Self.byteSorted(names.map { base + "p/" + $0 })
        let listing = try await store.list(prefix: base + "p/", delimiter: nil, continuationToken: nil, startAfter: nil, maxKeys: nil)
        let listed = listing.objects.map(\.key)
        try expectKeys(options.byteOrderedListing ? listed : Self.byteSorted(listed), expected, "listing of \(base)p/ in UTF-8 byte order")
        try expect(listing.commonPrefixes.isEmpty, "no common prefixes without a delimiter, got \(listing.commonPrefixes)")
        try expect(listing.nextContinuationToken == nil, "one page only, got a continuation token")
        for object in listing.objects {
            try expectEqual(object.size, Int64(Self.content(for: object.key).count), "size of \(object.key) in the listing")
        }
        // A prefix ending mid-segment matches keys and folders that start with it.
        try expectKeys(
            try await allKeys(base + "p/ab"), [base + "p/ab", base + "p/abc/x"], "listing with a prefix ending mid-segment")
        try expectKeys(try await allKeys(base + "p/nothing"), [], "listing of a prefix nothing has")
        try expectKeys(try await allKeys(base + "p"), Self.byteSorted(keys.filter { $0.utf8.starts(with: (base + "p").utf8) }), "listing of \(base)p")
    }

    func delimiterListing() async throws {
        let keys = [
            "top.txt", "a/1", "a/2", "a/deep/3", "b/1", "b-sibling", "c/d/e", "z.json",
        ].map { base + "d/" + $0 }
        try await putAll(keys)
        let listing = try await store.listAll(prefix: base + "d/", delimiter: "/")
        try expectKeys(
            listing.commonPrefixes, ["a/", "b/", "c/"].map { base + "d/" + $0 }, "common prefixes at \(base)d/")
        try expectKeys(
            listing.objects.map(\.key), ["b-sibling", "top.txt", "z.json"].map { base + "d/" + $0 }, "objects at \(base)d/")
        let nested = try await store.listAll(prefix: base + "d/a/", delimiter: "/")
        try expectKeys(nested.commonPrefixes, [base + "d/a/deep/"], "common prefixes at \(base)d/a/")
        try expectKeys(nested.objects.map(\.key), [base + "d/a/1", base + "d/a/2"], "objects at \(base)d/a/")
        // Without a trailing slash the prefix itself rolls up.
        let bare = try await store.listAll(prefix: base + "d", delimiter: "/")
        try expectKeys(bare.commonPrefixes, [base + "d/"], "common prefixes of \(base)d (no slash)")
        try expectKeys(bare.objects.map(\.key), [], "objects of \(base)d (no slash)")

        // Pages that mix folders and objects: small maxKeys, no repeats, nothing lost.
        let folders = (0..<12).flatMap { i in ["f\(i < 10 ? "0" : "")\(i)/x", "f\(i < 10 ? "0" : "")\(i)/y"] }
        try await putAll(folders.map { base + "m/" + $0 } + (0..<5).map { base + "m/o\($0)" })
        var prefixes: [String] = []
        var objects: [String] = []
        var token: String? = nil
        var pages = 0
        repeat {
            let page = try await store.list(prefix: base + "m/", delimiter: "/", continuationToken: token, startAfter: nil, maxKeys: 5)
            try expect(page.objects.count + page.commonPrefixes.count <= 5, "a page of maxKeys 5 held \(page.objects.count + page.commonPrefixes.count) entries")
            prefixes += page.commonPrefixes
            objects += page.objects.map(\.key)
            token = page.nextContinuationToken
            pages += 1
            try expect(pages <= 10, "paging \(base)m/ by 5 does not end (17 entries)")
        } while token != nil
        try expectKeys(prefixes, (0..<12).map { base + "m/f\($0 < 10 ? "0" : "")\($0)/" }, "common prefixes paged by 5")
        try expectKeys(objects, (0..<5).map { base + "m/o\($0)" }, "objects paged by 5")
    }

    func pagination() async throws {
        let count = options.paginationKeyCount
        let width = String(count).count
        let keys = (0..<count).map { i in
            let digits = String(i)
            return base + "k" + String(repeating: "0", count: width - digits.count) + digits
        }
        try await putAll(keys + [base + "zz-outside/x"])
        let prefix = base + "k"

        // Default page size: 1,000 (AWS and B2 cap it there).
        var pageSizes: [Int] = []
        var listed: [String] = []
        var token: String? = nil
        repeat {
            let page = try await store.list(prefix: prefix, delimiter: nil, continuationToken: token, startAfter: nil, maxKeys: nil)
            pageSizes.append(page.objects.count)
            listed += page.objects.map(\.key)
            token = page.nextContinuationToken
            try expect(pageSizes.count <= count / 1000 + 2, "paging \(count) keys does not end")
        } while token != nil
        let fullPages = Array(repeating: 1000, count: count / 1000) + (count % 1000 == 0 ? [] : [count % 1000])
        try expectEqual(pageSizes, fullPages, "page sizes with the default maxKeys")
        try expectKeys(listed, keys, "every key once, in order, across pages")

        // startAfter: the listing resumes after a given key (which need not exist).
        let middle = count / 2
        let after = try await store.list(prefix: prefix, delimiter: nil, continuationToken: nil, startAfter: keys[middle], maxKeys: 10)
        try expectKeys(after.objects.map(\.key), Array(keys[(middle + 1)...].prefix(10)), "10 keys after \(keys[middle])")
        try expect(after.nextContinuationToken != nil, "a continuation token when more keys follow")
        let afterGap = try await store.list(
            prefix: prefix, delimiter: nil, continuationToken: nil, startAfter: keys[middle] + "!", maxKeys: 1)
        try expectKeys(afterGap.objects.map(\.key), [keys[middle + 1]], "startAfter a key that does not exist")

        // A smaller maxKeys pages the same keys.
        var small: [String] = []
        token = nil
        repeat {
            let page = try await store.list(prefix: prefix, delimiter: nil, continuationToken: token, startAfter: nil, maxKeys: 400)
            try expect(page.objects.count <= 400, "a page of maxKeys 400 held \(page.objects.count)")
            small += page.objects.map(\.key)
            token = page.nextContinuationToken
            try expect(small.count <= count, "paging by 400 repeats keys")
        } while token != nil
        try expectKeys(small, keys, "every key once with maxKeys 400")

        // One delete of every key (more than the 1,000 one S3 request takes).
        try await store.delete(keys: keys)
        try expectKeys(try await allKeys(prefix), [], "keys left after deleting \(count) in one call")
        try expectKeys(try await allKeys(base), [base + "zz-outside/x"], "the key outside the deleted set")
    }

    func deleteMany() async throws {
        let keys = ["one", "two", "with space ü", "k+&=v", "folder/a", "folder/b", "keep"].map { base + $0 }
        try await putAll(keys)
        let doomed = Array(keys.dropLast())
        try await store.delete(keys: doomed + [base + "missing", base + "folder/missing", doomed[0]])
        try expectKeys(try await allKeys(base), [base + "keep"], "keys left after delete")
        for key in doomed {
            try expect(try await store.head(key: key) == nil, "head of deleted \(key) must be nil")
        }
        try await store.delete(keys: [])
        try await store.delete(keys: [base + "never existed"])
        try expectEqual(try await store.get(key: base + "keep", maxBytes: 1024), Self.content(for: base + "keep"), "the kept object")
        // A deleted key can be written again.
        try await store.put(key: doomed[0], body: .bytes([9]), contentType: "application/octet-stream")
        try expectEqual(try await store.get(key: doomed[0], maxBytes: 1024), [9], "a key written again after delete")
    }

    func pathLikeKeysVerbatim() async throws {
        let names = ["e/", "f//g", "/lead", "h/./i", "j/../k", ".", "..", "%", "%2E", "%25", "l/m//", "n/.."]
        let keys = names.map { base + $0 }
        try await putAll(keys)
        for key in keys {
            try expectEqual(try await store.get(key: key, maxBytes: 4096), Self.content(for: key), "get of \(key)")
        }
        try expectKeys(try await allKeys(base), Self.byteSorted(keys), "keys listed verbatim")
        let level = try await store.listAll(prefix: base, delimiter: "/")
        try expectKeys(level.commonPrefixes, ["/", "e/", "f/", "h/", "j/", "l/", "n/"].map { base + $0 }, "common prefixes")
        try expectKeys(
            level.objects.map(\.key), Self.byteSorted([".", "..", "%", "%25", "%2E"].map { base + $0 }), "objects at the top level")
        try expectKeys(try await store.listAll(prefix: base + "f/", delimiter: "/").commonPrefixes, [base + "f//"], "common prefix f//")
        try await store.delete(keys: keys)
        try expectKeys(try await allKeys(base), [], "keys left after deleting path-like keys")
    }

    func unicodeNormalizationDistinct() async throws {
        let composed = base + "caf\u{E9}"
        let decomposed = base + "cafe\u{301}"
        try await store.put(key: composed, body: .bytes([1]), contentType: "application/octet-stream")
        try await store.put(key: decomposed, body: .bytes([2, 2]), contentType: "application/octet-stream")
        try expectEqual(try await store.get(key: composed, maxBytes: 16), [1], "the NFC key")
        try expectEqual(try await store.get(key: decomposed, maxBytes: 16), [2, 2], "the NFD key")
        try expectKeys(try await allKeys(base), Self.byteSorted([composed, decomposed]), "both keys listed")
        try await store.delete(keys: [decomposed])
        try expectKeys(try await allKeys(base), [composed], "deleting the NFD key keeps the NFC one")
    }
}
