/// Which credential a request was decided on.
public enum CredentialPath: String, Sendable, Hashable, CaseIterable, Codable {
    /// A session cookie alone.
    case session
    /// A bearer JWT alone.
    case jwt
    /// A session cookie and a bearer JWT naming the same user.
    case both
    /// No credential.
    case none
}
