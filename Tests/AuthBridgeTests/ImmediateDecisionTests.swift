import AuthBridge
import AuthBridgeTesting
import Foundation
import Testing

/// `authenticateImmediately` against `authenticate`: the same decision, usage event and headers, without
/// suspending when the cache, the verifier and the resolver hold everything, and a pending decision otherwise.
struct ImmediateDecisionTests {
    let clock = TestClock()
    let store = MemorySessionStore()
    let tokens: TokenFactory

    init() async throws {
        tokens = await .hmac()
    }

    /// Two authenticators on one memory store: `waiting` reads it directly (every read suspends), `immediate`
    /// through a cache.
    struct Pair {
        let waiting: Authenticator<SessionUserResolver>
        let waitingEvents: MemoryUsageRecorder
        let immediate: Authenticator<SessionUserResolver>
        let immediateEvents: MemoryUsageRecorder
    }

    func pair(policy: JWTPolicy = JWTPolicy()) async throws -> Pair {
        let keys = try await JWTKeySet.load([.hmac(secret: Fixtures.hmacSecret)])
        let configuration = AuthBridgeConfiguration(jwt: JWTSettings(keys: keys), policy: policy)
        let (waitingEvents, immediateEvents) = (MemoryUsageRecorder(), MemoryUsageRecorder())
        return Pair(
            waiting: Authenticator(
                configuration: configuration, store: store, resolver: SessionUserResolver(), recorder: waitingEvents,
                now: clock.function),
            waitingEvents: waitingEvents,
            immediate: Authenticator(
                configuration: configuration, store: CachedSessionStore(wrapping: store, maximumAge: .seconds(3600)),
                resolver: SessionUserResolver(), recorder: immediateEvents, now: clock.function),
            immediateEvents: immediateEvents
        )
    }

    func jwt(_ sub: String, exp: TimeInterval = 600) throws -> String {
        let now = clock.now.timeIntervalSince1970
        return try tokens.token(alg: "HS256", claims: ["sub": sub, "exp": Int(now + exp), "iat": Int(now - 10)])
    }

    func cookie(_ auth: Authenticator<SessionUserResolver>, _ id: String) async throws -> String {
        let result = try await auth.login(SessionUser(id: id), request: AuthRequest(method: "POST", route: "/login"))
        return "\(auth.configuration.sessions.effectiveCookieName)=\(result.sessionToken.value)"
    }

    func request(_ method: String = "GET", cookie: String? = nil, bearer: String? = nil, origin: String? = nil) -> AuthRequest {
        AuthRequest(
            method: method, route: "/api/things/:id", authorization: bearer.map { ["Bearer \($0)"] } ?? [],
            cookies: cookie.map { [$0] } ?? [], origin: origin, host: "app.example", scheme: "https")
    }

    /// What the two paths must agree on.
    struct Summary: Equatable, CustomStringConvertible {
        var path: CredentialPath
        var outcome: AuthDecision<SessionUser>.Outcome
        var userID: String?
        var sessionKey: SessionKey?
        var ignored: [RefusalReason]
        var wouldRefuse: RefusalReason?
        var headers: [String]

        init(_ decision: AuthDecision<SessionUser>) {
            path = decision.path
            outcome = decision.outcome
            userID = decision.userID
            sessionKey = decision.session?.key
            ignored = decision.ignored
            wouldRefuse = decision.wouldRefuse
            headers = decision.responseHeaders.map { "\($0.name): \($0.name == "Set-Cookie" ? "…" : $0.value)" }
        }

        var description: String { "\(path) \(outcome) \(userID ?? "-") ignored=\(ignored) headers=\(headers)" }
    }

    /// The immediate decision, which must not wait.
    func decided(_ auth: Authenticator<SessionUserResolver>, _ request: AuthRequest) -> AuthDecision<SessionUser>? {
        guard case .decided(let decision) = auth.authenticateImmediately(request) else { return nil }
        return decision
    }

