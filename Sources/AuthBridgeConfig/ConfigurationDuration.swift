public import Foundation

/// The duration form of the environment: `90s`, `15m`, `12h`, `7d` or plain seconds.
public enum ConfigurationDuration {
    /// Seconds, or `nil` when `text` is not a whole number with an optional unit `s`, `m`, `h` or `d`.
    public static func parse(_ text: String) -> TimeInterval? {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        var digits = Substring(text)
        var multiplier = 1
        if let last = text.last?.lowercased().first, let unit = units[last] {
            digits = digits.dropLast()
            multiplier = unit
        }
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let value = Int(digits)
        else {
            return nil
        }
        return TimeInterval(value * multiplier)
    }

    /// The shortest exact form: `12h`, `7d`, `90s`.
    public static func format(_ seconds: TimeInterval) -> String {
        let whole = Int(seconds)
        for (unit, size) in [("d", 86400), ("h", 3600), ("m", 60)] where whole >= size && whole % size == 0 {
            return "\(whole / size)\(unit)"
        }
        return "\(whole)s"
    }
}
