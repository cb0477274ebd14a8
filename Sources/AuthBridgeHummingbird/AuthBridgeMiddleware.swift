public import AuthBridge
public import Hummingbird

/// Decides every request with an AuthBridge ``AuthBridge/Authenticator`` before the route runs.
///
/// A refused request (credential mismatch 401, cross-site 403, store unavailable 503) stops here with the
/// core's JSON body. Otherwise the decision goes on the context (`context.authBridge`) and the route runs;
/// the response gets the decision's headers (`Vary`, deprecation, upgrade and login/logout `Set-Cookie`).
/// Handlers that throw the core's ``AuthErrorResponse`` (``AuthBridgeContext/requireUser()``) get its 401;
/// other `HTTPResponseError`s are rendered here as the router would, so they get the headers too.
/// Add it before the routes (router middleware applies to routes added after it), so the route template is
/// known.
///
/// ```swift
/// let router = Router(context: AppContext.self)
/// router.add(middleware: AuthBridgeMiddleware(authenticator))
/// router.get("me") { _, context in try context.authBridge.requireUser().id }
/// ```
public struct AuthBridgeMiddleware<Resolver: UserResolver, Context: AuthBridgeRequestContext>: RouterMiddleware
where Context.User == Resolver.User {
    /// The authenticator that decides.
    public let authenticator: Authenticator<Resolver>
    /// The decision as a function formed once: `handle` runs unspecialized (Hummingbird calls it through the
    /// generic protocol), and this keeps the per-request type lookups out of it.
    private let decide: @Sendable (consuming AuthRequest) -> StartedAuthentication<Resolver.User>

    /// Creates the middleware.
    public init(_ authenticator: Authenticator<Resolver>, context: Context.Type = Context.self) {
        self.authenticator = authenticator
        self.decide = RequestAuthentication.decider(for: authenticator)
    }

    @concurrent
    public func handle(
        _ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        let auth =
            switch decide(AuthRequest.reading(request, endpointPath: context.endpointPath)) {
            case .decided(let auth): auth
            case .pending(let finish): await finish()
            }
        var response: Response
        if let refusal = auth.refusalResponse {
            response = Response(refusal)
        } else {
            var context = context
            context.authBridge.authentication = auth
            do {
                response = try await next(request, context)
            } catch let error as AuthErrorResponse {
                response = Response(error)
            } catch let error as any HTTPResponseError {
                // What the router would answer anyway, now with the decision's headers too.
                response = try error.response(from: request, context: context)
            }
        }
        response.headers.append(auth.responseHeaders)
        return response
    }
}
