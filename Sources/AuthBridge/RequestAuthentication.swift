import Synchronization

/// One request's authentication as an adapter keeps it: the decision, and login and logout for the handler,
/// which collect the response headers the adapter adds on the way out.
///
/// Adapters create one per request, stop the request with ``refusalResponse`` when there is one,
/// hand it to the route, and finally add ``responseHeaders`` to whatever response goes out:
///
/// ```swift
/// let auth = await RequestAuthentication(deciding: authRequest, with: authenticator)
/// if let refusal = auth.refusalResponse { return render(refusal) + auth.responseHeaders }
/// let response = try await next(request)      // the handler may call auth.login(_:) or auth.logout()
/// return response + auth.responseHeaders
/// ```
public final class RequestAuthentication<User: Sendable>: Sendable {
    /// The decision for this request. Login and logout do not change it.
    public let decision: AuthDecision<User>
    /// The request as the decision saw it.
    public let request: AuthRequest
    private let actions: any SessionActions
    private let added = Mutex<[HTTPHeaderField]>([])

    /// Decides a request (one usage event, one log line) and keeps the result.
    /// - Parameters:
    ///   - request: the request, as the adapter read it.
    ///   - authenticator: the authenticator to decide with.
    @_specialize(where Resolver == SessionUserResolver, User == SessionUser)
    @_specialize(exported: true, where Resolver == SessionUserResolver, User == SessionUser)
    public convenience init<Resolver: UserResolver>(
        deciding request: AuthRequest, with authenticator: Authenticator<Resolver>
    ) async where Resolver.User == User {
        // Suspends only when the decision must wait (``Authenticator/authenticateImmediately(_:)``).
        let decision =
            switch authenticator.authenticateImmediately(request) {
            case .decided(let decision): decision
            case .pending(let pending): await pending.decide()
            }
        self.init(decision, request: request, authenticator: authenticator)
    }

    /// Keeps a decision `authenticator` made for `request` (``Authenticator/authenticateImmediately(_:)`` or
    /// ``PendingDecision/decide()``): adapters that decide without suspending start here.
    @_specialize(where Resolver == SessionUserResolver, User == SessionUser)
    @_specialize(exported: true, where Resolver == SessionUserResolver, User == SessionUser)
    public init<Resolver: UserResolver>(
        _ decision: AuthDecision<User>, request: AuthRequest, authenticator: Authenticator<Resolver>
    ) where Resolver.User == User {
        self.decision = decision
        self.request = request
        self.actions = authenticator
    }

    /// Decides requests for an adapter whose own code is generic (over the framework's request context, say):
    /// a function formed once, at start-up, that decides without suspending when the store and the resolver
    /// answer from memory, and otherwise hands back the wait (``StartedAuthentication``).
    ///
    /// Unspecialized generic code looks up the metadata of every generic type it handles, on every call; this
    /// function is formed by code specialized for the authenticator's resolver (``SessionUserResolver`` ahead of
    /// time), so calling it per request costs no such lookups, and no async call when nothing waits.
    @_specialize(where Resolver == SessionUserResolver, User == SessionUser)
    @_specialize(exported: true, where Resolver == SessionUserResolver, User == SessionUser)
    public static func decider<Resolver: UserResolver>(
        for authenticator: Authenticator<Resolver>
    ) -> @Sendable (consuming AuthRequest) -> StartedAuthentication<User> where Resolver.User == User {
        { request in
            switch authenticator.authenticateImmediately(request) {
            case .decided(let decision):
                .decided(RequestAuthentication(decision, request: request, authenticator: authenticator))
            case .pending(let pending):
                .pending { [request] in
                    RequestAuthentication(await pending.decide(), request: request, authenticator: authenticator)
                }
            }
        }
    }

    /// The response a refused request gets (``AuthDecision/refusalResponse``).
    public var refusalResponse: AuthErrorResponse? {
        @_specialize(where User == SessionUser) @_specialize(exported: true, where User == SessionUser) get { decision.refusalResponse }
    }

