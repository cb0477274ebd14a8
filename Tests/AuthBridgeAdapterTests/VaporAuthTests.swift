import AuthBridge
import AuthBridgeVapor
import NIOHTTP1
import Testing
import Vapor

/// Vapor only: the user also goes on Vapor's own `req.auth`, so Vapor's guards work unchanged.
@Suite struct VaporAuthTests {
    @Test func vaporsOwnAuthSeesTheUser() async throws {
        let setup = Setup(.vapor)
        let authenticator = try await setup.authenticator()
        try await VaporTestServer.serve({ app in
            app.middleware.use(AuthBridgeMiddleware(authenticator))
            app.grouped(SessionUser.guardMiddleware()).get("guarded") { req in try req.auth.require(SessionUser.self).id
            }
        }) { port in
            let client = TestClient(port: port, authenticator: authenticator)
            let token = try await client.jwt("alice")
            let allowed = try await client.request("/guarded", bearer: token)
            #expect(allowed.status == 200)
            #expect(allowed.body == "alice")
            let refused = try await client.request("/guarded")
            #expect(refused.status == 401)
        }
    }
}
