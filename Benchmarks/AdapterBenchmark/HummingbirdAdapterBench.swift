import AuthBridge
import AuthBridgeHummingbird
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded

/// Hummingbird rows: `AuthBridgeMiddleware.handle` in front of the route, as the router calls it.
struct HummingbirdAdapterBench: AdapterBench {
    struct Context: AuthBridgeRequestContext {
        var coreContext: CoreRequestContextStorage
        var authBridge = AuthBridgeContext<SessionUser>()
        init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }
    }

    let fixture: BenchFixture
    let source = ApplicationRequestContextSource(channel: EmbeddedChannel(), logger: Logger(label: "bench"))

    init(_ fixture: BenchFixture) { self.fixture = fixture }

    @concurrent
    func measure(_ benchCase: BenchCase, iterations: Int) async throws -> Double {
        var fields = HTTPFields()
        if let header = fixture.header(for: benchCase) { fields[HTTPField.Name(header.name)!] = header.value }
        let request = Request(
            head: HTTPRequest(method: .get, scheme: "http", authority: "127.0.0.1", path: "/r", headerFields: fields),
            body: RequestBody(buffer: ByteBuffer()))
        let source = source
        guard benchCase != .bare else {
            return try await bestOfThree(iterations: iterations) {
                _ = try await Self.route(request, Context(source: source), authenticated: false)
            }
        }
        let middleware = AuthBridgeMiddleware(fixture.authenticator(for: benchCase), context: Context.self)
        return try await bestOfThree(iterations: iterations) {
            let response = try await middleware.handle(request, context: Context(source: source)) { request, context in
                try await Self.route(request, context, authenticated: true)
            }
            precondition(response.status == .ok)
        }
    }

    @concurrent
    static func route(_ request: Request, _ context: Context, authenticated: Bool) async throws -> Response {
        let body = authenticated ? try context.authBridge.requireUser().id : "ok"
        return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    func shutdown() async throws {}
}
