import Foundation
import Logging

/// A decision in the making. Each step runs without waiting until it needs the store or the resolver, so the
/// same steps serve ``Authenticator/authenticate(_:)`` and ``Authenticator/authenticateImmediately(_:)``.
///
/// The request itself travels beside the draft, borrowed, so a decision that does not wait never copies it.
struct DecisionDraft<User: Sendable>: Sendable {
    let now: Date
    var decision: AuthDecision<User>
    var session: Leg = .absent
    var jwt: Leg = .absent
    /// The verified token's `sub` and client, for the usage event's sighting (kept when a refusal clears the claims).
    var subject: String?
    var tokenClient: String?
    var sessionUser: User?
    var tokenUser: User?
    /// Whether the legs are merged and the effects that need no waiting applied.
    var settled = false
    /// The session's new idle deadline, when it is due to be touched.
    var touch: Date?
    /// The bearer token and user that get an upgrade session.
    var upgrade: (bearer: String, user: SessionUser)?

    var awaitsLookup: Bool { session.awaitsLookup || jwt.awaitsLookup }

    /// The decision, moved out of the finished draft rather than copied (this runs for every request): a
    /// stored property of a copyable struct cannot be consumed, so an empty decision takes its place.
    mutating func finished() -> AuthDecision<User> {
        var decision = AuthDecision<User>.anonymous(responseHeaders: [])
        swap(&decision, &self.decision)
        return decision
    }
    var awaitsEffects: Bool { touch != nil || upgrade != nil }
}

extension AuthDecision {
    /// The decision before any credential counts: anonymous, with `responseHeaders`.
    static func anonymous(responseHeaders: [HTTPHeaderField]) -> Self {
        AuthDecision(
            path: .none, outcome: .anonymous, user: nil, userID: nil, session: nil, claims: nil, ignored: [],
            wouldRefuse: nil, responseHeaders: responseHeaders)
    }
}

/// What one credential contributed to a decision (the user, when valid, travels separately), or the lookup it
/// waits for.
enum Leg: Sendable {
    case absent
    case failed(RefusalReason)
    case valid(id: String)
    case unavailable(RefusalReason)
    /// A well-formed session cookie whose record is still to be read.
    case awaitingRecord(SessionKey)
    /// A live session whose user is still to be resolved.
    case awaitingSessionUser(SessionRecord)
    /// A verified, admitted token whose user is still to be resolved; its claims are the decision's.
    case awaitingTokenUser

    var presented: Bool {
        if case .absent = self { return false }
        return true
    }
    /// The record of a session awaiting its user, moved out of the leg (left `.absent`) rather than copied;
    /// `nil`, the leg untouched, for any other leg.
    mutating func takeAwaitedRecord() -> SessionRecord? {
        guard case .awaitingSessionUser = self else { return nil }
        let leg = self
        self = .absent
        guard case .awaitingSessionUser(let record) = consume leg else { return nil }
        return record
    }
    var failure: RefusalReason? {
        if case .failed(let reason) = self { return reason }
        return nil
    }
    var awaitsLookup: Bool {
        switch self {
        case .awaitingRecord, .awaitingSessionUser, .awaitingTokenUser: true
        case .absent, .failed, .valid, .unavailable: false
        }
    }
}

extension Authenticator {
    /// Parses both credentials and verifies the token; what needs the store or the resolver is left awaiting.
    func begin(_ request: AuthRequest) -> DecisionDraft<User> {
        var draft = DecisionDraft<User>(
            now: state.now(),
            decision: .anonymous(responseHeaders: varyHeaders)
        )
        draft.session = sessionLeg(request)
        draft.jwt = jwtLeg(request, &draft)
        return draft
    }

    /// Runs a draft to the end, waiting for whatever the store and the resolver could not answer at once.
    func complete(_ request: AuthRequest, _ draft: inout DecisionDraft<User>) async {
        if !draft.settled {
            lookUpImmediately(&draft)
            await lookUp(&draft)
            settle(request, &draft)
        }
        await performEffects(&draft)
        finish(request, draft)
    }

    // MARK: The legs

    /// The session cookie the request presents, as its key: what the decision, login and logout all read.
    func presentedSession(_ request: AuthRequest) -> SessionKeyLookup {
        SessionCookieValue.key(in: request.cookies, name: state.cookieName, memo: state.sessionKeys)
    }

