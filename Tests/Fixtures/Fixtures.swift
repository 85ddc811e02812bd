import Foundation

/// Locates the test data bundled with the tests (copied from the reference engine's
/// fixtures and the AWS SigV4 suite), so no test depends on anything outside the repository.
public enum Fixtures {
    /// The `data` folder: `encryption/`, `bucket/`, `aws-sigv4/`.
    public static var root: URL {
        guard let url = Bundle.module.url(forResource: "data", withExtension: nil) else {
            fatalError("test fixtures missing from the bundle: Tests/Fixtures/data")
        }
        return url
    }

    /// A file or folder under the fixture root, e.g. `url("encryption/hello.b2en")`.
    public static func url(_ relative: String) -> URL {
        root.appendingPathComponent(relative)
    }

    /// The bytes of a fixture file.
    public static func bytes(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(relative)))
    }
}
