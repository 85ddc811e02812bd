import AgentBackupTestSupport
import Testing

@Suite struct S3TestEnvironmentTests {
    @Test func missingVariablesNameScriptsTest() {
        let error = #expect(throws: TestEnvironmentMissing.self) {
            try S3TestEnvironment.require(["S3_ENDPOINT": "http://127.0.0.1:1", "S3_BUCKET": ""])
        }
        #expect(error?.variables == ["S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_BUCKET"])
        let text = error?.description ?? ""
        #expect(text.contains("scripts/test"))
        #expect(text.contains("scripts/s3-test-server start"))
    }

    @Test func readsEveryVariable() throws {
        let env = try S3TestEnvironment.require([
            "S3_ENDPOINT": "http://127.0.0.1:8333", "S3_ACCESS_KEY_ID": "AK", "S3_SECRET_ACCESS_KEY": "SK",
            "S3_BUCKET": "b", "AGENT_BACKUP_TEST_PYTHON": "/py",
        ])
        #expect(env.region == "us-east-1")
        #expect(env.bucketURL == "http://127.0.0.1:8333/b")
        #expect(try env.requirePython() == "/py")
        let error = #expect(throws: TestEnvironmentMissing.self) { try env.requireBinary() }
        #expect(error?.description.contains("AGENT_BACKUP_BINARY") == true)
    }

    @Test func uniquePrefixesDifferAndAreSafe() {
        let a = S3TestEnvironment.uniquePrefix("Push Restore/ü")
        let b = S3TestEnvironment.uniquePrefix("Push Restore/ü")
        #expect(a != b)
        #expect(a.hasPrefix("test-push-restore--"))
        #expect(a.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
    }
}
