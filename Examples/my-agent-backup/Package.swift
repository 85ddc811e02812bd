// swift-tools-version: 6.2
// A per-agent backup tool in Swift: an adapter value and a one-line main.
import PackageDescription

let package = Package(
    name: "my-agent-backup",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "agent-backup", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "my-agent-b2-backup",
            dependencies: [.product(name: "AgentBackup", package: "agent-backup")]
        ),
    ]
)
