public import Foundation
public import Logging

/// The dual-mode decision: accepts a session cookie or a bearer JWT on every request and says which path
/// applies, who the user is, or why not.
///
/// Precedence, in one table:
///
/// | session cookie | bearer JWT | result |
/// |---|---|---|
/// | valid | valid, same user | `both`, authenticated |
/// | valid | valid, other user | refused: `credential_mismatch` |
/// | valid | absent or failing | `session`, authenticated (the failing JWT is ignored and logged) |
/// | absent or failing | valid | `jwt`, authenticated (the failing cookie is ignored and logged) |
/// | failing | failing | `invalid` with the JWT's reason (else the cookie's) |
/// | absent | absent | `none`, anonymous |
///
/// A request the cookie authenticates (`session` or `both`) with an unsafe method passes the CSRF check, even
/// when it also carries a valid bearer token. A store that cannot answer refuses the request
/// (`store_unavailable`): it never counts as logged in.
///
/// ```swift
/// let auth = Authenticator(configuration: config, store: store, resolver: SessionUserResolver())
/// let decision = await auth.authenticate(AuthRequest(method: "GET", route: "/api/me", cookies: cookieHeaders))
/// ```
public struct Authenticator<Resolver: UserResolver>: Sendable {
    /// The application's user type.
    public typealias User = Resolver.User

    /// The configuration in force.
    public var configuration: AuthBridgeConfiguration { state.configuration }
    /// The session store.
    public var store: any SessionStore { state.store }
    /// The application's user mapping.
    public var resolver: Resolver { state.resolver }
    /// Where usage events go.
    public var recorder: any UsageRecorder { state.recorder }

    /// Everything an authenticator holds, shared by its copies: adapters copy the authenticator into every
    /// request, and a copy then costs one retain.
    final class State: Sendable {
        let configuration: AuthBridgeConfiguration
        let store: any SessionStore
        let resolver: Resolver
        let recorder: any UsageRecorder
        let verifier: JWTVerifier?
        let issuer: JWTIssuer?
        let upgrades = UpgradeLimiter(capacity: UpgradeLimiter.defaultCapacity)
        /// The keys of session tokens presented before, so a repeat request skips the SHA-256.
        let sessionKeys = SessionKeyMemo()
        let logger: Logger
        let now: @Sendable () -> Date
        /// `configuration.sessions.effectiveCookieName`, built once.
        let cookieName: String

        init(
            configuration: AuthBridgeConfiguration, store: any SessionStore, resolver: Resolver,
            recorder: any UsageRecorder, logger: Logger, now: @escaping @Sendable () -> Date
        ) {
            self.configuration = configuration
            self.store = store
            self.resolver = resolver
            self.recorder = recorder
            self.logger = logger
            self.now = now
            self.verifier = configuration.jwt.map(JWTVerifier.init(settings:))
            self.issuer = configuration.jwt.flatMap { try? JWTIssuer(settings: $0) }
            self.cookieName = configuration.sessions.effectiveCookieName
        }
    }
    let state: State

    /// Creates an authenticator.
    /// - Parameters:
    ///   - configuration: keys, cookie, lifetimes, policy and CSRF settings.
    ///   - store: the session store.
    ///   - resolver: maps credentials to the application's user.
    ///   - recorder: receives one usage event per decision.
    ///   - logger: receives one structured line per decision; no token, cookie or password is ever logged.
    ///   - now: the wall clock (tests pass a fixed one); by default ``CoarseClock/date()``, read on every request.
    public init(
        configuration: AuthBridgeConfiguration,
        store: any SessionStore,
        resolver: Resolver,
        recorder: any UsageRecorder = DiscardingUsageRecorder(),
        logger: Logger = Logger(label: "authbridge", factory: { _ in SwiftLogNoOpLogHandler() }),
        now: @escaping @Sendable () -> Date = { CoarseClock.date() }
    ) {
        state = State(
            configuration: configuration, store: store, resolver: resolver, recorder: recorder, logger: logger, now: now)
    }

    // MARK: - Deciding

    /// Decides a request. Records exactly one usage event and logs exactly one line.
    // Pre-specialized for the built-in resolver: generic code looks its types up at run time on every request.
    // Both forms, here and on every pre-specialized entry point: the plain one lets the generic entry dispatch to
    // the specialization (generic callers, such as Hummingbird's middleware); the exported one lets callers with
    // concrete types link to it directly. The exported form alone drops the dispatch (measured: +0.9 µs per
    // Hummingbird request).
    @_specialize(where Resolver == SessionUserResolver)
    @_specialize(exported: true, where Resolver == SessionUserResolver)
    public func authenticate(_ request: AuthRequest) async -> AuthDecision<User> {
        var draft = begin(request)
        await complete(request, &draft)
        return draft.decision
    }

