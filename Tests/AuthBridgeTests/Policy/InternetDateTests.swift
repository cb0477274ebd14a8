import AuthBridge
import Foundation
import Testing

struct InternetDateTests {
    @Test func parsesRFC3339() {
        let cases: [(String, TimeInterval)] = [
            ("1970-01-01T00:00:00Z", 0), ("2026-06-01T00:00:00Z", 1_780_272_000),
            ("2026-06-01t02:00:00+02:00", 1_780_272_000),
            ("2026-05-31T19:30:00-04:30", 1_780_272_000), ("2026-06-01 00:00:00z", 1_780_272_000),
            ("2026-06-01T00:00:00.250Z", 1_780_272_000.25), ("2028-02-29T12:00:00Z", 1_835_438_400),
            ("1969-12-31T23:59:59Z", -1), ("2026-12-31T23:59:60Z", 1_798_761_600),
        ]
        for (text, seconds) in cases {
            #expect(InternetDate.parse(rfc3339: text)?.timeIntervalSince1970 == seconds, "\(text)")
        }
    }

    @Test func refusesWhatIsNotRFC3339() {
        let bad = [
            "", "2026-06-01", "2026-06-01T00:00Z", "2026-06-01T00:00:00", "2026-6-01T00:00:00Z", "2026-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z", "2026-06-01T24:00:00Z", "2026-06-01T00:60:00Z",
            "2026-06-01T00:00:00.Z", "2026-06-01T00:00:00+0200", "2026-06-01T00:00:00Z ", "2026-06-01T00:00:00+24:00",
            "２026-06-01T00:00:00Z", "1780272000",
        ]
        for text in bad {
            #expect(InternetDate.parse(rfc3339: text) == nil, "\(text)")
        }
    }

    @Test func writesIMFFixdateAndRFC3339() {
        let cases: [(TimeInterval, String, String)] = [
            (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT", "1994-11-06T08:49:37Z"),  // RFC 9110's example
            (0, "Thu, 01 Jan 1970 00:00:00 GMT", "1970-01-01T00:00:00Z"),
            (-1, "Wed, 31 Dec 1969 23:59:59 GMT", "1969-12-31T23:59:59Z"),
            (1_835_438_400.9, "Tue, 29 Feb 2028 12:00:00 GMT", "2028-02-29T12:00:00Z"),
            (1_798_761_599, "Thu, 31 Dec 2026 23:59:59 GMT", "2026-12-31T23:59:59Z"),
            (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT", "2000-02-29T00:00:00Z"),
        ]
        for (seconds, imf, rfc3339) in cases {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(InternetDate.imfFixdate(date) == imf)
            #expect(InternetDate.rfc3339(date) == rfc3339)
        }
    }

    @Test func agreesWithTheGregorianCalendarOverFourCenturies() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let date = Date(
                timeIntervalSince1970: TimeInterval(
                    Int64.random(in: -5_000_000_000...10_000_000_000, using: &generator)))
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
            let expected = String(
                format: "%@, %02d %@ %04d %02d:%02d:%02d GMT", weekdays[c.weekday! - 1], c.day!, months[c.month! - 1],
                c.year!, c.hour!, c.minute!, c.second!
            )
            #expect(InternetDate.imfFixdate(date) == expected)
            #expect(InternetDate.parse(rfc3339: InternetDate.rfc3339(date)) == date)
        }
    }
}
