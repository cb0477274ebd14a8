public import AuthBridge

/// Maps credentials to the demo's users: a JWT's `sub` and a session's user id are looked up in the users
/// table, so a credential for a user who is not there fails with `unknown_user`.
public struct DemoUserResolver: UserResolver {
    /// The users table.
    public let users: UserDirectory

    /// Creates the resolver.
    public init(users: UserDirectory) {
        self.users = users
    }

    public func user(forToken claims: JWTClaims) async throws -> DemoUser? {
        guard let subject = claims.subject else { return nil }
        return try await users.user(id: subject)
    }

    public func user(forSession data: SessionData) async throws -> DemoUser? {
        try await users.user(id: data.user.id)
    }

    public func userID(of user: DemoUser) -> String { user.id }

    public func sessionUser(for user: DemoUser) -> SessionUser { SessionUser(id: user.id, email: user.email) }
}