    /// The user, when the request is authenticated.
    public var user: User? {
        @_specialize(where User == SessionUser) @_specialize(exported: true, where User == SessionUser) get { decision.isAuthenticated ? decision.user : nil }
    }

    /// The user, or the 401 (or refusal) a route that requires one answers.
    // Pre-specialized: routes call this on every request, and generic code looks its types up at run time.
    @_specialize(where User == SessionUser)
    @_specialize(exported: true, where User == SessionUser)
    public func requireUser() throws(AuthErrorResponse) -> User {
        if let user { return user }
        throw decision.unauthenticatedResponse
            ?? AuthErrorResponse(reason: .authenticationRequired, challenge: "Bearer")
    }

    /// Puts a user on a fresh session, after the application verified the password (login or signup).
    ///
    /// Any session the request presented is destroyed, never adopted; the new session cookie (and, while
    /// issuance is on, the returned JWT) go to the client: the cookie through ``responseHeaders``.
    /// A store that cannot answer throws the `store_unavailable` ``AuthErrorResponse`` (503); a login from a
    /// foreign page the 403 `cross_site_request`, unless `allowingCrossSite` (``Authenticator/login(_:fields:request:allowingCrossSite:)``).
    public func login(
        _ user: SessionUser, fields: [String: JSONValue] = [:], allowingCrossSite: Bool = false
    ) async throws -> LoginResult {
        let result = try await failingClosed {
            try await actions.login(user, fields: fields, request: request, allowingCrossSite: allowingCrossSite)
        }
        added.withLock { $0 += result.responseHeaders }
        return result
    }

    /// Ends the session the request presented, on the server, and expires the cookie through ``responseHeaders``.
    /// A store that cannot answer throws the `store_unavailable` ``AuthErrorResponse`` (503).
    public func logout() async throws {
        let headers = try await failingClosed { try await actions.logout(request) }
        added.withLock { $0 += headers }
    }

    private func failingClosed<T>(_ action: () async throws -> T) async throws -> T {
        do {
            return try await action()
        } catch is SessionStoreError {
            // Whatever the store's trouble (down, a revoked grant, a row it cannot read), it could not answer.
            throw AuthErrorResponse(reason: .storeUnavailable, challenge: decision.challenge)
        }
    }

    /// What the adapter adds to the response, whatever it is: the decision's headers (`Vary`, deprecation,
    /// an upgrade's `Set-Cookie`) and those of a login or logout, whose `Set-Cookie` replaces the decision's.
    public var responseHeaders: [HTTPHeaderField] {
        @_specialize(where User == SessionUser) @_specialize(exported: true, where User == SessionUser) get {
            let added = added.withLock { $0 }
            if added.isEmpty { return decision.responseHeaders }
            guard added.contains(where: { $0.name == "Set-Cookie" }) else { return decision.responseHeaders + added }
            return decision.responseHeaders.filter { $0.name != "Set-Cookie" } + added
        }
    }
}

/// Login and logout as a request's authentication performs them, without knowing the resolver.
protocol SessionActions: Sendable {
    func login(
        _ user: SessionUser, fields: [String: JSONValue], request: AuthRequest, allowingCrossSite: Bool
    ) async throws -> LoginResult
    func logout(_ request: AuthRequest) async throws -> [HTTPHeaderField]
}

extension Authenticator: SessionActions {}

/// A request's authentication as ``RequestAuthentication/decider(for:)`` starts it.
public enum StartedAuthentication<User: Sendable>: Sendable {
    /// Decided without suspending: the store and the resolver answered from memory.
    case decided(RequestAuthentication<User>)
    /// The decision waits for the store or the resolver (or a touch or an upgrade session); call to finish it.
    case pending(@Sendable () async -> RequestAuthentication<User>)
}
