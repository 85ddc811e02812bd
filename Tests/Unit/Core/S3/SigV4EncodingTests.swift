import AgentBackupInfrastructure
import Testing

@Suite("SigV4 percent-encoding")
struct SigV4EncodingTests {
    @Test func encodesEverythingButTheUnreservedSet() {
        #expect(SigV4Encoding.encode("AZaz09-._~") == "AZaz09-._~")
        #expect(
            SigV4Encoding.encode(" +=&?#%'()*!@$,;/:")
                == "%20%2B%3D%26%3F%23%25%27%28%29%2A%21%40%24%2C%3B%2F%3A")
        #expect(SigV4Encoding.encode("é日") == "%C3%A9%E6%97%A5")
    }

    @Test func pathSegmentsAreEncodedOnceWithSlashesKeptAndNoNormalization() {
        #expect(
            SigV4Encoding.encodePath("/bucket/a b/./c//d/../e+f%20")
                == "/bucket/a%20b/./c//d/../e%2Bf%2520")
        #expect(SigV4Encoding.encodePath("/bucket/dir/") == "/bucket/dir/")
    }

    @Test func queryIsSortedByEncodedNameThenValue() {
        let q = SigV4Encoding.canonicalQuery([
            ("prefix", "a b/"), ("list-type", "2"), ("continuation-token", "k+1"), ("delete", ""), ("b", "2"), ("b", "1"),
        ])
        #expect(q == "b=1&b=2&continuation-token=k%2B1&delete=&list-type=2&prefix=a%20b%2F")
    }

    @Test func decodeReversesEncode() {
        let key = "p/ü ñ+=&?#%'()*!@$,;~"
        #expect(SigV4Encoding.decode(SigV4Encoding.encode(key)) == key)
        #expect(SigV4Encoding.decode("%zz%4") == "%zz%4")
    }
}
