import AuthBridge
import AuthBridgeVapor
import Testing
import Vapor

/// The test app on Vapor.
struct VaporTestServer: TestServer {
    func run(
        _ authenticator: AuthBridge.Authenticator<SessionUserResolver>, logger: Logger,
        _ body: (Int) async throws -> Void
    ) async throws {
        try await Self.serve({ app in Self.routes(app, authenticator) }, logger: logger, body)
    }

    /// The test app's routes.
    static func routes(_ app: Application, _ authenticator: AuthBridge.Authenticator<SessionUserResolver>) {
        app.middleware.use(AuthBridgeMiddleware(authenticator))
        app.get("public") { req in Self.json(TestApp.identity(user: req.authBridge.userID, path: req.authBridge.path)) }
        for method in [HTTPMethod.GET, .POST] {
            app.on(method, "api", "me") { req in
                Self.json(TestApp.identity(user: try req.authBridge.requireUser().id, path: req.authBridge.path))
            }
        }
        app.grouped(RequireAuthenticationMiddleware()).get("users", ":id") { req in
            Self.json(TestApp.identity(user: req.authBridge.user?.id, path: req.authBridge.path))
        }
        app.post("login", ":name") { req in
            let name = try req.parameters.require("name")
            return Self.json(TestApp.login(user: name, result: try await req.authBridge.login(SessionUser(id: name))))
        }
        app.post("login", ":name", "fail") { req -> Response in
            _ = try await req.authBridge.login(SessionUser(id: try req.parameters.require("name")))
            throw Abort(.conflict)
        }
        app.post("logout") { req in
            try await req.authBridge.logout()
            return Response(status: .noContent)
        }
    }

    /// Runs a Vapor app set up by `configure` on 127.0.0.1 and an ephemeral port while `body` runs.
    static func serve(
        _ configure: (Application) async throws -> Void, logger: Logger? = nil, _ body: (Int) async throws -> Void
    ) async throws {
        let app = try await Application.make(.testing)
        if let logger { app.logger = logger } else { app.logger.logLevel = .error }
        try await configure(app)
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        do {
            try await body(try #require(app.http.server.shared.localAddress?.port))
        } catch {
            await app.server.shutdown()
            try await app.asyncShutdown()
            throw error
        }
        await app.server.shutdown()
        try await app.asyncShutdown()
    }

    private static func json(_ text: String) -> Response {
        Response(status: .ok, headers: ["Content-Type": TestApp.contentType], body: .init(string: text))
    }
}
