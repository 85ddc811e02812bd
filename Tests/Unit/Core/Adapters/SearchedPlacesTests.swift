import AgentBackupPorts
import Testing
@testable import AgentBackup

/// A push that finds none of an agent's folders names every place it looked and how to point
/// the agent elsewhere: a new user's first contact with the tool.
@Suite("Where root resolution looked")
struct SearchedPlacesTests {
    func environment(_ variables: [String: String] = [:], platform: Platform = .linux) -> AdapterEnvironment {
        AdapterEnvironment(variables: variables, home: "/home/me", platform: platform, fileSystem: AdapterFakeHome())
    }

    @Test func everyCandidateIsNamedWithItsVariable() {
        let lines = Adapter.goose.searchedPlaces(in: environment())
        #expect(lines == [
            "config: $GOOSE_PATH_ROOT/config (not used: GOOSE_PATH_ROOT is not set)",
            "config: /home/me/.config/goose (folder, not found)",
            "data: $GOOSE_PATH_ROOT/data (not used: GOOSE_PATH_ROOT is not set)",
            "data: /home/me/.local/share/goose (folder, not found)",
            "state: $GOOSE_PATH_ROOT/state (not used: GOOSE_PATH_ROOT is not set)",
            "state: /home/me/.local/state/goose (folder, not found)",
        ])
        #expect(Adapter.goose.rootVariables == ["GOOSE_PATH_ROOT", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"])
    }

    @Test func aSetVariableIsExpandedAndARootItReplacesIsSaidSo() {
        let lines = Adapter.claudeCode.searchedPlaces(in: environment(["CLAUDE_CONFIG_DIR": "/data/claude"]))
        #expect(lines.first == "home: /data/claude (folder, not found)", "\(lines)")
        #expect(lines.contains("claudejson: not looked for, because CLAUDE_CONFIG_DIR is set"), "\(lines)")
    }

    @Test func discoveriesSayWhatTheyRead() {
        let lines = Adapter.aider.searchedPlaces(in: environment())
        #expect(lines.first == "discovered: the folders listed in $AIDER_PROJECTS (not set)")
        let set = Adapter.aider.searchedPlaces(in: environment(["AIDER_PROJECTS": "/src/a,/src/b"]))
        #expect(set.first == "discovered: the folders listed in $AIDER_PROJECTS (/src/a,/src/b: none exists)")
    }

    @Test func theMessageListsThePlacesAndBothWaysOut() {
        let error = NoStateFoldersError(
            agentID: "goose", hint: "run `goose` once", searched: ["config: /home/me/.config/goose (folder, not found)"],
            variables: ["GOOSE_PATH_ROOT"])
        #expect(error.description == """
            no state folders of goose were found on this machine: run `goose` once
            Looked in:
              config: /home/me/.config/goose (folder, not found)
            To back up from another place: set GOOSE_PATH_ROOT to where goose keeps its state, or describe the folders \
            in an adapter file and run `agent-backup push --adapter FILE` (`agent-backup agents --json` prints goose's \
            adapter to start from). Nothing was backed up.
            """)
    }
}
