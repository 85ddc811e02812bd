/// One field of a 5-field cron expression, parsed into the set of values it allows.
///
/// Syntax (Vixie cron): `*`, `n`, `a-b`, each optionally `/step` (`*/15`, `1-30/5`, `5/10`
/// meaning `5-max/10`), comma-separated lists, and for months and weekdays three-letter names
/// (`JAN`, `mon`, any case).
struct CronField: Sendable, Equatable {
    /// What the field means, its range and names.
    struct Kind: Sendable, Equatable {
        let name: String
        let range: ClosedRange<Int>
        let names: [String]
        let nameBase: Int

        static let minute = Kind(name: "minute", range: 0...59, names: [], nameBase: 0)
        static let hour = Kind(name: "hour", range: 0...23, names: [], nameBase: 0)
        static let dayOfMonth = Kind(name: "day-of-month", range: 1...31, names: [], nameBase: 1)
        static let month = Kind(name: "month", range: 1...12,
                                names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], nameBase: 1)
        /// 0 and 7 are both Sunday.
        static let dayOfWeek = Kind(name: "day-of-week", range: 0...7,
                                    names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"], nameBase: 0)
    }

    /// Bit `n` is set when value `n` is allowed (day-of-week 7 is folded into 0).
    let mask: UInt64
    /// True when the field's text starts with `*`: cron's "unrestricted" flag, which decides
    /// how day-of-month and day-of-week combine and whether a job is a wildcard job for DST.
    let isStar: Bool

    func contains(_ value: Int) -> Bool {
        mask & (1 << UInt64(value)) != 0
    }

    /// The allowed values in ascending order.
    var values: [Int] {
        (0..<64).filter { contains($0) }
    }

    init(_ text: String, kind: Kind) throws {
        isStar = text.hasPrefix("*")
        var mask: UInt64 = 0
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            mask |= try Self.parseItem(String(item), kind: kind, whole: text)
        }
        if kind == .dayOfWeek, mask & (1 << 7) != 0 {
            mask = (mask & ~(1 << 7)) | 1
        }
        self.mask = mask
    }

    private static func parseItem(_ item: String, kind: Kind, whole: String) throws -> UInt64 {
        func refuse(_ why: String) -> DomainError {
            DomainError(.invalidSchedule, "\(kind.name) \(why)")
        }
        if item.isEmpty { throw refuse("\(VirtualPath.quote(whole)) has an empty list item") }
        let parts = item.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw refuse("\(VirtualPath.quote(item)) has more than one '/'") }
        var step = 1
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), parts[1].allSatisfy(\.isASCII) else {
                throw refuse("step \(VirtualPath.quote(String(parts[1]))) is not a number")
            }
            guard parsed >= 1 else { throw refuse("step \(parsed) must be at least 1") }
            step = parsed
        }
        let body = parts[0]
        let low: Int
        let high: Int
        if body == "*" {
            low = kind.range.lowerBound
            high = kind.range.upperBound
        } else {
            let bounds = body.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count <= 2 else { throw refuse("\(VirtualPath.quote(String(body))) is not a value or a range a-b") }
            low = try value(String(bounds[0]), kind: kind)
            if bounds.count == 2 {
                high = try value(String(bounds[1]), kind: kind)
                guard low <= high else {
                    throw refuse("range \(bounds[0])-\(bounds[1]) runs backwards: write the smaller value first")
                }
            } else {
                // `5/10` means from 5 to the end of the range, every 10.
                high = parts.count == 2 ? kind.range.upperBound : low
            }
        }
        var mask: UInt64 = 0
        for value in stride(from: low, through: high, by: step) {
            mask |= 1 << UInt64(value)
        }
        return mask
    }

    private static func value(_ text: String, kind: Kind) throws -> Int {
        if let index = kind.names.firstIndex(of: text.lowercased()) {
            return index + kind.nameBase
        }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            let hint = kind.names.isEmpty ? "" : " or a name (\(kind.names.first!.uppercased())…\(kind.names.last!.uppercased()))"
            throw DomainError(.invalidSchedule, "\(kind.name) \(VirtualPath.quote(text)) is not a number\(hint)")
        }
        guard text.utf8.count <= 4, let number = Int(text), kind.range.contains(number) else {
            throw DomainError(.invalidSchedule, "\(kind.name) \(text) out of range \(kind.range.lowerBound)-\(kind.range.upperBound)")
        }
        return number
    }
}
