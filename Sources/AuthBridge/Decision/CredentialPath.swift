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

extension CredentialPath {
    /// The path of a request that presents (or attempts) these credentials.
    public init(session: Bool, jwt: Bool) {
        self =
            switch (session, jwt) {
            case (true, true): .both
            case (true, false): .session
            case (false, true): .jwt
            case (false, false): .none
            }
    }
}
