import Hummingbird
import HummingbirdAuth
import JWTKit
import Logging
import ServiceLifecycle

/// The stock equivalents on Hummingbird: hummingbird-auth's `SessionMiddleware` and `SessionAuthenticator` over
/// `MemoryPersistDriver`, and an authenticator calling jwt-kit's `JWTKeyCollection.verify` (as hummingbird's
/// auth-jwt example does; there is no stock JWT package for Hummingbird).
enum StockHummingbird {
    static func serve(mode: String, port: Int) async throws {
        if mode == "stock-session" {
            let persist = MemoryPersistDriver()
            let router = Router(context: BasicSessionRequestContext<String, String>.self)
            router.add(middleware: SessionMiddleware(storage: persist))
            router.add(middleware: SessionAuthenticator(context: BasicSessionRequestContext<String, String>.self) {
                (user: String, _) in user
            })
            router.post("login") { _, context in
                context.sessions.createSession("bench-user")
                return "ok"
            }
            router.get("r") { _, context in try context.requireIdentity() }
            try await run(router, port: port, services: [persist])
        } else {
            let keys = JWTKeyCollection()
            try await StockJWT.addKey(for: mode, to: keys)
            let router = Router(context: BasicAuthRequestContext<String>.self)
            router.add(middleware: JWTAuthenticator(keys: keys))
            router.get("r") { _, context in try context.requireIdentity() }
            try await run(router, port: port, services: [])
        }
    }

    static func run<Context: RequestContext>(_ router: Router<Context>, port: Int, services: [any Service]) async throws
    where Context.Source == ApplicationRequestContextSource {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let configuration = ApplicationConfiguration(address: .hostname("127.0.0.1", port: port))
        let app = Application(router: router, configuration: configuration, services: services, logger: logger)
        try await app.runService()
    }

    /// Verifies the bearer JWT with jwt-kit on every request and makes its `sub` the identity.
    struct JWTAuthenticator: AuthenticatorMiddleware {
        typealias Context = BasicAuthRequestContext<String>
        let keys: JWTKeyCollection

        func authenticate(request: Request, context: Context) async throws -> String? {
            guard let token = request.headers.bearer?.token else { return nil }
            do {
                return try await keys.verify(token, as: StockJWT.Claims.self).sub.value
            } catch {
                throw HTTPError(.unauthorized)
            }
        }
    }
}
