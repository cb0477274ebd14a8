import AuthBridge
import AuthBridgeTesting
import Foundation
import Testing

struct UsageReportFormatTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func report() async throws -> UsageReport {
        let store = MemoryUsageStore()
        let day = 86400.0
        try await store.write(UsageBatch(
            instance: "web-1", takenAt: now,
            rollups: [
                UsageRollup(bucket: now - 2 * day, route: "/orders/:id", method: "GET", path: .jwt, outcome: .authenticated, count: 30),
                UsageRollup(bucket: now - 2 * day, route: "/orders/:id", method: "GET", path: .session, outcome: .authenticated, count: 10),
                UsageRollup(bucket: now - 600, route: "/orders/:id", method: "GET", path: .jwt, outcome: .authenticated, count: 5),
                UsageRollup(bucket: now - 600, route: "/orders/:id", method: "GET", path: .session, outcome: .authenticated, count: 15),
                UsageRollup(bucket: now - 600, route: "/<script>alert(1)</script>", method: "GET", path: .session, outcome: .authenticated, count: 1),
                UsageRollup(bucket: now - 600, route: "=cmd|' /C calc'!A0", method: "POST", path: .session, outcome: .invalid, reason: "session_expired", count: 2),
            ],
            sightings: [JWTSighting(route: "/orders/:id", method: "GET", subject: "u7", client: "ios-app", lastSeen: now - 600, count: 35)],
            dropped: 4))
        return UsageReport(summary: try await store.summary(since: now - 7 * day), since: now - 7 * day, now: now)
    }

    /// A quote, '<' or '|' followed by a combining mark is one Swift character; each is still escaped (compared
    /// byte for byte here, since `String.contains` compares characters too).
    @Test func escapesHoldAgainstCombiningMarks() async throws {
        let store = MemoryUsageStore()
        let routes = ["\"\u{301},=1+1", "<\u{338}b>", "|\u{301}", "\t=2"]
        try await store.write(UsageBatch(
            instance: "a", takenAt: now,
            rollups: routes.map {
                UsageRollup(bucket: now - 60, route: $0, method: "GET", path: .session, outcome: .authenticated, count: 1)
            }, sightings: [], dropped: 0))
        let report = UsageReport(summary: try await store.summary(since: now - 86400), since: now - 86400, now: now)
        func holds(_ format: UsageReportFormat, _ expected: String) -> Bool {
            Array(report.rendered(as: format).utf8).firstRange(of: Array(expected.utf8)) != nil
        }
        #expect(holds(.csv, ",\"\"\"\u{301},=1+1\","))
        #expect(holds(.csv, ",\"'\t=2\","))
        #expect(holds(.html, "<code>&lt;\u{338}b&gt;</code>"))
        #expect(holds(.markdown, "`\\|\u{301}`"))
    }

    @Test func jsonRoundTrips() async throws {
        let report = try await report()
        let json = report.rendered(as: .json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["totalRequests"] as? Int == 63)
        #expect(object["dropped"] as? Int == 4)
        #expect((object["flagLine"] as? String)?.contains("GET /<script>alert(1)</script>") == true)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let decoded = try decoder.decode(UsageReport.self, from: Data(json.utf8))
        #expect(decoded.routes.map(\.requests) == report.routes.map(\.requests))
        #expect(decoded.routes.first?.jwtShare == 35.0 / 60.0)
    }

    @Test func csvHasOneQuotedRowPerRouteAndNoFormulas() async throws {
        let report = try await report()
        let lines = report.rendered(as: .csv).split(separator: "\n")
        #expect(lines.count == 1 + report.routes.count)
        #expect(lines[0] == "method,route,requests,session,jwt,both,none,refused,would_refuse,jwt_share,last_jwt,readiness,verdict")
        #expect(lines[1].hasPrefix(#""GET","/orders/:id","60","25","35","0","0","0","0","0.5833","2027-01-15T07:50:00Z","blocked""#))
        #expect(lines.contains { $0.contains(#""'=cmd|' /C calc'!A0""#) })
    }

    @Test func tableAndMarkdownCarryTheVerdicts() async throws {
        let report = try await report()
        let table = report.rendered(as: .table)
        #expect(table.contains("63 requests, 35 with a JWT (55.6% of the 63 with a credential)"))
        #expect(table.contains("warning: 4 requests were not recorded"))
        #expect(table.contains("blocked — 1 client in the last 24 h: ios-app"))
        #expect(table.contains("ios-app  u7       35        2027-01-15 07:50Z  GET /orders/:id"))
        #expect(table.contains("AUTHBRIDGE_JWT_OFF_ROUTES="))
        let markdown = report.rendered(as: .markdown)
        #expect(markdown.contains("| GET | `/orders/:id` | 60 | 25 | 35 | 0 | 0 | 58.3% |"))
        #expect(markdown.contains("=cmd\\|' /C calc'!A0"))
    }

    @Test func htmlIsSelfContainedAndEscaped() async throws {
        let html = try await report().rendered(as: .html)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg") && html.contains("<polyline"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        for external in ["src=", "href=", "@import", "url(", "<link", "<script"] {
            #expect(!html.contains(external), "\(external)")
        }
        #expect(html.contains("blocked — 1 client in the last 24 h"))
    }
}
