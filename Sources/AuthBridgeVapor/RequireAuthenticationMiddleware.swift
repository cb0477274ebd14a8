public import Vapor

/// Lets only authenticated requests through; others get the core's 401 with `WWW-Authenticate` and the JSON
/// body. Install after ``AuthBridgeMiddleware``: `app.grouped(RequireAuthenticationMiddleware())`.
public struct RequireAuthenticationMiddleware: AsyncMiddleware {
    /// Creates the middleware.
    public init() {}

    public func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let state = request.storage[AuthBridgeStateKey.self] else {
            throw Abort(.internalServerError, reason: "AuthBridgeMiddleware does not run for this route")
        }
        if let response = state.unauthenticatedResponse { return Response(response) }
        return try await next.respond(to: request)
    }
}
