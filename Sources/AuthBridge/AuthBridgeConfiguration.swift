/// Everything the decision needs besides the store and the user mapping.
public struct AuthBridgeConfiguration: Sendable {
    /// Bearer-token verification and issuance; `nil` for session-only servers.
    public var jwt: JWTSettings?
    /// Session cookie and lifetimes.
    public var sessions: SessionSettings
    /// The JWT migration policy.
    public var policy: JWTPolicy
    /// CSRF protection for cookie-authenticated requests.
    public var csrf: CSRFSettings

    /// Creates a configuration with the documented defaults.
    public init(
        jwt: JWTSettings? = nil,
        sessions: SessionSettings = SessionSettings(),
        policy: JWTPolicy = JWTPolicy(),
        csrf: CSRFSettings = CSRFSettings()
    ) {
        self.jwt = jwt
        self.sessions = sessions
        self.policy = policy
        self.csrf = csrf
    }
}
