/// The operating system whose conventions decide where an agent keeps its state: VS Code-family
/// editors and a few CLIs use `~/Library/Application Support` on macOS and XDG folders on Linux.
public enum Platform: String, Sendable, Codable, CaseIterable, Equatable {
    case linux
    case macOS = "macos"

    /// The platform this binary runs on (anything that is not macOS follows Linux conventions).
    public static var current: Platform {
        #if os(macOS)
        return .macOS
        #else
        return .linux
        #endif
    }
}
