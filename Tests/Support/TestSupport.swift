/// Fakes shared by every test: in-memory store with fault injection, fake clock, temp folders.
public enum AgentBackupTestSupport {}
