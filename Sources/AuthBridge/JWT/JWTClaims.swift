public import Foundation

/// The claims of a verified JWT, with the registered ones checked and typed.
public struct JWTClaims: Sendable, Hashable {
    /// `sub`: the user the token names.
    public var subject: String?
    /// `iss`, when present.
    public var issuer: String?
    /// `aud`, as a list (a single string becomes one element).
    public var audience: [String]
    /// `exp`, when present.
    public var expiresAt: Date?
    /// `nbf`, when present.
    public var notBefore: Date?
    /// `iat`, when present.
    public var issuedAt: Date?
    /// The calling client: `azp`, else `client_id`, when present.
    public var clientID: String?
    /// Every claim as parsed, for application-specific ones (`email`, `roles`).
    public var all: [String: JSONValue]

    /// Creates claims; the verifier makes these from a token.
    public init(
        subject: String?,
        issuer: String? = nil,
        audience: [String] = [],
        expiresAt: Date? = nil,
        notBefore: Date? = nil,
        issuedAt: Date? = nil,
        clientID: String? = nil,
        all: [String: JSONValue] = [:]
    ) {
        self.subject = subject
        self.issuer = issuer
        self.audience = audience
        self.expiresAt = expiresAt
        self.notBefore = notBefore
        self.issuedAt = issuedAt
        self.clientID = clientID
        self.all = all
    }

    /// A string claim by name.
    public subscript(string name: String) -> String? { all[name]?.stringValue }
}
