import AuthBridge
import Foundation

/// What the test app's routes answer, shared by every adapter's implementation.
enum TestApp {
    /// The body of `/public`, `/api/me` and `/users/:id`.
    struct Identity: Codable, Equatable {
        var user: String?
        var path: String
    }

    /// The body of `/login/:name`.
    struct Login: Codable, Equatable {
        var user: String
        var token: String?
    }

    static let contentType = "application/json"

    static func identity(user: String?, path: CredentialPath) -> String {
        encode(Identity(user: user, path: path.rawValue))
    }

    static func login(user: String, result: LoginResult) -> String {
        encode(Login(user: user, token: result.jwt))
    }

    private static func encode(_ value: some Encodable) -> String {
        String(decoding: try! JSONEncoder().encode(value), as: UTF8.self)
    }
}
