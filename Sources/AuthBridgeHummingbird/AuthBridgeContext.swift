public import AuthBridge
import Hummingbird

/// The AuthBridge part of a request context: the decision, and login and logout for handlers.
public struct AuthBridgeContext<User: Sendable>: Sendable {
    /// The request's authentication; `nil` until ``AuthBridgeMiddleware`` ran.
    public internal(set) var authentication: RequestAuthentication<User>?

    /// An empty context, before the middleware ran.
    public init() {}

    private func requireAuthentication() throws -> RequestAuthentication<User> {
        guard let authentication else {
            throw HTTPError(.internalServerError, message: "AuthBridgeMiddleware does not run for this route")
        }
        return authentication
    }

    /// The decision, once the middleware ran.
    public var decision: AuthDecision<User>? { authentication?.decision }

    /// The path the request was decided on (`none` when the middleware did not run).
    public var path: CredentialPath { decision?.path ?? .none }

    /// The user, when the request is authenticated.
    public var user: User? { authentication?.user }

    /// Whether a credential authenticated the request.
    public var isAuthenticated: Bool { user != nil }

    /// The user, or the core's 401 (`WWW-Authenticate` and JSON body), which ``AuthBridgeMiddleware`` answers
    /// when this throws.
    @_specialize(where User == SessionUser)
    @_specialize(exported: true, where User == SessionUser)
    public func requireUser() throws -> User {
        try requireAuthentication().requireUser()
    }

    /// Puts a user on a fresh session after the application verified the password (login or signup).
    ///
    /// Session ids the client presented are destroyed, never adopted. The middleware adds the new cookie to
    /// the response; the returned result carries the JWT while issuance is on. A login a browser sends from a
    /// foreign page throws the 403 `cross_site_request` (login CSRF), unless `allowingCrossSite`.
    /// - Parameters:
    ///   - user: what the session holds about the user.
    ///   - fields: application fields stored on the session.
    ///   - allowingCrossSite: skip the cross-site check, for a sign-in callback an identity provider posts from
    ///     its own page (OIDC `response_mode=form_post`), which its `state` parameter protects instead.
    @discardableResult
    public func login(
        _ user: SessionUser, fields: [String: JSONValue] = [:], allowingCrossSite: Bool = false
    ) async throws -> LoginResult {
        try await requireAuthentication().login(user, fields: fields, allowingCrossSite: allowingCrossSite)
    }

    /// Ends the session the request presented on the server; the middleware expires the cookie.
    public func logout() async throws {
        try await requireAuthentication().logout()
    }
}
