import Testing
import AgentBackupPorts

@Test func storeErrorNamesKeyAndHint() {
    let e = StoreError(.accessDenied, operation: "LIST", key: "p/", httpStatus: 403, serverCode: "AccessDenied",
                       message: "denied", hint: "check the key's bucket restriction")
    #expect(e.description == "LIST p/ failed (HTTP 403 AccessDenied): denied. check the key's bucket restriction")
}
