import AuthBridge
import Foundation
import Testing

/// The policy's precedence, headers and validation, through its public API.
struct JWTPolicyTests {
    let now = InternetDate.parse(rfc3339: "2026-11-30T12:00:00Z")!
    let deprecation = InternetDate.parse(rfc3339: "2026-06-01T00:00:00Z")!
    let sunset = InternetDate.parse(rfc3339: "2027-01-01T00:00:00Z")!

    func patterns(_ texts: String...) throws -> [RoutePattern] { try texts.map { try RoutePattern($0) } }

    @Test func rulesApplyInTheDocumentedOrder() throws {
        let brownout = try Brownout(iso8601: "2026-11-30T11:00:00Z/PT2H")
        let base = JWTPolicy(
            offMethods: ["post", "DELETE"], offRoutes: try patterns("/api/admin/**", "GET /reports/:id"),
            onRoutes: try patterns("/api/admin/health", "POST /api/orders")
        )
        typealias Row = (method: String, route: String, verdict: JWTPolicy.Verdict, rule: JWTPolicy.Evaluation.Rule)
        let table: [Row] = [
            ("GET", "/api/orders", .accept, .none),
            ("POST", "/api/orders", .accept, .onRoute(1)),  // on wins over off methods
            ("PUT", "/api/orders", .accept, .none),
            ("POST", "/api/things", .refuse(.jwtDisabledForMethod), .offMethod),
            ("DELETE", "/api/things", .refuse(.jwtDisabledForMethod), .offMethod),
            ("GET", "/api/admin/users", .refuse(.jwtDisabledForRoute), .offRoute(0)),
            ("GET", "/api/admin/health", .accept, .onRoute(0)),  // on wins over off routes
            ("DELETE", "/api/admin/health", .accept, .onRoute(0)),
            ("GET", "/reports/7", .refuse(.jwtDisabledForRoute), .offRoute(1)),
            ("HEAD", "/reports/7", .refuse(.jwtDisabledForRoute), .offRoute(1)),  // GET rules cover HEAD
            ("HEAD", "/api/orders", .accept, .none),
        ]
        for row in table {
            let evaluation = base.evaluate(method: row.method, route: row.route, now: now)
            #expect(evaluation.verdict == row.verdict, "\(row.method) \(row.route)")
            #expect(evaluation.rule == row.rule, "\(row.method) \(row.route)")
            #expect(base.verdict(method: row.method, route: row.route, now: now) == row.verdict)
        }
        var off = base
        off.mode = .off
        var browned = base
        browned.brownouts = [brownout]
        for row in table {
            #expect(
                off.evaluate(method: row.method, route: row.route, now: now) == .init(.refuse(.jwtDisabled), .modeOff))
            #expect(
                browned.evaluate(method: row.method, route: row.route, now: now)
                    == .init(.refuse(.jwtBrownout), .brownout(0)))
            #expect(browned.evaluate(method: row.method, route: row.route, now: now - 7200).rule == row.rule)
        }
    }

    @Test func brownoutExplanationNamesTheEndAndTheSunset() throws {
        let brownout = try Brownout(iso8601: "2026-11-30T11:00:00Z/PT2H")
        var policy = JWTPolicy(brownouts: [brownout])
        guard case .refuse(let plain) = policy.verdict(method: "GET", route: "/", now: now) else {
            Issue.record("not refused"); return
        }
        #expect(plain.code == "jwt_brownout")
        #expect(
            plain.explanation
                == "bearer tokens are refused during a scheduled brownout until 2026-11-30T13:00:00Z; sign in to get a session"
        )
        policy.sunset = sunset
        guard case .refuse(let named) = policy.verdict(method: "GET", route: "/", now: now) else {
            Issue.record("not refused"); return
        }
        #expect(
            named.explanation
                == "bearer tokens are refused during a scheduled brownout until 2026-11-30T13:00:00Z; they stop working for good on Fri, 01 Jan 2027 00:00:00 GMT; sign in to get a session"
        )
    }

    /// Overlapping or adjoining windows refuse until the last of them ends, and say so.
    @Test func overlappingBrownoutsNameTheEndOfTheWholeRun() throws {
        let policy = JWTPolicy(brownouts: [
            try Brownout(iso8601: "2026-11-30T07:00:00Z/PT2H"), try Brownout(iso8601: "2026-11-30T08:00:00Z/PT3H"),
            try Brownout(iso8601: "2026-11-30T11:00:00Z/PT1H"), try Brownout(iso8601: "2026-11-30T14:00:00Z/PT1H"),
        ])
        let at = { (time: String) in InternetDate.parse(rfc3339: "2026-11-30T\(time)Z")! }
        for (time, end) in [("07:30:00", "12:00:00"), ("08:30:00", "12:00:00"), ("11:30:00", "12:00:00"), ("14:10:00", "15:00:00")] {
            #expect(policy.brownoutEnd(at: at(time)) == at(end), "\(time)")
            guard case .refuse(let reason) = policy.verdict(method: "GET", route: "/", now: at(time)) else {
                Issue.record("not refused at \(time)"); continue
            }
            #expect(reason.explanation.contains("until 2026-11-30T\(end)Z;"), "\(time): \(reason.explanation)")
        }
        #expect(policy.brownoutEnd(at: at("12:00:00")) == nil)
    }

    @Test func deprecationHeadersAreExactAndOnlyInModeDeprecate() {
        var policy = JWTPolicy(deprecation: deprecation, sunset: sunset, deprecationLink: "https://example.com/migrate")
        #expect(policy.deprecationHeaders(now: now).isEmpty)
        policy.mode = .deprecate
        #expect(
            policy.deprecationHeaders(now: now) == [
                HTTPHeaderField("Deprecation", "@1780272000"),
                HTTPHeaderField("Sunset", "Fri, 01 Jan 2027 00:00:00 GMT"),
                HTTPHeaderField("Link", "<https://example.com/migrate>; rel=\"deprecation\""),
            ])
        policy.sunset = nil
        policy.deprecationLink = nil
        policy.deprecation = Date(timeIntervalSince1970: 1_780_272_000.75)  // a structured date has whole seconds
        #expect(policy.deprecationHeaders(now: now) == [HTTPHeaderField("Deprecation", "@1780272000")])
    }

    @Test func validationRefusesImpossibleCombinations() throws {
        try JWTPolicy(mode: .deprecate, deprecation: deprecation, sunset: deprecation).validate()
        try JWTPolicy(deprecationLink: "http://intranet:8080/jwt-sunset?x=1").validate()
        #expect(throws: JWTPolicyError(.sunsetBeforeDeprecation, "")) {
            try JWTPolicy(deprecation: deprecation, sunset: deprecation - 1).validate()
        }
        #expect(throws: JWTPolicyError(.deprecationDateRequired, "")) { try JWTPolicy(mode: .deprecate).validate() }
        for link in [
            "example.com/x", "https://", "https://x/a b", "https://x/>; rel=\"evil\"", "ftp://x/y", "https://x/\u{7}",
        ] {
            #expect(throws: JWTPolicyError(.invalidLink, ""), "\(link)") {
                try JWTPolicy(deprecationLink: link).validate()
            }
        }
    }
}