    private func sessionLeg(_ request: AuthRequest) -> Leg {
        switch presentedSession(request) {
        case .absent: .absent
        case .malformed(let reason): .failed(reason)
        case .key(let key): .awaitingRecord(key)
        }
    }

    private func jwtLeg(_ request: AuthRequest, _ draft: inout DecisionDraft<User>) -> Leg {
        // The token is verified in place, within the header: a cached one costs no copy of it.
        let maximumTokenBytes = state.configuration.jwt?.maximumTokenBytes ?? BearerCredential.maximumTokenBytes
        let now = draft.now
        let claims: JWTClaims
        switch BearerCredential.withToken(in: request.authorization, maximumTokenBytes: maximumTokenBytes, { token in
            state.verifier?.verify(token, now: now) ?? .failure(.jwtDisabled)
        }) {
        case nil: return .absent
        case .failure(let reason)?: return .failed(reason)
        case .success(let verified)?: claims = verified
        }
        guard let tokenSubject = claims.subject, !tokenSubject.isEmpty else { return .failed(.missingSubject) }
        draft.subject = tokenSubject
        draft.tokenClient = claims.clientID
        var refusal: RefusalReason?
        if !state.configuration.policy.admits(claims) {
            refusal = .jwtRevokedByCutover
        } else if case .refuse(let reason) = state.configuration.policy.verdict(
            method: request.method, route: request.route, now: draft.now)
        {
            refusal = reason
        }
        if let refusal {
            guard state.configuration.policy.dryRun else { return .failed(refusal) }
            draft.decision.wouldRefuse = refusal
        }
        // The claims go on the decision, once, and the leg waits without a copy of its own.
        draft.decision.claims = claims
        return .awaitingTokenUser
    }

    // MARK: Lookups

    /// Takes every answer the store and the resolver give without waiting.
    func lookUpImmediately(_ draft: inout DecisionDraft<User>) {
        // A record the cache answers goes straight to the resolver: parked in the leg, it was copied out again.
        if case .awaitingRecord(let key) = draft.session, case .answered(let found) = state.store.readImmediately(key) {
            if let record = live(found, into: &draft) { resolveImmediately(record, into: &draft) }
        } else if let record = draft.session.takeAwaitedRecord() {
            resolveImmediately(record, into: &draft)
        }
        if case .awaitingTokenUser = draft.jwt, let claims = draft.decision.claims,
            case .answered(let user) = state.resolver.userImmediately(forToken: claims)
        {
            resolved(.success(user), into: &draft)
        }
    }

    /// Asks the store and the resolver, waiting, for what is still missing.
    private func lookUp(_ draft: inout DecisionDraft<User>) async {
        if case .awaitingRecord(let key) = draft.session {
            read(await outcome { try await state.store.read(key) }, into: &draft)
        }
        if case .awaitingSessionUser(let record) = draft.session {
            resolved(await outcome { try await state.resolver.user(forSession: record.data) }, session: record, into: &draft)
        }
        if case .awaitingTokenUser = draft.jwt, let claims = draft.decision.claims {
            resolved(await outcome { try await state.resolver.user(forToken: claims) }, into: &draft)
        }
    }

    private func read(_ result: Result<SessionRecord?, any Error>, into draft: inout DecisionDraft<User>) {
        switch result {
        case .failure(let error):
            state.logger.error("session store read failed", metadata: ["error": "\(error)"])
            draft.session = .unavailable(.storeUnavailable)
        case .success(let found):
            if let record = live(found, into: &draft) { draft.session = .awaitingSessionUser(record) }
        }
    }

    /// The record the store found, when it is live; otherwise `nil`, and the session leg says why.
    private func live(_ found: consuming SessionRecord?, into draft: inout DecisionDraft<User>) -> SessionRecord? {
        guard let record = found else {
            draft.session = .failed(.sessionNotFound)
            return nil
        }
        guard !record.isExpired(at: draft.now) else {
            draft.session = .failed(.sessionExpired)
            return nil
        }
        return record
    }

    /// Resolves a live session's user when the resolver knows it without waiting; otherwise the leg waits for it.
    private func resolveImmediately(_ record: consuming SessionRecord, into draft: inout DecisionDraft<User>) {
        if case .answered(let user) = state.resolver.userImmediately(forSession: record.data) {
            resolved(.success(user), session: record, into: &draft)
        } else {
            draft.session = .awaitingSessionUser(record)
        }
    }