    /// Decides a request without suspending when everything the decision needs is in memory: a fresh
    /// ``CachedSessionStore`` entry, a token the verifier has cached or checks at once, a resolver that answers
    /// ``UserResolver/userImmediately(forSession:)`` — and no touch or upgrade session due. Otherwise returns the
    /// decision half made; ``PendingDecision/decide()`` finishes it. Either way the decision is the one
    /// ``authenticate(_:)`` makes, with one usage event and one log line.
    @_specialize(where Resolver == SessionUserResolver)
    @_specialize(exported: true, where Resolver == SessionUserResolver)
    public func authenticateImmediately(_ request: AuthRequest) -> ImmediateDecision<Resolver> {
        var draft = begin(request)
        lookUpImmediately(&draft)
        if !draft.awaitsLookup { settle(request, &draft) }
        guard draft.settled, !draft.awaitsEffects else {
            return .pending(PendingDecision(authenticator: self, request: request, draft: draft))
        }
        finish(request, draft)
        return .decided(draft.finished())
    }

    // MARK: - Login and logout

    /// What a login or signup produced (now a top-level type, so adapters need not know the resolver).
    public typealias LoginResult = AuthBridge.LoginResult

    /// Puts a user on a fresh session after the application verified the password.
    ///
    /// Any session the request presents is destroyed, never adopted (no fixation); the new session has a new
    /// random id. While issuance is on, a JWT is returned too.
    ///
    /// A login a browser sends from a foreign page (the CSRF check of cookie writes, ``CSRFSettings``) throws the
    /// `cross_site_request` ``AuthErrorResponse`` (403): such a page could otherwise log the browser into an account
    /// of its choosing (login CSRF). Requests without `Origin`, `Referer` or `Sec-Fetch-Site` (apps, scripts) pass.
    /// `allowingCrossSite` skips the check, for a sign-in callback an identity provider posts from its own page
    /// (OIDC `response_mode=form_post`), which its `state` parameter protects instead.
    public func login(
        _ user: SessionUser, fields: [String: JSONValue] = [:], request: AuthRequest, allowingCrossSite: Bool = false
    ) async throws -> LoginResult {
        if !allowingCrossSite, isCrossSiteWrite(request) {
            state.logger.notice("login refused", metadata: ["auth.reason": "\(RefusalReason.crossSiteRequest.code)"])
            throw AuthErrorResponse(reason: .crossSiteRequest, challenge: "Bearer")
        }
        let now = state.now()
        let (token, record) = try await loggingStoreErrors("login") {
            try await destroyPresentedSessions(request)
            return try await createSession(for: user, fields: fields, now: now)
        }
        let jwt = state.configuration.policy.issue ? try await state.issuer?.issue(for: user, now: now) : nil
        state.logger.info("login", metadata: ["auth.user": "\(user.id)", "auth.jwt_issued": "\(jwt != nil)"])
        return LoginResult(
            session: record, sessionToken: token, jwt: jwt,
            responseHeaders: [HTTPHeaderField("Set-Cookie", state.configuration.sessions.setCookie(token))]
        )
    }

    /// Ends the session the request presents (on the server) and returns the header that expires the cookie.
    /// Other sessions of the same user stay valid. Two session cookies (which the decision refuses) end both.
    public func logout(_ request: AuthRequest) async throws -> [HTTPHeaderField] {
        try await loggingStoreErrors("logout") { try await destroyPresentedSessions(request) }
        return [HTTPHeaderField("Set-Cookie", state.configuration.sessions.expireCookie)]
    }

    private func destroyPresentedSessions(_ request: AuthRequest) async throws {
        for key in SessionCookieValue.presentedKeys(in: request.cookies, name: state.cookieName) {
            try await state.store.destroy(key)
        }
    }

    /// `work`'s result; a store error is logged (the store's text holds no key or value) and rethrown.
    private func loggingStoreErrors<T>(_ action: String, _ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as SessionStoreError {
            state.logger.error("\(action) failed in the session store", metadata: ["error": "\(error)"])
            throw error
        }
    }

    /// Issues a JWT for a user, when a signing key is configured (regardless of the issuance flag).
    public func issueToken(for user: SessionUser) async throws -> String? {
        try await state.issuer?.issue(for: user, now: state.now())
    }

    func createSession(for user: SessionUser, fields: [String: JSONValue], now: Date) async throws -> (SessionToken, SessionRecord) {
        let settings = state.configuration.sessions
        let token = SessionToken.generate()
        let absolute = now.addingTimeInterval(settings.absoluteLifetime)
        let record = SessionRecord(
            key: token.key, data: SessionData(user: user, fields: fields), version: 1, createdAt: now, lastSeenAt: now,
            idleExpiresAt: min(now.addingTimeInterval(settings.idleTimeout), absolute), absoluteExpiresAt: absolute
        )
        try await state.store.create(record)
        return (token, record)
    }
}
