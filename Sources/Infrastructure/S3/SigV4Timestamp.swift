import AgentBackupDomain
import Foundation

/// The two UTC renderings of the signing time SigV4 uses: `20150830T123600Z` and `20150830`.
/// Formatted by hand: no DateFormatter (slow, and locale-sensitive).
struct SigV4Timestamp {
    let dateTime: String
    let date: String

    init(_ instant: Date) {
        let seconds = Int64(instant.timeIntervalSince1970.rounded(.down))
        let days = CivilTime.floorDivide(seconds, 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (y, m, d) = CivilTime.civil(fromDays: Int(days))
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        date = pad(y, 4) + pad(m, 2) + pad(d, 2)
        dateTime = date + "T" + pad(secondOfDay / 3600, 2) + pad(secondOfDay % 3600 / 60, 2)
            + pad(secondOfDay % 60, 2) + "Z"
    }
}
