/// Well-formed SHA-256 hex strings for manifests built in tests.
let hashA = String(repeating: "a", count: 64)
let hashB = String(repeating: "b", count: 64)
