import Foundation
import Hummingbird
import NIOCore

/// The body of `POST /api/signup` and `POST /api/login`: `{"email": "...", "password": "..."}`.
struct Credentials: Decodable, Sendable {
    var email: String
    var password: String

    /// The most body read.
    static let maximumBodyBytes = 16 * 1024

    /// Reads and decodes the body: 413 past the limit, 400 unless a JSON object with string `email` and
    /// `password`.
    static func read(from request: Request) async throws(DemoError) -> Credentials {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maximumBodyBytes)
        } catch is NIOTooManyBytesError {
            throw .bodyTooLarge
        } catch {
            throw .malformedBody
        }
        do {
            var credentials = try JSONDecoder().decode(Credentials.self, from: Data(body.readableBytesView))
            credentials.email = credentials.email.trimmingCharacters(in: .whitespaces).lowercased()
            return credentials
        } catch {
            throw .malformedBody
        }
    }

    /// Whether the email looks like an address: one `@` between non-empty parts, no spaces or controls.
    var hasValidEmail: Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        let blank = email.unicodeScalars.contains {
            $0.properties.isWhitespace || $0.properties.generalCategory == .control
        }
        return email.count <= 254 && parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && !blank
    }

    /// Whether bcrypt takes the password whole: 8 to 72 UTF-8 bytes and no NUL (bcrypt stops at a NUL and
    /// ignores what follows byte 72).
    var hasValidPassword: Bool {
        (8...72).contains(password.utf8.count) && !password.utf8.contains(0)
    }
}
