import AuthBridge
import AuthBridgeTesting
import Foundation
import InMemoryLogging
import Logging
import Testing

/// The decision table and its effects, through the public `Authenticator` API with a real memory store.
struct DecisionTests {
    let clock = TestClock()
    let store = MemorySessionStore()
    let recorder = MemoryUsageRecorder()
    let logs = InMemoryLogHandler()
    let tokens: TokenFactory

    init() async throws {
        tokens = await .hmac()
    }

    func authenticator(policy: JWTPolicy = JWTPolicy(), csrf: CSRFSettings = CSRFSettings()) async throws -> Authenticator<SessionUserResolver> {
        let keys = try await JWTKeySet.load([.hmac(secret: Fixtures.hmacSecret)])
        var logger = Logger(label: "test", factory: { _ in logs })
        logger.logLevel = .debug
        return Authenticator(
            configuration: AuthBridgeConfiguration(jwt: JWTSettings(keys: keys), policy: policy, csrf: csrf),
            store: store, resolver: SessionUserResolver(), recorder: recorder, logger: logger, now: clock.function
        )
    }

    func jwt(_ sub: String, exp: TimeInterval = 600, iat: TimeInterval = -10) throws -> String {
        let now = clock.now.timeIntervalSince1970
        return try tokens.token(alg: "HS256", claims: ["sub": sub, "exp": Int(now + exp), "iat": Int(now + iat)])
    }

    /// Logs a user in and returns the cookie header value for later requests.
    func session(_ auth: Authenticator<SessionUserResolver>, _ id: String) async throws -> String {
        let result = try await auth.login(SessionUser(id: id, email: "\(id)@example.com"), request: AuthRequest(method: "POST", route: "/login"))
        return "authbridge_session=\(result.sessionToken.value)".replacingOccurrences(of: "authbridge_session", with: auth.configuration.sessions.effectiveCookieName)
    }

    func request(_ method: String = "GET", cookie: String? = nil, bearer: String? = nil, origin: String? = nil, site: String? = nil, referer: String? = nil) -> AuthRequest {
        AuthRequest(
            method: method, route: "/api/things/:id", authorization: bearer.map { ["Bearer \($0)"] } ?? [],
            cookies: cookie.map { [$0] } ?? [], origin: origin, referer: referer, secFetchSite: site, host: "app.example", scheme: "https"
        )
    }

    // MARK: The table

    @Test func noCredentialIsAnonymous() async throws {
        let decision = try await authenticator().authenticate(request())
        #expect(decision.path == .none)
        #expect(decision.outcome == .anonymous)
        #expect(decision.challenge == "Bearer")
    }

    /// The decision reads the token in place, within the header: each header list is refused with the reason
    /// `BearerCredential` gives it (before any "JWT is off"), and a well-formed token is verified, the first time
    /// and again once the verifier has cached it (the list runs twice).
    @Test func theBearerHeaderIsReadAsBearerCredentialReadsIt() async throws {
        let token = try jwt("alice")
        let lists: [[String]] = [
            ["Bearer \(token)"], ["bEARER \(token)"], ["Bearer \(token)", "Bearer \(token)"], ["Basic YWxpY2U6cHc="],
            ["Bearer "], ["Bearer a,b"], ["Bearer \(token) x"], ["Bearer " + String(repeating: "a", count: 9000)],
        ]
        let withJWT = try await authenticator()
        let withoutJWT = Authenticator(configuration: AuthBridgeConfiguration(), store: store, resolver: SessionUserResolver())
        for headers in lists + lists {
            var request = request()
            request.authorization = headers
            let on = await withJWT.authenticate(request)
            let off = await withoutJWT.authenticate(request)
            switch BearerCredential(headers: headers) {
            case .token:
                #expect(on.outcome == .authenticated && on.userID == "alice", "\(headers.count) header(s)")
                #expect(off.outcome == .invalid(.jwtDisabled))
            case .malformed(let reason):
                #expect(on.outcome == .invalid(reason), "\(headers.map(\.count))")
                #expect(off.outcome == .invalid(reason))
            case .absent:
                Issue.record("no header list here is empty")
            }
        }
    }

    @Test func sessionAlone() async throws {
        let auth = try await authenticator()
        let decision = await auth.authenticate(request(cookie: try await session(auth, "alice")))
        #expect(decision.path == .session)
        #expect(decision.user?.id == "alice")
        #expect(decision.session?.data.user.email == "alice@example.com")
    }

    @Test func jwtAlone() async throws {
        let decision = try await authenticator().authenticate(request(bearer: try jwt("bob")))
        #expect(decision.path == .jwt)
        #expect(decision.userID == "bob")
        #expect(decision.claims?.subject == "bob")
    }

