/// How far back `keep within` reaches, in restic's notation: whole numbers with the units
/// `y` (years), `m` (months), `w` (weeks), `d` (days) and `h` (hours), largest first, e.g. `48h`,
/// `7d`, `1y2m3d4h`. Years and months are calendar steps (the same day and time N months
/// earlier, clamped to the month's end), measured in UTC so a DST change moves nothing.
public struct RetentionDuration: Sendable, Equatable, CustomStringConvertible {
    public var years: Int
    public var months: Int
    public var days: Int
    public var hours: Int

    public init(years: Int = 0, months: Int = 0, days: Int = 0, hours: Int = 0) {
        (self.years, self.months, self.days, self.hours) = (years, months, days, hours)
    }

    /// Parses `1y2m3d4h`-style text; throws `.invalidRetention` naming the text and the form.
    public init(parsing text: String) throws {
        let form = "expected whole numbers with units y, m (months), w, d, h, largest first, e.g. \"48h\", \"7d\" or \"1y6m\""
        guard !text.isEmpty else { throw DomainError(.invalidRetention, "keep within is empty: \(form).") }
        var digits = ""
        var lastRank = Int.max
        self.init()
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                digits.append(Character(String(digit)))
                guard digits.count <= 6 else {
                    throw DomainError(.invalidRetention, "keep within \"\(text)\" has a number that is too large: \(form).")
                }
                continue
            }
            let ranks: [Character: Int] = ["y": 4, "m": 3, "w": 2, "d": 1, "h": 0]
            guard let rank = ranks[character], let value = Int(digits) else {
                throw DomainError(.invalidRetention, "keep within \"\(text)\" is not a duration: \(form).")
            }
            guard rank < lastRank else {
                throw DomainError(.invalidRetention, "keep within \"\(text)\" repeats a unit or puts a smaller one first: \(form).")
            }
            lastRank = rank
            digits = ""
            switch character {
            case "y": years = value
            case "m": months = value
            case "w": days += 7 * value
            case "d": days += value
            default: hours = value
            }
        }
        guard digits.isEmpty else {
            throw DomainError(.invalidRetention, "keep within \"\(text)\" ends with a number without a unit: \(form).")
        }
    }

    /// The canonical text (`1y2m10d4h`; weeks are shown as days), `0h` for nothing.
    public var description: String {
        var out = ""
        if years > 0 { out += "\(years)y" }
        if months > 0 { out += "\(months)m" }
        if days > 0 { out += "\(days)d" }
        if hours > 0 || out.isEmpty { out += "\(hours)h" }
        return out
    }

    /// The earliest instant (ms since the epoch) within this duration before `epochMilliseconds`.
    func start(before epochMilliseconds: Int64) -> Int64 {
        var t = CivilTime(epochMilliseconds: epochMilliseconds)
        let totalMonths = t.year * 12 + (t.month - 1) - (years * 12 + months)
        t.year = Int(CivilTime.floorDivide(Int64(totalMonths), 12))
        t.month = totalMonths - t.year * 12 + 1
        t.day = min(t.day, CivilTime.daysInMonth(t.year, t.month))
        return t.epochMilliseconds - Int64(days) * 86_400_000 - Int64(hours) * 3_600_000
    }
}
