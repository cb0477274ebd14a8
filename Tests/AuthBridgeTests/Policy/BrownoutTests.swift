import AuthBridge
import Foundation
import Testing

struct BrownoutTests {
    let start = InternetDate.parse(rfc3339: "2026-12-01T07:00:00Z")!

    @Test func parsesTheThreeIntervalForms() throws {
        let cases: [(String, TimeInterval)] = [
            ("2026-12-01T07:00:00Z/PT3H", 3 * 3600), ("2026-12-01T07:00:00Z/2026-12-01T10:30:00Z", 3.5 * 3600),
            ("PT90M/2026-12-01T08:30:00Z", 5400), ("2026-12-01T07:00:00Z/P1DT2H3M4S", 86400 + 7384),
            ("2026-12-01T07:00:00Z/P2W", 14 * 86400), ("2026-12-01T09:00:00+02:00/PT30S", 30),
            (" 2026-12-01T07:00:00Z / PT1H ", 3600),
        ]
        for (text, length) in cases {
            let brownout = try Brownout(iso8601: text)
            #expect(brownout.start == start, "\(text)")
            #expect(brownout.end.timeIntervalSince(brownout.start) == length, "\(text)")
        }
        #expect(
            try Brownout(iso8601: "2026-12-01T07:00:00Z/PT3H").description
                == "2026-12-01T07:00:00Z/2026-12-01T10:00:00Z")
    }

    @Test func refusesBadIntervals() {
        let bad = [
            "2026-12-01T07:00:00Z", "2026-12-01T07:00:00Z/", "PT3H/PT1H", "2026-12-01T07:00:00Z/P1M",
            "2026-12-01T07:00:00Z/P1Y",
            "2026-12-01T07:00:00Z/P", "2026-12-01T07:00:00Z/PT", "2026-12-01T07:00:00Z/P1DT",
            "2026-12-01T07:00:00Z/PT1.5H",
            "2026-12-01T07:00:00Z/PT0S", "2026-12-01T07:00:00Z/PT3M2H", "2026-12-01T07:00:00Z/2026-12-01T06:00:00Z",
            "2026-12-01T07:00:00Z/2026-12-01T07:00:00Z", "2026-12-01/PT3H", "2026-12-01T07:00:00Z/PT3H/PT1H",
            "2026-12-01T07:00:00Z/P3H",
        ]
        for text in bad {
            #expect(throws: JWTPolicyError(.invalidInterval, ""), "\(text)") { try Brownout(iso8601: text) }
        }
    }

    @Test func containsItsStartButNotItsEnd() throws {
        let brownout = try Brownout(iso8601: "2026-12-01T07:00:00Z/PT3H")
        #expect(!brownout.contains(start - 1))
        #expect(brownout.contains(start))
        #expect(brownout.contains(start + 3 * 3600 - 0.001))
        #expect(!brownout.contains(start + 3 * 3600))
    }
}
