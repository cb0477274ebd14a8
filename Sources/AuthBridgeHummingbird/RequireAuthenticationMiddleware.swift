import AuthBridge
public import Hummingbird

/// Lets only authenticated requests through; others get the core's 401 with `WWW-Authenticate` and the JSON
/// body. Add after ``AuthBridgeMiddleware``, e.g. on a group:
/// `router.group("api").add(middleware: RequireAuthenticationMiddleware())`.
public struct RequireAuthenticationMiddleware<Context: AuthBridgeRequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init(context: Context.Type = Context.self) {}

    @concurrent
    public func handle(
        _ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let authentication = context.authBridge.authentication else {
            throw HTTPError(.internalServerError, message: "AuthBridgeMiddleware does not run for this route")
        }
        if let response = authentication.decision.unauthenticatedResponse { return Response(response) }
        return try await next(request, context)
    }
}
