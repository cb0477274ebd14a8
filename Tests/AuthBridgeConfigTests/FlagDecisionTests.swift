import AuthBridge
import AuthBridgeConfig
import AuthBridgeTesting
import Foundation
import Testing

/// Every migration flag, from environment variables through `AuthBridgeEnvironment.load` to the decision of an
/// `Authenticator` over a real memory store, with real tokens signed by the configured key.
struct FlagDecisionTests {
    let store = MemorySessionStore()
    let recorder = MemoryUsageRecorder()
    let noon = InternetDate.parse(rfc3339: "2026-11-30T12:00:00Z")!

    func authenticator(_ flags: [String: String] = [:], at now: Date? = nil) async throws -> Authenticator<
        SessionUserResolver
    > {
        var environment = flags
        environment["AUTHBRIDGE_JWT_SECRET"] = EnvironmentLoadingTests.secret
        environment["AUTHBRIDGE_JWT_TTL"] = "1d"
        let loaded = try await AuthBridgeEnvironment.load(from: environment)
        let instant = now ?? noon
        return Authenticator(
            configuration: loaded.configuration, store: store, resolver: SessionUserResolver(), recorder: recorder,
            now: { instant })
    }

    /// A token signed with the configured secret, issued (`iat`) at `issuedAt`, valid for a day.
    func token(_ user: String = "bob", issuedAt: Date? = nil) async throws -> String {
        try #require(try await authenticator(at: issuedAt ?? noon - 60).issueToken(for: SessionUser(id: user)))
    }

    func request(
        _ method: String = "GET", _ route: String = "/api/orders", bearer: String? = nil, cookie: String? = nil
    ) -> AuthRequest {
        AuthRequest(
            method: method, route: route, authorization: bearer.map { ["Bearer \($0)"] } ?? [],
            cookies: cookie.map { [$0] } ?? [])
    }

    func login(_ auth: Authenticator<SessionUserResolver>, _ user: String = "alice") async throws -> String {
        let result = try await auth.login(SessionUser(id: user), request: request("POST", "/login"))
        return "\(auth.configuration.sessions.effectiveCookieName)=\(result.sessionToken.value)"
    }

