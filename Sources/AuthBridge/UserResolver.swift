/// Maps credentials to the application's user: supplied by the application, so any user model fits.
public protocol UserResolver<User>: Sendable {
    /// The application's user type.
    associatedtype User: Sendable

    /// The user a verified JWT names, or `nil` when there is none (the token then fails with `unknown_user`).
    func user(forToken claims: JWTClaims) async throws -> User?

    /// The user a session holds, or `nil` when there is none any more.
    func user(forSession data: SessionData) async throws -> User?

    /// What ``user(forToken:)`` would return, when the resolver knows it without waiting; the default
    /// answers `.mustWait`. A resolver that maps claims or session data in memory answers here, so a decision
    /// need not suspend.
    func userImmediately(forToken claims: JWTClaims) -> ImmediateAnswer<User?>

    /// What ``user(forSession:)`` would return, when the resolver knows it without waiting; the default
    /// answers `.mustWait`.
    func userImmediately(forSession data: SessionData) -> ImmediateAnswer<User?>

    /// The id two credentials are compared by: a session and a JWT naming different ids are refused.
    func userID(of user: User) -> String

    /// What to put on a session created for a JWT user (upgrade).
    func sessionUser(for user: User) -> SessionUser
}

extension UserResolver {
    public func userImmediately(forToken claims: JWTClaims) -> ImmediateAnswer<User?> { .mustWait }
    public func userImmediately(forSession data: SessionData) -> ImmediateAnswer<User?> { .mustWait }
}

/// The built-in resolver: the user is the ``SessionUser`` on the session, or one made from the token's
/// `sub`, `email`, `name` and `roles` claims.
public struct SessionUserResolver: UserResolver {
    /// Creates the resolver.
    public init() {}

    public func user(forToken claims: JWTClaims) async throws -> SessionUser? { makeUser(claims) }
    public func user(forSession data: SessionData) async throws -> SessionUser? { data.user }
    public func userImmediately(forToken claims: JWTClaims) -> ImmediateAnswer<SessionUser?> { .answered(makeUser(claims)) }
    public func userImmediately(forSession data: SessionData) -> ImmediateAnswer<SessionUser?> { .answered(data.user) }
    public func userID(of user: SessionUser) -> String { user.id }
    public func sessionUser(for user: SessionUser) -> SessionUser { user }

    // One pass over the claims (a handful), comparing names: three keyed lookups each hashed their name, and this
    // runs for every token request.
    private func makeUser(_ claims: JWTClaims) -> SessionUser? {
        guard let subject = claims.subject else { return nil }
        var user = SessionUser(id: subject)
        for (name, value) in claims.all {
            switch name {
            case "email": user.email = value.stringValue
            case "name": user.name = value.stringValue
            case "roles": user.roles = value.arrayValue?.compactMap(\.stringValue) ?? []
            default: continue
            }
        }
        return user
    }
}

/// A resolver built from closures.
public struct ClosureUserResolver<User: Sendable>: UserResolver {
    private let forToken: @Sendable (JWTClaims) async throws -> User?
    private let forSession: @Sendable (SessionData) async throws -> User?
    private let id: @Sendable (User) -> String
    private let toSessionUser: @Sendable (User) -> SessionUser

    /// Creates a resolver.
    /// - Parameters:
    ///   - forToken: the user a verified token names.
    ///   - forSession: the user a session holds.
    ///   - id: the id credentials are compared by.
    ///   - sessionUser: what to put on a session created for the user.
    public init(
        forToken: @escaping @Sendable (JWTClaims) async throws -> User?,
        forSession: @escaping @Sendable (SessionData) async throws -> User?,
        id: @escaping @Sendable (User) -> String,
        sessionUser: @escaping @Sendable (User) -> SessionUser
    ) {
        self.forToken = forToken
        self.forSession = forSession
        self.id = id
        self.toSessionUser = sessionUser
    }

    public func user(forToken claims: JWTClaims) async throws -> User? { try await forToken(claims) }
    public func user(forSession data: SessionData) async throws -> User? { try await forSession(data) }
    public func userID(of user: User) -> String { id(user) }
    public func sessionUser(for user: User) -> SessionUser { toSessionUser(user) }
}