    @Test func everyRowOfTheTableDecidesAlikeWithoutWaiting() async throws {
        let auth = try await pair(policy: JWTPolicy(offRoutes: [try RoutePattern("/api/admin/**")], deprecation: clock.now))
        let alice = try await cookie(auth.waiting, "alice")
        let expired = try jwt("alice", exp: -120)
        let name = auth.waiting.configuration.sessions.effectiveCookieName
        let requests: [(String, AuthRequest)] = [
            ("nothing", request()),
            ("session", request(cookie: alice)),
            ("jwt", request(bearer: try jwt("bob"))),
            ("both, same user", request(cookie: alice, bearer: try jwt("alice"))),
            ("both, other users", request(cookie: alice, bearer: try jwt("bob"))),
            ("session and an expired jwt", request(cookie: alice, bearer: expired)),
            ("a forged cookie and a jwt", request(cookie: "\(name)=" + String(repeating: "A", count: 43), bearer: try jwt("bob"))),
            ("an expired jwt alone", request(bearer: expired)),
            ("a malformed cookie", request(cookie: "\(name)=%%%")),
            ("an unsafe method without origin", request("POST", cookie: alice)),
            ("an unsafe method, same origin", request("POST", cookie: alice, origin: "https://app.example")),
            ("jwt on a route where it is off", AuthRequest(method: "GET", route: "/api/admin/users", authorization: ["Bearer \(try jwt("bob"))"])),
        ]
        // The cache learns each session (or its absence) on its first read; the second round must not wait.
        for (_, request) in requests { _ = await auth.immediate.authenticate(request) }
        auth.immediateEvents.removeAll()
        for (name, request) in requests {
            let expected = Summary(await auth.waiting.authenticate(request))
            let immediate = try #require(decided(auth.immediate, request), "\(name) waited")
            #expect(Summary(immediate) == expected, "\(name)")
        }
        #expect(auth.immediateEvents.events == auth.waitingEvents.events)
        #expect(auth.immediateEvents.events.count == requests.count)
    }

    @Test func aColdCacheWaitsOnceThenDecidesAtOnce() async throws {
        let auth = try await pair()
        let alice = try await cookie(auth.waiting, "alice")
        guard case .pending(let pending) = auth.immediate.authenticateImmediately(request(cookie: alice)) else {
            Issue.record("a session the cache has not seen was decided without reading the store")
            return
        }
        #expect(auth.immediateEvents.events.isEmpty)  // recorded when the decision finishes, not before
        #expect(await pending.decide().userID == "alice")
        #expect(auth.immediateEvents.events.count == 1)
        #expect(decided(auth.immediate, request(cookie: alice))?.userID == "alice")
        #expect(auth.immediateEvents.events.count == 2)
    }

    @Test func theDeciderStartsAtOnceOnlyWhenNothingWaits() async throws {
        let auth = try await pair()
        let decide = RequestAuthentication.decider(for: auth.immediate)
        let alice = try await cookie(auth.waiting, "alice")
        // Cold: the record is read when the wait is called, and the request travels with it.
        guard case .pending(let finish) = decide(request("POST", cookie: alice, origin: "https://app.example")) else {
            Issue.record("a session the cache has not seen was decided without reading the store")
            return
        }
        let cold = await finish()
        #expect(cold.user?.id == "alice")
        #expect(cold.request.method == "POST" && cold.request.origin == "https://app.example")
        // Warm: decided in the call, the same way.
        guard case .decided(let warm) = decide(request(cookie: alice)) else {
            Issue.record("a cached session was not decided at once")
            return
        }
        #expect(warm.user?.id == "alice")
        #expect(warm.decision.session?.key == cold.decision.session?.key)
        guard case .decided(let mismatch) = decide(request(cookie: alice, bearer: try jwt("bob"))) else {
            Issue.record("a refusal that needs nothing from the store waited")
            return
        }
        #expect(mismatch.decision.outcome == .refused(.credentialMismatch))
        #expect(mismatch.refusalResponse?.status == 401)
        #expect(auth.immediateEvents.events.map(\.outcome) == [.authenticated, .authenticated, .refused])
    }

