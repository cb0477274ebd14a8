import AuthBridge
import AuthBridgeHummingbird
import Hummingbird
import Logging

/// The bench route on Hummingbird.
enum HummingbirdBench {
    struct Context: AuthBridgeRequestContext {
        var coreContext: CoreRequestContextStorage
        var authBridge = AuthBridgeContext<SessionUser>()
        init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }
    }

    static func serve(
        _ authenticator: Authenticator<SessionUserResolver>, authenticated: Bool, mode: String, port: Int
    ) async throws {
        let router = Router(context: Context.self)
        if mode == "hop" {
            router.add(middleware: EmptyMiddleware())
            router.get("r") { _, _ in "ok" }
        } else if authenticated {
            router.add(middleware: AuthBridgeMiddleware(authenticator))
            router.get("r") { _, context in try context.authBridge.requireUser().id }
        } else {
            router.get("r") { _, _ in "ok" }
        }
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
        try await app.runService()
    }
}

/// A middleware that does nothing: mode `hop` measures what any middleware layer costs on Hummingbird.
struct EmptyMiddleware<Context: RequestContext>: RouterMiddleware {
    @concurrent
    func handle(
        _ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response
    ) async throws -> Response {
        try await next(request, context)
    }
}
