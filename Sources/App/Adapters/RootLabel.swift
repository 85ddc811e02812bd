/// Labels for discovered roots: safe as a path segment and in patterns, stable across runs.
enum RootLabel {
    /// Runs of anything but ASCII letters and digits become one `-`; leading and trailing `-`
    /// are dropped ("Code - Insiders" → "Code-Insiders"), exactly like the reference packages.
    static func sanitize(_ name: String) -> String {
        var label = ""
        var lastWasHyphen = false
        for scalar in name.unicodeScalars {
            if ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                label.unicodeScalars.append(scalar)
                lastWasHyphen = false
            } else if !lastWasHyphen {
                label += "-"
                lastWasHyphen = true
            }
        }
        while label.hasPrefix("-") { label.removeFirst() }
        while label.hasSuffix("-") { label.removeLast() }
        return label
    }

    /// Numbers repeated labels `-2`, `-3`… in the order given (the first keeps its label).
    static func numberDuplicates(_ labels: [String]) -> [String] {
        var counts: [String: Int] = [:]
        return labels.map { label in
            let count = (counts[label] ?? 0) + 1
            counts[label] = count
            return count == 1 ? label : "\(label)-\(count)"
        }
    }

    /// `label`, or `label-2`, `label-3`… : the first not in `used`.
    static func unused(_ label: String, in used: Set<String>) -> String {
        guard used.contains(label) else { return label }
        var number = 2
        while used.contains("\(label)-\(number)") { number += 1 }
        return "\(label)-\(number)"
    }
}
