public import HTTPTypes
public import Hummingbird

/// An error the demo's routes answer with, in the core's JSON shape `{"error":"<code>","reason":"..."}`.
public struct DemoError: HTTPResponseError, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// The stable machine-readable code.
    public let code: String
    /// A short explanation, safe to show; never holds an email, a password or a credential.
    public let reason: String

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, code: String, reason: String) {
        self.status = status
        self.code = code
        self.reason = reason
    }

    public var description: String { "HTTP \(status.code) \(code)" }

    /// The body is not a JSON object with string members `email` and `password`.
    public static let malformedBody = DemoError(
        .badRequest, code: "malformed_body",
        reason: "the body must be a JSON object {\"email\": ..., \"password\": ...}")
    /// The body is larger than the demo reads.
    public static let bodyTooLarge = DemoError(
        .contentTooLarge, code: "body_too_large", reason: "the body is larger than 16 KiB")
    /// The email is not an address.
    public static let invalidEmail = DemoError(
        .unprocessableContent, code: "invalid_email",
        reason: "the email must look like name@domain, at most 254 characters")
    /// The password is too short, too long for bcrypt, or holds a NUL.
    public static let invalidPassword = DemoError(
        .unprocessableContent, code: "invalid_password",
        reason: "the password must have 8 to 72 bytes (UTF-8) and no NUL character")
    /// Another user has the email.
    public static let emailTaken = DemoError(
        .conflict, code: "email_taken", reason: "an account with this email exists")
    /// Unknown email or wrong password; which one is not said.
    public static let invalidCredentials = DemoError(
        .unauthorized, code: "invalid_credentials", reason: "the email or the password is wrong")
    /// The users table could not answer.
    public static let usersUnavailable = DemoError(
        .serviceUnavailable, code: "users_unavailable", reason: "the users table is unavailable")

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = Response.json(ErrorBody(error: code, reason: reason), status: status)
        if status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }

    private struct ErrorBody: Encodable {
        var error: String
        var reason: String
    }
}
