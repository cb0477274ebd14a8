/// The response an adapter sends instead of the route's: a status, headers and the small JSON body
/// `{"error":"<code>","reason":"<explanation>"}`.
///
/// Built by the core so every adapter answers byte for byte the same; adapters only copy it into their
/// framework's response and then add ``AuthDecision/responseHeaders`` as they do to every response.
/// Thrown by ``RequestAuthentication/requireUser()``; adapter middleware turns it into the response.
public struct AuthErrorResponse: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status code (401, 403 or 503).
    public var status: Int
    /// The reason's stable code, repeated as `error` in the body.
    public var code: String
    /// `Content-Type` and, on 401, `WWW-Authenticate`.
    public var headers: [HTTPHeaderField]
    /// The JSON body.
    public var body: String

    /// The body's media type.
    public static let contentType = "application/json; charset=utf-8"

    /// Creates the response for a reason: `reason.httpStatus`, and on 401 the `challenge` as `WWW-Authenticate`.
    /// - Parameters:
    ///   - reason: why the request stops.
    ///   - challenge: the `WWW-Authenticate` value sent with a 401.
    public init(reason: RefusalReason, challenge: String) {
        status = reason.httpStatus
        code = reason.code
        headers = [HTTPHeaderField("Content-Type", Self.contentType)]
        if status == 401 { headers.append(HTTPHeaderField("WWW-Authenticate", challenge)) }
        body = JSONText.object(["error": reason.code, "reason": reason.explanation])
    }

    public var description: String { "HTTP \(status) \(code)" }
}

extension AuthDecision {
    /// The response that stops a refused request (`credential_mismatch`, `cross_site_request`,
    /// `store_unavailable`, …); `nil` unless the outcome is ``Outcome/refused(_:)``.
    public var refusalResponse: AuthErrorResponse? {
        guard case .refused(let reason) = outcome else { return nil }
        return AuthErrorResponse(reason: reason, challenge: challenge)
    }

    /// What a route that requires a user answers when this request is not authenticated: the refusal, or a 401
    /// naming the failing credential's reason (``RefusalReason/authenticationRequired`` when none was sent).
    /// `nil` when the request is authenticated.
    public var unauthenticatedResponse: AuthErrorResponse? {
        switch outcome {
        case .authenticated: nil
        case .anonymous: AuthErrorResponse(reason: .authenticationRequired, challenge: challenge)
        case .invalid(let reason), .refused(let reason): AuthErrorResponse(reason: reason, challenge: challenge)
        }
    }
}
