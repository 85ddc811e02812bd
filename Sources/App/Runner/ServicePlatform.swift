/// The service manager `install` writes for: systemd (Linux) or launchd (macOS).
public enum ServicePlatform: String, Sendable, Equatable, CaseIterable {
    case linux
    case macos

    /// The platform this binary was built for.
    public static var host: ServicePlatform {
        #if os(macOS)
        return .macos
        #else
        return .linux
        #endif
    }
}
