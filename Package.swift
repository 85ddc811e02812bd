// swift-tools-version: 6.2
import PackageDescription

/// Every target of ours treats warnings as errors: a warning is a bug we have not fixed yet.
let strict: [SwiftSetting] = [
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "agent-backup",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "AgentBackup", targets: ["AgentBackup"]),
        .executable(name: "agent-backup", targets: ["agent-backup"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // System libraries: OpenSSL 3 libcrypto, SQLite 3 and zstd from the distribution.
        .systemLibrary(
            name: "CAgentBackupOpenSSL",
            path: "Sources/CAgentBackupOpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        .systemLibrary(
            name: "CAgentBackupSQLite",
            path: "Sources/CAgentBackupSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .systemLibrary(
            name: "CAgentBackupZstd",
            path: "Sources/CAgentBackupZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"]), .brew(["zstd"])]
        ),
        // glibc's <malloc.h>, for the executable's allocator tuning (Sources/CLI/main.swift).
        .systemLibrary(name: "CAgentBackupMalloc", path: "Sources/CAgentBackupMalloc"),

        // The version: a semver constant and the git commit, stamped at build time by a plugin.
        .plugin(
            name: "VersionStamp",
            capability: .buildTool(),
            path: "Plugins/VersionStamp"
        ),
        .target(
            name: "AgentBackupVersion",
            path: "Sources/Version",
            swiftSettings: strict,
            plugins: ["VersionStamp"]
        ),

        // The hexagon, inside out.
        .target(
            name: "AgentBackupDomain",
            path: "Sources/Domain",
            swiftSettings: strict
        ),
        .target(
            name: "AgentBackupPorts",
            dependencies: ["AgentBackupDomain"],
            path: "Sources/Ports",
            swiftSettings: strict
        ),
        .target(
            name: "AgentBackupInfrastructure",
            dependencies: [
                "AgentBackupDomain",
                "AgentBackupPorts",
                "AgentBackupVersion",
                "CAgentBackupOpenSSL",
                "CAgentBackupSQLite",
                "CAgentBackupZstd",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Infrastructure",
            swiftSettings: strict
        ),
        // The application ring, one target per concern, inner to outer.
        .target(
            name: "AgentBackupRedaction",
            dependencies: ["AgentBackupDomain", "AgentBackupPorts"],
            path: "Sources/App/Redaction",
            swiftSettings: strict
        ),
        .target(
            name: "AgentBackupAdapters",
            dependencies: ["AgentBackupDomain", "AgentBackupPorts", "AgentBackupRedaction"],
            path: "Sources/App/Adapters",
            swiftSettings: strict
        ),
        .target(
            name: "AgentBackupConfig",
            dependencies: ["AgentBackupDomain", "AgentBackupPorts"],
            path: "Sources/App/Config",
            swiftSettings: strict
        ),
        .target(
            name: "AgentBackupEngine",
            dependencies: [
                "AgentBackupDomain",
                "AgentBackupPorts",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/App/Engine",
            swiftSettings: strict
        ),
        .target(
            name: "AgentBackupRunner",
            dependencies: [
                "AgentBackupDomain",
                "AgentBackupPorts",
                "AgentBackupEngine",
                "AgentBackupRedaction",
                "AgentBackupAdapters",
                "AgentBackupConfig",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/App",
            sources: ["Runner", "Stores"],
            swiftSettings: strict
        ),
        // The command line and the one composition root (the only target that sees every other).
        .target(
            name: "AgentBackup",
            dependencies: [
                "AgentBackupDomain",
                "AgentBackupPorts",
                "AgentBackupInfrastructure",
                "AgentBackupRedaction",
                "AgentBackupAdapters",
                "AgentBackupConfig",
                "AgentBackupEngine",
                "AgentBackupRunner",
                "AgentBackupVersion",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/App/CLI",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "agent-backup",
            dependencies: ["AgentBackup", "CAgentBackupMalloc"],
            path: "Sources/CLI",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "agent-backup-bench",
            dependencies: ["AgentBackup", "AgentBackupInfrastructure", "AgentBackupPorts", "AgentBackupDomain"],
            path: "Sources/Bench",
            swiftSettings: strict
        ),

        // Tests.
        .target(
            name: "AgentBackupFixtures",
            path: "Tests/Fixtures",
            resources: [.copy("data")],
            swiftSettings: strict
        ),
        .target(
            name: "AgentBackupTestSupport",
            dependencies: [
                "AgentBackupDomain",
                "AgentBackupPorts",
                "AgentBackupInfrastructure",
                "AgentBackupEngine",
                "AgentBackupFixtures",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/Support",
            swiftSettings: strict
        ),
        .testTarget(
            name: "AgentBackupDomainTests",
            dependencies: ["AgentBackupDomain"],
            path: "Tests/Unit/Domain",
            swiftSettings: strict
        ),
        .testTarget(
            name: "AgentBackupUnitTests",
            dependencies: [
                "AgentBackupDomain",
                "AgentBackupPorts",
                "AgentBackupInfrastructure",
                "AgentBackupRedaction",
                "AgentBackupAdapters",
                "AgentBackupConfig",
                "AgentBackupEngine",
                "AgentBackupRunner",
                "AgentBackup",
                "AgentBackupVersion",
                "AgentBackupTestSupport",
                "AgentBackupFixtures",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/Unit/Core",
            swiftSettings: strict
        ),
        .testTarget(
            name: "AgentBackupIntegrationTests",
            dependencies: [
                "AgentBackupDomain",
                "AgentBackupPorts",
                "AgentBackupInfrastructure",
                "AgentBackup",
                "AgentBackupVersion",
                "AgentBackupTestSupport",
                "AgentBackupFixtures",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/Integration",
            swiftSettings: strict
        ),
    ]
)