    private func resolved(
        _ result: Result<User?, any Error>, session record: consuming SessionRecord, into draft: inout DecisionDraft<User>
    ) {
        draft.session = leg(result, credential: "session", user: &draft.sessionUser)
        if case .valid = draft.session { draft.decision.session = record }
    }

    private func resolved(_ result: Result<User?, any Error>, into draft: inout DecisionDraft<User>) {
        draft.jwt = leg(result, credential: "token", user: &draft.tokenUser)
    }

    /// What a user lookup makes of a credential; a resolver that throws fails the request closed.
    private func leg(_ result: Result<User?, any Error>, credential: String, user: inout User?) -> Leg {
        switch result {
        case .failure(let error):
            state.logger.error("user lookup for a \(credential) failed", metadata: ["error": "\(error)"])
            return .unavailable(.storeUnavailable)
        case .success(nil): return .failed(.unknownUser)
        case .success(let found?):
            user = found
            return .valid(id: state.resolver.userID(of: found))
        }
    }

    // MARK: Merging

    /// Merges the two legs (the table on ``Authenticator``) and applies the effects that need no waiting.
    func settle(_ request: AuthRequest, _ draft: inout DecisionDraft<User>) {
        draft.settled = true
        let (session, jwt) = (draft.session, draft.jwt)
        switch (session, jwt) {
        case (.unavailable(let reason), _), (_, .unavailable(let reason)):
            draft.decision.path = CredentialPath(session: session.presented, jwt: jwt.presented)
            draft.decision.outcome = .refused(reason)
            draft.decision.session = nil
            draft.decision.claims = nil
        case (.valid(let sessionID), .valid(let tokenID)):
            draft.decision.path = .both
            if sessionID == tokenID {
                authenticate(&draft, as: draft.sessionUser.take(), id: sessionID)
            } else {
                draft.decision.outcome = .refused(.credentialMismatch)
                draft.decision.session = nil
                draft.decision.claims = nil
            }
        case (.valid(let id), _):
            draft.decision.path = .session
            authenticate(&draft, as: draft.sessionUser.take(), id: id)
            draft.decision.claims = nil
            if let failure = jwt.failure { draft.decision.ignored.append(failure) }
        case (_, .valid(let id)):
            draft.decision.path = .jwt
            authenticate(&draft, as: draft.tokenUser.take(), id: id)
            draft.decision.session = nil
            if let failure = session.failure { draft.decision.ignored.append(failure) }
        case (.failed(let sessionReason), _), (_, .failed(let sessionReason)):
            draft.decision.path = CredentialPath(session: session.presented, jwt: jwt.presented)
            draft.decision.outcome = .invalid(jwt.failure ?? sessionReason)
            draft.decision.session = nil
            draft.decision.claims = nil
        case (.absent, .absent):
            break
        case (.awaitingRecord, _), (.awaitingSessionUser, _), (.awaitingTokenUser, _), (_, .awaitingRecord),
            (_, .awaitingSessionUser), (_, .awaitingTokenUser):
            preconditionFailure("a decision settled before its lookups")
        }
        if draft.decision.isAuthenticated { applyImmediateEffects(request, &draft) }
    }

    private func authenticate(_ draft: inout DecisionDraft<User>, as user: consuming User?, id: String) {
        draft.decision.outcome = .authenticated
        draft.decision.user = user
        draft.decision.userID = id
    }

    // MARK: Effects

    /// Whether `request` is a write a browser sent from a foreign page (``CSRFSettings``): refused when the session
    /// cookie authenticates it, and for a login (login CSRF).
    func isCrossSiteWrite(_ request: AuthRequest) -> Bool {
        request.isUnsafeMethod && !state.configuration.csrf.resolved(for: request).admits(request)
    }

