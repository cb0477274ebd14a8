/// What a login or signup produced: the new session, its cookie, and a JWT while issuance is on.
public struct LoginResult: Sendable {
    /// The new session.
    public var session: SessionRecord
    /// The token the client keeps in its cookie.
    public var sessionToken: SessionToken
    /// A JWT, while issuance is on and a signing key is configured.
    public var jwt: String?
    /// Headers to add to the response (the `Set-Cookie`).
    public var responseHeaders: [HTTPHeaderField]
}
