import Foundation

/// The name of one snapshot folder: the push's UTC time with milliseconds, `:` and `.` turned
/// into `-` (`2026-02-09T10-04-05-123Z`), exactly as the reference engine names them. Ids sort
/// as text in time order, which is how listings find the newest.
public struct SnapshotID: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    /// The folder name, e.g. `2026-02-09T10-04-05-123Z`.
    public let rawValue: String
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let epochMilliseconds: Int64

    /// Parses a folder name strictly: `YYYY-MM-DDTHH-MM-SS-mmmZ`, digits only, real calendar
    /// dates, hours 00-23, minutes and seconds 00-59. Anything else throws `.invalidSnapshotID`.
    public init(parsing text: String) throws {
        let fields = try Self.fields(of: text, separators: ["-", "-", "T", "-", "-", "-"], what: "Snapshot id", example: "2026-02-09T10-04-05-123Z")
        rawValue = text
        epochMilliseconds = fields.epochMilliseconds
    }

    /// Parses the manifest form `2026-02-09T10:04:05.123Z` (the reference engine's
    /// `toISOString()`), with the same strictness as `init(parsing:)`.
    public init(isoTimestamp text: String) throws {
        let fields = try Self.fields(of: text, separators: ["-", "-", "T", ":", ":", "."], what: "Snapshot timestamp", example: "2026-02-09T10:04:05.123Z")
        self.init(epochMilliseconds: fields.epochMilliseconds)
    }

    /// The id of a push made at `date` (UTC, milliseconds truncated like JavaScript's `Date`).
    /// Years outside 0000-9999 give an id that `init(parsing:)` refuses.
    public init(date: Date) {
        self.init(epochMilliseconds: CivilTime.epochMilliseconds(of: date))
    }

    private init(epochMilliseconds: Int64) {
        self.epochMilliseconds = epochMilliseconds
        let t = CivilTime(epochMilliseconds: epochMilliseconds)
        rawValue = "\(Self.pad(t.year, 4))-\(Self.pad(t.month, 2))-\(Self.pad(t.day, 2))T\(Self.pad(t.hour, 2))-\(Self.pad(t.minute, 2))-\(Self.pad(t.second, 2))-\(Self.pad(t.millisecond, 3))Z"
    }

    /// The instant, to the millisecond.
    public var date: Date { CivilTime.date(epochMilliseconds: epochMilliseconds) }

    /// The manifest's `timestamp` form, `2026-02-09T10:04:05.123Z`.
    public var isoTimestamp: String {
        var bytes = Array(rawValue.utf8)
        bytes[13] = UInt8(ascii: ":")
        bytes[16] = UInt8(ascii: ":")
        bytes[19] = UInt8(ascii: ".")
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The folder name.
    public var description: String { rawValue }

    /// Text order of the folder names, which is time order (what listings and retention use).
    public static func < (lhs: SnapshotID, rhs: SnapshotID) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }

    /// Decodes the folder name string, refusing anything `init(parsing:)` refuses.
    public init(from decoder: any Decoder) throws {
        try self.init(parsing: decoder.singleValueContainer().decode(String.self))
    }

    /// Encodes as the folder name string (the `--json` output uses it).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Reads `YYYY?MM?DD?HH?MM?SS?mmmZ` with the given six separators, checking every range.
    static func fields(of text: String, separators: [Character], what: String, example: String) throws -> CivilTime {
        let bytes = Array(text.utf8)
        func refuse(_ why: String) -> DomainError {
            DomainError(.invalidSnapshotID, "\(what) \(VirtualPath.quote(text)) \(why): expected the form \(example).")
        }
        guard bytes.count == 24 else { throw refuse("has \(bytes.count) characters instead of 24") }
        let separatorOffsets = [4, 7, 10, 13, 16, 19]
        for (offset, separator) in zip(separatorOffsets, separators) where bytes[offset] != separator.asciiValue! {
            throw refuse("has '\(Character(Unicode.Scalar(bytes[offset])))' at position \(offset + 1) instead of '\(separator)'")
        }
        guard bytes[23] == UInt8(ascii: "Z") else { throw refuse("does not end in 'Z'") }
        func number(_ range: Range<Int>, _ name: String) throws -> Int {
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw refuse("has a non-digit in its \(name)") }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        let year = try number(0..<4, "year")
        let month = try number(5..<7, "month")
        let day = try number(8..<10, "day")
        let hour = try number(11..<13, "hour")
        let minute = try number(14..<16, "minute")
        let second = try number(17..<19, "second")
        let millisecond = try number(20..<23, "milliseconds")
        guard (1...12).contains(month) else { throw refuse("has month \(month), not 01-12") }
        let days = CivilTime.daysInMonth(year, month)
        guard (1...days).contains(day) else { throw refuse("has day \(day), but that month has \(days) days") }
        guard hour <= 23 else { throw refuse("has hour \(hour), not 00-23") }
        guard minute <= 59 else { throw refuse("has minute \(minute), not 00-59") }
        guard second <= 59 else { throw refuse("has second \(second), not 00-59") }
        return CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second, millisecond: millisecond)
    }
}
