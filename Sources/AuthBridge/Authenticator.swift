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
    private final class State: Sendable {
        let configuration: AuthBridgeConfiguration
        let store: any SessionStore
        let resolver: Resolver
        let recorder: any UsageRecorder
        let verifier: JWTVerifier?
        let issuer: JWTIssuer?
        let upgrades = UpgradeLimiter(capacity: UpgradeLimiter.defaultCapacity)
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
    private let state: State

    /// Creates an authenticator.
    /// - Parameters:
    ///   - configuration: keys, cookie, lifetimes, policy and CSRF settings.
    ///   - store: the session store.
    ///   - resolver: maps credentials to the application's user.
    ///   - recorder: receives one usage event per decision.
    ///   - logger: receives one structured line per decision; no token, cookie or password is ever logged.
    ///   - now: the wall clock (tests pass a fixed one).
    public init(
        configuration: AuthBridgeConfiguration,
        store: any SessionStore,
        resolver: Resolver,
        recorder: any UsageRecorder = DiscardingUsageRecorder(),
        logger: Logger = Logger(label: "authbridge", factory: { _ in SwiftLogNoOpLogHandler() }),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        state = State(
            configuration: configuration, store: store, resolver: resolver, recorder: recorder, logger: logger, now: now)
    }

    // MARK: - Deciding

    /// Decides a request. Records exactly one usage event and logs exactly one line.
    // Pre-specialized for the built-in resolver: generic code looks its types up at run time on every request.
    @_specialize(where Resolver == SessionUserResolver)
    public func authenticate(_ request: AuthRequest) async -> AuthDecision<User> {
        let now = state.now()
        var decision = AuthDecision<User>(
            path: .none, outcome: .anonymous, user: nil, userID: nil, session: nil, claims: nil, ignored: [],
            wouldRefuse: nil, responseHeaders: varyHeaders
        )
        var subject: String?
        var sessionUser: User?
        var tokenUser: User?
        let sessionLeg = await sessionLeg(request, now: now, user: &sessionUser, into: &decision)
        let jwtLeg = await jwtLeg(request, now: now, subject: &subject, user: &tokenUser, into: &decision)

        switch (sessionLeg, jwtLeg) {
        case (.unavailable(let reason), _), (_, .unavailable(let reason)):
            decision.path = Self.attempted(session: sessionLeg.presented, jwt: jwtLeg.presented)
            decision.outcome = .refused(reason)
        case (.valid(let sessionID), .valid(let tokenID)):
            decision.path = .both
            if sessionID == tokenID {
                decision.outcome = .authenticated
                decision.user = sessionUser
                decision.userID = sessionID
            } else {
                decision.outcome = .refused(.credentialMismatch)
                decision.session = nil
                decision.claims = nil
            }
        case (.valid(let id), _):
            decision.path = .session
            decision.outcome = .authenticated
            decision.user = sessionUser
            decision.userID = id
            decision.claims = nil
            if let failure = jwtLeg.failure { decision.ignored.append(failure) }
        case (_, .valid(let id)):
            decision.path = .jwt
            decision.outcome = .authenticated
            decision.user = tokenUser
            decision.userID = id
            decision.session = nil
            if let failure = sessionLeg.failure { decision.ignored.append(failure) }
        case (.failed(let sessionReason), _), (_, .failed(let sessionReason)):
            decision.path = Self.attempted(session: sessionLeg.presented, jwt: jwtLeg.presented)
            decision.outcome = .invalid(jwtLeg.failure ?? sessionReason)
            decision.session = nil
            decision.claims = nil
        case (.absent, .absent):
            break
        }

        if decision.isAuthenticated {
            await applyEffects(request, now: now, to: &decision)
        }
        finish(decision, request: request, subject: subject, now: now)
        return decision
    }

    private static func attempted(session: Bool, jwt: Bool) -> CredentialPath {
        switch (session, jwt) {
        case (true, true): .both
        case (true, false): .session
        case (false, true): .jwt
        case (false, false): .none
        }
    }

    private func sessionLeg(
        _ request: AuthRequest, now: Date, user: inout User?, into decision: inout AuthDecision<User>
    ) async -> Leg {
        let token: SessionToken
        switch SessionCookieValue(headers: request.cookies, name: state.cookieName) {
        case .absent: return .absent
        case .malformed(let reason): return .failed(reason)
        case .value(let value):
            guard let parsed = SessionToken(cookieValue: value) else { return .failed(.malformedCookie) }
            token = parsed
        }
        let record: SessionRecord
        do {
            guard let found = try await state.store.read(token.key) else { return .failed(.sessionNotFound) }
            record = found
        } catch {
            state.logger.error("session store read failed", metadata: ["error": "\(error)"])
            return .unavailable(.storeUnavailable)
        }
        guard !record.isExpired(at: now) else { return .failed(.sessionExpired) }
        do {
            guard let found = try await state.resolver.user(forSession: record.data) else { return .failed(.unknownUser) }
            decision.session = record
            user = found
            return .valid(id: state.resolver.userID(of: found))
        } catch {
            state.logger.error("user lookup for a session failed", metadata: ["error": "\(error)"])
            return .unavailable(.storeUnavailable)
        }
    }

    private func jwtLeg(
        _ request: AuthRequest, now: Date, subject: inout String?, user: inout User?,
        into decision: inout AuthDecision<User>
    ) async -> Leg {
        let token: String
        switch BearerCredential(headers: request.authorization, maximumTokenBytes: state.configuration.jwt?.maximumTokenBytes ?? BearerCredential.maximumTokenBytes) {
        case .absent: return .absent
        case .malformed(let reason): return .failed(reason)
        case .token(let value): token = value
        }
        let claims: JWTClaims
        switch state.verifier?.verify(token, now: now) {
        case nil: return .failed(.jwtDisabled)
        case .failure(let reason)?: return .failed(reason)
        case .success(let verified)?: claims = verified
        }
        guard let tokenSubject = claims.subject, !tokenSubject.isEmpty else { return .failed(.missingSubject) }
        subject = tokenSubject
        decision.claims = claims
        var refusal: RefusalReason?
        if !state.configuration.policy.admits(claims) {
            refusal = .jwtRevokedByCutover
        } else if case .refuse(let reason) = state.configuration.policy.verdict(
            method: request.method, route: request.route, now: now)
        {
            refusal = reason
        }
        if let refusal {
            guard state.configuration.policy.dryRun else { return .failed(refusal) }
            decision.wouldRefuse = refusal
        }
        do {
            guard let found = try await state.resolver.user(forToken: claims) else { return .failed(.unknownUser) }
            user = found
            return .valid(id: state.resolver.userID(of: found))
        } catch {
            state.logger.error("user lookup for a token failed", metadata: ["error": "\(error)"])
            return .unavailable(.storeUnavailable)
        }
    }

    /// CSRF, touch, upgrade and deprecation headers for an authenticated request.
    private func applyEffects(_ request: AuthRequest, now: Date, to decision: inout AuthDecision<User>) async {
        if let session = decision.session {
            if request.isUnsafeMethod, !state.configuration.csrf.resolved(for: request).admits(request) {
                decision.outcome = .refused(.crossSiteRequest)
                decision.user = nil
                decision.userID = nil
                return
            }
            if now.timeIntervalSince(session.lastSeenAt) >= state.configuration.sessions.touchInterval {
                let idle = min(now.addingTimeInterval(state.configuration.sessions.idleTimeout), session.absoluteExpiresAt)
                do {
                    try await state.store.touch(session.key, lastSeenAt: now, idleExpiresAt: idle)
                    decision.session?.lastSeenAt = now
                    decision.session?.idleExpiresAt = idle
                } catch {
                    state.logger.warning("session touch failed", metadata: ["error": "\(error)"])
                }
            }
        }
        if decision.path == .jwt || decision.path == .both {
            let deprecation = state.configuration.policy.deprecationHeaders(now: now)
            if !deprecation.isEmpty { decision.responseHeaders += deprecation }
        }
        if decision.path == .jwt, state.configuration.policy.upgrade, let user = decision.user,
            case .token(let bearer) = BearerCredential(headers: request.authorization, maximumTokenBytes: .max),
            state.upgrades.admits(bearer, now: now, interval: state.configuration.policy.upgradeInterval)
        {
            do {
                let (token, _) = try await createSession(for: state.resolver.sessionUser(for: user), fields: [:], now: now)
                decision.responseHeaders.append(HTTPHeaderField("Set-Cookie", state.configuration.sessions.setCookie(token)))
            } catch {
                state.upgrades.forget(bearer)
                state.logger.warning("session upgrade failed", metadata: ["error": "\(error)"])
            }
        }
    }

    private func finish(_ decision: AuthDecision<User>, request: AuthRequest, subject: String?, now: Date) {
        let outcome: UsageEvent.Outcome =
            switch decision.outcome {
            case .authenticated: .authenticated
            case .anonymous: .anonymous
            case .invalid: .invalid
            case .refused: .refused
            }
        let event = UsageEvent(
            time: now, route: request.route, method: request.method, path: decision.path, outcome: outcome,
            reason: decision.reason?.code, wouldRefuse: decision.wouldRefuse?.code, subject: subject,
            client: decision.claims?.clientID ?? UsageEvent.clientFamily(userAgent: request.userAgent)
        )
        state.recorder.record(event)
        let level: Logger.Level = if case .refused = decision.outcome { .notice } else { .info }
        // Build the line only when it will be written: the metadata costs more than the rest of a cached decision.
        guard state.logger.logLevel <= level else { return }
        var metadata: Logger.Metadata = [
            "auth.path": "\(decision.path.rawValue)", "auth.outcome": "\(outcome.rawValue)",
            "http.method": "\(request.method)", "http.route": "\(request.route)",
        ]
        if let reason = decision.reason { metadata["auth.reason"] = "\(reason.code)" }
        if !decision.ignored.isEmpty { metadata["auth.ignored"] = "\(decision.ignored.map(\.code).joined(separator: ","))" }
        if let wouldRefuse = decision.wouldRefuse { metadata["auth.would_refuse"] = "\(wouldRefuse.code)" }
        if let userID = decision.userID { metadata["auth.user"] = "\(userID)" }
        state.logger.log(level: level, "auth decision", metadata: metadata)
    }

    // MARK: - Login and logout

    /// What a login or signup produced (now a top-level type, so adapters need not know the resolver).
    public typealias LoginResult = AuthBridge.LoginResult

    /// Puts a user on a fresh session after the application verified the password.
    ///
    /// Any session the request presents is destroyed, never adopted (no fixation); the new session has a new
    /// random id. While issuance is on, a JWT is returned too.
    public func login(_ user: SessionUser, fields: [String: JSONValue] = [:], request: AuthRequest) async throws -> LoginResult {
        let now = state.now()
        if case .value(let value) = SessionCookieValue(headers: request.cookies, name: state.cookieName),
            let presented = SessionToken(cookieValue: value)
        {
            try await state.store.destroy(presented.key)
        }
        let (token, record) = try await createSession(for: user, fields: fields, now: now)
        let jwt = state.configuration.policy.issue ? try await state.issuer?.issue(for: user, now: now) : nil
        state.logger.info("login", metadata: ["auth.user": "\(user.id)", "auth.jwt_issued": "\(jwt != nil)"])
        return LoginResult(
            session: record, sessionToken: token, jwt: jwt,
            responseHeaders: [HTTPHeaderField("Set-Cookie", state.configuration.sessions.setCookie(token))]
        )
    }

    /// Ends the session the request presents (on the server) and returns the header that expires the cookie.
    /// Other sessions of the same user stay valid.
    public func logout(_ request: AuthRequest) async throws -> [HTTPHeaderField] {
        if case .value(let value) = SessionCookieValue(headers: request.cookies, name: state.cookieName),
            let token = SessionToken(cookieValue: value)
        {
            try await state.store.destroy(token.key)
        }
        return [HTTPHeaderField("Set-Cookie", state.configuration.sessions.expireCookie)]
    }

    /// Issues a JWT for a user, when a signing key is configured (regardless of the issuance flag).
    public func issueToken(for user: SessionUser) async throws -> String? {
        try await state.issuer?.issue(for: user, now: state.now())
    }

    private func createSession(for user: SessionUser, fields: [String: JSONValue], now: Date) async throws -> (SessionToken, SessionRecord) {
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

/// What one credential contributed to a decision (the user, when valid, travels separately).
private enum Leg {
    case absent
    case failed(RefusalReason)
    case valid(id: String)
    case unavailable(RefusalReason)

    var presented: Bool {
        if case .absent = self { return false }
        return true
    }
    var failure: RefusalReason? {
        if case .failed(let reason) = self { return reason }
        return nil
    }
}

/// Every decision's first response header, shared rather than built per request.
private let varyHeaders = [HTTPHeaderField("Vary", "Origin, Sec-Fetch-Site")]
