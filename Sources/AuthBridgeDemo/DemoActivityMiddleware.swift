import AuthBridge
import AuthBridgeHummingbird
import Hummingbird

/// Counts, from the AuthBridge decision, the sessions created by upgrade and the responses with deprecation
/// headers. Runs after `AuthBridgeMiddleware`, which put the decision on the context.
struct DemoActivityMiddleware: RouterMiddleware {
    typealias Context = DemoContext
    let activity: DemoActivity

    @concurrent
    func handle(
        _ request: Request, context: DemoContext, next: @concurrent (Request, DemoContext) async throws -> Response
    ) async throws -> Response {
        if let decision = context.authBridge.decision, decision.isAuthenticated {
            let headers = decision.responseHeaders.map(\.name)
            activity.record { counts in
                if decision.path == .jwt, headers.contains("Set-Cookie") { counts.upgradeSessions += 1 }
                if headers.contains("Deprecation") { counts.deprecatedResponses += 1 }
            }
        }
        return try await next(request, context)
    }
}