    @Test func aDueTouchWaitsAndIsWritten() async throws {
        let auth = try await pair()
        let alice = try await cookie(auth.immediate, "alice")
        #expect(decided(auth.immediate, request(cookie: alice))?.userID == "alice")
        clock.advance(61)  // past the default touch interval
        guard case .pending(let pending) = auth.immediate.authenticateImmediately(request(cookie: alice)) else {
            Issue.record("a touch that was due was skipped")
            return
        }
        let decision = await pending.decide()
        let key = try #require(decision.session?.key)
        #expect(try await store.read(key)?.lastSeenAt == clock.now)
        #expect(decided(auth.immediate, request(cookie: alice))?.session?.lastSeenAt == clock.now)
    }

    @Test func anUpgradeWaitsForItsSession() async throws {
        let auth = try await pair(policy: JWTPolicy(upgrade: true))
        let bearer = try jwt("carol")
        guard case .pending(let pending) = auth.immediate.authenticateImmediately(request(bearer: bearer)) else {
            Issue.record("an upgrade was decided without creating its session")
            return
        }
        let decision = await pending.decide()
        let setCookie = try #require(decision.responseHeaders.first { $0.name == "Set-Cookie" })
        let cookie = String(setCookie.value.prefix { $0 != ";" })
        #expect(decided(auth.immediate, request(cookie: cookie))?.userID == "carol")
        // Within the upgrade interval the same token gets no second session, so nothing waits.
        #expect(decided(auth.immediate, request(bearer: bearer))?.responseHeaders.contains { $0.name == "Set-Cookie" } == false)
    }

    @Test func aResolverThatMustWaitIsAwaited() async throws {
        let keys = try await JWTKeySet.load([.hmac(secret: Fixtures.hmacSecret)])
        let resolver = ClosureUserResolver<String>(
            forToken: { $0.subject.map { "user:\($0)" } }, forSession: { "user:\($0.user.id)" }, id: { $0 },
            sessionUser: { SessionUser(id: $0) })
        let auth = Authenticator(
            configuration: AuthBridgeConfiguration(jwt: JWTSettings(keys: keys)),
            store: CachedSessionStore(wrapping: store), resolver: resolver, now: clock.function)
        guard case .pending(let pending) = auth.authenticateImmediately(request(bearer: try jwt("dave"))) else {
            Issue.record("a resolver without immediate answers was not awaited")
            return
        }
        #expect(await pending.decide().user == "user:dave")

        // A session the cache holds: the record is read at once, the user still awaited, and the session kept.
        let login = try await auth.login(SessionUser(id: "erin"), request: AuthRequest(method: "POST", route: "/login"))
        let erin = request(cookie: "\(auth.configuration.sessions.effectiveCookieName)=\(login.sessionToken.value)")
        _ = await auth.authenticate(erin)
        guard case .pending(let session) = auth.authenticateImmediately(erin) else {
            Issue.record("a session user the resolver cannot answer at once was not awaited")
            return
        }
        let decision = await session.decide()
        #expect(decision.user == "user:erin")
        #expect(decision.path == .session)
        #expect(decision.session?.key == login.sessionToken.key)
    }

    @Test func aStoreThatFailsStillRefuses() async throws {
        let auth = try await pair()
        let alice = try await cookie(auth.waiting, "alice")
        await store.setDown(true)
        // The cache has not seen the session, so the decision must read the store, which fails closed.
        guard case .pending(let pending) = auth.immediate.authenticateImmediately(request(cookie: alice)) else {
            Issue.record("a session the cache has not seen was decided without the store")
            return
        }
        #expect(await pending.decide().outcome == .refused(.storeUnavailable))
        #expect(await auth.immediate.authenticate(request(cookie: alice)).outcome == .refused(.storeUnavailable))
        #expect(auth.immediateEvents.events.map(\.outcome) == [.refused, .refused])
    }
}
