import AuthBridge
import AuthBridgeVapor
import Vapor

/// The README's Vapor "Getting started", compiled and run by `GettingStartedTests`.
enum VaporGettingStarted {
    static func configure(_ app: Application, store: some SessionStore, keys: JWTKeySet) {
        // README: vapor begin
        let auth = AuthBridge.Authenticator(
            configuration: AuthBridgeConfiguration(jwt: JWTSettings(keys: keys)), store: store,
            resolver: SessionUserResolver()
        )
        app.middleware.use(AuthBridgeMiddleware(auth))
        app.get("me") { req in try req.authBridge.requireUser().id }
        app.post("login") { req in
            let user = try await checkPassword(req)  // your code: verify the password first
            return try await req.authBridge.login(SessionUser(id: user.id, email: user.email)).jwt ?? ""
        }
        app.post("logout") { req in
            try await req.authBridge.logout()
            return HTTPStatus.noContent
        }
        // README: vapor end
    }

    static func checkPassword(_ req: Request) async throws -> ExampleUser {
        try ExampleUser.verify(try req.content.decode(ExampleUser.Credentials.self))
    }
}