    @Test func bothForTheSameUser() async throws {
        let auth = try await authenticator()
        let decision = await auth.authenticate(request(cookie: try await session(auth, "alice"), bearer: try jwt("alice")))
        #expect(decision.path == .both)
        #expect(decision.outcome == .authenticated)
        #expect(decision.userID == "alice")
    }

    @Test func bothForDifferentUsersIsRefusedAndLogged() async throws {
        let auth = try await authenticator()
        let decision = await auth.authenticate(request(cookie: try await session(auth, "alice"), bearer: try jwt("mallory")))
        #expect(decision.outcome == .refused(.credentialMismatch))
        #expect(decision.user == nil && decision.userID == nil && decision.session == nil && decision.claims == nil)
        #expect(decision.reason?.httpStatus == 401)
        let line = try #require(logs.entries.last { $0.message == "auth decision" })
        #expect(line.level == .notice)
        #expect(line.metadata["auth.reason"] == "credential_mismatch")
    }

    @Test func aFailingCookieNeverBlocksAValidToken() async throws {
        let auth = try await authenticator()
        let name = auth.configuration.sessions.effectiveCookieName
        let cases = ["\(name)=\(SessionToken.generate().value)", "\(name)=garbage!", "\(name)=a; \(name)=b"]
        for cookie in cases {
            let decision = await auth.authenticate(request(cookie: cookie, bearer: try jwt("bob")))
            #expect(decision.path == .jwt, "\(cookie)")
            #expect(decision.userID == "bob")
            #expect(decision.ignored.count == 1)
        }
    }

    @Test func anExpiredSessionNeverBlocksAValidToken() async throws {
        let auth = try await authenticator()
        let cookie = try await session(auth, "bob")
        clock.advance(8 * 86400)
        let decision = await auth.authenticate(request(cookie: cookie, bearer: try jwt("bob")))
        #expect(decision.path == .jwt)
        #expect(decision.ignored == [.sessionExpired])
    }

    @Test func aFailingTokenNeverBlocksAValidSession() async throws {
        let auth = try await authenticator()
        let cookie = try await session(auth, "alice")
        let stale: [(String, RefusalReason)] = [
            (try jwt("alice", exp: -3600), .tokenExpired),
            (try jwt("mallory", exp: -3600), .tokenExpired),  // an old token of another user carries no identity
            ("not.a.jwt", .malformedToken),
            (try jwt("alice") + "x", .badSignature),
        ]
        for (token, reason) in stale {
            let decision = await auth.authenticate(request(cookie: cookie, bearer: token))
            #expect(decision.path == .session)
            #expect(decision.userID == "alice")
            #expect(decision.ignored == [reason])
            #expect(decision.claims == nil)
        }
        let line = try #require(logs.entries.last { $0.message == "auth decision" })
        #expect(line.metadata["auth.ignored"] == "bad_signature")
    }

    @Test func aSwitchedOffTokenNextToAValidSessionIsIgnored() async throws {
        let auth = try await authenticator(policy: JWTPolicy(mode: .off))
        let decision = await auth.authenticate(request(cookie: try await session(auth, "alice"), bearer: try jwt("mallory")))
        #expect(decision.path == .session)
        #expect(decision.userID == "alice")
        #expect(decision.ignored == [.jwtDisabled])
    }

    @Test func bothFailingGivesTheTokensReason() async throws {
        let auth = try await authenticator()
        let name = auth.configuration.sessions.effectiveCookieName
        let decision = await auth.authenticate(request(cookie: "\(name)=\(SessionToken.generate().value)", bearer: try jwt("bob", exp: -3600)))
        #expect(decision.path == .both)
        #expect(decision.outcome == .invalid(.tokenExpired))
        #expect(decision.challenge == #"Bearer error="invalid_token", error_description="the token has expired""#)
        let cookieOnly = await auth.authenticate(request(cookie: "\(name)=\(SessionToken.generate().value)"))
        #expect(cookieOnly.path == .session)
        #expect(cookieOnly.outcome == .invalid(.sessionNotFound))
    }

    @Test func tokenWithoutSubIsRefused() async throws {
        let now = Int(clock.now.timeIntervalSince1970)
        let token = try tokens.token(alg: "HS256", claims: ["exp": now + 600])
        let decision = try await authenticator().authenticate(request(bearer: token))
        #expect(decision.outcome == .invalid(.missingSubject))
    }

