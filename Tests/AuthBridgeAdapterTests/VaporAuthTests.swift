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

    /// A resolver whose user type is an existential: the conformance cannot be known from the type, so each user
    /// is checked as it comes.
    @Test func anExistentialUserTypeStillReachesVaporsAuth() async throws {
        let setup = Setup(.vapor)
        let issuing = try await setup.authenticator()
        let resolver = ClosureUserResolver<any StaffMember>(
            forToken: { claims in claims.subject.map { Staff(id: $0) } }, forSession: { Staff(id: $0.user.id) },
            id: { $0.id }, sessionUser: { SessionUser(id: $0.id) })
        let authenticator = Authenticator(configuration: issuing.configuration, store: issuing.store, resolver: resolver)
        try await VaporTestServer.serve({ app in
            app.middleware.use(AuthBridgeMiddleware(authenticator))
            app.get("staff") { req in try req.auth.require(Staff.self).id }
        }) { port in
            let client = TestClient(port: port, authenticator: issuing)
            let allowed = try await client.request("/staff", bearer: try await client.jwt("bob"))
            #expect(allowed.status == 200)
            #expect(allowed.body == "bob")
        }
    }
}

protocol StaffMember: Sendable {
    var id: String { get }
}

struct Staff: StaffMember, Authenticatable {
    let id: String
}
