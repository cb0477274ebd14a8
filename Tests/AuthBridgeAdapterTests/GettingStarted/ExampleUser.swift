/// The one user the getting-started examples know.
struct ExampleUser: Sendable {
    struct Credentials: Codable, Sendable {
        var email: String
        var password: String
    }

    struct WrongPassword: Error {}

    var id: String
    var email: String

    static let password = "correct horse battery staple"

    /// The application's own password check, which AuthBridge leaves to it.
    static func verify(_ credentials: Credentials) throws -> ExampleUser {
        guard credentials.email == "ada@example.com", credentials.password == password else { throw WrongPassword() }
        return ExampleUser(id: "1", email: credentials.email)
    }
}