    @Test func storeDownFailsClosed() async throws {
        let auth = try await authenticator()
        let cookie = try await session(auth, "alice")
        await store.setDown(true)
        let decision = await auth.authenticate(request(cookie: cookie, bearer: try jwt("alice")))
        #expect(decision.outcome == .refused(.storeUnavailable))
        // The token verified, but a refused decision carries no identity at all.
        #expect(decision.user == nil && decision.userID == nil && decision.claims == nil && decision.session == nil)
        #expect(decision.reason?.httpStatus == 503)
        // The usage event still names the token's client, not the User-Agent's family.
        let now = Int(clock.now.timeIntervalSince1970)
        let withClient = try tokens.token(alg: "HS256", claims: ["sub": "alice", "exp": now + 600, "iat": now - 10, "azp": "ios-app"])
        _ = await auth.authenticate(request(cookie: cookie, bearer: withClient))
        #expect(recorder.events.last.map { ($0.subject, $0.client) } ?? (nil, nil) == ("alice", "ios-app"))
        await store.setDown(false)
        #expect(await auth.authenticate(request(cookie: cookie)).path == .session)
    }

    @Test func idleAndAbsoluteTimeoutsAreEnforced() async throws {
        let auth = try await authenticator()
        let cookie = try await session(auth, "alice")
        clock.advance(11 * 3600)
        #expect(await auth.authenticate(request(cookie: cookie)).isAuthenticated)  // touched: idle moves on
        clock.advance(11 * 3600)
        #expect(await auth.authenticate(request(cookie: cookie)).isAuthenticated)
        clock.advance(13 * 3600)  // idle timeout is 12 h
        #expect(await auth.authenticate(request(cookie: cookie)).outcome == .invalid(.sessionExpired))

        let other = try await session(auth, "bob")
        for _ in 0..<16 {  // used every 11 h for over a week: the absolute lifetime (7 days) still ends it
            clock.advance(11 * 3600)
            _ = await auth.authenticate(request(cookie: other))
        }
        #expect(await auth.authenticate(request(cookie: other)).outcome == .invalid(.sessionExpired))
    }

    @Test func touchWritesAtMostOncePerInterval() async throws {
        let auth = try await authenticator()
        let cookie = try await session(auth, "alice")
        let key = try #require(await store.list(userID: "alice").first?.key)
        let created = try #require(await store.read(key)).lastSeenAt
        clock.advance(30)
        _ = await auth.authenticate(request(cookie: cookie))
        #expect(try await store.read(key)?.lastSeenAt == created)
        clock.advance(31)
        _ = await auth.authenticate(request(cookie: cookie))
        #expect(try await store.read(key)?.lastSeenAt == clock.now)
        #expect(try await store.read(key)?.version == 1)  // touching never rewrites the data
    }

    /// An authenticator with alice logged in: the cookie's name, alice's session value, and the same value with
    /// a stray low bit in its last character (the same bytes, not the canonical encoding).
    func aliceCookie() async throws -> (Authenticator<SessionUserResolver>, name: String, value: String, sibling: String) {
        let auth = try await authenticator()
        let cookie = try await session(auth, "alice")
        let name = auth.configuration.sessions.effectiveCookieName
        let value = String(cookie.dropFirst(name.count + 1))
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let sibling = String(value.dropLast()) + String(alphabet[alphabet.firstIndex(of: value.last!)! ^ 1])
        return (auth, name, value, sibling)
    }

    @Test func theDecisionReadsCookiesAsWritten() async throws {
        // The decision reads the cookie in a pass of its own; these outcomes are written out, not derived.
        let (auth, name, value, sibling) = try await aliceCookie()
        let cases: [([String], AuthDecision<SessionUser>.Outcome)] = [
            (["a=1;\t \(name)=\(value) \t; b=2"], .authenticated),
            (["x=1", "", ";;", "\(name)=\(value)"], .authenticated),
            (["\(name) =\(value)"], .anonymous),
            (["x\(name)=\(value); \(name)x=\(value)"], .anonymous),
            (["\(name)=bad!", "x=1; \(name)=\(value)"], .invalid(.duplicateSessionCookie)),
            (["\(name)=\(value); \(name)=\(value)"], .invalid(.duplicateSessionCookie)),
            (["\(name)=\(sibling)"], .invalid(.malformedCookie)),
            (["\(name)=\(value)="], .invalid(.malformedCookie)),
            (["\(name)=\(value.dropLast())"], .invalid(.malformedCookie)),
            (["\(name)="], .invalid(.malformedCookie)),
            (["\(name)=\(SessionToken.generate().value)"], .invalid(.sessionNotFound)),
        ]
        for (headers, expected) in cases {
            #expect(await auth.authenticate(AuthRequest(method: "GET", route: "/r", cookies: headers)).outcome == expected, "\(headers)")
        }
    }

