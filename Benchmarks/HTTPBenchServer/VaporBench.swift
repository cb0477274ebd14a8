import AuthBridge
import AuthBridgeVapor
import Vapor

/// The bench route on Vapor.
enum VaporBench {
    static func serve(
        _ authenticator: AuthBridge.Authenticator<SessionUserResolver>, authenticated: Bool, mode: String, port: Int
    ) async throws {
        let app = try await Application.make(Environment(name: "production", arguments: ["bench"]))
        app.logger.logLevel = .error
        if mode == "hop" {
            app.middleware.use(EmptyAsyncMiddleware())
            app.get("r") { _ in "ok" }
        } else if authenticated {
            app.middleware.use(AuthBridgeMiddleware(authenticator))
            app.get("r") { req in try req.authBridge.requireUser().id }
        } else {
            app.get("r") { _ in "ok" }
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: port))
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}

/// An `AsyncMiddleware` that does nothing: mode `hop` measures what any async middleware costs on Vapor.
struct EmptyAsyncMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await next.respond(to: request)
    }
}
