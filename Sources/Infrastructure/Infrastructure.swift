/// Real adapters behind the ports: S3/B2 and local stores, OpenSSL, SQLite, POSIX files and locks.
public enum AgentBackupInfrastructure {}
