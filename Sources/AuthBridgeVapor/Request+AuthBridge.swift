public import AuthBridge
public import Vapor

extension Request {
    /// The AuthBridge decision for this request, and login and logout, set up by ``AuthBridgeMiddleware``.
    public var authBridge: AuthBridge { AuthBridge(request: self) }

    /// Request helper for AuthBridge (a namespace: Vapor's own `request.auth` is left to Vapor, and filled
    /// with the user when the user type is `Authenticatable`).
    public struct AuthBridge: Sendable {
        let request: Request

        private var state: (any AnyRequestAuthentication)? { request.storage[AuthBridgeStateKey.self] }

        private func requireState() throws -> any AnyRequestAuthentication {
            guard let state else {
                throw Abort(.internalServerError, reason: "AuthBridgeMiddleware does not run for this route")
            }
            return state
        }

        /// The path the request was decided on (`none` when the middleware did not run).
        public var path: CredentialPath { state?.path ?? .none }

        /// The user's id, when the request is authenticated.
        public var userID: String? { state?.userID }

        /// Whether a credential authenticated the request.
        public var isAuthenticated: Bool { userID != nil }

        /// The decision, for the user type `type` the middleware's resolver produces.
        public func decision<User: Sendable>(as type: User.Type) -> AuthDecision<User>? {
            (state as? RequestAuthentication<User>)?.decision
        }

        /// The user, or the core's 401 (`WWW-Authenticate` and JSON body), which ``AuthBridgeMiddleware``
        /// answers when this throws.
        public func requireUser<User: Sendable>(as type: User.Type) throws -> User {
            let state = try requireState()
            guard let typed = state as? RequestAuthentication<User> else {
                throw Abort(.internalServerError, reason: "AuthBridgeMiddleware resolves another user type")
            }
            return try typed.requireUser()
        }

        /// The decision, with the built-in ``SessionUserResolver``.
        public var decision: AuthDecision<SessionUser>? { decision(as: SessionUser.self) }

        /// The user, with the built-in ``SessionUserResolver``, when the request is authenticated.
        public var user: SessionUser? { isAuthenticated ? decision?.user : nil }

        /// The user, with the built-in ``SessionUserResolver``, or the core's 401.
        public func requireUser() throws -> SessionUser { try requireUser(as: SessionUser.self) }

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
            try await requireState().login(user, fields: fields, allowingCrossSite: allowingCrossSite)
        }

        /// Ends the session the request presented on the server; the middleware expires the cookie.
        public func logout() async throws {
            try await requireState().logout()
        }
    }
}