    @Test func theDecisionReadsCookiesAsTheParsersDo() async throws {
        // The decision finds, decodes and hashes the cookie in one pass; it must agree with `SessionCookieValue`
        // followed by `SessionToken` on every header set, valid or not. (They share the scanner and the decoder,
        // which the literal tests in `EncodingTests` and `theDecisionReadsCookiesAsWritten` pin; this one holds
        // the two compositions together.)
        let (auth, name, value, sibling) = try await aliceCookie()
        let values = [
            value, sibling, String(value.dropLast()), value + "A", value + "=", "=" + value, "", " ", "\u{00e9}" + value.dropFirst(),
            String(value.dropLast(2)) + "==", String(repeating: "A", count: 43), String(repeating: "_", count: 43),
            SessionToken.generate().value, value.replacingOccurrences(of: String(value.first!), with: "+"),
        ]
        var headerSets: [[String]] = []
        for other in values {
            headerSets += [
                ["\(name)=\(other)"], ["a=1; \(name)=\(other) ;b=2"], ["\t\(name)=\(other)\t"], ["\(name) =\(other)"],
                ["x\(name)=\(other)"], ["\(name)=\(value)", "\(name)=\(other)"], ["\(name)=\(other); \(name)=\(other)"],
                [";;", "", "c=\(other)", "\(name)=\(other)"], ["\(name)=\(other)=x"],
            ]
        }
        var seen: [AuthDecision<SessionUser>.Outcome] = []
        for headers in headerSets {
            let expected: AuthDecision<SessionUser>.Outcome =
                switch SessionCookieValue(headers: headers, name: name) {
                case .absent: .anonymous
                case .malformed(let reason): .invalid(reason)
                case .value(let presented):
                    switch SessionToken(cookieValue: presented) {
                    case nil: .invalid(.malformedCookie)
                    case let token? where token.value == value: .authenticated
                    case _?: .invalid(.sessionNotFound)
                    }
                }
            let request = AuthRequest(method: "GET", route: "/r", cookies: headers)
            #expect(await auth.authenticate(request).outcome == expected, "\(headers)")
            if !seen.contains(expected) { seen.append(expected) }
        }
        // The corpus reaches every way a cookie can end.
        #expect(seen.count == 5, "\(seen)")
    }

    // MARK: CSRF

    @Test func csrfReadsRefererOriginsAsASCII() async throws {
        let auth = try await authenticator(csrf: CSRFSettings(ownOrigin: "https://bank.example"))
        let cookie = try await session(auth, "alice")
        // The Kelvin sign lower-cases to "k": Unicode lower-casing read this host as ours.
        for referer in ["https://ban\u{212A}.example/x", "https://bank.example\u{301}/x", "https://bank.example /x"] {
            let decision = await auth.authenticate(request("POST", cookie: cookie, referer: referer))
            #expect(decision.outcome == .refused(.crossSiteRequest), "\(referer)")
        }
        #expect(await auth.authenticate(request("POST", cookie: cookie, referer: "HTTPS://BANK.example/form?x")).isAuthenticated)
        #expect(await auth.authenticate(request("POST", cookie: cookie, referer: "https://bank.example")).isAuthenticated)
    }

    @Test func csrfRefusesForeignOriginsOnCookieWrites() async throws {
        let auth = try await authenticator(csrf: CSRFSettings(allowedOrigins: ["https://admin.example"]))
        let cookie = try await session(auth, "alice")
        let refused: [(String?, String?, String?)] = [
            ("https://evil.example", nil, nil), ("null", nil, nil), ("https://app.example:8443", nil, nil),
            ("http://app.example", nil, nil), ("https://app.example.", nil, nil), ("https://app.example.evil.example", nil, nil),
            (nil, "cross-site", nil), ("https://app.example", "same-site", nil), (nil, nil, "https://evil.example/page"),
            // Two headers read as one (the adapters join repeated fields) and unknown fetch metadata fail closed.
            ("https://app.example", "same-origin, cross-site", nil), ("https://app.example", "sideways", nil),
            ("https://app.example, https://evil.example", nil, nil), (nil, nil, "https://app.example/form, https://evil.example/x"),
            // The second value starts with a combining mark: as characters, ", " is not in the joined text.
            (nil, nil, "https://app.example/form, \u{301}https://evil.example/x"),
            // An allowed origin with fetch metadata that is not one of the four values; a look-alike of it.
            ("https://admin.example", "cross-site, same-origin", nil), ("https://admin.example.", "same-site", nil),
            ("https://evil.example", "cross-site", "https://admin.example/form"),
        ]
        for (origin, site, referer) in refused {
            let decision = await auth.authenticate(request("POST", cookie: cookie, origin: origin, site: site, referer: referer))
            #expect(decision.outcome == .refused(.crossSiteRequest), "\(origin ?? "-") \(site ?? "-") \(referer ?? "-")")
            #expect(decision.reason?.httpStatus == 403)
        }
        let allowed: [(String?, String?, String?)] = [
            ("https://app.example", "same-origin", nil), ("https://admin.example", nil, nil), (nil, nil, "https://app.example/form"),
            (nil, nil, nil), ("https://app.example", "none", nil), ("https://app.example", "Same-Origin", nil),
            // What browsers send from an allowed origin's page: another site, or a sibling of the same site.
            ("https://admin.example", "cross-site", nil), ("https://admin.example", "same-site", nil),
        ]
        for (origin, site, referer) in allowed {
            let decision = await auth.authenticate(request("POST", cookie: cookie, origin: origin, site: site, referer: referer))
            #expect(decision.isAuthenticated, "\(origin ?? "-") \(site ?? "-") \(referer ?? "-")")
        }
        #expect(await auth.authenticate(request("GET", cookie: cookie, origin: "https://evil.example", site: "cross-site")).isAuthenticated)
    }

