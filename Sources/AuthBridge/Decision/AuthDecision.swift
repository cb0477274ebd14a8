/// The decision for one request: which credential path applies, who the user is or why not, and what the
/// adapter must add to the response.
public struct AuthDecision<User: Sendable>: Sendable {
    /// How the request was decided.
    public enum Outcome: Sendable, Equatable {
        /// A credential authenticated the request.
        case authenticated
        /// No credential was sent.
        case anonymous
        /// Credentials were sent and none was valid: the request goes on unauthenticated, and a route that
        /// requires a user answers 401 with this reason.
        case invalid(RefusalReason)
        /// The request must stop now with ``RefusalReason/httpStatus``.
        case refused(RefusalReason)
    }

    /// The path used, or attempted when nothing authenticated.
    public var path: CredentialPath
    /// The outcome.
    public var outcome: Outcome
    /// The user, when authenticated.
    public var user: User?
    /// The user's id, when authenticated.
    public var userID: String?
    /// The session that authenticated the request, if one did.
    public var session: SessionRecord?
    /// The verified token's claims, if a valid JWT authenticated the request.
    public var claims: JWTClaims?
    /// Credentials that failed and were ignored because another one authenticated the request.
    public var ignored: [RefusalReason]
    /// In dry-run, the refusal the policy would have applied to the JWT.
    public var wouldRefuse: RefusalReason?
    /// Headers the adapter must add to the response (`Set-Cookie`, `Deprecation`, `Sunset`, `Link`, `Vary`).
    public var responseHeaders: [HTTPHeaderField]

    /// Whether a credential authenticated the request.
    public var isAuthenticated: Bool { outcome == .authenticated }

    /// The reason for an `invalid` or `refused` outcome.
    public var reason: RefusalReason? {
        switch outcome {
        case .invalid(let reason), .refused(let reason): reason
        case .authenticated, .anonymous: nil
        }
    }

    /// The `WWW-Authenticate` value for a 401 on this request (RFC 6750 §3).
    public var challenge: String {
        guard let reason else { return "Bearer" }
        return "Bearer error=\"invalid_token\", error_description=\"\(reason.explanation)\""
    }
}
