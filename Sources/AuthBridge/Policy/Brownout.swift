public import Foundation

/// A scheduled window during which the JWT path is refused as if it were off (`jwt_brownout`), so clients that
/// still depend on it notice before the sunset.
public struct Brownout: Sendable, Hashable, CustomStringConvertible {
    /// The first instant of the window.
    public let start: Date
    /// The first instant after the window.
    public let end: Date

    /// Creates a window; `end` must be later than `start`.
    public init(start: Date, end: Date) throws(JWTPolicyError) {
        guard end > start else {
            throw JWTPolicyError(
                .invalidInterval,
                "the brownout ends (\(InternetDate.rfc3339(end))) before it starts (\(InternetDate.rfc3339(start)))")
        }
        self.start = start
        self.end = end
    }

    /// Parses an ISO 8601 interval: `start/end`, `start/duration` or `duration/end`, with RFC 3339 timestamps and
    /// durations in weeks, days, hours, minutes and seconds (`2026-12-01T07:00:00Z/PT3H`).
    public init(iso8601 text: String) throws(JWTPolicyError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard parts.count == 2 else {
            throw JWTPolicyError(.invalidInterval, "\"\(text)\" is not an interval 'start/end' or 'start/duration'")
        }
        switch (parts[0].hasPrefix("P"), parts[1].hasPrefix("P")) {
        case (false, false):
            try self.init(start: try Self.timestamp(parts[0]), end: try Self.timestamp(parts[1]))
        case (false, true):
            let start = try Self.timestamp(parts[0])
            try self.init(start: start, end: start.addingTimeInterval(try Self.duration(parts[1])))
        case (true, false):
            let end = try Self.timestamp(parts[1])
            try self.init(start: end.addingTimeInterval(-(try Self.duration(parts[0]))), end: end)
        case (true, true):
            throw JWTPolicyError(.invalidInterval, "\"\(text)\" has two durations and no date")
        }
    }

    /// Whether `now` falls inside the window.
    public func contains(_ now: Date) -> Bool {
        start <= now && now < end
    }

    /// `2026-12-01T07:00:00Z/2026-12-01T10:00:00Z`.
    public var description: String {
        "\(InternetDate.rfc3339(start))/\(InternetDate.rfc3339(end))"
    }

    private static func timestamp(_ text: String) throws(JWTPolicyError) -> Date {
        guard let date = InternetDate.parse(rfc3339: text) else {
            throw JWTPolicyError(
                .invalidInterval, "\"\(text)\" is not an RFC 3339 timestamp such as 2026-12-01T07:00:00Z")
        }
        return date
    }

    /// An ISO 8601 duration without years or months (which have no fixed length): `PnW` or `PnDTnHnMnS`.
    static func duration(_ text: String) throws(JWTPolicyError) -> TimeInterval {
        let invalid = JWTPolicyError(
            .invalidInterval,
            "\"\(text)\" is not an ISO 8601 duration in weeks, days, hours, minutes and seconds such as PT3H or P1DT12H"
        )
        var scanner = DigitScanner(Array(text.utf8))
        guard scanner.skip("P") else { throw invalid }
        var seconds = 0
        var inTime = false
        var components = 0
        var lastUnit = -1
        let units: [(Unicode.Scalar, Bool, Int)] = [
            ("W", false, 604_800), ("D", false, 86400), ("H", true, 3600), ("M", true, 60), ("S", true, 1),
        ]
        while !scanner.atEnd {
            if !inTime, scanner.skip("T") {
                inTime = true
                continue
            }
            guard let value = scanner.digits() else { throw invalid }
            guard let unit = units.indices.first(where: { units[$0].1 == inTime && scanner.skip(units[$0].0) }),
                unit > lastUnit
            else {
                throw invalid
            }
            lastUnit = unit
            seconds += value * units[unit].2
            components += 1
        }
        guard components > 0, !(inTime && lastUnit < 2), seconds > 0 else { throw invalid }
        return TimeInterval(seconds)
    }
}
