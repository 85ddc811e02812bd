/// Manifests written by the reference engine 0.3.0, copied byte for byte from
/// Tests/Fixtures/data/bucket (the Domain test target cannot use the Fixtures bundle).
enum ReferenceManifests {
    /// cache/after-push1.manifest.json: 12 files, unicode and RFC 3986 sub-delimiter names.
    static let afterPush1 = #"""
{
  "version": 1,
  "timestamp": "2026-11-25T12:57:24.347Z",
  "files": {
    "config/My Notes ü 日本.md": {
      "hash": "0deb9686245cb7974d346434cc1e48b4115a8dbe66dc2c648d0ebcc4170f843f",
      "size": 85
    },
    "config/notes/Draft (v2) it's *final*! a+b=c&d.md": {
      "hash": "1da87fd81f25f252b3d860a564f0a8b3ee9a6f13df4afe268766d4f90a258510",
      "size": 62
    },
    "config/profiles/default.yaml": {
      "hash": "5e6370ac67ff99aad0115c1fb6cee0ed91c9d6590abe6d7140aed224f0029e9e",
      "size": 59
    },
    "config/profiles/nested/deep/level3.toml": {
      "hash": "18417d0e22b58a0a83ca493828efee21586008ea055ee661780e96d97a1586eb",
      "size": 49
    },
    "config/settings.json": {
      "hash": "506d0a65f1c1fcf8f6be8dcaf0dddd7d630173434bfa82c224690e7903e40142",
      "size": 112
    },
    "data/blobs/random.bin": {
      "hash": "c3faf5d5181342ee497f548e75c24b0b9dcd948d9fb2194946f54655411491a7",
      "size": 65536
    },
    "data/empty.txt": {
      "hash": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "size": 0
    },
    "data/memory.db": {
      "hash": "779b67a0872f3d3bd704812c6b0ecc9e3f6f2c3f3e613b660c8af1befcd3026f",
      "size": 8192
    },
    "data/notes/ümlaut ünïcödé 📝.txt": {
      "hash": "65792cfe0efb468862efd16f0403404044224a87e2a1e32ae8600174704676b5",
      "size": 39
    },
    "data/sessions/2026-01-01/session-1.jsonl": {
      "hash": "60d9bd4d75e32aefd1c7df9fde18259de4e5c90dfb254583798b5d21404a5f99",
      "size": 990
    },
    "data/sessions/2026-01-01/session-2.jsonl": {
      "hash": "974d2b96fcfba190751fd46f4ea2c49dcfed345bfe377ac4b75823a60ab82e5e",
      "size": 420
    },
    "data/sessions/2026-01-02/session-3.jsonl": {
      "hash": "638b0743b7bd76416e07bab40fe70c86419b9a5ce205031f029f37f097cd52ba",
      "size": 330
    }
  }
}
"""#

    /// manifests/agent-backup-fixture-plain__2026-11-25T12-57-28-102Z.json (unencrypted prefix).
    static let plain = #"""
{
  "version": 1,
  "timestamp": "2026-11-25T12:57:28.102Z",
  "files": {
    "config/My Notes ü 日本.md": {
      "hash": "0deb9686245cb7974d346434cc1e48b4115a8dbe66dc2c648d0ebcc4170f843f",
      "size": 85
    },
    "config/notes/Draft (v2) it's *final*! a+b=c&d.md": {
      "hash": "1da87fd81f25f252b3d860a564f0a8b3ee9a6f13df4afe268766d4f90a258510",
      "size": 62
    },
    "config/profiles/default.yaml": {
      "hash": "5e6370ac67ff99aad0115c1fb6cee0ed91c9d6590abe6d7140aed224f0029e9e",
      "size": 59
    },
    "config/settings.json": {
      "hash": "e6a8f9b96a96779e1fcd36766ee74ce36ab9a6d070910f8b096dd9b2185215f7",
      "size": 112
    },
    "data/blobs/random.bin": {
      "hash": "c3faf5d5181342ee497f548e75c24b0b9dcd948d9fb2194946f54655411491a7",
      "size": 65536
    },
    "data/empty.txt": {
      "hash": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "size": 0
    },
    "data/memory.db": {
      "hash": "779b67a0872f3d3bd704812c6b0ecc9e3f6f2c3f3e613b660c8af1befcd3026f",
      "size": 8192
    },
    "data/notes/ümlaut ünïcödé 📝.txt": {
      "hash": "65792cfe0efb468862efd16f0403404044224a87e2a1e32ae8600174704676b5",
      "size": 39
    },
    "data/sessions/2026-01-01/session-1.jsonl": {
      "hash": "60d9bd4d75e32aefd1c7df9fde18259de4e5c90dfb254583798b5d21404a5f99",
      "size": 990
    },
    "data/sessions/2026-01-01/session-2.jsonl": {
      "hash": "c2999d14c52a87749beba59c9780233aea6acba7717fdc572d091a03b3ade7f1",
      "size": 463
    }
  }
}
"""#
}
