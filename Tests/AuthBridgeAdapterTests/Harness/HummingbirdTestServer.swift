import AuthBridge
import AuthBridgeHummingbird
import Hummingbird
import Logging
import ServiceLifecycle

/// The test app's request context.
struct TestContext: AuthBridgeRequestContext {
    var coreContext: CoreRequestContextStorage
    var authBridge = AuthBridgeContext<SessionUser>()
    init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }
}

/// The test app on Hummingbird.
struct HummingbirdTestServer: TestServer {
    func run(
        _ authenticator: AuthBridge.Authenticator<SessionUserResolver>, logger: Logger,
        _ body: (Int) async throws -> Void
    ) async throws {
        try await Self.serve(Self.routes(authenticator), logger: logger, body)
    }

    /// The test app's routes.
    static func routes(_ authenticator: AuthBridge.Authenticator<SessionUserResolver>) -> Router<TestContext> {
        let router = Router(context: TestContext.self)
        router.add(middleware: AuthBridgeMiddleware(authenticator))
        router.get("public") { _, context in
            Self.json(TestApp.identity(user: context.authBridge.user?.id, path: context.authBridge.path))
        }
        for method in [HTTPRequest.Method.get, .post] {
            router.on("api/me", method: method) { _, context in
                Self.json(
                    TestApp.identity(user: try context.authBridge.requireUser().id, path: context.authBridge.path))
            }
        }
        router.group("users").add(middleware: RequireAuthenticationMiddleware()).get(":id") { _, context in
            Self.json(TestApp.identity(user: context.authBridge.user?.id, path: context.authBridge.path))
        }
        router.post("login/:name") { _, context in
            let name = try context.parameters.require("name")
            return Self.json(
                TestApp.login(user: name, result: try await context.authBridge.login(SessionUser(id: name))))
        }
        router.post("login/:name/fail") { _, context -> Response in
            _ = try await context.authBridge.login(SessionUser(id: try context.parameters.require("name")))
            throw HTTPError(.conflict)
        }
        router.post("logout") { _, context in
            try await context.authBridge.logout()
            return Response(status: .noContent)
        }
        return router
    }

    /// Runs a Hummingbird app on `router`, on 127.0.0.1 and an ephemeral port, while `body` runs.
    static func serve<Context: RequestContext>(
        _ router: Router<Context>, logger: Logger? = nil, _ body: (Int) async throws -> Void
    ) async throws where Context.Source == ApplicationRequestContextSource {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let logger = logger ?? {
            var quiet = Logger(label: "hummingbird-test")
            quiet.logLevel = .error
            return quiet
        }()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { portContinuation.yield($0.localAddress?.port ?? 0) },
            logger: logger
        )
        let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { portContinuation.finish() }
                try await services.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                // The server stopped before it listened: its error fails the test (a group drops the errors of
                // children nobody waits for).
                try await group.waitForAll()
                throw TestFailure("the Hummingbird test server did not start")
            }
            let result: Result<Void, any Error>
            do { result = .success(try await body(port)) } catch { result = .failure(error) }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            try result.get()
        }
    }

    private static func json(_ text: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: TestApp.contentType], body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}