    @Test func bearerOnlyWritesAreExemptButACookieNeverIs() async throws {
        let auth = try await authenticator()
        let cookie = try await session(auth, "alice")
        let bearerOnly = await auth.authenticate(request("POST", bearer: try jwt("alice"), origin: "https://evil.example", site: "cross-site"))
        #expect(bearerOnly.path == .jwt && bearerOnly.isAuthenticated)
        let both = await auth.authenticate(request("DELETE", cookie: cookie, bearer: try jwt("alice"), origin: "https://evil.example"))
        #expect(both.outcome == .refused(.crossSiteRequest))
        #expect(both.user == nil && both.userID == nil && both.claims == nil && both.session == nil)
    }

    @Test func csrfUsesTheConfiguredOrigin() async throws {
        let auth = try await authenticator(csrf: CSRFSettings(ownOrigin: "https://www.example"))
        let cookie = try await session(auth, "alice")
        #expect(await auth.authenticate(request("POST", cookie: cookie, origin: "https://www.example")).isAuthenticated)
        #expect(await auth.authenticate(request("POST", cookie: cookie, origin: "https://app.example")).outcome == .refused(.crossSiteRequest))
    }

    // MARK: Login, logout, upgrade, issuance

    @Test func loginNeverAdoptsAPresentedSession() async throws {
        let auth = try await authenticator()
        let old = try await session(auth, "alice")
        let result = try await auth.login(SessionUser(id: "alice"), request: request("POST", cookie: old))
        #expect(await auth.authenticate(request(cookie: old)).outcome == .invalid(.sessionNotFound))
        #expect(!old.hasSuffix(result.sessionToken.value))
        #expect(result.responseHeaders.first?.value.hasPrefix("__Host-authbridge_session=\(result.sessionToken.value); Max-Age=604800; Path=/; HttpOnly; SameSite=Lax; Secure") == true)
        let jwt = try #require(result.jwt)
        #expect(await auth.authenticate(request(bearer: jwt)).userID == "alice")
    }

