import AuthBridge
import AuthBridgeHummingbird
import Hummingbird

/// The README's Hummingbird "Getting started", compiled and run by `GettingStartedTests`.
enum HummingbirdGettingStarted {
    // README: hummingbird begin
    struct AppContext: AuthBridgeRequestContext {
        var coreContext: CoreRequestContextStorage
        var authBridge = AuthBridgeContext<SessionUser>()
        init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }
    }
    // README: hummingbird end

    static func buildRouter(store: some SessionStore, keys: JWTKeySet) -> Router<AppContext> {
        // README: hummingbird begin
        let auth = Authenticator(
            configuration: AuthBridgeConfiguration(jwt: JWTSettings(keys: keys)), store: store,
            resolver: SessionUserResolver()
        )
        let router = Router(context: AppContext.self)
        router.add(middleware: AuthBridgeMiddleware(auth))
        router.get("me") { _, context in try context.authBridge.requireUser().id }
        router.post("login") { request, context in
            let user = try await checkPassword(request, context)  // your code: verify the password first
            return try await context.authBridge.login(SessionUser(id: user.id, email: user.email)).jwt ?? ""
        }
        router.post("logout") { _, context in
            try await context.authBridge.logout()
            return HTTPResponse.Status.noContent
        }
        // README: hummingbird end
        return router
    }

    static func checkPassword(_ request: Request, _ context: AppContext) async throws -> ExampleUser {
        try ExampleUser.verify(try await request.decode(as: ExampleUser.Credentials.self, context: context))
    }
}
