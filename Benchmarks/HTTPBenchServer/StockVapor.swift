import JWT
import Vapor

/// The stock equivalents on Vapor: `SessionsMiddleware` with the memory driver, and vapor/jwt.
enum StockVapor {
    static func serve(mode: String, port: Int) async throws {
        let app = try await Application.make(Environment(name: "production", arguments: ["bench"]))
        app.logger.logLevel = .error
        if mode == "stock-session" {
            app.sessions.use(.memory)
            app.middleware.use(app.sessions.middleware)
            app.post("login") { req in
                req.session.data["user"] = "bench-user"
                return "ok"
            }
            app.get("r") { req in
                guard let user = req.session.data["user"] else { throw Abort(.unauthorized) }
                return user
            }
        } else {
            try await StockJWT.addKey(for: mode, to: app.jwt.keys)
            app.get("r") { req in try await req.jwt.verify(as: StockJWT.Claims.self).sub.value }
        }
        try await app.server.start(address: .hostname("127.0.0.1", port: port))
        while true { try await Task.sleep(for: .seconds(3600)) }
    }
}
