import AuthBridge
import AuthBridgeVapor
import Foundation
import NIOEmbedded
import Synchronization
import Vapor

/// Vapor rows: `AuthBridgeMiddleware.respond` in front of the route, on an embedded event loop run to the
/// response after each request (the middleware continues on a later turn of the loop). The loop lives on a
/// thread of its own: an embedded loop must stay on the thread that made it.
final class VaporAdapterBench: AdapterBench {
    let fixture: BenchFixture
    let app: Application

    init(_ fixture: BenchFixture) async throws {
        self.fixture = fixture
        app = try await Application.make(.testing)
    }

    struct Route: Responder {
        let authenticated: Bool
        func respond(to request: Request) -> EventLoopFuture<Response> {
            do {
                let body = authenticated ? try request.authBridge.requireUser().id : "ok"
                return request.eventLoop.makeSucceededFuture(Response(status: .ok, body: .init(string: body)))
            } catch {
                return request.eventLoop.makeFailedFuture(error)
            }
        }
    }

    func measure(_ benchCase: BenchCase, iterations: Int) async throws -> Double {
        var headers = HTTPHeaders([("Host", "127.0.0.1")])
        if let header = fixture.header(for: benchCase) { headers.add(name: header.name, value: header.value) }
        let route = Route(authenticated: benchCase != .bare)
        // What the router sets before the middleware runs: the adapter reads the route template from it.
        let matched = Vapor.Route(method: .GET, path: ["r"], responder: route, requestType: Request.self, responseType: Response.self)
        let middleware = AuthBridgeMiddleware(fixture.authenticator(for: benchCase))
        let (app, finalHeaders) = (app, headers)
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let loop = EmbeddedEventLoop()
                let status = Mutex<HTTPResponseStatus?>(nil)
                let best = bestOfThree(iterations: iterations) {
                    let request = Request(application: app, method: .GET, url: "/r", headersNoUpdate: finalHeaders, on: loop)
                    request.route = matched
                    let response =
                        benchCase == .bare ? route.respond(to: request) : middleware.respond(to: request, chainingTo: route)
                    loop.run()
                    status.withLock { $0 = nil }
                    response.whenSuccess { response in status.withLock { $0 = response.status } }
                    precondition(status.withLock { $0 } == .ok)
                }
                try? loop.syncShutdownGracefully()
                continuation.resume(returning: best)
            }
        }
    }

    func shutdown() async throws {
        try await app.asyncShutdown()
    }
}