    func expectRefused(
        _ decision: AuthDecision<SessionUser>, _ reason: RefusalReason,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(decision.outcome == .invalid(reason), sourceLocation: sourceLocation)
        #expect(decision.reason?.httpStatus == 401, sourceLocation: sourceLocation)
        #expect(
            decision.challenge.hasPrefix("Bearer error=\"invalid_token\", error_description=\""),
            sourceLocation: sourceLocation)
        #expect(recorder.events.last?.reason == reason.code, sourceLocation: sourceLocation)
        #expect(recorder.events.last?.path == .jwt, sourceLocation: sourceLocation)
    }

    // MARK: Off rules

    @Test func offRoutesRefuseWithTheirReason() async throws {
        let auth = try await authenticator(["AUTHBRIDGE_JWT_OFF_ROUTES": "POST /api/orders, /api/admin/**, /users/:id"])
        let jwt = try await token()
        let refused = await auth.authenticate(request("POST", "/api/orders", bearer: jwt))
        expectRefused(refused, .jwtDisabledForRoute)
        #expect(
            refused.challenge
                == #"Bearer error="invalid_token", error_description="bearer tokens are switched off for this route; sign in to get a session""#
        )
        expectRefused(
            await auth.authenticate(request("GET", "/api/admin/users/:id", bearer: jwt)), .jwtDisabledForRoute)
        expectRefused(await auth.authenticate(request("GET", "/users/42", bearer: jwt)), .jwtDisabledForRoute)
        #expect(await auth.authenticate(request("GET", "/api/orders", bearer: jwt)).isAuthenticated)
        #expect(await auth.authenticate(request("GET", "/users/42/posts", bearer: jwt)).isAuthenticated)
    }

    @Test func offMethodsRefuseWrites() async throws {
        let auth = try await authenticator(["AUTHBRIDGE_JWT_OFF_METHODS": "post,PUT,PATCH,DELETE"])
        let jwt = try await token()
        for method in ["POST", "put", "PATCH", "DELETE"] {
            expectRefused(await auth.authenticate(request(method, bearer: jwt)), .jwtDisabledForMethod)
        }
        #expect(await auth.authenticate(request("GET", bearer: jwt)).isAuthenticated)
        #expect(await auth.authenticate(request("HEAD", bearer: jwt)).isAuthenticated)
    }

    @Test func getRulesCoverHEADWhichFrameworksAnswerWithTheGETHandler() async throws {
        let auth = try await authenticator([
            "AUTHBRIDGE_JWT_OFF_METHODS": "GET", "AUTHBRIDGE_JWT_ON_ROUTES": "GET /api/health",
        ])
        let jwt = try await token()
        expectRefused(await auth.authenticate(request("HEAD", "/users/42", bearer: jwt)), .jwtDisabledForMethod)
        #expect(await auth.authenticate(request("HEAD", "/api/health", bearer: jwt)).isAuthenticated)
        let routes = try await authenticator(["AUTHBRIDGE_JWT_OFF_ROUTES": "GET /reports/:id"])
        expectRefused(await routes.authenticate(request("HEAD", "/reports/7", bearer: jwt)), .jwtDisabledForRoute)
        #expect(await routes.authenticate(request("POST", "/reports/7", bearer: jwt)).isAuthenticated)
    }

    @Test func onRoutesWinOverOffRoutesAndOffMethods() async throws {
        let auth = try await authenticator([
            "AUTHBRIDGE_JWT_OFF_ROUTES": "/api/**", "AUTHBRIDGE_JWT_OFF_METHODS": "POST",
            "AUTHBRIDGE_JWT_ON_ROUTES": "POST /api/orders, /api/health",
        ])
        let jwt = try await token()
        #expect(await auth.authenticate(request("POST", "/api/orders", bearer: jwt)).isAuthenticated)
        #expect(await auth.authenticate(request("GET", "/api/health", bearer: jwt)).isAuthenticated)
        #expect(await auth.authenticate(request("POST", "/api/health", bearer: jwt)).isAuthenticated)
        expectRefused(await auth.authenticate(request("GET", "/api/orders", bearer: jwt)), .jwtDisabledForRoute)
        expectRefused(await auth.authenticate(request("POST", "/webhooks", bearer: jwt)), .jwtDisabledForMethod)
    }

    @Test func modeOffRefusesEverywhereEvenOnRoutes() async throws {
        let auth = try await authenticator(["AUTHBRIDGE_JWT": "off", "AUTHBRIDGE_JWT_ON_ROUTES": "/api/**"])
        expectRefused(await auth.authenticate(request(bearer: try await token())), .jwtDisabled)
    }

    @Test func brownoutsRefuseInsideTheWindowOnly() async throws {
        let flags = [
            "AUTHBRIDGE_JWT_BROWNOUTS": "2026-11-30T11:00:00Z/PT2H", "AUTHBRIDGE_JWT_SUNSET": "2027-01-01T00:00:00Z",
            "AUTHBRIDGE_JWT_ON_ROUTES": "/api/orders",
        ]
        let jwt = try await token(issuedAt: noon - 7200)
        let inside = try await authenticator(flags, at: noon).authenticate(request(bearer: jwt))
        expectRefused(inside, .jwtBrownout)
        #expect(
            inside.reason?.explanation
                == "bearer tokens are refused during a scheduled brownout until 2026-11-30T13:00:00Z; they stop working for good on Fri, 01 Jan 2027 00:00:00 GMT; sign in to get a session"
        )
        #expect(
            inside.challenge.contains("scheduled brownout")
                && inside.challenge.contains("Fri, 01 Jan 2027 00:00:00 GMT"))
        let starts = try await authenticator(flags, at: noon - 3600).authenticate(request(bearer: jwt))
        expectRefused(starts, .jwtBrownout)
        for outside in [noon - 3601, noon + 3600, noon + 5 * 3600] {
            #expect(try await authenticator(flags, at: outside).authenticate(request(bearer: jwt)).isAuthenticated)
        }
    }

    @Test func issuedAfterRevokesOlderTokens() async throws {
        let auth = try await authenticator(["AUTHBRIDGE_JWT_ISSUED_AFTER": "2026-11-30T11:30:00Z"])
        expectRefused(
            await auth.authenticate(request(bearer: try await token(issuedAt: noon - 3600))), .jwtRevokedByCutover)
        #expect(await auth.authenticate(request(bearer: try await token(issuedAt: noon - 1800))).isAuthenticated)
        #expect(await auth.authenticate(request(bearer: try await token(issuedAt: noon - 60))).isAuthenticated)
    }

    @Test func dryRunRecordsWouldRefuseAndLetsThrough() async throws {
        let cases: [([String: String], RefusalReason)] = [
            (["AUTHBRIDGE_JWT": "off"], .jwtDisabled),
            (["AUTHBRIDGE_JWT_OFF_ROUTES": "/api/orders"], .jwtDisabledForRoute),
            (["AUTHBRIDGE_JWT_OFF_METHODS": "GET"], .jwtDisabledForMethod),
            (["AUTHBRIDGE_JWT_BROWNOUTS": "2026-11-30T11:00:00Z/PT2H"], .jwtBrownout),
            (["AUTHBRIDGE_JWT_ISSUED_AFTER": "2026-11-30T12:00:00Z"], .jwtRevokedByCutover),
        ]
        let jwt = try await token()
        for (flags, reason) in cases {
            let enforced = try await authenticator(flags).authenticate(request(bearer: jwt))
            expectRefused(enforced, reason)
            // A refused token is no sighting: it holds no route back in the report.
            #expect(recorder.events.last?.reason == reason.code && recorder.events.last?.subject == nil, "\(flags)")
            let dryRunFlags = flags.merging(["AUTHBRIDGE_JWT_DRY_RUN": "on", "AUTHBRIDGE_JWT_UPGRADE": "on"]) { $1 }
            let dryRun = try await authenticator(dryRunFlags).authenticate(request(bearer: jwt))
            #expect(dryRun.isAuthenticated && dryRun.path == .jwt && dryRun.userID == "bob", "\(flags)")
            #expect(dryRun.wouldRefuse == reason)
            #expect(recorder.events.last?.wouldRefuse == reason.code && recorder.events.last?.reason == nil)
            #expect(recorder.events.last?.subject == "bob", "\(flags)")
            // A token the dry run would refuse earns no upgrade session: it would outlive the dry run.
            #expect(!dryRun.responseHeaders.contains { $0.name == "Set-Cookie" }, "\(flags)")
        }
        let untouched = try await authenticator(["AUTHBRIDGE_JWT_DRY_RUN": "on", "AUTHBRIDGE_JWT_UPGRADE": "on"])
            .authenticate(request(bearer: jwt))
        #expect(untouched.isAuthenticated && untouched.wouldRefuse == nil)
        #expect(untouched.responseHeaders.contains { $0.name == "Set-Cookie" })
    }

    // MARK: Headers, upgrade, issuance

    @Test func deprecateAddsExactHeadersToJWTResponsesOnly() async throws {
        let dates = [
            "AUTHBRIDGE_JWT_DEPRECATION": "2026-06-01T00:00:00Z", "AUTHBRIDGE_JWT_SUNSET": "2027-01-01T00:00:00Z",
            "AUTHBRIDGE_JWT_DEPRECATION_LINK": "https://example.com/jwt-sunset",
        ]
        let auth = try await authenticator(dates.merging(["AUTHBRIDGE_JWT": "deprecate"]) { $1 })
        let jwt = try await token("alice")
        let decision = await auth.authenticate(request(bearer: jwt))
        #expect(decision.isAuthenticated)
        #expect(
            decision.responseHeaders.filter { $0.name != "Vary" } == [
                HTTPHeaderField("Deprecation", "@1780272000"),
                HTTPHeaderField("Sunset", "Fri, 01 Jan 2027 00:00:00 GMT"),
                HTTPHeaderField("Link", "<https://example.com/jwt-sunset>; rel=\"deprecation\""),
            ])
        let cookie = try await login(auth)
        #expect(await auth.authenticate(request(cookie: cookie)).responseHeaders.map(\.name) == ["Vary"])
        #expect(
            await auth.authenticate(request(bearer: jwt, cookie: cookie)).responseHeaders.map(\.name).contains(
                "Deprecation"))
        let accepting = try await authenticator(dates)
        #expect(await accepting.authenticate(request(bearer: jwt)).responseHeaders.map(\.name) == ["Vary"])
    }

    @Test func upgradeGivesASessionThatSurvivesEveryRollback() async throws {
        let upgrading = try await authenticator(["AUTHBRIDGE_JWT_UPGRADE": "on"])
        let jwt = try await token("carol")
        let decision = await upgrading.authenticate(request(bearer: jwt))
        let setCookie = try #require(decision.responseHeaders.first { $0.name == "Set-Cookie" }?.value)
        let cookie = String(setCookie.prefix { $0 != ";" })
        for flags in [["AUTHBRIDGE_JWT_UPGRADE": "off"], ["AUTHBRIDGE_JWT": "off"], ["AUTHBRIDGE_JWT": "accept"]] {
            let rolledBack = try await authenticator(flags).authenticate(request(cookie: cookie))
            #expect(rolledBack.path == .session && rolledBack.userID == "carol", "\(flags)")
        }
        let back = try await authenticator(["AUTHBRIDGE_JWT_UPGRADE": "off"]).authenticate(request(bearer: jwt))
        #expect(back.isAuthenticated && !back.responseHeaders.contains { $0.name == "Set-Cookie" })
    }

    @Test func issuanceOffStopsNewTokensButKeepsIssuedOnes() async throws {
        let issued = try await token("dave")
        let auth = try await authenticator(["AUTHBRIDGE_JWT_ISSUE": "off"])
        let result = try await auth.login(SessionUser(id: "dave"), request: request("POST", "/login"))
        #expect(result.jwt == nil)
        #expect(await auth.authenticate(request(bearer: issued)).userID == "dave")
        let on = try await authenticator(["AUTHBRIDGE_JWT_ISSUE": "on"]).login(
            SessionUser(id: "dave"), request: request("POST", "/login"))
        #expect(on.jwt != nil)
    }

    @Test func switchingFlagsNeverLogsASessionOut() async throws {
        let cookie = try await login(try await authenticator())
        let steps: [[String: String]] = [
            ["AUTHBRIDGE_JWT_OFF_METHODS": "POST,PUT,PATCH,DELETE"], ["AUTHBRIDGE_JWT_OFF_ROUTES": "/**"],
            ["AUTHBRIDGE_JWT": "deprecate", "AUTHBRIDGE_JWT_DEPRECATION": "2026-06-01T00:00:00Z"],
            ["AUTHBRIDGE_JWT_BROWNOUTS": "2026-11-30T11:00:00Z/PT2H"],
            ["AUTHBRIDGE_JWT_ISSUED_AFTER": "2026-11-30T12:00:00Z"],
            ["AUTHBRIDGE_JWT": "off"], ["AUTHBRIDGE_JWT": "accept", "AUTHBRIDGE_JWT_DRY_RUN": "on"], [:],
        ]
        for flags in steps {
            let decision = try await authenticator(flags).authenticate(request("GET", "/api/orders", cookie: cookie))
            #expect(decision.path == .session && decision.userID == "alice", "\(flags)")
        }
    }
}
