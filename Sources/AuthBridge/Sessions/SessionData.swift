/// The user put on a session at login or signup.
public struct SessionUser: Sendable, Hashable, Codable {
    /// The application's user id.
    public var id: String
    /// The user's email, if known.
    public var email: String?
    /// The user's display name, if known.
    public var name: String?
    /// The user's roles.
    public var roles: [String]

    /// Creates a session user.
    public init(id: String, email: String? = nil, name: String? = nil, roles: [String] = []) {
        self.id = id
        self.email = email
        self.name = name
        self.roles = roles
    }
}

/// What a session holds: the user and application fields, stored as JSON.
public struct SessionData: Sendable, Hashable, Codable {
    /// The signed-in user.
    public var user: SessionUser
    /// Application fields.
    public var fields: [String: JSONValue]

    /// Creates session data.
    public init(user: SessionUser, fields: [String: JSONValue] = [:]) {
        self.user = user
        self.fields = fields
    }
}
