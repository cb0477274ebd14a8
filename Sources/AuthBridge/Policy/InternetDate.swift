public import Foundation

/// The date formats the migration policy reads and writes, done by hand so that no locale, calendar or
/// `DateFormatter` setting can change them: RFC 3339 timestamps (configuration) and IMF-fixdate (RFC 9110
/// §5.6.7, the `Sunset` header).
public enum InternetDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Parses an RFC 3339 timestamp (`2026-12-01T07:00:00Z`, `2026-12-01T09:00:00.5+02:00`); `nil` if it is not one.
    public static func parse(rfc3339 text: String) -> Date? {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(4), scanner.skip("-"), let month = scanner.number(2), scanner.skip("-"),
            let day = scanner.number(2), scanner.skip(anyOf: "Tt "), let hour = scanner.number(2), scanner.skip(":"),
            let minute = scanner.number(2), scanner.skip(":"), let second = scanner.number(2)
        else { return nil }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), hour <= 23, minute <= 59,
            second <= 60
        else { return nil }
        var fraction = 0.0
        if scanner.skip(".") {
            var scale = 0.1
            var digits = 0
            while let digit = scanner.number(1) {
                fraction += Double(digit) * scale
                scale /= 10
                digits += 1
            }
            guard digits > 0 else { return nil }
        }
        var offset = 0
        if scanner.skip(anyOf: "Zz") {
            offset = 0
        } else if let sign = scanner.sign(), let offsetHours = scanner.number(2), scanner.skip(":"),
            let offsetMinutes = scanner.number(2), offsetHours <= 23, offsetMinutes <= 59
        {
            offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        guard scanner.atEnd else { return nil }
        let seconds = days(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// `2026-12-01T07:00:00Z` (whole seconds, UTC).
    public static func rfc3339(_ date: Date) -> String {
        let (year, month, day, hour, minute, second, _) = components(date)
        return "\(pad(year, 4))-\(pad(month))-\(pad(day))T\(pad(hour)):\(pad(minute)):\(pad(second))Z"
    }

    /// `Tue, 01 Dec 2026 07:00:00 GMT` (IMF-fixdate, whole seconds).
    public static func imfFixdate(_ date: Date) -> String {
        let (year, month, day, hour, minute, second, weekday) = components(date)
        return
            "\(weekdays[weekday]), \(pad(day)) \(months[month - 1]) \(pad(year, 4)) \(pad(hour)):\(pad(minute)):\(pad(second)) GMT"
    }

    /// Whole seconds since 1970, rounded down (what `Deprecation: @<epoch>` carries).
    static func epochSeconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }

    // MARK: Civil calendar (proleptic Gregorian, UTC), after Howard Hinnant's days_from_civil / civil_from_days.

    private static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    private static func components(_ date: Date) -> (Int, Int, Int, Int, Int, Int, Int) {
        let seconds = Int(epochSeconds(date))
        let (dayNumber, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86400)
        let days = secondOfDay < 0 ? dayNumber - 1 : dayNumber
        let second = secondOfDay < 0 ? secondOfDay + 86400 : secondOfDay
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let dayOfEra = z - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday (4)
        return (year, month, day, second / 3600, second % 3600 / 60, second % 60, weekday)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
