import AuthBridge
import AuthBridgeTesting
import Foundation
import Testing

/// What adapters take from the core: error responses and the per-request login/logout headers.
struct RequestAuthenticationTests {
    let store = MemorySessionStore()

    func authenticator(policy: JWTPolicy = JWTPolicy()) async throws -> Authenticator<SessionUserResolver> {
        let keys = try await JWTKeySet.load([.hmac(secret: Fixtures.hmacSecret)])
        return Authenticator(
            configuration: AuthBridgeConfiguration(jwt: JWTSettings(keys: keys), policy: policy),
            store: store, resolver: SessionUserResolver()
        )
    }

    @Test func theErrorBodyIsJSONWhateverTheExplanation() throws {
        let explanation = "say \"hi\"\n\\ \u{1} é 'Bearer <token>'"
        let response = AuthErrorResponse(
            reason: RefusalReason(code: "odd", explanation: explanation), challenge: "Bearer")
        let object = try #require(JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [String: String])
        #expect(object == ["error": "odd", "reason": explanation])
        #expect(response.status == 401)
        #expect(response.headers.contains(HTTPHeaderField("WWW-Authenticate", "Bearer")))
        #expect(response.headers.contains(HTTPHeaderField("Content-Type", "application/json; charset=utf-8")))
    }

    @Test(arguments: [
        (RefusalReason.credentialMismatch, 401, true), (.crossSiteRequest, 403, false), (.storeUnavailable, 503, false),
    ])
    func statusAndChallengeFollowTheReason(reason: RefusalReason, status: Int, challenged: Bool) {
        let response = AuthErrorResponse(reason: reason, challenge: "Bearer error=\"invalid_token\"")
        #expect(response.status == status)
        #expect(response.headers.contains { $0.name == "WWW-Authenticate" } == challenged)
        #expect(response.code == reason.code)
    }

    @Test func anonymousAndInvalidRequestsAreNotRefusedButCannotPassARequirement() async throws {
        let auth = try await authenticator()
        let anonymous = await RequestAuthentication(deciding: AuthRequest(method: "GET", route: "/"), with: auth)
        #expect(anonymous.decision.refusalResponse == nil)
        #expect(throws: AuthErrorResponse.self) { try anonymous.requireUser() }
        #expect(anonymous.decision.unauthenticatedResponse?.code == "authentication_required")

        let invalid = await RequestAuthentication(
            deciding: AuthRequest(method: "GET", route: "/", authorization: ["Bearer a.b.c"]), with: auth
        )
        #expect(invalid.decision.refusalResponse == nil)
        #expect(invalid.decision.unauthenticatedResponse?.status == 401)
        #expect(invalid.decision.unauthenticatedResponse?.code != "authentication_required")
    }

    @Test func loginsCookieReplacesAnUpgradeCookie() async throws {
        let auth = try await authenticator(policy: JWTPolicy(upgrade: true))
        let token = try #require(try await auth.issueToken(for: SessionUser(id: "alice")))
        let request = AuthRequest(method: "POST", route: "/login", authorization: ["Bearer \(token)"])
        let handled = await RequestAuthentication(deciding: request, with: auth)
        #expect(handled.responseHeaders.filter { $0.name == "Set-Cookie" }.count == 1)
        let result = try await handled.login(SessionUser(id: "alice"))
        let cookies = handled.responseHeaders.filter { $0.name == "Set-Cookie" }
        #expect(cookies.map(\.value) == [auth.configuration.sessions.setCookie(result.sessionToken)])
        #expect(handled.responseHeaders.contains(HTTPHeaderField("Vary", "Origin, Sec-Fetch-Site")))
    }

    @Test func loginAndLogoutFailClosedWhenTheStoreIsDown() async throws {
        let auth = try await authenticator()
        let session = try await auth.login(SessionUser(id: "alice"), request: AuthRequest(method: "POST", route: "/"))
        let cookie = "\(auth.configuration.sessions.effectiveCookieName)=\(session.sessionToken.value)"
        let request = AuthRequest(method: "POST", route: "/logout", cookies: [cookie], host: "h", scheme: "https")
        let handled = await RequestAuthentication(deciding: request, with: auth)
        #expect(handled.user?.id == "alice")
        await store.setDown(true)
        let unavailable = AuthErrorResponse(reason: .storeUnavailable, challenge: "Bearer")
        await #expect(throws: unavailable) { try await handled.login(SessionUser(id: "alice")) }
        await #expect(throws: unavailable) { try await handled.logout() }
        #expect(!handled.responseHeaders.contains { $0.name == "Set-Cookie" })
        // A store that answers but cannot serve (a revoked grant, a row it cannot read) fails closed the same way.
        for code in [SessionStoreError.Code.invalidConfiguration, .invalidData, .incompatibleSchema] {
            await store.setFailure(code)
            await #expect(throws: unavailable, "\(code)") { try await handled.login(SessionUser(id: "alice")) }
            await #expect(throws: unavailable, "\(code)") { try await handled.logout() }
        }
        #expect(!handled.responseHeaders.contains { $0.name == "Set-Cookie" })
    }
}