    /// CSRF and deprecation headers; notes whether a touch or an upgrade is due (they write to the store).
    private func applyImmediateEffects(_ request: AuthRequest, _ draft: inout DecisionDraft<User>) {
        if let session = draft.decision.session {
            if isCrossSiteWrite(request) {
                draft.decision.outcome = .refused(.crossSiteRequest)
                draft.decision.user = nil
                draft.decision.userID = nil
                draft.decision.session = nil
                draft.decision.claims = nil
                return
            }
            if draft.now.timeIntervalSince(session.lastSeenAt) >= state.configuration.sessions.touchInterval {
                draft.touch = min(draft.now.addingTimeInterval(state.configuration.sessions.idleTimeout), session.absoluteExpiresAt)
            }
        }
        let path = draft.decision.path
        if path == .jwt || path == .both {
            let deprecation = state.configuration.policy.deprecationHeaders(now: draft.now)
            if !deprecation.isEmpty { draft.decision.responseHeaders += deprecation }
        }
        // A token the dry run would refuse earns no session: it would outlive the dry run.
        if path == .jwt, state.configuration.policy.upgrade, draft.decision.wouldRefuse == nil,
            let user = draft.decision.user,
            case .token(let bearer) = BearerCredential(headers: request.authorization, maximumTokenBytes: .max),
            state.upgrades.admits(bearer, now: draft.now, interval: state.configuration.policy.upgradeInterval)
        {
            draft.upgrade = (bearer, state.resolver.sessionUser(for: user))
        }
    }

    /// The touch and the upgrade session, when due.
    private func performEffects(_ draft: inout DecisionDraft<User>) async {
        let now = draft.now
        if let idle = draft.touch, let key = draft.decision.session?.key {
            do {
                try await state.store.touch(key, lastSeenAt: now, idleExpiresAt: idle)
                draft.decision.session?.lastSeenAt = now
                draft.decision.session?.idleExpiresAt = idle
            } catch {
                state.logger.warning("session touch failed", metadata: ["error": "\(error)"])
            }
        }
        if let (bearer, user) = draft.upgrade {
            do {
                let (token, _) = try await createSession(for: user, fields: [:], now: now)
                draft.decision.responseHeaders.append(HTTPHeaderField("Set-Cookie", state.configuration.sessions.setCookie(token)))
            } catch {
                state.upgrades.forget(bearer)
                state.logger.warning("session upgrade failed", metadata: ["error": "\(error)"])
            }
        }
    }

    // MARK: Recording

    /// Records the usage event and logs the decision's line.
    func finish(_ request: AuthRequest, _ draft: DecisionDraft<User>) {
        let outcome: UsageEvent.Outcome =
            switch draft.decision.outcome {
            case .authenticated: .authenticated
            case .anonymous: .anonymous
            case .invalid: .invalid
            case .refused: .refused
            }
        let (route, method) =
            request.routeMatched
            ? (request.route, request.method)
            : (UsageEvent.unmatchedRoute, UsageEvent.unmatchedMethod(request.method))
        // A sighting is a token the policy accepted (or only would refuse): one it refuses holds no route back.
        let subject: String? = if case .valid = draft.jwt { draft.subject } else { nil }
        let event = UsageEvent(
            time: draft.now, route: route, method: method, path: draft.decision.path, outcome: outcome,
            reason: draft.decision.reason?.code, wouldRefuse: draft.decision.wouldRefuse?.code, subject: subject,
            client: (subject == nil ? nil : draft.tokenClient) ?? UsageEvent.clientFamily(userAgent: request.userAgent)
        )
        state.recorder.record(event)
        let level: Logger.Level = if case .refused = draft.decision.outcome { .notice } else { .info }
        // Build the line only when it will be written: the metadata costs more than the rest of a cached decision.
        guard state.logger.logLevel <= level else { return }
        var metadata: Logger.Metadata = [
            "auth.path": "\(draft.decision.path.rawValue)", "auth.outcome": "\(outcome.rawValue)",
            "http.method": "\(request.method)", "http.route": "\(request.route)",
        ]
        if let reason = draft.decision.reason { metadata["auth.reason"] = "\(reason.code)" }
        if !draft.decision.ignored.isEmpty { metadata["auth.ignored"] = "\(draft.decision.ignored.map(\.code).joined(separator: ","))" }
        if let wouldRefuse = draft.decision.wouldRefuse { metadata["auth.would_refuse"] = "\(wouldRefuse.code)" }
        if let userID = draft.decision.userID { metadata["auth.user"] = "\(userID)" }
        state.logger.log(level: level, "auth decision", metadata: metadata)
    }
}

/// `body`'s result or error, as a value.
private func outcome<T>(_ body: () async throws -> T) async -> Result<T, any Error> {
    do {
        return .success(try await body())
    } catch {
        return .failure(error)
    }
}

/// Every decision's first response header, shared rather than built per request.
private let varyHeaders = [HTTPHeaderField.vary]
