/// A user of the demo app, as its users table keeps it (the password hash stays in the table).
public struct DemoUser: Sendable, Hashable, Codable {
    /// The user id: the table's integer key as a string, also the issued JWT's `sub`.
    public var id: String
    /// The email the user signed up with, lower-cased.
    public var email: String

    /// Creates a user.
    public init(id: String, email: String) {
        self.id = id
        self.email = email
    }
}
