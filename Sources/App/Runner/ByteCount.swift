/// Byte counts as people read them, in SI units with one decimal: `999 B`, `1.0 kB`, `2.3 MB`.
public enum ByteCount {
    public static func text(_ n: Int64) -> String {
        if n < 1000 { return "\(n) B" }
        let units = ["kB", "MB", "GB", "TB", "PB"]
        var value = Double(n) / 1000
        var unit = 0
        // Round to tenths first, so 999,960 bytes reads "1.0 MB", not "1000.0 kB".
        while (value * 10).rounded() / 10 >= 1000 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }
}
