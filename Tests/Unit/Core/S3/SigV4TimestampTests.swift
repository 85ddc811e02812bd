@testable import AgentBackupInfrastructure
import Foundation
import Testing

/// The signer's timestamps come from the domain's calendar arithmetic (CivilTime).
@Suite struct SigV4TimestampTests {
    @Test(arguments: [
        (1_440_938_160.0, "20150830T123600Z"),
        (951_782_400.5, "20000229T000000Z"),
        (-1.0, "19691231T235959Z"),
        (4_107_542_399.0, "21000228T235959Z"),
    ])
    func rendersUTC(_ seconds: Double, _ expected: String) {
        let stamp = SigV4Timestamp(Date(timeIntervalSince1970: seconds))
        #expect(stamp.dateTime == expected)
        #expect(stamp.date == String(expected.prefix(8)))
    }
}
