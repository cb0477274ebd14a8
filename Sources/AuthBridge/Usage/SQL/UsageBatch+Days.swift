public import Foundation

extension UsageBatch {
    /// The batch's minute rollups summed per UTC day, for the day table.
    public var dailyRollups: [UsageRollup] {
        var days: [UsageRollup: Int] = [:]
        for rollup in rollups {
            var day = rollup
            day.bucket = UsageTime.dayStart(rollup.bucket)
            day.count = 0
            days[day, default: 0] += rollup.count
        }
        return days.map { key, count in
            var row = key
            row.count = count
            return row
        }
    }
}

/// Time helpers for usage buckets.
public enum UsageTime {
    /// The start of the UTC day containing `date`.
    public static func dayStart(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86400).rounded(.down) * 86400)
    }

    /// The start of the first UTC day that begins at or after `date`.
    public static func firstFullDay(from date: Date) -> Date {
        let start = dayStart(date)
        return start == date ? start : start.addingTimeInterval(86400)
    }

    /// Whole seconds since 1970, saturating at `Int64`'s bounds.
    public static func seconds(_ date: Date) -> Int64 { saturated(date.timeIntervalSince1970.rounded(.down)) }

    /// Microseconds since 1970, saturating at `Int64`'s bounds (some 292,000 years either way) instead of trapping.
    public static func microseconds(_ date: Date) -> Int64 { saturated((date.timeIntervalSince1970 * 1_000_000).rounded(.down)) }

    /// The date a count of microseconds since 1970 stands for.
    public static func date(microseconds: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(microseconds) / 1_000_000) }

    private static func saturated(_ value: Double) -> Int64 {
        // 2^63 is exactly representable; every double below it converts.
        if value.isNaN { return 0 }
        if value >= 9_223_372_036_854_775_808.0 { return .max }
        if value < -9_223_372_036_854_775_808.0 { return .min }
        return Int64(value)
    }
}
