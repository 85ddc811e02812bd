/// Durations as people write them in settings and flags: `45s`, `5m`, `1h30m`, `2d` — whole
/// numbers, each followed by a unit (d, h, m, s). One reader for the daemon's `@every` schedules
/// and `push --debounce`, so both accept exactly the same text.
public enum DurationText {
    /// Why a text is not a duration, for the caller's own error.
    public struct Failure: Error, Sendable, Equatable {
        public var message: String
    }

    /// The seconds of `text` (no whitespace), at most `maximum`.
    public static func seconds(_ text: String, maximum: Int64) throws(Failure) -> Int64 {
        var total: Int64 = 0
        var digits = ""
        for character in text {
            if ("0"..."9").contains(character) {
                digits.append(character)
                continue
            }
            let unit: Int64
            switch character {
            case "d": unit = 86_400
            case "h": unit = 3600
            case "m": unit = 60
            case "s": unit = 1
            default:
                throw Failure(message: "duration \(VirtualPath.quote(text)) has \(VirtualPath.quote(String(character))) where a unit (d, h, m, s) or a digit belongs")
            }
            guard !digits.isEmpty else {
                throw Failure(message: "duration \(VirtualPath.quote(text)) has a unit without a number")
            }
            guard let amount = Int64(digits), amount <= 1_000_000_000 else {
                throw Failure(message: "duration \(VirtualPath.quote(text)) is too long")
            }
            total += amount * unit
            guard total <= maximum else {
                throw Failure(message: "duration \(VirtualPath.quote(text)) is too long")
            }
            digits = ""
        }
        guard digits.isEmpty else {
            throw Failure(message: "duration \(VirtualPath.quote(text)) ends in a number without a unit (d, h, m, s)")
        }
        return total
    }
}