    /// Login CSRF: a foreign page must not log the browser into an account of its choosing.
    @Test func aLoginFromAForeignPageIsRefused() async throws {
        let auth = try await authenticator(csrf: CSRFSettings(allowedOrigins: ["https://admin.example"]))
        let refused = AuthErrorResponse(reason: .crossSiteRequest, challenge: "Bearer")
        for (origin, site) in [("https://evil.example", "cross-site"), ("null", nil), (nil, "cross-site"), ("https://evil.example", nil)] {
            await #expect(throws: refused, "\(origin ?? "-") \(site ?? "-")") {
                try await auth.login(SessionUser(id: "mallory"), request: request("POST", origin: origin, site: site))
            }
        }
        #expect(try await store.list(userID: "mallory").isEmpty)
        // A sign-in callback an identity provider posts from its own page (OIDC form_post) opts out.
        let callback = try await auth.login(
            SessionUser(id: "carol"), request: request("POST", origin: "https://idp.example", site: "cross-site"),
            allowingCrossSite: true)
        #expect(callback.session.userID == "carol")
        // The own page, an allowed origin, and clients that send no browser signal (apps, scripts) log in.
        for (origin, site) in [("https://app.example", "same-origin"), ("https://admin.example", "cross-site"), (nil, nil)] {
            let result = try await auth.login(SessionUser(id: "alice"), request: request("POST", origin: origin, site: site))
            #expect(result.session.userID == "alice", "\(origin ?? "-") \(site ?? "-")")
        }
    }

    /// Two session cookies (refused by the decision) are both ended by logout and by login.
    @Test func logoutAndLoginEndEverySessionCookiePresented() async throws {
        let auth = try await authenticator()
        let first = try await session(auth, "alice")
        let second = try await session(auth, "alice")
        let both = AuthRequest(method: "POST", route: "/logout", cookies: ["\(first); \(second)"], host: "app.example", scheme: "https")
        #expect(await auth.authenticate(both).outcome == .invalid(.duplicateSessionCookie))
        _ = try await auth.logout(both)
        #expect(await auth.authenticate(request(cookie: first)).outcome == .invalid(.sessionNotFound))
        #expect(await auth.authenticate(request(cookie: second)).outcome == .invalid(.sessionNotFound))
        let third = try await session(auth, "alice")
        let fourth = try await session(auth, "alice")
        let twoHeaders = AuthRequest(method: "POST", route: "/login", cookies: [third, fourth], host: "app.example", scheme: "https")
        _ = try await auth.login(SessionUser(id: "alice"), request: twoHeaders)
        #expect(await auth.authenticate(request(cookie: third)).outcome == .invalid(.sessionNotFound))
        #expect(await auth.authenticate(request(cookie: fourth)).outcome == .invalid(.sessionNotFound))
        // At most four distinct ids per request: a header stuffed with ids costs the store at most four deletes.
        var six: [String] = []
        for _ in 0..<6 { six.append(try await session(auth, "alice")) }
        let stuffed = AuthRequest(
            method: "POST", route: "/logout", cookies: [([six[0]] + six).joined(separator: "; ")], host: "app.example",
            scheme: "https")
        _ = try await auth.logout(stuffed)
        for (index, cookie) in six.enumerated() {
            #expect(await auth.authenticate(request(cookie: cookie)).isAuthenticated == (index >= 4), "cookie \(index)")
        }
    }

    @Test func issuanceOffReturnsNoTokenButOldTokensStillWork() async throws {
        let issued = try await authenticator().login(SessionUser(id: "alice"), request: request("POST"))
        let auth = try await authenticator(policy: JWTPolicy(issue: false))
        let result = try await auth.login(SessionUser(id: "alice"), request: request("POST"))
        #expect(result.jwt == nil)
        let oldToken = try #require(issued.jwt as String?)
        #expect(await auth.authenticate(request(bearer: oldToken)).userID == "alice")
    }

    @Test func logoutEndsTheSessionOnTheServerOnly() async throws {
        let auth = try await authenticator()
        let first = try await session(auth, "alice")
        let second = try await session(auth, "alice")
        let headers = try await auth.logout(request("POST", cookie: first))
        #expect(headers == [HTTPHeaderField("Set-Cookie", "__Host-authbridge_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax; Secure")])
        #expect(await auth.authenticate(request(cookie: first)).outcome == .invalid(.sessionNotFound))
        #expect(await auth.authenticate(request(cookie: second)).isAuthenticated)
    }

    @Test func upgradeGivesJWTClientsASessionThatOutlivesARollback() async throws {
        let auth = try await authenticator(policy: JWTPolicy(upgrade: true))
        let decision = await auth.authenticate(request(bearer: try jwt("carol")))
        #expect(decision.path == .jwt)
        let setCookie = try #require(decision.responseHeaders.first { $0.name == "Set-Cookie" }?.value)
        let cookie = String(setCookie.prefix { $0 != ";" })
        let upgraded = await auth.authenticate(request(cookie: cookie))
        #expect(upgraded.path == .session && upgraded.userID == "carol")
        // Rolling the flag back (upgrade off, JWT accepted) keeps the session valid.
        let rolledBack = try await authenticator(policy: JWTPolicy(upgrade: false))
        #expect(await rolledBack.authenticate(request(cookie: cookie)).userID == "carol")
        // A request that already has a valid session is not upgraded again.
        let both = await auth.authenticate(request(cookie: cookie, bearer: try jwt("carol")))
        #expect(both.path == .both && !both.responseHeaders.contains { $0.name == "Set-Cookie" })
    }

    @Test func aTokenIsUpgradedAtMostOncePerInterval() async throws {
        let auth = try await authenticator(policy: JWTPolicy(upgrade: true, upgradeInterval: 600))
        func upgrades(_ token: String) async -> Bool {
            await auth.authenticate(request(bearer: token)).responseHeaders.contains { $0.name == "Set-Cookie" }
        }
        let carol = try jwt("carol", exp: 3600)
        #expect(await upgrades(carol))
        // The same token without its cookie: still authenticated, but no second session.
        let again = await auth.authenticate(request(bearer: carol))
        #expect(again.isAuthenticated && again.path == .jwt && again.userID == "carol")
        #expect(!again.responseHeaders.contains { $0.name == "Set-Cookie" })
        #expect(try await store.list(userID: "carol").count == 1)
        // Another token (another user, or the same user's next token) is upgraded on its own.
        #expect(await upgrades(try jwt("dave", exp: 3600)))
        #expect(await upgrades(try jwt("carol", exp: 3000)))
        clock.advance(599)
        #expect(!(await upgrades(carol)))
        clock.advance(1)
        #expect(await upgrades(carol))
        #expect(try await store.list(userID: "carol").count == 3)
        // An upgrade the store could not save does not count: the next request tries again.
        let erin = try jwt("erin", exp: 3600)
        await store.setDown(true)
        #expect(!(await upgrades(erin)))
        await store.setDown(false)
        #expect(await upgrades(erin))
        // Off with a zero interval: every request is upgraded (the old behaviour).
        let eager = try await authenticator(policy: JWTPolicy(upgrade: true, upgradeInterval: 0))
        let dave = try jwt("dave", exp: 3600)
        for _ in 0..<3 { _ = await eager.authenticate(request(bearer: dave)) }
        #expect(try await store.list(userID: "dave").count == 4)
    }

    /// An ECDSA signature has a second valid form, (r, n − s): that twin carries the same claims, so it is not
    /// upgraded again within the interval.
    @Test func aTokenWithItsECDSASignatureReencodedIsNotUpgradedAgain() async throws {
        let keys = try await JWTKeySet.load([.pem(Fixtures.p256Public, algorithm: "ES256")])
        let auth = Authenticator(
            configuration: AuthBridgeConfiguration(
                jwt: JWTSettings(keys: keys), policy: JWTPolicy(upgrade: true, upgradeInterval: 600)),
            store: store, resolver: SessionUserResolver(), now: clock.function)
        let now = Int(clock.now.timeIntervalSince1970)
        let token = try await TokenFactory.es256().token(alg: "ES256", claims: ["sub": "carol", "exp": now + 600, "iat": now - 10])
        let twin = Self.withComplementedS(token)
        #expect(twin != token)
        let first = await auth.authenticate(request(bearer: token))
        #expect(first.responseHeaders.contains { $0.name == "Set-Cookie" })
        let second = await auth.authenticate(request(bearer: twin))
        #expect(second.isAuthenticated && second.userID == "carol", "the twin is a valid token")
        #expect(!second.responseHeaders.contains { $0.name == "Set-Cookie" })
        #expect(try await store.list(userID: "carol").count == 1)
    }

    /// `token` with its ES256 signature's s replaced by n − s, n being P-256's group order.
    static func withComplementedS(_ token: String) -> String {
        let order: [UInt8] = [
            0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
            0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
        ]
        let dot = token.lastIndex(of: ".")!
        var signature = Base64URL.decode(Array(token[token.index(after: dot)...].utf8))!
        var borrow = 0
        for index in (0..<32).reversed() {
            let difference = Int(order[index]) - Int(signature[32 + index]) - borrow
            signature[32 + index] = UInt8((difference + 256) % 256)
            borrow = difference < 0 ? 1 : 0
        }
        return token[...dot] + Base64URL.encode(signature)
    }

    @Test func cutOverRevokesOlderTokens() async throws {
        let auth = try await authenticator(policy: JWTPolicy(issuedAfter: clock.now))
        #expect(await auth.authenticate(request(bearer: try jwt("bob", iat: -10))).outcome == .invalid(.jwtRevokedByCutover))
        #expect(await auth.authenticate(request(bearer: try jwt("bob", iat: 5))).isAuthenticated)
        let now = Int(clock.now.timeIntervalSince1970)
        let noIat = try tokens.token(alg: "HS256", claims: ["sub": "bob", "exp": now + 600])
        #expect(await auth.authenticate(request(bearer: noIat)).outcome == .invalid(.jwtRevokedByCutover))
    }

    @Test func dryRunRecordsButLetsThrough() async throws {
        let auth = try await authenticator(policy: JWTPolicy(mode: .off, dryRun: true))
        let decision = await auth.authenticate(request(bearer: try jwt("bob")))
        #expect(decision.isAuthenticated && decision.wouldRefuse == .jwtDisabled)
        #expect(recorder.events.last?.wouldRefuse == "jwt_disabled")
    }

    // MARK: Usage events and logs

    @Test func everyDecisionRecordsExactlyOneEventAndOneLogLine() async throws {
        let auth = try await authenticator()
        let cookie = try await session(auth, "alice")
        let token = try jwt("alice")
        let requests = [
            request(), request(cookie: cookie), request(bearer: token), request(cookie: cookie, bearer: token),
            request(cookie: cookie, bearer: try jwt("bob")), request(bearer: "bad"),
        ]
        recorder.removeAll()
        logs.clear()
        for item in requests { _ = await auth.authenticate(item) }
        #expect(recorder.events.map(\.path) == [.none, .session, .jwt, .both, .both, .jwt])
        #expect(recorder.events.map(\.outcome) == [.anonymous, .authenticated, .authenticated, .authenticated, .refused, .invalid])
        #expect(recorder.events.map(\.reason) == [nil, nil, nil, nil, "credential_mismatch", "malformed_token"])
        #expect(recorder.events.allSatisfy { $0.route == "/api/things/:id" && $0.method == "GET" })
        #expect(recorder.events[2].subject == "alice")
        let lines = logs.entries.filter { $0.message == "auth decision" }
        #expect(lines.count == requests.count)
        for line in lines {
            #expect(line.metadata["auth.path"] != nil && line.metadata["auth.outcome"] != nil)
            #expect(line.metadata["http.route"] == "/api/things/:id" && line.metadata["http.method"] == "GET")
        }
    }

    @Test func logsNeverContainTokensOrCookies() async throws {
        let auth = try await authenticator(policy: JWTPolicy(upgrade: true))
        let login = try await auth.login(SessionUser(id: "alice"), request: request("POST"))
        let secrets = [login.sessionToken.value, try #require(login.jwt), try jwt("bob"), try jwt("alice", exp: -99)]
        let cookie = "__Host-authbridge_session=\(login.sessionToken.value)"
        _ = await auth.authenticate(request(cookie: cookie, bearer: secrets[2]))
        _ = await auth.authenticate(request(bearer: secrets[2]))
        _ = await auth.authenticate(request(cookie: cookie, bearer: secrets[3]))
        _ = try await auth.logout(request(cookie: cookie))
        _ = await auth.authenticate(request(cookie: cookie))
        let text = logs.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
        #expect(!text.isEmpty)
        for secret in secrets {
            #expect(!text.contains(secret))
            #expect(!text.contains(String(secret.prefix(20))))
        }
        for event in recorder.events {
            #expect(!secrets.contains { "\(event)".contains($0) })
        }
    }

    @Test func userAgentFamilies() {
        #expect(UsageEvent.clientFamily(userAgent: "curl/8.5.0") == "curl")
        #expect(UsageEvent.clientFamily(userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36") == "Chrome")
        #expect(UsageEvent.clientFamily(userAgent: "okhttp/4.12.0") == "okhttp")
        #expect(UsageEvent.clientFamily(userAgent: "MyApp/2.1 (iPhone)") == "MyApp")
        #expect(UsageEvent.clientFamily(userAgent: nil) == nil)
        #expect(UsageEvent.clientFamily(userAgent: "") == nil)
        let edge = "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0"
        #expect(UsageEvent.clientFamily(userAgent: edge) == "Edge")
        #expect(UsageEvent.clientFamily(userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0") == "Firefox")
        #expect(UsageEvent.clientFamily(userAgent: String(repeating: "x", count: 40) + "/1") == String(repeating: "x", count: 32))
        // A product name that is not printable ASCII is not kept: no terminal controls, no kilobytes in a character.
        #expect(UsageEvent.clientFamily(userAgent: "\u{1B}[2Jevil/1.0") == "other")
        #expect(UsageEvent.clientFamily(userAgent: "a" + String(repeating: "\u{301}", count: 5_000)) == "other")
        #expect(UsageEvent.clientFamily(userAgent: "Café/1.0") == "other")
    }

    /// A request no route matched is judged on its path but counted under one route, so requests for arbitrary
    /// paths and methods cannot grow the usage data (each distinct key is a row kept for good in the day table).
    @Test func unmatchedRequestsAreCountedTogether() async throws {
        let auth = try await authenticator(policy: JWTPolicy(offRoutes: [try RoutePattern("/files/**")]))
        let token = try jwt("alice")
        let decided = await auth.authenticate(
            AuthRequest(method: "GET", route: "/files/a.txt", routeMatched: false, authorization: ["Bearer \(token)"]))
        #expect(decided.reason == .jwtDisabledForRoute, "the policy still matches the path")
        for (method, path) in [("GET", "/x/1"), ("GET", "/x/2"), ("PROPFIND", "/x/3"), ("DELETE", "/x/4")] {
            _ = await auth.authenticate(AuthRequest(method: method, route: path, routeMatched: false))
        }
        _ = await auth.authenticate(AuthRequest(method: "PROPFIND", route: "/dav/:id"))
        #expect(recorder.events.map(\.route) == Array(repeating: UsageEvent.unmatchedRoute, count: 5) + ["/dav/:id"])
        #expect(recorder.events.map(\.method) == ["GET", "GET", "GET", "OTHER", "DELETE", "PROPFIND"])
        #expect(logs.entries.contains { $0.metadata["http.route"] == "/x/3" }, "the log line keeps the path")
    }

    @Test func userAgentFamiliesStayRightPastTheCache() {
        // More distinct User-Agents than the cache holds: every answer is still the classification's.
        for index in 0..<2_500 {
            #expect(UsageEvent.clientFamily(userAgent: "tool\(index)/1.0") == "tool\(index)")
            if index % 500 == 0 { #expect(UsageEvent.clientFamily(userAgent: "curl/8.\(index)") == "curl") }
        }
        #expect(UsageEvent.clientFamily(userAgent: "tool7/1.0") == "tool7")
    }

    @Test func methodsAreUpperCased() {
        #expect(AuthRequest(method: "get", route: "/").method == "GET")
        #expect(AuthRequest(method: "pAtCh", route: "/").method == "PATCH")
        #expect(AuthRequest(method: "DELETE", route: "/").method == "DELETE")
    }
}
